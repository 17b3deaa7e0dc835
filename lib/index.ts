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
// first, so that the library's own functions run as baseline code from their first call
import "./runtime/tiering";
// next, so the kernels' workers boot while the rest of the library loads
import "./kernels/prestart";
export { Tensor } from "./tensor/tensor";
export type { TensorOrScalar, Scalar, RemovableHandle } from "./tensor/tensor";
export type { DType } from "./tensor/dtype";
export { ShapeError } from "./tensor/shape";
export {
  tensor, zeros, ones, full, zerosLike, onesLike, fullLike, eye, arange, linspace, rand, randn, randint, randperm,
} from "./tensor/create";
export type { TensorOptions, NestedArray, RandomOptions } from "./tensor/create";
export { manualSeed, Generator } from "./tensor/random";
export { allclose, assertClose, CloseReport } from "./tensor/close";
export type { CloseOptions, Numeric } from "./tensor/close";

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

// rich display in the kernel (issue 4)
export { display, DisplayHandle, progress, Progress, mimeBundle, isDisplayable } from "./display/index";
export type { Display, DisplayOptions, HandleOptions, ProgressOptions, MimeBundle } from "./display/index";
export * as plot from "./plot/index";

// nn layers, optimizers, data sets, fast kernels (issue 10)
export * as nn from "./nn/index";
export * as optim from "./optim/index";
export * as data from "./data/index";
export * as kernels from "./kernels/index";

// functional transforms, forward vs reverse, gradient checks (issue 3)
export { grad, valueAndGrad, vjp, jvp, hvp, hessian } from "./autograd/functional";
export type { GradFnOptions } from "./autograd/functional";
export { jacobian } from "./autograd/jacobian";
export type { JacobianOptions } from "./autograd/jacobian";
export { gradcheck, GradcheckReport, GradcheckError } from "./autograd/gradcheck";
export type { GradcheckOptions, GradcheckEntry } from "./autograd/gradcheck";
export { check, CheckReport, CheckError } from "./autograd/check";
export type { CheckOptions, CheckRow, DerivativeFn, DerivativeValue, SymbolicDerivative } from "./autograd/check";
export { forwardVsReverse, ModeComparison } from "./autograd/modes";
export type { Accumulation } from "./autograd/modes";
export { drawGraph, GraphView } from "./graph/draw";
export type { DrawGraphOptions } from "./graph/draw";
export type { GraphVertex, GraphEdge, TracedGraph } from "./graph/trace";
export { mat } from "./matrix";
export type { MatExpr, Derivative as MatDerivative, VerifyReport as MatVerifyReport, Steps as MatSteps, Layout as MatLayout, DerivativeOptions as MatDerivativeOptions, VerifyOptions as MatVerifyOptions } from "./matrix";

export { sym } from "./symbolic";
export type { Expr, ExprLike, ParseError, Derivation, Step, Table, SumResult, IcpcAnswer, IntegrateOptions, LimitOptions, SeriesOptions, Assumptions } from "./symbolic";
