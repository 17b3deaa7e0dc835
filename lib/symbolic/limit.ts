/**
 * `sym.limitDefinition`: the derivative from its definition, f'(x) = lim_{h→0} (f(x+h) − f(x))/h,
 * as a derivation: f(x+h) expanded, the difference quotient simplified until h cancels, the
 * limit h → 0, and a numeric table of the quotient as h shrinks.
 */
import * as X from "./expr";
import type { Expr, ExprLike } from "./expr";
import { diff } from "./diff";
import { expand, simplify, cancel, together } from "./simplify";
import { toPoly } from "./poly";
import { Derivation } from "./derivation";
import type { Step, Table } from "./derivation";

export interface LimitOptions {
  /** Name of the step (default "h"; article 10 uses "t"). */
  h?: string;
  /** Name of the function in the display (default "f"). */
  name?: string;
  /** Point for the numeric table (default 1, or 2 for polynomials as in article 10). */
  at?: number;
  /** Steps for the table (default 1, 0.1, …, 1e-6). */
  hs?: readonly number[];
}

function finiteAt(e: Expr, h: Expr): Expr | null {
  const v = e.subs(new Map([[h, X.ZERO]]));
  // a leftover 1/0 (h in a denominator) is not a limit by substitution
  let bad = false;
  X.mapBottomUp(v, (n) => {
    if (n.kind === "pow" && n.args[0] === X.ZERO && n.args[1].kind === "num" && n.args[1].num!.value < 0) bad = true;
    if (n.kind === "num" && !Number.isFinite(n.num!.value)) bad = true;
    return n;
  });
  return bad ? null : v;
}

/**
 * The derivative from the limit definition, step by step, with the quotient's values as h shrinks.
 * Polynomials and rational functions are expanded and cancelled exactly; √, sin, cos, exp and
 * ln use the conjugate or the standard limits.
 * @example
 * const d = sym.limitDefinition("x^3", "x");
 * d.result.toString();  // "3*x^2"
 * d.tables[0].rows[1];  // [0.1, 12.61…, 12, 0.61…] at x = 2
 */
export function limitDefinition(exprLike: ExprLike, x = "x", opts: LimitOptions = {}): Derivation {
  const f = X.toExpr(exprLike);
  const hn = opts.h ?? "h";
  const F = opts.name ?? "f";
  if (f.has(hn)) throw new Error(`limitDefinition: the expression already uses '${hn}'; pick another step name with { h: "t" }`);
  const xs = X.symbol(x);
  const h = X.symbol(hn);
  const fxh = f.subs(new Map([[xs, X.add(xs, h)]]));
  const lx = xs.toLatex();
  const lh = h.toLatex();
  const steps: Step[] = [];
  const push = (rule: string, lhs: string, rhs: Expr | string, text: string, value?: Expr) =>
    steps.push({ rule, formula: "", lhs, rhs: typeof rhs === "string" ? rhs : rhs.toLatex(), text, value });
  push("definition", `${F}'(${lx})`, `\\lim_{${lh} \\to 0} \\frac{${F}(${lx} + ${lh}) - ${F}(${lx})}{${lh}}`, `${F}'(${x}) = lim_{${hn}->0} (${F}(${x}+${hn}) - ${F}(${x}))/${hn}`);
  const isPoly = toPoly(f, x) !== null;
  const fxhE = isPoly ? expand(fxh) : fxh;
  push("substitute", `${F}(${lx} + ${lh})`, fxhE, `${F}(${x}+${hn}) = ${fxhE.toString()}`);
  const quotient = X.div(X.sub(fxh, f), h);
  push("difference quotient", `\\frac{${F}(${lx} + ${lh}) - ${F}(${lx})}{${lh}}`, `\\frac{${X.sub(fxhE, f).toLatex()}}{${lh}}`, `(${F}(${x}+${hn}) - ${F}(${x}))/${hn} = (${X.sub(fxhE, f).toString()})/${hn}`);
  let limit: Expr | null = null;
  let reduced: Expr | null = null;
  let how = "";
  // polynomials and rational functions: cancel h exactly
  const cands = [expand(quotient), simplify(cancel(X.div(cancel(together(X.sub(fxh, f))), h)))];
  for (const c of cands) {
    const v = finiteAt(c, h);
    if (v) {
      reduced = c;
      limit = simplify(v);
      how = isPoly ? `expand, divide by ${hn}` : `combine the fractions, cancel ${hn}`;
      break;
    }
  }
  if (!limit) {
    const special = standardLimit(f, xs, h);
    if (special) {
      for (const s of special.steps) push(s.rule, "", s.rhs, `= ${s.text}`);
      limit = special.limit;
      how = "";
    }
  }
  if (reduced) push(how, "", reduced, `= ${reduced.toString()}`);
  if (!limit) {
    // not expanded symbolically: the value of the limit is the table's derivative, checked below
    limit = simplify(diff(f, x));
    push("the limit (from the derivative table, checked numerically below)", `${F}'(${lx})`, limit, `${F}'(${x}) = ${limit.toString()}`, limit);
  } else push(`let ${hn} → 0`, `${F}'(${lx})`, limit, `${F}'(${x}) = ${limit.toString()}`, limit);
  const at = opts.at ?? (isPoly ? 2 : 1);
  const hs = opts.hs ?? [1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6];
  const exact = limit.evaluate({ [x]: at });
  const rows = hs.map((hv) => {
    const q = (f.evaluate({ [x]: at + hv }) - f.evaluate({ [x]: at })) / hv;
    return [hv, q, exact, q - exact];
  });
  const table: Table = { caption: `the quotient at ${x} = ${at} as ${hn} shrinks`, columns: [lh, "\\text{quotient}", `${F}'(${at})`, "\\text{error}"], rows };
  return new Derivation(`${F}(${x}) = ${f.toString()}: the derivative from the definition`, steps, limit, [table]);
}

