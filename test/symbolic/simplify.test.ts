// Simplification: every rule of rules.ts holds numerically; canonical rules hold by
// construction; simplify and expand never change values (random expressions and points).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { sym } from "../../lib/symbolic";

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647);
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * (1 + Math.abs(a) + Math.abs(b));

test("every rule is an identity: both sides agree at random points of its domain", () => {
  const r = rng(3);
  for (const rule of sym.rules) {
    const l = sym.parse(rule.lhs);
    const rr = sym.parse(rule.rhs);
    const [lo, hi] = rule.domain ?? [-2, 2];
    const vars = [...new Set([...l.freeSymbols(), ...rr.freeSymbols()])];
    let checked = 0;
    for (let i = 0; i < 50; i++) {
      const env = Object.fromEntries(vars.map((v) => [v, lo + (hi - lo) * r()]));
      const a = l.evaluate(env);
      const b = rr.evaluate(env);
      if (!Number.isFinite(a)) continue;
      checked++;
      assert.ok(same(a, b), `${rule.name}: ${rule.lhs} = ${a} but ${rule.rhs} = ${b} at ${JSON.stringify(env)}`);
    }
    assert.ok(checked > 20, `${rule.name}: too few points in its domain`);
    assert.ok(rule.why.length > 3, `${rule.name}: needs its math comment`);
  }
});

test("the parity table: f(−u) = f(u) for the even functions, −f(u) for the odd ones", () => {
  const r = rng(5);
  for (const [name, kind] of Object.entries(sym.parity)) {
    const f = sym.parse(`${name}(u)`);
    const g = sym.parse(`${name}(-u)`);
    for (let i = 0; i < 30; i++) {
      const u = 1.8 * r() - 0.9;
      const want = (kind === "even" ? 1 : -1) * f.evaluate({ u });
      assert.ok(same(g.evaluate({ u }), want), `${name} is ${kind}: ${name}(${-u})`);
    }
  }
  // used by simplify: the argument leads with a plus, as a reader writes it
  assert.equal(sym.simplify("cos(1 - x)").toString(), "cos(x - 1)");
  assert.equal(sym.simplify(sym.diff("cos(2*x - 1)", "x")).toString(), "-2*sin(2*x - 1)");
  assert.equal(sym.simplify(sym.diff("x*sin(3 - x)", "x")).toString(), "-x*cos(x - 3) - sin(x - 3)");
  assert.equal(sym.simplify("2*x*sin(-x^2 - 1)").toString(), "-2*x*sin(x^2 + 1)");
  assert.equal(sym.simplify("-2*pi*x*cos(-pi*x^2)").toString(), "-2*pi*x*cos(pi*x^2)");
});

test("canonical rules are applied by the constructors", () => {
  for (const rule of sym.rules.filter((r) => r.kind === "canonical")) {
    assert.equal(sym.parse(rule.lhs), sym.parse(rule.rhs), `${rule.name}: ${rule.lhs} should construct as ${rule.rhs}`);
  }
});

test("each rewrite rule fires in simplify", () => {
  for (const rule of sym.rules.filter((r) => r.kind === "rewrite")) {
    const l = sym.parse(rule.lhs.replace(/_u/g, "(x + 1)").replace(/_v/g, "y").replace(/_n/g, "3"));
    const want = sym.parse(rule.rhs.replace(/_u/g, "(x + 1)").replace(/_v/g, "y").replace(/_n/g, "3"));
    const got = sym.simplify(l);
    assert.ok(got.size() <= want.size() || got === want, `${rule.name}: simplify(${l}) = ${got}, expected ${want}`);
  }
});

test("the forms the articles need", () => {
  const cases: [string, string][] = [
    ["sin(x)^2 + cos(x)^2", "1"],
    ["(x^2 - 1)/(x - 1)", "x + 1"],
    ["(2x + 2)/(x + 1)", "2"],
    ["x/x^3", "1/x^2"],
    ["3x + 2x - x", "4*x"],
    ["x*x^2*x^(-3)", "1"],
    ["exp(-x)/(1 + exp(-x))^2", "sigmoid(x)*(1 - sigmoid(x))"],
    ["1/(1 + exp(-(w*x + b)))", "sigmoid(w*x + b)"],
    ["((1 - q)^2 + 2*q*(1 - q))/(1 - q)^4", "(q + 1)/(1 - q)^3"],
    ["exp(ln(x))", "x"],
    ["sin(x)/cos(x)", "tan(x)"],
    ["x + 0", "x"],
    ["x^1 * 1", "x"],
    ["0*sin(x)", "0"],
    ["x^0", "1"],
  ];
  for (const [a, want] of cases) assert.equal(sym.simplify(a).toString(), want, a);
  // article 07: d/dq [q/(1 − q)²] reaches (1 + q)/(1 − q)³
  assert.equal(sym.simplify(sym.diff("q/(1 - q)^2", "q")).toString(), "(q + 1)/(1 - q)^3");
  // article 13: σ' simplifies to σ(1 − σ)
  assert.equal(sym.simplify(sym.diff("1/(1 + exp(-s))", "s")).toString(), "sigmoid(s)*(1 - sigmoid(s))");
});

