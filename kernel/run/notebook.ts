/**
 * Notebook files: the nbformat 4 types the runner and exporter use, reading with clear
 * errors (file, line and column, what is wrong), upgrading to nbformat 4.5 (cell ids), and
 * writing the way Jupyter does (sorted keys, one-space indent, multi-line strings as lists).
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { jsonErrorOffset, lineColumn } from "./json-error";

/** A MIME bundle: MIME type to data (strings, or JSON for `application/*+json`). */
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: string;
}
export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
  /** Not stored in the file: the transient display id, used for update_display_data. */
  transient?: { display_id?: string };
}
export interface ExecuteResultOutput {
  output_type: "execute_result";
  data: MimeBundle;
  metadata: Record<string, unknown>;
  execution_count: number | null;
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

interface CellBase {
  id: string;
  source: string;
  metadata: Record<string, unknown> & { tags?: string[] };
  attachments?: Record<string, MimeBundle>;
}
export interface CodeCell extends CellBase {
  cell_type: "code";
  execution_count: number | null;
  outputs: Output[];
}
export interface MarkdownCell extends CellBase {
  cell_type: "markdown";
}
export interface RawCell extends CellBase {
  cell_type: "raw";
}
export type Cell = CodeCell | MarkdownCell | RawCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown> & {
    kernelspec?: { name: string; display_name?: string; language?: string };
    language_info?: Record<string, unknown> & { name?: string };
  };
  cells: Cell[];
}

/** A notebook file that cannot be read: says which file, where, and what is wrong. */
export class NotebookFormatError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: not a valid notebook: ${detail}`);
    this.name = "NotebookFormatError";
  }
}

const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/** A fresh cell id in nbformat's style (8 hex digits). */
export function newCellId(): string {
  return randomBytes(4).toString("hex");
}

function joinText(v: unknown): unknown {
  return Array.isArray(v) && v.every((s) => typeof s === "string") ? v.join("") : v;
}

/** A JSON syntax error's description with its line and column. */
function jsonErrorAt(text: string, e: Error): string {
  const at = jsonErrorOffset(text);
  const what = e.message.replace(/(, (\.\.\.)?"| in JSON| at position \d).*$/s, "");
  if (at < 0) return what;
  return at >= text.length ? `it ends too early, at ${lineColumn(text, at)}` : `${what} at ${lineColumn(text, at)}`;
}

/**
 * Parse notebook JSON text into a normalized nbformat 4.5 notebook: multi-line strings
 * joined, every cell with a unique valid id, code cells with `outputs` and `execution_count`.
 * Throws {@link NotebookFormatError} naming the file and the problem.
 *
 * @example
 * const nb = parseNotebook(fs.readFileSync("a.ipynb", "utf8"), "a.ipynb");
 * nb.cells.filter((c) => c.cell_type === "code").length;
 */
export function parseNotebook(text: string, file: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NotebookFormatError(file, `the file is not JSON (${jsonErrorAt(text, e as Error)})`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new NotebookFormatError(file, "the top level is not a JSON object");
  const obj = raw as Record<string, unknown>;
  if (obj.nbformat !== 4) {
    throw new NotebookFormatError(file, `${obj.nbformat === undefined ? "it has no nbformat field" : `nbformat is ${JSON.stringify(obj.nbformat)}`}; only nbformat 4 is supported (convert it with 'jupyter nbconvert --to notebook')`);
  }
  if (!Array.isArray(obj.cells)) throw new NotebookFormatError(file, "it has no 'cells' list");
  const metadata = obj.metadata && typeof obj.metadata === "object" && !Array.isArray(obj.metadata) ? (obj.metadata as Notebook["metadata"]) : {};
  const seen = new Set<string>();
  const cells = obj.cells.map((c, i): Cell => {
    if (!c || typeof c !== "object") throw new NotebookFormatError(file, `cell ${i + 1} is not an object`);
    const cell = c as Record<string, unknown>;
    const type = cell.cell_type;
    if (type !== "code" && type !== "markdown" && type !== "raw") {
      throw new NotebookFormatError(file, `cell ${i + 1} has cell_type ${JSON.stringify(type)}; expected "code", "markdown" or "raw"`);
    }
    const source = joinText(cell.source ?? "");
    if (typeof source !== "string") throw new NotebookFormatError(file, `cell ${i + 1} has a 'source' that is neither a string nor a list of strings`);
    let id = typeof cell.id === "string" && CELL_ID.test(cell.id) && !seen.has(cell.id) ? cell.id : newCellId();
    while (seen.has(id)) id = newCellId();
    seen.add(id);
    const meta = cell.metadata && typeof cell.metadata === "object" ? (cell.metadata as CellBase["metadata"]) : {};
    const base: CellBase = { id, source, metadata: meta };
    if (cell.attachments && typeof cell.attachments === "object") base.attachments = cell.attachments as CellBase["attachments"];
    if (type !== "code") return { ...base, cell_type: type } as Cell;
    const outputs = Array.isArray(cell.outputs) ? (cell.outputs as Output[]).map(normalizeOutput) : [];
    const count = typeof cell.execution_count === "number" ? cell.execution_count : null;
    return { ...base, cell_type: "code", execution_count: count, outputs };
  });
  return { nbformat: 4, nbformat_minor: Math.max(5, typeof obj.nbformat_minor === "number" ? obj.nbformat_minor : 0), metadata, cells };
}

function normalizeOutput(o: Output): Output {
  const out = { ...o } as Output & { text?: unknown; data?: MimeBundle };
  if (out.output_type === "stream") out.text = joinText(out.text) as string;
  if ((out.output_type === "display_data" || out.output_type === "execute_result") && out.data) {
    out.data = Object.fromEntries(Object.entries(out.data).map(([k, v]) => [k, isJsonMime(k) ? v : joinText(v)]));
  }
  return out;
}

/** True for MIME types whose data is JSON rather than text (`application/json`, `...+json`). */
export function isJsonMime(mime: string): boolean {
  return mime === "application/json" || mime.endsWith("+json");
}

/** Read and parse a notebook file (see {@link parseNotebook}). */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new NotebookFormatError(file, `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseNotebook(text, file);
}

/** Split text into lines that keep their "\n", as nbformat stores multi-line strings. */
function splitLines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => [k, sortKeys(o[k])]));
  }
  return v;
}

/** Serialize a notebook as Jupyter writes it (sorted keys, indent 1, lines as lists, trailing newline). */
export function serializeNotebook(nb: Notebook): string {
  const cells = nb.cells.map((c) => {
    const out: Record<string, unknown> = { ...c, source: splitLines(c.source) };
    if (c.cell_type === "code") {
      out.outputs = c.outputs.map((o) => {
        // `transient` is wire-only and not allowed in the file
        const { transient: _t, ...rest } = o as DisplayDataOutput;
        const r = rest as Record<string, unknown>;
        if (o.output_type === "stream") r.text = splitLines(o.text);
        if (o.output_type === "display_data" || o.output_type === "execute_result") {
          r.data = Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, typeof v === "string" && !isJsonMime(k) ? splitLines(v) : v]));
        }
        return r;
      });
    }
    return out;
  });
  return JSON.stringify(sortKeys({ ...nb, cells }), null, 1) + "\n";
}

/**
 * Write a file atomically: write a temporary file in the same folder, then rename it over
 * the target, so readers see the old or the new file, never half of one.
 */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(3).toString("hex")}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Write a notebook atomically (see {@link serializeNotebook}, {@link writeFileAtomic}). */
export function writeNotebook(file: string, nb: Notebook): void {
  writeFileAtomic(file, serializeNotebook(nb));
}
