/**
 * Forward mode on dual levels and its compositions with reverse mode and with itself:
 * nested levels give mixed derivatives, forward-over-reverse and reverse-over-forward give
 * Hessian-vector products, and batched levels (the vectorized jacobian) nest too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor, tensor, cat, Generator, grad, jvp, jacobian, hessian, hvp, dualLevel, makeDual, tangentOf } from "../../lib/index";
import { uniform, assertClose, flat, dotAll } from "../helpers";

const gen = new Generator(47);

// f(x) = Σ sin(x_i) x_{i+1} + Σ x_i³ / 3 (indices cyclic): a Hessian with diagonal and off-diagonal parts
const roll = (x: Tensor) => cat([x.index("1:"), x.index(":1")], 0);
const f = (x: Tensor) => x.sin().mul(roll(x)).sum().add(x.pow(3).div(3).sum());

/** The closed-form Hessian of f at x. */
function hessianOf(x: number[]): number[][] {
  const n = x.length;
  const H = x.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    H[i][i] += -Math.sin(x[i]) * x[j] + 2 * x[i];
    H[i][j] += Math.cos(x[i]);
    H[j][i] += Math.cos(x[i]);
  }
  return H;
}

test("nested dual levels give the mixed second derivative wᵀHv", () => {
  const x = uniform(gen, [4]), v = uniform(gen, [4]), w = uniform(gen, [4]);
  const [, d2] = jvp((y: Tensor) => jvp(f, y, v)[1], x, w);
  const H = hessianOf(flat(x));
  const expected = dotAll(flat(w), H.map((row) => dotAll(row, flat(v))));
  assertClose(d2, expected, "wᵀHv");
  // the same with the levels by hand
  const byHand = dualLevel((outer) => {
    const xo = makeDual(x, w, outer);
    const inner = dualLevel((lvl) => tangentOf(f(makeDual(xo, v, lvl)), lvl));
    return tangentOf(inner, outer);
  });
  assertClose(byHand, expected, "wᵀHv by hand");
});

test("Hv three ways: forward-over-reverse, reverse-over-forward, reverse-over-reverse", () => {
  const x = uniform(gen, [5]), v = uniform(gen, [5]);
  const H = hessianOf(flat(x));
  const expected = H.map((row) => dotAll(row, flat(v)));
  assertClose(hvp(f, x, v), expected, "jvp(grad(f))");
  assertClose(grad((y: Tensor) => jvp(f, y, v)[1])(x), expected, "grad(jvp(f))");
  assertClose(grad((y: Tensor) => grad(f)(y).mul(v).sum())(x), expected, "grad(⟨grad f, v⟩)");
});

test("jacobian nests in every mode combination: the Hessian of f", () => {
  const x = uniform(gen, [4]);
  const H = hessianOf(flat(x)).flat();
  for (const outer of ["fwd", "rev"] as const) {
    for (const inner of ["fwd", "rev"] as const) {
      const J = jacobian((y: Tensor) => jacobian(f, y, { mode: inner }), x, { mode: outer });
      assertClose(J, H, `jacobian(${outer}) of jacobian(${inner})`, 1e-12, 1e-13);
    }
  }
});

test("third derivatives: jacobian of the hessian of Σ x³ is 6 on the diagonal", () => {
  const x = uniform(gen, [3]);
  const T = jacobian((y: Tensor) => hessian((z: Tensor) => z.pow(3).sum(), y), x, { mode: "fwd" });
  assert.deepEqual([...T.shape], [3, 3, 3]);
  const expected: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) expected.push(i === j && j === k ? 6 : 0);
  assertClose(T, expected, "∂³Σx³", 1e-12, 1e-13);
});

test("broadcasting inputs in a batched pass: x [3] + y [2, 3] and x·s for a 0-d s", () => {
  const x = uniform(gen, [3]), y = uniform(gen, [2, 3]), s = tensor(1.7);
  for (const mode of ["fwd", "rev"] as const) {
    const [Jx, Jy] = jacobian((a: Tensor, b: Tensor) => a.add(b).mul(a), [x, y], { mode });
    // out[i][j] = (x_j + y_ij) x_j: ∂/∂x_k = δ_jk (2x_j + y_ij), ∂/∂y_kl = δ_ik δ_jl x_j
    const xs = flat(x), ys = flat(y);
    const ex: number[] = [], ey: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) {
      for (let k = 0; k < 3; k++) ex.push(j === k ? 2 * xs[j] + ys[i * 3 + j] : 0);
      for (let k = 0; k < 2; k++) for (let l = 0; l < 3; l++) ey.push(i === k && j === l ? xs[j] : 0);
    }
    assertClose(Jx, ex, `${mode}: ∂/∂x`);
    assertClose(Jy, ey, `${mode}: ∂/∂y`);
    const [, Js] = jacobian((a: Tensor, c: Tensor) => a.mul(c), [x, s], { mode });
    assertClose(Js, xs, `${mode}: ∂(x·s)/∂s`);
  }
});

test("a float32 primal takes its tangent in float32", () => {
  const [y, t] = jvp((x: Tensor) => x.square(), tensor([1, 2], { dtype: "float32" }), tensor([1, 1]));
  assert.equal(y.dtype, "float32");
  assert.equal(t.dtype, "float32");
  assertClose(t, [2, 4], "tangent");
});
