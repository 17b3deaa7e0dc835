/**
 * The ICPC problem of article 08 (2024 Henan Shangqiu, Problem B): print f'(a) rounded
 * half-up to two decimals, from the exact symbolic derivative. The parser accepts the full
 * grammar of sym.parse, a superset of the problem's (x, A+B, A−B, ln(A)).
 */
import { parse, ParseError } from "./parse";
import { diff } from "./diff";
import type { Expr } from "./expr";

/**
 * Round half-up (四舍五入) to `digits` decimals, away from zero at a tie, with a tiny
 * tolerance so 0.125 → "0.13" and 1.005 → "1.01"; never prints "-0.00".
 * @example
 * sym.roundHalfUp(0.125); // "0.13"   (toFixed-style ties-to-even would give 0.12)
 * sym.roundHalfUp(-0.001); // "0.00"
 */
export function roundHalfUp(v: number, digits = 2): string {
  if (!Number.isFinite(v)) throw new RangeError(`roundHalfUp: ${v} is not a finite number`);
  const scale = 10 ** digits;
  const a = Math.abs(v) * scale;
  const r = Math.floor(a + 0.5 + 1e-9 * Math.max(1, a)) / scale;
  const signed = v < 0 && r !== 0 ? -r : r;
  return signed.toFixed(digits);
}

/** One case's answer: the printed value, or an error with its position. */
export interface IcpcAnswer {
  expr: string;
  a: string;
  /** f'(a) as printed ("3.00"), or null on error. */
  output: string | null;
  /** The exact derivative (when the expression parsed). */
  derivative: Expr | null;
  /** One-line error, e.g. "unexpected ')' at column 7". */
  error: string | null;
}

/** Solve one case: f'(a) from the exact derivative. */
export function icpcCase(expr: string, a: string): IcpcAnswer {
  let f: Expr;
  try {
    f = parse(expr);
  } catch (e) {
    if (e instanceof ParseError) return { expr, a, output: null, derivative: null, error: e.reason };
    throw e;
  }
  const other = f.freeSymbols().filter((s) => s !== "x");
  if (other.length) return { expr, a, output: null, derivative: null, error: `unknown variable '${other[0]}' (the expression may use only x)` };
  const d = diff(f, "x");
  let at = Number(a.trim());
  if (a.trim() === "" || !Number.isFinite(at)) {
    try {
      const p = parse(a);
      if (p.freeSymbols().length) throw new Error();
      at = p.evaluate();
    } catch {
      return { expr, a, output: null, derivative: d, error: `the point '${a.trim()}' is not a number` };
    }
  }
  const v = d.evaluate({ x: at });
  const fv = f.evaluate({ x: at });
  if (!Number.isFinite(v) || !Number.isFinite(fv)) return { expr, a, output: null, derivative: d, error: `f'(${at}) is not defined (f = ${f.toString()} is not differentiable there)` };
  return { expr, a, output: roundHalfUp(v), derivative: d, error: null };
}

/**
 * Solve the judge input: T, then T pairs of lines (the expression S, the point a).
 * Bad cases get an error and the others are still answered.
 * @example
 * sym.icpc("1\nln(x)+x\n0.5\n").map((c) => c.output); // ["3.00"]
 */
export function icpc(input: string): IcpcAnswer[] {
  const lines = input.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (!lines.length) throw new Error("icpc: empty input (expected T, then T pairs of lines: the expression and the point a)");
  const T = Number(lines[0]);
  if (!Number.isInteger(T) || T < 0) throw new Error(`icpc: the first line must be the number of cases T, got '${lines[0]}'`);
  const out: IcpcAnswer[] = [];
  for (let i = 0; i < T; i++) {
    const expr = lines[1 + 2 * i];
    const a = lines[2 + 2 * i];
    if (expr === undefined || a === undefined) {
      out.push({ expr: expr ?? "", a: a ?? "", output: null, derivative: null, error: `the input ended before case ${i + 1} (expected ${T} cases)` });
      continue;
    }
    out.push(icpcCase(expr, a));
  }
  return out;
}
