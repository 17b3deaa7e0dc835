/** Shared by the kernel tests. */
import { kernels } from "../../lib/index";

/** Run `f` with one kernel backend, restoring the previous setting. */
export function withBackend<T>(b: kernels.KernelBackend, f: () => T): T {
  const prev = kernels.setKernelBackend(b);
  try {
    return f();
  } finally {
    kernels.setKernelBackend(prev);
  }
}
