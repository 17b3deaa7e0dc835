/**
 * A persistent pool of worker threads that share the WebAssembly memory with the main
 * thread, so one GEMM uses every core. Workers are unref'd (they never keep the process
 * alive) and started once, on the first large product.
 *
 * Protocol (int32 words at the start of the shared memory):
 *   SEQ     bumped by the main thread for each job (workers sleep on it with Atomics.wait)
 *   JOB     byte address of the job record
 *   READY   how many workers have instantiated the module
 * The job record's STATE word counts the workers that joined; the main thread sets its
 * CLOSED bit when its own share is done, after which nobody joins, and then waits on DONE
 * until every joined worker has finished. Tiles are handed out by the record's NEXT word
 * (inside the wasm `run`), so a late or absent worker costs nothing but its share.
 */
import { Worker } from "worker_threads";
import * as os from "os";
import type { WasmRuntime } from "./wasm-runtime";

export const SEQ = 0;
export const JOB = 1;
export const READY = 2;
/** Byte address of the one job record (int32 fields J_* of gemm.c). */
export const JOB_ADDR = 256;
export const CLOSED = 1 << 30;
/** How long a worker keeps polling for the next job before it sleeps (ms). */
export const SPIN_MS = 2;
/**
 * While polling, a worker waits in slices of this long (ms) instead of spinning: a notify
 * ends a slice at once, and between slices the core is free for V8's own helper threads
 * (garbage collection, compilation), which a spinning worker kept waiting. In interleaved
 * runs here: the logistic-regression loop 3–10% faster, a conv2d step 8%.
 */
export const POLL_SLICE_MS = 0.02;
const J_STATE = 0;
const J_DONE = 1;

const WORKER_SOURCE = `
"use strict";
const { workerData } = require("worker_threads");
const { module, memory, tid } = workerData;
const inst = new WebAssembly.Instance(module, { env: { memory } });
const run = inst.exports.run;
const I = new Int32Array(memory.buffer, 0, 16384);
const SEQ = ${SEQ}, JOB = ${JOB}, READY = ${READY}, CLOSED = ${CLOSED}, SPIN_MS = ${SPIN_MS}, SLICE = ${POLL_SLICE_MS};
let seen = Atomics.load(I, SEQ);
Atomics.add(I, READY, 1);
let idleSince = performance.now();
for (;;) {
  let s;
  while ((s = Atomics.load(I, SEQ)) === seen) {
    // poll for SPIN_MS after a job in short timed waits (the next product of a training
    // loop comes soon, and waking from an untimed Atomics.wait can take a millisecond on a
    // VM), then sleep until notified
    if (performance.now() - idleSince > SPIN_MS) { Atomics.wait(I, SEQ, seen); idleSince = performance.now(); }
    else Atomics.wait(I, SEQ, seen, SLICE);
  }
  seen = s;
  const job = Atomics.load(I, JOB);
  const J = job >> 2;
  let joined = false;
  for (;;) {
    const st = Atomics.load(I, J);
    if (st & CLOSED) break;
    if (Atomics.compareExchange(I, J, st, st + 1) === st) { joined = true; break; }
  }
  // woken too late for this job: work is under way, so keep polling for the next one
  if (!joined) { idleSince = performance.now(); continue; }
  try { run(job, tid); } finally { Atomics.add(I, J + 1, 1); Atomics.notify(I, J + 1); idleSince = performance.now(); }
}
`;

let workers: Worker[] | null = null;
let wanted = -1;

/** Threads a product may use (main thread included): GRADLAB_THREADS or the core count. */
export function threadCount(): number {
  if (wanted < 0) {
    const env = Number(process.env.GRADLAB_THREADS);
    const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    wanted = Number.isInteger(env) && env > 0 ? env : Math.max(1, Math.min(cores, 8));
  }
  return wanted;
}

/** Set the number of threads (1 = main thread only). Takes effect for pools started later. */
export function setThreadCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setThreadCount: expects a positive integer (got ${n})`);
  wanted = n;
}

/** Workers that are up and can join a job (starting the pool on first call). */
export function readyWorkers(rt: WasmRuntime): number {
  const n = threadCount() - 1;
  if (n <= 0) return 0;
  if (!workers) start(rt, n);
  return Math.min(n, Atomics.load(new Int32Array(rt.memory.buffer, 0, 4), READY));
}

function start(rt: WasmRuntime, n: number): void {
  workers = [];
  for (let tid = 1; tid <= n; tid++) {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: rt.module, memory: rt.memory, tid } });
    w.unref();
    w.on("error", (e) => process.emitWarning(`gradlab: a kernel worker failed (${e.message}); products continue on fewer threads`));
    workers.push(w);
  }
}

/**
 * Run the job in the record at JOB_ADDR on the main thread plus every ready worker, and
 * return when all of them are done. `tid` 0 is the main thread.
 */
export function runJob(rt: WasmRuntime, useWorkers: boolean): void {
  const I = new Int32Array(rt.memory.buffer, 0, 16384);
  const J = JOB_ADDR >> 2;
  const exp = rt.exports;
  if (!useWorkers) {
    exp.run(JOB_ADDR, 0);
    return;
  }
  Atomics.store(I, J + J_DONE, 0);
  Atomics.store(I, JOB, JOB_ADDR);
  Atomics.store(I, J + J_STATE, 0); // open for joining
  Atomics.add(I, SEQ, 1);
  Atomics.notify(I, SEQ);
  exp.run(JOB_ADDR, 0);
  const joined = Atomics.or(I, J + J_STATE, CLOSED) & ~CLOSED;
  let spins = 0;
  for (;;) {
    const d = Atomics.load(I, J + J_DONE);
    if (d >= joined) break;
    if (++spins > 50000) Atomics.wait(I, J + J_DONE, d, 5);
  }
}
