/**
 * The kernels' worker pool starts when gradlab is loaded (lib/kernels/prestart.ts), so the
 * first products of a training loop already have both threads; GRADLAB_POOL=lazy and
 * GRADLAB_THREADS=1 keep it from starting then. Each case runs in a fresh process, which
 * must still exit by itself (the workers are unref'd).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";
import { kernels } from "../../lib/index";

const hasWasm = kernels.kernelInfo().wasm !== null;
const root = path.resolve(__dirname, "..", "..");
const lib = (file: string) => JSON.stringify(path.join(root, "lib", ...file.split("/")));

/**
 * In a fresh process: load gradlab, run no product, and report how many workers are ready
 * once one is, or after `waitMs` at the most.
 */
function workersAfterLoad(env: Record<string, string>, waitMs: number): number {
  const code = `
    require(${lib("index.ts")});
    const { getRuntime } = require(${lib("kernels/wasm-runtime.ts")});
    const { READY } = require(${lib("kernels/pool.ts")});
    const I = new Int32Array(getRuntime().memory.buffer, 0, 4);
    const t0 = Date.now();
    const poll = () => {
      const ready = Atomics.load(I, READY);
      if (ready > 0 || Date.now() - t0 > ${waitMs}) console.log(JSON.stringify({ ready }));
      else setTimeout(poll, 10);
    };
    poll();`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], {
    cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, GRADLAB_POOL: "", GRADLAB_THREADS: "", ...env },
  });
  assert.equal(r.status, 0, `the process exits by itself: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!).ready;
}

test("loading gradlab starts a worker before any product runs", { skip: !hasWasm }, () => {
  assert.equal(workersAfterLoad({ GRADLAB_THREADS: "2" }, 20_000), 1);
});

test("GRADLAB_POOL=lazy and GRADLAB_THREADS=1 start no worker on load", { skip: !hasWasm }, () => {
  assert.equal(workersAfterLoad({ GRADLAB_THREADS: "2", GRADLAB_POOL: "lazy" }, 1500), 0);
  assert.equal(workersAfterLoad({ GRADLAB_THREADS: "1" }, 1500), 0);
});
