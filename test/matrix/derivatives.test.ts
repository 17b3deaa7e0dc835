/**
 * Jacobians, Hessians, derivatives by a scalar, layouts, symmetric variables, and the
 * errors for what cannot be differentiated. Expected values come from autograd and
 * central differences (verify), closed forms, or hand-computed numbers.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mat, NotDifferentiableError } from "../../lib/matrix";
import { assertVerified, assertClaim, assertNear, assertSameValue, values } from "./util";

const P = mat.parse;

describe("Jacobians (vector by vector)", () => {
  it("elementwise functions give diag(σ′) J; softmax gives diag(s) − ssᵀ", () => {
    const j = mat.jacobian(P("sigmoid(W*x)", "W:2x3,x:3"), "x");
    assertSameValue(j.value, P("diag(sigmoid(W*x) .* (1 - sigmoid(W*x)))*W", "W:2x3,x:3"), "σ(Wx)");
    assertVerified(j, "σ(Wx)");
    const s = mat.jacobian(P("softmax(x)", "x:4"), "x");
    assert.equal(s.text, "diag(softmax(x)) - softmax(x)*softmax(x)'");
    assertVerified(s, "softmax");
    assertVerified(mat.jacobian(P("logsoftmax(A*x)", "A:3x4,x:4"), "x"), "log softmax");
  });

  it("products of a vector and a scalar: d(x·aᵀx)/dx = (aᵀx)I + xaᵀ", () => {
    const j = mat.jacobian(P("x*(a'*x)", "a:3,x:3"), "x");
    assertSameValue(j.value, P("(a'*x)*eye(3) + x*a'", "a:3,x:3"), "x aᵀx");
    assertVerified(j, "x aᵀx");
    const k = mat.jacobian(P("x/norm2(x)", "x:3"), "x");
    assertClaim(P("x/norm2(x)", "x:3"), "x", "eye(3)/norm2(x) - x*x'/norm2(x)^3", "d(x/‖x‖)", { layout: "numerator" });
    assertVerified(k, "x/‖x‖");
  });

  it("the two layouts are transposes of each other, and each result names its layout", () => {
    const f = P("B*exp(A*x)", "A:3x4,B:2x3,x:4");
    const num = mat.jacobian(f, "x");
    const den = mat.jacobian(f, "x", { layout: "denominator" });
    assert.deepEqual(num.value.shape, [2, 4]);
    assert.deepEqual(den.value.shape, [4, 2]);
    assert.match(num.toString(), /\[numerator layout, 2×4\]$/);
    assert.match(den.toString(), /\[denominator layout, 4×2\]$/);
    assertSameValue(den.value, mat.transpose(num.value), "transpose");
    assertVerified(num, "numerator");
    assertVerified(den, "denominator");
  });

  it("a row vector y is differentiated entrywise: d(xᵀA)/dx", () => {
    const d = mat.jacobian(P("x'*A", "A:3x2,x:3"), "x");
    assert.equal(d.text, "A'");
    assertVerified(d, "xᵀA");
  });
});

describe("Hessians", () => {
  it("xᵀAx → A + Aᵀ; ‖Xw − y‖² → 2XᵀX; both layouts agree", () => {
    const f = P("x'*A*x", "A:3x3,x:3");
    const h = mat.hessian(f, "x");
    assert.equal(h.text, "A + A'");
    assertVerified(h, "xᵀAx");
    assert.equal(mat.hessian(f, "x", { layout: "numerator" }).text, "A + A'");
    const g = mat.hessian(P("norm2(X*w - y)^2", "X:5x3,w:3,y:5"), "w");
    assert.equal(g.text, "2*X'*X");
    assertVerified(g, "least squares");
    assertNear(values(h.evaluate({ A: [[1, 2], [3, 4]].map((r) => [...r, 0]).concat([[0, 0, 1]]), x: [1, 2, 3] })), [2, 5, 0, 5, 8, 0, 0, 0, 2], "A + Aᵀ");
  });

  it("non-quadratic functions: log-sum-exp, logistic loss, a cubic", () => {
    const lse = mat.hessian(P("log(sum(exp(x)))", "x:4"), "x");
    assertVerified(lse, "log-sum-exp");
    assertClaim(P("log(sum(exp(x)))", "x:4"), "x", "diag(softmax(x)) - softmax(x)*softmax(x)'", "the softmax form", { hessian: true });
    const logistic = mat.hessian(P("sum(log(exp(-y .* (X*w)) + 1))", "y:6,X:6x3,w:3"), "w");
    assertVerified(logistic, "logistic loss");
    const cubic = mat.hessian(P("(a'*x)^3", "a:3,x:3"), "x");
    assertClaim(P("(a'*x)^3", "a:3,x:3"), "x", "6*(a'*x)*a*a'", "6(aᵀx)aaᵀ", { hessian: true });
    assertVerified(cubic, "cubic");
  });

  it("a scalar variable gives the second derivative; a matrix variable is an error", () => {
    const h = mat.hessian(P("sin(t)^2", "t:1"), "t");
    assertNear([h.evaluate({ t: 0.3 }).item()], [2 * Math.cos(0.6)], "d²sin²t/dt² = 2cos 2t");
    assert.throws(() => mat.hessian(P("tr(X'*X)", "X:2x3"), "X"), /4th-order tensor/);
  });
});

describe("derivatives by a scalar", () => {
  it("Jacobi's formula and d(A⁻¹)/dt, numerator layout keeps the shape", () => {
    const d = mat.derivative(P("det(A + t*B)", "A:3x3,B:3x3,t:1"), "t", { assumeInvertible: true });
    assert.equal(d.text, "det(A + t*B)*tr(inv(A + t*B)*B)");
    assertVerified(d, "Jacobi");
    const v = mat.derivative(P("exp(t*a) .* sin(t*b)", "a:3,b:3,t:1"), "t", { layout: "numerator" });
    assertClaim(P("exp(t*a) .* sin(t*b)", "a:3,b:3,t:1"), "t", "a .* exp(t*a) .* sin(t*b) + b .* cos(t*b) .* exp(t*a)", "vector by scalar", { layout: "numerator" });
    assertVerified(v, "vector by scalar");
  });

  it("a scalar of a scalar: product and chain rules", () => {
    const d = mat.derivative(P("sin(t)^2*exp(t)", "t:1"), "t");
    const t = 0.7;
    assertNear([d.evaluate({ t }).item()], [2 * Math.sin(t) * Math.cos(t) * Math.exp(t) + Math.sin(t) ** 2 * Math.exp(t)], "d/dt sin²t eᵗ");
  });
});

describe("layouts of gradients", () => {
  it("denominator (default) has X's shape, numerator its transpose; verify knows which", () => {
    const f = P("a'*X*b", "a:3,X:3x4,b:4");
    const den = mat.grad(f, "X");
    const num = mat.grad(f, "X", { layout: "numerator" });
    assert.equal(den.layout, "denominator");
    assert.equal(num.text, "b*a'");
    assert.deepEqual(num.value.shape, [4, 3]);
    assertVerified(num, "numerator");
    assert.equal(mat.verify(f, "X", "b*a'", { layout: "numerator" }).ok, true);
    assert.throws(() => mat.verify(f, "X", "b*a'"), /does not have the shape of ∂f\/∂X in denominator layout.*other layout/);
    // square X: the wrong layout has the right shape, and verify shows the mismatch
    const g = P("a'*X*b", "a:3,X:3x3,b:3");
    assert.equal(mat.verify(g, "X", "b*a'").ok, false);
  });

  it("bad layout names are an error", () => {
    assert.throws(() => mat.grad(P("tr(X)", "X:2x2"), "X", { layout: "row" as never }), /layout must be "denominator" or "numerator"/);
  });
});

describe("symbolic dimensions", () => {
  it("derive with m, n unknown; verify draws sizes; evaluate binds them from the values", () => {
    const f = P("norm2(A*X - B)^2 + tr(X'*X)", "A:m x n,X:n x p,B:m x p");
    const d = mat.grad(f, "X");
    assert.deepEqual(d.value.shape, ["n", "p"]);
    assertVerified(d, "symbolic dims");
    const r = mat.verify(d, { dims: { m: 5, n: 2, p: 3 }, trials: 1 });
    assert.deepEqual(r.trials[0].dims, { m: 5, n: 2, p: 3 });
    assert.deepEqual([...d.evaluate({ A: [[1, 2]], X: [[1], [0]], B: [[1]] }).shape], [2, 1]);
    assert.throws(() => d.evaluate({ A: [[1, 2]], X: [[1], [0], [2]], B: [[1]] }), /dimension 'n' is 2 \(from A\) but 3 in the value of X/);
    const g = mat.grad(P("x'*x + sum(x)", "x:n"), "x");
    assert.equal(g.text, "2*x + ones(n)");
    assertVerified(g, "ones(n)");
  });
});

describe("symmetric variables", () => {
  it("the gradient with respect to a symmetric X is the symmetric part (G + Gᵀ)/2", () => {
    const f = P("tr(A*S)", "A:3x3,S:3x3:sym");
    const d = mat.grad(f, "S");
    assertSameValue(d.value, P("(A + A')/2", "A:3x3"), "sym(Aᵀ)");
    assertVerified(d, "tr(AS)");
    const r = mat.verify(d);
    assert.match(r.toString(), /symmetric/);
    // any G with the same symmetric part is the same gradient along symmetric directions
    assert.equal(mat.verify(f, "S", "A'").ok, true);
    assert.equal(mat.verify(f, "S", "A").ok, true);
    assert.equal(mat.verify(f, "S", "A + eye(3)").ok, false);
  });
});

describe("errors: never a silently wrong gradient", () => {
  it("a comparison is piecewise constant (as PyTorch: no gradient flows through it); at its jump evaluation fails, naming it", () => {
    const d = mat.grad(P("sum((X > 0) .* X)", "X:2x2"), "X");
    assert.equal(d.text, "X > 0");
    assertVerified(d, "mask times X");
    assert.match(d.steps.toString(), /a comparison is piecewise constant/);
    assert.throws(() => d.evaluate({ X: [[1, 0], [-1, 2]] }), (e: unknown) => {
      assert.ok(e instanceof NotDifferentiableError);
      assert.equal(e.subexpr.toString(), "X > 0");
      assert.match(e.message, /not differentiable here: entry 1 of X is at the kink 0 \(a comparison jumps where its sides are equal/);
      return true;
    });
    assert.deepEqual(values(d.evaluate({ X: [[1, 0], [-1, 2]] }, { kinks: "subgradient" })), [1, 0, 0, 1]);
    // the Hessian of a relu network is zero away from the kinks, as autograd's
    const h = mat.hessian(P("sum(relu(A*x))", "A:3x2,x:2"), "x");
    assertVerified(h, "Hessian of a relu sum");
  });

  it("a norm at its kink: evaluating the derivative there names the norm", () => {
    const d = mat.grad(P("norm2(A*x - b)", "A:2x2,x:2,b:2"), "x");
    assert.throws(() => d.evaluate({ A: [[1, 0], [0, 1]], x: [1, 2], b: [1, 2] }), (e: unknown) => {
      assert.ok(e instanceof NotDifferentiableError);
      assert.equal(e.subexpr.toString(), "norm2(A*x - b)");
      assert.match(e.message, /not differentiable here: A\*x - b = 0 \(the 2-norm has a cone point at 0\)/);
      return true;
    });
    const l1 = mat.grad(P("norm1(x)", "x:3"), "x");
    assert.throws(() => l1.evaluate({ x: [1, 0, 2] }), /norm1\(x\).*entry 1 of x is at the kink 0/);
    assert.deepEqual(values(l1.evaluate({ x: [1, 0, -2] }, { kinks: "subgradient" })), [1, 0, -1], "sign(0) = 0, as PyTorch");
    const r = mat.grad(P("sum(relu(W*x))", "W:2x2,x:2"), "x");
    assert.throws(() => r.evaluate({ W: [[1, 0], [0, 1]], x: [0, 1] }), /relu\(W\*x\).*relu'\(0\) = 0/);
    // the squared norm is smooth at 0
    assertNear(values(mat.grad(P("norm2(x)^2", "x:2"), "x").evaluate({ x: [0, 0] })), [0, 0], "2x at 0");
  });

  it("higher-order tensors, non-scalar gradients and unknown variables are errors", () => {
    assert.throws(() => mat.derivative(P("A*X", "A:2x3,X:3x4"), "X"), /tensor of order 4 with no matrix form/);
    assert.throws(() => mat.derivative(P("X*b", "X:2x3,b:3"), "X"), /tensor of order 3 with no matrix form/);
    assert.throws(() => mat.grad(P("A*x", "A:2x3,x:3"), "x"), /is not a scalar; use jacobian/);
    assert.throws(() => mat.grad(P("tr(X)", "X:2x2"), "Y"), /does not contain a symbol 'Y'/);
    assert.throws(() => mat.grad(P("tr(X)", "X:2x2"), mat.parse("X'", "X:2x2")), /with respect to a symbol/);
    assert.throws(() => mat.jacobian(P("A*X", "A:2x3,X:3x4"), "A"), /is not a vector/);
  });

  it("a variable f does not depend on has a zero derivative of its shape", () => {
    const d = mat.grad(P("tr(A)", "A:2x2"), mat.matrix("X", [2, 3]));
    assert.equal(d.text, "zeros(2,3)");
  });

  it("the adjugate of a matrix not known to be invertible is not differentiated", () => {
    assert.throws(() => mat.grad(P("tr(adj(X))", "X:3x3"), "X"), /cannot differentiate adj\(X\): .*invertible/);
    assertVerified(mat.grad(P("tr(adj(X))", "X:3x3:inv"), "X"), "tr(adj X) for invertible X");
  });
});
