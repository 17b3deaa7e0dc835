/**
 * How a Tensor shows in a notebook: an HTML table of its values with a header line (shape,
 * dtype, gradFn or requiresGrad, label) and a second table for `.grad` when it is set, plus
 * the PyTorch-style text as `text/plain`. Large tensors are summarised with ⋯ / ⋮ cells.
 */
import type { Tensor } from "../tensor/tensor";
import { Formatter, formatTensor } from "../tensor/format";
import { escapeHtml } from "./html";
import type { MimeBundle } from "./mime";

/** Show every index of a table dimension up to this size... */
const MAX_MATRIX = 20;
/** ...else this many at each end. */
const EDGE_MATRIX = 8;
/** Leading dimensions of ≥3-d tensors (one table per index) are cut sooner. */
const MAX_LEADING = 4;
const EDGE_LEADING = 2;

type Pick = number | "gap";

function pick(n: number, max: number, edge: number): Pick[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: edge }, (_, i) => i), "gap", ...Array.from({ length: edge }, (_, i) => n - edge + i)];
}

const TABLE = `style="font-family:monospace;border-collapse:collapse;margin:2px 0"`;
/** Index cells: grey, not bold (the values are what matters). */
const TH = `<th style="color:#888;font-weight:normal;text-align:right">`;
const TD = `<td style="text-align:right">`;

/** The row-major values and index helpers of a tensor, read once. */
function reader(t: Tensor): (idx: number[]) => number {
  const vals = t.values();
  const strides: number[] = [];
  let s = 1;
  for (let i = t.ndim - 1; i >= 0; i--) {
    strides[i] = s;
    s *= t.shape[i];
  }
  return (idx) => {
    let off = 0;
    for (let i = 0; i < idx.length; i++) off += idx[i] * strides[i];
    return vals[off];
  };
}

function kindOf(t: Tensor): "float" | "int" | "bool" {
  return t.dtype === "bool" ? "bool" : t.dtype === "int32" ? "int" : "float";
}

/** The leading index tuples (all but the last two dims) to draw, with "gap" markers. */
function leadingTuples(shape: readonly number[]): (number[] | "gap")[] {
  const lead = shape.slice(0, Math.max(0, shape.length - 2));
  let out: (number[] | "gap")[] = [[]];
  for (const n of lead) {
    const next: (number[] | "gap")[] = [];
    for (const prefix of out) {
      if (prefix === "gap") {
        next.push("gap");
        continue;
      }
      for (const i of pick(n, MAX_LEADING, EDGE_LEADING)) next.push(i === "gap" ? "gap" : [...prefix, i]);
    }
    // collapse runs of gaps into one
    out = next.filter((v, k) => !(v === "gap" && next[k - 1] === "gap"));
  }
  return out;
}

/** HTML tables for the values of `t` (one per leading index for ≥3-d tensors). */
export function tensorTablesHtml(t: Tensor): string {
  const at = reader(t);
  if (t.ndim === 0) {
    const v = at([]);
    return `<table ${TABLE}><tr>${TD}${escapeHtml(new Formatter([v], kindOf(t)).formatScalar(v))}</td></tr></table>`;
  }
  if (t.numel() === 0) return `<div style="font-family:monospace">(no elements)</div>`;
  const rowsN = t.ndim === 1 ? 1 : t.shape[t.ndim - 2];
  const colsN = t.shape[t.ndim - 1];
  const rows = t.ndim === 1 ? [0] : pick(rowsN, MAX_MATRIX, EDGE_MATRIX);
  const cols = pick(colsN, MAX_MATRIX, EDGE_MATRIX);
  const tuples = leadingTuples(t.shape);
  const index = (lead: number[], r: number, c: number) => (t.ndim === 1 ? [c] : [...lead, r, c]);
  // one format for every value shown, as the text form
  const shown: number[] = [];
  for (const lead of tuples) {
    if (lead === "gap") continue;
    for (const r of rows) if (r !== "gap") for (const c of cols) if (c !== "gap") shown.push(at(index(lead, r, c)));
  }
  const f = new Formatter(shown, kindOf(t));
  const table = (lead: number[]): string => {
    const head = `<tr>${TH}</th>${cols.map((c) => `${TH}${c === "gap" ? "⋯" : c}</th>`).join("")}</tr>`;
    const body = rows
      .map((r) => {
        if (r === "gap") return `<tr>${TH}⋮</th>${cols.map(() => `${TD}⋮</td>`).join("")}</tr>`;
        const cells = cols.map((c) => `${TD}${c === "gap" ? "⋯" : escapeHtml(f.formatScalar(at(index(lead, r, c))))}</td>`);
        return `<tr>${TH}${t.ndim === 1 ? "" : r}</th>${cells.join("")}</tr>`;
      })
      .join("");
    return `<table ${TABLE}>${head}${body}</table>`;
  };
  if (t.ndim <= 2) return table([]);
  return tuples
    .map((lead) =>
      lead === "gap"
        ? `<div style="font-family:monospace;color:#888">⋮</div>`
        : `<div style="font-family:monospace;color:#888;margin-top:4px">[${[...lead, ":", ":"].join(", ")}]</div>${table(lead)}`,
    )
    .join("");
}

/** The header line: shape, dtype and the autograd state. */
export function tensorSummary(t: Tensor): string {
  const parts = [`shape [${t.shape.join(", ")}]`, t.dtype];
  if (t.gradFn) parts.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) parts.push("requiresGrad=true");
  if (t.label) parts.push(`label "${t.label}"`);
  return `tensor · ${parts.join(" · ")}`;
}

/**
 * The MIME bundle of a tensor: `text/html` (tables of values and of `.grad` when set) and
 * `text/plain` (the PyTorch-style text).
 * @example
 * import { tensor } from "gradlab";
 * const b = tensorMimeBundle(tensor([[1, 2], [3, 4]]));
 * b["text/plain"]; // "tensor([[1., 2.],\n        [3., 4.]])"
 */
export function tensorMimeBundle(t: Tensor): MimeBundle {
  const meta = (s: string) => `<div style="font-family:monospace;font-size:90%;color:#555">${escapeHtml(s)}</div>`;
  const grad = t._grad;
  let html = `<div class="gradlab-tensor">${meta(tensorSummary(t))}${tensorTablesHtml(t)}`;
  if (grad) html += `${meta(`grad · shape [${grad.shape.join(", ")}]`)}${tensorTablesHtml(grad)}`;
  html += `</div>`;
  return { "text/html": html, "text/plain": formatTensor(t) };
}
