/**
 * Build the kernel's V8 startup snapshot (`node --build-snapshot`): tslab's TypeScript
 * evaluated, and the typings every cell is checked against (lib.es2022 and @types/node,
 * 2.5 MB of declarations, and gradlab's own) parsed and bound with tslab's own compiler options. A kernel
 * started from it (kernel/launcher/snapshot.ts) reaches its first cell in about a third of
 * the time. `gradlab install-kernel` builds it next to the launcher, once per Node version
 * and set of inputs (in dist/snapshot/); the kernelspec falls back to a plain start whenever it is missing or
 * was made by another Node binary.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PARSE_CALL, HOOKED_CALL } from "../launcher/snapshot";
import { tslabTypeScriptPath } from "../launcher/tslab";
import { captureCompilerOptions, nodeTypesRoot } from "../launcher/typescript";

export interface SnapshotFiles {
  blob: string;
  meta: string;
}

/** The snapshot's files for this Node (one blob per Node version beside the launcher). */
export function snapshotFiles(root: string, node = process.version): SnapshotFiles {
  const dir = path.join(root, "dist", "snapshot");
  return { blob: path.join(dir, `kernel-${node}.blob`), meta: path.join(dir, `kernel-${node}.json`) };
}

/** `size:mtime-seconds` of a file, as `stat -Lc %s:%Y` prints it (the kernelspec's check). */
export function fileSignature(file: string): string {
  const st = fs.statSync(file);
  return `${st.size}:${Math.floor(st.mtimeMs / 1000)}`;
}

/** A file's content hash (typings rewritten by a build with the same text need no rebuild). */
function contentHash(file: string): string {
  return createHash("sha1").update(fs.readFileSync(file)).digest("hex");
}

/** TypeScript's source with its parse step routed through the snapshot's cache. */
export function hookedTypeScript(text: string): string {
  const at = text.indexOf(PARSE_CALL);
  if (at < 0 || text.indexOf(PARSE_CALL, at + 1) >= 0) throw new Error("snapshot: TypeScript's createGetSourceFile is not the expected 5.0 code; no snapshot");
  return text.slice(0, at) + HOOKED_CALL + text.slice(at + PARSE_CALL.length);
}

interface Inputs {
  options: Record<string, unknown>;
  libDir: string;
  typescript: { path: string; size: number; mtimeMs: number };
  node: string;
  nodeSignature: string;
}

function inputs(root: string): Inputs {
  const tsPath = tslabTypeScriptPath();
  const st = fs.statSync(tsPath);
  const typesRoot = nodeTypesRoot();
  // tslab's options with the typings it gets in a folder without its own: @types/node only
  const options: Record<string, unknown> = { ...captureCompilerOptions(root), typeRoots: [typesRoot], types: ["node"] };
  delete options.rootDir;
  delete options.outDir;
  return {
    options,
    libDir: path.dirname(tsPath),
    typescript: { path: tsPath, size: st.size, mtimeMs: st.mtimeMs },
    node: process.version,
    nodeSignature: fileSignature(process.execPath),
  };
}

// The program is built on a host of its own, on Node's fs: TypeScript's ts.sys memoizes
// the current directory on first use, and the kernel must see its own folder, not this one.
// The root imports gradlab, so its own typings (resolved as a cell resolves them) are parsed
// too. Plain JavaScript text (not a function's toString, which a loader may have rewritten).
const WARM_TYPINGS = `function (ts, cfg) {
  const fs = require("fs");
  const path = require("path");
  const t0 = Date.now();
  const rootFile = path.join(cfg.scratch, "__gradlab_snapshot__.ts");
  const read = (f) => (f === rootFile ? 'import "gradlab";\\n' : fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined);
  const host = {
    getSourceFile: (f, lv) => {
      const text = read(f);
      return text === undefined ? undefined : ts.createSourceFile(f, text, lv);
    },
    getDefaultLibLocation: () => cfg.libDir,
    getDefaultLibFileName: (o) => path.join(cfg.libDir, ts.getDefaultLibFileName(o)),
    writeFile: () => undefined,
    getCurrentDirectory: () => cfg.scratch,
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\\n",
    fileExists: (f) => f === rootFile || fs.existsSync(f),
    readFile: read,
    directoryExists: (d) => fs.existsSync(d) && fs.statSync(d).isDirectory(),
    realpath: (f) => fs.realpathSync(f),
    getDirectories: (d) => fs.readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name),
  };
  const program = ts.createProgram([rootFile], cfg.options, host);
  program.getTypeChecker(); // binds every file
  const files = new Map();
  for (const f of program.getSourceFiles()) if (f.fileName !== rootFile) files.set(f.fileName, f);
  fs.writeFileSync(path.join(cfg.scratch, "typings.json"), JSON.stringify([...files.keys()]));
  globalThis.__gradlabSnapshot = { ts, files, meta: { typescript: cfg.typescript, node: cfg.node, builtMs: Date.now() - t0 } };
}`;

