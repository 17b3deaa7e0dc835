/**
 * The op sweep: every primitive of the op table (lib/ops/table.ts), at every one of its
 * test cases, is checked for
 *   - JVP (forward mode, from the row's rule) against central differences in a random direction,
 *   - VJP (reverse mode) by the inner-product identity ⟨ct, J·v⟩ = ⟨Jᵀ·ct, v⟩,
 *   - second order where smooth: reverse-over-reverse Hessian-vector products against
 *     central differences of the gradient.
 * Forward values and kink subgradients are checked against PyTorch in torch.fixtures.test.ts.
 * A row without test cases (or an elementwise row without a domain) fails here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor, Generator, dualLevel, makeDual, tangentOf, autogradGrad, unaryOps, binaryOps, noGrad } from "../lib/index";
import { allPrimitives } from "../lib/ops/table";
import { apply } from "../lib/ops/dispatch";
import type { OpRow, TestCase } from "../lib/ops/row";
import { isFloat } from "../lib/tensor/dtype";
import { uniform, ints, flat, assertClose, dotAll } from "./helpers";

const H = 1e-5;

function makeInputs(c: TestCase<unknown>, gen: Generator): Tensor[] {
  return c.shapes.map((s, i) => {
    const bound = c.ints?.[i];
    if (bound !== undefined) return ints(gen, s, bound);
    const [lo, hi] = c.domains?.[i] ?? c.domain ?? [-2, 2];
    return uniform(gen, s, lo, hi);
  });
}

/** Inputs x + h·v (h may be negative) for the differentiable inputs. */
function shifted(xs: Tensor[], vs: (Tensor | null)[], h: number): Tensor[] {
  return xs.map((x, i) => (vs[i] ? x.add(vs[i]!.mul(h)).detach() : x));
}

function tolFor(out: Tensor): { rtol: number; atol: number } {
  return out.dtype === "float32" ? { rtol: 1e-3, atol: 1e-4 } : { rtol: 1e-6, atol: 1e-7 };
}

function sweepCase(name: string, row: OpRow<unknown>, c: TestCase<unknown>, k: number): void {
  const gen = new Generator(1000 + k);
  const f = (xs: readonly Tensor[]) => apply(row, xs, c.params);
  const xs = makeInputs(c, gen);
  const diff = xs.map((x, i) => isFloat(x.dtype) && !row.nondiff?.includes(i));
  const out = noGrad(() => f(xs));

  if (!diff.some(Boolean)) {
    // not differentiable in any input: no node is recorded, the output needs no grad
    const leaves = xs.map((x) => (isFloat(x.dtype) ? x.detach().requiresGrad_() : x));
    assert.equal(f(leaves).requiresGrad, false, `${name}: a non-differentiable op must not record a backward node`);
    return;
  }
  const vs = xs.map((x, i) => (diff[i] ? uniform(gen, x.shape, -1, 1) : null));
  const ct = uniform(gen, out.shape, -1, 1).to(out.dtype);
  const { rtol, atol } = tolFor(out);

  // JVP from the row's rule vs central differences
  const jv = dualLevel((lvl) => tangentOf(f(xs.map((x, i) => (vs[i] ? makeDual(x, vs[i]!, lvl) : x))), lvl));
  assert.deepEqual([...jv.shape], [...out.shape], `${name}: JVP shape`);
  const h = out.dtype === "float32" ? 1e-2 : H; // float32 rounding needs a larger step
  const fd = noGrad(() => f(shifted(xs, vs, h)).sub(f(shifted(xs, vs, -h))).div(2 * h));
  assertClose(jv, fd, `${name} case ${k}: JVP vs central difference`, rtol, atol);

  // VJP by the inner-product identity ⟨ct, J v⟩ = Σ_i ⟨J_iᵀ ct, v_i⟩
  const leaves = xs.map((x, i) => (diff[i] ? x.detach().requiresGrad_() : x));
  const y = f(leaves);
  const wrt = leaves.filter((_, i) => diff[i]);
  const gs = autogradGrad([y], wrt, { gradOutputs: [ct], allowUnused: true, createGraph: true });
  const vList = vs.filter((v): v is Tensor => v !== null);
  gs.forEach((g, j) => assert.deepEqual([...g.shape], [...wrt[j].shape], `${name}: gradient ${j} shape`));
  // the same cotangents from a pass that records nothing (fused elementwise kernels evaluating
  // each row's rule per element) agree with the recorded pass
  const plain = autogradGrad([f(leaves)], wrt, { gradOutputs: [ct], allowUnused: true });
  plain.forEach((g, j) => assertClose(g, gs[j], `${name} case ${k}: gradient ${j} without createGraph`, 1e-12, 1e-14));
  const lhs = dotAll(flat(ct), flat(jv));
  const rhs = gs.reduce((s, g, j) => s + dotAll(flat(g), flat(vList[j])), 0);
  const scale = dotAll(flat(ct).map(Math.abs), flat(jv).map(Math.abs)) + 1e-12;
  assert.ok(Math.abs(lhs - rhs) <= (out.dtype === "float32" ? 1e-5 : 1e-11) * scale + 1e-14,
    `${name} case ${k}: ⟨ct, Jv⟩ = ${lhs} but ⟨Jᵀct, v⟩ = ${rhs}`);

  // second order: Hessian-vector product of x ↦ ⟨ct, f(x)⟩ vs central differences of its gradient
  const smooth = c.smooth ?? true;
  if (!smooth || out.dtype === "float32") return;
  const s = gs.reduce<Tensor | null>((acc, g, j) => {
    const term = g.mul(vList[j]).sum();
    return acc ? acc.add(term) : term;
  }, null)!;
  const hv = s.requiresGrad ? autogradGrad([s], wrt, { allowUnused: true }) : wrt.map((w) => w.mul(0).detach());
  const gradAt = (h: number) => {
    const ls = shifted(xs, vs, h).map((x, i) => (diff[i] ? x.detach().requiresGrad_() : x));
    return autogradGrad([f(ls)], ls.filter((_, i) => diff[i]), { gradOutputs: [ct], allowUnused: true });
  };
  const gp = gradAt(H);
  const gm = gradAt(-H);
  hv.forEach((h, j) => assertClose(h, gp[j].sub(gm[j]).div(2 * H), `${name} case ${k}: Hessian-vector product (input ${j}) vs central difference`, 1e-5, 1e-6));
}

const rows = allPrimitives();

test("every row has test cases and every elementwise row a domain", () => {
  for (const [name, row] of Object.entries(rows)) assert.ok(row.test.length > 0, `${name} has no test cases`);
  for (const [name, r] of Object.entries(unaryOps)) assert.ok(r.domain && r.domain.lo < r.domain.hi, `${name} has no test domain`);
  for (const [name, r] of Object.entries(binaryOps)) assert.ok(r.domain.every((d) => d.lo < d.hi), `${name} has no test domain`);
});

for (const [name, row] of Object.entries(rows)) {
  test(`sweep: ${name}`, () => {
    row.test.forEach((c, k) => sweepCase(name, row, c, k));
  });
}
