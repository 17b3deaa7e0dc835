/**
 * Cell errors as Jupyter `error` content ({ ename, evalue, traceback }), so nbclient,
 * papermill and the notebook UI show what went wrong and where. tslab reports type errors as
 * `console.error("%s%d:%d - %s", file, line, col, text)` calls and runtime errors as
 * `console.error(err)`; the kernel's console collects both into a CellErrors.
 */
import { inspect } from "util";

/** One TypeScript diagnostic as tslab reports it (line and column are 1-based). */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
}

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** The format string tslab uses for diagnostics. */
export const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

const RED = "\u001b[0;31m";
const RESET = "\u001b[0m";

/** Frames that are the kernel's machinery, not the user's code or gradlab. */
const INTERNAL = /node:internal|node:vm|[\\/]tslab[\\/]dist[\\/]|[\\/]kernel[\\/]launcher[\\/.]|\(vm\.js:|^\s*at new Promise \(<anonymous>\)$/;

/** Messages of the two interrupt paths (SIGINT during sync code, interrupt during await). */
const INTERRUPTED = /Script execution was interrupted by `SIGINT`|Interrupted asynchronously/;

/** The source line with a caret under column `col` (1-based), for type errors in a cell. */
export function caretLines(code: string, line: number, col: number): string[] {
  const src = code.split(/\r?\n/)[line - 1];
  if (src === undefined) return [];
  const prefix = `${String(line).padStart(4)} | `;
  return [`${prefix}${src}`, `${" ".repeat(prefix.length + Math.max(0, col - 1))}^`];
}

/** Error content for the type errors of a cell (in order; the first gives evalue). */
export function diagnosticsError(diags: Diagnostic[], code: string): ErrorContent {
  const first = diags[0];
  const where = (d: Diagnostic) => `${d.file || "cell"} ${d.line}:${d.col}`;
  const traceback = [`${RED}TSError${RESET}: ${diags.length === 1 ? "a type error" : `${diags.length} type errors`} in this cell (nothing ran)`];
  let last = "";
  for (const d of diags) {
    traceback.push(`${where(d)} - ${d.message}`);
    const here = `${d.file}:${d.line}:${d.col}`;
    if (!d.file && here !== last) traceback.push(...caretLines(code, d.line, d.col));
    last = here;
  }
  return { ename: "TSError", evalue: `${where(first)} - ${first.message}`, traceback };
}

/** Error content for a thrown value. */
export function runtimeError(err: unknown): ErrorContent {
  if (err instanceof Error || (err && typeof err === "object" && typeof (err as Error).message === "string" && typeof (err as Error).stack === "string")) {
    const e = err as Error;
    if (INTERRUPTED.test(e.message)) {
      return { ename: "KeyboardInterrupt", evalue: "the cell was interrupted", traceback: [`${RED}KeyboardInterrupt${RESET}: the cell was interrupted`] };
    }
    const ename = e.name || e.constructor?.name || "Error";
    const evalue = e.message;
    const frames = (e.stack ?? "")
      .split("\n")
      .filter((l) => /^\s+at /.test(l))
      .filter((l) => !INTERNAL.test(l))
      // cell code runs as compiled JavaScript, so its line numbers would mislead
      .map((l) => l.replace(/evalmachine\.<anonymous>:\d+:\d+/, "<cell>"));
    const header = `${RED}${ename}${RESET}: ${evalue}`;
    const cause = (e as { cause?: unknown }).cause;
    const tail = cause !== undefined ? ["", `caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : inspect(cause)}`] : [];
    return { ename, evalue, traceback: [header, ...frames, ...tail] };
  }
  const text = inspect(err);
  return { ename: "Uncaught", evalue: text, traceback: [`${RED}Uncaught${RESET} ${text}`] };
}