/** sin, cos, exp, ln and √ of x itself, by the standard limits or the conjugate. */
function standardLimit(f: Expr, x: Expr, h: Expr): { steps: { rule: string; rhs: string; text: string }[]; limit: Expr } | null {
  if (f.kind !== "fn" || f.args[0] !== x) return null;
  const L = (e: Expr) => e.toLatex();
  const sinX = X.fn("sin", x);
  const cosX = X.fn("cos", x);
  const lh = h.toLatex();
  const sinhh = `\\frac{\\sin ${lh}}{${lh}} \\to 1`;
  const coshh = `\\frac{\\cos ${lh} - 1}{${lh}} \\to 0`;
  switch (f.name) {
    case "sin":
      return {
        steps: [
          { rule: "sin(a + b) = sin a cos b + cos a sin b", rhs: `${L(sinX)} \\frac{\\cos ${lh} - 1}{${lh}} + ${L(cosX)} \\frac{\\sin ${lh}}{${lh}}`, text: `sin(x)*(cos(h) - 1)/h + cos(x)*sin(h)/h` },
          { rule: "standard limits", rhs: `${sinhh},\\; ${coshh}`, text: "sin(h)/h -> 1, (cos(h) - 1)/h -> 0" },
        ],
        limit: cosX,
      };
    case "cos":
      return {
        steps: [
          { rule: "cos(a + b) = cos a cos b − sin a sin b", rhs: `${L(cosX)} \\frac{\\cos ${lh} - 1}{${lh}} - ${L(sinX)} \\frac{\\sin ${lh}}{${lh}}`, text: `cos(x)*(cos(h) - 1)/h - sin(x)*sin(h)/h` },
          { rule: "standard limits", rhs: `${sinhh},\\; ${coshh}`, text: "sin(h)/h -> 1, (cos(h) - 1)/h -> 0" },
        ],
        limit: X.neg(sinX),
      };
    case "exp":
      return {
        steps: [
          { rule: "e^(a + b) = e^a e^b", rhs: `${L(f)} \\frac{e^{${lh}} - 1}{${lh}}`, text: `exp(x)*(exp(h) - 1)/h` },
          { rule: "standard limit", rhs: `\\frac{e^{${lh}} - 1}{${lh}} \\to 1`, text: "(exp(h) - 1)/h -> 1" },
        ],
        limit: f,
      };
    case "log":
      return {
        steps: [
          { rule: "ln a − ln b = ln(a/b)", rhs: `\\frac{1}{${L(x)}} \\cdot \\frac{\\ln\\left(1 + ${lh}/${L(x)}\\right)}{${lh}/${L(x)}}`, text: `(1/x) * ln(1 + h/x)/(h/x)` },
          { rule: "standard limit", rhs: `\\frac{\\ln(1 + u)}{u} \\to 1`, text: "ln(1 + u)/u -> 1" },
        ],
        limit: X.pow(x, X.MINUS_ONE),
      };
    case "sqrt": {
      const s = `\\sqrt{${L(x)} + ${lh}} + \\sqrt{${L(x)}}`;
      return {
        steps: [
          { rule: "multiply by the conjugate", rhs: `\\frac{(${L(x)} + ${lh}) - ${L(x)}}{${lh}\\,(${s})} = \\frac{1}{${s}}`, text: `((x + h) - x)/(h*(sqrt(x + h) + sqrt(x))) = 1/(sqrt(x + h) + sqrt(x))` },
        ],
        limit: X.div(X.ONE, X.mul(X.TWO, f)),
      };
    }
    default:
      return null;
  }
}
