/**
 * gradlab: float64 tensors with PyTorch-style autograd, forward mode, functional
 * transforms, a symbolic engine and plots, for learning differentiation.
 *
 * @example
 * import { tensor } from "gradlab";
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * const y = x.mul(x).sum();
 * y.backward();
 * x.grad; // tensor([2., 4., 6.])
 */
export { Tensor } from "./tensor/tensor";
export type { TensorOrScalar, Scalar, RemovableHandle } from "./tensor/tensor";
export type { DType } from "./tensor/dtype";
export { ShapeError } from "./tensor/shape";
export {
  tensor, zeros, ones, full, zerosLike, onesLike, fullLike, eye, arange, linspace, rand, randn, randint, randperm,
} from "./tensor/create";
export type { TensorOptions, NestedArray, RandomOptions } from "./tensor/create";
export { manualSeed, Generator } from "./tensor/random";

export { noGrad, enableGrad, isGradEnabled, detectAnomaly } from "./autograd/mode";
export { backward, grad as autogradGrad } from "./autograd/engine";
export type { BackwardOptions, GradOptions } from "./autograd/engine";
export { Node } from "./autograd/node";
export type { GradHook } from "./autograd/node";
export { dualLevel, makeDual, tangentOf } from "./autograd/levels";

export * from "./ops/functions";
export * as F from "./nn/functional";
export type { Algebra, Fns } from "./ops/algebra";
export { unaryOps } from "./ops/unary";
export type { UnaryName } from "./ops/unary";
export { binaryOps } from "./ops/binary";
export type { BinaryName } from "./ops/binary";
export type { UnaryRow, BinaryRow, OpRow, Domain } from "./ops/row";
