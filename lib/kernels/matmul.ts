/**
 * Which matrix-multiply kernel runs: the WebAssembly SIMD kernels (multi-threaded for
 * large products) when the runtime has them and the product is big enough to pay for
 * staging, else the plain TypeScript reference. `setKernelBackend` forces one (tests
 * compare the two; notebooks can show the difference).
 */
import { gemmStrided } from "./gemm";
import { MatrixView, wasmGemm, wasmInfo } from "./wasm-gemm";
import { getRuntime } from "./wasm-runtime";
import { setThreadCount, threadCount } from "./pool";

export type KernelBackend = "auto" | "js" | "wasm";

let backend: KernelBackend = (process.env.GRADLAB_KERNELS as KernelBackend) || "auto";

/** Products with fewer multiply-adds than this stay in TypeScript under "auto". */
export const WASM_MIN = 8192;

/**
 * Choose the matmul kernel: "auto" (default: WebAssembly when available and the product
 * is large enough), "js" (the plain TypeScript reference) or "wasm" (always WebAssembly
 * when available). Returns the previous setting.
 * @example
 * import { kernels } from "gradlab";
 * const prev = kernels.setKernelBackend("js"); // reference kernels only
 * kernels.setKernelBackend(prev);
 */
export function setKernelBackend(b: KernelBackend): KernelBackend {
  if (b !== "auto" && b !== "js" && b !== "wasm") throw new RangeError(`setKernelBackend: expects "auto", "js" or "wasm" (got ${String(b)})`);
  const prev = backend;
  backend = b;
  return prev;
}

/** The current backend setting. */
export function kernelBackend(): KernelBackend {
  return backend;
}

/**
 * What the kernels run with: the WebAssembly variant ("relaxed" = fused multiply-add,
 * "simd", or null when only TypeScript is available), threads and memory.
 * @example
 * import { kernels } from "gradlab";
 * kernels.kernelInfo(); // { backend: "auto", wasm: { variant: "relaxed", threads: 2, ... } }
 */
export function kernelInfo(): { backend: KernelBackend; wasm: ReturnType<typeof wasmInfo> } {
  return { backend, wasm: wasmInfo() };
}

export { setThreadCount, threadCount };
export type { MatrixView };

/**
 * C (row-major m×n from cOff) = A (m×k strided view) · B (k×n strided view), for `batch`
 * products: item b reads A.off + b·sa and B.off + b·sb (0 broadcasts) and writes
 * C from cOff + b·m·n.
 */
export function matmulInto(
  A: MatrixView, B: MatrixView, C: Float64Array | { [i: number]: number }, cOff: number, m: number, k: number, n: number,
  batch = 1, sa = 0, sb = 0,
): void {
  const useWasm = backend === "wasm" || (backend === "auto" && batch * m * n * k >= WASM_MIN);
  if (useWasm && C instanceof Float64Array && getRuntime() && wasmGemm(A, B, C, cOff, m, k, n, batch, sa, sb)) return;
  for (let b = 0; b < batch; b++) {
    gemmStrided(A.data, A.off + b * sa, A.rs, A.cs, B.data, B.off + b * sb, B.rs, B.cs, C, cOff + b * m * n, m, k, n);
  }
}
