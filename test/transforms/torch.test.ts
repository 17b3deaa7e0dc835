/**
 * Jacobians, Hessians, HVPs, VJPs and JVPs against PyTorch's torch.autograd.functional,
 * from fixtures made by test/fixtures/transforms/make_fixtures.py (no Python needed here).
 */
import { test } from "node:test";
import * as fs from "fs";
import * as path from "path";
import { Tensor, jacobian, hessian, hvp, vjp, jvp, grad, F } from "../../lib/index";
import { assertClose } from "../helpers";

interface Fixture {
  name: string;
  kind: string;
  inputs: { shape: number[]; values: number[] }[];
  result: { shape: number[]; values: number[] }[];
  W?: number[];
  b?: number[];
  X?: number[];
  t?: number[];
}

const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/transforms/torch.json"), "utf8")) as { cases: Fixture[] };
const T = (shape: number[], values: number[]) => Tensor.fromData(Float64Array.from(values), shape, "float64");
const byName = (n: string) => cases.find((c) => c.name === n)!;
const ins = (c: Fixture) => c.inputs.map((i) => T(i.shape, i.values));
const res = (c: Fixture, k = 0) => T(c.result[k].shape, c.result[k].values);

test("jacobian of tanh(Wx + b)·x matches PyTorch, both modes", () => {
  const c = byName("tanh(Wx+b)*x");
  const W = T([4, 4], c.W!), b = T([4], c.b!);
  const f = (x: Tensor) => W.matmul(x).add(b).tanh().mul(x);
  for (const mode of ["rev", "fwd"] as const) assertClose(jacobian(f, ins(c)[0], { mode }), res(c), `${mode}`, 1e-12, 1e-14);
});

test("jacobian of softmax matches PyTorch", () => {
  const c = byName("softmax");
  for (const mode of ["rev", "fwd"] as const) assertClose(jacobian((x: Tensor) => F.softmax(x, 0), ins(c)[0], { mode }), res(c), mode, 1e-12, 1e-15);
});

test("hessian of logsumexp matches PyTorch, fwd-over-rev and rev-over-rev", () => {
  const c = byName("logsumexp");
  for (const mode of ["fwd", "rev"] as const) assertClose(hessian((x: Tensor) => x.logsumexp(0), ins(c)[0], { mode }), res(c), mode, 1e-12, 1e-15);
});

test("Hessian blocks of Σ sin(A·y) with respect to A and y match PyTorch", () => {
  const c = byName("sum(sin(A@y))");
  const H = hessian((a: Tensor, y: Tensor) => a.matmul(y).sin().sum(), ins(c));
  assertClose(H[0][0], res(c, 0), "∂²/∂A²", 1e-12, 1e-14);
  assertClose(H[0][1], res(c, 1), "∂²/∂A∂y", 1e-12, 1e-14);
  assertClose(H[1][0], res(c, 2), "∂²/∂y∂A", 1e-12, 1e-14);
  assertClose(H[1][1], res(c, 3), "∂²/∂y²", 1e-12, 1e-14);
});

test("hvp of Σ x³ + Π x matches PyTorch", () => {
  const c = byName("sum(x^3)+prod(x)");
  const [x, v] = ins(c);
  assertClose(hvp((a: Tensor) => a.pow(3).sum().add(a.prod()), x, v), res(c), "hvp", 1e-12, 1e-14);
});

test("vjp and jvp of exp(x)·sin(x) match PyTorch", () => {
  const f = (x: Tensor) => x.exp().mul(x.sin());
  const cv = byName("exp(x)*sin(x) vjp");
  const [x, v] = ins(cv);
  assertClose(vjp(f, x)[1](v)[0], res(cv), "vjp", 1e-13, 1e-15);
  const cj = byName("exp(x)*sin(x) jvp");
  assertClose(jvp(f, x, v)[1], res(cj), "jvp", 1e-13, 1e-15);
});

test("gradient of a mean squared error with respect to W and b matches PyTorch", () => {
  const c = byName("mse(Xw+b, t)");
  const X = T([5, 3], c.X!), t = T([5], c.t!);
  const [w, b] = ins(c);
  const [gw, gb] = grad((ww: Tensor, bb: Tensor) => X.matmul(ww).add(bb).sub(t).square().mean(), { argnums: [0, 1] })(w, b);
  assertClose(gw, res(c, 0), "∂/∂w", 1e-13, 1e-15);
  assertClose(gb, res(c, 1), "∂/∂b", 1e-13, 1e-15);
});
