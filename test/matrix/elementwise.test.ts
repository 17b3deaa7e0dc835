/**
 * The elementwise derivatives come from the op table's rows (lib/ops/unary.ts,
 * binary.ts) through the matrix-expression algebra. Every row is swept: the engine's
 * gradient of sum(W ⊙ σ(X)) must match autograd and central differences at values in
 * the row's test domain, and smooth rows also get a Hessian check.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mat } from "../../lib/matrix";
import { unaryOps, UnaryName } from "../../lib/ops/unary";
import { binaryOps, BinaryName } from "../../lib/ops/binary";
import { Generator } from "../../lib/tensor/random";

function within(gen: Generator, r: number, c: number, lo: number, hi: number): number[][] {
  return Array.from({ length: r }, () => Array.from({ length: c }, () => lo + (hi - lo) * gen.random()));
}

describe("elementwise rows of the op table, through matrix expressions", () => {
  const gen = new Generator(3);
  for (const name of Object.keys(unaryOps) as UnaryName[]) {
    const row = unaryOps[name];
    it(`${name}: d ${name}(X) = ${name}′(X) ⊙ dX${row.smooth ? ", and the Hessian" : ""}`, () => {
      const f = mat.parse(`sum(W .* ${name === "neg" ? "-X" : `${name}(X)`})`, "W:3x4,X:3x4");
      const d = mat.grad(f, "X");
      const X = within(gen, 3, 4, row.domain.lo, row.domain.hi);
      const r = mat.verify(d, { values: { X }, trials: 2 });
      assert.ok(r.ok, r.toString());
      if (row.smooth && name !== "neg") {
        const g = mat.parse(`sum(${name}(x))`, "x:4");
        const h = mat.hessian(g, "x");
        const x = within(gen, 4, 1, row.domain.lo, row.domain.hi).map((v) => v[0]);
        const rh = mat.verify(h, { values: { x }, trials: 1 });
        assert.ok(rh.ok, rh.toString());
        const H = Array.from(h.evaluate({ x }).values());
        H.forEach((v, k) => { if (k % 5 !== 0) assert.ok(v === 0, `${h.text}: the Hessian of a separable sum is diagonal (entry ${k} is ${v})`); });
      }
    });
  }

  for (const name of Object.keys(binaryOps) as BinaryName[]) {
    const row = binaryOps[name];
    if (!row.deriv || name === "add" || name === "sub") continue;
    it(`${name}: both arguments, from the row's rule`, () => {
      const text = name === "maximum" ? "max(X, Y)" : name === "minimum" ? "min(X, Y)" : `X ${name === "mul" ? ".*" : name === "div" ? "./" : ".^"} Y`;
      const f = mat.parse(`sum(W .* (${text}))`, "W:2x3,X:2x3,Y:2x3");
      const [dx, dy] = row.domain;
      const values = { X: within(gen, 2, 3, dx.lo, dx.hi), Y: within(gen, 2, 3, dy.lo, dy.hi) };
      for (const v of ["X", "Y"]) {
        const r = mat.verify(mat.grad(f, v), { values, trials: 1 });
        assert.ok(r.ok, r.toString());
      }
    });
  }

  it("comparison rows have no rule: constant away from the jump, an error at it", () => {
    for (const op of [">", "<", ">=", "<=", "==", "!="]) {
      const d = mat.grad(mat.parse(`sum((X ${op} 0) .* X)`, "X:2x2"), "X");
      assert.ok(mat.verify(d, { trials: 1 }).ok, op);
      assert.throws(() => d.evaluate({ X: [[0, 1], [2, 3]] }), /kink/, op);
    }
  });

  it("the kink conventions are the rows': relu′ and |x|′ evaluate to PyTorch's subgradient when asked", () => {
    const d = mat.grad(mat.parse("sum(relu(x) + abs(x))", "x:3"), "x");
    assert.deepEqual(Array.from(d.evaluate({ x: [-1, 0, 2] }, { kinks: "subgradient" }).values()), [-1, 0, 2]);
  });
});
