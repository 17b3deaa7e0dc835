/**
 * Symbolic differentiation. The local derivative of every primitive is its op-table row's
 * `deriv` evaluated on expressions (algebra.ts); this file only writes the chain rule once:
 * d out = Σ_i (∂out/∂x_i) · d x_i, as SymPy's fdiff + chain rule. Shared subtrees are
 * differentiated once (memo by node), so hash-consing keeps derivatives compact.
 */
import { unaryOps } from "../ops/unary";
import type { UnaryName } from "../ops/unary";
import { binaryOps } from "../ops/binary";
import type { BinaryName } from "../ops/binary";
import * as X from "./expr";
import type { Expr, ExprLike } from "./expr";
import { E, literal } from "./algebra";

/** ∂out/∂u for a function node out = f(u), from the row. */
export function unaryPartial(op: UnaryName, u: Expr, out: Expr): Expr {
  return literal(unaryOps[op].deriv(E, u, out));
}

/** [∂out/∂a, ∂out/∂b] for out = a ∘ b, from the row (null for a comparison: piecewise constant). */
export function binaryPartials(op: BinaryName, a: Expr, b: Expr, out: Expr): [Expr, Expr] | null {
  const d = binaryOps[op].deriv;
  if (!d) return null;
  const [da, db] = d(E, a, b, out);
  return [literal(da), literal(db)];
}

function varName(x: string | Expr): string {
  if (typeof x === "string") {
    if (!/^[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*$/.test(x)) throw new Error(`diff: '${x}' is not a variable name`);
    return x;
  }
  if (x.kind !== "sym") throw new Error(`diff: can only differentiate with respect to a variable, got '${x.toString()}'`);
  return x.name;
}

/** One derivative with respect to x; `memo` is shared across the subtrees of one call. */
export function derivative(e: Expr, x: string, memo: Map<number, Expr>): Expr {
  if (!X.freeSymbols(e).includes(x)) return X.ZERO;
  const hit = memo.get(e.id);
  if (hit) return hit;
  let d: Expr;
  const a = e.args;
  switch (e.kind) {
    case "sym":
      d = X.ONE;
      break;
    case "add": {
      // d(u + v) = du + dv (the add row's partials are 1)
      const [p] = binaryPartials("add", a[0], a[1], e)!;
      d = X.add(...a.map((t) => X.mul(p, derivative(t, x, memo))));
      break;
    }
    case "mul": {
      // product: ∂(u·rest)/∂u = rest (the mul row), for each factor u
      const terms: Expr[] = [];
      for (let i = 0; i < a.length; i++) {
        const du = derivative(a[i], x, memo);
        if (du === X.ZERO) continue;
        const rest = X.mul(...a.slice(0, i), ...a.slice(i + 1));
        const [p] = binaryPartials("mul", a[i], rest, e)!;
        terms.push(X.mul(p, du));
      }
      d = X.add(...terms);
      break;
    }
    case "pow": {
      const [pb, pe] = binaryPartials("pow", a[0], a[1], e)!;
      const db = derivative(a[0], x, memo);
      const de = derivative(a[1], x, memo);
      d = X.add(db === X.ZERO ? X.ZERO : X.mul(pb, db), de === X.ZERO ? X.ZERO : X.mul(pe, de));
      break;
    }
    case "fn":
      d = X.mul(unaryPartial(e.name as UnaryName, a[0], e), derivative(a[0], x, memo));
      break;
    case "bin": {
      const p = binaryPartials(e.name as BinaryName, a[0], a[1], e);
      if (!p) {
        d = X.ZERO; // a comparison is piecewise constant
        break;
      }
      d = X.add(X.mul(p[0], derivative(a[0], x, memo)), X.mul(p[1], derivative(a[1], x, memo)));
      break;
    }
    case "where":
      d = X.where(a[0], derivative(a[1], x, memo), derivative(a[2], x, memo));
      break;
    case "integral": {
      const [f, t, lo, hi] = a;
      if (!lo) {
        // d/dx ∫ f dx = f; an antiderivative in another variable is constant in x only if f is
        d = t.name === x ? f : X.integral(derivative(f, x, memo), t);
        break;
      }
      // Leibniz: d/dx ∫_a^b f dt = f(b) b' − f(a) a' + ∫_a^b ∂f/∂x dt
      const sub = (v: Expr) => f.subs(new Map([[t, v]]));
      const inner = t.name === x ? X.ZERO : derivative(f, x, memo);
      d = X.add(
        X.mul(sub(hi), derivative(hi, x, memo)),
        X.neg(X.mul(sub(lo), derivative(lo, x, memo))),
        inner === X.ZERO ? X.ZERO : X.integral(inner, t, lo, hi),
      );
      break;
    }
    default:
      d = X.ZERO;
  }
  memo.set(e.id, d);
  return d;
}

/**
 * The n-th derivative of an expression with respect to a variable (partial when
 * it has several). Not simplified beyond the canonical form; see `sym.simplify`.
 * @example
 * sym.diff("x^3 + sin(x)", "x").toString();    // "3*x^2 + cos(x)"
 * sym.diff("x^2*y", "y").toString();           // "x^2"
 * sym.diff("x^4", "x", 2).toString();          // "12*x^2"
 */
export function diff(expr: ExprLike, x: string | Expr, n = 1): Expr {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`diff: the order must be a non-negative integer, got ${n}`);
  let e = X.toExpr(expr);
  const name = varName(x);
  for (let i = 0; i < n; i++) e = derivative(e, name, new Map());
  return e;
}

/**
 * Mixed partial derivative: differentiate by each variable in turn.
 * @example
 * sym.partial("x^2*y^3", ["x", "y"]).toString(); // "6*x*y^2"
 */
export function partial(expr: ExprLike, vars: readonly string[]): Expr {
  let e = X.toExpr(expr);
  for (const v of vars) e = derivative(e, varName(v), new Map());
  return e;
}

/**
 * The gradient [∂f/∂x1, …] (variables default to the free symbols, sorted).
 * @example
 * sym.gradient("x^2 + x*y", ["x", "y"]).map(String); // ["2*x + y", "x"]
 */
export function gradient(expr: ExprLike, vars?: readonly string[]): Expr[] {
  const e = X.toExpr(expr);
  return (vars ?? e.freeSymbols()).map((v) => derivative(e, varName(v), new Map()));
}

/**
 * The Hessian matrix [∂²f/∂xi∂xj] (symmetric; each entry computed once).
 * @example
 * sym.hessian("x^2*y", ["x", "y"]).map((r) => r.map(String)); // [["2*y", "2*x"], ["2*x", "0"]]
 */
export function hessian(expr: ExprLike, vars?: readonly string[]): Expr[][] {
  const e = X.toExpr(expr);
  const vs = vars ?? e.freeSymbols();
  const g = gradient(e, vs);
  const h: Expr[][] = vs.map(() => []);
  for (let i = 0; i < vs.length; i++) {
    for (let j = i; j < vs.length; j++) {
      h[i][j] = derivative(g[i], varName(vs[j]), new Map());
      h[j][i] = h[i][j];
    }
  }
  return h;
}

/**
 * The Jacobian [∂fi/∂xj] of several expressions.
 * @example
 * sym.jacobian(["x*y", "x + y"], ["x", "y"]).map((r) => r.map(String)); // [["y", "x"], ["1", "1"]]
 */
export function jacobian(exprs: readonly ExprLike[], vars: readonly string[]): Expr[][] {
  return exprs.map((f) => gradient(f, vars));
}
