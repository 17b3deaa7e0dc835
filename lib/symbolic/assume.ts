/**
 * Assumptions on variables as real intervals (n ≥ 1, |q| < 1), with interval bounds of
 * expressions and a `refine` pass that uses them: |u| = u when u ≥ 0, 0^p = 0 when p > 0.
 */
import * as X from "./expr";
import type { Expr } from "./expr";

/** Variable -> [lowest, highest] value (use ±Infinity for no bound). */
export type Assumptions = Readonly<Record<string, readonly [number, number]>>;

type Interval = [number, number];
const ALL: Interval = [-Infinity, Infinity];

function mulI(a: Interval, b: Interval): Interval {
  const ps = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]].map((v) => (Number.isNaN(v) ? 0 : v));
  return [Math.min(...ps), Math.max(...ps)];
}

/** An interval holding every value of e under the assumptions (conservative). */
export function bounds(e: Expr, assume: Assumptions = {}): Interval {
  switch (e.kind) {
    case "num":
      return [e.num!.value, e.num!.value];
    case "const":
      return e.name === "pi" ? [Math.PI, Math.PI] : [Math.E, Math.E];
    case "sym":
      return (assume[e.name] as Interval) ?? ALL;
    case "add":
      return e.args.map((a) => bounds(a, assume)).reduce((s, b) => [s[0] + b[0], s[1] + b[1]], [0, 0] as Interval);
    case "mul":
      return e.args.map((a) => bounds(a, assume)).reduce(mulI, [1, 1] as Interval);
    case "pow": {
      const b = bounds(e.args[0], assume);
      const x = e.args[1];
      if (x.kind === "num" && Number.isInteger(x.num!.value)) {
        const n = x.num!.value;
        if (n > 0 && n % 2 === 0) {
          const m = Math.max(Math.abs(b[0]), Math.abs(b[1]));
          const lo = b[0] <= 0 && b[1] >= 0 ? 0 : Math.min(b[0] ** n, b[1] ** n);
          return [lo, m ** n];
        }
        if (n > 0) return [b[0] ** n, b[1] ** n];
        if (b[0] > 0 || b[1] < 0) {
          const v = [b[0] ** n, b[1] ** n];
          return [Math.min(...v), Math.max(...v)];
        }
        return ALL;
      }
      return X.nonNegative(e) ? [0, Infinity] : ALL;
    }
    case "fn": {
      const u = bounds(e.args[0], assume);
      switch (e.name) {
        case "exp":
          return [Math.exp(u[0]), Math.exp(u[1])];
        case "log":
          return u[0] > 0 ? [Math.log(u[0]), Math.log(u[1])] : ALL;
        case "sqrt":
          return [Math.sqrt(Math.max(u[0], 0)), Math.sqrt(u[1])];
        case "abs":
          return [u[0] <= 0 && u[1] >= 0 ? 0 : Math.min(Math.abs(u[0]), Math.abs(u[1])), Math.max(Math.abs(u[0]), Math.abs(u[1]))];
        case "sin":
        case "cos":
        case "tanh":
        case "sign":
          return [-1, 1];
        case "sigmoid":
          return [0, 1];
        default:
          return ALL;
      }
    }
    default:
      return ALL;
  }
}

/** Simplify with assumptions: |u| = ±u when u's sign is known, 0^p = 0 for p > 0, sign(u) = ±1. */
export function refine(root: Expr, assume: Assumptions): Expr {
  return X.mapBottomUp(root, (e) => {
    if (e.kind === "fn" && (e.name === "abs" || e.name === "sign")) {
      const [lo, hi] = bounds(e.args[0], assume);
      if (lo > 0 || (lo === 0 && e.name === "abs")) return e.name === "abs" ? e.args[0] : X.ONE;
      if (hi < 0 || (hi === 0 && e.name === "abs")) return e.name === "abs" ? X.neg(e.args[0]) : X.MINUS_ONE;
    }
    if (e.kind === "pow" && e.args[0] === X.ZERO && bounds(e.args[1], assume)[0] > 0) return X.ZERO;
    return e;
  });
}
