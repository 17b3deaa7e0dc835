/**
 * The two article methods for power series, as displayable derivations:
 * integrate-then-differentiate (Σ n² qⁿ⁻¹ = (1 + q)/(1 − q)³) and
 * differentiate-then-integrate (Σ xⁿ/n = −ln(1 − x)). Each derivation ends with a table of
 * partial sums S_N against the closed form, computed term by term.
 */
import * as X from "./expr";
import type { Expr, ExprLike } from "./expr";
import { diff } from "./diff";
import { integrate } from "./integrate";
import { simplify, positiveNearZero } from "./simplify";
import { sum, seriesTerm } from "./sum";
import { refine } from "./assume";
import { Derivation } from "./derivation";
import type { Step, Table } from "./derivation";

export interface SeriesOptions {
  /** Points where partial sums are compared with the closed form (default 0.1, 0.5, 0.9). */
  at?: readonly number[];
  /** Partial-sum lengths (default 5, 10, 50, 200). */
  N?: readonly number[];
}

function S(term: Expr, n: string, a: number): string {
  return `\\sum_{${n}=${a}}^{\\infty} ${term.toLatex()}`;
}

function line(rule: string, lhs: string, rhs: string, text: string, value?: Expr): Step {
  return { rule, formula: "", lhs, rhs, text, value };
}

/** Partial sums of term over n = a..N at each point, against the closed form. */
export function partialSumTable(term: Expr, n: string, a: number, v: string, closed: Expr, at: readonly number[], Ns: readonly number[]): Table {
  const rows: (number | string)[][] = [];
  for (const p of at) {
    const exact = closed.evaluate({ [v]: p });
    for (const N of Ns) {
      let s = 0;
      for (let k = a; k <= N; k++) s += term.evaluate({ [n]: k, [v]: p });
      rows.push([p, N, s, exact, Math.abs(s - exact)]);
    }
  }
  return { caption: `partial sums against the closed form`, columns: [v, "N", "S_N", "\\text{closed form}", "|S_N - \\text{closed}|"], rows };
}

/** Steps for F(q) = Σ_{n≥a} nᵏ q^(n−1), by integrating k times and differentiating back. */
function lowerAndRaise(k: number, n: string, a: number, q: string, steps: Step[]): Expr {
  const N = X.symbol(n);
  const Qs = X.symbol(q);
  const T = X.symbol("t");
  const term = X.mul(X.pow(N, X.num(k)), X.pow(Qs, X.sub(N, X.ONE)));
  const F = `F_{${k}}(${q})`;
  if (k === 0) {
    const g = sum(term, n, a, "oo");
    steps.push(line("geometric series", `${F} = ${S(term, n, a)}`, g.value!.toLatex(), `F_0(${q}) = ${g.value!.toString()}`, g.value!));
    return g.value!;
  }
  // ∫_0^q nᵏ t^(n−1) dt = n^(k−1) qⁿ
  const tTerm = term.subs(new Map([[Qs, T]]));
  const lowered = integrate(tTerm, ["t", 0, q], { assume: { [n]: [a, Infinity] } });
  steps.push(line(
    "integrate term by term",
    `\\int_0^{${q}} F_{${k}}(t)\\,dt`,
    `${S(X.integral(tTerm, T, X.ZERO, Qs), n, a)} = ${S(lowered, n, a)} = ${q}\\,F_{${k - 1}}(${q})`,
    `int_0^${q} F_${k} = sum ${lowered.toString()} = ${q}*F_${k - 1}(${q})`,
  ));
  const inner = lowerAndRaise(k - 1, n, a, q, steps);
  const back = positiveNearZero(simplify(diff(X.mul(Qs, inner), q)));
  steps.push(line("differentiate back", `${F}`, `\\frac{d}{d${q}}\\left[${X.mul(Qs, inner).toLatex()}\\right] = ${back.toLatex()}`, `F_${k}(${q}) = d/d${q}[${X.mul(Qs, inner).toString()}] = ${back.toString()}`, back));
  return back;
}

/**
 * Integrate-then-differentiate (先求积分再求导) for Σ_{n≥a} c·nᵏ·q^(n+s), k ≥ 1: integrating
 * term by term lowers the power of n; the geometric series closes it; differentiating
 * undoes each integration.
 * @example
 * const d = sym.integrateThenDifferentiate("n^2*q^(n-1)", "n", 1, "q");
 * d.result.toString(); // "(q + 1)/(1 - q)^3"
 */
