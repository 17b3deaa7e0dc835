/**
 * Every identity the matrix-calculus articles list (briefs 02, 03, 15, 16, 17, 20, 21,
 * 23): derived by the engine, checked by verify (autograd + central differences on
 * random matrices) and, where the article gives worked numbers, against those numbers.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mat } from "../../lib/matrix";
import { assertVerified, assertClaim, assertSameValue, assertNear, values } from "./util";

const P = mat.parse;

describe("02 矩阵求导术: the differential and trace method", () => {
  it("E1: ∂(aᵀXb)/∂X = abᵀ", () => {
    const d = mat.grad(P("a'*X*b", "a:3,X:3x4,b:4"), "X");
    assert.equal(d.text, "a*b'");
    assertVerified(d, "E1");
  });

  it("E2: ∂(aᵀexp(Xb))/∂X = (a ⊙ exp(Xb))bᵀ", () => {
    const f = P("a'*exp(X*b)", "a:3,X:3x4,b:4");
    const d = mat.grad(f, "X");
    assertVerified(d, "E2");
    assertClaim(f, "X", "(a .* exp(X*b))*b'", "E2 closed form");
    assertSameValue(d.value, P("(a .* exp(X*b))*b'", "a:3,X:3x4,b:4"), "E2");
  });

  it("E3: ∂tr(YᵀMY)/∂X = Wᵀ((2MY) ⊙ σ′(WX)) with Y = σ(WX), M symmetric; (M + Mᵀ)Y in general", () => {
    const shapes = "W:4x3,X:3x5,M:4x4:sym";
    const f = P("tr(sigmoid(W*X)'*M*sigmoid(W*X))", shapes);
    const d = mat.grad(f, "X");
    assertVerified(d, "E3");
    const article = "W'*((2*M*sigmoid(W*X)) .* (sigmoid(W*X) .* (1 - sigmoid(W*X))))";
    assertClaim(f, "X", article, "E3 closed form");
    assertSameValue(d.value, P(article, shapes), "E3");
    // with a non-symmetric M the article's 2MY is wrong and (M + Mᵀ)Y is right
    const g = P("tr(sigmoid(W*X)'*M*sigmoid(W*X))", "W:4x3,X:3x5,M:4x4");
    assertVerified(mat.grad(g, "X"), "E3 general M");
    assertClaim(g, "X", "W'*(((M + M')*sigmoid(W*X)) .* (sigmoid(W*X) .* (1 - sigmoid(W*X))))", "E3 general closed form");
    assert.equal(mat.verify(g, "X", article).ok, false, "2MY must fail for a non-symmetric M");
  });

  it("E4: ∂‖Xw − y‖²/∂w = 2Xᵀ(Xw − y), zero at the normal equation's w = (XᵀX)⁻¹Xᵀy", () => {
    const shapes = "X:8x3,w:3,y:8";
    const d = mat.grad(P("norm2(X*w - y)^2", shapes), "w");
    assert.equal(d.text, "2*X'*(X*w - y)");
    assertVerified(d, "E4");
    const X = [[1, 2, 0], [0, 1, 1], [2, 0, 1], [1, 1, 1], [3, 1, 0], [0, 2, 2], [1, 0, 3], [2, 2, 1]];
    const y = [1, 0, 2, 1, 3, -1, 0, 2];
    const wStar = mat.evaluate(P("inv(X'*X)*X'*y", shapes), { X, y });
    const g = d.evaluate({ X, y, w: wStar });
    assertNear(values(g), [0, 0, 0], "gradient at the normal-equation solution", 1e-9);
  });

  it("E5: the Gaussian covariance MLE: ∂/∂Σ (log|Σ| + tr(Σ⁻¹S)) = Σ⁻¹ − Σ⁻¹SΣ⁻¹, zero at Σ = S", () => {
    const f = P("logdet(Sigma) + tr(inv(Sigma)*S)", "Sigma:3x3:spd,S:3x3:sym");
    const d = mat.grad(f, "Sigma");
    assert.equal(d.text, "inv(Sigma) - inv(Sigma)*S*inv(Sigma)");
    assertVerified(d, "E5");
    const S = [[2, 0.5, 0.1], [0.5, 1.5, -0.2], [0.1, -0.2, 1]];
    assertNear(values(d.evaluate({ Sigma: S, S })), new Array(9).fill(0), "gradient at Σ = S", 1e-12);
    // and S is a minimum along a symmetric direction
    const l = (s: number) => mat.evaluate(f, { Sigma: S.map((r, i) => r.map((v, j) => v + s * (i === j ? 0.3 : 0.1))), S }).item();
    assert.ok(l(0) < l(0.05) && l(0) < l(-0.05));
  });

  it("E6: ∂(−yᵀ log softmax(Wx))/∂W = (softmax(Wx) − y)xᵀ for y summing to one", () => {
    const f = P("-y'*logsoftmax(W*x)", "y:3:prob,W:3x4,x:4");
    const d = mat.grad(f, "W");
    assert.equal(d.text, "(softmax(W*x) - y)*x'");
    assertVerified(d, "E6");
    const r = mat.verify(d, { values: { y: [0, 1, 0] } });
    assert.ok(r.ok, r.toString());
    // without the property the engine keeps the general form sum(y)*softmax(Wx) − y
    const g = mat.grad(P("-y'*logsoftmax(W*x)", "y:3,W:3x4,x:4"), "W");
    assertVerified(g, "E6 general y");
    assert.match(g.text, /sum\(y\)/);
  });

  it("E7: the two-layer network's gradients", () => {
    const shapes = "y:3:prob,W2:3x5,W1:5x4,x:4";
    const f = P("-y'*logsoftmax(W2*sigmoid(W1*x))", shapes);
    const h1 = "sigmoid(W1*x)";
    const dA2 = `(softmax(W2*${h1}) - y)`;
    const dW2 = mat.grad(f, "W2");
    assertVerified(dW2, "∂l/∂W2");
    assertClaim(f, "W2", `${dA2}*${h1}'`, "∂l/∂W2 = (∂l/∂a2) h1ᵀ");
    const dW1 = mat.grad(f, "W1");
    assertVerified(dW1, "∂l/∂W1");
    assertClaim(f, "W1", `((W2'*${dA2}) .* ${h1} .* (1 - ${h1}))*x'`, "∂l/∂W1 = (∂l/∂h1 ⊙ σ′(a1)) xᵀ");
    // with 1ᵀy = 1 the engine reaches the article's form itself: ∂l/∂h1 = W2ᵀ(softmax(a2) − y)
    assert.equal(dW2.text, `${dA2}*${h1}'`);
    assert.equal(dW1.text, `((1 - ${h1}) .* ${h1} .* (W2'*${dA2}))*x'`);
    const dx = mat.grad(f, "x");
    assertVerified(dx, "∂l/∂x");
  });

  it("the composition rule: f(Y) with Y = AXB gives ∂f/∂X = Aᵀ(∂f/∂Y)Bᵀ", () => {
    const f = P("sum(exp(A*X*B))", "A:2x3,X:3x4,B:4x5");
    const d = mat.grad(f, "X");
    assertVerified(d, "composition");
    assertClaim(f, "X", "A'*exp(A*X*B)*B'", "Aᵀ(∂f/∂Y)Bᵀ");
  });

  it("the trace tricks hold on shape-compatible non-square matrices", () => {
    assertSameValue(P("tr(A*B)", "A:3x4,B:4x3"), P("tr(B*A)", "A:3x4,B:4x3"), "tr(AB) = tr(BA)");
    const s = "A:3x4,B:3x4,C:3x4";
    assertSameValue(P("tr(A'*(B .* C))", s), P("tr((A .* B)'*C)", s), "tr(Aᵀ(B ⊙ C)) = tr((A ⊙ B)ᵀC)");
    assertSameValue(P("tr(A')", "A:3x3"), P("tr(A)", "A:3x3"), "tr(Aᵀ) = tr(A)");
  });

  it("d(X⁻¹) and d|X| predict finite perturbations to first order", () => {
    const F = P("inv(X + t*E)", "X:3x3:inv,E:3x3,t:1");
    const d = mat.derivative(F, "t", { layout: "numerator" });
    assert.equal(d.text, "-inv(X + t*E)*E*inv(X + t*E)");
    assertVerified(d, "dX⁻¹");
    const g = mat.derivative(P("det(X + t*E)", "X:3x3,E:3x3,t:1"), "t");
    assertVerified(g, "d|X|");
  });
});

describe("03 矩阵的迹: trace theorems", () => {
  it("tr(AB) = tr(BA) = 69 and 15 for the worked examples", () => {
    const v = { A: [[1, 2], [3, 4]], B: [[5, 6], [7, 8]] };
    assert.equal(mat.evaluate(P("tr(A*B)", "A:2x2,B:2x2"), v).item(), 69);
    assert.equal(mat.evaluate(P("tr(B*A)", "A:2x2,B:2x2"), v).item(), 69);
    const w = { A: [[1, 2, 3], [4, 5, 6]], B: [[1, 0], [0, 1], [1, 1]] };
    assert.equal(mat.evaluate(P("tr(A*B)", "A:2x3,B:3x2"), w).item(), 15);
    assert.equal(mat.evaluate(P("tr(B*A)", "A:2x3,B:3x2"), w).item(), 15);
  });

  it("Theorem 3: ∂tr(AB)/∂A = ∂tr(BA)/∂A = Bᵀ", () => {
    const d = mat.grad(P("tr(A*B)", "A:2x3,B:3x2"), "A");
    assert.equal(d.text, "B'");
    assertNear(values(d.evaluate({ A: [[1, 2, 3], [4, 5, 6]], B: [[1, 0], [0, 1], [1, 1]] })), [1, 0, 1, 0, 1, 1], "Bᵀ");
    assert.equal(mat.grad(P("tr(B*A)", "A:2x3,B:3x2"), "A").text, "B'");
    assertVerified(d, "Theorem 3");
  });

  it("Theorem 4: ∂tr(AᵀB)/∂A = ∂tr(BAᵀ)/∂A = B", () => {
    assert.equal(mat.grad(P("tr(A'*B)", "A:2x3,B:2x3"), "A").text, "B");
    assert.equal(mat.grad(P("tr(B*A')", "A:2x3,B:2x3"), "A").text, "B");
  });

  it("∂tr(ABAᵀC)/∂A = CAB + CᵀABᵀ; CᵀABᵀ alone (the common mistake) fails the check", () => {
    const f = P("tr(A*B*A'*C)", "A:3x2,B:2x2,C:3x3");
    const d = mat.grad(f, "A");
    assertVerified(d, "tr(ABAᵀC)");
    assertSameValue(d.value, P("C*A*B + C'*A*B'", "A:3x2,B:2x2,C:3x3"), "CAB + CᵀABᵀ");
    assertClaim(f, "A", "C*A*B + C'*A*B'", "CS229 identity");
    const wrong = mat.verify(f, "A", "C'*A*B'");
    assert.equal(wrong.ok, false);
    assert.match(wrong.toString(), /FAIL/);
  });
});

describe("15 矩阵-向量求导法则: numerator-layout rules", () => {
  const shapes = "A:2x2,x:2";
  const v = { A: [[1, 2], [3, 4]], x: [1, 2] };

  it("d(Ax)/dx = A, d(xᵀA)/dx = Aᵀ (numerator layout, the Jacobian)", () => {
    const j1 = mat.jacobian(P("A*x", "A:2x3,x:3"), "x");
    assert.equal(j1.text, "A");
    assert.equal(j1.layout, "numerator");
    assertVerified(j1, "d(Ax)/dx");
    const j3 = mat.jacobian(P("x'*A", "A:3x2,x:3"), "x");
    assert.equal(j3.text, "A'");
    assertVerified(j3, "d(xᵀA)/dx");
    assertNear(values(mat.jacobian(P("x'*A", shapes), "x").evaluate(v)), [1, 3, 2, 4], "Aᵀ for the worked A");
  });

  it("d(xᵀAx)/dx = xᵀ(Aᵀ + A): 27 and [12, 21] for the worked example", () => {
    const f = P("x'*A*x", shapes);
    assert.equal(mat.evaluate(f, v).item(), 27);
    const num = mat.grad(f, "x", { layout: "numerator" });
    assert.equal(num.text, "x'*(A + A')");
    assert.deepEqual([...num.evaluate(v).shape], [1, 2]);
    assertNear(values(num.evaluate(v)), [12, 21], "row gradient");
    const den = mat.grad(f, "x");
    assert.equal(den.text, "(A + A')*x");
    assertNear(values(den.evaluate(v)), [12, 21], "column gradient");
    assertVerified(num, "rule 4, numerator");
    assertVerified(den, "rule 4, denominator");
  });

  it("the symmetric-only shortcut 2Ax is demonstrably wrong for a non-symmetric A and right for a symmetric one", () => {
    const r = mat.verify(P("x'*A*x", shapes), "x", "2*A*x", { values: v });
    assert.equal(r.ok, false);
    assertNear(values(r.trials[0].claimed), [10, 22], "the shortcut's numbers");
    assertNear(values(r.trials[0].autograd), [12, 21], "autograd's numbers");
    assert.match(r.toString(), /MISMATCH/);
    const S = P("x'*S*x", "S:2x2:sym,x:2");
    assertClaim(S, "x", "2*S*x", "2Sx for symmetric S", { values: { S: [[2, 1], [1, 3]], x: [1, 2] } });
    assert.equal(mat.grad(S, "x").text, "2*S*x");
    assertNear(values(mat.grad(S, "x").evaluate({ S: [[2, 1], [1, 3]], x: [1, 2] })), [8, 14], "2Sx");
    assert.equal(mat.evaluate(S, { S: [[2, 1], [1, 3]], x: [1, 2] }).item(), 18);
  });

  it("practice items: d(aᵀx)/dx = aᵀ, d(xᵀx)/dx = 2xᵀ, d‖Ax − b‖²/dx = 2(Ax − b)ᵀA (numerator)", () => {
    assert.equal(mat.grad(P("a'*x", "a:3,x:3"), "x", { layout: "numerator" }).text, "a'");
    assert.equal(mat.grad(P("x'*x", "x:3"), "x", { layout: "numerator" }).text, "2*x'");
    const d = mat.grad(P("norm2(A*x - b)^2", "A:4x3,x:3,b:4"), "x", { layout: "numerator" });
    assertSameValue(d.value, P("2*(A*x - b)'*A", "A:4x3,x:3,b:4"), "2(Ax − b)ᵀA");
    assertVerified(d, "‖Ax − b‖², numerator");
  });
});

describe("16 矩阵、向量的求导: denominator-layout rules", () => {
  const s = "U:2,V:2,X:2x2";
  const v = { U: [1, 2], V: [3, 4], X: [[1, 2], [0, 1]] };

  it("Y = AX ⇒ dY/dX = Aᵀ, and d(XᵀA)/dX = A, in denominator layout", () => {
    const j = mat.derivative(P("A*x", "A:2x3,x:3"), "x");
    assert.equal(j.layout, "denominator");
    assert.equal(j.text, "A'");
    assertVerified(j, "d(Ax)/dx denominator");
    const k = mat.derivative(P("x'*A", "A:3x2,x:3"), "x");
    assert.equal(k.text, "A");
    assertVerified(k, "d(xᵀA)/dx denominator");
    assert.equal(mat.derivative(P("x'", "x:3"), "x").text, "eye(3)");
  });

  it("case 8: UᵀXV → UVᵀ, UᵀXᵀXU → 2XUUᵀ, ‖XU − V‖² → 2(XU − V)Uᵀ with the worked numbers", () => {
    const cases: [string, number, number[]][] = [
      ["U'*X*V", 19, [3, 4, 6, 8]],
      ["U'*X'*X*U", 29, [10, 20, 4, 8]],
      ["(X*U - V)'*(X*U - V)", 8, [4, 8, -4, -8]],
    ];
    for (const [text, value, gradient] of cases) {
      const f = P(text, s);
      assert.equal(mat.evaluate(f, v).item(), value, text);
      const d = mat.grad(f, "X");
      assertNear(values(d.evaluate(v)), gradient, `∂(${text})/∂X`);
      assertVerified(d, text);
    }
    assertClaim(P("U'*X'*X*U", s), "X", "2*X*U*U'", "2XUUᵀ");
    assertClaim(P("(X*U - V)'*(X*U - V)", s), "X", "2*(X*U - V)*U'", "2(XU − V)Uᵀ");
  });

  it("d(xᵀAx)/dx = Ax + Aᵀx; the variant's 2Ax fails", () => {
    const f = P("x'*A*x", "A:2x2,x:2");
    assertClaim(f, "x", "A*x + A'*x", "Ax + Aᵀx");
    assert.equal(mat.verify(f, "x", "2*A*x").ok, false);
  });

  it("case 1: matrix by scalar, [[1,4],[12,0],[0,1]] at x = 2 (numerator), its 2×3 transpose (the article's layout)", () => {
    const shapes = "P:3x2,Q:3x2,R:3x2,C:3x2,t:1";
    const Y = P("t*P + t^2*Q + t^3*R + C", shapes);
    const consts = { P: [[1, 0], [0, 0], [0, 1]], Q: [[0, 1], [0, 0], [0, 0]], R: [[0, 0], [1, 0], [0, 0]], C: [[0, 0], [0, 1], [0, 0]] };
    const num = mat.derivative(Y, "t", { layout: "numerator" });
    assertNear(values(num.evaluate({ ...consts, t: 2 })), [1, 4, 12, 0, 0, 1], "dY/dx entrywise");
    const den = mat.derivative(Y, "t");
    assert.deepEqual([...den.evaluate({ ...consts, t: 2 }).shape], [2, 3]);
    assertNear(values(den.evaluate({ ...consts, t: 2 })), [1, 12, 0, 4, 0, 1], "the transposed layout");
    assertVerified(num, "matrix by scalar");
    assertVerified(den, "matrix by scalar, transposed");
  });

  it("case 10 corrected: d(fᵀg)/dx = (dfᵀ/dx)g + (dgᵀ/dx)f with f = Bx, g = sin(x)", () => {
    const h = P("(B*x)'*sin(x)", "B:3x3,x:3");
    assertClaim(h, "x", "B'*sin(x) + cos(x) .* (B*x)", "corrected product rule");
    assertVerified(mat.grad(h, "x"), "fᵀg");
  });
});

describe("17 矩阵的范数求导: norm derivatives", () => {
  const v = { X: [[1, 2], [0, 1]], A: [[1, 2], [3, 4]], B: [[2, 1], [0, 3]] };
  const s = "X:2x2,A:2x2,B:2x2";

  it("‖X‖_F = √6 and ∂‖X‖_F/∂X = X/‖X‖_F; ∂‖X‖²_F/∂X = 2X", () => {
    const f = P("norm2(X)", s);
    assertNear([mat.evaluate(f, v).item()], [Math.sqrt(6)], "‖X‖_F");
    const d = mat.grad(f, "X");
    assert.equal(d.text, "X/norm2(X)");
    assertNear(values(d.evaluate(v)), [0.408248, 0.816497, 0, 0.408248], "X/‖X‖", 1e-6);
    assertVerified(d, "‖X‖_F");
    assert.equal(mat.grad(P("norm2(X)^2", s), "X").text, "2*X");
  });

  it("trace rules: AᵀBᵀ = [[5,9],[8,12]], (A + Aᵀ)X = [[2,9],[5,18]], 2Aᵀ(AX − B) = [[16,48],[20,68]]", () => {
    const cases: [string, string, number[]][] = [
      ["tr(A*X*B)", "A'*B'", [5, 9, 8, 12]],
      ["tr(X'*A*X)", "(A + A')*X", [2, 9, 5, 18]],
      ["norm2(A*X - B)^2", "2*A'*(A*X - B)", [16, 48, 20, 68]],
    ];
    for (const [f, g, nums] of cases) {
      const d = mat.grad(P(f, s), "X");
      assert.equal(d.text, g, f);
      assertNear(values(d.evaluate(v)), nums, f);
      assertVerified(d, f);
    }
    for (const [f, g] of [["tr(X)", "eye(2)"], ["tr(X*A)", "A'"], ["tr(A*X'*B)", "B*A"], ["tr(X*A*X')", "X*(A + A')"], ["tr(X'*X)", "2*X"], ["norm2(X*A - B)^2", "2*(X*A - B)*A'"]]) {
      const d = mat.grad(P(f, s), "X");
      assertSameValue(d.value, P(g, s), f);
      assertVerified(d, f);
    }
  });

  it("vector norms: 2x, x/‖x‖, sign(x)", () => {
    assert.equal(mat.grad(P("norm2(x)^2", "x:3"), "x").text, "2*x");
    assert.equal(mat.grad(P("norm2(x)", "x:3"), "x").text, "x/norm2(x)");
    const l1 = mat.grad(P("norm1(x)", "x:3"), "x");
    assert.equal(l1.text, "sign(x)");
    assertVerified(l1, "‖x‖₁");
  });
});

describe("20 反向传播权重转置: the affine layer's backward pass", () => {
  it("X = [1, 2], W = [[1,2,3],[4,5,6]], dY = [1, 0.5, −1]: dX = dY·Wᵀ = [−1, 0.5], dW = Xᵀ·dY", () => {
    // row convention Y = X·W written with a column x: Y = x'*W, L = Y·dY = x'*W*g
    const f = P("x'*W*g", "x:2,W:2x3,g:3");
    const v = { x: [1, 2], W: [[1, 2, 3], [4, 5, 6]], g: [1, 0.5, -1] };
    assert.deepEqual(values(mat.evaluate(P("x'*W", "x:2,W:2x3"), v)), [9, 12, 15]);
    const dx = mat.grad(f, "x");
    assert.equal(dx.text, "W*g");
    assertNear(values(dx.evaluate(v)), [-1, 0.5], "dX");
    const dW = mat.grad(f, "W");
    assert.equal(dW.text, "x*g'");
    assertNear(values(dW.evaluate(v)), [1, 0.5, -1, 2, 1, -2], "dW");
  });

  it("batch: ∂L/∂X = ∂L/∂Y·Wᵀ, ∂L/∂W = Xᵀ·∂L/∂Y, ∂L/∂B = column sums = [5, 7, 9]", () => {
    const s = "X:2x2,W:2x3,b:3,G:2x3";
    const f = P("sum(G .* (X*W + ones(2)*b'))", s);
    const dX = mat.grad(f, "X");
    assert.equal(dX.text, "G*W'");
    const dW = mat.grad(f, "W");
    assert.equal(dW.text, "X'*G");
    const db = mat.grad(f, "b");
    assertSameValue(db.value, P("G'*ones(2)", s), "∂L/∂b");
    const v = { X: [[0, 0], [10, 10]], W: [[1, 0, 1], [0, 1, 0]], b: [1, 2, 3], G: [[1, 2, 3], [4, 5, 6]] };
    assertNear(values(db.evaluate(v)), [5, 7, 9], "bias gradient");
    assertNear(values(mat.evaluate(P("X*W + ones(2)*b'", s), v)), [1, 2, 3, 11, 12, 13], "the book's forward example");
    for (const d of [dX, dW, db]) assertVerified(d, d.label);
  });

  it("column convention and chains: ∂L/∂x = Wᵀ∂L/∂y, W₁ᵀW₂ᵀ∂L/∂y, and Wᵀ(σ′ ⊙ ∂L/∂y) through a sigmoid", () => {
    assert.equal(mat.grad(P("g'*(W*x + b)", "W:3x2,x:2,b:3,g:3"), "x").text, "W'*g");
    assert.equal(mat.grad(P("g'*(W*x + b)", "W:3x2,x:2,b:3,g:3"), "W").text, "g*x'");
    assert.equal(mat.grad(P("g'*W2*W1*x", "W2:3x4,W1:4x2,x:2,g:3"), "x").text, "W1'*W2'*g");
    const f = P("g'*sigmoid(W*x)", "W:3x2,x:2,g:3");
    assertClaim(f, "x", "W'*(sigmoid(W*x) .* (1 - sigmoid(W*x)) .* g)", "Wᵀ(σ′ ⊙ g)");
    assertVerified(mat.grad(f, "x"), "through a sigmoid");
  });
});

describe("21 矩阵间的求导: scalar losses of a matrix P", () => {
  const s = "P:2x2,Q:2x2,A:2x2";
  const v = { P: [[1, 2], [3, 4]], Q: [[0, 1], [1, 0]], A: [[1, 0], [1, 1]] };
  const table: [string, number, number[]][] = [
    ["norm2(P)^2", 30, [2, 4, 6, 8]],
    ["norm2(P - Q)^2", 22, [2, 2, 4, 8]],
    ["norm2(A*P)^2", 57, [10, 16, 8, 12]],
    ["norm2(P*A)^2", 78, [6, 10, 14, 22]],
    ["norm2(A*P - Q)^2", 47, [8, 14, 6, 12]],
    ["norm2(P*A - Q)^2", 62, [6, 8, 12, 20]],
    ["tr(A*P)", 7, [1, 1, 0, 1]],
    ["tr(P'*A)", 8, [1, 0, 1, 1]],
    ["tr(P'*A*P)", 41, [5, 8, 7, 10]],
    ["tr(P*A*P')", 44, [4, 5, 10, 11]],
    ["norm2(P - Q)", Math.sqrt(22), [0.213201, 0.213201, 0.426401, 0.852803]],
  ];
  for (const [text, value, gradient] of table) {
    it(`E = ${text}: value ${Number(value.toFixed(6))}, dE/dP = [${gradient.join(", ")}]`, () => {
      const f = P(text, s);
      assertNear([mat.evaluate(f, v).item()], [value], "E", 1e-9);
      const d = mat.grad(f, "P");
      assertNear(values(d.evaluate(v)), gradient, "dE/dP", 2e-6);
      assertVerified(d, text);
    });
  }

  it("the other arguments: dE/dQ = −2(P − Q), dE/dA = 2(AP − Q)Pᵀ", () => {
    assert.equal(mat.grad(P("norm2(P - Q)^2", s), "Q").text, "-2*(P - Q)");
    assert.equal(mat.grad(P("norm2(A*P - Q)^2", s), "A").text, "2*(A*P - Q)*P'");
  });

  it("a non-square case shows where the transposes sit: A 3×2, P 2×4", () => {
    const d = mat.grad(P("norm2(A*P - Q)^2", "A:3x2,P:2x4,Q:3x4"), "P");
    assert.equal(d.text, "2*A'*(A*P - Q)");
    assert.deepEqual(d.value.shape, [2, 4]);
    assertVerified(d, "non-square");
  });
});

describe("23 一个行列式求导: Jacobi's formula", () => {
  it("A(t) = [[t, 1], [2, t²]]: d|A|/dt = 3t² = 3 at t = 1, by |A| tr(A⁻¹A′) and by the adjugate", () => {
    const s = "E11:2x2,E22:2x2,R:2x2,t:1";
    const f = P("det(t*E11 + t^2*E22 + R)", s);
    const consts = { E11: [[1, 0], [0, 0]], E22: [[0, 0], [0, 1]], R: [[0, 1], [2, 0]] };
    const jacobi = mat.derivative(f, "t", { assumeInvertible: true });
    assert.match(jacobi.text, /^det\(.*\)\*tr\(inv\(.*\)\*.*\)$/);
    const adjugate = mat.derivative(f, "t");
    assert.match(adjugate.text, /^tr\(adj\(/);
    for (const t of [1, 0.5, -2]) {
      assertNear([jacobi.evaluate({ ...consts, t }).item()], [3 * t * t], `Jacobi at t = ${t}`);
      assertNear([adjugate.evaluate({ ...consts, t }).item()], [3 * t * t], `adjugate at t = ${t}`);
    }
    assertVerified(jacobi, "Jacobi");
  });

  it("A + tB with the 3×3 example: 15 at t = 0; ∂|A|/∂A = |A|A⁻ᵀ, the cofactors", () => {
    const A = [[2, 1, 0], [1, 3, 1], [0, 1, 4]];
    const B = [[1, 2, 0], [0, 1, 1], [1, 0, 1]];
    const d = mat.derivative(P("det(A + t*B)", "A:3x3,B:3x3,t:1"), "t", { assumeInvertible: true });
    assertNear([d.evaluate({ A, B, t: 0 }).item()], [15], "d|A + tB|/dt at 0");
    const g = mat.grad(P("det(A)", "A:3x3:inv"), "A");
    assert.equal(g.text, "det(A)*inv(A)'");
    assertNear(values(g.evaluate({ A })), [11, -4, 1, -4, 8, -2, 1, -2, 5], "|A|A⁻ᵀ");
    const N = [[1, 2, 0], [3, 1, 1], [0, 2, 5]];
    assertNear(values(g.evaluate({ A: N })), [3, -15, 6, -10, 5, -2, 2, -1, -5], "cofactors of N (non-symmetric)");
    assertVerified(g, "∂|A|/∂A");
    const c = mat.grad(P("det(A)", "A:3x3"), "A");
    assert.equal(c.text, "adj(A)'");
    assertNear(values(c.evaluate({ A: N })), [3, -15, 6, -10, 5, -2, 2, -1, -5], "adj(N)ᵀ");
  });

  it("∂log|A|/∂A = A⁻ᵀ; d/dt log|A| = tr(A⁻¹A′); d/dt det(I + tB) = tr B at 0", () => {
    const d = mat.grad(P("logdet(A)", "A:3x3"), "A");
    assert.equal(d.text, "inv(A)'");
    assertVerified(d, "log|A|");
    assert.equal(mat.grad(P("log(det(A))", "A:3x3"), "A").text, "inv(A)'");
    const e = mat.derivative(P("logdet(A + t*B)", "A:3x3,B:3x3,t:1"), "t");
    assert.equal(e.text, "tr(inv(A + t*B)*B)");
    const i = mat.derivative(P("det(eye(3) + t*B)", "B:3x3,t:1"), "t");
    const B = [[1, 2, 0], [0, 1, 1], [1, 0, 1]];
    assertNear([i.evaluate({ B, t: 0 }).item()], [3], "tr B");
  });

  it("a singular A: the adjugate form still gives the slope, d/dt det(A + tI) = tr A = 5 at 0", () => {
    const d = mat.derivative(P("det(A + t*eye(2))", "A:2x2,t:1"), "t");
    assertNear([d.evaluate({ A: [[1, 2], [2, 4]], t: 0 }).item()], [5], "tr A at a singular A");
    const g = mat.grad(P("det(A)", "A:2x2"), "A");
    assertNear(values(g.evaluate({ A: [[1, 2], [2, 4]] })), [4, -2, -2, 1], "adj(A)ᵀ at a singular A");
  });
});
