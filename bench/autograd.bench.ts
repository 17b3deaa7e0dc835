/** Autograd overhead benchmarks (issue 2): small tensors and long scalar chains vs PyTorch. */
import { Benchmark, python, timeit } from "./harness";
// the built package, as users load it (tsx would add getters to every import)
import type { Tensor } from "../lib/index";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { randn, tensor } = require("../dist/lib/index") as typeof import("../lib/index");

let ref: { overhead_us: number; chain_us: number; torch: string } | null | undefined;
const reference = () => (ref === undefined ? (ref = python<{ overhead_us: number; chain_us: number; torch: string }>("autograd_ref.py")) : ref);

export const benchmarks: Benchmark[] = [
  {
    name: "autograd-overhead",
    unit: "µs/iter",
    run() {
      const x = randn([10]).requiresGrad_();
      const us = timeit(() => {
        const y = x.mul(2).add(1).sin().sum();
        y.backward();
      }, { warmupMs: 3000 });
      const r = reference();
      return { gradlab: us, reference: r?.overhead_us ?? null, referenceName: `PyTorch ${r?.torch ?? ""}`.trim(), higherIsBetter: false, extra: { what: "forward+backward of sum(sin(2x+1)), x: 10 float64" } };
    },
  },
  {
    name: "scalar-chain-10k",
    unit: "ms",
    run() {
      const s = tensor(1, { requiresGrad: true });
      const us = timeit(() => {
        let y: Tensor = s;
        for (let i = 0; i < 10000; i++) y = i % 2 ? y.mul(1.0001) : y.add(0.0001);
        y.backward();
      }, { minMs: 2000, batches: 5 });
      const r = reference();
      return { gradlab: us / 1000, reference: r ? r.chain_us / 1000 : null, referenceName: `PyTorch ${r?.torch ?? ""}`.trim(), higherIsBetter: false, extra: { what: "10,000 alternating mul/add on a 0-d tensor, forward+backward" } };
    },
  },
];
