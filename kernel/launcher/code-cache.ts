/**
 * Load a big CommonJS file (tslab's 8 MB TypeScript) with a V8 code cache, so later kernel
 * starts skip compiling it (about 150 ms less per start here; Node 20 has no built-in
 * module compile cache). The cache lives in ~/.cache/gradlab (or $GRADLAB_CACHE_DIR), is
 * keyed by file size, mtime and the Node version, and is written after the kernel has
 * warmed up, so it also holds the functions compiled while the first cells ran. Any problem
 * (unwritable folder, a cache V8 rejects) only means a normal, uncached load.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import Module = require("module");

export interface CachedModule {
  exports: any;
  /** "hit", "miss" (no cache yet) or "rejected" (V8 refused the cache). */
  cache: "hit" | "miss" | "rejected" | "off";
  /** Write the cache when it was missing or rejected (call once the code has run a while). */
  save(): void;
}

function cacheDir(): string {
  return process.env.GRADLAB_CACHE_DIR || path.join(os.homedir(), ".cache", "gradlab");
}

/** Require `file` through vm.Script with a code cache; it lands in require.cache as usual. */
export function requireWithCodeCache(file: string): CachedModule {
  const M = Module as unknown as {
    wrap(src: string): string;
    _nodeModulePaths(dir: string): string[];
    new (id: string, parent?: unknown): NodeModule & { paths: string[]; filename: string; loaded: boolean };
  };
  if (require.cache[file]) return { exports: require.cache[file]!.exports, cache: "off", save() {} };
  const st = fs.statSync(file);
  const key = `${path.basename(file, ".js")}-${st.size}-${Math.round(st.mtimeMs)}-${process.version}-${process.arch}.v8cache`;
  const cacheFile = path.join(cacheDir(), key);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(M.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
  const mod = new M(file, module);
  mod.filename = file;
  mod.paths = M._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  const cache = !cachedData ? "miss" : script.cachedDataRejected ? "rejected" : "hit";
  return {
    exports: mod.exports,
    cache,
    save() {
      if (cache === "hit") return;
      try {
        fs.mkdirSync(cacheDir(), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // no cache this time; the kernel works the same
      }
    },
  };
}
