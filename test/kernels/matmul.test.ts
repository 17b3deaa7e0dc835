/**
 * The WebAssembly matmul kernels against the plain TypeScript reference (one running sum
 * per element, in order) and against PyTorch: every mode (packed tiles, k-split, both
 * GEMV forms, batched), edge tiles, transposed and broadcast operands, one and two
 * threads, the plain-SIMD variant, and the resident-operand cache.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";
import { Tensor, tensor, randn, manualSeed, kernels, matmul, noGrad } from "../../lib/index";
import { lastProduct, quadPacks } from "../../lib/kernels/wasm-gemm";
import { fixture, fromJSON, assertClose, TJ } from "../nn/fixture";
import { withBackend } from "./helpers";

const hasWasm = kernels.kernelInfo().wasm !== null;


/** Max |a − b| relative to the size of the sums (Σ|a_ik b_kj|), the scale of rounding error. */
function relErr(x: Tensor, y: Tensor, a: Tensor, b: Tensor): number {
  const scale = matmul(a.abs(), b.abs()).values();
  const u = x.values(), v = y.values();
  let worst = 0;
  for (let i = 0; i < u.length; i++) worst = Math.max(worst, Math.abs(u[i] - v[i]) / (scale[i] || 1));
  return worst;
}

function compare(a: Tensor, b: Tensor, what: string): string {
  const ref = withBackend("js", () => matmul(a, b));
  const fast = withBackend("wasm", () => matmul(a, b));
  const mode = lastProduct.mode; // (relErr runs products of its own)
  assert.deepEqual([...fast.shape], [...ref.shape], `${what}: shape`);
  const e = relErr(fast, ref, a, b);
  // float64 sums of k terms in another order: error ≲ k·2⁻⁵³ relative to Σ|terms|
  assert.ok(e < 1e-14 * Math.max(1, a.shape[a.ndim - 1] / 16), `${what}: relative error ${e}`);
  return mode;
}

test("the kernels report what they run with", () => {
  const info = kernels.kernelInfo();
  assert.equal(info.backend, "auto");
  if (hasWasm) assert.ok(["relaxed", "simd"].includes(info.wasm!.variant));
});

test("every mode agrees with the reference path: edge tiles, vectors, transposes", { skip: !hasWasm }, () => {
  manualSeed(11);
  const seen = new Set<string>();
  for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [4, 4, 4], [5, 3, 9], [65, 257, 33], [130, 301, 67], [20, 81, 400], [64, 700, 1], [1, 300, 130], [257, 64, 255]]) {
    const a = randn([m, k]), b = randn([k, n]);
    seen.add(compare(a, b, `${m}×${k}·${k}×${n}`));
    seen.add(compare(randn([k, m]).t(), b, `(${k}×${m})ᵀ·${k}×${n}`));
    seen.add(compare(a, randn([n, k]).t(), `${m}×${k}·(${n}×${k})ᵀ`));
  }
  seen.add(compare(randn([300]), randn([300, 50]), "vector·matrix"));
  seen.add(compare(randn([40, 300]), randn([300]), "matrix·vector"));
  seen.add(compare(randn([300, 40]).t(), randn([300]), "transposed matrix·vector"));
  // row quads padded: rows not a multiple of four, an odd number of columns (and of y's pairs)
  seen.add(compare(randn([37, 301]), randn([301]), "37×301 matrix·vector"));
  seen.add(compare(randn([301, 37]).t(), randn([301]), "(301×37)ᵀ·vector"));
  seen.add(compare(randn([3, 2]), randn([2]), "3×2 matrix·vector"));
  // neither stride 1: packed element by element
  seen.add(compare(randn([50, 80]).index(":", "::2"), randn([40]), "column-strided matrix·vector"));
  // rows (columns) with gaps between them: each quad packed from the strided rows
  seen.add(compare(randn([203, 310]).index(":", ":301"), randn([301]), "matrix with row gaps·vector"));
  seen.add(compare(randn([301, 61]).index(":", ":57").t(), randn([301]), "transposed matrix with gaps·vector"));
  seen.add(compare(randn([20, 4000]), randn([4000, 30]), "long k"));
  seen.add(compare(randn([12, 30]).index(":", "::3"), randn([10, 9]), "a view with gaps"));
  for (const mode of ["tiles", "gemv-rows", "gemv-cols"]) assert.ok(seen.has(mode), `mode ${mode} exercised (${[...seen]})`);
});

