/**
 * Expressions implement the rule algebra of the op table (lib/ops/algebra.ts), so the
 * symbolic derivative of each primitive is the row's own `deriv`, evaluated on `Expr`.
 */
import type { Algebra, Fns } from "../ops/algebra";
import { fns } from "../ops/algebra";
import { unaryNames } from "../ops/unary";
import { binaryNames } from "../ops/binary";
import type { BinaryName } from "../ops/binary";
import * as X from "./expr";
import type { Expr } from "./expr";
import { fromDecimal, float } from "./number";

/** A rule's numeric literal as an exact number when it is a short decimal (0.5 -> 1/2). */
export function literal(v: Expr | number): Expr {
  if (typeof v !== "number") return v;
  if (!Number.isFinite(v)) return X.numOf(float(v));
  const n = X.numOf(fromDecimal(String(Math.abs(v))));
  return v < 0 ? X.neg(n) : n;
}

function binary(op: BinaryName, a: Expr, b: Expr): Expr {
  switch (op) {
    case "add":
      return X.add(a, b);
    case "sub":
      return X.sub(a, b);
    case "mul":
      return X.mul(a, b);
    case "div":
      return X.div(a, b);
    case "pow":
      return X.pow(a, b);
    default:
      return X.bin(op, a, b);
  }
}

/**
 * The symbolic algebra: constants are exact numbers, ops build canonical nodes,
 * comparisons are Iverson brackets ([x > 0] is a node worth 1 or 0), `where` folds when its
 * condition is a number, and `kink` returns the formula valid off the measure-zero set.
 */
export const exprAlgebra: Algebra<Expr> = {
  num: (v) => literal(v),
  unary: (op, x) => X.fn(op, x),
  binary: (op, a, b) => binary(op, literal(a), literal(b)),
  where: (c, a, b) => X.where(c, literal(a), literal(b)),
  kink: (_cond, _atKink, elsewhere) => elsewhere,
};

/** The rule-facing functions over expressions (what a row's `deriv` receives). */
export const E: Fns<Expr> = fns(exprAlgebra, unaryNames, binaryNames);
