/** A stand-in for the kernel hook (what kernel/launcher installs), recording every call. */
import { KERNEL_HOOK, KernelHook } from "../../lib/display/kernel";
import type { MimeBundle } from "../../lib/display/mime";

export interface Sent {
  bundle: MimeBundle;
  metadata: Record<string, unknown>;
  displayId?: string;
  update: boolean;
}

/** Install a recording hook; `uninstall()` removes it. */
export function fakeKernel(options: { pageLibrary?: boolean } = {}) {
  const sent: Sent[] = [];
  const libraries: string[] = [];
  const hook: KernelHook = {
    displayData: (bundle, metadata = {}, displayId, update = false) => void sent.push({ bundle, metadata, displayId, update }),
    executionCount: () => 7,
  };
  if (options.pageLibrary) {
    hook.pageLibrary = (key, bundle) => {
      libraries.push(key);
      sent.push({ bundle: bundle(), metadata: {}, update: false });
    };
    hook.resetPageLibrary = () => undefined;
  }
  (globalThis as any)[KERNEL_HOOK] = hook;
  return {
    sent,
    libraries,
    uninstall: () => delete (globalThis as any)[KERNEL_HOOK],
  };
}
