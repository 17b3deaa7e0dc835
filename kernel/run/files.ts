/** Which notebooks a run covers, and where each executed copy goes. */
import * as fs from "fs";
import * as path from "path";

/** A notebook to run: its path, or why the path cannot be used. */
export interface NotebookEntry {
  file: string;
  /** The folder named on the command line that holds the file (the file's own folder for a file). */
  root: string;
  /** Set when the path named on the command line does not exist. */
  missing?: string;
}

const SKIP_DIRS = new Set(["node_modules", ".ipynb_checkpoints", ".git"]);

/**
 * Expand files and folders into notebook paths, sorted within each folder. Folders are
 * searched recursively, skipping hidden folders, node_modules, checkpoints and `exclude`
 * (the output folder). A path that does not exist becomes an entry with `missing` set.
 */
export function expandNotebookPaths(paths: string[], exclude: string[] = []): NotebookEntry[] {
  const out: NotebookEntry[] = [];
  const seen = new Set<string>();
  const skip = new Set(exclude.map((p) => path.resolve(p)));
  const walk = (dir: string, root: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith(".") && !SKIP_DIRS.has(e.name) && !skip.has(path.resolve(p))) walk(p, root);
      } else if (e.name.endsWith(".ipynb") && !seen.has(path.resolve(p))) {
        seen.add(path.resolve(p));
        out.push({ file: p, root });
      }
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      out.push({ file: p, root: path.dirname(p), missing: `no such file or folder: ${p}` });
      continue;
    }
    if (st.isDirectory()) walk(p, p);
    else if (!seen.has(path.resolve(p))) {
      seen.add(path.resolve(p));
      out.push({ file: p, root: path.dirname(p) });
    }
  }
  return out;
}

/** The deepest folder containing every file (their common ancestor). */
export function commonFolder(files: string[]): string {
  if (files.length === 0) return process.cwd();
  const parts = files.map((f) => path.dirname(path.resolve(f)).split(path.sep));
  const first = parts[0];
  let n = first.length;
  for (const p of parts) {
    let i = 0;
    while (i < n && i < p.length && p[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}

/** Where the executed copy of `file` goes: `outDir` + its path below `base`. */
export function outputPathFor(file: string, base: string, outDir: string): string {
  return path.join(outDir, path.relative(base, path.resolve(file)));
}
