/**
 * The kernel side of the startup snapshot (kernel/snapshot/build.ts makes it). A kernel
 * started with `node --snapshot-blob` finds tslab's TypeScript already loaded and the
 * standard typings (lib.es2022, @types/node) parsed and bound in `globalThis.__gradlabSnapshot`.
 * Here that TypeScript becomes the module tslab requires, and the compiler is handed the
 * cached syntax trees: TypeScript reuses a bound SourceFile across programs (as its
 * LanguageService's DocumentRegistry does), so the first cell no longer parses 2.5 MB of
 * typings (about 1.5 s here). A file is reused only when its path, its text (read from disk
 * now) and its language version all match; anything else is parsed as usual.
 */
import * as fs from "fs";
import Module = require("module");

/** What the snapshot holds (set by the code build.ts generates). */
export interface SnapshotState {
  ts: any;
  files: Map<string, any>;
  meta: SnapshotMeta;
}

export interface SnapshotMeta {
  /** The TypeScript file the snapshot evaluated: its path, size and mtime. */
  typescript: { path: string; size: number; mtimeMs: number };
  node: string;
  builtMs: number;
}

/** The text in TypeScript 5.0's createGetSourceFile that build.ts routes through the hook. */
export const PARSE_CALL = "return text !== void 0 ? createSourceFile(fileName, text, languageVersionOrOptions, setParentNodes) : void 0;";
export const HOOKED_CALL =
  "return text !== void 0 ? ((globalThis.__gradlabSourceFile && globalThis.__gradlabSourceFile(fileName, text, languageVersionOrOptions)) || createSourceFile(fileName, text, languageVersionOrOptions, setParentNodes)) : void 0;";

/** The snapshot state when this process started from one. */
export function snapshotState(): SnapshotState | null {
  return ((globalThis as any).__gradlabSnapshot as SnapshotState | undefined) ?? null;
}

/**
 * Use the snapshot's TypeScript as tslab's `tsPath` module and serve cached syntax trees.
 * Returns null (and changes nothing) when there is no snapshot, or when the TypeScript file
 * on disk is not the one the snapshot was built from (a reinstall since).
 */
export function useSnapshot(tsPath: string): { files: number; hits: () => number; reason?: string } | null {
  const s = snapshotState();
  if (!s) return null;
  let st: fs.Stats;
  try {
    st = fs.statSync(tsPath);
  } catch {
    return null;
  }
  const t = s.meta.typescript;
  if (t.path !== tsPath || t.size !== st.size || Math.round(t.mtimeMs) !== Math.round(st.mtimeMs) || s.meta.node !== process.version) {
    return { files: 0, hits: () => 0, reason: `stale snapshot (built from ${t.path}, ${s.meta.node}); run \`gradlab install-kernel\` again` };
  }
  if (!require.cache[tsPath]) {
    const M = Module as unknown as new (id: string) => NodeModule & { filename: string; loaded: boolean };
    const mod = new M(tsPath);
    mod.filename = tsPath;
    mod.exports = s.ts;
    mod.loaded = true;
    require.cache[tsPath] = mod;
  }
  let hits = 0;
  (globalThis as any).__gradlabSourceFile = (fileName: string, text: string, lv: number | { languageVersion: number; impliedNodeFormat?: number }) => {
    const f = s.files.get(fileName);
    if (!f || f.text !== text) return undefined;
    const version = typeof lv === "object" ? lv.languageVersion : lv;
    const format = typeof lv === "object" ? lv.impliedNodeFormat : undefined;
    if (f.languageVersion !== version || f.impliedNodeFormat !== format) return undefined;
    hits++;
    return f;
  };
  return { files: s.files.size, hits: () => hits };
}
