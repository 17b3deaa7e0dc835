/**
 * Closeness checks for notebooks and tests, as torch.allclose and
 * torch.testing.assert_close: |actual − expected| ≤ atol + rtol·|expected| elementwise.
 */
import { Tensor } from "./tensor";

/** A tensor, a number or boolean, or (nested) arrays of them. */
export type Numeric = Tensor | number | boolean | readonly Numeric[];

function flatten(v: Numeric, out: number[], shape: number[], depth: number): void {
  if (v instanceof Tensor) {
    if (depth === 0) shape.push(...v.shape);
    for (const x of v.values()) out.push(x);
  } else if (Array.isArray(v)) {
    if (shape.length === depth) shape.push(v.length);
    for (const x of v as readonly Numeric[]) flatten(x, out, shape, depth + 1);
  } else out.push(Number(v));
}

function numbers(v: Numeric): { data: number[]; shape: number[] } {
  const data: number[] = [];
  const shape: number[] = [];
  flatten(v, data, shape, 0);
  return { data, shape };
}

export interface CloseOptions {
  /** Relative tolerance (default 1e-7, torch.testing's float64 default). */
  rtol?: number;
  /** Absolute tolerance (default 1e-7). */
  atol?: number;
  /** NaN equals NaN (default true). */
  equalNan?: boolean;
  /** What is compared, for the message (e.g. "x.grad vs 2x"). */
  label?: string;
}

/** The outcome of a comparison: displays as one ✓ line in a notebook. */
export class CloseReport {
  constructor(
    readonly label: string,
    readonly ok: boolean,
    /** Largest |actual − expected|. */
    readonly maxAbsDiff: number,
    /** Largest |actual − expected| / |expected| (over nonzero expected values). */
    readonly maxRelDiff: number,
    /** Where the worst violation is (flat index), or -1. */
    readonly worstAt: number,
    readonly count: number,
  ) {}

  toString(): string {
    const what = this.label ? `${this.label}: ` : "";
    return `${this.ok ? "✓" : "✗"} ${what}${this.count} value${this.count === 1 ? " agrees" : "s agree"} (max abs diff ${this.maxAbsDiff.toExponential(1)}, max rel diff ${this.maxRelDiff.toExponential(1)})`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString() };
  }
}

function compare(actual: Numeric, expected: Numeric, o: CloseOptions): { report: CloseReport; detail: string } {
  const rtol = o.rtol ?? 1e-7;
  const atol = o.atol ?? 1e-7;
  const equalNan = o.equalNan ?? true;
  const a = numbers(actual);
  const e = numbers(expected);
  const label = o.label ?? "";
  if (a.data.length !== e.data.length) {
    const r = new CloseReport(label, false, Infinity, Infinity, -1, a.data.length);
    return { report: r, detail: `${label ? label + ": " : ""}${a.data.length} values (shape [${a.shape}]) cannot be compared with ${e.data.length} (shape [${e.shape}])` };
  }
  let maxAbs = 0, maxRel = 0, worst = -1, worstExcess = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i], y = e.data[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) && Number.isNaN(y) && equalNan) continue;
      worst = i;
      worstExcess = Infinity;
      continue;
    }
    if (x === y) continue;
    const d = Math.abs(x - y);
    maxAbs = Math.max(maxAbs, d);
    if (y !== 0) maxRel = Math.max(maxRel, d / Math.abs(y));
    const excess = d / (atol + rtol * Math.abs(y));
    if (excess > 1 && excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  const ok = worst < 0;
  const report = new CloseReport(label, ok, maxAbs, maxRel, worst, a.data.length);
  const detail = ok ? "" : `${label ? label + ": " : ""}not close: element ${worst} is ${a.data[worst]} but expected ${e.data[worst]} (|diff| ${Math.abs(a.data[worst] - e.data[worst]).toExponential(3)} > atol ${atol} + rtol ${rtol}·|expected|)`;
  return { report, detail };
}

/**
 * True when every element is close: |actual − expected| ≤ atol + rtol·|expected|
 * (torch.allclose's defaults: rtol 1e-5, atol 1e-8).
 * @example
 * allclose(tensor([1, 2]), [1, 2 + 1e-9]); // true
 */
export function allclose(actual: Numeric, expected: Numeric, options: CloseOptions = {}): boolean {
  return compare(actual, expected, { rtol: 1e-5, atol: 1e-8, ...options }).report.ok;
}

/**
 * Throw unless `actual` is close to `expected` elementwise (torch.testing.assert_close);
 * the error names the first worst element. Returns a report that shows as a ✓ line.
 * @example
 * const x = tensor([1, 2], { requiresGrad: true });
 * x.pow(2).sum().backward();
 * assertClose(x.grad!, [2, 4], { label: "x.grad = 2x" }); // ✓ x.grad = 2x: 2 values agree (…)
 */
export function assertClose(actual: Numeric, expected: Numeric, options: CloseOptions = {}): CloseReport {
  const { report, detail } = compare(actual, expected, options);
  if (!report.ok) throw new RangeError(detail);
  return report;
}
