/**
 * Engine semantics, as PyTorch's autograd: accumulation, retainGraph, createGraph,
 * hooks, noGrad/enableGrad, detach, retainGrad, version counters, anomaly detection,
 * deep chains, and the error messages a user sees. Expected values are closed forms.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  tensor, zeros, ones, autogradGrad, backward, noGrad, enableGrad, isGradEnabled, detectAnomaly, Tensor, arange,
} from "../../lib/index";
import { assertClose } from "../helpers";

test("gradients accumulate across backward calls and zero_() clears them", () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = x.mul(x).sum();
  y.backward(undefined, { retainGraph: true });
  assertClose(x.grad!, [2, 4, 6], "first backward: 2x");
  y.backward();
  assertClose(x.grad!, [4, 8, 12], "second backward accumulates: 4x");
  x.grad!.zero_();
  assertClose(x.grad!, [0, 0, 0], "zero_");
  x.mul(3).sum().backward();
  assertClose(x.grad!, [3, 3, 3], "after zero_, a fresh gradient");
});

test("fan-out: a tensor used twice receives the sum of both paths", () => {
  const x = tensor([0.5, -1.5], { requiresGrad: true });
  x.mul(x).add(x).sum().backward(); // d/dx (x² + x) = 2x + 1
  assertClose(x.grad!, [2, -2], "2x + 1");
});

test("broadcast inputs get gradients summed back to their own shape", () => {
  const a = tensor([[1], [2], [3]], { requiresGrad: true }); // [3, 1]
  const b = tensor([10, 20, 30, 40], { requiresGrad: true }); // [4]
  a.mul(b).sum().backward();
  assert.deepEqual(a.grad!.shape, [3, 1]);
  assert.deepEqual(b.grad!.shape, [4]);
  assertClose(a.grad!, [100, 100, 100], "Σ_j b_j for each row");
  assertClose(b.grad!, [6, 6, 6, 6], "Σ_i a_i for each column");
});

test("a second backward through a freed graph explains retainGraph", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.exp().sum();
  y.backward();
  assert.throws(() => y.backward(), /second time.*retainGraph: true/s);
});

test("createGraph: d²/dx² x³ = 6x and d³/dx³ = 6", () => {
  const x = tensor([2, -1], { requiresGrad: true });
  const [d1] = autogradGrad([x.pow(3).sum()], [x], { createGraph: true });
  assertClose(d1, [12, 3], "3x²");
  const [d2] = autogradGrad([d1.sum()], [x], { createGraph: true });
  assertClose(d2, [12, -6], "6x");
  const [d3] = autogradGrad([d2.sum()], [x]);
  assertClose(d3, [6, 6], "6");
  // the same through backward({ createGraph }) and the gradient's own backward
  const z = tensor(1.5, { requiresGrad: true });
  z.pow(3).backward(undefined, { createGraph: true });
  const g = z.grad!;
  assert.ok(g.requiresGrad, "with createGraph the gradient is differentiable");
  z.grad = null;
  g.backward();
  assertClose(z.grad!, 9, "6x at 1.5");
});

test("hooks see and may replace gradients; remove() unregisters", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const seen: number[][] = [];
  const h = x.registerHook((g) => { seen.push(g.toArray()); return g.mul(10); });
  x.mul(3).sum().backward();
  assert.deepEqual(seen, [[3, 3]]);
  assertClose(x.grad!, [30, 30], "hook replaced the leaf gradient");
  h.remove();
  x.grad = null;
  x.mul(3).sum().backward();
  assertClose(x.grad!, [3, 3], "after remove()");
  // a hook on a non-leaf changes what flows further back
  const w = tensor([1, 1], { requiresGrad: true });
  const y = w.mul(2);
  y.registerHook((g) => g.mul(-1));
  y.sum().backward();
  assertClose(w.grad!, [-2, -2], "non-leaf hook");
});

test("noGrad records nothing; enableGrad switches recording back on", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  assert.equal(isGradEnabled(), true);
  const z = noGrad(() => enableGrad(() => x.mul(2)));
  assert.equal(z.requiresGrad, true);
  assert.equal(z.gradFn!.name, "MulBackward0");
  assert.throws(() => y.sum().backward(), /does not require grad/);
});

test("detach shares data but leaves the graph", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(2);
  const d = y.detach();
  assert.equal(d.requiresGrad, false);
  assert.equal(d.isLeaf, true);
  noGrad(() => d.add_(1));
  assertClose(y, [3, 5], "in-place change on the detached view shows in the original");
});

test("retainGrad keeps a non-leaf gradient; reading it otherwise warns once and gives null", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(3);
  const z = x.add(1);
  y.retainGrad();
  y.mul(z).sum().backward();
  assertClose(y.grad!, [2, 3], "∂(y·z)/∂y = z");
  const warnings: string[] = [];
  const orig = console.warn;
  console.warn = (m: string) => warnings.push(m);
  try {
    assert.equal(z.grad, null);
    assert.equal(z.grad, null);
  } finally {
    console.warn = orig;
  }
  assert.ok(warnings.length <= 1 && (warnings.length === 0 || /retainGrad/.test(warnings[0])), "one warning naming retainGrad");
});

test("backward on a non-scalar needs a gradient and says how", () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = x.mul(2);
  assert.throws(() => y.backward(), /only for a scalar output.*shape \[3\].*backward\(onesLike\(y\)\)/s);
  y.backward(tensor([1, 0.1, 0.01]));
  assertClose(x.grad!, [2, 0.2, 0.02], "vector-Jacobian product vᵀJ");
  assert.throws(() => y.backward(tensor([1, 2])), /gradient has shape \[2\] but the tensor has shape \[3\]/);
});

test("backward on a tensor that does not require grad says what to do", () => {
  assert.throws(() => tensor(1).mul(2).backward(), /does not require grad.*requiresGrad: true/s);
});

test("in-place changes to a saved tensor are reported at backward", () => {
  const x = tensor([0.5, 1], { requiresGrad: true });
  const y = x.exp(); // ExpBackward0 saves its output
  noGrad(() => y.mul_(2));
  assert.throws(() => y.sum().backward(), /modified by an in-place operation.*ExpBackward0.*version 1; expected version 0/s);
  // a tensor that a rule saved (b, by MulBackward0) vs one no rule saved (c: AddBackward0 saves nothing)
  const a = tensor([1, 2], { requiresGrad: true });
  const b = a.add(1);
  const c = b.mul(b);
  noGrad(() => b.add_(0));
  assert.throws(() => c.sum().backward(), /MulBackward0/);
  const p = tensor([1, 2], { requiresGrad: true });
  const q = p.mul(2); // MulBackward0 saves p and the constant, not q
  const r = q.add(1);
  noGrad(() => q.add_(5));
  r.sum().backward();
  assertClose(p.grad!, [2, 2], "unaffected by an in-place change to an unsaved tensor");
});

test("in-place ops on tensors that require grad are refused while recording", () => {
  const w = tensor([1, 2], { requiresGrad: true });
  assert.throws(() => w.add_(1), /cannot be changed in place while grad mode is on.*noGrad/s);
  noGrad(() => w.sub_(tensor([0.5, 0.5])));
  assertClose(w, [0.5, 1.5], "an optimizer-style update under noGrad");
  assert.equal(w.requiresGrad, true);
});

test("detectAnomaly names the op whose backward produced NaN or Inf", () => {
  const x = tensor([0, 1], { requiresGrad: true });
  const y = x.sqrt().sum();
  assert.throws(() => detectAnomaly(() => y.backward(undefined, { retainGraph: true })), /SqrtBackward0.*returned inf/s);
  y.backward(); // without anomaly mode: inf, no error (as PyTorch)
  assert.equal(x.grad!.toArray()[0], Infinity);
});

test("a chain of 100,000 ops runs forward and backward without a stack overflow", () => {
  const x = tensor(1, { requiresGrad: true });
  let y: Tensor = x;
  for (let i = 0; i < 100000; i++) y = y.mul(1.00001);
  y.backward();
  assertClose(x.grad!, Math.pow(1.00001, 100000), "d/dx (1.00001^n x)", 1e-9);
});

test("backward({ inputs }) accumulates only into the given tensors", () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  a.mul(b).sum().backward(undefined, { inputs: [a] });
  assertClose(a.grad!, [3, 4], "a gets ∂/∂a");
  assert.equal(b.grad, null);
});

test("backward of several outputs sums their gradients", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  backward([x.sum(), x.mul(x).sum()]);
  assertClose(x.grad!, [3, 5], "1 + 2x");
});

test("grad() returns instead of accumulating, and names an unused input", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = tensor([3], { requiresGrad: true });
  y.label = "y";
  const [gx] = autogradGrad([x.mul(x).sum()], [x]);
  assertClose(gx, [2, 4], "2x");
  assert.equal(x.grad, null, "grad() does not touch .grad");
  assert.throws(() => autogradGrad([x.sum()], [x, y]), /input 1 \('y'\).*not used.*allowUnused/s);
  const [, gy] = autogradGrad([x.sum()], [x, y], { allowUnused: true });
  assertClose(gy, [0], "zeros with allowUnused");
});

test("requiresGrad only on float leaves, with explanations", () => {
  assert.throws(() => tensor([1, 2], { dtype: "int32", requiresGrad: true }), /only float tensors.*double\(\)/s);
  const y = tensor([1], { requiresGrad: true }).mul(2);
  assert.throws(() => (y.requiresGrad = false), /only change requiresGrad of leaf tensors.*MulBackward0.*detach/s);
});

test("shape errors name the op and both shapes", () => {
  assert.throws(() => ones([2, 3]).matmul(ones([2, 3])), { message: "matmul: shapes [2,3] and [2,3] cannot be multiplied (3 != 2)" });
  assert.throws(() => ones([2, 3]).add(ones([4])), /add: shapes \[2,3\] and \[4\] cannot be broadcast/);
  assert.throws(() => arange(6).reshape(4, -1), /reshape: shape \[4,-1\] is invalid for an input of 6 elements/);
  assert.throws(() => zeros([2, 3]).sum(2), /sum: dimension 2 is out of range for a 2-d tensor/);
});

test("float32 tensors stay float32 through ops and gradients", () => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = x.mul(0.5).exp().sum();
  assert.equal(y.dtype, "float32");
  y.backward();
  assert.equal(x.grad!.dtype, "float32");
  assertClose(x.grad!, [0.5 * Math.exp(0.5), 0.5 * Math.exp(1)], "float32 gradient", 1e-6);
  const z = x.double();
  assert.equal(z.dtype, "float64");
  assert.equal(z.gradFn!.name, "ToCopyBackward0");
});

test("grad() prunes to its inputs: a freed branch that does not lead to them is not visited", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const w = tensor([3, 4], { requiresGrad: true });
  const hidden = w.exp(); // a branch through w
  hidden.sum().backward(); // frees ExpBackward0
  const y = x.mul(x).add(hidden).sum(); // y depends on x and on the freed branch
  const [gx] = autogradGrad([y], [x]);
  assertClose(gx, [2, 4], "2x, without touching the freed ExpBackward0");
  assert.throws(() => autogradGrad([y], [w]), /second time/, "the freed branch is still an error when it is needed");
});

test("backward({ retainGraph }) is read as options; a wrong gradient type is a TypeError", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.exp().sum();
  y.backward({ retainGraph: true });
  y.backward();
  assertClose(x.grad!, [2 * Math.E, 2 * Math.exp(2)], "two backward calls accumulate");
  assert.throws(() => x.mul(2).sum().backward({ foo: 1 } as never), /must be a tensor or a number.*Options go second/s);
});
