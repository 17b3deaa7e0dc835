// Derivations render as one LaTeX environment that KaTeX (the exported site) accepts in
// strict mode, as MathJax (Jupyter) does: steps, rule names with symbols, conditions, tables.
import { test } from "node:test";
import assert from "node:assert/strict";
import katex from "katex";
import { sym } from "../../lib/symbolic";
import { textLatex } from "../../lib/symbolic/derivation";

const renders = (tex: string) => katex.renderToString(tex, { displayMode: true, throwOnError: true, strict: "error" });

test("every kind of derivation renders in KaTeX strict mode, as one environment", () => {
  const ds = [
    sym.diffSteps("x^2*sin(x)", "x"),
    sym.diffSteps("ln(cos(exp(x)))", "x"),
    sym.limitDefinition("x^3", "x", { h: "t", name: "M", at: 2, hs: [1, 0.1] }),
    sym.limitDefinition("cos(x)", "x"),
    sym.limitDefinition("ln(x)", "x"),
    sym.integrateThenDifferentiate("n^2*q^(n-1)", "n", 1, "q"),
    sym.differentiateThenIntegrate("x^n/n", "n", 1, "x"),
  ];
  for (const d of ds) {
    const tex = d.toLatex();
    assert.doesNotThrow(() => renders(tex), d.title);
    // one environment: no $$ inside, one \begin at the top level
    assert.ok(!tex.includes("$"), `${d.title}: no $ delimiters inside the block`);
    assert.match(tex, /^\\begin\{(align|gather)\*\}[\s\S]*\\end\{\1\*\}$/);
  }
  // the tables are inside: the partial sums of Σ n² qⁿ⁻¹ at q = 0.5, N = 10 (11.71484375, summed by hand below)
  let s = 0;
  for (let n = 1; n <= 10; n++) s += n * n * 0.5 ** (n - 1);
  assert.ok(ds[5].toLatex().includes(String(s)));
});

test("textLatex sets symbols as math and escapes TeX's special characters", () => {
  assert.equal(textLatex("let t → 0"), "\\text{let t }\\to \\text{ 0}");
  assert.equal(textLatex("Σ rⁿ/n = −ln(1 − r)"), "\\Sigma \\text{ r}^{n} \\text{/n = }- \\text{ln(1 }- \\text{ r)}");
  assert.equal(textLatex("a_b & 50%"), "\\text{a\\_b \\& 50\\%}");
  for (const s of ["let t → 0", "Σ rⁿ/n = −ln(1 − r)", "a_b & 50% #1 {x} ~ ^"]) assert.doesNotThrow(() => renders(textLatex(s)), s);
});

test("fractions: a lone sum above or below the bar has no parentheses; a sum among factors keeps them", () => {
  const cases: [string, string][] = [
    ["1/(x^2 + 1)", "\\frac{1}{x^{2} + 1}"],
    ["(x + 1)/(x - 1)", "\\frac{x + 1}{x - 1}"],
    ["(x + 1)/(x*(x - 1))", "\\frac{x + 1}{x \\left(x - 1\\right)}"],
    ["(q + 1)/(1 - q)^3", "\\frac{q + 1}{\\left(1 - q\\right)^{3}}"],
    ["x*(x + 1)/y", "\\frac{x \\left(x + 1\\right)}{y}"],
  ];
  for (const [e, want] of cases) {
    assert.equal(sym.parse(e).toLatex(), want, e);
    assert.doesNotThrow(() => renders(want));
  }
});

test("Greek letters typed as Unicode print as LaTeX macros, and x leads a sum before its increment", () => {
  const cases: [string, string][] = [["Δx", "\\Delta x"], ["θ", "\\theta"], ["θ1", "\\theta_{1}"], ["μ", "\\mu"], ["alpha", "\\alpha"], ["w1", "w_{1}"]];
  for (const [name, want] of cases) assert.equal(sym.symbol(name).toLatex(), want, name);
  // the binomial expansion reads in falling powers of x, as a textbook writes it, whatever the step is called
  assert.equal(sym.expand("(x + Δx)^3").toString(), "x^3 + 3*x^2*Δx + 3*x*Δx^2 + Δx^3");
  assert.equal(sym.expand("(x + t)^3").toString(), "x^3 + 3*t*x^2 + 3*t^2*x + t^3");
  assert.doesNotThrow(() => renders(sym.limitDefinition("x^4", "x", { h: "Δx", hs: [0.1] }).toLatex()));
});

test("a divergent series says so, with the condition that fails, in text and in LaTeX", () => {
  const r = sym.sum("n*(11/10)^(n-1)", "n", 1, "oo");
  assert.equal(r.value, null);
  assert.equal(r.converges, false);
  assert.equal(String(r), "sum((11/10)^(n - 1)*n, n = 1..oo) diverges (the condition 11/10 < 1 fails)");
  assert.doesNotThrow(() => renders(r.toLatex()));
  assert.ok(!r.toLatex().includes("= \\text{diverges}"));
  // a convergent one still reads "= value for condition"
  assert.equal(String(sym.sum("x^n/n", "n", 1, "oo")), "sum(x^n/n, n = 1..oo) = -ln(1 - x)  for -1 ≤ x < 1");
});
