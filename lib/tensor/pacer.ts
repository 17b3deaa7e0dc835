/**
 * Collection pacing for large tensor storage.
 *
 * PyTorch frees a tensor's memory the moment its last reference goes; V8 frees an
 * ArrayBuffer only when a garbage collection finds it dead, and it starts one for external
 * memory only after about 64 MB more of it. A training loop that makes 1 MB of
 * intermediate tensors an iteration therefore writes each result into memory it has not
 * touched for 64 MB: fresh pages at first (a page fault per 4 KB, 2–4 µs each on this VM:
 * 8,000 faults in 200 iterations of logistic regression on 10,000 × 100), then blocks long
 * gone from the cache.
 *
 * So every `PACE` bytes of large storage, gradlab asks V8 for a young-generation collection
 * (a scavenge: it visits only live young objects, 0.1–0.6 ms in a training loop), which
 * frees the dead intermediates of the last few steps. Their blocks are reused at once, warm
 * in the cache and already mapped (the kernel's malloc settings keep freed memory).
 * Measured here, 200 logistic-regression iterations interleaved with the unpaced build
 * (GRADLAB_GC_PACE_MB=0), six sets of 10–14 rounds: 0.88–0.99 of the time with 4 MB, most
 * sets 0.93–0.96; page faults in the loop 8,300 → about 1,300.
 *
 * GRADLAB_GC_PACE_MB sets the pace (default 4; 0 turns pacing off). Without a way to ask
 * for a collection (another runtime than Node), nothing is paced.
 */
import * as v8 from "v8";
import * as vm from "vm";

/** Allocations from this size on are counted (smaller ones come from slabs). */
export const PACED_MIN_BYTES = 1 << 15;
/**
 * Allocations above this size (a core's L2 cache here) are not counted: a block that large
 * is not warm when reused anyway, and a convolution's 16 MB activations would otherwise ask
 * for a collection at nearly every allocation, for no gain (a UFLDL conv2d step took 1.02×
 * the time with every size counted, within this VM's noise).
 */
export const PACED_MAX_BYTES = 1 << 20;

const DEFAULT_PACE_MB = 4;

type MinorGc = (options: { type: "minor" }) => void;

let collect: MinorGc | null | undefined;
let pace = 0;
let since = 0;

/** @internal Collections asked for so far (tests check that pacing runs). */
export const paced = { collections: 0 };

/** V8's gc function, exposed to a fresh context (the flag only affects contexts made after it). */
function minorGc(): MinorGc | null {
  const env = process.env.GRADLAB_GC_PACE_MB;
  const mb = env === undefined || env === "" ? DEFAULT_PACE_MB : Number(env);
  pace = Number.isFinite(mb) && mb > 0 ? mb * 2 ** 20 : 0;
  if (pace === 0) return null;
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as MinorGc) : null;
  } catch {
    return null;
  }
}

/** Count `bytes` of new storage, and collect the young generation every `pace` bytes of counted blocks. */
export function noteAllocation(bytes: number): void {
  if (bytes < PACED_MIN_BYTES || bytes > PACED_MAX_BYTES) return;
  if (collect === undefined) collect = minorGc();
  if (collect === null) return;
  since += bytes;
  if (since >= pace) {
    since = 0;
    paced.collections++;
    collect({ type: "minor" });
  }
}
