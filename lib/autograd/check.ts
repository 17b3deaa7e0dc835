/**
 * check(f, x): one call that computes f's derivative at x by every route gradlab has,
 * reverse mode, forward mode, finite differences, and (when given) a symbolic derivative
 * and the expected numbers, and shows them as one pass/fail table. Notebooks use it to
 * verify each formula they reproduce.
 */
import { Tensor } from "../tensor/tensor";
import { formatShape } from "../tensor/shape";
import type { NestedArray } from "../tensor/create";
import { noGrad } from "./mode";
import { jacobian } from "./jacobian";
import { centralDifferences } from "./numeric";
import { fmtErr, fmtTol, fmtValues, htmlTable, passHtml, textTable, escapeHtml } from "./report";

/** A derivative as a value: a Tensor, a number, nested arrays, or (for several inputs) one of those per input. */
export type DerivativeValue = Tensor | number | NestedArray | readonly (Tensor | number | NestedArray)[];

/** A function giving the derivative at the point (same arguments as f). */
export type DerivativeFn = (...xs: Tensor[]) => DerivativeValue;

/**
 * A derivative from the symbolic engine (or any formula), with how to show it. For a
 * scalar f the value is the gradient (x's shape); otherwise the Jacobian, rows = outputs.
 */
export interface SymbolicDerivative {
  fn: DerivativeFn;
  /** The formula in LaTeX, shown in the table. */
  latex?: string;
  /** The row's name (default "symbolic"). */
  label?: string;
}

export interface CheckOptions {
  /** A symbolic derivative to compare: a function of the same arguments as f, or { fn, latex }. */
  symbolic?: DerivativeFn | SymbolicDerivative;
  /** The expected derivative (e.g. an article's numbers, or a closed form evaluated at x). */
  expected?: DerivativeValue;
  /** Step of the finite differences (default 1e-3; the 4th-order stencil is accurate to ~1e-11). */
  eps?: number;
  /** Tolerance of the exact routes (forward, symbolic, expected) against reverse mode: default rtol 1e-9, atol 1e-12. */
  rtol?: number;
  atol?: number;
  /** Tolerance of the finite differences: default rtol 1e-6, atol 1e-8. */
  fdRtol?: number;
  fdAtol?: number;
  /** Throw a CheckError listing the failures (default false: read `report.ok`). */
  raiseException?: boolean;
  /** A title for the report, e.g. "d/dx sin(x)²". */
  name?: string;
}

/** One route to the derivative and how it compares with reverse mode. */
export interface CheckRow {
  readonly method: string;
  /** The derivative by this route, flattened (Jacobian rows = outputs; several inputs one after another); null if it failed. */
  readonly values: Float64Array | null;
  /** max |this − reverse|; 0 for the reference itself. */
  readonly maxAbsDiff: number;
  readonly rtol: number;
  readonly atol: number;
  readonly ok: boolean;
  readonly reference: boolean;
  /** Why the route failed, or a remark (the LaTeX of a symbolic derivative). */
  readonly note?: string;
}

/**
 * Thrown by check with `raiseException: true` when a route disagrees; `report` has the table.
 * @example
 * try { check((x: Tensor) => x.exp(), tensor(0), { expected: 2, raiseException: true }); } catch (e) { (e as CheckError).report.ok; } // false
 */
export class CheckError extends Error {
  constructor(message: string, readonly report: CheckReport) {
    super(message);
    this.name = "CheckError";
  }
}

/**
 * The table of routes; `ok` when every route agrees with reverse mode within its tolerance.
 * @example
 * const r = check((x: Tensor) => x.exp(), tensor(1));
 * r.rows.map((row) => row.method); // ["reverse mode", "forward mode", "finite differences"]
 */
export class CheckReport {
  constructor(
    readonly title: string,
    readonly ok: boolean,
    readonly rows: readonly CheckRow[],
    /** f's value at x. */
    readonly value: Tensor,
    /** The shape of the derivative of each input ([...f(x).shape, ...x.shape]). */
    readonly shapes: readonly (readonly number[])[],
  ) {}

