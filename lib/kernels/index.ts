/**
 * The compute kernels (exported as `kernels`): which matmul path runs and with how many
 * threads. WebAssembly SIMD (relaxed fused multiply-add where the runtime has it) on a
 * pool of workers sharing one memory; the plain TypeScript path is the reference.
 * @example
 * import { kernels } from "gradlab";
 * kernels.kernelInfo();          // { backend: "auto", wasm: { variant: "relaxed", threads: 2, ... } }
 * kernels.setKernelBackend("js"); // the plain TypeScript reference
 */
export { setKernelBackend, kernelBackend, kernelInfo, setThreadCount, threadCount } from "./matmul";
export type { KernelBackend } from "./matmul";
export { setResidentBudget } from "./wasm-gemm";
