/**
 * Rich display: expressions, derivatives, derivation steps and verify reports show
 * themselves through [Symbol.for("Jupyter.display")]() with text/latex and text/plain;
 * every LaTeX string must render with KaTeX (strict, throwing on errors).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import katex from "katex";
import { mat } from "../../lib/matrix";

const DISPLAY = Symbol.for("Jupyter.display");

function render(tex: string, what: string): string {
  const body = tex.replace(/^\$\$?/, "").replace(/\$\$?$/, "");
  try {
    return katex.renderToString(body, { throwOnError: true, displayMode: true, strict: "error" });
  } catch (e) {
    assert.fail(`${what}: KaTeX cannot render\n${body}\n${(e as Error).message}`);
  }
}

function bundle(x: unknown): Record<string, string> {
  const f = (x as Record<symbol, () => Record<string, string>>)[DISPLAY];
  assert.equal(typeof f, "function", "has a Jupyter display method");
  return f.call(x);
}

describe("display", () => {
  const cases: [string, string, string][] = [
    ["tr(A*X*B)", "A:2x3,X:3x4,B:4x2", "X"],
    ["x'*A*x", "A:3x3,x:3", "x"],
    ["norm2(X*w - y)^2", "X:5x3,w:3,y:5", "w"],
    ["logdet(Sigma) + tr(inv(Sigma)*S)", "Sigma:3x3:spd,S:3x3:sym", "Sigma"],
    ["-y'*logsoftmax(W2*sigmoid(W1*x))", "y:3:prob,W2:3x5,W1:5x4,x:4", "W1"],
    ["sum(log(X .* X + 1)) + norm1(X) + det(X) + tr(adj(X)*B)", "X:3x3:inv,B:3x3", "X"],
    ["sum(relu(A*x)) + max(x, 0)'*x + sum(abs(x))", "A:2x3,x:3", "x"],
    ["a'*exp(X*b) + sum(X .^ 2 ./ (1 + X))", "a:3,X:3x4,b:4", "X"],
  ];
  for (const [text, shapes, wrt] of cases) {
    it(`${text}: expression, result, steps and report render`, () => {
      const f = mat.parse(text, shapes);
      const b = bundle(f);
      assert.equal(b["text/plain"], f.toString());
      render(b["text/latex"], "expression");
      const d = mat.grad(f, wrt);
      const db = bundle(d);
      assert.match(db["text/plain"], /\[denominator layout, /);
      assert.match(render(db["text/latex"], "derivative"), /denominator layout/);
      const sb = bundle(d.steps);
      assert.ok(d.steps.length >= 3, "f, df and the read-off at least");
      assert.match(sb["text/latex"], /\\begin\{aligned\}/);
      render(sb["text/latex"], "steps");
      assert.equal(sb["text/plain"].split("\n").length, d.steps.length);
      const rb = bundle(mat.verify(d, { trials: 1 }));
      render(rb["text/latex"], "verify report");
      assert.match(rb["text/plain"], /PASS/);
    });
  }

  it("a failing report shows the matrices in LaTeX", () => {
    const r = mat.verify(mat.parse("x'*A*x", "A:2x2,x:2"), "x", "2*A*x", { trials: 1 });
    const b = bundle(r);
    assert.match(b["text/latex"], /bmatrix/);
    render(b["text/latex"], "failing report");
  });

  it("the derivation names the method's steps", () => {
    const d = mat.grad(mat.parse("x'*A*x", "A:3x3,x:3"), "x");
    const text = d.steps.toString();
    for (const rule of ["a scalar is its own trace", "cyclic property", "transpose", "read off", "simplify"]) assert.match(text, new RegExp(rule));
    assert.match(d.steps.toLatex(), /\\mathrm\{d\}x\^\{\\top\}|\{\\mathrm\{d\}x\}\^\{\\top\}/);
  });

  it("LaTeX of names and operators", () => {
    const e = mat.parse("inv(Sigma)'*W1 .* exp(x_i*y') - norm2(M)*eye(2)", "Sigma:2x2,W1:2x2,x_i:2,y:2,M:2x2");
    const tex = e.toLatex();
    for (const part of ["\\Sigma", "^{-\\top}", "W_{1}", "x_{i}", "\\odot", "e^{", "\\|", "_F", "I"]) assert.ok(tex.includes(part), `${part} in ${tex}`);
    render(tex, "operators");
  });
});
