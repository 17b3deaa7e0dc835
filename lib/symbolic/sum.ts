/**
 * `sym.sum`: finite sums term by term, and the infinite families the articles use, each
 * with its convergence condition: Σ c·nᵏ·rⁿ for any integer k ≥ 0 (geometric when k = 0;
 * alternating when r < 0), from (r d/dr)ᵏ applied to the geometric series, and Σ rⁿ/n = −ln(1 − r).
 */
import * as X from "./expr";
import type { Expr, ExprLike } from "./expr";
import { derivative } from "./diff";
import { expand, simplify, factorTerms, positiveNearZero } from "./simplify";
import { polyAdd, polyMul, fromPoly } from "./poly";
import type { Poly } from "./poly";
import * as Q from "./number";

/** The terms recognized in an infinite sum: C · nᵏ · rⁿ. */
export interface SeriesTerm {
  /** Constant factor (free of n). */
  c: Expr;
  /** Power of the index (−1 for rⁿ/n). */
  k: number;
  /** Ratio r: the term grows like rⁿ. */
  r: Expr;
}

/** Write term as c · n^k · r^n, or null. */
export function seriesTerm(term: Expr, n: string): SeriesTerm | null {
  const fs = term.kind === "mul" ? term.args : [term];
  const c: Expr[] = [];
  let k = 0;
  const r: Expr[] = [];
  for (const f of fs) {
    if (!f.has(n)) {
      c.push(f);
      continue;
    }
    if (f.kind === "sym") {
      k += 1;
      continue;
    }
    if (f.kind === "pow" && f.args[0].kind === "sym" && f.args[0].name === n && f.args[1].kind === "num" && Q.isInt(f.args[1].num!)) {
      k += f.args[1].num!.p;
      continue;
    }
    const [base, e] = f.kind === "pow" ? [f.args[0], f.args[1]] : f.kind === "fn" && f.name === "exp" ? [X.EULER, f.args[0]] : [null, null];
    if (!base || !e || base.has(n)) return null;
    // base^(αn + β) = (base^α)ⁿ · base^β
    const alpha = derivative(e, n, new Map());
    if (alpha.has(n)) return null;
    const beta = X.sub(e, X.mul(alpha, X.symbol(n)));
    r.push(X.pow(base, alpha));
    c.push(X.pow(base, beta));
  }
  return { c: X.mul(...c), k, r: r.length ? X.mul(...r) : X.ONE };
}

/**
 * The value of a sum with its conditions. Displays as
 * Σ term = value (for |r| < 1) in the kernel.
 */
export class SumResult {
  constructor(
    readonly term: Expr,
    readonly index: string,
    readonly from: Expr,
    readonly to: Expr | "oo",
    /** The closed form, or null when the series diverges or no rule applies. */
    readonly value: Expr | null,
    /** Conditions for convergence, e.g. ["|q| < 1"] (LaTeX in `conditionsLatex`). */
    readonly conditions: readonly string[],
    readonly conditionsLatex: readonly string[],
    /** false when the series is known to diverge (a numeric ratio outside the region). */
    readonly converges: boolean | null,
    /** How it was summed. */
    readonly method: string,
  ) {}

  private head(latex: boolean): string {
    const to = this.to === "oo" ? (latex ? "\\infty" : "oo") : latex ? this.to.toLatex() : this.to.toString();
    if (!latex) return `sum(${this.term.toString()}, ${this.index} = ${this.from.toString()}..${to})`;
    return `\\sum_{${this.index}=${this.from.toLatex()}}^{${to}} ${this.term.toLatex()}`;
  }

  toString(): string {
    if (!this.value && this.converges === false) {
      return `${this.head(false)} diverges${this.conditions.length ? ` (the condition ${this.conditions.join(", ")} fails)` : ""}`;
    }
    const v = this.value ? this.value.toString() : "(no closed form found)";
    return `${this.head(false)} = ${v}${this.conditions.length ? `  for ${this.conditions.join(", ")}` : ""}`;
  }

  toLatex(): string {
    if (!this.value && this.converges === false) {
      return `${this.head(true)} \\;\\text{diverges}${this.conditionsLatex.length ? `\\quad \\text{(the condition } ${this.conditionsLatex.join(",\\; ")}\\text{ fails)}` : ""}`;
    }
    const v = this.value ? this.value.toLatex() : "\\text{(no closed form found)}";
    return `${this.head(true)} = ${v}${this.conditionsLatex.length ? `\\quad \\text{for } ${this.conditionsLatex.join(",\\; ")}` : ""}`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/latex": `$$${this.toLatex()}$$`, "text/plain": this.toString() };
  }
}

/**
 * Σ_{n ≥ a} nᵏ tⁿ in closed form: (t d/dt)ᵏ [tᵃ / (1 − t)], computed on P(t)/(1 − t)^m with
 * exact polynomials: t d/dt [P/(1 − t)^m] = t (P′(1 − t) + m P) / (1 − t)^(m+1).
 */
