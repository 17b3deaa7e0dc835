/**
 * The WebAssembly side of the fast kernels: picks the best module the runtime accepts
 * (relaxed SIMD with fused multiply-add, else plain SIMD, else none), owns the one shared
 * WebAssembly.Memory every thread works in, and a small first-fit allocator over it.
 *
 * Relaxed SIMD is detected with WebAssembly.validate. Node 20 ships it behind
 * --experimental-wasm-relaxed-simd; when validation fails we set that flag at run time
 * (before compiling, so workers inherit it) and validate again.
 */
import * as v8 from "v8";
import { wasmBase64 as simdB64 } from "./wasm/gemm-simd-wasm";
import { wasmBase64 as relaxedB64 } from "./wasm/gemm-relaxed-wasm";

export type WasmVariant = "relaxed" | "simd";

/** The parts of the WebAssembly API used here (the project's TypeScript lib has no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Instance: new (m: WasmModule, imports: object) => { exports: unknown };
}
const WebAssembly = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly!;

export interface WasmExports {
  run(job: number, tid: number): number;
  reduce_tiles(job: number): void;
  pack_quads(src: number, rs: number, cs: number, rows: number, cols: number, dst: number): void;
  im2col(img: number, cols: number, N: number, C: number, H: number, W: number, kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, oh: number, ow: number): void;
}

const PAGE = 65536;
/** Bytes below this hold the control words and the job record; the heap starts above. */
export const HEAP_BASE = 65536;
/** Memory maximum (pages): 2 GiB, matching the module's declared maximum. */
const MAX_PAGES = 32768;

export interface WasmRuntime {
  variant: WasmVariant;
  module: WasmModule;
  memory: WasmMemory;
  exports: WasmExports;
  heap: Heap;
}

let runtime: WasmRuntime | null | undefined;

function bytes(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, "base64"));
}

/** Which module variant this runtime can run (null: no WebAssembly SIMD). */
export function detectVariant(want: "auto" | WasmVariant = "auto"): WasmVariant | null {
  if (typeof WebAssembly !== "object" || WebAssembly === null || typeof SharedArrayBuffer !== "function") return null;
  if (want !== "simd") {
    const relaxed = bytes(relaxedB64);
    if (WebAssembly.validate(relaxed)) return "relaxed";
    try {
      v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
    } catch {
      /* flag unknown to this V8: keep plain SIMD */
    }
    if (WebAssembly.validate(relaxed)) return "relaxed";
    if (want === "relaxed") return null;
  }
  return WebAssembly.validate(bytes(simdB64)) ? "simd" : null;
}

/** The runtime, created on first use; null when WebAssembly SIMD or shared memory is missing. */
export function getRuntime(): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  const forced = process.env.GRADLAB_WASM;
  if (forced === "off") return null;
  const variant = detectVariant(forced === "simd" || forced === "relaxed" ? forced : "auto");
  if (!variant) return null;
  try {
    // compile the kernels optimised from the start: V8 otherwise runs new wasm code in its
    // baseline tier and swaps in optimised code only for later calls, and a long product is
    // one call (measured here: 256³ at 9 GFLOP/s instead of 14 on one thread, until warm).
    // And all of them now, on V8's background threads, rather than each on its first call:
    // compiled lazily, the 25 KB `run` was optimised once for the main thread and once more
    // for the worker (about 80 ms each), in the middle of the first iterations of a training
    // loop, which ran its products in baseline code meanwhile (logistic regression: 0.96 of
    // the time over 200 iterations; loading gradlab takes about 60 ms longer).
    for (const flag of ["--no-wasm-dynamic-tiering", "--no-wasm-lazy-compilation"]) {
      try {
        v8.setFlagsFromString(flag);
      } catch {
        /* flag unknown to this V8: keep its default */
      }
    }
    const module = new WebAssembly.Module(bytes(variant === "relaxed" ? relaxedB64 : simdB64));
    const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    runtime = { variant, module, memory, exports: instance.exports as unknown as WasmExports, heap: new Heap(memory) };
  } catch (e) {
    process.emitWarning(`gradlab: WebAssembly kernels unavailable (${(e as Error).message}); using the plain TypeScript kernels`);
    runtime = null;
  }
  return runtime;
}

/**
 * A best-fit allocator over the shared memory (16-byte aligned blocks), growing the
 * memory when nothing fits. Views of the memory are re-made after growth.
 */
export class Heap {
  private free: { ptr: number; size: number }[] = [];
  private sizes = new Map<number, number>();
  f64!: Float64Array;
  i32!: Int32Array;

  constructor(private memory: WasmMemory) {
    this.refresh();
    this.free.push({ ptr: HEAP_BASE, size: memory.buffer.byteLength - HEAP_BASE });
  }

  private refresh(): void {
    this.f64 = new Float64Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /** Bytes currently handed out. */
  get used(): number {
    let s = 0;
    for (const v of this.sizes.values()) s += v;
    return s;
  }

  /** A block of at least `bytes` bytes (best fit, so big free blocks stay whole); its address (a multiple of 16). */
  alloc(bytes: number): number {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i];
      if (f.size >= size && (best < 0 || f.size < this.free[best].size)) best = i;
    }
    if (best < 0) {
      this.grow(size);
      return this.alloc(bytes);
    }
    const f = this.free[best];
    const ptr = f.ptr;
    if (f.size === size) this.free.splice(best, 1);
    else {
      f.ptr += size;
      f.size -= size;
    }
    this.sizes.set(ptr, size);
    return ptr;
  }

  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`wasm heap: release of unknown block ${ptr}`);
    this.sizes.delete(ptr);
    let i = 0;
    while (i < this.free.length && this.free[i].ptr < ptr) i++;
    this.free.splice(i, 0, { ptr, size });
    // merge with the next, then the previous block
    if (i + 1 < this.free.length && ptr + size === this.free[i + 1].ptr) {
      this.free[i].size += this.free[i + 1].size;
      this.free.splice(i + 1, 1);
    }
    if (i > 0 && this.free[i - 1].ptr + this.free[i - 1].size === ptr) {
      this.free[i - 1].size += this.free[i].size;
      this.free.splice(i, 1);
    }
  }

  private grow(need: number): void {
    const oldBytes = this.memory.buffer.byteLength;
    const last = this.free[this.free.length - 1];
    const tailFree = last && last.ptr + last.size === oldBytes ? last.size : 0;
    const pages = Math.max(Math.ceil((need - tailFree) / PAGE), Math.ceil(oldBytes / PAGE / 4), 16);
    if (oldBytes / PAGE + pages > MAX_PAGES) {
      throw new RangeError(`matmul (wasm): needs ${(need / 2 ** 20).toFixed(0)} MB more of WebAssembly memory than its 2 GiB maximum allows`);
    }
    this.memory.grow(pages);
    this.refresh();
    const added = pages * PAGE;
    if (tailFree) last.size += added;
    else this.free.push({ ptr: oldBytes, size: added });
  }
}
