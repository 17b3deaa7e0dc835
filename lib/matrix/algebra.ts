/**
 * Matrix expressions implement the op table's rule algebra (lib/ops/algebra.ts), so the
 * elementwise derivatives (exp′ = exp, log′ = 1/x, σ′ = σ(1 − σ), relu′ = [relu > 0] …)
 * come from the rows themselves: dσ(X) = σ′(X) ⊙ dX with σ′ evaluated on expressions.
 */
import { Algebra, Fns, fns } from "../ops/algebra";
import { unaryNames } from "../ops/unary";
import { binaryNames } from "../ops/binary";
import type { MatExpr } from "./expr";
import * as B from "./build";

export const matAlgebra: Algebra<MatExpr> = {
  num: (v) => B.num(v),
  unary: (op, x) => B.unary(op, x),
  binary: (op, a, b) => B.binary(op, a, b),
  // cond ? a : b = cond ⊙ a + (1 − cond) ⊙ b for a 0/1 mask
  where: (c, a, b) => B.add(B.hadamard(c, a), B.hadamard(B.sub(1, c), b)),
  // a formula valid off the measure-zero kink set (the evaluator checks kinks separately)
  kink: (_c, _atKink, elsewhere) => elsewhere,
};

/** The rule-facing functions over matrix expressions. */
export const M: Fns<MatExpr> = fns(matAlgebra, unaryNames, binaryNames);
