/**
 * Elementwise maps in WebAssembly for large float64 tensors: exp, sigmoid, log and
 * binaryCrossEntropy, two lanes at a time (four pairs side by side) and on both cores (see
 * vmath.c: the same fdlibm steps as V8's Math.exp and Math.log, so the results are the same
 * doubles). V8 calls out of line for each Math.exp or Math.log, about 12 ns per element.
 */
import { getRuntime } from "./wasm-runtime";
import { JOB_ADDR, readyWorkers, runJob, threadCount } from "./pool";
import { J_MODE, J_K, J_A, J_B, J_C, J_NTILES, J_TILEK, J_NEXT } from "./wasm-gemm";

export type MapKernel = "exp" | "sigmoid" | "log";
export type MapKernel2 = "binaryCrossEntropy";

const MODES: Record<MapKernel | MapKernel2, number> = { exp: 7, sigmoid: 8, log: 9, binaryCrossEntropy: 10 };

/** Tensors with fewer elements than this stay in TypeScript (the copies would cost more; sigmoid of 4,000 doubles measured 53 µs here against 89 µs in TypeScript). */
export const MAP_MIN = 1 << 12;
/**
 * Maps are handed out in tiles of this many elements, so a second thread can take part from
 * 8,192 elements: a map costs 7–15 ns per element on one thread here, and in a training
 * loop the pool's workers are awake (logistic regression's sigmoid and loss over 10,000
 * rows: 200 iterations went from 0.53 to 0.47 s, medians of 10 interleaved runs). Tiles of 1,024
 * rather than 4,096 split 10,000 elements evenly enough that the thread done first waits
 * about 2–3 µs for the other, against 4–8 µs.
 */
const TILE = 1 << 10;
const PARALLEL = 1 << 13;

/** @internal How many maps ran here (tests check that large tensors take this path). */
export const mapRuns = { count: 0 };

/** dst[i] = f(src[i]); false when the WebAssembly kernels are unavailable. */
export function wasmMap(kernel: MapKernel, src: Float64Array, dst: Float64Array): boolean {
  return run(kernel, src, null, dst);
}

/** dst[i] = f(a[i], b[i]) (a, b and dst of one length); false when the kernels are unavailable. */
export function wasmMap2(kernel: MapKernel2, a: Float64Array, b: Float64Array, dst: Float64Array): boolean {
  return run(kernel, a, b, dst);
}

function run(kernel: MapKernel | MapKernel2, src: Float64Array, src2: Float64Array | null, dst: Float64Array): boolean {
  const rt = getRuntime();
  if (!rt) return false;
  mapRuns.count++;
  const n = src.length;
  const heap = rt.heap;
  const ptr = heap.alloc(n * 8);
  const ptr2 = src2 ? heap.alloc(n * 8) : 0;
  try {
    heap.f64.set(src, ptr >> 3);
    if (src2) heap.f64.set(src2, ptr2 >> 3);
    const ntiles = Math.ceil(n / TILE);
    const helpers = threadCount() > 1 && n >= PARALLEL ? readyWorkers(rt) : 0;
    const I = heap.i32;
    const J = JOB_ADDR >> 2;
    I[J + J_MODE] = MODES[kernel];
    I[J + J_K] = n; I[J + J_A] = ptr; I[J + J_B] = ptr2; I[J + J_C] = ptr; // in place
    I[J + J_TILEK] = TILE; I[J + J_NTILES] = ntiles; I[J + J_NEXT] = 0;
    runJob(rt, helpers > 0);
    dst.set(heap.f64.subarray(ptr >> 3, (ptr >> 3) + n));
  } finally {
    heap.release(ptr);
    if (ptr2) heap.release(ptr2);
  }
  return true;
}
