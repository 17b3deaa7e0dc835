/**
 * Structural facts about matrix expressions that simplification and the derivative
 * rules rely on: symmetry, invertibility, zeros and ones.
 */
import { MatExpr } from "./expr";
import * as B from "./build";

/** The numeric value of a constant scalar, or null. */
export function numValue(e: MatExpr): number | null {
  if (e.op === "num") return e.value;
  if (e.isScalar && (e.op === "ones" || e.op === "eye")) return 1;
  if (e.isScalar && e.op === "zeros") return 0;
  return null;
}

export function isZero(e: MatExpr): boolean {
  return e.op === "zeros" || (e.op === "num" && e.value === 0);
}

export function isOne(e: MatExpr): boolean {
  return (e.op === "num" && e.value === 1) || e.op === "ones" && e.isScalar;
}

/** Scalar factors and the matrix chain of a product (a non-product is a chain of one). */
export function factorsOf(e: MatExpr): { scalars: MatExpr[]; chain: MatExpr[] } {
  const fs = e.op === "mul" ? e.args : [e];
  const scalars: MatExpr[] = [];
  const chain: MatExpr[] = [];
  for (const f of fs) (f.isScalar ? scalars : chain).push(f);
  return { scalars, chain };
}

/** Transpose with the obvious cancellations (Xᵀᵀ = X, symmetric X, scalars), no other rewriting. */
export function transposeOf(e: MatExpr): MatExpr {
  if (e.isScalar) return e;
  if (e.op === "transpose") return e.args[0];
  if (isSymmetric(e)) return e;
  if (e.op === "ones" || e.op === "zeros") return e.op === "ones" ? B.ones(e.cols, e.rows) : B.zeros(e.cols, e.rows);
  if (e.op === "mul") return B.mul(...[...e.args].reverse().map(transposeOf));
  return B.transpose(e);
}

/** Xᵀ = X, decided from the structure (symbols declare it with the `symmetric` or `spd` property). */
export function isSymmetric(e: MatExpr): boolean {
  if (e.isScalar) return true;
  if (e.rows !== e.cols) return false;
  switch (e.op) {
    case "sym": return !!(e.props.symmetric || e.props.spd);
    case "eye": case "ones": case "zeros": case "diag": return true;
    case "inv": case "adj": case "transpose": case "unary": return isSymmetric(e.args[0]);
    case "binary": return e.args.every(isSymmetric);
    case "add": {
      // every term symmetric, or the terms pair up with their transposes (A + Aᵀ)
      const keys = e.args.map((t) => t.key);
      return e.args.every((t) => isSymmetric(t) || keys.includes(transposeOf(t).key));
    }
    case "mul": {
      // a chain equal to its reversed transpose: XᵀX, P S P with P, S symmetric
      const { chain } = factorsOf(e);
      const n = chain.length;
      for (let i = 0; i < Math.floor(n / 2); i++) if (chain[i].key !== transposeOf(chain[n - 1 - i]).key) return false;
      return n % 2 === 0 || isSymmetric(chain[(n - 1) / 2]);
    }
    default: return false;
  }
}

/** X is known to be invertible: declared, the identity, an inverse, or a product of such. */
export function isInvertible(e: MatExpr): boolean {
  if (e.rows !== e.cols) return false;
  switch (e.op) {
    case "sym": return !!(e.props.invertible || e.props.spd);
    case "eye": case "inv": return true;
    case "transpose": case "adj": return isInvertible(e.args[0]);
    case "num": return e.value !== 0;
    case "mul": return e.args.every((f) => (f.op === "num" ? f.value !== 0 : !f.isScalar && isInvertible(f)));
    default: return false;
  }
}
