/**
 * `gradlab export` without the command line: executed notebooks to a static site that works
 * offline from file:// (index.html, one page per notebook, assets/ with KaTeX's stylesheet and
 * fonts, one shared plotly.js, a highlight.js theme and the site's own CSS and script).
 */
import * as fs from "fs";
import * as path from "path";
import { expandNotebookPaths } from "../run/files";
import { NotebookFormatError, readNotebook, writeFileAtomic } from "../run/notebook";
import { PLOTS_JS, SITE_CSS } from "./assets";
import { IndexEntry, renderIndexPage, renderNotebookPage, runStatus } from "./page";
import { notebookTitles } from "./title";

/** Options for {@link exportSite}. */
export interface ExportOptions {
  /** The site folder (created if missing; files of earlier exports are overwritten). */
  outDir: string;
  /** Title of the index page (default "gradlab notebooks"). */
  title?: string;
}

/** What an export wrote. */
export interface ExportResult {
  index: string;
  pages: { file: string; page: string; en: string; zh: string; status: string | null }[];
  /** Notebooks that could not be read, with the reason. */
  skipped: { file: string; reason: string }[];
}

function copyAsset(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/** Copy the third-party and own assets into `outDir/assets`; plotly.js only when a page needs it. */
function writeAssets(outDir: string, plotly: boolean): void {
  const assets = path.join(outDir, "assets");
  const katexDist = path.dirname(require.resolve("katex/dist/katex.min.css"));
  copyAsset(path.join(katexDist, "katex.min.css"), path.join(assets, "katex", "katex.min.css"));
  for (const f of fs.readdirSync(path.join(katexDist, "fonts"))) copyAsset(path.join(katexDist, "fonts", f), path.join(assets, "katex", "fonts", f));
  copyAsset(require.resolve("highlight.js/styles/github.min.css"), path.join(assets, "highlight.css"));
  if (plotly) copyAsset(require.resolve("plotly.js-dist-min"), path.join(assets, "plotly.min.js"));
  writeFileAtomic(path.join(assets, "site.css"), SITE_CSS.trimStart());
  writeFileAtomic(path.join(assets, "plots.js"), PLOTS_JS);
}

/**
 * Export notebooks (files or folders) as a static site. Unreadable notebooks are skipped and
 * listed in the result; the others are still exported.
 *
 * @example
 * const site = exportSite(["out/notebooks"], { outDir: "site" });
 * site.index; // "site/index.html"
 */
export function exportSite(paths: string[], opts: ExportOptions): ExportResult {
  const outDir = path.resolve(opts.outDir);
  const siteTitle = opts.title ?? "gradlab notebooks";
  const entries = expandNotebookPaths(paths, [outDir]);
  const skipped: ExportResult["skipped"] = entries.filter((e) => e.missing).map((e) => ({ file: e.file, reason: e.missing! }));
  const used = new Set<string>();
  const pages: ExportResult["pages"] = [];
  const index: IndexEntry[] = [];
  let plotly = false;
  for (const { file, root } of entries.filter((e) => !e.missing)) {
    let nb;
    try {
      nb = readNotebook(file);
    } catch (e) {
      if (!(e instanceof NotebookFormatError)) throw e;
      skipped.push({ file, reason: e.message });
      continue;
    }
    // pages mirror the paths below each folder named on the command line
    const stem = path.relative(root, file).replace(/\.ipynb$/, "");
    let rel = stem;
    for (let n = 2; used.has(rel.toLowerCase()); n++) rel = `${stem}-${n}`;
    used.add(rel.toLowerCase());
    rel += ".html";
    const depth = rel.split(path.sep).length - 1;
    const titles = notebookTitles(nb, file);
    const page = renderNotebookPage(nb, { titles, prefix: "../".repeat(depth), source: path.basename(file), siteTitle });
    plotly ||= page.needs.plotly;
    const target = path.join(outDir, rel);
    writeFileAtomic(target, page.html);
    const status = runStatus(nb)?.status ?? null;
    pages.push({ file, page: target, en: titles.en, zh: titles.zh, status });
    index.push({ href: rel.split(path.sep).join("/"), titles, source: path.basename(file), codeCells: nb.cells.filter((c) => c.cell_type === "code").length, status });
  }
  writeAssets(outDir, plotly);
  const indexFile = path.join(outDir, "index.html");
  writeFileAtomic(indexFile, renderIndexPage(index, siteTitle));
  return { index: indexFile, pages, skipped };
}