test("batched and broadcast products (one batched job) agree with the reference", { skip: !hasWasm }, () => {
  manualSeed(12);
  assert.equal(compare(randn([6, 20, 81]), randn([6, 81, 30]), "batched"), "tiles");
  compare(randn([20, 81]), randn([7, 81, 40]), "broadcast left");
  compare(randn([5, 33, 17]), randn([17, 9]), "broadcast right");
  compare(randn([2, 1, 13, 8]), randn([3, 8, 6]), "broadcast batch dims");
  compare(randn([4, 9, 16]).transpose(1, 2), randn([4, 9, 5]), "batched transposed");
  compare(randn([3, 4, 10, 12]).permute(1, 0, 2, 3), randn([12, 7]), "batch dims that do not collapse");
  compare(randn([5, 64, 1]).squeeze(-1).unsqueeze(1), randn([5, 64, 100]), "batched vector·matrix");
});

test("one thread and two give the same doubles, run after run: tiles, k-split, both GEMV forms", { skip: !hasWasm }, async () => {
  manualSeed(13);
  const cases: [Tensor, Tensor, string][] = [
    // six row stripes of 64: the last two are cut into shorter tiles on two threads, the very last ragged (10 rows)
    [randn([330, 300]), randn([300, 220]), "tiles"],
    [randn([16, 20000]), randn([20000, 12]), "ksplit"],
    [randn([3001, 201]), randn([201]), "gemv-rows"],
    [randn([3001, 203]).t(), randn([3001]), "gemv-cols"],
  ];
  kernels.setThreadCount(1);
  const one = cases.map(([a, b, mode]) => {
    const c = withBackend("wasm", () => matmul(a, b));
    assert.equal(lastProduct.mode, mode);
    assert.ok(relErr(c, withBackend("js", () => matmul(a, b)), a, b) < 1e-14, `${mode}: against the reference`);
    return c.values();
  });
  kernels.setThreadCount(2);
  const [a0, b0] = cases[0];
  for (let i = 0; i < 50 && lastProduct.threads < 2; i++) {
    await new Promise((r) => setTimeout(r, 50));
    withBackend("wasm", () => matmul(a0, b0));
  }
  assert.equal(lastProduct.threads, 2, "the worker joined");
  // the k-split forms sum one partial per tile in tile order: which thread took which tile does not show
  for (let run = 0; run < 5; run++) {
    cases.forEach(([a, b, mode], i) => {
      const c = withBackend("wasm", () => matmul(a, b));
      assert.equal(lastProduct.mode, mode);
      assert.equal(lastProduct.threads, 2);
      assert.deepEqual(c.values(), one[i], `${mode}, run ${run}: the doubles of one thread`);
    });
  }
});

test("XᵀX computes the upper half only and mirrors it: the reference's numbers, exactly symmetric, on 1 and 2 threads", { skip: !hasWasm }, async () => {
  manualSeed(15);
  const symmetric = (c: Tensor) => {
    const n = c.shape[0], v = c.values();
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (v[i * n + j] !== v[j * n + i]) return false;
    return true;
  };
  for (const threads of [1, 2]) {
    kernels.setThreadCount(threads);
    for (const [k, n] of [[301, 130], [5, 67], [64, 257], [9, 9], [700, 200]]) {
      const X = randn([k, n]);
      assert.equal(compare(X.t(), X, `(${k}×${n})ᵀ·itself`), "symmetric");
      assert.ok(symmetric(withBackend("wasm", () => matmul(X.t(), X))));
      // XXᵀ is AᵀA for A = Xᵀ: the same path
      assert.equal(compare(X, X.t(), `${k}×${n}·its transpose`), "symmetric");
    }
    // not the transpose of the same view: the full product
    const Y = randn([40, 30]);
    assert.equal(compare(Y.narrow(0, 0, 30).t(), Y.narrow(0, 10, 30), "shifted views of one storage"), "tiles");
    assert.equal(compare(randn([30, 20]).t(), randn([30, 20]), "two storages"), "tiles");
  }
  kernels.setThreadCount(2);
});

test("a resident operand is reused while unchanged and re-copied after an in-place change", { skip: !hasWasm }, () => {
  manualSeed(14);
  const X = randn([500, 100]);
  const w = randn([100, 3]);
  const first = withBackend("wasm", () => matmul(X, w));
  withBackend("wasm", () => matmul(X, w));
  assert.ok(lastProduct.resident >= 1, "X stayed in WebAssembly memory");
  noGrad(() => X.mul_(2));
  const second = withBackend("wasm", () => matmul(X, w));
  const f = first.values(), s = second.values();
  for (let i = 0; i < f.length; i++) assert.ok(Math.abs(s[i] - 2 * f[i]) <= 1e-12 * Math.abs(f[i]) + 1e-12, "saw the new values");
  // a transposed view of the same storage is served from the same copy
  withBackend("wasm", () => matmul(X.t(), randn([500, 2])));
  assert.ok(lastProduct.resident >= 1);
});