test("a sum's numeric content joins the coefficient, and identities are tried on every candidate form", () => {
  // hand-simplified: x(2a − 2y)/2 = x(a − y); the ½ of the squared loss cancels the 2 of its derivative
  const cases: [string, string][] = [
    ["x*(2*a - 2*y)/2", "x*(a - y)"],
    ["x*(2*a - 2*y)", "2*x*(a - y)"],
    ["(6*x + 9)*y/3", "y*(2*x + 3)"],
    // sin²/cos² + 1 = (sin² + cos²)/cos² = 1/cos²: the identity fires only after the fractions are combined
    ["sin(x)^2/cos(x)^2 + 1", "1/cos(x)^2"],
    ["-cos(x)^2/sin(x)^2 - 1", "-1/sin(x)^2"],
  ];
  for (const [a, want] of cases) {
    assert.equal(sym.simplify(a), sym.parse(want), `${a}: got ${sym.simplify(a)}, want ${want}`);
    for (const x of [0.3, 1.1]) assert.ok(same(sym.parse(a).evaluate({ x, a: 0.7, y: -1.3 }), sym.parse(want).evaluate({ x, a: 0.7, y: -1.3 })));
  }
  // article 11: (tan x)' by the quotient rule on sin/cos is sec²x; (cot x)' = −csc²x
  assert.equal(sym.simplify(sym.diff("sin(x)/cos(x)", "x")), sym.parse("1/cos(x)^2"));
  assert.equal(sym.simplify(sym.diff("cot(x)", "x")), sym.parse("-1/sin(x)^2"));
  // article 13: ∂/∂w ½(σ(wx + b) − y)² = x σ(1 − σ)(σ − y), the ½ and the 2 cancelled
  // (the signs may sit elsewhere: x σ (σ − 1)(y − σ) is the same product, two nodes smaller)
  const s = "sigmoid(w*x + b)";
  const got = sym.simplify(sym.diff(`(${s} - y)^2/2`, "w"));
  const hand = sym.parse(`x*${s}*(1 - ${s})*(${s} - y)`);
  assert.equal(got, sym.simplify(hand), `${got}`);
  assert.ok(got.size() <= hand.size());
  assert.equal(got.args.filter((f) => f.kind === "num").length, 0, `no numeric factor left: ${got}`);
});

test("expand multiplies out products and powers", () => {
  assert.equal(sym.expand("(x + 1)^3").toString(), "x^3 + 3*x^2 + 3*x + 1");
  assert.equal(sym.expand("(x + 1)(x - 1)").toString(), "x^2 - 1");
  assert.equal(sym.expand("((x + h)^3 - x^3)/h").toString(), "3*x^2 + 3*h*x + h^2");
  // the binomial coefficients of (x + h)^5 (Pascal's row 1 5 10 10 5 1)
  const p = sym.expand("(x + h)^5");
  for (const [x, h] of [[1.3, 0.2], [-0.7, 2]]) assert.ok(same(p.evaluate({ x, h }), (x + h) ** 5));
  assert.equal(p.toString(), "x^5 + 5*h*x^4 + 10*h^2*x^3 + 10*h^3*x^2 + 5*h^4*x + h^5");
});

test("simplify and expand never change the value (1,000 fixture derivatives, random points)", () => {
  const doc = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/sympy/derivatives.json"), "utf8")) as { cases: { expr: string; points: Record<string, number>[] }[] };
  let checked = 0;
  let smaller = 0;
  for (const c of doc.cases) {
    const d = sym.diff(sym.parse(c.expr), "x");
    const s = sym.simplify(d);
    const ex = sym.expand(d);
    if (s.size() <= d.size()) smaller++;
    for (const p of c.points) {
      const v = d.evaluate(p);
      if (!Number.isFinite(v)) continue;
      for (const [what, e] of [["simplify", s], ["expand", ex]] as const) {
        const w = e.evaluate(p);
        assert.ok(Math.abs(w - v) <= 1e-8 * (1 + Math.abs(v)), `${what}(${d}) = ${e} changes the value at ${JSON.stringify(p)}: ${v} -> ${w}`);
      }
      checked++;
    }
  }
  assert.ok(checked > 2500);
  assert.equal(smaller, doc.cases.length, "simplify never returns a larger expression");
});
