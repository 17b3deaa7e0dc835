/**
 * Selection primitives: where (elementwise select), gather and its transpose scatterAdd.
 * indexSelect is composed from gather.
 */
import { Tensor, TensorOrScalar } from "../tensor/tensor";
import { DType, allocate, promote } from "../tensor/dtype";
import { ShapeError, broadcastShapes, formatShape, normDim, numel, contiguousStrides } from "../tensor/shape";
import type { OpRow } from "./row";
import { apply } from "./dispatch";
import { operand } from "./elementwise";
import { expandTo } from "./movement";

// ------------------------------------------------------------------ where

export const whereRow: OpRow<null> = {
  gradFn: "WhereBackward0",
  forward: ([c, a, b]) => {
    const shape = broadcastShapes("where", broadcastShapes("where", c.shape, a.shape), b.shape);
    const dtype: DType = promote(a.dtype, b.dtype);
    const cv = expandTo(c, shape).values();
    const out = allocate(dtype, cv.length);
    // a one-element branch (a constant such as clamp's bound) is read once, not expanded
    if (a.numel() === 1 || b.numel() === 1) {
      const av = a.numel() === 1 ? null : expandTo(a, shape).values();
      const bv = b.numel() === 1 ? null : expandTo(b, shape).values();
      const a0 = a.storage.data[a.offset], b0 = b.storage.data[b.offset];
      for (let i = 0; i < cv.length; i++) out[i] = cv[i] ? (av === null ? a0 : av[i]) : bv === null ? b0 : bv[i];
    } else {
      const av = expandTo(a, shape).values();
      const bv = expandTo(b, shape).values();
      for (let i = 0; i < cv.length; i++) out[i] = cv[i] ? av[i] : bv[i];
    }
    return Tensor.fromData(out, shape, dtype);
  },
  // d(c ? a : b) = c ? da : db
  jvp: ([, da, db], { inputs, out }) => where(inputs[0]!, da ?? 0, db ?? 0).expand(out!.shape),
  // transpose: the cotangent goes to the branch that was selected
  vjp: (ct, { inputs, needs }) => [null, needs[1] ? where(inputs[0]!, ct, 0) : null, needs[2] ? where(inputs[0]!, 0, ct) : null],
  saves: [0],
  nondiff: [0],
  broadcasts: true,
  test: [{ shapes: [[3, 4], [3, 4], [3, 4]], params: null, ints: { 0: 2 } }, { shapes: [[3, 1], [4], [3, 4]], params: null, ints: { 0: 2 } }],
};

/**
 * Elementwise select: `cond ? a : b`, broadcast together. Gradients flow to the selected branch.
 * @example
 * const x = tensor([-1, 2, -3]);
 * where(x.gt(0), x, 0); // tensor([0., 2., 0.])
 */
export function where(cond: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const ta = operand(a, b instanceof Tensor ? b : cond);
  const tb = operand(b, ta);
  return apply(whereRow, [cond, ta, tb], null);
}

// ------------------------------------------------------------------ gather / scatterAdd

export interface DimParam {
  dim: number;
}

function indexValues(op: string, index: Tensor, bound: number): Int32Array {
  const v = index.values();
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    let k = v[i];
    if (!Number.isInteger(k)) throw new TypeError(`${op}: index values must be integers (got ${k})`);
    if (k < -bound || k >= bound) throw new RangeError(`${op}: index ${k} is out of bounds for a dimension of size ${bound}`);
    if (k < 0) k += bound;
    out[i] = k;
  }
  return out;
}

function checkIndexShape(op: string, x: readonly number[], index: readonly number[], dim: number): void {
  if (index.length !== x.length) {
    throw new ShapeError(`${op}: index must have as many dimensions as the input (index ${formatShape(index)}, input ${formatShape(x)})`);
  }
  for (let d = 0; d < x.length; d++) {
    if (d !== dim && index[d] > x[d]) {
      throw new ShapeError(`${op}: index ${formatShape(index)} is larger than the input ${formatShape(x)} in dimension ${d}`);
    }
  }
}

/** Map each element of `index` (row-major) to its flat offset in a contiguous tensor of `shape`. */
function offsets(shape: readonly number[], ishape: readonly number[], dim: number, idx: Int32Array): Int32Array {
  const strides = contiguousStrides(shape);
  const n = idx.length;
  const out = new Int32Array(n);
  const nd = ishape.length;
  const pos = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let d = 0; d < nd; d++) off += (d === dim ? idx[i] : pos[d]) * strides[d];
    out[i] = off;
    for (let d = nd - 1; d >= 0; d--) {
      if (++pos[d] < ishape[d]) break;
      pos[d] = 0;
    }
  }
  return out;
}

