/**
 * `gradlab run` without the command line: runs notebooks through one Jupyter server, N at a
 * time, writes every executed copy (errors in place), and returns a report of each run.
 */
import { KernelManager, SessionManager } from "@jupyterlab/services";
import * as path from "path";
import { executeNotebook, ExecuteOptions, ExecuteResult, ProgressEvent, RunStatus } from "./execute";
import { commonFolder, expandNotebookPaths, outputPathFor } from "./files";
import { Notebook, NotebookFormatError, readNotebook, writeNotebook } from "./notebook";
import { connectServer, JupyterServer, startEmbeddedServer } from "./server";

/** Options for {@link runNotebooks}. */
export interface RunnerOptions extends Omit<ExecuteOptions, "onProgress"> {
  /** Folder for executed copies (default "out"); their paths below it mirror the inputs'. */
  outDir?: string;
  /** Replace each source notebook (atomically) when its run passes. */
  inplace?: boolean;
  /** Notebooks run in parallel (default 1). */
  jobs?: number;
  /** Use this server instead of starting one. */
  serverUrl?: string;
  token?: string;
  /** Extra environment for an embedded server and its kernels. */
  env?: Record<string, string>;
  onProgress?: (e: ProgressEvent | { type: "done"; report: NotebookReport } | { type: "server"; url: string; embedded: boolean }) => void;
  /** Receives the embedded server's log lines. */
  serverLog?: (line: string) => void;
}

/** The outcome for one notebook. */
export interface NotebookReport extends ExecuteResult {
  file: string;
  /** Where the executed notebook was written (absent for unreadable files). */
  output?: string;
}

/** The outcome of a whole run. */
export interface RunReport {
  ok: boolean;
  started: string;
  seconds: number;
  server: string;
  notebooks: NotebookReport[];
}

/** Options that cannot work together with these paths (one line, for the command's stderr). */
export class RunUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunUsageError";
  }
}

/** Statuses that count as a pass. */
export const PASSING: ReadonlySet<RunStatus> = new Set(["passed"]);

/** True for a rejection raised inside @jupyterlab/services or its @lumino helpers (e.g. a reconnect cut short by dispose). */
function fromServicesLibrary(reason: unknown): boolean {
  const firstFrame = reason instanceof Error ? (reason.stack ?? "").split("\n").find((l) => /^\s+at /.test(l)) ?? "" : "";
  return /[\\/](@jupyterlab[\\/]services|@lumino[\\/][a-z]+)[\\/]/.test(firstFrame);
}

let rejectionFilter = false;

/**
 * Ignore the promise rejections @jupyterlab/services leaves unhandled when a kernel dies or a
 * connection is disposed mid-reconnect; they can come long after a run, so the filter stays
 * installed. Any other unhandled rejection still ends the process, as by default.
 */
function filterLibraryRejections(): void {
  if (rejectionFilter) return;
  rejectionFilter = true;
  process.on("unhandledRejection", (reason) => {
    if (fromServicesLibrary(reason)) {
      if (process.env.GRADLAB_DEBUG) process.stderr.write(`[gradlab run] ignored: ${(reason as Error).stack}\n`);
      return;
    }
    setImmediate(() => {
      throw reason;
    });
  });
}

/**
 * While `fn` runs, silence @jupyterlab/services' console chatter (WebSocket and kernel status
 * logs); set GRADLAB_DEBUG=1 to see it.
 */
async function quietLibrary<T>(fn: () => Promise<T>): Promise<T> {
  filterLibraryRejections();
  const c = console as unknown as Record<string, unknown>;
  const saved = ["log", "debug", "info", "warn", "error"].map((k) => [k, c[k]] as const);
  if (!process.env.GRADLAB_DEBUG) for (const [k] of saved) c[k] = () => {};
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) c[k] = v;
  }
}

/**
 * Run notebooks (files or folders). Never throws for a notebook's failure: each ends as a
 * status in the report. Throws a ServerError (one line) when the server cannot be started
 * or reached, and an Error when the options are unusable.
 *
 * @example
 * const report = await runNotebooks(["notebooks"], { outDir: "out", jobs: 2, timeout: 120 });
 * report.ok; // true when every notebook passed
 */
export async function runNotebooks(paths: string[], opts: RunnerOptions = {}): Promise<RunReport> {
  const t0 = Date.now();
  const outDir = path.resolve(opts.outDir ?? "out");
  const entries = expandNotebookPaths(paths, [outDir]);
  const base = commonFolder(entries.filter((e) => !e.missing).map((e) => e.file));
  const reports: NotebookReport[] = entries.map((e) => ({ file: e.file, status: "invalid", kernel: "", codeCells: 0, executed: 0, seconds: 0 }));
  const todo: { i: number; nb: Notebook }[] = [];
  entries.forEach((e, i) => {
    if (e.missing) {
      reports[i].message = e.missing;
      return;
    }
    if (!opts.inplace && path.resolve(outputPathFor(e.file, base, outDir)) === path.resolve(e.file)) {
      throw new RunUsageError(`--out ${opts.outDir} would overwrite the source notebook ${e.file}; choose another folder, or use --inplace to replace sources after a successful run`);
    }
    try {
      todo.push({ i, nb: readNotebook(e.file) });
    } catch (err) {
      if (!(err instanceof NotebookFormatError)) throw err;
      reports[i].message = `not a valid notebook: ${err.detail}`;
    }
  });
  for (const r of reports) if (r.message) opts.onProgress?.({ type: "done", report: r });

  let serverName = "none";
  if (todo.length) {
    await quietLibrary(async () => {
      const server: JupyterServer = opts.serverUrl
        ? await connectServer(opts.serverUrl, opts.token ?? "")
        : await startEmbeddedServer({ rootDir: commonFolder(todo.map((t) => entries[t.i].file)), env: opts.env, log: opts.serverLog });
      serverName = server.embedded ? `embedded ${server.baseUrl} (Jupyter ${server.version})` : `${server.baseUrl} (Jupyter ${server.version})`;
      opts.onProgress?.({ type: "server", url: server.baseUrl, embedded: server.embedded });
      const kernels = new KernelManager({ serverSettings: server.settings });
      const sessions = new SessionManager({ serverSettings: server.settings, kernelManager: kernels });
      try {
        let next = 0;
        const worker = async () => {
          while (next < todo.length && !opts.signal?.aborted) {
            const { i, nb } = todo[next++];
            const file = entries[i].file;
            const started = new Date().toISOString();
            const res = await executeNotebook(server, sessions, file, nb, { ...opts, onProgress: opts.onProgress });
            const report: NotebookReport = { file, ...res };
            nb.metadata.gradlab = {
              run: { status: res.status, started, seconds: Math.round(res.seconds * 1000) / 1000, ...(res.parameters ? { parameters: res.parameters } : {}) },
            };
            const target = opts.inplace && PASSING.has(res.status) ? file : outputPathFor(file, base, outDir);
            writeNotebook(target, nb);
            report.output = target;
            reports[i] = report;
            opts.onProgress?.({ type: "done", report });
          }
        };
        await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs ?? 1, todo.length)) }, worker));
      } finally {
        sessions.dispose();
        kernels.dispose();
        await server.close();
      }
    });
  }
  for (const t of todo) {
    const r = reports[t.i];
    if (r.status === "invalid" && !r.message) Object.assign(r, { status: "cancelled", message: "not run: stopped by the user" });
  }
  return { ok: reports.length > 0 && reports.every((r) => PASSING.has(r.status)), started: new Date(t0).toISOString(), seconds: (Date.now() - t0) / 1000, server: serverName, notebooks: reports };
}
