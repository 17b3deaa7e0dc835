/**
 * Jacobians of vector functions: write a vector differential dy (linear in dx) as J·dx
 * and read off J (numerator layout). The rewrites:
 *   A·dx → A;  s ⊙ (M dx) = diag(s) M dx;  v·(rᵀdx) = (v rᵀ) dx;  (dxᵀB)ᵀ = Bᵀdx.
 */
import { MatExpr, hasDiff, brief } from "./expr";
import * as B from "./build";
import { traceMethod } from "./trace";
import { simplify } from "./simplify";

/** Raised when dy is linear in dx but its matrix needs a higher-order tensor form. */
export class NoMatrixFormError extends Error {
  override name = "NoMatrixFormError";
}

/** Transpose pushed through sums, products and elementwise products (used on rows). */
function pushT(e: MatExpr): MatExpr {
  switch (e.op) {
    case "transpose": return e.args[0];
    case "add": return B.add(...e.args.map((t) => (t.isScalar ? t : pushT(t))));
    case "mul": return B.mul(...[...e.args].reverse().map((f) => (f.isScalar ? f : pushT(f))));
    case "binary":
      if (e.name === "mul" || e.name === "div") return B.binary(e.name, e.args[0].isScalar ? e.args[0] : pushT(e.args[0]), e.args[1].isScalar ? e.args[1] : pushT(e.args[1]));
      return B.transpose(e);
    default: return B.transpose(e);
  }
}

/** r (1×n) with s = r·dx, for a scalar s linear in dx. */
function rowOf(s: MatExpr, x: MatExpr): MatExpr {
  return B.transpose(traceMethod(simplify(s), x, false).G);
}

/**
 * The matrix J with dy = J·dx, for a column-vector (or scalar) differential dy linear in
 * the differential of the vector (or scalar) x.
 */
export function jacobianMatrix(dy: MatExpr, x: MatExpr): MatExpr {
  const n = x.rows;
  const lin = (L: MatExpr): MatExpr => {
    if (L.isScalar) return rowOf(L, x);
    switch (L.op) {
      case "diff": return B.eye(n);
      case "add": return B.add(...L.args.map((t) => (t.isScalar ? B.mul(B.ones(L.rows), rowOf(t, x)) : lin(t))));
      case "mul": {
        const at = L.args.findIndex(hasDiff);
        const F = L.args[at];
        const before = L.args.slice(0, at);
        const after = L.args.slice(at + 1);
        if (F.isScalar) return B.mul(...before, ...after, rowOf(F, x));
        const afterProduct = after.length ? B.mul(...after) : null;
        if (!afterProduct || afterProduct.isScalar) return B.mul(...before, ...(afterProduct ? [afterProduct] : []), lin(F));
        if (F.op === "diag") return B.mul(...before, B.diag(afterProduct), lin(F.args[0]));
        throw new NoMatrixFormError(`${brief(L)}: dx sits inside a matrix factor (${brief(F)}); its Jacobian needs a higher-order tensor`);
      }
      case "binary": {
        if (L.name !== "mul" && L.name !== "div") break;
        const [p, q] = L.args;
        if (L.name === "div") {
          if (hasDiff(q)) break;
          return B.mul(B.diag(B.div(1, q)), lin(p));
        }
        const [S, M] = hasDiff(p) ? [q, p] : [p, q];
        return S.isScalar ? B.mul(S, lin(M)) : B.mul(B.diag(S), lin(M));
      }
      case "transpose": return lin(pushT(L.args[0]));
      case "diag": break;
    }
    throw new NoMatrixFormError(`cannot write ${brief(L)} as J·d${x.name}`);
  };
  if (dy.cols !== 1) throw new NoMatrixFormError(`${brief(dy)} is not a column vector`);
  return lin(dy);
}
