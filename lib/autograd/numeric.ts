/** Finite differences for the derivative checks (gradcheck, check), and basis tensors. */
import { Tensor } from "../tensor/tensor";
import { allocate } from "../tensor/dtype";
import { numel } from "../tensor/shape";
import { noGrad } from "./mode";

/** A tensor like `like` (dtype) of this shape holding `values`. */
export function withValues(like: Tensor, shape: readonly number[], values: ArrayLike<number>): Tensor {
  const d = allocate(like.dtype, values.length);
  d.set(values);
  return Tensor.fromData(d, shape.slice(), like.dtype);
}

/** The basis tensor e_i: zeros of this shape with a one at flat position i. */
export function basis(shape: readonly number[], i: number, like: Tensor): Tensor {
  const d = allocate(like.dtype, numel(shape));
  d[i] = 1;
  return Tensor.fromData(d, shape.slice(), like.dtype);
}

/**
 * The Jacobian of each output of f with respect to input k by central differences, one
 * m×n row-major block per output (rows = output elements). `order` 2 is (f(x+h) − f(x−h)) / 2h,
 * as torch.autograd.gradcheck; 4 is (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h.
 */
export function centralDifferences(f: (...xs: Tensor[]) => Tensor[], xs: readonly Tensor[], k: number, h: number, order: 2 | 4): Float64Array[] {
  const x = xs[k];
  const n = x.numel();
  const x0 = x.toFloat64Array();
  const at = (j: number, step: number) => {
    const v = x0.slice();
    v[j] += step;
    const args = xs.slice();
    args[k] = withValues(x, x.shape, v);
    return noGrad(() => f(...args)).map((y) => y.toFloat64Array());
  };
  let blocks: Float64Array[] | null = null;
  for (let j = 0; j < n; j++) {
    const p1 = at(j, h), m1 = at(j, -h);
    const p2 = order === 4 ? at(j, 2 * h) : null, m2 = order === 4 ? at(j, -2 * h) : null;
    blocks ??= p1.map((y) => new Float64Array(y.length * n));
    blocks.forEach((J, o) => {
      for (let i = 0; i < p1[o].length; i++) {
        J[i * n + j] = order === 2 ? (p1[o][i] - m1[o][i]) / (2 * h) : (-p2![o][i] + 8 * p1[o][i] - 8 * m1[o][i] + m2![o][i]) / (12 * h);
      }
    });
  }
  return blocks ?? noGrad(() => f(...xs)).map(() => new Float64Array(0));
}
