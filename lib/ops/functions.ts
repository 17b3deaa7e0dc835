/**
 * The op functions, as torch.* functions: each takes tensors (and plain numbers where a
 * tensor operand is expected) and is the same op as the Tensor method of that name.
 */
import { Tensor, TensorOrScalar } from "../tensor/tensor";
import { unary, binary } from "./elementwise";

export { clamp, log1p } from "./elementwise";
export { sum, mean, prod, max, min, argmax, argmin, all, any, variance as var_, std, norm } from "./reduce";
export { reshape, view, flatten, squeeze, unsqueeze, permute, transpose, t, expand, contiguous, clone, flip, narrow, select, cat, stack, split, index } from "./movement";
export type { Index } from "./movement";
export { where, gather, scatterAdd, indexSelect } from "./gather";
export { matmul, dot, outer, inv, det, slogdet } from "./linalg";
export { unfold, conv2d } from "./conv";
export { maxPool2d, avgPool2d } from "./pool";
export type { ConvOptions } from "./conv";
export type { PoolOptions } from "./pool";
export { to } from "./cast";
export { softmax, logSoftmax, logsumexp, mseLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, nllLoss } from "../nn/functional";
export type { Reduction } from "../nn/functional";

/** -x */
export const neg = (x: Tensor): Tensor => unary("neg", x);
/** eˣ */
export const exp = (x: Tensor): Tensor => unary("exp", x);
/** Natural logarithm. */
export const log = (x: Tensor): Tensor => unary("log", x);
export const sqrt = (x: Tensor): Tensor => unary("sqrt", x);
export const abs = (x: Tensor): Tensor => unary("abs", x);
export const sign = (x: Tensor): Tensor => unary("sign", x);
export const sin = (x: Tensor): Tensor => unary("sin", x);
export const cos = (x: Tensor): Tensor => unary("cos", x);
export const tan = (x: Tensor): Tensor => unary("tan", x);
export const asin = (x: Tensor): Tensor => unary("asin", x);
export const acos = (x: Tensor): Tensor => unary("acos", x);
export const atan = (x: Tensor): Tensor => unary("atan", x);
export const sinh = (x: Tensor): Tensor => unary("sinh", x);
export const cosh = (x: Tensor): Tensor => unary("cosh", x);
export const tanh = (x: Tensor): Tensor => unary("tanh", x);
/** 1 / (1 + e⁻ˣ) */
export const sigmoid = (x: Tensor): Tensor => unary("sigmoid", x);
/** max(x, 0); relu'(0) = 0 as PyTorch. */
export const relu = (x: Tensor): Tensor => unary("relu", x);

/**
 * a + b (either may be a number), broadcast.
 * @example
 * add(tensor([1, 2]), 10); // tensor([11., 12.])
 */
export const add = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("add", a, b);
export const sub = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("sub", a, b);
export const mul = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("mul", a, b);
export const div = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("div", a, b);
/** aᵇ; either may be a number. */
export const pow = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("pow", a, b);
export const maximum = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("maximum", a, b);
export const minimum = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("minimum", a, b);
export const gt = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("gt", a, b);
export const ge = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("ge", a, b);
export const lt = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("lt", a, b);
export const le = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("le", a, b);
export const eq = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("eq", a, b);
export const ne = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binary("ne", a, b);
