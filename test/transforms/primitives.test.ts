/**
 * Every primitive of the op table (lib/ops/table.ts), at each of its test cases:
 *   - the Jacobian by reverse mode and by forward mode agree, both batched (one pass) and
 *     one pass per row/column, and agree with central differences;
 *   - for smooth cases, the Hessian of x ↦ ⟨c, f(x)⟩ is symmetric, and forward-over-reverse
 *     equals reverse-over-reverse.
 * (JVP vs central differences in a random direction and the VJP inner-product identity are
 * the lead's sweep in test/ops.sweep.test.ts.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor, Generator, jacobian, hessian, noGrad } from "../../lib/index";
import { allPrimitives } from "../../lib/ops/table";
import { apply } from "../../lib/ops/dispatch";
import type { OpRow, TestCase } from "../../lib/ops/row";
import { isFloat } from "../../lib/tensor/dtype";
import { uniform, ints, assertClose, flat } from "../helpers";

function inputsFor(c: TestCase<unknown>, gen: Generator): Tensor[] {
  return c.shapes.map((s, i) => {
    const bound = c.ints?.[i];
    if (bound !== undefined) return ints(gen, s, bound);
    const [lo, hi] = c.domains?.[i] ?? c.domain ?? [-2, 2];
    return uniform(gen, s, lo, hi);
  });
}

/** The Jacobian of f at xs by central differences, shape [...out, ...x_k] per input (flattened). */
function centralJacobian(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], h: number): number[][] {
  const y0 = noGrad(() => f(...xs));
  const m = y0.numel();
  return xs.map((x, k) => {
    const n = x.numel();
    const J = new Array<number>(m * n).fill(0);
    const base = flat(x);
    for (let j = 0; j < n; j++) {
      const at = (step: number) => {
        const v = base.slice();
        v[j] += step;
        const args = xs.slice();
        args[k] = Tensor.fromData(Float64Array.from(v), x.shape.slice(), "float64").to(x.dtype);
        return flat(noGrad(() => f(...args)));
      };
      const p = at(h), q = at(-h);
      for (let i = 0; i < m; i++) J[i * n + j] = (p[i] - q[i]) / (2 * h);
    }
    return J;
  });
}

for (const [name, row] of Object.entries(allPrimitives())) {
  (row as OpRow<unknown>).test.forEach((c, k) => {
    test(`${name} case ${k}: forward and reverse Jacobians agree (batched, per pass, central differences)`, () => {
      const gen = new Generator(7000 + k);
      const all = inputsFor(c, gen);
      const diff = all.map((x, i) => isFloat(x.dtype) && !row.nondiff?.includes(i));
      if (!diff.some(Boolean)) return; // comparisons: nothing to differentiate
      const pos = diff.flatMap((d, i) => (d ? [i] : []));
      const xs = pos.map((i) => all[i]);
      const f = (...fs: Tensor[]) => {
        const args = all.slice();
        pos.forEach((i, j) => (args[i] = fs[j]));
        return apply(row, args, c.params);
      };
      const out = noGrad(() => f(...xs));
      const single = out.dtype === "float32";
      const rev = jacobian(f, xs);
      const fwd = jacobian(f, xs, { mode: "fwd" });
      const revLoop = jacobian(f, xs, { vectorize: false });
      const fwdLoop = jacobian(f, xs, { mode: "fwd", vectorize: false });
      const fd = centralJacobian(f, xs, single ? 1e-2 : 1e-6);
      const [rtol, atol] = single ? [1e-3, 1e-4] : [1e-6, 1e-7];
      xs.forEach((x, j) => {
        assert.deepEqual([...rev[j].shape], [...out.shape, ...x.shape], `${name}: Jacobian shape`);
        assertClose(fwd[j], rev[j], `${name} case ${k} input ${pos[j]}: forward vs reverse`, 1e-10, 1e-12);
        assertClose(revLoop[j], rev[j], `${name} case ${k} input ${pos[j]}: reverse, one pass per row vs batched`, 1e-10, 1e-12);
        assertClose(fwdLoop[j], fwd[j], `${name} case ${k} input ${pos[j]}: forward, one pass per column vs batched`, 1e-10, 1e-12);
        assertClose(rev[j], fd[j], `${name} case ${k} input ${pos[j]}: reverse vs central differences`, rtol, atol);
      });
    });

    if (c.smooth === false) return;
    test(`${name} case ${k}: the Hessian of ⟨c, f(x)⟩ is symmetric and the same by fwd-over-rev and rev-over-rev`, (t) => {
      const gen = new Generator(9000 + k);
      const all = inputsFor(c, gen);
      const pos = all.flatMap((x, i) => (isFloat(x.dtype) && !row.nondiff?.includes(i) ? [i] : []));
      if (pos.length === 0) return;
      const out = noGrad(() => apply(row, all, c.params));
      if (out.dtype !== "float64") return t.skip("float32 output: second differences are not meaningful");
      const weights = uniform(gen, out.shape, -1, 1);
      const xs = pos.map((i) => all[i]);
      const g = (...fs: Tensor[]) => {
        const args = all.slice();
        pos.forEach((i, j) => (args[i] = fs[j]));
        return apply(row, args, c.params).mul(weights).sum();
      };
      const H = hessian(g, xs);
      const Hr = hessian(g, xs, { mode: "rev" });
      xs.forEach((xi, i) => {
        xs.forEach((xj, j) => {
          const ni = xi.numel(), nj = xj.numel();
          assert.deepEqual([...H[i][j].shape], [...xi.shape, ...xj.shape], `${name}: Hessian block shape`);
          assertClose(Hr[i][j], H[i][j], `${name} case ${k}: H[${i}][${j}] rev-over-rev vs fwd-over-rev`, 1e-9, 1e-11);
          // symmetry: H[i][j][a, b] = H[j][i][b, a]
          const a = flat(H[i][j]), b = flat(H[j][i]);
          const bt = a.map((_, p) => b[(p % nj) * ni + Math.floor(p / nj)]);
          assertClose(a, bt, `${name} case ${k}: H[${i}][${j}] = H[${j}][${i}]ᵀ`, 1e-9, 1e-11);
        });
      });
    });
  });
}
