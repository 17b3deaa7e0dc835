/** dtype conversion (a primitive: gradients flow between float dtypes) and scalar tensors. */
import { Tensor } from "../tensor/tensor";
import { DType, allocate, isFloat } from "../tensor/dtype";
import { convert } from "../tensor/strided";
import type { OpRow } from "./row";
import { apply } from "./dispatch";

/** @internal A 0-d tensor holding one value. */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = dtype === "bool" ? (value ? 1 : 0) : value;
  return Tensor.fromData(data, [], dtype);
}

/** Convert a tensor's elements to another dtype (values copied). */
export const toRow: OpRow<{ dtype: DType }> = {
  gradFn: "ToCopyBackward0",
  forward: ([x], { dtype }) => Tensor.fromData(convert(x.values(), dtype), x.shape.slice(), dtype),
  // d(to(x)) = to(dx): linear, its transpose converts back
  jvp: ([dx], { params }) => to(dx!, params.dtype),
  vjp: (ct, { dtypes }) => [to(ct, dtypes[0])],
  saves: [],
  test: [{ shapes: [[2, 3]], params: { dtype: "float32" } }],
};

/**
 * Convert to `dtype`. Between float dtypes the gradient flows (converted back);
 * to int32 or bool the result no longer requires grad.
 * @example
 * tensor([1.7, -2.2]).to("int32"); // tensor([ 1, -2], dtype=int32)
 */
export function to(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  if (!isFloat(dtype)) return toRow.forward([x], { dtype });
  return apply(toRow, [x], { dtype });
}
