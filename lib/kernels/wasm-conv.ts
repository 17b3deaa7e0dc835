/**
 * 2-d convolution in WebAssembly, one image at a time: each thread builds the columns of
 * its image (im2col) in its own scratch space, where they stay in cache for the product
 * that follows, instead of materialising the columns of the whole batch (for the UFLDL
 * layer, 66 MB written and read back per pass). Three jobs, the forward pass and the two
 * products of its backward pass (see conv_tile in gemm.c):
 *
 *   forward  y[n] = w · cols(x[n])              [N, O, L]
 *   weight   dw   = Σ_n g[n] · cols(x[n])ᵀ       [O, K]  (a partial per chunk of images, summed in order)
 *   input    dx[n] = col2im(wᵀ · g[n])          [N, C, H, W]
 *
 * with K = C·kh·kw and L = oh·ow. Operands are staged like matmul's (resident copies are
 * reused, so x is not copied again for the weight gradient).
 */
import { getRuntime } from "./wasm-runtime";
import { JOB_ADDR, readyWorkers, runJob, threadCount } from "./pool";
import {
  MatrixView, PARALLEL_MIN, KC, MC, NCMAX, stage, unpinAll,
  J_MODE, J_M, J_N, J_K, J_A, J_RSA, J_CSA, J_RSB, J_CSB, J_C, J_LDC, J_TILEK, J_NTILES, J_SCRATCH, J_SCRATCH_STRIDE, J_NCMAX, J_BPACKED, J_NEXT,
  J_PARTS, KSPLIT_TILES,
} from "./wasm-gemm";

/** Shapes of a convolution: x [N, C, H, W], w [O, C, kh, kw], y [N, O, oh, ow]. */
export interface ConvGeometry {
  N: number; C: number; H: number; W: number; O: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; oh: number; ow: number;
}

export type ConvJob = "forward" | "weight" | "input";

const MODES: Record<ConvJob, number> = { forward: 4, weight: 5, input: 6 };
// geometry fields after J_BPACKED, as enum in gemm.c
const J_CN = 29, J_CX = 41, J_CY = 42, J_CBIAS = 44;

/**
 * Run one convolution job into `out` (contiguous, fully overwritten). `a` and `b` are the
 * job's operands, contiguous: forward (x, w), weight (x, g), input (w, g). A forward job
 * may add a `bias` [O] to each output channel, image by image while the image's output is
 * in cache (one pass over the output fewer than adding it afterwards).
 * Returns false when the WebAssembly kernels are unavailable.
 */
export function wasmConv(job: ConvJob, g: ConvGeometry, a: MatrixView, b: MatrixView, out: Float64Array, bias?: MatrixView): boolean {
  const rt = getRuntime();
  if (!rt) return false;
  const { N, C, H, W, O } = g;
  const K = C * g.kh * g.kw, L = g.oh * g.ow;
  if (N === 0) return true;
  const heap = rt.heap;
  const temps: number[] = [];
  const J = JOB_ADDR >> 2;
  try {
    const x = job === "input" ? null : stage(rt, a, 1, N * C * H * W);
    const w = job === "weight" ? null : stage(rt, job === "input" ? a : b, 1, O * K);
    const grad = job === "forward" ? null : stage(rt, b, 1, N * O * L);
    const bs = job === "forward" && bias ? stage(rt, bias, 1, O) : null;
    for (const s of [x, w, grad, bs]) if (s?.temp) temps.push(s.temp);
    const outLen = job === "weight" ? O * K : out.length;
    const cPtr = heap.alloc(outLen * 8);
    temps.push(cPtr);
    const macs = N * O * K * L;
    const helpers = threadCount() > 1 && macs >= PARALLEL_MIN ? readyWorkers(rt) : 0;
    const nthreads = Math.min(threadCount(), 1 + helpers);
    // per thread: packing buffers, one image's columns
    const doubles = MC * KC + KC * NCMAX + 16 + K * L;
    const stride = Math.ceil(doubles / 2) * 16;
    const scratch = heap.alloc(stride * nthreads);
    temps.push(scratch);
    const I = heap.i32;
    // the product each image runs: A (rsA, csA) · B (rsB, csB), see conv_tile
    const [rsA, csA, rsB, csB] = job === "forward" ? [K, 1, L, 1] : job === "weight" ? [L, 1, 1, L] : [1, K, L, 1];
    I[J + J_MODE] = MODES[job];
    I[J + J_M] = O; I[J + J_N] = job === "weight" ? K : L; I[J + J_K] = job === "forward" ? K : job === "weight" ? L : O;
    I[J + J_A] = w ? w.ptr : 0; I[J + J_RSA] = rsA; I[J + J_CSA] = csA; I[J + J_RSB] = rsB; I[J + J_CSB] = csB;
    I[J + J_C] = cPtr; I[J + J_LDC] = K;
    // the weight job sums chunks of images, a partial each, in order: the same doubles whichever
    // thread took which chunk, and however many threads there were
    const chunk = job === "weight" ? Math.ceil(N / KSPLIT_TILES) : 1;
    const ntiles = Math.ceil(N / chunk);
    const parts = job === "weight" ? heap.alloc(ntiles * O * K * 8) : 0;
    if (parts) temps.push(parts);
    I[J + J_TILEK] = chunk; I[J + J_NTILES] = ntiles; I[J + J_PARTS] = parts;
    I[J + J_SCRATCH] = scratch; I[J + J_SCRATCH_STRIDE] = stride; I[J + J_NCMAX] = NCMAX;
    I[J + J_BPACKED] = 0; I[J + J_NEXT] = 0;
    const geo = [N, C, H, W, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.oh, g.ow];
    for (let i = 0; i < geo.length; i++) I[J + J_CN + i] = geo[i];
    I[J + J_CX] = x ? x.ptr : 0;
    I[J + J_CY] = grad ? grad.ptr : 0;
    I[J + J_CBIAS] = bs ? bs.ptr : 0;
    runJob(rt, nthreads > 1);
    if (job === "weight") rt.exports.reduce_tiles(JOB_ADDR);
    out.set(heap.f64.subarray(cPtr >> 3, (cPtr >> 3) + outLen));
  } finally {
    for (const t of temps) heap.release(t);
    unpinAll();
  }
  return true;
}
