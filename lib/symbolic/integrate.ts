/**
 * `sym.integrate`: antiderivatives by linearity, the power rule, a table of elementary
 * antiderivatives and linear substitution f(ax + b); definite integrals by F(b) − F(a).
 * When no rule applies the result is an unevaluated Integral, never a guess; a definite
 * integral with numeric bounds is also checked against quadrature before it is returned.
 */
import type { UnaryName } from "../ops/unary";
import * as X from "./expr";
import type { Expr, ExprLike } from "./expr";
import { derivative } from "./diff";
import { expand, simplify } from "./simplify";
import { bounds, refine } from "./assume";
import type { Assumptions } from "./assume";
import { quad } from "./quad";

export interface IntegrateOptions {
  /** Intervals of other variables, e.g. { n: [1, Infinity] } (so t^(n−1) integrates to t^n / n). */
  assume?: Assumptions;
}

const half = X.HALF;
const L = (u: Expr) => X.fn("log", X.fn("abs", u));

/** ∫ f(u) du for the table's functions (u is the inner variable). */
const table: Partial<Record<UnaryName, (u: Expr) => Expr>> = {
  exp: (u) => X.fn("exp", u), // ∫ eᵘ = eᵘ
  sin: (u) => X.neg(X.fn("cos", u)), // ∫ sin u = −cos u
  cos: (u) => X.fn("sin", u), // ∫ cos u = sin u
  tan: (u) => X.neg(L(X.fn("cos", u))), // ∫ tan u = −ln|cos u|
  sinh: (u) => X.fn("cosh", u), // ∫ sinh u = cosh u
  cosh: (u) => X.fn("sinh", u), // ∫ cosh u = sinh u
  tanh: (u) => X.fn("log", X.fn("cosh", u)), // ∫ tanh u = ln cosh u
  log: (u) => X.sub(X.mul(u, X.fn("log", u)), u), // ∫ ln u = u ln u − u
  sqrt: (u) => X.mul(X.num(2, 3), X.pow(u, X.num(3, 2))), // ∫ √u = ⅔ u^{3/2}
  sigmoid: (u) => X.fn("log", X.add(X.ONE, X.fn("exp", u))), // ∫ σ(u) = ln(1 + eᵘ)
  atan: (u) => X.sub(X.mul(u, X.fn("atan", u)), X.mul(half, X.fn("log", X.add(X.ONE, X.pow(u, X.TWO))))), // ∫ arctan u = u arctan u − ½ ln(1 + u²)
  asin: (u) => X.add(X.mul(u, X.fn("asin", u)), X.fn("sqrt", X.sub(X.ONE, X.pow(u, X.TWO)))), // ∫ arcsin u = u arcsin u + √(1 − u²)
  acos: (u) => X.sub(X.mul(u, X.fn("acos", u)), X.fn("sqrt", X.sub(X.ONE, X.pow(u, X.TWO)))), // ∫ arccos u = u arccos u − √(1 − u²)
  abs: (u) => X.mul(half, u, X.fn("abs", u)), // ∫ |u| = ½ u|u|
  sign: (u) => X.fn("abs", u), // ∫ sign u = |u|
  relu: (u) => X.mul(half, X.pow(X.fn("relu", u), X.TWO)), // ∫ relu u = ½ relu(u)²
};

/** ∫ g(u) du for powers of table functions that have an elementary antiderivative. */
const powerTable: { fn: UnaryName; exp: number; F: (u: Expr) => Expr }[] = [
  { fn: "cos", exp: -2, F: (u) => X.fn("tan", u) }, // ∫ sec²u = tan u
  { fn: "cosh", exp: -2, F: (u) => X.fn("tanh", u) }, // ∫ sech²u = tanh u
  { fn: "sin", exp: -2, F: (u) => X.neg(X.div(X.fn("cos", u), X.fn("sin", u))) }, // ∫ csc²u = −cot u
  { fn: "sqrt", exp: -1, F: (u) => X.mul(X.TWO, X.fn("sqrt", u)) }, // ∫ 1/√u = 2√u
];

/** u = a·x + b with a ≠ 0 constant: returns a, or null. */
function linearCoef(u: Expr, x: string): Expr | null {
  const a = derivative(u, x, new Map());
  if (a === X.ZERO || a.has(x)) return null;
  return a;
}

/** a·x² + c (a, c constants), for the arctan/arcsin forms: returns [a, c] or null. */
function quadraticNoLinear(u: Expr, x: string): [Expr, Expr] | null {
  const d2 = derivative(derivative(u, x, new Map()), x, new Map());
  if (d2.has(x) || d2 === X.ZERO) return null;
  const a = X.mul(half, d2);
  const c = X.sub(u, X.mul(a, X.pow(X.symbol(x), X.TWO)));
  return c.has(x) ? null : [a, c];
}

function nonZero(e: Expr, assume: Assumptions): boolean {
  if (e.kind === "num") return e.num!.value !== 0;
  const [lo, hi] = bounds(e, assume);
  return lo > 0 || hi < 0;
}

