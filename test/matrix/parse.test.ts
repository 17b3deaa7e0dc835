/**
 * The notation: parsing matrixcalculus.org's syntax with shapes alongside, printing
 * back (re-parseable), and errors with a caret under the offending character.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mat, ParseError } from "../../lib/matrix";
import { assertSameValue } from "./util";

const P = mat.parse;

describe("parse", () => {
  it("reads the issue's examples, with scalar, vector and matrix shapes", () => {
    const shapes = "A:3x4,X:4x5,B:5x3,x:4,w:5,y:4,a:4,b:5";
    const cases: [string, string, [number | string, number | string]][] = [
      ["tr(A*X*B)", "A:3x4,X:4x5,B:5x3", [1, 1]],
      ["x'*C*x", "C:4x4,x:4", [1, 1]],
      ["norm2(X*w - y)^2", shapes, [1, 1]],
      ["logdet(S)", "S:3x3", [1, 1]],
      ["a'*exp(X*b)", shapes, [1, 1]],
      ["sum(log(X .* X + 1))", shapes, [1, 1]],
      ["log(det(S))", "S:3x3", [1, 1]],
      ["X*w", shapes, [4, 1]],
      ["X'", shapes, [5, 4]],
      ["a*b'", shapes, [4, 5]],
    ];
    for (const [text, s, shape] of cases) assert.deepEqual(P(text, s).shape, shape, text);
  });

  it("`*` is the matrix product or scaling; `.*` `./` `.^` are elementwise; `^` is the scalar power", () => {
    const s = "A:2x2,B:2x2,t:1";
    const v = { A: [[1, 2], [3, 4]], B: [[2, 0], [1, 3]], t: 2 };
    const ev = (text: string) => Array.from(mat.evaluate(P(text, s), v).values());
    assert.deepEqual(ev("A*B"), [4, 6, 10, 12]);
    assert.deepEqual(ev("A .* B"), [2, 0, 3, 12]);
    assert.deepEqual(ev("A ./ B").slice(0, 1), [0.5]);
    assert.deepEqual(ev("A .^ 2"), [1, 4, 9, 16]);
    assert.deepEqual(ev("t*A"), [2, 4, 6, 8]);
    assert.deepEqual(ev("A/t"), [0.5, 1, 1.5, 2]);
    assert.deepEqual(ev("t^3"), [8]);
    assert.deepEqual(ev("-t^2"), [-4], "^ binds tighter than unary minus");
    assert.deepEqual(ev("2^-1"), [0.5]);
    assert.deepEqual(ev("A + 1"), [2, 3, 4, 5], "a scalar adds to every entry");
    assert.deepEqual(ev("A + vector(1)"), [2, 3, 4, 5], "matrixcalculus.org's vector(c)");
    assert.ok(Math.abs(ev("logdet(A)")[0] - Math.log(2)) < 1e-14, "logdet is log|det|");
    assert.ok(Number.isNaN(ev("log(det(A))")[0]), "log of a negative determinant");
    assert.deepEqual(ev("A'"), [1, 3, 2, 4]);
    assert.deepEqual(ev("A > 2"), [0, 0, 1, 1]);
    assert.deepEqual(ev("max(A, B)"), [2, 2, 3, 4]);
    assert.deepEqual(ev("eye(2) + ones(2,2)"), [2, 1, 1, 2]);
    assert.deepEqual(ev("tr(A) + sum(A) + norm1(-A)"), [5 + 10 + 10]);
  });

  it("symbolic dimensions and properties in the shapes", () => {
    const e = P("X'*S*X + eye(m)", "X:n x m,S:n x n:sym");
    assert.deepEqual(e.shape, ["m", "m"]);
    const S = P("S", "S:3x3:sym");
    assert.equal(S.props.symmetric, true);
    assert.equal(P("S'", "S:3x3:spd").toString(), "S'");
    assert.equal(mat.simplify(P("S'", "S:3x3:spd")).toString(), "S");
    assert.deepEqual(P("x", { x: 3 }).shape, [3, 1]);
    assert.deepEqual(P("t", { t: [] }).shape, [1, 1]);
    assert.deepEqual(P("A", { A: [2, "n"] }).shape, [2, "n"]);
  });

  it("prints back in the same notation, and the text re-parses to the same expression", () => {
    const shapes = "A:3x3,B:3x3,X:3x3,x:3,y:3,a:3,b:3,t:1,W:3x3";
    const texts = [
      "tr(A*X*B)", "x'*A*x", "norm2(X*x - y)^2", "logdet(X)", "a'*exp(X*b)", "sum(log(X .* X + 1))",
      "(A + A')*x", "-inv(X)'*a*b'*inv(X)'", "x/norm2(x)", "det(X)*inv(X)'", "2*X'*(X*x - y)",
      "A'*(relu(A*x) > 0)", "(softmax(W*x) - y)*x'", "(a'*x)*eye(3) + x*a'", "diag(exp(x))/sum(exp(x)) - exp(x)*exp(x)'/sum(exp(x))^2",
      "t^2*A - B/t", "-(A .* B)", "(A .* B)*x", "A ./ (B .* B + 1)", "exp(-t)", "(-t)^2", "A^-1".replace("A", "t"),
    ];
    for (const text of texts) {
      const e = P(text, shapes);
      const again = P(e.toString(), shapes);
      assert.equal(again.key, e.key, `${text} → ${e} → ${again}`);
      assertSameValue(again, e, text);
    }
    assert.equal(P("x'*A*x", shapes).toString(), "x'*A*x");
    assert.equal(P("a - -b", shapes).toString(), "a + b");
  });

  it("skips # comments, so a matdiff output line parses", () => {
    assert.equal(P("a*b'    # ∂f/∂X, denominator layout, 3×4", "a:3,b:4").toString(), "a*b'");
  });

  it("errors point a caret at the bad character", () => {
    const check = (text: string, shapes: string, re: RegExp, pos: number) => {
      assert.throws(() => P(text, shapes), (e: unknown) => {
        assert.ok(e instanceof ParseError, String(e));
        assert.match(e.message, re);
        assert.equal(e.pos, pos, `${text}: caret at ${e.pos}\n${e.message}`);
        const lines = e.message.split("\n");
        assert.equal(lines[2].indexOf("^") - 2, pos, "the caret line");
        return true;
      });
    };
    check("tr(A*X*B))", "A:2x3,X:3x4,B:4x2", /unmatched '\)'/, 9);
    check("A*X", "A:3x4,X:3x4", /A \(3×4\) \* X \(3×4\): inner dimensions 4 and 3 differ/, 1);
    check("A + Q", "A:3x4", /unknown symbol 'Q'/, 4);
    check("A $ B", "A:2x2,B:2x2", /unexpected character '\$'/, 2);
    check("X^2", "X:3x3", /\^ is the scalar power; for the elementwise power write \(X\) \.\^ 2/, 1);
    check("A/B", "A:2x2,B:2x2", /'\/' divides by a scalar; for elementwise division write \.\//, 1);
    check("tr(A)", "A:2x3", /A \(2×3\) is not square/, 0);
    check("foo(A)", "A:2x2", /unknown function 'foo'/, 0);
    check("A .* B", "A:2x3,B:3x2", /A \(2×3\) \.\* B \(3×2\): shapes differ/, 2);
    check("A + B", "A:2x3,B:3x2", /A \(2×3\) \+ B \(3×2\): shapes differ/, 2);
    check("(A + B", "A:2x2,B:2x2", /expected '\)' to close '\('/, 6);
    check("", "", /empty expression/, 0);
    check("softmax(A)", "A:2x2", /expects a column vector/, 0);
  });

  it("the builders check shapes too, with the same messages", () => {
    const A = mat.matrix("A", [3, 4]);
    const B = mat.matrix("B", [3, 4]);
    assert.throws(() => A.mul(B), /A \(3×4\) \* B \(3×4\): inner dimensions 4 and 3 differ/);
    assert.throws(() => mat.inv(A), /inv\(A\): A \(3×4\) is not square/);
    assert.throws(() => mat.matrix("S", [2, 3], { symmetric: true }), /only a square matrix can be symmetric/);
    assert.throws(() => mat.symbol("tr", 3), /is a function of the notation/);
    const x = mat.vector("x", "n"), M = mat.matrix("M", ["n", "n"]);
    assert.equal(x.T.mul(M).mul(x).toString(), "x'*M*x");
    assert.throws(() => mat.matrix("N", ["m", "m"]).mul(x), /inner dimensions m and n differ/);
  });
});
