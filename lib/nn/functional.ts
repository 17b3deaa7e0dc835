/**
 * Composite functions of networks (as torch.nn.functional): softmax, logSoftmax and the
 * losses. None has a rule of its own; their gradients come from the primitives. Where a
 * naive composition is unstable they subtract the max first (log-sum-exp trick).
 */
import { Tensor } from "../tensor/tensor";
import { ShapeError, formatShape, normDims } from "../tensor/shape";
import { binary, unary, clamp } from "../ops/elementwise";
import { sum, mean, max } from "../ops/reduce";
import { gather, where } from "../ops/gather";
import { squeeze, unsqueeze, transpose } from "../ops/movement";
import { matmul } from "../ops/linalg";
import { Generator, defaultGenerator } from "../tensor/random";

export type Reduction = "mean" | "sum" | "none";

function named(t: Tensor, name: string): Tensor {
  if (t.gradFn) t.gradFn.name = name;
  return t;
}

/** The max over dims as a constant (no gradient), with ±inf replaced by 0 so x - m stays finite. */
function shift(x: Tensor, dims: readonly number[]): Tensor {
  let m = x.detach();
  for (const d of dims) m = max(m, d, true);
  return where(unary("abs", m).lt(Infinity), m, 0);
}

/**
 * log Σ exp(x) over `dim`, stable for large x.
 * @example
 * logsumexp(tensor([1000, 1000]), 0); // tensor(1000.6931)
 */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  const dims = normDims("logsumexp", dim, x.ndim);
  const m = shift(x, dims);
  let out = binary("add", unary("log", sum(unary("exp", binary("sub", x, m)), dims, true)), m);
  if (!keepdim) for (const d of [...dims].reverse()) out = squeeze(out, d);
  return named(out, "LogsumexpBackward0");
}

/**
 * Softmax along `dim`: exp(x) / Σ exp(x), computed as exp(x - max) / Σ exp(x - max).
 * @example
 * softmax(tensor([1, 2, 3]), 0); // tensor([0.0900, 0.2447, 0.6652])
 */
export function softmax(x: Tensor, dim: number): Tensor {
  const dims = normDims("softmax", dim, x.ndim);
  const e = unary("exp", binary("sub", x, shift(x, dims)));
  return named(binary("div", e, sum(e, dims, true)), "SoftmaxBackward0");
}

/**
 * log softmax along `dim`: x - logsumexp(x).
 * @example
 * logSoftmax(tensor([1, 2, 3]), 0).exp().sum(); // tensor(1.0000)
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return named(binary("sub", x, logsumexp(x, dim, true)), "LogSoftmaxBackward0");
}

function reduce(loss: Tensor, reduction: Reduction, name: string): Tensor {
  if (reduction === "none") return loss;
  return named(reduction === "mean" ? mean(loss) : sum(loss), name);
}

function sameShapes(op: string, a: Tensor, b: Tensor): void {
  if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) {
    throw new ShapeError(`${op}: input ${formatShape(a.shape)} and target ${formatShape(b.shape)} must have the same shape`);
  }
}

/**
 * Mean squared error.
 * @example
 * mseLoss(tensor([1, 2]), tensor([0, 0])); // tensor(2.5000)
 */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  sameShapes("mseLoss", input, target);
  const d = binary("sub", input, target);
  return reduce(binary("mul", d, d), reduction, "MseLossBackward0");
}

/**
 * Binary cross-entropy of probabilities p against targets y in [0, 1] (a row of the op
 * table: the logs are clamped at -100 as PyTorch does, so p = 0 or 1 gives a finite loss).
 * @example
 * binaryCrossEntropy(tensor([0.8]), tensor([1])); // tensor(0.2231)
 */
export function binaryCrossEntropy(p: Tensor, y: Tensor, reduction: Reduction = "mean"): Tensor {
  sameShapes("binaryCrossEntropy", p, y);
  return reduce(binary("binaryCrossEntropy", p, y), reduction, "BinaryCrossEntropyBackward0");
}

/**
 * Binary cross-entropy on logits z (sigmoid inside), in the stable form
 * max(z, 0) - z·y + log(1 + e^{-|z|}).
 */
export function binaryCrossEntropyWithLogits(z: Tensor, y: Tensor, reduction: Reduction = "mean"): Tensor {
  sameShapes("binaryCrossEntropyWithLogits", z, y);
  const loss = binary("add", binary("sub", unary("relu", z), binary("mul", z, y)), unary("log", binary("add", 1, unary("exp", unary("neg", unary("abs", z))))));
  return reduce(loss, reduction, "BinaryCrossEntropyWithLogitsBackward0");
}

/** Negative log-likelihood of log-probabilities [N, C] at integer class targets [N]. */
export function nllLoss(logp: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  if (logp.ndim !== 2 || target.ndim !== 1 || target.shape[0] !== logp.shape[0]) {
    throw new ShapeError(`nllLoss: expects log-probabilities [N, C] and class indices [N] (got ${formatShape(logp.shape)} and ${formatShape(target.shape)})`);
  }
  const picked = squeeze(gather(logp, 1, unsqueeze(target, 1)), 1);
  return reduce(unary("neg", picked), reduction, "NllLossBackward0");
}

/**
 * Cross-entropy of logits [N, C] against class indices [N] (int) or class probabilities
 * [N, C]: logSoftmax then the negative log-likelihood.
 * @example
 * crossEntropy(tensor([[2, 0, 0]]), tensor([0], { dtype: "int32" })); // tensor(0.2395)
 */
export function crossEntropy(logits: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  if (logits.ndim !== 2) throw new ShapeError(`crossEntropy: expects logits of shape [N, C] (got ${formatShape(logits.shape)})`);
  const logp = logSoftmax(logits, 1);
  if (target.dtype === "int32") return named(nllLoss(logp, target, reduction), "NllLossBackward0");
  sameShapes("crossEntropy", logits, target);
  const loss = unary("neg", sum(binary("mul", target, logp), 1));
  return reduce(loss, reduction, "CrossEntropyBackward0");
}

/**
 * x·Wᵀ + b, as torch.nn.functional.linear (W of shape [out, in]).
 * @example
 * linear(ones([2, 3]), ones([4, 3])).shape; // [2, 4]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const y = matmul(x, transpose(weight, 0, 1));
  return bias ? binary("add", y, bias) : y;
}

/**
 * x for x > 0, slope·x otherwise (composed with `where`; the gradient at 0 is the slope, as PyTorch).
 * @example
 * leakyRelu(tensor([-1, 2]), 0.1); // tensor([-0.1000, 2.0000])
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return named(where(binary("gt", x, 0), x, binary("mul", x, negativeSlope)), "LeakyReluBackward0");
}

/**
 * Inverted dropout: zero each element with probability p and scale the rest by 1/(1-p)
 * when `training`; the identity otherwise. Draws from the seeded stream (or `generator`).
 * @example
 * manualSeed(0); dropout(ones([6]), 0.5); // some zeros, the rest 2
 */
export function dropout(x: Tensor, p = 0.5, training = true, generator?: Generator): Tensor {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout: p must be in [0, 1] (got ${p})`);
  if (!training || p === 0) return x;
  if (p === 1) return binary("mul", x, 0);
  const g = generator ?? defaultGenerator;
  const n = x.numel();
  const mask = new Float64Array(n);
  const scale = 1 / (1 - p);
  for (let i = 0; i < n; i++) mask[i] = g.random() < p ? 0 : scale;
  return binary("mul", x, Tensor.fromData(mask, [...x.shape], "float64").to(x.dtype));
}
