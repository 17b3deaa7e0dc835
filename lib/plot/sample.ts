/**
 * Evaluating what users want to plot: a JS function of numbers, a tensor function (applied
 * to a whole grid at once, and differentiated with autograd), or a symbolic expression
 * (anything with `evaluate({ x })`, differentiated with its own `diff` when it has one).
 */
import { Tensor } from "../tensor/tensor";
import { tensor } from "../tensor/create";
import { enableGrad, noGrad } from "../autograd/mode";
import { isTensor } from "./data";

/** A symbolic expression as the plot builders use it (gradlab's `Expr` fits). */
export interface Expression {
  evaluate(env: Record<string, number>): unknown;
  /** The derivative with respect to a variable, when the expression knows it. */
  diff?(variable: string): Expression;
  toString(): string;
}

/** A function of one variable: numbers → number, a tensor → tensor (elementwise), or an expression. */
export type Function1 = ((x: number) => number) | ((x: Tensor) => Tensor) | ((x: any) => unknown) | Expression;
/**
 * A function of two variables: `(x, y) => number`, `(X, Y) => Tensor` on grids, `(p: Tensor) => Tensor`
 * on the point `[x, y]` (a loss of two parameters), or an expression in x and y.
 */
export type Function2 = ((x: number, y: number) => number) | ((x: Tensor, y: Tensor) => Tensor) | ((p: Tensor) => Tensor | number) | ((...args: any[]) => unknown) | Expression;

/** How a derivative was computed, shown in the legend. */
export type DerivativeMethod = "autograd" | "symbolic" | "central difference";

/** A sampled function of one variable. */
export interface Curve {
  /** A short name for the legend, e.g. "sin(x)". */
  name: string;
  values(xs: number[]): number[];
  derivative(xs: number[]): number[];
  method: DerivativeMethod;
}

/** A number from a number or a one-element tensor, else undefined. */
function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (isTensor(v) && v.numel() === 1) return v.item();
  return undefined;
}

function isExpression(f: unknown): f is Expression {
  return !!f && typeof f === "object" && typeof (f as Expression).evaluate === "function";
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Central difference with a step scaled to x (error O(h²) ≈ 1e-10 for smooth f). */
function centralDiff(g: (x: number) => number, xs: number[]): number[] {
  return xs.map((x) => {
    const h = 6.0554544523933395e-6 * Math.max(1, Math.abs(x)); // cbrt(machine epsilon)
    return (g(x + h) - g(x - h)) / (2 * h);
  });
}

/** A short legend name for a JS function: its body when short, else its name. */
export function functionName(f: Function, fallback: string): string {
  const src = Function.prototype.toString.call(f).replace(/\s+/g, " ").trim();
  const arrow = /^(?:async\s*)?\(?\s*([A-Za-z_$][\w$]*)?\s*(?::[^)=]*)?\)?\s*(?::\s*[\w<>[\]]+\s*)?=>\s*(.+)$/.exec(src);
  if (arrow && !arrow[2].startsWith("{") && arrow[2].length <= 40) return arrow[2];
  if (f.name && f.name !== "anonymous") return `${f.name}(x)`;
  return fallback;
}

/**
 * Sample a function of one variable. `probe` is a point inside the plotting range, used to
 * tell a number function from a tensor function.
 */