  /** The derivative from reverse mode, flattened (see CheckRow.values). */
  get derivative(): Float64Array | null {
    return this.rows[0].values;
  }

  private cells(r: CheckRow): string[] {
    return [
      r.method,
      r.values ? fmtValues(r.values, 8, 6) : "—",
      r.reference ? "reference" : r.values ? fmtErr(r.maxAbsDiff) : "—",
      r.reference ? "" : `rtol ${fmtTol(r.rtol)}, atol ${fmtTol(r.atol)}`,
    ];
  }

  private static HEAD = ["route", "derivative", "max |Δ| vs reverse", "tolerance"];

  toString(): string {
    const rows = this.rows.map((r) => [...this.cells(r), r.ok ? "pass" : "FAIL", r.note ?? ""]);
    return [`${this.title}: ${this.ok ? "all routes agree" : "MISMATCH"}`, textTable([...CheckReport.HEAD, "", "note"], rows)].join("\n");
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const rows = this.rows.map((r) => [...this.cells(r), passHtml(r.ok), r.note ? { html: `<span style="color:#555">${escapeHtml(r.note)}</span>` } : ""]);
    const title = `<div style="font-family:sans-serif;margin:2px 0"><b>${escapeHtml(this.title)}</b> ${passHtml(this.ok, this.ok ? "all routes agree" : "MISMATCH").html}</div>`;
    return { "text/html": title + htmlTable([...CheckReport.HEAD, "", ""], rows), "text/plain": this.toString() };
  }
}

function flattenValue(v: unknown, out: number[], what: string): void {
  if (v instanceof Tensor) {
    for (const x of v.values()) out.push(Number(x));
  } else if (typeof v === "number") out.push(v);
  else if (typeof v === "boolean") out.push(v ? 1 : 0);
  else if (Array.isArray(v)) for (const e of v) flattenValue(e, out, what);
  else throw new TypeError(`check: ${what} returned ${v === null ? "null" : typeof v}; give a Tensor, a number or nested arrays`);
}

/** A derivative value as one flat list over the inputs, checked against the expected count. */
function normalize(v: unknown, perInput: number[], many: boolean, what: string): Float64Array {
  const total = perInput.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  if (many && Array.isArray(v) && v.length === perInput.length && perInput.length > 1) {
    v.forEach((e, k) => {
      const part: number[] = [];
      flattenValue(e, part, what);
      if (part.length !== perInput[k]) throw new RangeError(`${what} gives ${part.length} values for input ${k}, expected ${perInput[k]}`);
      out.push(...part);
    });
  } else flattenValue(v, out, what);
  if (out.length !== total) throw new RangeError(`${what} gives ${out.length} values, expected ${total}`);
  return Float64Array.from(out);
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Compute f's derivative at x by reverse mode, forward mode and finite differences (and a
 * symbolic derivative and expected values when given), and compare each with reverse
 * mode. For a scalar f the derivative is the gradient; otherwise the Jacobian (rows =
 * outputs). Displays as one table with a pass/fail mark per route.
 *
 * To add the symbolic engine's derivative, pass a function of the same arguments that
 * evaluates it on tensors, e.g. `{ symbolic: { fn: (x) => dExpr.evaluate({ x: x.item() }), latex: dExpr.toLatex() } }`.
 * @example
 * check((x: Tensor) => x.sin().square(), tensor(0.7), { symbolic: (x) => x.sin().mul(x.cos()).mul(2) });
 * check((x: Tensor, y: Tensor) => x.add(y).mul(y), [tensor(2), tensor(3)], { expected: [3, 8] }).ok; // true
 */
