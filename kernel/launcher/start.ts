/**
 * Start the gradlab kernel: tslab's pieces, put together as tslab's own startKernel does,
 * minus its hand-off to another tslab found above the notebook's folder (this kernel always
 * runs the project's pinned tslab), plus gradlab's patches.
 */
import * as fs from "fs";
import * as path from "path";
import { patchTypeScript } from "./typescript";
import { hookResolve } from "./resolve";
import { loadTslab, ConverterSet, Converter, tslabTypeScriptPath } from "./tslab";
import { requireWithCodeCache } from "./code-cache";
import { useSnapshot } from "./snapshot";
import { Handler } from "./handler";
import { createServer } from "./server";
import { serializeSends } from "./sends";

/** The gradlab package folder (holding package.json and dist/). */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "gradlab") return dir;
    if (path.dirname(dir) === dir) throw new Error(`gradlab kernel: no gradlab package.json above ${from}`);
  }
}

/** Messages of the launcher itself go to the real stderr (the server's log), never to a cell. */
const log = ((write) => (msg: string) => write(`[gradlab kernel] ${msg}\n`))(process.stderr.write.bind(process.stderr));

export async function startKernel(connectionFile: string): Promise<void> {
  const root = packageRoot();
  const t0 = Date.now();
  // started from the snapshot (kernelspec with --snapshot-blob): TypeScript and the typings are
  // already in memory; otherwise load TypeScript with V8's code cache
  const snap = useSnapshot(tslabTypeScriptPath());
  if (snap?.reason) log(snap.reason);
  const ts = (snap && !snap.reason) || process.env.GRADLAB_NO_CODE_CACHE ? undefined : requireWithCodeCache(tslabTypeScriptPath());
  patchTypeScript(root);
  hookResolve(root);
  const tslab = loadTslab();
  const gradlabVersion = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
  const handler = new Handler(tslab, { gradlabVersion, tslabVersion: tslab.version, typescriptVersion: tslab.typescriptVersion });

  let node: Converter | undefined;
  let browser: Converter | undefined;
  const convs: ConverterSet = {
    get node() {
      return (node ??= tslab.converter.createConverter({ isJS: false, isBrowser: false }));
    },
    get browser() {
      return (browser ??= tslab.converter.createConverter({ isJS: false, isBrowser: true }));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
  const executor = tslab.executor.createExecutor(process.cwd(), convs, handler.console());
  handler.attach(executor);
  handler.installDisplayHook();

  process.on("SIGINT", () => executor.interrupt());
  process.on("uncaughtException", (err) => {
    process.stderr.write(`Uncaught exception (outside the cell's flow): ${err?.stack ?? err}\n`);
  });
  process.on("unhandledRejection", (reason) => {
    process.stderr.write(`Unhandled promise rejection: ${(reason as Error)?.stack ?? reason}\n`);
  });

  serializeSends(log);
  const server = createServer(tslab, handler, connectionFile, (m) => (process.env.GRADLAB_KERNEL_DEBUG ? log(m) : undefined));
  await server.init();
  // Warm the compiler now that the sockets answer (it takes one to two seconds).
  void convs.node;
  if (process.env.GRADLAB_KERNEL_DEBUG) {
    const from = snap && !snap.reason ? `snapshot, ${snap.hits()} of ${snap.files} typings reused` : `code cache: ${ts?.cache ?? "off"}`;
    log(`compiler ready ${Date.now() - t0} ms after start, ${Math.round(performance.now())} ms after exec (${from}, cwd ${process.cwd()})`);
  }
  // Once a few cells have compiled, keep V8's code for the next start.
  if (ts && ts.cache !== "hit") handler.afterCells(3, () => ts.save());
}
