/**
 * The bridge between the library and the gradlab kernel. The kernel (kernel/launcher)
 * puts an object under `globalThis[Symbol.for("gradlab.kernel")]`; the library looks it up
 * at call time, so lib/ never imports kernel code and works the same in a plain Node script
 * (where the hook is absent and display falls back to text on stdout).
 */
import type { MimeBundle } from "./mime";

/** The key of the kernel hook on `globalThis`. */
export const KERNEL_HOOK: unique symbol = Symbol.for("gradlab.kernel") as any;

/** What the kernel offers the library. */
export interface KernelHook {
  /**
   * Send a `display_data` message (or `update_display_data` when `update` is true) with all
   * of the bundle's MIME types. `displayId` goes in `transient.display_id`.
   */
  displayData(bundle: MimeBundle, metadata?: Record<string, unknown>, displayId?: string, update?: boolean): void;
  /** The execution count of the cell running now (0 before the first cell). */
  executionCount(): number;
  /**
   * Put a page-level library (e.g. plotly.js) into the output before the next output, when the
   * page needs it: the first time in the kernel session, and again when the cell that carried
   * it is run again (running a cell clears its outputs, and with them the library).
   */
  pageLibrary?(key: string, bundle: () => MimeBundle): void;
  /** Forget that `key` was sent, so the next `pageLibrary(key, ...)` sends it again. */
  resetPageLibrary?(key: string): void;
}

/** The running kernel's hook, or undefined outside the gradlab kernel. */
export function kernelHook(): KernelHook | undefined {
  const hook = (globalThis as any)[KERNEL_HOOK];
  return hook && typeof hook.displayData === "function" ? (hook as KernelHook) : undefined;
}
