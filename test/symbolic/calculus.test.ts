// Differentiation (hand-checked values from the articles), diffSteps, limitDefinition,
// gradient/hessian against finite differences, integration and sums against independent values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sym } from "../../lib/symbolic";

const near = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * (1 + Math.abs(b));
const d1 = (s: string, at: Record<string, number>, x = "x") => sym.diff(s, x).evaluate(at);

test("derivatives from the articles (closed forms computed here by hand)", () => {
  const e = Math.E;
  const cases: [string, Record<string, number>, number][] = [
    ["2x^3 - 5x^2 + 3x - 7", { x: 1 }, -1], // article 11
    ["x^3 + 4cos(x) - sin(pi/2)", { x: Math.PI / 2 }, (3 * Math.PI ** 2) / 4 - 4],
    ["exp(x)*(sin(x) + cos(x))", { x: 1 }, 2 * e * Math.cos(1)],
    ["asin(x)", { x: 0.5 }, 1 / Math.sqrt(0.75)],
    ["atan(x)", { x: 1 }, 0.5],
    ["exp(x^3)", { x: 1 }, 3 * e],
    ["ln(sin(x))", { x: Math.PI / 4 }, 1],
    ["ln(cos(exp(x)))", { x: 0 }, -Math.tan(1)],
    ["(1 - 2x^2)^(1/3)", { x: 0.3 }, (-4 * 0.3) / (3 * (1 - 2 * 0.09) ** (2 / 3))],
    ["3x^4 - 5x^3 + x^2 - 7", { x: 1 }, -1], // article 12
    ["(x^2 + 1)(x - 2)", { x: 2 }, 5],
    ["x^2 + 3x + 1", { x: 2 }, 7], // article 25
    ["x^3*exp(-x)", { x: 1 }, 2 / e],
    ["x^100", { x: 1 }, 100],
    ["sqrt(x)", { x: 4 }, 0.25],
    ["log(2, x)", { x: 3 }, 1 / (3 * Math.log(2))],
    ["tan(x)", { x: 0.4 }, 1 / Math.cos(0.4) ** 2],
    ["sec(x)", { x: 0.4 }, Math.tan(0.4) / Math.cos(0.4)],
    ["cot(x)", { x: 0.4 }, -1 / Math.sin(0.4) ** 2],
    ["arccot(x)", { x: 0.4 }, -1 / 1.16],
    ["2^x", { x: 1.5 }, 2 ** 1.5 * Math.log(2)],
    ["x^x", { x: 2 }, 4 * (Math.log(2) + 1)],
  ];
  for (const [s, at, want] of cases) assert.ok(near(d1(s, at), want), `${s} at ${JSON.stringify(at)}: ${d1(s, at)} vs ${want}`);
  // article 25: second derivative of x³e^{−x} at 1 is 1/e; article 13: the neuron's gradients
  assert.ok(near(sym.diff("x^3*exp(-x)", "x", 2).evaluate({ x: 1 }), 1 / e));
  const L = "(sigmoid(w*x + b) - y)^2/2";
  const p = { w: 0.5, b: 0.1, x: 2, y: 1 };
  assert.ok(near(sym.diff(L, "w").evaluate(p), -0.0935875, 1e-6));
  assert.ok(near(sym.diff(L, "b").evaluate(p), -0.0467937, 1e-6));
  const CE = "-(y*ln(sigmoid(w*x + b)) + (1 - y)*ln(1 - sigmoid(w*x + b)))";
  assert.ok(near(sym.diff(CE, "w").evaluate(p), -0.4994798, 1e-6));
});

test("gradient and hessian agree with central differences", () => {
  const f = "x^2*y + sin(x*y) + exp(y)/x";
  const fn = sym.lambdify(f, ["x", "y"]);
  const at = { x: 1.3, y: -0.4 };
  const h = 1e-5;
  const g = sym.gradient(f, ["x", "y"]).map((e) => e.evaluate(at));
  assert.ok(near(g[0], (fn(at.x + h, at.y) - fn(at.x - h, at.y)) / (2 * h), 1e-7));
  assert.ok(near(g[1], (fn(at.x, at.y + h) - fn(at.x, at.y - h)) / (2 * h), 1e-7));
  const H = sym.hessian(f, ["x", "y"]).map((r) => r.map((e) => e.evaluate(at)));
  const k = 1e-4;
  const fxy = (fn(at.x + k, at.y + k) - fn(at.x + k, at.y - k) - fn(at.x - k, at.y + k) + fn(at.x - k, at.y - k)) / (4 * k * k);
  assert.ok(near(H[0][1], fxy, 1e-5) && H[0][1] === H[1][0]);
  assert.ok(near(H[0][0], (fn(at.x + k, at.y) - 2 * fn(at.x, at.y) + fn(at.x - k, at.y)) / (k * k), 1e-5));
});