test("a matrix used again is packed in row quads once, for X·w and Xᵀ·g alike, with the doubles of the quad-by-quad packing", { skip: !hasWasm }, () => {
  manualSeed(16);
  const X = randn([601, 99]);
  const w = randn([99]), g = randn([601]);
  const wasm = (a: Tensor, b: Tensor) => [...withBackend("wasm", () => matmul(a, b)).values()];
  const before = quadPacks.count;
  // the first two products pack each quad in the job, the third keeps X packed
  const y1 = wasm(X, w);
  const z1 = wasm(X.t(), g);
  assert.equal(quadPacks.count, before, "not packed yet");
  assert.deepEqual(wasm(X, w), y1, "X·w from the kept packing: the same doubles");
  assert.equal(quadPacks.count, before + 1);
  assert.deepEqual(wasm(X.t(), g), z1, "Xᵀ·g from the kept packing: the same doubles");
  assert.equal(lastProduct.mode, "gemv-cols");
  assert.equal(quadPacks.count, before + 1, "the packing was reused");
  noGrad(() => X.mul_(-3));
  const y2 = wasm(X, w);
  for (let i = 0; i < y1.length; i++) assert.ok(Math.abs(y2[i] + 3 * y1[i]) <= 1e-12 * (1 + Math.abs(y1[i])), "saw the new values");
  wasm(X, w);
  assert.equal(quadPacks.count, before + 1, "a new version counts its uses afresh");
  assert.deepEqual(wasm(X, w), y2);
  assert.equal(quadPacks.count, before + 2, "packed again");
  compare(X, w, "X·w");
  compare(X.t(), g, "Xᵀ·g");
  // a budget that holds the plain copy but not the packing: every product packs in the job
  kernels.setResidentBudget(601 * 99 * 8 + 4096);
  try {
    const Z = randn([601, 99]);
    const first = wasm(Z, w), packs = quadPacks.count;
    for (let i = 0; i < 3; i++) assert.deepEqual(wasm(Z, w), first);
    assert.equal(quadPacks.count, packs, "no packing kept over the budget");
    assert.equal(lastProduct.resident, 1, "the plain copy stayed resident");
  } finally {
    kernels.setResidentBudget(96 * 2 ** 20);
  }
});

test("an operand's resident copy is never evicted or replaced by the other operand of the same product", { skip: !hasWasm }, () => {
  manualSeed(15);
  const X = randn([1000, 100]);
  // A covers half of X's storage, B all of it: B cannot replace A's copy mid-product
  compare(X.narrow(0, 0, 500), X.t(), "X[:500]·Xᵀ");
  compare(X.narrow(0, 0, 500), X.t(), "X[:500]·Xᵀ again");
  // a budget that holds one operand: staging B must not evict A
  kernels.setResidentBudget(1 << 20);
  try {
    compare(randn([1000, 100]), randn([100, 1000]), "two large operands, small budget");
  } finally {
    kernels.setResidentBudget(96 * 2 ** 20);
  }
});

test("products match PyTorch float64", () => {
  for (const [i, c] of fixture<{ cases: { a: TJ; b: TJ; out: TJ }[] }>("matmul.json").cases.entries()) {
    for (const backend of ["js", "wasm"] as const) {
      const out = withBackend(backend, () => matmul(fromJSON(c.a), fromJSON(c.b)));
      assertClose(out, c.out, `case ${i} [${c.a.shape}]·[${c.b.shape}] (${backend})`, 1e-11, 1e-11);
    }
  }
});

test("the plain-SIMD module (no relaxed FMA) agrees too", { skip: !hasWasm }, () => {
  const root = path.resolve(__dirname, "..", "..");
  const code = `
    const { kernels, randn, manualSeed, matmul } = require(${JSON.stringify(path.join(root, "lib", "index.ts"))});
    manualSeed(5);
    const a = randn([70, 130]), b = randn([130, 45]);
    const v = randn([37, 301]), x = randn([301]), u = randn([37]);
    let e = 0;
    for (const [p, q] of [[a, b], [v, x], [v.t(), u]]) {
      kernels.setKernelBackend("js"); const r = matmul(p, q).values();
      kernels.setKernelBackend("wasm"); const f = matmul(p, q).values();
      for (let i = 0; i < r.length; i++) e = Math.max(e, Math.abs(r[i] - f[i]));
    }
    console.log(JSON.stringify({ variant: kernels.kernelInfo().wasm.variant, err: e }));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: root, encoding: "utf8", env: { ...process.env, GRADLAB_WASM: "simd" } });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.equal(out.variant, "simd");
  assert.ok(out.err < 1e-12, `error ${out.err}`);
});
