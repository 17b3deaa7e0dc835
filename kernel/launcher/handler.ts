/**
 * The kernel's request handler. Execution is ours (errors as `error` messages, execute_input,
 * execute_result through the display protocol, a queue that honours stop_on_error);
 * completion, inspection and is_complete are tslab's.
 */
import { TextDecoder } from "util";
import { Cell, ExecuteRequest, Send } from "./cell";
import { DIAGNOSTIC_FORMAT } from "./errors";
import { ExecQueue, Origin } from "./queue";
import { rewriteCell } from "./rewrite";
import type { Executor, JupyterHandler, TslabModules } from "./tslab";
import { KERNEL_HOOK, KernelHook } from "../../lib/display/kernel";
import type { MimeBundle } from "../../lib/display/mime";

const decoder = new TextDecoder();

/** Kernel info beyond tslab's (which reports TypeScript 3.7.2 and no implementation name). */
export interface KernelInfo {
  gradlabVersion: string;
  tslabVersion: string;
  typescriptVersion: string;
}

export class Handler {
  private count = 0;
  private readonly queue = new ExecQueue();
  /** The cell running now, or the last one (late output goes there, as in ipykernel). */
  private current: Cell | null = null;
  private streamsRedirected = false;
  /** Page libraries sent in this session: by which cell, with what code. */
  private readonly libraries = new Map<string, { cell: Cell; code: string }>();
  private readonly pendingUpdates = new Map<string, { cell: Cell; content: Record<string, unknown> }>();
  private flushScheduled = false;

  /** Send the latest pending update of each output. */
  private flushUpdates(): void {
    this.flushScheduled = false;
    for (const { cell, content } of this.pendingUpdates.values()) cell.send("update_display_data", content);
    this.pendingUpdates.clear();
  }
  private afterCellsHook: { cells: number; fn: () => void } | null = null;
  executor!: Executor;
  tslabHandler!: JupyterHandler;

  constructor(
    private readonly tslab: TslabModules,
    private readonly info: KernelInfo,
  ) {}

  /** The console tslab's executor reports to: results and errors of the running cell. */
  console() {
    return {
      log: (value: unknown) => this.current?.result(value),
      error: (...args: unknown[]) => {
        const cell = this.current;
        if (!cell) return;
        if (args[0] === DIAGNOSTIC_FORMAT) {
          cell.diagnostics.push({ file: String(args[1] ?? "").trim(), line: Number(args[2]), col: Number(args[3]), message: String(args[4]) });
        } else if (!cell.thrown) {
          cell.thrown = { error: args[0] };
        }
      },
    };
  }

  /** Call `fn` once, shortly after the `cells`-th cell finished (a moment when nobody waits). */
  afterCells(cells: number, fn: () => void): void {
    this.afterCellsHook = { cells, fn };
  }

  /** Attach tslab's executor (created with `console()`). */
  attach(executor: Executor): void {
    this.executor = executor;
    this.tslabHandler = new this.tslab.jupyter.JupyterHandlerImpl(executor, false);
  }

  /** The hook lib/display uses to send display data for the current cell. */
  installDisplayHook(): void {
    const hook: KernelHook = {
      displayData: (bundle: MimeBundle, metadata: Record<string, unknown> = {}, displayId?: string, update = false) => {
        const cell = this.current;
        if (!cell) return;
        const content = { data: bundle, metadata, transient: displayId ? { display_id: displayId } : {} };
        if (update && displayId) {
          // updates of one output replace each other until the event loop runs: a progress
          // line redrawn in a long synchronous loop queues one message, not thousands
          this.pendingUpdates.set(displayId, { cell, content });
          if (!this.flushScheduled) {
            this.flushScheduled = true;
            setImmediate(() => this.flushUpdates());
          }
          return;
        }
        if (displayId) this.pendingUpdates.delete(displayId);
        cell.send("display_data", content);
      },
      executionCount: () => this.count,
      pageLibrary: (key: string, bundle: () => MimeBundle) => {
        const cell = this.current;
        if (!cell) return;
        const sent = this.libraries.get(key);
        // sent already in this page, by another cell that has not been run again
        if (sent && (sent.cell === cell || sent.code !== cell.request.code)) return;
        cell.send("display_data", { data: bundle(), metadata: {}, transient: {} });
        this.libraries.set(key, { cell, code: cell.request.code });
      },
      resetPageLibrary: (key: string) => {
        this.libraries.delete(key);
      },
    };
    Object.defineProperty(globalThis, KERNEL_HOOK, { value: hook, configurable: true, enumerable: false, writable: true });
  }