/** The snapshot's entry script: TypeScript, then a program over the typings, bound. */
function entryScript(tsText: string, cfg: Inputs, scratch: string): string {
  return [
    "var module = { exports: {} }; var exports = module.exports;",
    // TypeScript's ts.sys takes its lib folder from __filename: the real file's, not this script's
    "(function (module, exports, __filename, __dirname) {",
    tsText,
    `\n})(module, module.exports, ${JSON.stringify(cfg.typescript.path)}, ${JSON.stringify(cfg.libDir)});`,
    `(${WARM_TYPINGS})(module.exports, ${JSON.stringify({ ...cfg, scratch })});`,
  ].join("\n");
}

export interface BuildResult {
  built: boolean;
  files: SnapshotFiles;
  seconds: number;
  /** How many typings the snapshot holds (their content hashes decide a rebuild). */
  typings: number;
}

/**
 * Build the snapshot unless an up-to-date one is there. Throws with the reason when it
 * cannot be built (the kernel then starts without it).
 */
export function buildSnapshot(root: string, opts: { force?: boolean } = {}): BuildResult {
  const t0 = Date.now();
  const files = snapshotFiles(root);
  const cfg = inputs(root);
  // what the blob depends on: the inputs and the code that builds it
  const key = JSON.stringify({ cfg, warm: WARM_TYPINGS, hook: HOOKED_CALL });
  if (!opts.force && fs.existsSync(files.blob)) {
    try {
      const meta = JSON.parse(fs.readFileSync(files.meta, "utf8"));
      const same = meta.key === key && (meta.typings as [string, string][]).every(([f, sig]) => fs.existsSync(f) && contentHash(f) === sig);
      if (same) return { built: false, files, seconds: 0, typings: meta.typings.length };
    } catch {
      // no or unreadable metadata: rebuild
    }
  }
  fs.mkdirSync(path.dirname(files.blob), { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-snapshot-"));
  try {
    const entry = path.join(scratch, "entry.js");
    fs.writeFileSync(entry, entryScript(hookedTypeScript(fs.readFileSync(cfg.typescript.path, "utf8")), cfg, scratch));
    const tmpBlob = `${files.blob}.${process.pid}.tmp`;
    const r = spawnSync(process.execPath, ["--snapshot-blob", tmpBlob, "--build-snapshot", entry], { encoding: "utf8" });
    const list = path.join(scratch, "typings.json");
    if (r.status !== 0 || !fs.existsSync(tmpBlob) || !fs.existsSync(list)) {
      fs.rmSync(tmpBlob, { force: true });
      throw new Error(`snapshot: node --build-snapshot failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ")}`);
    }
    // the typings the program read, with signatures: a change means a rebuild
    const typings = (JSON.parse(fs.readFileSync(list, "utf8")) as string[]).map((f) => [f, contentHash(f)]);
    fs.renameSync(tmpBlob, files.blob);
    fs.writeFileSync(files.meta, JSON.stringify({ key, typings, nodeSignature: cfg.nodeSignature }, null, 1) + "\n");
    return { built: true, files, seconds: (Date.now() - t0) / 1e3, typings: typings.length };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
