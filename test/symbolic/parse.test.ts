// The parser: grammar, numbers, implicit products, precedence, errors with columns, round trips.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sym, ParseError } from "../../lib/symbolic";

const at = (s: string, env: Record<string, number> = {}) => sym.parse(s).evaluate(env);

test("numbers: integer, decimal, scientific, exact rationals", () => {
  assert.equal(at("42"), 42);
  assert.equal(at("0.125"), 0.125);
  assert.equal(at(".5"), 0.5);
  assert.equal(at("1.5e-3"), 0.0015);
  assert.equal(at("2E2"), 200);
  assert.equal(sym.parse("0.1 + 0.2").toString(), "3/10"); // exact, not 0.30000000000000004
  assert.equal(sym.parse("1/3 + 1/6").toString(), "1/2");
});

test("operators, precedence and right-associative powers", () => {
  assert.equal(at("2 + 3 * 4"), 14);
  assert.equal(at("2^3^2"), 512); // 2^(3^2)
  assert.equal(at("-2^2"), -4); // -(2^2)
  assert.equal(at("2^-1"), 0.5);
  assert.equal(at("8 / 4 / 2"), 1); // left-associative
  assert.equal(at("2 - 3 - 4"), -5);
  assert.equal(at("x**2", { x: 3 }), 9); // Python's power, so SymPy output parses
  assert.equal(at("--x", { x: 3 }), 3);
});

test("implicit multiplication: 2x, 2(x+1), 3sin(x), (a)(b), x y", () => {
  const x = 0.7;
  assert.equal(at("2x", { x }), 2 * x);
  assert.equal(at("2(x+1)", { x }), 2 * (x + 1));
  assert.equal(at("3sin(x)", { x }), 3 * Math.sin(x));
  assert.equal(at("(x+1)(x-1)", { x }), (x + 1) * (x - 1));
  assert.equal(at("2x^2", { x }), 2 * x * x); // 2·(x²), not (2x)²
  assert.equal(at("x y", { x, y: 3 }), 3 * x);
  assert.equal(at("2 pi"), 2 * Math.PI);
  assert.equal(at("2e"), 2 * Math.E);
});

test("functions of the grammar, constants and composed functions", () => {
  const x = 0.4;
  const cases: [string, number][] = [
    ["ln(x)", Math.log(x)], ["log(x)", Math.log(x)], ["log(2, 8)", 3], ["exp(x)", Math.exp(x)], ["sqrt(x)", Math.sqrt(x)],
    ["sin(x)", Math.sin(x)], ["cos(x)", Math.cos(x)], ["tan(x)", Math.tan(x)], ["asin(x)", Math.asin(x)],
    ["acos(x)", Math.acos(x)], ["atan(x)", Math.atan(x)], ["sinh(x)", Math.sinh(x)], ["cosh(x)", Math.cosh(x)],
    ["tanh(x)", Math.tanh(x)], ["abs(-x)", x], ["|x - 1|", 0.6], ["sigmoid(x)", 1 / (1 + Math.exp(-x))],
    ["pi", Math.PI], ["e", Math.E], ["e^x", Math.exp(x)], ["π", Math.PI],
    ["sec(x)", 1 / Math.cos(x)], ["csc(x)", 1 / Math.sin(x)], ["cot(x)", 1 / Math.tan(x)], ["arccot(x)", Math.PI / 2 - Math.atan(x)],
    ["arcsin(x)", Math.asin(x)], ["max(x, 1)", 1], ["min(x, 1)", x], ["relu(-x)", 0], ["gt(x, 0)", 1],
  ];
  for (const [s, want] of cases) assert.ok(Math.abs(at(s, { x }) - want) < 1e-15, `${s}: ${at(s, { x })} vs ${want}`);
});

test("errors are ParseErrors with the column and a caret line", () => {
  const cases: [string, number, RegExp][] = [
    ["2*(x+1))", 8, /unexpected '\)' at column 8/],
    ["x +", 4, /end of input/],
    ["sin x", 5, /expected '\(' after the function name 'sin'/],
    ["2 $ 3", 3, /unexpected character '\$' at column 3/],
    ["(x + 1", 7, /expected '\)' but the input ended/],
    ["", 1, /empty expression/],
    ["f(x)", 1, /unknown function 'f'/],
    ["log(1, 2, 3)", 1, /log takes 1 or 2 arguments, got 3/],
    ["x 2", 3, /unexpected number '2'/],
    ["()", 2, /empty parentheses/],
  ];
  for (const [s, col, re] of cases) {
    assert.throws(() => sym.parse(s), (e: unknown) => {
      assert.ok(e instanceof ParseError, `${s}: not a ParseError`);
      assert.equal(e.column, col, `${s}: column`);
      assert.match(e.message, re);
      const lines = e.message.split("\n");
      assert.equal(lines[2].indexOf("^") - 2, col - 1, `${s}: caret under column ${col}`);
      return true;
    });
  }
  // deep nesting is an error, not a stack overflow
  assert.throws(() => sym.parse("(".repeat(5000) + "x" + ")".repeat(5000)), ParseError);
});

test("toString re-parses to the same expression", () => {
  const xs = ["x^2*sin(x) + 2*x - 1/3", "-x/(2*y)", "(x + 1)^(1/2)", "exp(-x^2)/sqrt(2*pi)", "ln(x)/ln(2)", "2^(x + 1)", "x^(-3)", "max(x, y) - gt(x, 0)", "(-2)^x", "asin(x)*acos(x)/atan(x)", "where(gt(x, 0), x, -x)", "Integral(x^2, x, 0, 1)", "1.5*x", "x^y^z", "(x^y)^z"];
  for (const s of xs) {
    const e = sym.parse(s);
    assert.equal(sym.parse(e.toString()), e, `${s} -> ${e.toString()}`);
  }
});

test("hash-consing: equal expressions are one object", () => {
  assert.equal(sym.parse("x + y"), sym.parse("y + x"));
  assert.equal(sym.parse("2*x*y"), sym.parse("y*(x*2)"));
  assert.equal(sym.parse("x + x"), sym.parse("2x"));
  assert.equal(sym.parse("x*x*x"), sym.parse("x^3"));
  assert.notEqual(sym.parse("x - y"), sym.parse("y - x"));
});