export function powerGeometric(k: number, a: number, t: Expr): Expr {
  let P: Poly = new Array(a).fill(Q.rational(0)).concat([Q.rational(1)]);
  let m = 1;
  for (let i = 0; i < k; i++) {
    const dP: Poly = P.slice(1).map((c, j) => Q.mul(c, Q.rational(j + 1)));
    const next = polyAdd(polyMul(dP, [Q.rational(1), Q.rational(-1)]), P.map((c) => Q.mul(c, Q.rational(m))));
    P = polyMul([Q.rational(0), Q.rational(1)], next);
    m++;
  }
  const T = X.symbol("t_");
  const num = factorTerms(fromPoly(P, T));
  const g = X.div(num, X.pow(X.sub(X.ONE, T), X.num(m)));
  return positiveNearZero(simplify(g.subs(new Map([[T, t]]))));
}

function absLatex(r: Expr): [string, string] {
  const a = X.fn("abs", r);
  return [a.toString().replace(/^abs\((.*)\)$/, "|$1|"), a.toLatex()];
}

/**
 * Sum a term over n = from..to (`to` = Infinity or "oo" for a series).
 * @example
 * sym.sum("n^2", "n", 1, 10).value!.toString();            // "385"
 * sym.sum("q^n", "n", 0, Infinity).toString();             // "sum(q^n, n = 0..oo) = 1/(1 - q)  for |q| < 1"
 * sym.sum("n^2*q^(n-1)", "n", 1, Infinity).value!.toString(); // "(q + 1)/(1 - q)^3"
 * sym.sum("x^n/n", "n", 1, Infinity).value!.toString();    // "-ln(1 - x)"
 */
export function sum(termLike: ExprLike, index: string, fromLike: ExprLike, toLike: ExprLike | "oo"): SumResult {
  const term = X.toExpr(termLike);
  const from = X.toExpr(fromLike);
  const infinite = toLike === "oo" || toLike === Infinity;
  const N = X.symbol(index);
  if (!infinite) {
    const to = X.toExpr(toLike as ExprLike);
    if (from.kind === "num" && to.kind === "num" && Q.isInt(from.num!) && Q.isInt(to.num!)) {
      const count = to.num!.p - from.num!.p + 1;
      if (count > 100000) throw new RangeError(`sum: ${count} terms is too many to add one by one (at most 100000)`);
      const terms: Expr[] = [];
      for (let i = from.num!.p; i <= to.num!.p; i++) terms.push(term.subs(new Map([[N, X.num(i)]])));
      return new SumResult(term, index, from, to, simplify(X.add(...terms)), [], [], true, "term by term");
    }
    // a geometric sum to a symbolic bound: Σ_{n=a}^{m} c rⁿ = c (r^a − r^{m+1}) / (1 − r)
    const st = seriesTerm(term, index);
    if (st && st.k === 0 && st.r !== X.ONE) {
      const v = X.mul(st.c, X.div(X.sub(X.pow(st.r, from), X.pow(st.r, X.add(to, X.ONE))), X.sub(X.ONE, st.r)));
      return new SumResult(term, index, from, to, simplify(v), [`${st.r.toString()} ≠ 1`], [`${st.r.toLatex()} \\ne 1`], true, "finite geometric sum");
    }
    return new SumResult(term, index, from, to, null, [], [], null, "none");
  }
  if (from.kind !== "num" || !Q.isInt(from.num!)) throw new Error(`sum: an infinite sum needs an integer start, got '${from.toString()}'`);
  const a = from.num!.p;
  const ex = expand(term);
  const parts = ex.kind === "add" ? ex.args : [ex];
  const values: Expr[] = [];
  const conds = new Map<string, string>();
  let converges: boolean | null = true;
  let method = "";
  for (const p of parts) {
    const st = seriesTerm(p, index);
    if (!st || st.k < -1 || (st.k === -1 && a < 1) || st.k > 30) return new SumResult(term, index, from, "oo", null, [], [], null, "none");
    const [rt, rl] = absLatex(st.r);
    let v: Expr;
    if (st.k >= 0) {
      // Σ nᵏ rⁿ converges iff |r| < 1
      v = X.mul(st.c, powerGeometric(st.k, a, st.r));
      conds.set(`${rt} < 1`, `${rl} < 1`);
      method = st.k === 0 ? "geometric series" : `(r d/dr)^${st.k} applied to the geometric series`;
      if (st.r.kind === "num" && Math.abs(st.r.num!.value) >= 1) converges = false;
    } else {
      // Σ_{n≥1} rⁿ/n = −ln(1 − r), for −1 ≤ r < 1; the terms before a are subtracted
      let s = X.neg(X.fn("log", X.sub(X.ONE, st.r)));
      for (let i = 1; i < a; i++) s = X.sub(s, X.div(X.pow(st.r, X.num(i)), X.num(i)));
      v = X.mul(st.c, s);
      conds.set(`-1 ≤ ${st.r.toString()} < 1`, `-1 \\le ${st.r.toLatex()} < 1`);
      method = "Σ rⁿ/n = −ln(1 − r)";
      if (st.r.kind === "num" && (st.r.num!.value >= 1 || st.r.num!.value < -1)) converges = false;
    }
    values.push(v);
  }
  if (converges === false) return new SumResult(term, index, from, "oo", null, [...conds.keys()], [...conds.values()], false, method);
  return new SumResult(term, index, from, "oo", positiveNearZero(simplify(X.add(...values))), [...conds.keys()], [...conds.values()], true, parts.length > 1 ? "term by term: " + method : method);
}
