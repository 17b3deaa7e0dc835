/**
 * The differential df of an expression with respect to one symbol X, by the rules
 * d(XY) = dX·Y + X·dY, d(Xᵀ) = (dX)ᵀ, d(X⁻¹) = −X⁻¹ dX X⁻¹, d|X| = |X| tr(X⁻¹dX),
 * d tr X = tr dX, and dσ(X) = σ′(X) ⊙ dX with σ′ read from the op table's rows.
 * Every other symbol is a constant (its differential is 0).
 */
import { UnaryName, unaryOps } from "../ops/unary";
import { BinaryName, binaryOps } from "../ops/binary";
import { MatExpr, dependsOn, brief } from "./expr";
import * as B from "./build";
import { M } from "./algebra";
import { isInvertible } from "./props";

/** Raised for a sub-expression the engine cannot differentiate; `subexpr` names it. */
export class NotDifferentiableError extends Error {
  override name = "NotDifferentiableError";
  constructor(readonly subexpr: MatExpr, readonly reason: string) {
    super(`cannot differentiate ${brief(subexpr)}: ${reason}`);
  }
}

export interface DifferentialOptions {
  /**
   * Treat every matrix under det as invertible, so d|A| = |A| tr(A⁻¹dA) (Jacobi's
   * formula). Otherwise that form is used only for matrices known to be invertible
   * (declared, or inverses and products of such), and tr(adj(A) dA) elsewhere, which
   * also holds at singular A.
   */
  assumeInvertible?: boolean;
}

/** How each binary row's rule reads in the derivation (the rule itself is the row's). */
const BINARY_RULE: Record<string, string> = {
  mul: "d(A ⊙ B) = dA ⊙ B + A ⊙ dB",
  div: "d(A ⊘ B) = dA ⊘ B − A ⊙ dB ⊘ B²",
  pow: "d(aᵖ) = p·aᵖ⁻¹ da",
};

/** ⟨A, dA⟩ = tr(Aᵀ dA) (Aᵀ dA for vectors, A·dA for scalars). */
function inner(a: MatExpr, da: MatExpr): MatExpr {
  if (a.isScalar) return B.mul(a, da);
  const p = B.mul(B.transpose(a), da);
  return p.isScalar ? p : B.tr(p);
}

const lift = (v: MatExpr | number): MatExpr => (typeof v === "number" ? B.num(v) : v);

/** Σ of the non-null terms, or null. */
function total(terms: (MatExpr | null)[]): MatExpr | null {
  const t = terms.filter((x): x is MatExpr => x !== null);
  return t.length === 0 ? null : t.length === 1 ? t[0] : B.add(...t);
}

/** d·dx elementwise, or null when the derivative is the constant 0. */
function times(d: MatExpr | number, dx: MatExpr | null): MatExpr | null {
  if (dx === null || d === 0) return null;
  if (d === 1) return dx;
  return B.hadamard(lift(d), dx);
}

/**
 * The differential of `e` with respect to the symbol `x`, or null when `e` does not
 * depend on it. `rules` collects the names of the rules used (for the derivation steps).
 */
