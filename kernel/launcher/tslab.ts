/**
 * The parts of tslab 1.0.22 the launcher uses, typed here (tslab's own .d.ts would pull in
 * its whole TypeScript fork). tslab is pinned exactly: these are undocumented internals, and
 * each behaviour the launcher relies on is covered by test/kernel.
 */
import * as path from "path";

/** A Jupyter wire message as tslab's ZmqMessage holds it. */
export interface ZmqMessage {
  header: { msg_type: string; msg_id: string; session: string; username: string; version: string; date: string };
  parent: unknown;
  metadata: Record<string, unknown>;
  content: any;
  createReply(): ZmqMessage;
  signAndSend(key: string, sock: unknown): void;
}

export interface Converter {
  close(): void;
}

export interface ConverterSet {
  readonly node: Converter;
  readonly browser: Converter;
  close(): void;
}

export interface Executor {
  execute(src: string): Promise<boolean>;
  interrupt(): void;
  close(): void;
  inspect(src: string, position: number): unknown;
  complete(src: string, position: number): unknown;
  locals: Record<string, unknown>;
}

/** The handler ZmqServer calls (tslab's JupyterHandler). */
export interface JupyterHandler {
  handleKernel(): Record<string, unknown>;
  handleExecute(req: any, writeStream: (name: string, text: string) => void, writeDisplayData: (data: unknown, update: boolean) => void): Promise<Record<string, unknown>>;
  handleIsComplete(req: any): unknown;
  handleInspect(req: any): unknown;
  handleComplete(req: any): unknown;
  handleShutdown(req: any): unknown;
  close(): void;
}

export interface ZmqServerInstance {
  handler: JupyterHandler;
  connInfo: { key: string };
  iopub: unknown;
  init(): Promise<void>;
  close(): void;
}

export interface TslabModules {
  converter: { createConverter(options?: { isJS?: boolean; isBrowser?: boolean }): Converter };
  executor: { createExecutor(rootDir: string, convs: ConverterSet, console: { log(...a: any[]): void; error(...a: any[]): void }): Executor };
  jupyter: {
    lastWriteDisplayData: ((data: unknown, update: boolean) => void) | null;
    JupyterHandlerImpl: new (executor: Executor, isJs: boolean) => JupyterHandler;
    ZmqServer: new (handler: JupyterHandler, configPath: string) => ZmqServerInstance;
  };
  version: string;
  typescriptVersion: string;
}

/** tslab's folder (the project's own dependency). */
export function tslabDir(): string {
  return path.dirname(require.resolve("tslab/package.json"));
}

/** The path of tslab's TypeScript fork, as tslab itself resolves it. */
export function tslabTypeScriptPath(): string {
  return require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir()] });
}

/** Load tslab's modules (after the TypeScript patch is in place). */
export function loadTslab(): TslabModules {
  const dir = tslabDir();
  return {
    converter: require(path.join(dir, "dist", "converter.js")),
    executor: require(path.join(dir, "dist", "executor.js")),
    jupyter: require(path.join(dir, "dist", "jupyter.js")),
    version: require(path.join(dir, "package.json")).version,
    typescriptVersion: require(tslabTypeScriptPath()).version,
  };
}
