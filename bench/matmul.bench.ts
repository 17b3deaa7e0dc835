/**
 * float64 matmul GFLOP/s at n = 256, 512, 1024: gradlab's kernels (WebAssembly SIMD,
 * relaxed FMA when available, on all cores) vs numpy/OpenBLAS, measured in alternating
 * rounds (a fresh process each) so both see the same machine load; medians reported.
 * gradlab's side runs with the malloc settings of its kernel (MALLOC_ENV in
 * kernel/kernelspec.ts: an 8 MB result reuses freed memory instead of faulting in fresh
 * pages, about 8 ms of a 1024 product here). numpy is measured as it runs by default (the
 * headline) and, in the same rounds, with those same settings (`referenceSameMalloc*`).
 * gradlab's side is bench/matmul-task.ts, run as plain JavaScript in a fresh process per round.
 */
import * as path from "path";
import { Benchmark, Measurement, python, runTask } from "./harness";
import { MALLOC_ENV } from "../kernel/kernelspec";
import { median } from "./task-lib";

/**
 * Rounds per size: nine, as logistic regression's. Single rounds here fall into two speeds
 * on each side, independently (one run at 512: gradlab 42–43 or 48–49 GFLOP/s, numpy 80–82
 * or 102–105), so a median of five could land on either pair: ratios of medians of 0.42,
 * 0.46 and 0.53 in three runs of one hour, while each side's best round stayed within 0.46–0.47.
 */
const ROUNDS = 9;

/** gradlab's side in a fresh plain `node` (bench/matmul-task.ts), with the malloc settings its kernel runs with (MALLOC_ENV). */
function child(n: number): Record<string, any> {
  return runTask(path.join(__dirname, "matmul-task.ts"), [String(n)], MALLOC_ENV);
}

function bench(n: number): Benchmark {
  return {
    name: `matmul-f64-${n}`,
    unit: "GFLOP/s",
    run(): Measurement {
      const ours: number[] = [], ref: number[] = [], same: number[] = [], ratios: number[] = [];
      let info: Record<string, any> = {}, refInfo: Record<string, any> | null = null;
      for (let r = 0; r < ROUNDS; r++) {
        const p = python<{ gflops: number; threads: number; rss_mb: number; best: number }>("matmul_numpy.py", [String(n), "1"]);
        const q = python<{ gflops: number }>("matmul_numpy.py", [String(n), "1"], MALLOC_ENV);
        if (q) same.push(q.gflops);
        info = child(n);
        ours.push(info.gflops);
        if (p) {
          refInfo = p;
          ref.push(p.gflops);
          ratios.push(info.gflops / p.gflops);
        }
      }
      return {
        gradlab: median(ours),
        reference: ref.length ? median(ref) : null,
        referenceName: "numpy/OpenBLAS",
        higherIsBetter: true,
        extra: {
          rounds: ROUNDS, gradlabRounds: ours, referenceRounds: ref, medianRatioPerRound: ratios.length ? median(ratios) : null,
          referenceSameMallocGflops: same.length ? median(same) : null, referenceSameMallocRounds: same,
          variant: info.kernels?.wasm?.variant ?? "js", threads: info.kernels?.wasm?.threads ?? 1, gradlabPeakRssMb: info.rss_mb,
          referenceThreads: refInfo?.threads, referencePeakRssMb: refInfo?.rss_mb,
        },
      };
    },
  };
}

export const benchmarks: Benchmark[] = [bench(256), bench(512), bench(1024)];
