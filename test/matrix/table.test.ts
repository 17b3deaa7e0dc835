/**
 * mat.ruleTable (a rule sheet derived and checked row by row) and verify's
 * raiseException: right rules pass, wrong ones fail with the reason, and the tables
 * render (Markdown with inline math, LaTeX through KaTeX).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import katex from "katex";
import { mat, VerifyError } from "../../lib/matrix";
import { assertSameValue } from "./util";

const DISPLAY = Symbol.for("Jupyter.display");

function bundle(x: unknown): Record<string, string> {
  return (x as Record<symbol, () => Record<string, string>>)[DISPLAY].call(x);
}

describe("mat.ruleTable", () => {
  const rules = [
    { f: "A*x", shapes: "A:3x4,x:4", wrt: "x", claim: "A", layout: "numerator" as const },
    { f: "x'*A*x", shapes: "A:3x3,x:3", wrt: "x", claim: "(A + A')*x" },
    { f: "x'*A*x", shapes: "A:3x3,x:3", wrt: "x", claim: "A*x + A'*x", note: "the article's order" },
    { f: "norm2(A*P - Q)^2", shapes: "A:3x2,P:2x4,Q:3x4", wrt: "P", claim: "2*A'*(A*P - Q)" },
    { f: "det(A + t*B)", shapes: "A:3x3,B:3x3,t:1", wrt: "t", claim: "tr(adj(A + t*B)*B)" },
  ];

  it("derives each rule in its layout and passes right claims", () => {
    const t = mat.ruleTable(rules, { title: "sheet" });
    assert.equal(t.ok, true, t.toString());
    assert.equal(t.rows.length, 5);
    assert.equal(t.rows[0].derived.text, "A");
    assert.equal(t.rows[0].derived.layout, "numerator");
    assert.equal(t.rows[0].identical, true);
    assert.equal(t.rows[1].identical, true);
    assert.equal(t.rows[2].identical, false, "A*x + A'*x is not the engine's (A + A')*x symbol for symbol");
    assert.equal(t.rows[2].claimCheck?.ok, true);
    assert.deepEqual(t.rows[3].derived.value.shape, [2, 4]);
    assert.match(t.toString(), /all 5 rules passed/);
  });

  it("fails a wrong claim, a claim in the wrong layout and one of the wrong shape, naming them", () => {
    const t = mat.ruleTable([
      { f: "x'*A*x", shapes: "A:3x3,x:3", wrt: "x", claim: "2*A*x" },
      { f: "tr(A*X)", shapes: "A:3x3,X:3x3", wrt: "X", claim: "A", layout: "denominator" },
      { f: "tr(A*X)", shapes: "A:3x3,X:3x3", wrt: "X", claim: "A", layout: "numerator" },
      { f: "A*x", shapes: "A:3x4,x:4", wrt: "x", claim: "A", layout: "denominator" },
    ]);
    assert.equal(t.ok, false);
    assert.deepEqual(t.rows.map((r) => r.ok), [false, false, true, false]);
    assert.equal(t.rows[0].claimCheck?.ok, false);
    assert.equal(t.rows[0].derivedCheck.ok, true, "the derivation itself is right");
    assert.equal(t.rows[3].claimCheck, null);
    assert.match(t.rows[3].error ?? "", /shape/);
    assert.match(t.toString(), /3 of 4 rules FAILED/);
    assert.match(t.toMarkdown(), /✗ FAILED: the claim differs from autograd/);
    assert.throws(() => mat.ruleTable([{ f: "x'*A*x", shapes: "A:3x3,x:3", wrt: "x", claim: "2*A*x" }], { raiseException: true }), /1 rule\(s\) failed/);
  });

  it("accepts expressions and symmetric symbols", () => {
    const { S, x } = mat.symbols("S:3x3:sym,x:3");
    const f = x.T.mul(S).mul(x);
    const t = mat.ruleTable([{ f, wrt: "x", claim: mat.mul(2, S, x) }, { f, wrt: "x", claim: "2*S*x" }]);
    assert.equal(t.ok, true, t.toString());
  });

  it("renders: Markdown cells without stray pipes, LaTeX through KaTeX", () => {
    const t = mat.ruleTable([
      ...rules,
      { f: "norm2(P)", shapes: "P:2x2", wrt: "P", claim: "P/norm2(P)", latex: "\\frac{\\partial \\|P\\|_F}{\\partial P} = \\frac{P}{\\|P\\|_F}" },
      { f: "norm1(x)", shapes: "x:3", wrt: "x", claim: "sign(x)", note: "a | b; Y = AX ⇒ Aᵀ (d/dxᵀ)" },
    ], { title: "norms" });
    const b = bundle(t);
    assert.equal(b["text/plain"], t.toString());
    const md = b["text/markdown"];
    assert.match(md, /^\*\*norms\*\*\n\n\| rule \| layout \| derived by gradlab \| numeric check \| note \|/);
    for (const line of md.split("\n").filter((l) => l.startsWith("| $"))) {
      // cells are separated by " | "; math must not contain a bare pipe
      for (const m of line.matchAll(/\$([^$]*)\$/g)) assert.ok(!/(^|[^\\])\|/.test(m[1]), `a pipe inside math: ${m[1]}`);
      assert.equal(line.split(/(?<!\\)\|/).length, 7, line);
    }
    const tex = b["text/latex"].replace(/^\$\$/, "").replace(/\$\$$/, "");
    katex.renderToString(tex, { throwOnError: true, displayMode: true, strict: "error" });
    assert.match(tex, /\\text\{note\}/, "the notes get a column");
    assert.match(tex, /\\\\\[8pt\]/, "rows are spaced for the fractions");
  });
});

describe("verify with raiseException", () => {
  it("throws a VerifyError carrying the report on a mismatch, and returns the report otherwise", () => {
    const f = mat.parse("x'*A*x", "A:3x3,x:3");
    assert.equal(mat.verify(f, "x", "(A + A')*x", { raiseException: true }).ok, true);
    assert.equal(mat.verify(mat.grad(f, "x"), { raiseException: true }).ok, true);
    let caught: unknown;
    try {
      mat.verify(f, "x", "2*A*x", { raiseException: true });
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof VerifyError);
    assert.equal(caught.report.ok, false);
    assert.match(caught.message, /FAIL/);
    assert.equal(mat.verify(f, "x", "2*A*x").ok, false, "without the option it only reports");
  });
});

describe("simplification: a probability vector and a leading minus sign", () => {
  const P = mat.parse;

  it("yᵀ(A + B) and (A + B)ᵀy spread over a sum when 1ᵀy = 1 then shortens them", () => {
    const shapes = "W:3x5,s:3,y:3:prob";
    const e = P("(W - ones(3)*s'*W)'*y", shapes);
    const simple = mat.simplify(e);
    assert.equal(simple.toString(), "W'*(y - s)");
    assertSameValue(simple, e, "spread", 7, { y: [0.2, 0.5, 0.3] });
    assert.equal(mat.simplify(P("y'*(W - ones(3)*s'*W)", shapes)).toString(), "(y' - s')*W");
    // without the property nothing is distributed
    assert.equal(mat.simplify(P("(W - ones(3)*s'*W)'*y", "W:3x5,s:3,y:3")).toString(), "(W - ones(3)*s'*W)'*y");
    // nor when spreading would not shorten anything
    assert.equal(mat.simplify(P("(A + B)*y", "A:3x3,B:3x3,y:3:prob")).toString(), "(A + B)*y");
  });

  it("−(A − B)C becomes (B − A)C; other coefficients keep their form", () => {
    const e = P("-(y - s)*x'", "y:3,s:3,x:4");
    assert.equal(mat.simplify(e).toString(), "(s - y)*x'");
    assertSameValue(mat.simplify(e), e, "sign");
    assert.equal(mat.simplify(P("-2*(P - Q)", "P:2x2,Q:2x2")).toString(), "-2*(P - Q)");
    assert.equal(mat.simplify(P("-(P + Q)", "P:2x2,Q:2x2")).toString(), "-(P + Q)");
  });
});

describe("LaTeX of a fraction", () => {
  it("a lone numerator factor is not parenthesised above the fraction bar", () => {
    assert.equal(mat.parse("(P - Q)/norm2(P - Q)", "P:2x2,Q:2x2").toLatex(), "\\frac{P - Q}{\\left\\|P - Q\\right\\|_F}");
    assert.equal(mat.parse("-(P - Q)/norm2(P - Q)", "P:2x2,Q:2x2").toLatex(), "-\\frac{P - Q}{\\left\\|P - Q\\right\\|_F}");
    // a product keeps its parentheses, and so does a scaled sum
    assert.equal(mat.parse("(P - Q)*A/norm2(P)", "P:2x2,Q:2x2,A:2x2").toLatex(), "\\frac{\\left(P - Q\\right) A}{\\left\\|P\\right\\|_F}");
    assert.equal(mat.parse("2*(P - Q)/t", "P:2x2,Q:2x2,t:1").toLatex(), "\\frac{2 \\left(P - Q\\right)}{t}");
  });
});
