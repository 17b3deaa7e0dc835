/**
 * Executes one notebook, cell by cell, in a kernel started through a Jupyter server session
 * (@jupyterlab/services). Every way a run can end is a status in the result; the executed
 * notebook always comes back, with outputs and any error in place.
 */
import type { KernelMessage, SessionManager } from "@jupyterlab/services";
import type { Kernel, Session } from "@jupyterlab/services";
import * as path from "path";
import { CodeCell, ErrorOutput, Notebook } from "./notebook";
import { DisplayRegistry, OutputCollector } from "./outputs";
import { injectParameters, ParamValue } from "./params";
import type { JupyterServer } from "./server";

/** How a notebook's run ended. */
export type RunStatus =
  | "passed" // every cell ran (with --allow-errors: errors allowed)
  | "error" // a cell raised an error
  | "timeout" // a cell ran past --timeout; the kernel was interrupted
  | "died" // the kernel died during a cell
  | "no-kernel" // the kernel could not be started
  | "invalid" // the file is not a readable notebook
  | "cancelled"; // stopped by Ctrl-C

/** The failing cell of a run. */
export interface CellFailure {
  /** 1-based position of the cell in the notebook (all cell types counted). */
  cell: number;
  cellId: string;
  executionCount: number | null;
  /** The first lines of the cell's source. */
  source: string;
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Progress while a notebook runs. */
export type ProgressEvent =
  | { type: "start"; file: string; codeCells: number }
  | { type: "kernel"; file: string; kernel: string }
  | { type: "cell"; file: string; index: number; codeCells: number; cell: number }
  | { type: "cell-done"; file: string; index: number; codeCells: number; seconds: number; status: "ok" | "error" };

/** Options for {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Kernel name; default the notebook's metadata, else "gradlab". */
  kernel?: string;
  /** Per-cell time limit in seconds (0 or undefined: none). */
  timeout?: number;
  /** Keep going after a cell error; the run still passes. */
  allowErrors?: boolean;
  /** Parameters injected after the cell tagged `parameters`. */
  params?: Record<string, ParamValue>;
  /** How long a kernel may take to start, in seconds (default 60). */
  startupTimeout?: number;
  /** Stops the run (Ctrl-C): the cell is interrupted and the run ends as "cancelled". */
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
}

/** What running one notebook produced. */
export interface ExecuteResult {
  status: RunStatus;
  kernel: string;
  /** Code cells in the notebook, and how many of them ran. */
  codeCells: number;
  executed: number;
  seconds: number;
  /** The first failing cell (with --allow-errors: the first cell error, the run still passes). */
  failure?: CellFailure;
  /** A one-line explanation for "no-kernel", "timeout", "died" and "cancelled". */
  message?: string;
  /** The parameters injected (absent when the notebook has no `parameters` cell). */
  parameters?: Record<string, ParamValue>;
}

/** Lines of a cell's source shown in failure reports. */
export const SOURCE_LINES = 6;

function firstLines(src: string): string {
  const lines = src.split("\n");
  return lines.slice(0, SOURCE_LINES).join("\n") + (lines.length > SOURCE_LINES ? `\n... (${lines.length - SOURCE_LINES} more lines)` : "");
}

/** The message of a failed REST call, with the last line of the server's traceback when it has one. */
function restMessage(e: unknown): string {
  const err = e as Error & { response?: { status?: number }; traceback?: string };
  const msg = (err.message || String(e)).split("\n").filter((l) => l.trim())[0] ?? "";
  const cause = (err.traceback ?? "").split("\n").filter((l) => l.trim()).pop()?.trim();
  return `${msg}${err.response?.status ? ` (HTTP ${err.response.status})` : ""}${cause && !msg.includes(cause) ? `: ${cause}` : ""}`;
}

type Ending = { kind: "reply"; reply: KernelMessage.IExecuteReplyMsg } | { kind: "timeout" } | { kind: "died"; why: string } | { kind: "cancelled" };