export function curve(f: Function1, probe: number, where: string, variable = "x"): Curve {
  if (isExpression(f)) {
    const evalAt = (e: Expression, x: number): number => {
      let v: unknown;
      try {
        v = e.evaluate({ [variable]: x });
      } catch (err) {
        throw new Error(`${where}: could not evaluate ${String(e)} at ${variable} = ${x}: ${errText(err)}. If the expression uses another variable, pass { variable: "t" }.`);
      }
      const n = asNumber(v);
      if (n === undefined) throw new TypeError(`${where}: ${String(e)}.evaluate({ ${variable}: ${x} }) returned ${typeof v}, not a number`);
      return n;
    };
    const d = typeof f.diff === "function" ? f.diff(variable) : undefined;
    return {
      name: String(f),
      method: d ? "symbolic" : "central difference",
      values: (xs) => xs.map((x) => evalAt(f, x)),
      derivative: (xs) => (d ? xs.map((x) => evalAt(d, x)) : centralDiff((x) => evalAt(f, x), xs)),
    };
  }
  if (typeof f !== "function") throw new TypeError(`${where}: expected a function (x => ...), a tensor function or an expression with evaluate({ x }), got ${f === null ? "null" : typeof f}`);
  const g = f as (x: unknown) => unknown;
  let numberError: unknown;
  try {
    if (asNumber(g(probe)) !== undefined) {
      const at = (x: number): number => {
        const v = asNumber(g(x));
        if (v === undefined) throw new TypeError(`${where}: f(${x}) did not return a number`);
        return v;
      };
      return { name: functionName(f, "f(x)"), method: "central difference", values: (xs) => xs.map(at), derivative: (xs) => centralDiff(at, xs) };
    }
    numberError = new TypeError(`f(${probe}) returned ${typeof g(probe)}, not a number`);
  } catch (e) {
    numberError = e;
  }
  // a tensor function: evaluate on the whole grid, differentiate with autograd
  const onGrid = (xs: number[], grad: boolean): { y: Tensor; x: Tensor } => {
    const x = tensor(xs, { requiresGrad: grad });
    let y: unknown;
    try {
      y = grad ? enableGrad(() => g(x)) : noGrad(() => g(x));
    } catch (e) {
      throw new Error(`${where}: could not evaluate f. With a number it failed (${errText(numberError)}); with a tensor it failed (${errText(e)}).`);
    }
    if (!isTensor(y)) throw new TypeError(`${where}: f(tensor) returned ${typeof y}, not a tensor; with a number it failed (${errText(numberError)})`);
    if (y.numel() !== xs.length) {
      throw new RangeError(`${where}: f must act elementwise, but for an input of shape [${xs.length}] it returned shape [${y.shape.join(", ")}]`);
    }
    return { y, x };
  };
  return {
    name: functionName(f, "f(x)"),
    method: "autograd",
    values: (xs) => Array.from(onGrid(xs, false).y.toFloat64Array()),
    derivative: (xs) => {
      const { x, y } = onGrid(xs, true);
      if (!y.requiresGrad) return xs.map(() => 0); // f does not depend on x
      enableGrad(() => y.sum().backward());
      const gx = x.grad;
      return gx ? Array.from(gx.toFloat64Array()) : xs.map(() => 0);
    },
  };
}

/**
 * Sample a function of two variables on a grid: `z[j][i] = f(xs[i], ys[j])` (rows follow y,
 * as plotly's heatmap, contour and surface expect).
 */
export function grid(f: Function2, xs: number[], ys: number[], where: string, variables: [string, string] = ["x", "y"]): number[][] {
  const rows = (at: (x: number, y: number) => number) => ys.map((y) => xs.map((x) => at(x, y)));
  if (isExpression(f)) {
    return rows((x, y) => {
      const v = asNumber(f.evaluate({ [variables[0]]: x, [variables[1]]: y }));
      if (v === undefined) throw new TypeError(`${where}: ${String(f)} did not evaluate to a number at (${x}, ${y})`);
      return v;
    });
  }
  if (typeof f !== "function") throw new TypeError(`${where}: expected a function (x, y) => ..., a function of a point tensor, or an expression, got ${f === null ? "null" : typeof f}`);
  const g = f as (...a: unknown[]) => unknown;
  const px = xs[Math.floor(xs.length * 0.37)];
  const py = ys[Math.floor(ys.length * 0.41)];
  const errors: string[] = [];
  const strategies: [string, (x: number, y: number) => unknown][] = [
    ["f(x, y) with numbers", (x, y) => g(x, y)],
    ["f(tensor([x, y]))", (x, y) => noGrad(() => g(tensor([x, y])))],
    ["f([x, y])", (x, y) => g([x, y])],
  ];
  let fallback: ((x: number, y: number) => unknown) | undefined;
  for (const [label, s] of strategies) {
    try {
      const v = asNumber(s(px, py));
      if (v === undefined) {
        errors.push(`${label} did not give a number`);
        continue;
      }
      if (Number.isFinite(v)) return rows((x, y) => asNumber(s(x, y)) ?? NaN);
      fallback ??= s;
      errors.push(`${label} gave ${v}`);
    } catch (e) {
      errors.push(`${label} threw ${errText(e)}`);
    }
  }
  // a vectorised tensor function on the grids X, Y
  try {
    const X = tensor(ys.map(() => xs));
    const Y = tensor(ys.map((y) => xs.map(() => y)));
    const Z = noGrad(() => g(X, Y));
    if (isTensor(Z) && Z.numel() === xs.length * ys.length) {
      const flat = Z.toFloat64Array();
      return ys.map((_, j) => Array.from(flat.subarray(j * xs.length, (j + 1) * xs.length)));
    }
    errors.push(`f(X, Y) on grid tensors gave ${isTensor(Z) ? `shape [${Z.shape.join(", ")}]` : typeof Z}`);
  } catch (e) {
    errors.push(`f(X, Y) on grid tensors threw ${errText(e)}`);
  }
  if (fallback) {
    const s = fallback;
    return rows((x, y) => asNumber(s(x, y)) ?? NaN);
  }
  throw new Error(`${where}: could not evaluate f at (${px}, ${py}): ${errors.join("; ")}`);
}
