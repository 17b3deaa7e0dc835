/**
 * Make `import ... from "gradlab"` type-check in a notebook in any folder. tslab compiles
 * cells with Node10 resolution rooted at the notebook's folder, where gradlab is usually not
 * installed. Before tslab loads, the exports of its TypeScript fork are replaced by a copy
 * (the originals are non-configurable getters) whose `createWatchCompilerHost` adds:
 * - `paths` mapping `gradlab` and `gradlab/*` to this package (its package.json `types`);
 * - the real `@types` root holding @types/node: npm hoists it, and tslab's fallback
 *   (tslab/node_modules/@types) then does not exist, so even `console` would not type-check.
 */
import * as fs from "fs";
import * as path from "path";
import { tslabDir, tslabTypeScriptPath, loadTslab } from "./tslab";

/** The @types folder that holds @types/node, as seen from tslab. */
export function nodeTypesRoot(): string {
  const pkg = require.resolve("@types/node/package.json", { paths: [tslabDir(), __dirname] });
  return path.dirname(path.dirname(pkg));
}

/**
 * The compiler options tslab gets, with gradlab's additions. When the notebook's folder has
 * no @types/node of its own, gradlab's is added, and `types` lists just "node" plus the
 * notebook's own @types packages: other typings that happen to sit beside gradlab's
 * @types/node (estree, ws, ...) would only slow every cell down.
 */
export function withGradlab(options: Record<string, any>, pkgRoot: string, typesRoot: string): Record<string, any> {
  const roots: string[] = (options.typeRoots ?? []).filter((r: string) => fs.existsSync(r));
  const hasNode = roots.some((r) => fs.existsSync(path.join(r, "node", "package.json")));
  const out: Record<string, any> = { ...options, paths: { ...(options.paths ?? {}), gradlab: [pkgRoot], "gradlab/*": [`${pkgRoot}/*`] }, typeRoots: roots };
  if (!hasNode && !options.types) {
    const own = roots.flatMap((r) => typePackages(r));
    out.typeRoots = [...roots, typesRoot];
    out.types = ["node", ...own.filter((n) => n !== "node")];
  }
  return out;
}

/** The type packages in a typeRoots folder (`@types/<name>` → name). */
function typePackages(root: string): string[] {
  try {
    return fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() || d.isSymbolicLink()).map((d) => d.name).filter((n) => !n.startsWith("."));
  } catch {
    return [];
  }
}

let patched = false;
/** Set while captureCompilerOptions runs: receives the options tslab compiles cells with. */
let capture: ((options: Record<string, any>) => void) | null = null;
const CAPTURED = new Error("gradlab: compiler options captured");

/**
 * The compiler options tslab compiles cells with in the current folder (gradlab's additions
 * included), read by starting tslab's converter and stopping it before it parses anything.
 */
export function captureCompilerOptions(pkgRoot: string): Record<string, any> {
  patchTypeScript(pkgRoot);
  let options: Record<string, any> | null = null;
  capture = (o) => {
    options = { ...o };
    throw CAPTURED;
  };
  try {
    loadTslab().converter.createConverter({ isJS: false, isBrowser: false });
  } catch (e) {
    if (e !== CAPTURED) throw e;
  } finally {
    capture = null;
  }
  if (!options) throw new Error("gradlab: tslab's converter did not create a compiler host");
  return options;
}

/** Install the patch; call before anything requires tslab's converter. */
export function patchTypeScript(pkgRoot: string): void {
  if (patched) return;
  const file = tslabTypeScriptPath();
  const ts = require(file);
  const cached = require.cache[file];
  if (!cached) throw new Error(`gradlab kernel: ${file} is not in require.cache; cannot patch tslab's TypeScript`);
  const copy: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(ts)) {
    Object.defineProperty(copy, key, { enumerable: true, configurable: true, get: () => ts[key], set: (v) => (ts[key] = v) });
  }
  const typesRoot = nodeTypesRoot();
  const original = ts.createWatchCompilerHost as (...args: any[]) => unknown;
  Object.defineProperty(copy, "createWatchCompilerHost", {
    enumerable: true,
    configurable: true,
    value: (rootFiles: unknown, options: Record<string, any>, ...rest: unknown[]) => {
      const opts = withGradlab(options, pkgRoot, typesRoot);
      capture?.(opts);
      return original(rootFiles, opts, ...rest);
    },
  });
  cached.exports = copy;
  patched = true;
}
