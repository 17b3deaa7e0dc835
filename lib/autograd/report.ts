/**
 * Formatting shared by the reports of the derivative checks (gradcheck, check) and
 * forwardVsReverse: short numbers, small matrices, and the same table as HTML and text.
 */
import { escapeHtml } from "../display/html";

/** A number in at most `digits` significant digits, without trailing zeros: 2, -0.4794, 1.5e-7. */
export function fmtNum(v: number, digits = 4): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return "0";
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  const s = a >= 1e-4 && a < 1e9 ? v.toPrecision(digits) : v.toExponential(digits - 1);
  return s.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
}

/** An error size: "0", "3.1e-11". */
export function fmtErr(v: number): string {
  return v === 0 ? "0" : Number.isFinite(v) ? v.toExponential(1) : String(v);
}

/** A tolerance: 0.001, 1e-6. */
export function fmtTol(v: number): string {
  return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential().replace(/\.?0*e/, "e") : String(v);
}

/** Up to `max` values as "[a, b, c]", else the first few and a count. */
export function fmtValues(values: ArrayLike<number>, max = 8, digits = 4): string {
  const n = values.length;
  if (n === 1) return fmtNum(values[0], digits);
  const shown = Array.from({ length: Math.min(n, max) }, (_, i) => fmtNum(values[i], digits));
  return n <= max ? `[${shown.join(", ")}]` : `[${shown.join(", ")}, … (${n} values)]`;
}

/** A table as HTML; cells are text (escaped) unless given as { html }. */
export function htmlTable(head: readonly string[], rows: readonly (readonly (string | { html: string })[])[]): string {
  const cell = (c: string | { html: string }, tag: string) =>
    `<${tag} style="text-align:left;padding:2px 10px;border-bottom:1px solid #ddd">${typeof c === "string" ? escapeHtml(c) : c.html}</${tag}>`;
  return (
    `<table style="border-collapse:collapse;font-family:monospace;margin:4px 0">` +
    `<tr>${head.map((h) => cell(h, "th")).join("")}</tr>` +
    rows.map((r) => `<tr>${r.map((c) => cell(c, "td")).join("")}</tr>`).join("") +
    `</table>`
  );
}

/** A table as aligned plain text. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** A pass/fail mark for HTML. */
export function passHtml(ok: boolean, text = ok ? "pass" : "FAIL"): { html: string } {
  return { html: `<span style="color:${ok ? "#15803d" : "#b91c1c"};font-weight:bold">${ok ? "✓" : "✗"} ${escapeHtml(text)}</span>` };
}

export { escapeHtml };
