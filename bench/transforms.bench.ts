/**
 * Functional-transform benchmarks (issue 3): the Jacobian of a 100 → 100 elementwise-plus-
 * matmul function, f(x) = tanh(W·x + b) ⊙ x, by reverse and forward mode, against
 * torch.autograd.functional.jacobian(vectorize=True) measured in the same run.
 */
import { Benchmark, python, timeit } from "./harness";
import type { Tensor } from "../lib/index";
// the built package, as users load it (tsx would add getters to every import)
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { tensor, jacobian } = require("../dist/lib/index") as typeof import("../lib/index");

const N = 100;
type Ref = { rev_us: number; fwd_us: number; sum: number; abs_sum: number; torch: string };

// the same inputs as bench/py/transforms_jacobian.py, from closed formulas
const W = tensor(Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => Math.sin(i * N + j) / 10)));
const b = tensor(Array.from({ length: N }, (_, i) => Math.cos(i)));
const x = tensor(Array.from({ length: N }, (_, i) => Math.sin(0.3 * i)));
const f = (v: Tensor) => W.matmul(v).add(b).tanh().mul(v);

/**
 * Both sides are measured twice, interleaved (gradlab, PyTorch, gradlab, PyTorch), and the
 * better figure of each side is kept: the machine is shared, and a burst of load during
 * one side's turn would otherwise decide the ratio.
 */
function run(mode: "rev" | "fwd", key: "rev_us" | "fwd_us") {
  const J = jacobian(f, x, { mode });
  const time = () => timeit(() => jacobian(f, x, { mode }));
  const g1 = time();
  const r1 = python<Ref>("transforms_jacobian.py", [String(N)]);
  const g2 = time();
  const r2 = r1 && python<Ref>("transforms_jacobian.py", [String(N)]);
  const r = r2 ?? r1;
  const perPass = timeit(() => jacobian(f, x, { mode, vectorize: false }), { minMs: 1000, batches: 3 });
  const sum = J.sum().item();
  const absSum = J.abs().sum().item();
  return {
    gradlab: Math.min(g1, g2),
    reference: r1 ? Math.min(r1[key], r2?.[key] ?? Infinity) : null,
    referenceName: `PyTorch ${r?.torch ?? ""} jacobian(vectorize=True${mode === "fwd" ? ", forward-mode" : ""})`,
    higherIsBetter: false,
    extra: {
      what: `${mode === "rev" ? "reverse" : "forward"} mode, f(x) = tanh(Wx + b)·x, x: ${N} float64, one batched pass`,
      gradlab_runs_us: [g1, g2],
      reference_runs_us: [r1?.[key] ?? null, r2?.[key] ?? null],
      unbatched_us: perPass,
      agrees_with_torch: r ? Math.abs(sum - r.sum) < 1e-9 * r.abs_sum && Math.abs(absSum - r.abs_sum) < 1e-9 * r.abs_sum : null,
    },
  };
}

export const benchmarks: Benchmark[] = [
  { name: "jacobian-100", unit: "µs", run: () => run("rev", "rev_us") },
  { name: "jacobian-100-fwd", unit: "µs", run: () => run("fwd", "fwd_us") },
];
