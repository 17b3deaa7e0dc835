/**
 * Make `require("gradlab")` (what cells compile to) load this package from any folder, and
 * the very module instances the kernel itself uses (one display hook, one plotly state).
 * Only `gradlab` and `gradlab/...` are mapped, unlike NODE_PATH, which would expose every
 * sibling package too.
 */
import * as path from "path";
import Module = require("module");

let installed = false;

/** The file a `gradlab` request maps to, or null for other requests. */
export function gradlabTarget(request: string, pkgRoot: string): string | null {
  if (request === "gradlab") return pkgRoot;
  if (request.startsWith("gradlab/")) return path.join(pkgRoot, request.slice("gradlab/".length));
  return null;
}

/** Wrap Module._resolveFilename once. */
export function hookResolve(pkgRoot: string): void {
  if (installed) return;
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  M._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    const target = typeof request === "string" ? gradlabTarget(request, pkgRoot) : null;
    return original.call(this, target ?? request, ...rest);
  };
  installed = true;
}
