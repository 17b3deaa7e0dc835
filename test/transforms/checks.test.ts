/**
 * The derivative checks users call: gradcheck (engine's reverse mode and forward mode vs
 * central differences), check (every route in one table) and forwardVsReverse.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Tensor, tensor, stack, sym, Generator, gradcheck, GradcheckError, check, CheckError, forwardVsReverse, mimeBundle,
} from "../../lib/index";
import { uniform, assertClose, flat } from "../helpers";

const gen = new Generator(53);

test("gradcheck passes for correct gradients, with several inputs and outputs, both modes", () => {
  const a = uniform(gen, [2, 3]), b = uniform(gen, [3]);
  const r = gradcheck((x: Tensor, y: Tensor) => [x.matmul(y).tanh(), x.sum(1).mul(y.sum())], [a, b], { checkForwardAd: true });
  assert.equal(r.ok, true, r.toString());
  // 2 outputs × 2 inputs × 2 modes
  assert.equal(r.entries.length, 8);
  for (const e of r.entries) assert.ok(e.maxAbsError < 1e-8, `${e.mode} ${e.output}/${e.input}: ${e.maxAbsError}`);
  assert.deepEqual([...r.entries[0].shape], [2, 2, 3]);
});

test("gradcheck catches a wrong gradient (a detached factor), names it, and throws on request", () => {
  // f(x) = x · detach(x): the true derivative is 2x, autograd gives x
  const x = tensor([0.5, -1.5, 2]);
  const wrong = (v: Tensor) => v.mul(v.detach());
  const r = gradcheck(wrong, [x]);
  assert.equal(r.ok, false);
  const e = r.entries[0];
  assert.equal(e.ok, false);
  // the worst entry is on the diagonal, analytical x_i against numerical 2x_i
  assert.equal(e.worst!.row, e.worst!.col);
  assertClose(e.worst!.analytical, flat(x)[e.worst!.row], "analytical", 1e-12);
  assertClose(e.worst!.numerical, 2 * flat(x)[e.worst!.row], "numerical", 1e-6);
  assert.throws(() => gradcheck(wrong, [x], { raiseException: true }), (err: Error) =>
    err instanceof GradcheckError && /Jacobian mismatch for output 0 with respect to input 0 \(reverse mode\)/.test(err.message));
  const bundle = mimeBundle(r);
  assert.match(String(bundle["text/html"]), /FAIL/);
  assert.match(String(bundle["text/plain"]), /gradcheck FAILED/);
});

test("gradcheck warns about float32 inputs and skips integer ones", () => {
  const r = gradcheck((x: Tensor, i: Tensor) => x.gather(0, i), [tensor([1, 2, 3], { dtype: "float32" }), tensor([2, 0], { dtype: "int32" })], { atol: 1e-2, rtol: 1e-2 });
  assert.equal(r.entries.length, 1, "only the float input is checked");
  assert.match(r.notes[0], /input 0 is float32/);
});

test("check: reverse, forward, finite differences and a symbolic derivative agree on sin(x)²", () => {
  const x = tensor(0.7);
  const r = check((v: Tensor) => v.sin().square(), x, { symbolic: { fn: (v) => v.sin().mul(v.cos()).mul(2), latex: "2\\sin x\\cos x" } });
  assert.equal(r.ok, true, r.toString());
  assert.deepEqual(r.rows.map((row) => row.method), ["reverse mode", "forward mode", "finite differences", "symbolic"]);
  assertClose(r.derivative!, Math.sin(1.4), "sin(2x)");
  assert.ok(r.rows[2].maxAbsDiff < 1e-10, `finite differences: ${r.rows[2].maxAbsDiff}`);
  const html = String(mimeBundle(r)["text/html"]);
  assert.match(html, /symbolic/);
  assert.match(html, /2\\sin x\\cos x/);
  assert.equal((html.match(/✓/g) ?? []).length, 5, "the title and four routes pass");
});

test("check: a wrong symbolic derivative or wrong expected numbers fail, and raise on request", () => {
  const f = (v: Tensor) => v.sin().square();
  const r = check(f, tensor(0.7), { symbolic: (v) => v.sin().mul(v.cos()), expected: Math.sin(1.4) });
  assert.equal(r.ok, false);
  const byName = Object.fromEntries(r.rows.map((row) => [row.method, row]));
  assert.equal(byName["symbolic"].ok, false);
  assert.equal(byName["expected"].ok, true);
  assert.equal(byName["forward mode"].ok, true);
  assert.throws(() => check(f, tensor(0.7), { expected: 0.5, raiseException: true }), (e: Error) => e instanceof CheckError && /expected/.test(e.message));
  // a symbolic derivative with the wrong number of values is a failed row with the reason
  const bad = check(f, tensor([0.1, 0.2]).sum().reshape([]), { symbolic: () => [1, 2] });
  assert.equal(bad.rows[3].ok, false);
  assert.match(bad.rows[3].note!, /gives 2 values, expected 1/);
});

test("check with several inputs: the article's numbers for z = (x + y)·y", () => {
  // ∂z/∂x = y = 3, ∂z/∂y = x + 2y = 8
  const r = check((x: Tensor, y: Tensor) => x.add(y).mul(y), [tensor(2), tensor(3)], { expected: [3, 8] });
  assert.equal(r.ok, true, r.toString());
  assert.deepEqual(Array.from(r.derivative!), [3, 8]);
});

test("check of a vector function compares the whole Jacobian", () => {
  const W = uniform(gen, [3, 2]);
  const r = check((v: Tensor) => W.matmul(v).tanh(), uniform(gen, [2]));
  assert.equal(r.ok, true, r.toString());
  assert.equal(r.derivative!.length, 6);
  assert.deepEqual([...r.shapes[0]], [3, 2]);
});

test("forwardVsReverse: n passes forward, m passes reverse, the same Jacobian", () => {
  const x = tensor([1, 2, 3]);
  // f: R³ → R², f = (x0 x1, x1 + x2²)
  const f = (v: Tensor) => stack([v.index(0).mul(v.index(1)), v.index(1).add(v.index(2).square())]);
  const cmp = forwardVsReverse(f, x);
  assert.equal(cmp.forward.passes, 3);
  assert.equal(cmp.reverse.passes, 2);
  assert.equal(cmp.n, 3);
  assert.equal(cmp.m, 2);
  const expected = [2, 1, 0, 0, 1, 6];
  assertClose(cmp.forward.jacobian, expected, "forward");
  assertClose(cmp.reverse.jacobian, expected, "reverse");
  assert.match(cmp.verdict, /reverse mode needs fewer passes \(m = 2 < n = 3\)/);
  const b = mimeBundle(cmp);
  assert.match(String(b["text/html"]), /Forward mode: 3 passes/);
  assert.match(String(b["text/html"]), /Reverse mode: 2 passes/);
  assert.match(String(b["text/plain"]), /forward mode: 3 passes/);
  // a scalar loss: one reverse pass
  assert.equal(forwardVsReverse((v: Tensor) => v.square().sum(), uniform(gen, [10])).reverse.passes, 1);
});

test("check takes the symbolic engine's derivative: sym.diff, evaluated on tensors by sym.lambdifyTensor", () => {
  const e = sym.parse("sin(x)^2 * exp(x)");
  const d = sym.diff(e, "x");
  const r = check((x: Tensor) => x.sin().square().mul(x.exp()), tensor(0.7), { symbolic: { fn: sym.lambdifyTensor(d, ["x"]), latex: d.toLatex() } });
  assert.equal(r.ok, true, r.toString());
  const row = r.rows.find((x) => x.method === "symbolic")!;
  assert.equal(row.note, d.toLatex());
  // and a wrong formula is caught: the derivative without the product rule's second term
  const wrong = sym.parse("2*sin(x)*cos(x)*exp(x)");
  assert.equal(check((x: Tensor) => x.sin().square().mul(x.exp()), tensor(0.7), { symbolic: sym.lambdifyTensor(wrong, ["x"]) }).ok, false);
});