export function differentialOf(e: MatExpr, x: MatExpr, opts: DifferentialOptions = {}, rules: Set<string> = new Set()): MatExpr | null {
  const memo = new Map<MatExpr, MatExpr | null>();
  const d = (n: MatExpr): MatExpr | null => {
    let r = memo.get(n);
    if (r === undefined) {
      r = dependsOn(n, x.name) ? rule(n) : null;
      memo.set(n, r);
    }
    return r;
  };
  const use = (name: string) => rules.add(name);

  const rule = (n: MatExpr): MatExpr | null => {
    const a = n.args[0];
    // a function of one argument whose differential vanishes (sign′ = 0) is constant
    if (n.args.length === 1 && n.op !== "diff" && n.op !== "add" && n.op !== "mul" && d(a) === null) return null;
    switch (n.op) {
      case "sym": return B.differential(n);
      case "num": case "ones": case "eye": case "zeros": return null;
      case "diff": throw new NotDifferentiableError(n, "a differential cannot be differentiated again");
      case "add":
        use("d(A + B) = dA + dB");
        return total(n.args.map(d));
      case "mul": {
        const dependent = n.args.filter((f) => dependsOn(f, x.name));
        if (dependent.length > 1 || n.args.some((f) => !f.isScalar && dependsOn(f, x.name)) && n.args.length > 1) use("d(AB) = dA·B + A·dB");
        return total(n.args.map((f, i) => {
          const df = d(f);
          return df && B.mul(...n.args.slice(0, i), df, ...n.args.slice(i + 1));
        }));
      }
      case "transpose": use("d(Aᵀ) = (dA)ᵀ"); return B.transpose(d(a)!);
      case "inv": {
        use("d(A⁻¹) = −A⁻¹ dA A⁻¹");
        return B.neg(B.mul(n, d(a)!, n));
      }
      case "det": {
        if (opts.assumeInvertible || isInvertible(a)) {
          use("d|A| = |A| tr(A⁻¹ dA) (Jacobi)");
          return B.mul(n, B.tr(B.mul(B.inv(a), d(a)!)));
        }
        use("d|A| = tr(adj(A) dA) (Jacobi, adjugate form)");
        return B.tr(B.mul(B.adj(a), d(a)!));
      }
      case "logdet": use("d log|A| = tr(A⁻¹ dA)"); return B.tr(B.mul(B.inv(a), d(a)!));
      case "adj": {
        if (!(opts.assumeInvertible || isInvertible(a))) {
          throw new NotDifferentiableError(n, "the adjugate is differentiated as |A|·A⁻¹, which needs A invertible (declare it invertible or pass assumeInvertible)");
        }
        use("adj(A) = |A| A⁻¹");
        return d(B.mul(B.det(a), B.inv(a)));
      }
      case "tr": use("d tr(A) = tr(dA)"); return B.tr(d(a)!);
      case "sum": use("d sum(A) = sum(dA)"); return B.sum(d(a)!);
      case "diag": use("d diag(v) = diag(dv)"); return B.diag(d(a)!);
      case "norm1": {
        // ‖A‖₁ = sum(|A|): the abs row gives |x|′ = sign(x)
        use("d‖A‖₁ = sum(sign(A) ⊙ dA)");
        return B.sum(times(lift(unaryOps.abs.deriv(M, a, B.unary("abs", a))), d(a))!);
      }
      case "norm2":
        use("d‖A‖ = tr(AᵀdA)/‖A‖");
        return B.mul(inner(a, d(a)!), B.power(n, -1));
      case "softmax": {
        use("d softmax(a) = s ⊙ da − s sᵀda, s = softmax(a)");
        const da = d(a)!;
        return B.sub(B.hadamard(n, da), B.mul(n, B.transpose(n), da));
      }
      case "logsoftmax": {
        use("d log softmax(a) = da − 1 sᵀda, s = softmax(a)");
        const da = d(a)!;
        const s = B.softmax(a);
        return B.sub(da, B.mul(B.ones(a.rows), B.transpose(s), da));
      }
      case "unary": {
        const row = unaryOps[n.name as UnaryName];
        use(`d ${n.name}(A) = ${n.name}′(A) ⊙ dA`);
        return times(row.deriv(M, a, n), d(a));
      }
      case "binary": {
        const [p, q] = n.args;
        if (n.name === "pow" && p.op === "norm2" && q.op === "num") {
          use("d‖A‖ᵖ = p‖A‖ᵖ⁻² tr(AᵀdA)");
          const A = p.args[0];
          return B.mul(q, B.power(p, q.value - 2), inner(A, d(A)!));
        }
        const row = binaryOps[n.name as BinaryName];
        if (!row.deriv) {
          // a comparison has no rule: a 0/1 step, constant away from its jump (where A = B),
          // as in PyTorch, where no gradient flows through it; evaluating at the jump is an error
          use("a comparison is piecewise constant: d[A > B] = 0 where A ≠ B");
          return null;
        }
        const [dp, dq] = row.deriv(M, p, q, n);
        use(BINARY_RULE[n.name] ?? `d ${n.name}(A, B) by its op-table row`);
        return total([times(dp, d(p)), times(dq, d(q))]);
      }
    }
  };
  return d(e);
}