export function check(f: (...xs: Tensor[]) => Tensor, x: Tensor | readonly Tensor[], options: CheckOptions = {}): CheckReport {
  const many = Array.isArray(x);
  const xs: Tensor[] = many ? [...(x as readonly Tensor[])] : [x as Tensor];
  xs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`check: input ${i} is ${typeof t}, not a Tensor`);
  });
  const value = noGrad(() => f(...xs));
  if (!(value instanceof Tensor)) throw new TypeError(`check: f must return a Tensor, got ${typeof value}`);
  const m = value.numel();
  const shapes = xs.map((t) => [...value.shape, ...t.shape]);
  const perInput = xs.map((t) => m * t.numel());
  const exact = { rtol: options.rtol ?? 1e-9, atol: options.atol ?? 1e-12 };
  const fd = { rtol: options.fdRtol ?? 1e-6, atol: options.fdAtol ?? 1e-8 };

  type Route = { method: string; tol: { rtol: number; atol: number }; run: () => Float64Array; note?: string };
  const jac = (mode: "rev" | "fwd") => () => concat(jacobian(f, xs, { mode }).map((J) => J.toFloat64Array()));
  const routes: Route[] = [
    { method: "reverse mode", tol: exact, run: jac("rev") },
    { method: "forward mode", tol: exact, run: jac("fwd") },
    { method: "finite differences", tol: fd, run: () => concat(xs.map((_, k) => centralDifferences((...a) => [f(...a)], xs, k, options.eps ?? 1e-3, 4)[0])), note: `4th-order central, h = ${options.eps ?? 1e-3}` },
  ];
  if (options.symbolic) {
    const s = typeof options.symbolic === "function" ? { fn: options.symbolic } : options.symbolic;
    const label = s.label ?? "symbolic";
    routes.push({ method: label, tol: exact, run: () => normalize(noGrad(() => s.fn(...xs)), perInput, many, label), note: s.latex });
  }
  if (options.expected !== undefined) {
    const e = options.expected;
    routes.push({ method: "expected", tol: exact, run: () => normalize(e, perInput, many, "expected") });
  }

  const results = routes.map((r) => {
    try {
      return { values: r.run(), error: undefined };
    } catch (err) {
      return { values: null, error: (err as Error).message };
    }
  });
  // the reference is reverse mode, or the first route that worked
  const refIndex = Math.max(0, results.findIndex((r) => r.values !== null));
  const ref = results[refIndex].values;
  const rows: CheckRow[] = routes.map((r, i) => {
    const v = results[i].values;
    const note = results[i].error ?? r.note;
    if (i === refIndex) return { method: r.method, values: v, maxAbsDiff: 0, ...r.tol, ok: v !== null && i === 0, reference: true, note: i === 0 ? note : `${note ?? ""} (reverse mode failed, so this is the reference)`.trim() };
    if (v === null || ref === null) return { method: r.method, values: v, maxAbsDiff: NaN, ...r.tol, ok: false, reference: false, note };
    let maxAbs = 0, ok = true;
    for (let k = 0; k < v.length; k++) {
      const d = Math.abs(v[k] - ref[k]);
      if (!(d <= maxAbs)) maxAbs = d;
      if (!(d <= r.tol.atol + r.tol.rtol * Math.abs(ref[k]))) ok = false;
    }
    return { method: r.method, values: v, maxAbsDiff: maxAbs, ...r.tol, ok, reference: false, note };
  });
  const at = xs.map((t) => (t.numel() <= 4 ? fmtValues(t.toFloat64Array()) : `a tensor ${formatShape(t.shape)}`)).join(", ");
  const title = options.name ?? `check at x = ${at}: f(x) = ${m <= 4 ? fmtValues(value.toFloat64Array()) : formatShape(value.shape)}`;
  const report = new CheckReport(title, rows.every((r) => r.ok), rows, value, shapes);
  if (!report.ok && options.raiseException) {
    const bad = rows.filter((r) => !r.ok).map((r) => `${r.method} (${r.values ? `max |Δ| ${fmtErr(r.maxAbsDiff)}, values ${fmtValues(r.values)}` : r.note})`);
    throw new CheckError(`check: ${report.title}: ${bad.join("; ")} disagree with reverse mode ${ref ? fmtValues(ref) : ""}`, report);
  }
  return report;
}

