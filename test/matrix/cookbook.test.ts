/**
 * Derivative identities from The Matrix Cookbook (Petersen & Pedersen), chapter 2, as a
 * table. Each closed form is typed in from the Cookbook (an independent source); for
 * each row the engine's derivation must (1) pass verify (autograd + central
 * differences), (2) equal the Cookbook's closed form at random values, and the closed
 * form itself must pass verify (so the table is checked too).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mat } from "../../lib/matrix";
import type { DerivativeOptions } from "../../lib/matrix";
import { assertClaim, assertSameValue, assertVerified } from "./util";

interface Row {
  /** Where in the Cookbook's derivative chapter. */
  section: string;
  f: string;
  wrt: string;
  shapes: string;
  /** The Cookbook's result (denominator layout: the shape of the variable). */
  cookbook: string;
  opts?: DerivativeOptions;
}

const sq = "A:3x3,B:3x3,C:3x3,D:3x3,X:3x3";
const rect = "A:2x3,X:3x4,B:4x2";

const rows: Row[] = [
  // ---- determinants
  { section: "determinant", f: "det(X)", wrt: "X", shapes: "X:3x3:inv", cookbook: "det(X)*inv(X)'" },
  { section: "determinant", f: "det(A*X*B)", wrt: "X", shapes: "A:3x3:inv,X:3x3:inv,B:3x3:inv", cookbook: "det(A*X*B)*inv(X)'" },
  { section: "determinant", f: "logdet(X)", wrt: "X", shapes: "X:3x3", cookbook: "inv(X)'" },
  { section: "determinant", f: "logdet(X'*X)", wrt: "X", shapes: "X:4x2", cookbook: "2*X*inv(X'*X)" },
  { section: "determinant", f: "det(X'*A*X)", wrt: "X", shapes: "X:3x2,A:3x3", cookbook: "det(X'*A*X)*(A*X*inv(X'*A*X) + A'*X*inv(X'*A'*X))", opts: { assumeInvertible: true } },
  { section: "determinant", f: "det(X*X)", wrt: "X", shapes: "X:3x3:inv", cookbook: "2*det(X*X)*inv(X)'" },
  // ---- inverses
  { section: "inverse", f: "a'*inv(X)*b", wrt: "X", shapes: "a:3,X:3x3,b:3", cookbook: "-inv(X)'*a*b'*inv(X)'" },
  { section: "inverse", f: "det(inv(X))", wrt: "X", shapes: "X:3x3:inv", cookbook: "-det(inv(X))*inv(X)'" },
  { section: "inverse", f: "tr(A*inv(X)*B)", wrt: "X", shapes: sq, cookbook: "-(inv(X)*B*A*inv(X))'" },
  { section: "inverse", f: "tr(inv(X + A))", wrt: "X", shapes: sq, cookbook: "-(inv(X + A)*inv(X + A))'" },
  // ---- first order
  { section: "first order", f: "x'*a", wrt: "x", shapes: "x:3,a:3", cookbook: "a" },
  { section: "first order", f: "a'*X*b", wrt: "X", shapes: "a:3,X:3x4,b:4", cookbook: "a*b'" },
  { section: "first order", f: "a'*X'*b", wrt: "X", shapes: "a:4,X:3x4,b:3", cookbook: "b*a'" },
  { section: "first order", f: "a'*X*a", wrt: "X", shapes: "a:3,X:3x3", cookbook: "a*a'" },
  // ---- second order
  { section: "second order", f: "b'*X'*X*c", wrt: "X", shapes: "b:3,X:4x3,c:3", cookbook: "X*(b*c' + c*b')" },
  { section: "second order", f: "(B*x + b)'*C*(D*x + d)", wrt: "x", shapes: "B:4x3,x:3,b:4,C:4x5,D:5x3,d:5", cookbook: "B'*C*(D*x + d) + D'*C'*(B*x + b)" },
  { section: "second order", f: "x'*B*x", wrt: "x", shapes: "x:3,B:3x3", cookbook: "(B + B')*x" },
  { section: "second order", f: "b'*X'*D*X*c", wrt: "X", shapes: "b:3,X:4x3,D:4x4,c:3", cookbook: "D'*X*b*c' + D*X*c*b'" },
  { section: "second order", f: "(X*b + c)'*D*(X*b + c)", wrt: "X", shapes: "X:4x3,b:3,c:4,D:4x4", cookbook: "(D + D')*(X*b + c)*b'" },
  { section: "second order", f: "x'*x", wrt: "x", shapes: "x:3", cookbook: "2*x" },
  // ---- quadratic forms with a symmetric W
  { section: "quadratic form, W symmetric", f: "(x - A*s)'*W*(x - A*s)", wrt: "s", shapes: "x:4,A:4x3,s:3,W:4x4:sym", cookbook: "-2*A'*W*(x - A*s)" },
  { section: "quadratic form, W symmetric", f: "(x - A*s)'*W*(x - A*s)", wrt: "x", shapes: "x:4,A:4x3,s:3,W:4x4:sym", cookbook: "2*W*(x - A*s)" },
  { section: "quadratic form, W symmetric", f: "(x - A*s)'*W*(x - A*s)", wrt: "A", shapes: "x:4,A:4x3,s:3,W:4x4:sym", cookbook: "-2*W*(x - A*s)*s'" },
  { section: "quadratic form, W symmetric", f: "(x - s)'*W*(x - s)", wrt: "s", shapes: "x:4,s:4,W:4x4:sym", cookbook: "-2*W*(x - s)" },
  // ---- traces, first order
  { section: "trace, first order", f: "tr(X)", wrt: "X", shapes: sq, cookbook: "eye(3)" },
  { section: "trace, first order", f: "tr(X*A)", wrt: "X", shapes: "X:3x4,A:4x3", cookbook: "A'" },
  { section: "trace, first order", f: "tr(A*X*B)", wrt: "X", shapes: rect, cookbook: "A'*B'" },
  { section: "trace, first order", f: "tr(A*X'*B)", wrt: "X", shapes: "A:2x4,X:3x4,B:3x2", cookbook: "B*A" },
  { section: "trace, first order", f: "tr(X'*A)", wrt: "X", shapes: "X:3x4,A:3x4", cookbook: "A" },
  { section: "trace, first order", f: "tr(A*X')", wrt: "X", shapes: "X:3x4,A:3x4", cookbook: "A" },
  // ---- traces, second order
  { section: "trace, second order", f: "tr(X*X)", wrt: "X", shapes: sq, cookbook: "2*X'" },
  { section: "trace, second order", f: "tr(X*X*B)", wrt: "X", shapes: sq, cookbook: "(X*B + B*X)'" },
  { section: "trace, second order", f: "tr(X'*B*X)", wrt: "X", shapes: "X:3x4,B:3x3", cookbook: "B*X + B'*X" },
  { section: "trace, second order", f: "tr(B*X*X')", wrt: "X", shapes: "X:3x4,B:3x3", cookbook: "B*X + B'*X" },
  { section: "trace, second order", f: "tr(X*X'*B)", wrt: "X", shapes: "X:3x4,B:3x3", cookbook: "B*X + B'*X" },
  { section: "trace, second order", f: "tr(X*B*X')", wrt: "X", shapes: "X:3x4,B:4x4", cookbook: "X*B' + X*B" },
  { section: "trace, second order", f: "tr(B*X'*X)", wrt: "X", shapes: "X:3x4,B:4x4", cookbook: "X*B' + X*B" },
  { section: "trace, second order", f: "tr(X'*X*B)", wrt: "X", shapes: "X:3x4,B:4x4", cookbook: "X*B' + X*B" },
  { section: "trace, second order", f: "tr(A*X*B*X)", wrt: "X", shapes: "A:2x3,X:3x2,B:2x3", cookbook: "A'*X'*B' + B'*X'*A'" },
  { section: "trace, second order", f: "tr(X'*X)", wrt: "X", shapes: "X:3x4", cookbook: "2*X" },
  { section: "trace, second order", f: "tr(B'*X'*C*X*B)", wrt: "X", shapes: "B:4x2,X:3x4,C:3x3", cookbook: "C'*X*B*B' + C*X*B*B'" },
  { section: "trace, second order", f: "tr(X'*B*X*C)", wrt: "X", shapes: "X:3x4,B:3x3,C:4x4", cookbook: "B*X*C + B'*X*C'" },
  { section: "trace, second order", f: "tr(A*X*B*X'*C)", wrt: "X", shapes: "A:2x3,X:3x4,B:4x4,C:3x2", cookbook: "A'*C'*X*B' + C*A*X*B" },
  { section: "trace, second order", f: "tr((A*X*B + C)*(A*X*B + C)')", wrt: "X", shapes: "A:2x3,X:3x4,B:4x5,C:2x5", cookbook: "2*A'*(A*X*B + C)*B'" },
  // ---- traces, higher order
  { section: "trace, higher order", f: "tr(X*X*X)", wrt: "X", shapes: sq, cookbook: "3*(X*X)'" },
  { section: "trace, higher order", f: "tr(A*X*X)", wrt: "X", shapes: sq, cookbook: "(X*A + A*X)'" },
  // ---- norms
  { section: "vector 2-norm", f: "norm2(x - a)", wrt: "x", shapes: "x:4,a:4", cookbook: "(x - a)/norm2(x - a)" },
  { section: "vector 2-norm", f: "norm2(x)^2", wrt: "x", shapes: "x:4", cookbook: "2*x" },
  { section: "Frobenius norm", f: "norm2(X)^2", wrt: "X", shapes: "X:3x4", cookbook: "2*X" },
];

describe("The Matrix Cookbook, chapter 2 (derivatives): the engine derives every identity", () => {
  it(`has at least 30 identities (${rows.length})`, () => {
    assert.ok(rows.length >= 30);
  });
  for (const r of rows) {
    it(`${r.section}: ∂(${r.f})/∂${r.wrt} = ${r.cookbook}`, () => {
      const f = mat.parse(r.f, r.shapes);
      const d = mat.grad(f, r.wrt, r.opts);
      assertVerified(d, r.f);
      assertClaim(f, r.wrt, r.cookbook, `Cookbook: ${r.f}`);
      assertSameValue(d.value, mat.parse(r.cookbook, r.shapes), `${r.f}: derived ${d.text} vs Cookbook ${r.cookbook}`);
      // the printed result parses back to the same value
      assertSameValue(mat.parse(d.text, r.shapes), d.value, `${r.f}: re-parsed ${d.text}`);
    });
  }
});
