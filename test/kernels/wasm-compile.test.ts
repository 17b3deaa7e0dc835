/**
 * The WebAssembly kernels are compiled once, optimised, when gradlab loads (wasm-runtime.ts):
 * compiled lazily instead, the large `run` function was optimised on its first call in each
 * thread (main and worker), twice in all, while the first products ran in baseline code.
 * Checked with V8's compile trace in a fresh process that runs matrix-vector products on
 * two threads.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";
import { kernels } from "../../lib/index";

const hasWasm = kernels.kernelInfo().wasm !== null;

/** V8's wasm compile trace of a fresh process that loads gradlab and runs `code` (g is the library). */
function compileTrace(code: string): { fn: number; tier: string; body: number }[] {
  const root = path.resolve(__dirname, "..", "..");
  const lib = JSON.stringify(path.join(root, "lib", "index"));
  const r = spawnSync(process.execPath, ["--trace-wasm-compilation-times", "--import", "tsx", "-e", `const g = require(${lib}); ${code}`], {
    cwd: root, encoding: "utf8", timeout: 120_000, maxBuffer: 1 << 26, env: { ...process.env, GRADLAB_THREADS: "2" },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n")
    .map((l) => /Compiled function \S+#(\d+) using (\w+).*bodysize (\d+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ fn: Number(m[1]), tier: m[2], body: Number(m[3]) }));
}

test("every kernel function is compiled when gradlab loads, before any product", { skip: !hasWasm && "no WebAssembly SIMD here" }, () => {
  // no product at all: compiled lazily, the large functions would never be
  const compiles = compileTrace("");
  const big = compiles.filter((c) => c.body > 10_000);
  assert.ok(big.length > 0, `no large function compiled at load: ${JSON.stringify(compiles)}`);
});

test("the largest kernel function is optimised exactly once in a run on two threads", { skip: !hasWasm && "no WebAssembly SIMD here" }, () => {
  const compiles = compileTrace("const X = g.randn([4000, 100]), w = g.randn([100]); for (let i = 0; i < 40; i++) X.matmul(w);");
  assert.ok(compiles.length > 0, "no compile trace: has this V8 renamed --trace-wasm-compilation-times?");
  const largest = compiles.reduce((a, b) => (b.body > a.body ? b : a)).fn;
  const optimised = compiles.filter((c) => c.fn === largest && c.tier === "TurboFan");
  assert.equal(optimised.length, 1, `function #${largest} optimised ${optimised.length} times`);
});