/** Resolves when the kernel dies or restarts, or its connection is lost for good. */
function whenDead(kernel: Kernel.IKernelConnection): { promise: Promise<string>; dispose(): void } {
  let dispose = () => {};
  const promise = new Promise<string>((resolve) => {
    const onStatus = (_: unknown, s: Kernel.Status) => {
      if (s === "dead") resolve("the kernel died");
      else if (s === "autorestarting" || s === "restarting") resolve("the kernel died and the server restarted it");
    };
    const onConn = (_: unknown, s: Kernel.ConnectionStatus) => {
      if (s === "disconnected") resolve("the connection to the kernel was lost");
    };
    kernel.statusChanged.connect(onStatus);
    kernel.connectionStatusChanged.connect(onConn);
    if (kernel.status === "dead") resolve("the kernel died");
    dispose = () => {
      kernel.statusChanged.disconnect(onStatus);
      kernel.connectionStatusChanged.disconnect(onConn);
    };
  });
  return { promise, dispose: () => dispose() };
}

function sleep<T>(ms: number, value: T): { promise: Promise<T>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  // unref'd: a pending limit never keeps the process alive by itself
  const promise = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(value), ms).unref()));
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Wait (at most `ms`) until a reconnecting kernel connection is connected or gives up. */
function settled(kernel: Kernel.IKernelConnection, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const limit = sleep(ms, null);
    const done = () => {
      kernel.connectionStatusChanged.disconnect(onConn);
      limit.cancel();
      resolve();
    };
    const onConn = (_: unknown, st: Kernel.ConnectionStatus) => {
      if (st !== "connecting") done();
    };
    kernel.connectionStatusChanged.connect(onConn);
    limit.promise.then(done);
  });
}

function aborted(signal?: AbortSignal): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

