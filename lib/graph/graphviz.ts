/**
 * Graphviz layout and SVG rendering with no system binary: @viz-js/viz (Graphviz compiled
 * to WebAssembly) in a worker thread, called synchronously. The kernel's display hook is
 * synchronous and viz-js only loads asynchronously, so the main thread posts the DOT
 * source to the worker and waits on a shared flag (Atomics.wait) for the SVG. The worker
 * is started on first use and does not keep the process alive.
 */
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from "worker_threads";

/** The worker: loads viz-js once, answers each DOT source with { svg } or { error }. */
const WORKER_SOURCE = `
const { workerData } = require("worker_threads");
const { vizPath, port, shared } = workerData;
const flag = new Int32Array(shared);
const ready = require(vizPath).instance();
port.on("message", async (dot) => {
  let reply;
  try {
    const viz = await ready;
    const r = viz.render(dot, { format: "svg" });
    reply = r.status === "success" ? { svg: r.output } : { error: r.errors.map((e) => e.message).join("; ") || "render failed" };
  } catch (e) {
    reply = { error: String((e && e.message) || e) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

interface Bridge {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

let bridge: Bridge | null = null;

function start(): Bridge {
  const vizPath = require.resolve("@viz-js/viz");
  const { port1, port2 } = new MessageChannel();
  const shared = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { vizPath, port: port2, shared }, transferList: [port2] });
  worker.unref();
  port1.unref();
  worker.on("error", () => (bridge = null));
  worker.on("exit", () => (bridge = null));
  return { worker, port: port1, flag: new Int32Array(shared) };
}

/**
 * Lay out and render a DOT graph as SVG, synchronously.
 * @example
 * renderSvg('digraph { a -> b }').startsWith("<?xml"); // true
 */
export function renderSvg(dot: string, timeoutMs = 30000): string {
  const b = (bridge ??= start());
  Atomics.store(b.flag, 0, 0);
  b.port.postMessage(dot);
  if (Atomics.wait(b.flag, 0, 0, timeoutMs) === "timed-out") {
    bridge = null;
    void b.worker.terminate();
    throw new Error(`drawGraph: Graphviz (WebAssembly, in a worker thread) did not answer within ${timeoutMs / 1000} s; the graph may be too large`);
  }
  const msg = receiveMessageOnPort(b.port)?.message as { svg?: string; error?: string } | undefined;
  if (!msg || msg.svg === undefined) throw new Error(`drawGraph: Graphviz could not render the graph: ${msg?.error ?? "no answer"}`);
  return msg.svg;
}
