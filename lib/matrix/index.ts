/**
 * Matrix calculus: shaped matrix expressions, matrixcalculus.org's notation, gradients
 * by the differential + trace method, Jacobians and Hessians in either layout, and
 * numeric verification against autograd.
 */
import type { UnaryName } from "../ops/unary";
import * as B from "./build";
import { MatExpr, MatLike } from "./expr";
import { Dim, ShapeLike, SymbolProps, SymbolSpec, parseShapes, toSpec } from "./shape";
import { parse } from "./parse";
import { simplify, rules } from "./simplify";
import { grad, derivative, jacobian, hessian, byScalar } from "./derivative";
import { verify } from "./verify";
import { ruleTable } from "./table";
import { evaluate } from "./evaluate";
import { toLatex } from "./latex";

const fn = (name: UnaryName) => (x: MatLike) => B.unary(name, x);

/**
 * A matrix symbol.
 * @example
 * const X = mat.matrix("X", [3, "n"]);            // 3×n
 * const S = mat.matrix("S", [3, 3], { symmetric: true });
 */
function matrix(name: string, shape: readonly [Dim, Dim], props: SymbolProps = {}): MatExpr {
  return B.symbol(name, { ...props, shape: [shape[0], shape[1]] });
}

/**
 * A column-vector symbol.
 * @example
 * const x = mat.vector("x", 3);
 */
function vector(name: string, n: Dim, props: SymbolProps = {}): MatExpr {
  return B.symbol(name, { ...props, shape: [n, 1] });
}

/**
 * A scalar symbol.
 * @example
 * const t = mat.scalar("t");
 */
function scalar(name: string, props: SymbolProps = {}): MatExpr {
  return B.symbol(name, { ...props, shape: [1, 1] });
}

/**
 * Several symbols at once, from the same shape descriptions the parser takes.
 * @example
 * const { A, x } = mat.symbols("A:3x3,x:3");
 * const { S, y } = mat.symbols({ S: "3x3:sym", y: 3 });
 */
function symbols(spec: string | Record<string, ShapeLike>): Record<string, MatExpr> {
  const entries: [string, SymbolSpec][] = typeof spec === "string"
    ? Object.entries(parseShapes(spec))
    : Object.entries(spec).map(([k, v]) => [k, toSpec(k, v)]);
  return Object.fromEntries(entries.map(([k, v]) => [k, B.symbol(k, v)]));
}

/**
 * Matrix calculus (also reachable as `sym.mat`): build or parse shaped expressions,
 * differentiate them by the trace method, check the results numerically.
 * @example
 * import { mat } from "gradlab";
 * const f = mat.parse("norm2(X*w - y)^2", "X:5x3,w:3,y:5");
 * const d = mat.grad(f, "w");
 * d.toString();         // "∂(norm2(X*w - y)^2)/∂w = 2*X'*(X*w - y)   [denominator layout, 3×1]"
 * d.steps;              // df, the trace rewrites, the read-off gradient (LaTeX in a notebook)
 * mat.verify(d).ok;     // true: matches autograd and central differences
 * mat.hessian(f, "w").text; // "2*X'*X"
 * mat.ruleTable([{ f: "x'*A*x", shapes: "A:3x3,x:3", wrt: "x", claim: "(A + A')*x" }]).ok; // true
 */
export const mat = {
  // symbols and constants
  matrix, vector, scalar, symbols, symbol: B.symbol,
  num: B.num, ones: B.ones, zeros: B.zeros, eye: B.eye,
  // operations (shape-checked)
  add: B.add, sub: B.sub, neg: B.neg, mul: B.mul, hadamard: B.hadamard, div: B.div, pow: B.power,
  transpose: B.transpose, inv: B.inv, det: B.det, logdet: B.logdet, adj: B.adj, tr: B.tr, sum: B.sum, diag: B.diag,
  norm1: B.norm1, norm2: B.norm2, softmax: B.softmax, logSoftmax: B.logSoftmax, outer: B.outer,
  /** Any elementwise row of the op table by name. */
  elementwise: B.unary,
  exp: fn("exp"), log: fn("log"), sqrt: fn("sqrt"), abs: fn("abs"), sign: fn("sign"), sin: fn("sin"), cos: fn("cos"), tan: fn("tan"),
  tanh: fn("tanh"), sigmoid: fn("sigmoid"), relu: fn("relu"),
  // text
  parse, toLatex, simplify, rules,
  // derivatives
  grad, derivative, jacobian, hessian, byScalar,
  // numbers
  evaluate, verify, ruleTable,
};

export { MatExpr } from "./expr";
export type { MatLike } from "./expr";
export { Derivative } from "./derivative";
export type { Layout, DerivativeOptions, EvaluateOptions } from "./derivative";
export { VerifyReport, VerifyError } from "./verify";
export { RuleTable } from "./table";
export type { Rule, RuleRow, RuleTableOptions } from "./table";
export type { VerifyOptions, Trial } from "./verify";
export { Steps } from "./steps";
export { ParseError } from "./parse";
export { NotDifferentiableError } from "./differential";
export type { Dim, SymbolProps, ShapeLike } from "./shape";
