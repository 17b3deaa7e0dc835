/**
 * The elementwise loops are written four elements per step (`unrolled` in
 * lib/ops/elementwise.ts), the n mod 4 odd elements first. Checked here: every length from 0
 * to 9 gives the scalar function's doubles at every index, for the forward loops (both
 * operands, either one a single value, at an offset into its storage), a unary loop and the
 * fused derivative loops; and a long loop run many times does not fall back out of
 * optimised code on each call (V8 reuses code compiled on entry to a hot loop, so a compare
 * it had no feedback for, after that loop, bailed out once per call).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";
import { Tensor, autogradGrad, binaryCrossEntropy, tanh, tensor } from "../../lib/index";

const LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13];

/** n values in (-2, 2), different for each seed, none zero. */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(seed * 7.31 + i * 1.7) * 1.9 + 0.05);
}

function sameDoubles(got: Tensor, want: number[], what: string): void {
  const g = Array.from(got.values());
  assert.equal(g.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(g[i], want[i]), `${what}: element ${i} of ${want.length} is ${g[i]}, expected ${want[i]}`);
}

test("binary loops give f(a[i], b[i]) at every index, for lengths 0–9 and 13", () => {
  for (const n of LENGTHS) {
    const a = values(n, 1), b = values(n, 2);
    sameDoubles(tensor(a).add(tensor(b)), a.map((x, i) => x + b[i]), `add, n = ${n}`);
    sameDoubles(tensor(a).mul(tensor(b)), a.map((x, i) => x * b[i]), `mul, n = ${n}`);
    // operands at an offset into their storage: the second half of a longer tensor
    const a2 = tensor([...values(3, 9), ...a]).narrow(0, 3, n), b2 = tensor([...values(5, 8), ...b]).narrow(0, 5, n);
    sameDoubles(a2.sub(b2), a.map((x, i) => x - b[i]), `sub at offsets, n = ${n}`);
    // one operand a single value (read at stride 0), on either side
    sameDoubles(tensor(a).div(tensor([0.7])), a.map((x) => x / 0.7), `div by one value, n = ${n}`);
    sameDoubles(tensor([0.7]).div(tensor(a)), a.map((x) => 0.7 / x), `one value divided, n = ${n}`);
  }
});

test("unary loops give f(x[i]) at every index, for lengths 0–9 and 13", () => {
  for (const n of LENGTHS) {
    const a = values(n, 3);
    sameDoubles(tensor(a).exp(), a.map(Math.exp), `exp, n = ${n}`);
    sameDoubles(tensor(a).neg(), a.map((x) => -x), `neg, n = ${n}`);
  }
});

test("fused derivative loops give the rule at every index, for lengths 0–9 and 13", () => {
  for (const n of LENGTHS) {
    if (n === 0) continue;
    const a = values(n, 4);
    // d tanh(x) = (1 - tanh(x)^2) dx; the loss sum makes the cotangent one
    const x = tensor(a, { requiresGrad: true });
    const [gx] = autogradGrad([tanh(x).sum()], [x]);
    const gv = Array.from(gx.values());
    a.forEach((v, i) => assert.ok(Math.abs(gv[i] - (1 - Math.tanh(v) ** 2)) <= 1e-15, `tanh', n = ${n}, element ${i}`));
    // binary cross-entropy with labels: d/dp of the mean = (p - y) / (p (1 - p)) / n
    const p = a.map((v) => 1 / (1 + Math.exp(-v)));
    const y = a.map((_, i) => i % 3 === 0 ? 1 : 0);
    const pt = tensor(p, { requiresGrad: true });
    const [gp] = autogradGrad([binaryCrossEntropy(pt, tensor(y))], [pt]);
    const g = Array.from(gp.values());
    p.forEach((v, i) => {
      const want = (v - y[i]) / (v * (1 - v)) / n;
      assert.ok(Math.abs(g[i] - want) <= 1e-13 * Math.abs(want), `binaryCrossEntropy', n = ${n}, element ${i}: ${g[i]} vs ${want}`);
    });
  }
});

test("long elementwise loops stay in optimised code from call to call", () => {
  const root = path.resolve(__dirname, "..", "..");
  const lib = JSON.stringify(path.join(root, "lib", "index"));
  // 10,000 elements (a multiple of four: no odd elements), the loops of a training step;
  // compiling on the main thread makes the timing of compiles, and so the test, repeatable
  const code = `
    const g = require(${lib});
    const z = g.randn([10000]), y = g.rand([10000]).gt(0.5).double(), b = g.zeros([1]);
    const w = g.zeros([1], { requiresGrad: true });
    for (let i = 0; i < 100; i++) {
      const p = g.sigmoid(z.mul(w).add(b));
      g.autogradGrad([g.binaryCrossEntropy(p, y)], [w]);
    }`;
  const r = spawnSync(process.execPath, ["--no-concurrent-recompilation", "--trace-opt", "--trace-deopt", "--import", "tsx", "-e", code], {
    cwd: root, encoding: "utf8", timeout: 120_000, maxBuffer: 1 << 26, env: { ...process.env, GRADLAB_THREADS: "1" },
  });
  assert.equal(r.status, 0, r.stderr);
  // each compiled code object (its opt id) may bail out once, while its feedback fills in;
  // the broken form re-entered one object on every step and bailed out of it each time
  const loops = /<JSFunction (fusedUnaryVjp|fusedBinaryVjp|unaryLoop_\w+|binaryLoop_\w+|both|withX|withY) .*opt id (\d+)/;
  const perCode = new Map<string, number>();
  for (const line of r.stdout.split("\n")) {
    const m = line.includes("[bailout") ? loops.exec(line) : null;
    if (m) perCode.set(`${m[1]} (opt id ${m[2]})`, (perCode.get(`${m[1]} (opt id ${m[2]})`) ?? 0) + 1);
  }
  assert.match(r.stdout, /completed (optimizing|compiling) .*<JSFunction fusedBinaryVjp /, "the loss derivative's loop was never optimised (or V8's trace format changed)");
  const repeated = [...perCode].filter(([, n]) => n > 1);
  assert.deepEqual(repeated, [], `compiled loops that bailed out more than once in 100 steps: ${repeated.map(([c, n]) => `${c} ${n}×`).join(", ")}`);
});