  handleKernel(): Record<string, unknown> {
    return {
      protocol_version: "5.3",
      implementation: "gradlab",
      implementation_version: this.info.gradlabVersion,
      language_info: {
        name: "typescript",
        version: this.info.typescriptVersion,
        mimetype: "text/typescript",
        file_extension: ".ts",
        // as tslab: enables TypeScript highlighting in Notebook and JupyterLab
        codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
      },
      banner: `gradlab ${this.info.gradlabVersion}: TypeScript ${this.info.typescriptVersion} (tslab ${this.info.tslabVersion}) on Node ${process.version}`,
    };
  }

  /** Run an execute_request; resolves to the execute_reply content. */
  async execute(request: ExecuteRequest, send: Send, origin: Origin = {}): Promise<Record<string, unknown>> {
    const cell = new Cell(request, send);
    const outcome = await this.queue.run(() => this.run(cell), request.stop_on_error !== false, origin);
    if (outcome.status === "aborted") return { status: "aborted", execution_count: this.count };
    const hook = this.afterCellsHook;
    if (hook && this.count >= hook.cells) {
      this.afterCellsHook = null;
      setTimeout(hook.fn, 200).unref();
    }
    if (!outcome.ok) {
      const err = cell.error();
      send("error", { ...err });
      return { status: "error", execution_count: cell.executionCount, ...err };
    }
    return { status: "ok", execution_count: cell.executionCount, user_expressions: {}, payload: [] };
  }

  private async run(cell: Cell): Promise<{ value: null; ok: boolean }> {
    this.current = cell;
    this.redirectStreams();
    // tslab's own display API (`import * as tslab from "tslab"`) keeps working
    this.tslab.jupyter.lastWriteDisplayData = (data, update) => this.current?.send(update ? "update_display_data" : "display_data", data as Record<string, unknown>);
    const { request } = cell;
    if (!cell.silent && request.store_history !== false) this.count++;
    cell.executionCount = this.count;
    if (!cell.silent) cell.send("execute_input", { code: request.code, execution_count: cell.executionCount });
    let ok: boolean;
    try {
      ok = await this.executor.execute(rewriteCell(request.code));
    } catch (e) {
      cell.thrown ??= { error: e };
      ok = false;
    }
    await Promise.all(cell.pending);
    this.flushUpdates(); // the final state of updated outputs goes out before the reply
    if (ok && cell.diagnostics.length) {
      // a `/** @module */` cell is registered even with type errors: show them as a warning
      const { traceback } = cell.error();
      cell.send("stream", { name: "stderr", text: traceback.slice(1).join("\n") + "\n" });
    }
    return { value: null, ok };
  }

  /**
   * Route process.stdout/stderr to the current cell's stream messages (as tslab and
   * ipykernel do: output written after a cell finished goes to the last cell).
   */
  private redirectStreams(): void {
    if (this.streamsRedirected) return;
    this.streamsRedirected = true;
    for (const name of ["stdout", "stderr"] as const) {
      const stream = process[name];
      (stream as { write: unknown }).write = (chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
        const text = typeof chunk === "string" ? chunk : decoder.decode(chunk);
        this.current?.send("stream", { name, text });
        const done = typeof encoding === "function" ? encoding : cb;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      };
    }
  }

  handleIsComplete(req: unknown): unknown {
    return this.tslabHandler.handleIsComplete(req);
  }

  handleInspect(req: unknown): unknown {
    return this.tslabHandler.handleInspect(req);
  }

  handleComplete(req: unknown): unknown {
    return this.tslabHandler.handleComplete(req);
  }

  handleShutdown(req: unknown): unknown {
    return this.tslabHandler.handleShutdown(req);
  }

  close(): void {
    this.executor.close();
  }
}
