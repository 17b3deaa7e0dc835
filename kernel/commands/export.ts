/** `gradlab export`: executed notebooks to a static lecture site. */
import * as path from "path";
import type { Command } from "../cli";
import { exportSite } from "../export/site";

const USAGE = `gradlab export [paths...] --out DIR [--title TEXT]

Turns notebooks (files, or folders searched recursively; usually the executed copies that
'gradlab run' wrote) into a static site: DIR/index.html lists every notebook with its English
and Chinese titles, and each notebook gets a page with its markdown, highlighted code and
outputs (math, interactive plots, SVG graphs, tensor tables). The site works offline from
file:// and prints as a handout.

Options:
  --out DIR       the site folder (default: site/)
  --title TEXT    the index page's title (default: "gradlab notebooks")

Exit code: 0 when every notebook was exported, 1 when one could not be read, 2 for a usage error.`;

export const command: Command = {
  summary: "export notebooks as a static site that works offline",
  usage: USAGE,
  async run(args) {
    const paths: string[] = [];
    let outDir = "site";
    let title: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      const value = () => {
        const v = inline ?? args[++i];
        if (v === undefined) throw new Error(`${flag} needs a value`);
        return v;
      };
      try {
        if (flag === "--out") outDir = value();
        else if (flag === "--title") title = value();
        else if (a.startsWith("-")) throw new Error(`unknown option '${a}'; see 'gradlab help export'`);
        else paths.push(a);
      } catch (e) {
        process.stderr.write(`gradlab export: ${(e as Error).message}\n`);
        return 2;
      }
    }
    if (paths.length === 0) {
      process.stderr.write("gradlab export: no notebooks given; pass files or folders, e.g. gradlab export out/ --out site/\n");
      return 2;
    }
    const result = exportSite(paths, { outDir, title });
    for (const s of result.skipped) process.stderr.write(`gradlab export: skipped ${s.file}: ${s.reason}\n`);
    if (result.pages.length === 0) {
      process.stderr.write(`gradlab export: no notebooks found in ${paths.join(", ")}\n`);
      return 1;
    }
    const failed = result.pages.filter((p) => p.status && p.status !== "passed").length;
    process.stdout.write(`exported ${result.pages.length} notebooks${failed ? ` (${failed} did not run to the end)` : ""} to ${path.relative(process.cwd(), path.dirname(result.index)) || "."}/\n`);
    process.stdout.write(`open ${path.resolve(result.index)}\n`);
    return result.skipped.length ? 1 : 0;
  },
};
