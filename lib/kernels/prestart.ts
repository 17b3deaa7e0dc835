/**
 * Start the kernels' worker pool as soon as gradlab is loaded, the way OpenBLAS starts its
 * threads when it is loaded. A Node worker takes 50–150 ms to boot here, and up to 250 ms
 * while the main thread is busy; started on the first large product instead, it missed the
 * first 100–200 iterations of a training loop, which then ran on one core. Workers are
 * unref'd and sleep until there is work. GRADLAB_THREADS=1 (or GRADLAB_POOL=lazy) keeps the
 * old behaviour: no workers, or workers started on the first product that can use them.
 */
import { getRuntime } from "./wasm-runtime";
import { readyWorkers, threadCount } from "./pool";

if (process.env.GRADLAB_POOL !== "lazy" && threadCount() > 1) {
  const rt = getRuntime();
  if (rt) readyWorkers(rt);
}
