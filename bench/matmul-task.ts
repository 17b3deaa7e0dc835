/**
 * gradlab's side of the matmul benchmarks (bench/matmul.bench.ts): GFLOP/s of one size in
 * this process. The benchmark runs this file as plain JavaScript (harness.ts `runTask`), so
 * its only runtime imports are Node's own, task-lib.ts and gradlab's built package.
 *
 * Run alone: node --import tsx bench/matmul-task.ts N  (prints one JSON line).
 */
import { lib, median } from "./task-lib";

/** gradlab's side, in this process: GFLOP/s of C = A·B for n×n, median over ≥ 1 s. */
function measure(n: number, seconds = 1): Record<string, unknown> {
  const { randn, matmul, manualSeed, kernels } = lib();
  manualSeed(0);
  const a = randn([n, n]), b = randn([n, n]);
  for (let i = 0; i < 3; i++) matmul(a, b);
  // let the worker pool come up and the WebAssembly's background compile finish before timing
  const until = Date.now() + 2000;
  while (Date.now() < until) matmul(a, b);
  const reps = Math.max(1, Math.round(2e8 / n ** 3));
  const rates: number[] = [];
  const end = performance.now() + seconds * 1e3;
  while (performance.now() < end || rates.length < 5) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) matmul(a, b);
    rates.push((2 * n ** 3 * reps) / ((performance.now() - t0) / 1e3) / 1e9);
  }
  rates.sort((x, y) => x - y);
  return { gflops: median(rates), best: rates[rates.length - 1], kernels: kernels.kernelInfo(), rss_mb: process.resourceUsage().maxRSS / 1024 };
}

if (require.main === module) {
  console.log(JSON.stringify(measure(Number(process.argv[2]))));
  process.exit(0);
}
