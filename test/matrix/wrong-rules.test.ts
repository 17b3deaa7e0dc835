/**
 * Wrong rules that circulate in the articles' rule lists (a missing transpose, a
 * symmetric-only shortcut, a layout mix-up, table typos) are demonstrably wrong:
 * verify reports the mismatch with the numbers, while the engine's derivation passes.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mat } from "../../lib/matrix";
import { assertVerified } from "./util";

const P = mat.parse;

interface Wrong {
  source: string;
  f: string;
  shapes: string;
  wrt: string;
  /** The circulating (wrong) rule. */
  claim: string;
  layout?: "denominator" | "numerator";
}

const wrongs: Wrong[] = [
  { source: "15/16: d(xᵀAx)/dx = 2Ax (symmetric A only)", f: "x'*A*x", shapes: "A:3x3,x:3", wrt: "x", claim: "2*A*x" },
  { source: "03: ∂tr(ABAᵀC)/∂A = CᵀABᵀ (one product-rule term dropped)", f: "tr(A*B*A'*C)", shapes: "A:3x2,B:2x2,C:3x3", wrt: "A", claim: "C'*A*B'" },
  { source: "a cheat sheet: ∂ln det X/∂X = X⁻¹ (transpose missing)", f: "logdet(X)", shapes: "X:3x3", wrt: "X", claim: "inv(X)" },
  { source: "a cheat sheet: ∂tr(X⁻¹A)/∂X = −X⁻¹AᵀX⁻¹ (transposes misplaced)", f: "tr(inv(X)*A)", shapes: "X:3x3,A:3x3", wrt: "X", claim: "-inv(X)*A'*inv(X)" },
  { source: "23: ∂|A|/∂A = adj(A) (the cofactor matrix transposed once too often)", f: "det(A)", shapes: "A:3x3", wrt: "A", claim: "adj(A)" },
  { source: "02 E3: ∂f/∂Y = 2MY for a non-symmetric M", f: "tr(Y'*M*Y)", shapes: "Y:3x2,M:3x3", wrt: "Y", claim: "2*M*Y" },
  { source: "16 (variant): Y = XᵀAX ⇒ 2AX", f: "x'*A*x", shapes: "A:3x3,x:3", wrt: "x", claim: "2*A*x" },
  { source: "15: d(xᵀA)/dx = Aᵀ read in denominator layout", f: "x'*A", shapes: "A:3x3,x:3", wrt: "x", claim: "A'", layout: "denominator" },
  { source: "15: d(Ax)/dx = A read in denominator layout", f: "A*x", shapes: "A:3x3,x:3", wrt: "x", claim: "A", layout: "denominator" },
  { source: "17: ∂‖X‖₂² (spectral) taken as 2X is the Frobenius result; the Frobenius norm unsquared is not 2X", f: "norm2(X)", shapes: "X:3x3", wrt: "X", claim: "2*X" },
];

describe("wrong rules from the articles fail verify, with the numbers", () => {
  for (const w of wrongs) {
    it(w.source, () => {
      const f = P(w.f, w.shapes);
      const r = mat.verify(f, w.wrt, w.claim, { layout: w.layout });
      assert.equal(r.ok, false, `${w.claim} should not verify:\n${r.toString()}`);
      const bad = r.failure!;
      assert.ok(bad.errAutograd > 1e-3 && bad.errNumeric > 1e-3, "a real mismatch, not rounding");
      assert.ok(bad.errReference < 1e-6, "autograd and central differences agree with each other");
      const text = r.toString();
      assert.match(text, /FAIL/);
      assert.match(text, /claimed {8}= tensor/);
      assert.match(text, /autograd {7}= tensor/);
      // the engine's own derivation of the same f passes
      assertVerified(mat.derivative(f, w.wrt, { layout: w.layout }), w.f);
    });
  }
});