function syntheticError(ename: string, evalue: string): ErrorOutput {
  return { output_type: "error", ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

/**
 * Run every code cell of `nb` (modified in place: outputs, execution counts, timing
 * metadata, kernelspec) through `server`. `file` is the notebook's path on this machine; the
 * kernel starts in its folder when the server serves that folder.
 *
 * @example
 * const nb = readNotebook("a.ipynb");
 * const result = await executeNotebook(server, sessions, "a.ipynb", nb, { timeout: 60 });
 * result.status; // "passed"
 */
export async function executeNotebook(server: JupyterServer, sessions: SessionManager, file: string, nb: Notebook, opts: ExecuteOptions = {}): Promise<ExecuteResult> {
  const t0 = Date.now();
  const codeCells = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
  const kernelName = opts.kernel ?? nb.metadata.kernelspec?.name ?? "gradlab";
  const result: ExecuteResult = { status: "passed", kernel: kernelName, codeCells: codeCells.length, executed: 0, seconds: 0 };
  const finish = (r: Partial<ExecuteResult>) => Object.assign(result, r, { seconds: (Date.now() - t0) / 1000 });
  for (const c of codeCells) {
    c.outputs = [];
    c.execution_count = null;
  }
  const spec = server.kernelspecs.get(kernelName);
  if (!spec) {
    opts.onProgress?.({ type: "start", file, codeCells: codeCells.length });
    const have = [...server.kernelspecs.keys()].sort().join(", ") || "none";
    const hint = kernelName === "gradlab" ? "install it with 'gradlab install-kernel', or pass --kernel NAME" : "pass --kernel NAME with one of those";
    return finish({ status: "no-kernel", message: `no kernel named '${kernelName}' on the server (it has: ${have}); ${hint}` });
  }
  if (opts.params && Object.keys(opts.params).length) {
    try {
      if (injectParameters(nb, opts.params, spec.language)) result.parameters = opts.params;
    } catch (e) {
      return finish({ status: "error", message: (e as Error).message });
    }
  }
  const runCells = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
  result.codeCells = runCells.length;
  opts.onProgress?.({ type: "start", file, codeCells: runCells.length });

  // Start the kernel in a session, so it runs in the notebook's folder when the server serves it.
  const rel = server.rootDir ? path.relative(server.rootDir, path.resolve(file)) : "";
  const sessionPath = rel && !rel.startsWith("..") ? rel.split(path.sep).join("/") : path.basename(file);
  const startupMs = (opts.startupTimeout ?? 60) * 1000;
  let session: Session.ISessionConnection | null = null;
  let kernelReady = false;
  const stop = aborted(opts.signal).then(() => "cancelled" as const);
  let starting: Promise<Session.ISessionConnection> | null = null;
  try {
    starting = sessions.startNew({ path: sessionPath, name: path.basename(file), type: "notebook", kernel: { name: kernelName } }, { kernelConnectionOptions: { handleComms: false } });
    starting.then((s) => (session = s)).catch(() => {});
    const limit = sleep(startupMs, "timeout" as const);
    const started = await Promise.race([starting, limit.promise, stop]);
    if (started === "timeout" || started === "cancelled") {
      limit.cancel();
      return finish(started === "cancelled" ? { status: "cancelled", message: "stopped while the kernel was starting" } : { status: "no-kernel", message: `kernel '${kernelName}' did not start within ${startupMs / 1000} s` });
    }
    const kernel = started.kernel;
    if (!kernel) return finish({ status: "no-kernel", message: `the server started no kernel for session ${sessionPath}` });
    const death = whenDead(kernel);
    try {
      const ready = await Promise.race([kernel.info.then(() => "ok" as const), death.promise, limit.promise, stop]);
      limit.cancel();
      if (ready !== "ok") {
        if (ready === "cancelled") return finish({ status: "cancelled", message: "stopped while the kernel was starting" });
        const why = ready === "timeout" ? `did not answer within ${startupMs / 1000} s` : `died while starting (${ready})`;
        return finish({ status: "no-kernel", message: `kernel '${kernelName}' (${spec.displayName}) ${why}; check that it works with 'jupyter console --kernel ${kernelName}'` });
      }
      kernelReady = true;
      opts.onProgress?.({ type: "kernel", file, kernel: kernelName });
      const info = await kernel.info;
      nb.metadata.kernelspec = { name: kernelName, display_name: spec.displayName, language: spec.language };
      if (info.language_info) nb.metadata.language_info = info.language_info as unknown as Notebook["metadata"]["language_info"];
      await runAll(nb, runCells, kernel, death.promise, stop, opts, result, file);
    } finally {
      death.dispose();
    }
  } catch (e) {
    if (!kernelReady) finish({ status: "no-kernel", message: `kernel '${kernelName}' failed to start: ${restMessage(e)}` });
    else if (result.status === "passed") finish({ status: "died", message: `the run stopped unexpectedly: ${(e as Error).message}` });
  } finally {
    const s = session as Session.ISessionConnection | null;
    if (s) {
      // After a kernel death the server restarts it and the connection reconnects; disposing
      // in the middle would leave @jupyterlab/services with an unhandled rejection.
      if (s.kernel && s.kernel.connectionStatus === "connecting") await settled(s.kernel, 5000);
      const limit = sleep(10_000, null);
      await Promise.race([s.shutdown().catch(() => {}), limit.promise]);
      limit.cancel();
      s.dispose();
    } else {
      // gave up waiting (timeout, Ctrl-C): shut the session down if it still comes up
      starting?.then((late) => late.shutdown().catch(() => {}).then(() => late.dispose()), () => {});
    }
  }
  return finish({});
}

async function runAll(
  nb: Notebook,
  cells: CodeCell[],
  kernel: Kernel.IKernelConnection,
  death: Promise<string>,
  stop: Promise<"cancelled">,
  opts: ExecuteOptions,
  result: ExecuteResult,
  file: string,
): Promise<void> {
  const displays: DisplayRegistry = new Map();
  const total = cells.length;
  for (let i = 0; i < total; i++) {
    const cell = cells[i];
    if (!cell.source.trim()) continue;
    const position = nb.cells.indexOf(cell) + 1;
    opts.onProgress?.({ type: "cell", file, index: i + 1, codeCells: total, cell: position });
    const collector = new OutputCollector(displays);
    const started = Date.now();
    const future = kernel.requestExecute({ code: cell.source, stop_on_error: !opts.allowErrors, allow_stdin: false, store_history: true, silent: false }, false);
    future.onIOPub = (msg) => collector.handle(msg);
    const limit = opts.timeout ? sleep(opts.timeout * 1000, { kind: "timeout" } as Ending) : null;
    const ending: Ending = await Promise.race([
      future.done.then((reply) => ({ kind: "reply", reply }) as Ending, (e: Error) => ({ kind: "died", why: `the request failed (${e.message})` }) as Ending),
      death.then((why) => ({ kind: "died", why }) as Ending),
      stop.then(() => ({ kind: "cancelled" }) as Ending),
      ...(limit ? [limit.promise] : []),
    ]);
    limit?.cancel();
    if (ending.kind === "timeout" || ending.kind === "cancelled") {
      // interrupt, then give the kernel a moment to report the interrupted cell's output
      await kernel.interrupt().catch(() => {});
      const grace = sleep(5000, null);
      await Promise.race([future.done.catch(() => {}), death, grace.promise]);
      grace.cancel();
    }
    const seconds = (Date.now() - started) / 1000;
    cell.outputs = collector.outputs;
    cell.execution_count = ending.kind === "reply" && typeof ending.reply.content.execution_count === "number" ? ending.reply.content.execution_count : collector.executionCount;
    const timing: Record<string, string> = { ...collector.timing };
    if (ending.kind === "reply" && ending.reply.header.date) timing["shell.execute_reply"] = ending.reply.header.date;
    cell.metadata.execution = timing;
    cell.metadata.gradlab = { seconds: Math.round(seconds * 1000) / 1000 };
    future.dispose();
    result.executed++;

    const fail = (status: RunStatus, ename: string, evalue: string, message?: string) => {
      // a cell error is the kernel's own; for a timeout, a dead kernel or Ctrl-C, say so in the
      // notebook too, keeping the kernel's traceback (where the cell was interrupted) if any
      const kernelError = cell.outputs.find((o): o is ErrorOutput => o.output_type === "error");
      let e: ErrorOutput;
      if (status === "error" && kernelError) e = kernelError;
      else {
        e = syntheticError(ename, evalue);
        if (kernelError) e.traceback = [...kernelError.traceback, ...e.traceback];
        cell.outputs.push(e);
      }
      result.failure ??= { cell: position, cellId: cell.id, executionCount: cell.execution_count, source: firstLines(cell.source), ename: e.ename, evalue: e.evalue, traceback: e.traceback };
      if (status !== "error" || !opts.allowErrors) {
        result.status = status;
        if (message) result.message = message;
      }
    };
    let ok = true;
    if (ending.kind === "timeout") {
      fail("timeout", "CellTimeoutError", `cell ${position} did not finish within ${opts.timeout} s; the kernel was interrupted`, `cell ${position} timed out after ${opts.timeout} s`);
      ok = false;
    } else if (ending.kind === "died") {
      fail("died", "DeadKernelError", `${ending.why} while running cell ${position}`, `${ending.why} while running cell ${position}`);
      ok = false;
    } else if (ending.kind === "cancelled") {
      fail("cancelled", "KeyboardInterrupt", `stopped by the user during cell ${position}`, `stopped during cell ${position}`);
      ok = false;
    } else {
      const content = ending.reply.content as { status: string; ename?: string; evalue?: string; traceback?: string[] };
      if (content.status === "error") {
        // kernels put the error on iopub too; use the reply's when iopub had none
        if (!cell.outputs.some((o) => o.output_type === "error")) {
          cell.outputs.push({ output_type: "error", ename: content.ename ?? "Error", evalue: content.evalue ?? "", traceback: content.traceback ?? [] });
        }
        fail("error", content.ename ?? "Error", content.evalue ?? "");
        ok = !!opts.allowErrors;
      } else if (content.status !== "ok") {
        fail("error", "CellAborted", `the kernel answered '${content.status}' to cell ${position} (it aborts requests right after an earlier error)`);
        ok = !!opts.allowErrors;
      }
    }
    opts.onProgress?.({ type: "cell-done", file, index: i + 1, codeCells: total, seconds, status: ok && ending.kind === "reply" && (ending.reply.content as { status: string }).status === "ok" ? "ok" : "error" });
    if (!ok) return;
  }
}