/** An antiderivative of e in x, or null when no rule applies. */
export function antiderivative(e: Expr, x: string, assume: Assumptions = {}, depth = 0): Expr | null {
  const X0 = X.symbol(x);
  if (!e.has(x)) return X.mul(e, X0);
  if (depth > 6) return null;
  switch (e.kind) {
    case "sym":
      return X.mul(half, X.pow(X0, X.TWO)); // ∫ x = x²/2
    case "add": {
      // linearity: ∫ (u + v) = ∫ u + ∫ v
      const parts = e.args.map((t) => antiderivative(t, x, assume, depth + 1));
      return parts.every((p) => p) ? X.add(...(parts as Expr[])) : null;
    }
    case "mul": {
      // constant multiple: ∫ c·u = c ∫ u
      const consts = e.args.filter((f) => !f.has(x));
      if (consts.length) {
        const F = antiderivative(X.mul(...e.args.filter((f) => f.has(x))), x, assume, depth + 1);
        return F && X.mul(...consts, F);
      }
      break;
    }
    case "pow": {
      const [b, n] = e.args;
      if (!n.has(x)) {
        const a = linearCoef(b, x);
        if (a) {
          const n1 = X.add(n, X.ONE);
          // ∫ (ax + b)⁻¹ = ln|ax + b| / a
          if (n1 === X.ZERO) return X.div(L(b), a);
          // ∫ (ax + b)ⁿ = (ax + b)ⁿ⁺¹ / (a(n + 1)), n ≠ −1
          if (nonZero(n1, assume)) return X.div(X.pow(b, n1), X.mul(a, n1));
          return null;
        }
        // ∫ 1/(a x² + c) = arctan(x √(a/c)) / √(ac), a, c > 0
        const q = quadraticNoLinear(b, x);
        if (q && n === X.MINUS_ONE && q[0].kind === "num" && q[1].kind === "num" && q[0].num!.value > 0 && q[1].num!.value > 0) {
          const [qa, qc] = q;
          return X.div(X.fn("atan", X.mul(X0, X.fn("sqrt", X.div(qa, qc)))), X.fn("sqrt", X.mul(qa, qc)));
        }
        // ∫ 1/√(c − a x²) = arcsin(x √(a/c)) / √a, a, c > 0
        if (q && n.kind === "num" && n.num!.value === -0.5 && q[0].kind === "num" && q[1].kind === "num" && q[0].num!.value < 0 && q[1].num!.value > 0) {
          const a = X.neg(q[0]);
          return X.div(X.fn("asin", X.mul(X0, X.fn("sqrt", X.div(a, q[1])))), X.fn("sqrt", a));
        }
        // (√u)ⁿ = u^(n/2)
        if (b.kind === "fn" && b.name === "sqrt") return antiderivative(X.pow(b.args[0], X.mul(half, n)), x, assume, depth + 1);
        if (b.kind === "fn" && n.kind === "num") {
          const row = powerTable.find((r) => r.fn === b.name && r.exp === n.num!.value);
          const a2 = row && linearCoef(b.args[0], x);
          if (row && a2) return X.div(row.F(b.args[0]), a2);
        }
        if (b.kind === "add" && n.kind === "num" && Number.isInteger(n.num!.value) && n.num!.value > 1) break; // expand below
      } else if (!b.has(x)) {
        // ∫ c^(ax + d) = c^(ax + d) / (a ln c)
        const a = linearCoef(n, x);
        if (a) return X.div(e, X.mul(a, X.fn("log", b)));
        return null;
      }
      break;
    }
    case "fn": {
      const F = table[e.name as UnaryName];
      const a = linearCoef(e.args[0], x);
      // linear substitution: ∫ f(ax + b) dx = F(ax + b) / a
      if (F && a) return X.div(F(e.args[0]), a);
      if (e.name === "sqrt") return antiderivative(X.pow(e.args[0], half), x, assume, depth + 1);
      break;
    }
  }
  // products and powers of sums: multiply out and integrate term by term
  const ex = expand(e);
  if (ex !== e && ex.kind === "add") return antiderivative(ex, x, assume, depth + 1);
  return null;
}

/**
 * Integrate: `sym.integrate(f, "x")` is an antiderivative (no + C); `sym.integrate(f, ["x", a, b])`
 * is the definite integral. Returns an unevaluated `Integral(...)` when no rule applies.
 * @example
 * sym.integrate("3x^2 + cos(2x)", "x").toString();  // "x^3 + sin(2*x)/2"
 * sym.integrate("x^2", ["x", 0, 3]).toString();     // "9"
 * sym.integrate("n^2*t^(n-1)", ["t", 0, "q"], { assume: { n: [1, Infinity], q: [-1, 1] } }).toString(); // "n*q^n"
 * sym.integrate("exp(x^2)", "x").toString();        // "Integral(exp(x^2), x)"
 */
export function integrate(expr: ExprLike, spec: string | readonly [string, ExprLike, ExprLike], opts: IntegrateOptions = {}): Expr {
  const f = X.toExpr(expr);
  const assume = opts.assume ?? {};
  const x = typeof spec === "string" ? spec : spec[0];
  const X0 = X.symbol(x);
  const F0 = antiderivative(f, x, assume);
  if (typeof spec === "string") return F0 ? simplify(F0) : X.integral(f, X0);
  const a = X.toExpr(spec[1]);
  const b = X.toExpr(spec[2]);
  if (!F0) return X.integral(f, X0, a, b);
  const value = refine(simplify(X.sub(F0.subs(new Map([[X0, b]])), F0.subs(new Map([[X0, a]])))), assume);
  if (a.kind === "num" && b.kind === "num" && value.freeSymbols().length === 0) {
    // F(b) − F(a) needs f continuous on [a, b]: check it against quadrature
    const g = (t: number) => f.evaluate({ [x]: t });
    const q = quad(g, a.num!.value, b.num!.value);
    const v = value.evaluate();
    if (!Number.isFinite(q) || !Number.isFinite(v) || Math.abs(q - v) > 1e-6 * (1 + Math.abs(q))) return X.integral(f, X0, a, b);
  }
  return simplify(value);
}
