/**
 * The symbolic engine, exported as the `sym` namespace: parse, print, evaluate,
 * differentiate (with named steps), simplify, integrate and sum.
 *
 * @example
 * import { sym } from "gradlab";
 * const f = sym.parse("x^2 sin(x)");
 * sym.diff(f, "x").toString();           // "x^2*cos(x) + 2*x*sin(x)"
 * sym.diffSteps(f, "x");                 // the derivation, shown as LaTeX in the kernel
 * sym.lambdify(sym.diff(f, "x"), ["x"])(1); // 2.3254…
 */
import type { UnaryName } from "../ops/unary";
import * as X from "./expr";
import type { Expr, ExprLike } from "./expr";
import { parse, ParseError, functionNames } from "./parse";
import { diff, partial, gradient, hessian, jacobian } from "./diff";
import { evaluate, lambdify, lambdifyTensor, subs } from "./evaluate";
import { simplify, expand, together, cancel, factorTerms, positiveNearZero } from "./simplify";
import { rules, parity } from "./rules";
import { diffSteps, rowFormula } from "./steps";
import { Derivation } from "./derivation";
import { integrate } from "./integrate";
import { limitDefinition } from "./limit";
import { icpc, icpcCase, roundHalfUp } from "./icpc";
import { sum, SumResult } from "./sum";
import { integrateThenDifferentiate, differentiateThenIntegrate } from "./series";
import { tree, ExprTree } from "./tree";

const fnOf = (op: UnaryName) => (u: ExprLike): Expr => X.fn(op, X.toExpr(u));

/** The symbolic engine. */
export const sym = {
  parse,
  ParseError,
  functionNames,
  /** A variable: `sym.symbol("x")`. */
  symbol: (name: string): Expr => X.symbol(name),
  /** Several variables: `const [x, y] = sym.symbols("x y")`. */
  symbols: (names: string): Expr[] => names.split(/[\s,]+/).filter(Boolean).map((n) => X.symbol(n)),
  /** A number; `sym.num(1, 3)` is the exact 1/3. */
  num: (v: number, q?: number): Expr => X.num(v, q),
  pi: X.PI,
  e: X.EULER,
  /** Anything to an expression: numbers, variable names, text to parse. */
  expr: (v: ExprLike): Expr => X.toExpr(v),
  add: (...xs: ExprLike[]): Expr => X.add(...xs.map(X.toExpr)),
  mul: (...xs: ExprLike[]): Expr => X.mul(...xs.map(X.toExpr)),
  sub: (a: ExprLike, b: ExprLike): Expr => X.sub(X.toExpr(a), X.toExpr(b)),
  div: (a: ExprLike, b: ExprLike): Expr => X.div(X.toExpr(a), X.toExpr(b)),
  pow: (a: ExprLike, b: ExprLike): Expr => X.pow(X.toExpr(a), X.toExpr(b)),
  exp: fnOf("exp"), log: fnOf("log"), ln: fnOf("log"), sqrt: fnOf("sqrt"), abs: fnOf("abs"), sign: fnOf("sign"),
  sin: fnOf("sin"), cos: fnOf("cos"), tan: fnOf("tan"), asin: fnOf("asin"), acos: fnOf("acos"), atan: fnOf("atan"),
  sinh: fnOf("sinh"), cosh: fnOf("cosh"), tanh: fnOf("tanh"), sigmoid: fnOf("sigmoid"), relu: fnOf("relu"),
  diff, partial, gradient, hessian, jacobian, diffSteps, rowFormula,
  evaluate: (e: ExprLike, env: Record<string, number> = {}): number => evaluate(X.toExpr(e), env),
  lambdify, lambdifyTensor,
  subs: (e: ExprLike, map: Record<string, ExprLike> | Map<Expr, ExprLike>): Expr => subs(X.toExpr(e), map),
  simplify, expand, positiveNearZero, together: (e: ExprLike) => together(X.toExpr(e)), cancel: (e: ExprLike) => cancel(X.toExpr(e)),
  factorTerms: (e: ExprLike) => factorTerms(X.toExpr(e)),
  icpc, icpcCase, roundHalfUp,
  limitDefinition, integrate, sum, integrateThenDifferentiate, differentiateThenIntegrate,
  /** The expression tree (AST), drawn as SVG in the kernel; `{ dag: true }` draws shared subexpressions once. */
  tree,
  /** The simplification rules (data, each with its math). */
  rules,
  /** Even and odd functions, f(−u) = ±f(u), which simplify uses to drop signs. */
  parity,
};

export { Expr, ParseError, Derivation, SumResult, ExprTree };
export type { Step, Table } from "./derivation";
export type { IcpcAnswer } from "./icpc";
export type { IntegrateOptions } from "./integrate";
export type { LimitOptions } from "./limit";
export type { SeriesOptions } from "./series";
export type { TreeOptions } from "./tree";
export type { Assumptions } from "./assume";
export type { ExprLike };
