/** `display.table`: rows of values as an HTML table, with Markdown and aligned text forms. */
import { escapeHtml } from "./html";
import { JUPYTER_DISPLAY, MimeBundle } from "./mime";

/** One row: values by column name, or values in column order. */
export type TableRow = Readonly<Record<string, unknown>> | readonly unknown[];

export interface TableOptions {
  /** Column names (default: the keys of the first row, or 1, 2, 3…). */
  columns?: readonly string[];
  /** A caption above the table. */
  caption?: string;
}

function cell(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(+v.toPrecision(10));
  if (typeof v === "boolean") return v ? "✓" : "✗";
  if (v === null || v === undefined) return "";
  return String(v);
}

/**
 * A table of values that displays as HTML (escaped), Markdown and aligned text.
 * @example
 * import { display } from "gradlab";
 * display.table([{ rule: "d(x^n)", result: "n x^(n-1)", checked: true }]);
 */
export class Table {
  readonly columns: readonly string[];
  readonly rows: readonly string[][];

  constructor(rows: readonly TableRow[], readonly options: TableOptions = {}) {
    const first = rows[0];
    this.columns = options.columns ?? (first === undefined ? [] : Array.isArray(first) ? first.map((_, i) => String(i + 1)) : Object.keys(first));
    this.rows = rows.map((r) => (Array.isArray(r) ? r.map(cell) : this.columns.map((c) => cell((r as Record<string, unknown>)[c]))));
  }

  toString(): string {
    const widths = this.columns.map((c, i) => Math.max(c.length, ...this.rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (c ?? "").padEnd(widths[i])).join("  ").trimEnd();
    const head = [line(this.columns), widths.map((w) => "-".repeat(w)).join("  ")];
    return [...(this.options.caption ? [this.options.caption] : []), ...head, ...this.rows.map(line)].join("\n");
  }

  toMarkdown(): string {
    const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
    const row = (cells: readonly string[]) => `| ${cells.map(esc).join(" | ")} |`;
    return [...(this.options.caption ? [`**${esc(this.options.caption)}**`, ""] : []), row(this.columns), row(this.columns.map(() => "---")), ...this.rows.map(row)].join("\n");
  }

  toHtml(): string {
    const caption = this.options.caption ? `<caption>${escapeHtml(this.options.caption)}</caption>` : "";
    const head = `<thead><tr>${this.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead>`;
    const body = `<tbody>${this.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("")}</tbody>`;
    return `<table class="gradlab-table">${caption}${head}${body}</table>`;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": this.toHtml(), "text/markdown": this.toMarkdown(), "text/plain": this.toString() };
  }
}