test("diffSteps names the rules and ends with sym.diff", () => {
  const cases: [string, string[]][] = [
    ["x^2*sin(x)", ["product rule", "power rule", "trigonometric rule (row sin)"]],
    ["x/(x + 1)", ["quotient rule"]],
    ["exp(x^3)", ["chain rule; exponential rule (row exp)", "power rule"]],
    ["3x^2 - 5x + 7", ["sum and difference rule", "constant multiple rule"]],
    ["ln(x)", ["logarithm rule (row log)"]],
    ["asin(x^2)", ["chain rule; inverse function rule (row asin)"]],
    ["2^x", ["exponential rule"]],
    ["(x^2 + 1)^5", ["chain rule with the power rule"]],
    ["7", ["constant rule"]],
  ];
  for (const [s, rules] of cases) {
    const d = sym.diffSteps(s, "x");
    const names = d.steps.map((st) => st.rule);
    for (const r of rules) assert.ok(names.includes(r), `${s}: no '${r}' in ${JSON.stringify(names)}`);
    assert.equal(d.result, sym.simplify(sym.diff(s, "x")), s);
    assert.match(d.toLatex(), /^\\begin\{align\*\}[\s\S]*\\end\{align\*\}/);
    // every line with a value is numerically the derivative of its own left side
    const bundle = (d as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
    assert.ok(bundle["text/latex"].includes("align*") && bundle["text/plain"].length > 0);
  }
  // the formula shown for sin is the row's, not a copy: d/du sin(u) = cos(u)
  assert.ok(sym.diffSteps("sin(x)", "x").steps[0].formula.includes("\\cos\\left(u\\right)"));
});

test("limitDefinition: the power rule from the definition, with article 10's table", () => {
  const d = sym.limitDefinition("x^3", "x", { at: 2, hs: [1, 0.1, 0.01, 0.001] });
  assert.equal(d.result.toString(), "3*x^2");
  const q = d.tables[0].rows.map((r) => r[1] as number);
  [19, 12.61, 12.0601, 12.006001].forEach((want, i) => assert.ok(near(q[i], want, 1e-9), `x^3 quotient ${q[i]} vs ${want}`));
  const d2 = sym.limitDefinition("x^2", "x", { at: 3, hs: [1, 0.1, 0.01, 0.001], h: "t", name: "M" });
  [7, 6.1, 6.01, 6.001].forEach((want, i) => assert.ok(near(d2.tables[0].rows[i][1] as number, want, 1e-9)));
  assert.match(d2.toLatex(), /M'\(x\)/);
  for (const [f, want] of [["x^5", "5*x^4"], ["1/x", "-1/x^2"], ["sin(x)", "cos(x)"], ["sqrt(x)", "1/(2*sqrt(x))"], ["exp(x)", "exp(x)"], ["3x^2 + 2x", "6*x + 2"]]) {
    assert.equal(sym.limitDefinition(f, "x").result.toString(), want, f);
  }
});

test("integrate: antiderivatives differentiate back to the integrand", () => {
  const fs = ["x^3 - 2x + 1", "1/x", "(2x + 1)^3", "exp(3x - 1)", "sin(2x)", "cos(x/2)", "tan(x)", "1/(1 + x^2)", "sqrt(x)", "1/sqrt(1 - x^2)", "ln(x)", "2^x", "sinh(x) + cosh(x)", "tanh(x)", "sigmoid(x)", "1/cos(x)^2", "atan(x)", "x*(x + 1)^2", "1/(2x + 3)", "x^(-3)"];
  for (const f of fs) {
    const F = sym.integrate(f, "x");
    assert.notEqual(F.kind, "integral", `${f} should integrate`);
    const back = sym.diff(F, "x");
    for (const x of [0.3, 0.7, 1.9]) if (Number.isFinite(sym.parse(f).evaluate({ x }))) assert.ok(near(back.evaluate({ x }), sym.parse(f).evaluate({ x }), 1e-9), `d/dx ∫${f} at ${x}`);
  }
  // no rule: an unevaluated integral, never a wrong answer
  assert.equal(sym.integrate("exp(x^2)", "x").toString(), "Integral(exp(x^2), x)");
  assert.equal(sym.integrate("x*sin(x)", "x").kind, "integral");
});

test("definite integrals: values, symbolic bounds, divergent integrals left unevaluated", () => {
  assert.equal(sym.integrate("x^2", ["x", 0, 3]).toString(), "9");
  assert.ok(near(sym.integrate("sin(x)", ["x", 0, "pi"]).evaluate(), 2));
  assert.ok(near(sym.integrate("1/(1 + x^2)", ["x", 0, 1]).evaluate(), Math.PI / 4));
  assert.ok(near(sym.integrate("exp(-x)", ["x", 0, 2]).evaluate(), 1 - Math.exp(-2)));
  assert.equal(sym.integrate("1/x^2", ["x", -1, 1]).kind, "integral"); // diverges: F(1) − F(−1) = −2 would be wrong
  assert.equal(sym.integrate("n^2*t^(n-1)", ["t", 0, "q"], { assume: { n: [1, Infinity] } }).toString(), "n*q^n");
  const unevaluated = sym.integrate("exp(x^2)", ["x", 0, 1]);
  assert.equal(unevaluated.kind, "integral");
  assert.ok(near(unevaluated.evaluate(), 1.4626517459071816, 1e-8)); // quadrature of the unevaluated form
});

test("sums: finite, the infinite families with conditions, and divergence", () => {
  const partial = (f: (n: number) => number, a: number, N: number) => {
    let s = 0;
    for (let n = a; n <= N; n++) s += f(n);
    return s;
  };
  assert.equal(sym.sum("n^2", "n", 1, 10).value!.toString(), "385");
  const cases: [string, number, (n: number, q: number) => number, number[]][] = [
    ["q^n", 0, (n, q) => q ** n, [0.5, -0.3]],
    ["n^2*q^(n-1)", 1, (n, q) => n * n * q ** (n - 1), [0.5, 0.9, -0.5]],
    ["n*q^n", 1, (n, q) => n * q ** n, [0.5]],
    ["n^3*q^n", 1, (n, q) => n ** 3 * q ** n, [0.5]],
    ["n^5*q^n", 0, (n, q) => n ** 5 * q ** n, [0.3]],
    ["q^n/n", 1, (n, q) => q ** n / n, [0.5, -0.5, 0.2]],
    ["(-1)^n*q^n", 0, (n, q) => (-q) ** n, [0.4]],
    ["q^n/n", 3, (n, q) => q ** n / n, [0.5]],
    ["3*2^(-n)", 2, (n) => 3 * 2 ** -n, [0]],
  ];
  for (const [term, a, f, qs] of cases) {
    const r = sym.sum(term, "n", a, Infinity);
    assert.ok(r.value, `${term}: no closed form`);
    for (const q of qs) assert.ok(near(r.value!.evaluate({ q }), partial((n) => f(n, q), a, 4000), 1e-9), `${term} at q = ${q}`);
    if (r.value!.has("q")) assert.ok(r.conditions.length > 0 && /1/.test(r.conditions[0]), `${term}: convergence condition`);
  }
  assert.equal(sym.sum("n^2*q^(n-1)", "n", 1, Infinity).value!.toString(), "(q + 1)/(1 - q)^3");
  assert.equal(sym.sum("n^3*q^n", "n", 1, Infinity).value!.evaluate({ q: 0.5 }), 26);
  assert.equal(sym.sum("x^n/n", "n", 1, Infinity).value!.toString(), "-ln(1 - x)");
  assert.deepEqual(sym.sum("x^n/n", "n", 1, Infinity).conditions, ["-1 ≤ x < 1"]);
  assert.equal(sym.sum("2^n", "n", 0, Infinity).converges, false);
  assert.equal(sym.sum("2^n", "n", 0, Infinity).value, null);
});

test("the two article methods: derivations with partial sums checked against the closed form", () => {
  const a = sym.integrateThenDifferentiate("n^2*q^(n-1)", "n", 1, "q");
  assert.equal(a.result.toString(), "(q + 1)/(1 - q)^3");
  assert.ok(a.steps.some((s) => s.rule === "integrate term by term") && a.steps.some((s) => s.rule === "differentiate back"));
  // article 07's numbers: S(0.5) = 12, S(0.9) = 1900, S_10(0.5) = 11.7148…
  assert.ok(near(a.result.evaluate({ q: 0.5 }), 12) && near(a.result.evaluate({ q: 0.9 }), 1900));
  const row = a.tables[0].rows.find((r) => r[0] === 0.5 && r[1] === 10)!;
  assert.ok(near(row[2] as number, 11.71484375));
  for (const r of a.tables[0].rows) if (r[1] === 200 && (r[0] as number) < 0.6) assert.ok((r[4] as number) < 1e-9);
  const b = sym.differentiateThenIntegrate("x^n/n", "n", 1, "x");
  assert.equal(b.result.toString(), "-ln(1 - x)");
  assert.ok(near(b.result.evaluate({ x: 0.5 }), Math.log(2)) && near(b.result.evaluate({ x: 0.2 }), 0.223144, 1e-6));
  const c = sym.integrateThenDifferentiate("n*x^(n-1)", "n", 1, "x");
  assert.equal(c.result.toString(), "1/(1 - x)^2");
  assert.match(a.toLatex(), /^\\begin\{gather\*\}[\s\S]*\\begin\{aligned\}/); // steps, condition and table in one environment
});
