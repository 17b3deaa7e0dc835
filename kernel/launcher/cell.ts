/**
 * One execute_request while it runs: its code and flags, how to send iopub messages for it,
 * and what the kernel's console collected (the result, type errors, a runtime error).
 */
import { inspect } from "util";
import { Diagnostic, ErrorContent, diagnosticsError, runtimeError } from "./errors";
import { JUPYTER_DISPLAY, MimeBundle, normalizeBundle, mimeBundle } from "../../lib/display/mime";

/** Sends one iopub message with this request as parent. */
export type Send = (msgType: string, content: Record<string, unknown>) => void;

export interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  stop_on_error?: boolean;
  user_expressions?: Record<string, string>;
}

export class Cell {
  executionCount = 0;
  readonly diagnostics: Diagnostic[] = [];
  thrown: { error: unknown } | null = null;
  /** Results of async display methods still on their way. */
  readonly pending: Promise<void>[] = [];

  constructor(
    readonly request: ExecuteRequest,
    readonly send: Send,
  ) {}

  get silent(): boolean {
    return !!this.request.silent;
  }

  /** The error content of a failed cell. */
  error(): ErrorContent {
    if (this.diagnostics.length) return diagnosticsError(this.diagnostics, this.request.code);
    if (this.thrown) return runtimeError(this.thrown.error);
    return { ename: "Error", evalue: "the cell failed without an error message", traceback: [] };
  }

  /** Send the last expression's value as `execute_result`. */
  result(value: unknown): void {
    if (this.silent) return;
    const out = (bundle: MimeBundle) => this.send("execute_result", { execution_count: this.executionCount, data: bundle, metadata: {} });
    if (typeof value === "string") return out({ "text/plain": inspect(value) });
    const method = value !== null && (typeof value === "object" || typeof value === "function") ? (value as Record<symbol, unknown>)[JUPYTER_DISPLAY] : undefined;
    if (typeof method === "function") {
      let raw: unknown;
      try {
        raw = method.call(value);
      } catch (e) {
        return out(normalizeBundle(value, undefined, e));
      }
      if (raw && typeof (raw as Promise<unknown>).then === "function") {
        this.pending.push(
          (raw as Promise<unknown>).then(
            (b) => out(normalizeBundle(value, b)),
            (e) => out(normalizeBundle(value, undefined, e)),
          ),
        );
        return;
      }
      return out(normalizeBundle(value, raw));
    }
    out(mimeBundle(value));
  }
}