export function integrateThenDifferentiate(termLike: ExprLike, n: string, from: number, q: string, opts: SeriesOptions = {}): Derivation {
  const term = X.toExpr(termLike);
  const st = seriesTerm(term, n);
  if (!st || st.k < 1 || st.r !== X.symbol(q)) {
    throw new Error(`integrateThenDifferentiate: expected a term c·${n}^k·${q}^(${n}+s) with k ≥ 1, got '${term.toString()}'`);
  }
  const steps: Step[] = [];
  const Qs = X.symbol(q);
  // c nᵏ q^(n+s) = (c q^(s+1)) · nᵏ q^(n−1)
  const outside = simplify(X.mul(st.c, Qs));
  steps.push(line("the series", `S(${q})`, S(term, n, from), `S(${q}) = sum ${term.toString()}, ${n} >= ${from}`));
  if (outside !== X.ONE) {
    steps.push(line("factor out", "", `${outside.toLatex()} \\, F_{${st.k}}(${q}), \\quad F_{k}(${q}) = \\sum_{${n}=${from}}^{\\infty} ${n}^{k} ${q}^{${n}-1}`, `= ${outside.toString()} * F_${st.k}(${q})`));
  }
  const F = lowerAndRaise(st.k, n, from, q, steps);
  const result = positiveNearZero(simplify(X.mul(outside, F)));
  steps.push(line("result", `S(${q})`, result.toLatex(), `S(${q}) = ${result.toString()}`, result));
  const table = partialSumTable(term, n, from, q, result, opts.at ?? [0.1, 0.5, 0.9], opts.N ?? [5, 10, 50, 200]);
  return new Derivation(`sum ${term.toString()} by integrating, then differentiating`, steps, result, [table], [`|${q}| < 1`]);
}

/**
 * Differentiate-then-integrate (先求导再求积分) for series like Σ xⁿ/n: differentiate term by
 * term into a series with a known sum, then integrate back from 0 (S(x) = S(0) + ∫₀ˣ S′).
 * @example
 * const d = sym.differentiateThenIntegrate("x^n/n", "n", 1, "x");
 * d.result.toString(); // "-ln(1 - x)"
 */
export function differentiateThenIntegrate(termLike: ExprLike, n: string, from: number, x: string, opts: SeriesOptions = {}): Derivation {
  const term = X.toExpr(termLike);
  const steps: Step[] = [];
  const Xs = X.symbol(x);
  const T = X.symbol("t");
  steps.push(line("the series", `S(${x})`, S(term, n, from), `S(${x}) = sum ${term.toString()}, ${n} >= ${from}`));
  const dterm = simplify(diff(term, x));
  steps.push(line("differentiate term by term", `S'(${x})`, S(dterm, n, from), `S'(${x}) = sum ${dterm.toString()}`));
  const g = sum(dterm, n, from, "oo");
  if (!g.value) throw new Error(`differentiateThenIntegrate: the derived series sum ${dterm.toString()} has no known closed form`);
  steps.push(line(g.method, "", `${g.value.toLatex()} \\quad (${g.conditionsLatex.join(", ")})`, `= ${g.value.toString()} for ${g.conditions.join(", ")}`, g.value));
  const s0 = sum(term.subs(new Map([[Xs, X.ZERO]])), n, from, Math.min(from + 50, from + 50)).value!;
  const assume = { [x]: [-1, 1] as const, [n]: [from, Infinity] as const };
  const integral = integrate(g.value.subs(new Map([[Xs, T]])), ["t", 0, x], { assume });
  const result = positiveNearZero(simplify(refine(X.add(s0, integral), assume)));
  steps.push(line(
    "integrate back from 0",
    `S(${x})`,
    `S(0) + \\int_0^{${x}} ${g.value.subs(new Map([[Xs, T]])).toLatex()}\\,dt = ${result.toLatex()}`,
    `S(${x}) = S(0) + int_0^${x} ${g.value.subs(new Map([[Xs, T]])).toString()} dt = ${result.toString()}`,
    result,
  ));
  const table = partialSumTable(term, n, from, x, result, opts.at ?? [0.2, 0.5, 0.9], opts.N ?? [5, 10, 50, 200]);
  return new Derivation(`sum ${term.toString()} by differentiating, then integrating`, steps, result, [table], g.conditions);
}