export const gatherRow: OpRow<DimParam> = {
  gradFn: "GatherBackward0",
  forward: ([x, index], { dim }) => {
    checkIndexShape("gather", x.shape, index.shape, dim);
    const off = offsets(x.shape, index.shape, dim, indexValues("gather", index, x.shape[dim]));
    const xv = x.values();
    const out = allocate(x.dtype, off.length);
    for (let i = 0; i < off.length; i++) out[i] = xv[off[i]];
    return Tensor.fromData(out, index.shape.slice(), x.dtype);
  },
  // linear in x: gather the tangent
  jvp: ([dx], { inputs, params }) => apply(gatherRow, [dx!, inputs[1]!], params),
  // transpose: scatter-add the cotangent back
  vjp: (ct, { inputs, shapes, params, dtypes }) => [scatterAdd(zerosOf(shapes[0], dtypes[0]), params.dim, inputs[1]!, ct), null],
  saves: [1],
  nondiff: [1],
  test: [{ shapes: [[3, 4], [3, 2]], params: { dim: 1 }, ints: { 1: 4 } }, { shapes: [[3, 4], [5, 4]], params: { dim: 0 }, ints: { 1: 3 } }],
};

export const scatterAddRow: OpRow<DimParam> = {
  gradFn: "ScatterAddBackward0",
  forward: ([base, index, src], { dim }) => {
    checkIndexShape("scatterAdd", base.shape, index.shape, dim);
    if (src.shape.length !== index.shape.length || index.shape.some((s, d) => s > src.shape[d])) {
      throw new ShapeError(`scatterAdd: src ${formatShape(src.shape)} must be at least as large as index ${formatShape(index.shape)}`);
    }
    const off = offsets(base.shape, index.shape, dim, indexValues("scatterAdd", index, base.shape[dim]));
    const dtype = promote(base.dtype, src.dtype);
    const out = allocate(dtype, numel(base.shape));
    out.set(base.values());
    const sv = src.shape.every((s, d) => s === index.shape[d]) ? src.values() : src.index(...index.shape.map((s) => `:${s}`)).values();
    for (let i = 0; i < off.length; i++) out[off[i]] += sv[i];
    return Tensor.fromData(out, base.shape.slice(), dtype);
  },
  // linear in (base, src)
  jvp: ([db, , ds], { inputs, shapes, dtypes, params }) =>
    apply(scatterAddRow, [db ?? zerosOf(shapes[0], dtypes[0]), inputs[1]!, ds ?? zerosOf(shapes[2], dtypes[2])], params),
  // transpose: base gets the cotangent, src gathers it
  vjp: (ct, { inputs, params, needs }) => [needs[0] ? ct : null, null, needs[2] ? apply(gatherRow, [ct, inputs[1]!], params) : null],
  saves: [1],
  nondiff: [1],
  test: [{ shapes: [[3, 4], [3, 2], [3, 2]], params: { dim: 1 }, ints: { 1: 4 } }],
};

function zerosOf(shape: readonly number[], dtype: DType): Tensor {
  return Tensor.fromData(allocate(dtype, numel(shape)), shape.slice(), dtype);
}

function toIndex(index: Tensor | readonly number[]): Tensor {
  return index instanceof Tensor ? index : Tensor.fromData(Int32Array.from(index), [index.length], "int32");
}

/**
 * Values along `dim` at the positions in `index` (as torch.gather):
 * out[i][j] = x[i][index[i][j]] for dim = 1.
 * @example
 * gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1], [0]], { dtype: "int32" })); // tensor([[2.], [3.]])
 */
export function gather(x: Tensor, dim: number, index: Tensor | readonly number[]): Tensor {
  return apply(gatherRow, [x, toIndex(index)], { dim: normDim("gather", dim, x.ndim) });
}

/**
 * `base` with `src` added at the positions in `index` along `dim` (as torch.scatter_add, out of place).
 * @example
 * scatterAdd(zeros([3]), 0, tensor([0, 2, 0], { dtype: "int32" }), tensor([1, 2, 3])); // tensor([4., 0., 2.])
 */
export function scatterAdd(base: Tensor, dim: number, index: Tensor | readonly number[], src: Tensor): Tensor {
  return apply(scatterAddRow, [base, toIndex(index), src], { dim: normDim("scatterAdd", dim, base.ndim) });
}

/**
 * The entries at `index` (1-d) along `dim`, as torch.index_select. Composed from gather.
 * @example
 * indexSelect(arange(6).reshape(3, 2), 0, [2, 0]); // tensor([[4., 5.], [0., 1.]])
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor | readonly number[]): Tensor {
  const d = normDim("indexSelect", dim, x.ndim);
  const idx = toIndex(index);
  if (idx.ndim !== 1) throw new ShapeError(`indexSelect: index must be 1-d (got shape ${formatShape(idx.shape)})`);
  const shape = x.shape.slice();
  shape[d] = idx.shape[0];
  const view = [...x.shape.map(() => 1)];
  view[d] = idx.shape[0];
  const full = expandTo(idx.reshape(view), shape).contiguous();
  const out = gather(x, d, full);
  if (out.gradFn) out.gradFn.name = "IndexSelectBackward0";
  return out;
}
