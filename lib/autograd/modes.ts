/**
 * Forward and reverse accumulation side by side, for teaching: the same Jacobian built one
 * column per forward pass (n passes for f: Rⁿ → Rᵐ) and one row per reverse pass (m passes).
 */
import { Tensor } from "../tensor/tensor";
import { formatShape } from "../tensor/shape";
import { jvp, vjp } from "./functional";
import { basis } from "./numeric";
import { fmtErr, fmtNum, escapeHtml } from "./report";

/** One accumulation mode: how many passes it took, the Jacobian (m×n, row-major) and the time. */
export interface Accumulation {
  readonly passes: number;
  readonly jacobian: Float64Array;
  readonly ms: number;
}

const PALETTE = ["#dbeafe", "#fde68a", "#bbf7d0", "#fbcfe8", "#ddd6fe", "#fed7aa", "#a5f3fc", "#e5e7eb"];
const MAX_SHOWN = 10;

/**
 * The two accumulations of one Jacobian; displays as two colour-coded matrices.
 * @example
 * const cmp = forwardVsReverse((x: Tensor) => x.sin(), tensor([1, 2]));
 * cmp.verdict; // "both modes need 2 passes (n = m)"
 */
export class ModeComparison {
  constructor(
    /** Number of inputs (elements of x). */
    readonly n: number,
    /** Number of outputs (elements of f(x)). */
    readonly m: number,
    readonly inputShape: readonly number[],
    readonly outputShape: readonly number[],
    /** n Jacobian-vector products J·eⱼ, each a column. */
    readonly forward: Accumulation,
    /** m vector-Jacobian products eᵢᵀ·J, each a row. */
    readonly reverse: Accumulation,
  ) {}

  /** Largest difference between the two Jacobians. */
  get maxDiff(): number {
    let d = 0;
    for (let i = 0; i < this.forward.jacobian.length; i++) d = Math.max(d, Math.abs(this.forward.jacobian[i] - this.reverse.jacobian[i]));
    return d;
  }

  /** Which mode needs fewer passes, in words. */
  get verdict(): string {
    const { n, m } = this;
    if (n === m) return `both modes need ${n} passes (n = m)`;
    return n < m
      ? `forward mode needs fewer passes (n = ${n} < m = ${m}): one per input`
      : `reverse mode needs fewer passes (m = ${m} < n = ${n}): one per output, which is why a scalar loss is differentiated by backpropagation`;
  }

  private matrix(J: Float64Array): string[][] {
    const rows: string[][] = [];
    for (let i = 0; i < Math.min(this.m, MAX_SHOWN); i++) {
      const r: string[] = [];
      for (let j = 0; j < Math.min(this.n, MAX_SHOWN); j++) r.push(fmtNum(J[i * this.n + j]));
      if (this.n > MAX_SHOWN) r.push("…");
      rows.push(r);
    }
    if (this.m > MAX_SHOWN) rows.push(["⋮"]);
    return rows;
  }

  toString(): string {
    const block = (title: string, J: Float64Array) => [title, ...this.matrix(J).map((r) => "  " + r.map((c) => c.padStart(9)).join(" "))].join("\n");
    return [
      `f: R^${this.n} → R^${this.m} (x ${formatShape(this.inputShape)}, f(x) ${formatShape(this.outputShape)})`,
      block(`forward mode: ${this.forward.passes} passes (one column J·e_j each), ${this.forward.ms.toFixed(2)} ms`, this.forward.jacobian),
      block(`reverse mode: ${this.reverse.passes} passes (one row e_i^T·J each), ${this.reverse.ms.toFixed(2)} ms`, this.reverse.jacobian),
      `${this.verdict}; the Jacobians agree to ${fmtErr(this.maxDiff)}`,
    ].join("\n");
  }

  private panel(title: string, sub: string, J: Float64Array, byColumn: boolean): string {
    const cells = this.matrix(J);
    const td = (text: string, color: string) => `<td style="background:${color};padding:2px 8px;text-align:right;border:1px solid #fff">${escapeHtml(text)}</td>`;
    const head = byColumn
      ? `<tr><td></td>${cells[0].map((_, j) => `<td style="color:#666;font-size:smaller;text-align:center">${j < MAX_SHOWN ? `pass ${j + 1}` : ""}</td>`).join("")}</tr>`
      : "";
    const body = cells
      .map((r, i) => {
        const label = !byColumn && i < MAX_SHOWN ? `pass ${i + 1}` : "";
        return `<tr><td style="color:#666;font-size:smaller;padding-right:6px">${label}</td>${r.map((c, j) => td(c, PALETTE[(byColumn ? j : i) % PALETTE.length])).join("")}</tr>`;
      })
      .join("");
    return (
      `<div style="display:inline-block;vertical-align:top;margin:0 24px 8px 0">` +
      `<div><b>${escapeHtml(title)}</b></div><div style="color:#555;margin-bottom:4px">${escapeHtml(sub)}</div>` +
      `<table style="border-collapse:collapse;font-family:monospace">${head}${body}</table></div>`
    );
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const html =
      `<div style="font-family:sans-serif">` +
      `<div style="margin-bottom:6px">f: ℝ<sup>${this.n}</sup> → ℝ<sup>${this.m}</sup>, Jacobian ${this.m}×${this.n} (rows = outputs)</div>` +
      this.panel(`Forward mode: ${this.forward.passes} passes`, `each pass pushes one tangent eⱼ and fills column j (J·eⱼ) · ${this.forward.ms.toFixed(2)} ms`, this.forward.jacobian, true) +
      this.panel(`Reverse mode: ${this.reverse.passes} passes`, `each pass pulls back one cotangent eᵢ and fills row i (eᵢᵀJ) · ${this.reverse.ms.toFixed(2)} ms`, this.reverse.jacobian, false) +
      `<div>${escapeHtml(this.verdict)}; the two Jacobians agree to ${fmtErr(this.maxDiff)}.</div></div>`;
    return { "text/html": html, "text/plain": this.toString() };
  }
}

/**
 * Build f's Jacobian at x both ways, one pass at a time, to show the cost of each mode:
 * forward accumulation takes n passes (a Jacobian-vector product per input, one column
 * each), reverse accumulation m passes (a vector-Jacobian product per output, one row each).
 * @example
 * const cmp = forwardVsReverse((x: Tensor) => x.square().sum(), tensor([1, 2, 3]));
 * cmp.forward.passes; // 3
 * cmp.reverse.passes; // 1
 */
export function forwardVsReverse(f: (x: Tensor) => Tensor, x: Tensor): ModeComparison {
  const n = x.numel();
  const t0 = performance.now();
  const cols: Float64Array[] = [];
  let outShape: readonly number[] = [];
  for (let j = 0; j < n; j++) {
    const [y, col] = jvp(f, x, basis(x.shape, j, x));
    outShape = y.shape;
    cols.push(col.toFloat64Array());
  }
  const t1 = performance.now();
  const [y, pullback] = vjp(f, x);
  const m = y.numel();
  const rows: Float64Array[] = [];
  for (let i = 0; i < m; i++) rows.push(pullback(basis(y.shape, i, y))[0].toFloat64Array());
  const t2 = performance.now();
  if (n === 0) outShape = y.shape;
  const fwd = new Float64Array(m * n), rev = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      fwd[i * n + j] = cols[j][i];
      rev[i * n + j] = rows[i][j];
    }
  }
  return new ModeComparison(n, m, x.shape, outShape, { passes: n, jacobian: fwd, ms: t1 - t0 }, { passes: m, jacobian: rev, ms: t2 - t1 });
}
