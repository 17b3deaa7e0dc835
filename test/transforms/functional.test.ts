/**
 * The functional transforms against closed forms: grad, valueAndGrad, vjp, jvp, hvp,
 * jacobian, hessian, their compositions, and their errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Tensor, tensor, zeros, eye, Generator, grad, valueAndGrad, vjp, jvp, hvp, jacobian, hessian, F, noGrad, ShapeError, matmul,
} from "../../lib/index";
import { uniform, assertClose, flat } from "../helpers";

const gen = new Generator(31);

test("grad(grad(sin)) is -sin and grad³(sin) is -cos, at many points", () => {
  const d2 = grad(grad((x: Tensor) => x.sin()));
  const d3 = grad(grad(grad((x: Tensor) => x.sin())));
  for (const v of [-2.5, -1, 0, 0.3, 1.7, 3]) {
    assertClose(d2(tensor(v)), -Math.sin(v), `sin''(${v})`, 1e-13, 1e-15);
    assertClose(d3(tensor(v)), -Math.cos(v), `sin'''(${v})`, 1e-13, 1e-15);
  }
});

test("grad of x ↦ Σ x² + sin(x) is 2x + cos(x), and the result is detached", () => {
  const x = uniform(gen, [5]);
  const g = grad((v: Tensor) => v.square().add(v.sin()).sum())(x);
  assertClose(g, flat(x).map((v) => 2 * v + Math.cos(v)), "gradient");
  assert.equal(g.requiresGrad, false);
  assert.equal(x.grad, null, "grad must not write x.grad");
});

test("grad with argnums: one index gives a tensor, a list gives one gradient per argument", () => {
  const f = (w: Tensor, b: Tensor, x: Tensor) => w.mul(x).add(b).square().sum();
  const w = tensor(1.5), b = tensor(-0.5), x = tensor([1, 2, 3]);
  // L = Σ (w x + b)²: ∂L/∂w = Σ 2(wx + b)x, ∂L/∂b = Σ 2(wx + b), ∂L/∂x = 2(wx + b)w
  const r = [1, 2, 3].map((v) => 1.5 * v - 0.5);
  const gw = grad(f)(w, b, x);
  assertClose(gw, r.reduce((s, v, i) => s + 2 * v * (i + 1), 0), "∂L/∂w");
  const [gb, gx] = grad(f, { argnums: [1, 2] })(w, b, x);
  assertClose(gb, r.reduce((s, v) => s + 2 * v, 0), "∂L/∂b");
  assertClose(gx, r.map((v) => 2 * v * 1.5), "∂L/∂x");
  assert.throws(() => grad(f, { argnums: 3 })(w, b, x), /grad: argnums 3 is out of range: f was called with 3 arguments/);
});

test("valueAndGrad returns f(x) and the gradient", () => {
  const [v, g] = valueAndGrad((w: Tensor) => w.square().sum())(tensor([1, 2]));
  assertClose(v, 5, "value");
  assertClose(g, [2, 4], "gradient");
  assert.equal(v.requiresGrad, false);
});

test("grad of a non-scalar function explains vjp and jacobian", () => {
  assert.throws(
    () => grad((x: Tensor) => x.square())(tensor([1, 2, 3])),
    (e: Error) => /^grad: f returned a tensor of shape \[3\]/.test(e.message) && /vjp\(f, x\)/.test(e.message) && /jacobian\(f, x\)/.test(e.message),
  );
});

test("an unused argument is an error naming it, or zeros with allowUnused", () => {
  const f = (x: Tensor, _y: Tensor) => x.sin().sum();
  const y = tensor([1, 2]);
  y.label = "y";
  assert.throws(() => grad(f, { argnums: [0, 1] })(tensor(1), y), /grad: the output of f does not depend on argument 1 \('y'\).*allowUnused: true/);
  const [gx, gy] = grad(f, { argnums: [0, 1], allowUnused: true })(tensor(1), y);
  assertClose(gx, Math.cos(1), "used argument");
  assertClose(gy, [0, 0], "unused argument gets zeros");
  // a constant output (nothing depends on x)
  assertClose(grad((_x: Tensor) => tensor(3), { allowUnused: true })(tensor(2)), 0, "constant");
});

test("arguments must be float tensors", () => {
  assert.throws(() => grad((x: any) => x)(2 as any), /grad: argument 0 is a number; derivatives are taken with respect to tensors/);
  assert.throws(() => grad((x: Tensor) => x.sum())(tensor([1, 2], { dtype: "int32" })), /grad: argument 0 has dtype int32/);
});

test("no perturbation confusion: d/dx [x · d/dy (x·y)] = 2x", () => {
  // inner derivative is x (y is the variable), so the function is x², derivative 2x
  const f = (x: Tensor) => x.mul(grad((y: Tensor) => x.mul(y))(tensor(5)));
  assertClose(grad(f)(tensor(3)), 6, "2x at 3");
  // the same with the inner argument being x itself: d/dy (x·y) at y = x is still x
  const g = (x: Tensor) => x.mul(grad((y: Tensor) => x.mul(y))(x));
  assertClose(grad(g)(tensor(3)), 6, "2x at 3 (inner argument x)");
});

test("a parameter that f closes over keeps its graph: mixed partials by backward", () => {
  const w = tensor(2, { requiresGrad: true });
  // g(w) = ∂/∂x (w x³) at x = 1.5 = 3 w x², so ∂g/∂w = 3 x² = 6.75
  const gx = grad((x: Tensor) => w.mul(x.pow(3)))(tensor(1.5));
  assert.equal(gx.requiresGrad, true);
  gx.backward();
  assertClose(w.grad!, 6.75, "∂²/∂w∂x");
});

test("grad works inside noGrad", () => {
  assertClose(noGrad(() => grad((x: Tensor) => x.exp())(tensor(0.5))), Math.exp(0.5), "exp'");
});

test("vjp: vᵀJ for several cotangents and primals", () => {
  const x = uniform(gen, [3]), w = uniform(gen, [3]);
  const [y, pullback] = vjp((a: Tensor, b: Tensor) => a.mul(b).sin(), x, w);
  assertClose(y, flat(x).map((v, i) => Math.sin(v * flat(w)[i])), "output");
  for (const v of [tensor([1, 0, 0]), tensor([0.5, -1, 2])]) {
    const [gx, gw] = pullback(v);
    const c = flat(x).map((xv, i) => Math.cos(xv * flat(w)[i]) * flat(v)[i]);
    assertClose(gx, c.map((ci, i) => ci * flat(w)[i]), "∂/∂x");
    assertClose(gw, c.map((ci, i) => ci * flat(x)[i]), "∂/∂w");
  }
  assert.throws(() => pullback(tensor([1, 2])), /vjp: the cotangent has shape \[2\] but f's output has shape \[3\]/);
});

test("jvp: J·t in one forward pass, and its errors", () => {
  const [y, dy] = jvp((x: Tensor) => x.sin(), tensor(0.5), tensor(1));
  assertClose(y, Math.sin(0.5), "primal");
  assertClose(dy, Math.cos(0.5), "tangent");
  const [, t] = jvp((x: Tensor, w: Tensor) => x.mul(w), [tensor(2), tensor(3)], [tensor(1), tensor(0.5)]);
  assertClose(t, 3 * 1 + 2 * 0.5, "product rule");
  assert.throws(() => jvp((x: Tensor) => x, tensor([1, 2]), tensor([1])), /jvp: tangent 0 has shape \[1\] but primal 0 has shape \[2\]/);
  assert.throws(() => jvp((x: Tensor) => x, [tensor(1), tensor(2)], [tensor(1)]), /jvp: got 2 primals but 1 tangent/);
  // output that does not depend on the input: zero tangent
  assertClose(jvp(() => tensor([1, 2]), tensor(1), tensor(1))[1], [0, 0], "constant output");
});

test("hessian of xᵀAx is A + Aᵀ, by fwd-over-rev, rev-over-rev and jacobian(grad(f))", () => {
  const A = uniform(gen, [4, 4]);
  const x = uniform(gen, [4]);
  const f = (v: Tensor) => v.matmul(A.matmul(v));
  const expected = A.add(A.t());
  assertClose(hessian(f, x), expected, "hessian (fwd)", 1e-12, 1e-14);
  assertClose(hessian(f, x, { mode: "rev" }), expected, "hessian (rev)", 1e-12, 1e-14);
  assertClose(jacobian(grad(f), x), expected, "jacobian(grad(f))", 1e-12, 1e-14);
  assertClose(jacobian(grad(f), x, { mode: "fwd" }), expected, "jacobian(grad(f)) fwd", 1e-12, 1e-14);
});

test("hessian blocks for several inputs: f = Σ x²·y", () => {
  const x = tensor([1, 2]), y = tensor(3);
  const H = hessian((a: Tensor, b: Tensor) => a.square().mul(b).sum(), [x, y]);
  // ∂²/∂x² = 2y I, ∂²/∂x∂y = 2x, ∂²/∂y² = 0
  assertClose(H[0][0], [6, 0, 0, 6], "xx");
  assertClose(H[0][1], [2, 4], "xy");
  assertClose(H[1][0], [2, 4], "yx");
  assertClose(H[1][1], 0, "yy");
  assert.deepEqual([...H[0][0].shape], [2, 2]);
});

test("jacobian of softmax is diag(p) − ppᵀ, both modes", () => {
  const z = uniform(gen, [5], -2, 2);
  const p = flat(F.softmax(z, 0));
  const expected = p.flatMap((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj));
  assertClose(jacobian((v: Tensor) => F.softmax(v, 0), z), expected, "reverse", 1e-12, 1e-15);
  assertClose(jacobian((v: Tensor) => F.softmax(v, 0), z, { mode: "fwd" }), expected, "forward", 1e-12, 1e-15);
});

test("jacobian layout: rows = outputs, shape [...out, ...in], several inputs", () => {
  const W = uniform(gen, [2, 3]);
  const x = uniform(gen, [3]);
  const [Jx, JW] = jacobian((a: Tensor, m: Tensor) => m.matmul(a), [x, W]);
  assertClose(Jx, W, "∂(Wx)/∂x = W");
  assert.deepEqual([...JW.shape], [2, 2, 3]);
  // ∂(Wx)_i/∂W_jk = δ_ij x_k
  const xs = flat(x);
  assertClose(JW, [0, 1].flatMap((i) => [0, 1].flatMap((j) => xs.map((xk) => (i === j ? xk : 0)))), "∂(Wx)/∂W");
  // a matrix input and output: the identity map has the identity Jacobian of shape [2,3,2,3]
  const J = jacobian((m: Tensor) => m, W, { mode: "fwd" });
  assert.deepEqual([...J.shape], [2, 3, 2, 3]);
  assertClose(J.reshape(6, 6), eye(6), "identity");
});

test("jacobian of a function that ignores its input, or returns integers, is zero", () => {
  assertClose(jacobian(() => tensor([1, 2]), tensor([3, 4, 5])), zeros([2, 3]), "constant");
  assertClose(jacobian((x: Tensor) => x.argmax(), tensor([3, 4, 5]), { mode: "fwd" }), zeros([3]), "argmax");
});

test("hvp is H·v: forward over reverse", () => {
  const x = uniform(gen, [4]), v = uniform(gen, [4]);
  // f = Σ x³ + x0 x1: H = diag(6x) + e0e1ᵀ + e1e0ᵀ
  const f = (a: Tensor) => a.pow(3).sum().add(a.index(0).mul(a.index(1)));
  const xs = flat(x), vs = flat(v);
  const expected = xs.map((xi, i) => 6 * xi * vs[i] + (i === 0 ? vs[1] : i === 1 ? vs[0] : 0));
  assertClose(hvp(f, x, v), expected, "hvp");
});

test("a shape error inside a transform names the transform and the op", () => {
  const W = zeros([4, 2]);
  const f = (x: Tensor) => matmul(x, W).sum();
  assert.throws(() => grad(f)(zeros([3])), (e: Error) => e instanceof ShapeError && /^grad: matmul: shapes \[3\] and \[4,2\]/.test(e.message));
  assert.throws(() => jacobian(f, zeros([3])), (e: Error) => e instanceof ShapeError && /^jacobian: matmul/.test(e.message));
  assert.throws(() => hessian(f, zeros([3])), (e: Error) => /^hessian → jacobian → grad: matmul/.test(e.message));
  assert.throws(() => hessian((x: Tensor) => x.square(), tensor([1, 2])), (e: Error) => /^hessian → jacobian → grad: f returned a tensor of shape \[2\]/.test(e.message));
});

test("jacobian sweeps only the graph that leads to its inputs (a parameter's freed graph is not touched)", () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const h = w.mul(w);
  h.sum().backward(); // frees the graph of h
  const x = tensor([3, 4]);
  for (const mode of ["rev", "fwd"] as const) assertClose(jacobian((v: Tensor) => v.mul(h), x, { mode }), [1, 0, 0, 4], mode);
});

test("the pullback is linear in v and differentiable in v: the VJP of the VJP is the JVP", () => {
  const x = uniform(gen, [3]), t = uniform(gen, [3]);
  const f = (a: Tensor) => a.sin().mul(a.sum());
  const [, pullback] = vjp(f, x);
  // u ↦ Jᵀu is linear, so its own VJP with cotangent t is J·t
  const [, back] = vjp((u: Tensor) => pullback(u)[0], zeros([3]));
  assertClose(back(t)[0], jvp(f, x, t)[1], "vjp(vjp) = jvp");
});
