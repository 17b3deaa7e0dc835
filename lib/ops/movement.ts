/**
 * Movement primitives: reshape, permute, expand, slice (+ its transpose sliceBackward),
 * flip, cat and clone. Views share storage with their input; each is linear, so its
 * JVP is the op applied to the tangent and its VJP is the transposed op.
 * squeeze, unsqueeze, flatten, transpose, select, narrow, stack and index are composed.
 */
import { Tensor } from "../tensor/tensor";
import { Storage } from "../tensor/storage";
import { allocate, promote } from "../tensor/dtype";
import { ShapeError, contiguousStrides, formatShape, normDim, numel, sameShape, checkShape, viewStrides } from "../tensor/shape";
import { gatherStrided } from "../tensor/strided";
import type { OpRow } from "./row";
import { apply } from "./dispatch";
import { indexSelect } from "./gather";

// ------------------------------------------------------------------ raw views (no autograd)

function viewOf(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return new Tensor(x.storage, shape, strides, offset, x.dtype);
}

/** @internal A raw broadcast view of `x` as `shape` (no graph node); used inside kernels. */
export function expandTo(x: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const off = shape.length - x.ndim;
  if (off < 0) throw new ShapeError(`expand: cannot expand shape ${formatShape(x.shape)} to fewer dimensions ${formatShape(shape)}`);
  const strides = shape.map((s, i) => {
    if (i < off) return 0;
    const xs = x.shape[i - off];
    if (xs === s) return x.strides[i - off];
    if (xs === 1) return 0;
    throw new ShapeError(`expand: the size ${xs} in dimension ${i - off} of shape ${formatShape(x.shape)} cannot be expanded to ${s} (target ${formatShape(shape)}); only size-1 dimensions expand`);
  });
  return viewOf(x, shape.slice(), strides, x.offset);
}

/** @internal A contiguous copy of the elements (no graph node). */
function copyOf(x: Tensor): Tensor {
  const out = allocate(x.dtype, x.numel());
  gatherStrided(x.storage.data, x.shape, x.strides, x.offset, out);
  return Tensor.fromData(out, x.shape.slice(), x.dtype);
}

/** @internal Write row-major `vals` into the strided view `t`. */
export function scatterStrided(t: Tensor, vals: ArrayLike<number>): void {
  const data = t.storage.data;
  const nd = t.ndim;
  const n = t.numel();
  if (n === 0) return;
  const idx = new Array<number>(nd).fill(0);
  let pos = t.offset;
  const conv = t.dtype === "bool" ? (v: number) => (v ? 1 : 0) : t.dtype === "int32" ? Math.trunc : (v: number) => v;
  for (let k = 0; k < n; k++) {
    data[pos] = conv(vals[k]);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      pos += t.strides[d];
      if (idx[d] < t.shape[d]) break;
      pos -= t.strides[d] * t.shape[d];
      idx[d] = 0;
    }
  }
}

function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const out = shape.slice();
  const neg = out.indexOf(-1);
  if (neg !== out.lastIndexOf(-1)) throw new ShapeError(`${op}: only one dimension can be -1 (got ${formatShape(shape)})`);
  const known = numel(out.filter((s) => s !== -1));
  if (neg >= 0) {
    if (known === 0 || x.numel() % known !== 0) {
      throw new ShapeError(`${op}: shape ${formatShape(shape)} is invalid for an input of ${x.numel()} elements (shape ${formatShape(x.shape)})`);
    }
    out[neg] = x.numel() / known;
  }
  checkShape(op, out);
  if (numel(out) !== x.numel()) {
    throw new ShapeError(`${op}: shape ${formatShape(shape)} is invalid for an input of ${x.numel()} elements (shape ${formatShape(x.shape)})`);
  }
  return out;
}

// ------------------------------------------------------------------ rows

export interface ShapeParam {
  shape: readonly number[];
}

export const reshapeRow: OpRow<ShapeParam> = {
  gradFn: "ViewBackward0",
  // a view whenever the strides allow one (as PyTorch), else a copy
  forward: ([x], { shape }) => {
    const strides = x.isContiguous() ? contiguousStrides(shape) : viewStrides(x.shape, x.strides, shape);
    if (strides) return viewOf(x, shape.slice(), strides, x.offset);
    const src = copyOf(x);
    return viewOf(src, shape.slice(), contiguousStrides(shape), src.offset);
  },
  // linear: reshape the tangent; transpose: reshape back
  jvp: ([dx], { params }) => apply(reshapeRow, [dx!], params),
  vjp: (ct, { shapes }) => [apply(reshapeRow, [ct], { shape: shapes[0] })],
  saves: [],
  test: [{ shapes: [[2, 6]], params: { shape: [3, 4] } }, { shapes: [[4]], params: { shape: [2, 1, 2] } }],
};

export interface DimsParam {
  dims: readonly number[];
}

function inversePerm(dims: readonly number[]): number[] {
  const inv = new Array<number>(dims.length);
  dims.forEach((d, i) => (inv[d] = i));
  return inv;
}

export const permuteRow: OpRow<DimsParam> = {
  gradFn: "PermuteBackward0",
  forward: ([x], { dims }) => viewOf(x, dims.map((d) => x.shape[d]), dims.map((d) => x.strides[d]), x.offset),
  // linear: permute the tangent; transpose: the inverse permutation
  jvp: ([dx], { params }) => apply(permuteRow, [dx!], params),
  vjp: (ct, { params }) => [apply(permuteRow, [ct], { dims: inversePerm(params.dims) })],
  saves: [],
  test: [{ shapes: [[2, 3, 4]], params: { dims: [2, 0, 1] } }],
};

export const expandRow: OpRow<ShapeParam> = {
  gradFn: "ExpandBackward0",
  forward: ([x], { shape }) => expandTo(x, shape),
  // linear: expand the tangent; transpose: sum over the broadcast dims, which the engine's
  // un-broadcast does for every broadcasting row (so the vjp returns ct as it is)
  jvp: ([dx], { params }) => apply(expandRow, [dx!], params),
  vjp: (ct) => [ct],
  saves: [],
  broadcasts: true,
  test: [{ shapes: [[3, 1]], params: { shape: [2, 3, 4] } }],
};

export interface SliceParam {
  dim: number;
  start: number;
  end: number;
  step: number;
}

export const sliceRow: OpRow<SliceParam> = {
  gradFn: "SliceBackward0",
  forward: ([x], { dim, start, end, step }) => {
    const shape = x.shape.slice();
    const strides = x.strides.slice();
    shape[dim] = Math.max(0, Math.ceil((end - start) / step));
    strides[dim] = x.strides[dim] * step;
    return viewOf(x, shape, strides, x.offset + start * x.strides[dim]);
  },
  // linear: slice the tangent; transpose: place the cotangent into zeros of the input's shape
  jvp: ([dx], { params }) => apply(sliceRow, [dx!], params),
  vjp: (ct, { shapes, params }) => [apply(sliceBackwardRow, [ct], { ...params, shape: shapes[0] })],
  saves: [],
  test: [{ shapes: [[5, 4]], params: { dim: 0, start: 1, end: 5, step: 2 } }],
};

export const sliceBackwardRow: OpRow<SliceParam & ShapeParam> = {
  gradFn: "SliceBackwardBackward0",
  forward: ([g], p) => {
    const out = Tensor.fromData(allocate(g.dtype, numel(p.shape)), p.shape.slice(), g.dtype);
    scatterStrided(sliceRow.forward([out], p), g.values());
    return out;
  },
  // linear: the same placement for the tangent; transpose: the slice
  jvp: ([dg], { params }) => apply(sliceBackwardRow, [dg!], params),
  vjp: (ct, { params }) => [apply(sliceRow, [ct], params)],
  saves: [],
  test: [{ shapes: [[2, 4]], params: { dim: 0, start: 1, end: 5, step: 2, shape: [5, 4] } }],
};

export const flipRow: OpRow<DimsParam> = {
  gradFn: "FlipBackward0",
  forward: ([x], { dims }) => {
    const strides = x.strides.slice();
    let offset = x.offset;
    for (const d of dims) {
      if (x.shape[d] > 0) offset += (x.shape[d] - 1) * x.strides[d];
      strides[d] = -x.strides[d];
    }
    return viewOf(x, x.shape.slice(), strides, offset);
  },
  // linear and its own transpose
  jvp: ([dx], { params }) => apply(flipRow, [dx!], params),
  vjp: (ct, { params }) => [apply(flipRow, [ct], params)],
  saves: [],
  test: [{ shapes: [[3, 4]], params: { dims: [0, 1] } }],
};

export interface DimParam {
  dim: number;
}

export const catRow: OpRow<DimParam> = {
  gradFn: "CatBackward0",
  forward: (xs, { dim }) => {
    const first = xs[0];
    const shape = first.shape.slice();
    shape[dim] = 0;
    let dtype = first.dtype;
    for (const x of xs) {
      const bad = x.ndim !== first.ndim || x.shape.some((s, d) => d !== dim && s !== first.shape[d]);
      if (bad) {
        throw new ShapeError(`cat: tensors must have the same shape except in dimension ${dim}; got ${xs.map((t) => formatShape(t.shape)).join(" and ")}`);
      }
      shape[dim] += x.shape[dim];
      dtype = promote(dtype, x.dtype);
    }
    const out = Tensor.fromData(allocate(dtype, numel(shape)), shape, dtype);
    let start = 0;
    for (const x of xs) {
      const n = x.shape[dim];
      scatterStrided(sliceRow.forward([out], { dim, start, end: start + n, step: 1 }), x.values());
      start += n;
    }
    return out;
  },
  // linear: concatenate the tangents (zeros where an input has none)
  jvp: (dxs, { shapes, dtypes, params }) =>
    apply(catRow, dxs.map((d, i) => d ?? Tensor.fromData(allocate(dtypes[i], numel(shapes[i])), shapes[i].slice(), dtypes[i])), params),
  // transpose: each input gets its slice of the cotangent
  vjp: (ct, { shapes, params, needs }) => {
    let start = 0;
    return shapes.map((s, i) => {
      const n = s[params.dim];
      const g = needs[i] ? apply(sliceRow, [ct], { dim: params.dim, start, end: start + n, step: 1 }) : null;
      start += n;
      return g;
    });
  },
  saves: [],
  test: [{ shapes: [[2, 3], [4, 3]], params: { dim: 0 } }, { shapes: [[2, 1], [2, 2], [2, 3]], params: { dim: 1 } }],
};

export const cloneRow: OpRow<null> = {
  gradFn: "CloneBackward0",
  forward: ([x]) => copyOf(x),
  jvp: ([dx]) => apply(cloneRow, [dx!], null),
  vjp: (ct) => [ct],
  saves: [],
  test: [{ shapes: [[2, 3]], params: null }],
};

// ------------------------------------------------------------------ public functions

/**
 * Reshape (a view when the strides allow one, as after dropping a size-1 dimension of a
 * transposed tensor; else a copy). One size may be -1.
 * @example
 * arange(6).reshape(2, 3); // tensor([[0., 1., 2.], [3., 4., 5.]])
 */
export function reshape(x: Tensor, shape: readonly number[], name?: string): Tensor {
  const s = inferShape("reshape", x, shape);
  if (sameShape(s, x.shape) && name === undefined) return x;
  // PyTorch's names: a reshape that can be a view is an alias, otherwise a copy then a view
  const viewable = x.isContiguous() || viewStrides(x.shape, x.strides, s) !== null;
  return apply(reshapeRow, [x], { shape: s }, name ?? (viewable ? "ReshapeAliasBackward0" : "UnsafeViewBackward0"));
}

/** Reshape that always shares storage; errors when the strides allow no view (e.g. flattening a transpose). */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const s = inferShape("view", x, shape);
  if (!x.isContiguous() && !viewStrides(x.shape, x.strides, s)) {
    throw new ShapeError(`view: the tensor (shape ${formatShape(x.shape)}, strides [${x.strides}]) is not contiguous, e.g. after a transpose, so it cannot be viewed as ${formatShape(s)}; use .reshape(...) or .contiguous().view(...)`);
  }
  return apply(reshapeRow, [x], { shape: s });
}

/** @internal An identity view that keeps the graph (used by forward mode to attach tangents). */
export function alias(x: Tensor): Tensor {
  return apply(reshapeRow, [x], { shape: x.shape.slice() }, "AliasBackward0");
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normDim("flatten", startDim, x.ndim);
  const e = normDim("flatten", endDim, x.ndim);
  if (s > e) throw new RangeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Remove size-1 dimensions (all, or just `dim`). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((s) => s !== 1), "SqueezeBackward0");
  const d = normDim("squeeze", dim, x.ndim);
  if (x.ndim === 0 || x.shape[d] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== d), "SqueezeBackward1");
}

/** Insert a size-1 dimension at `dim`. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim("unsqueeze", dim, x.ndim + 1);
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return reshape(x, shape, "UnsqueezeBackward0");
}

/**
 * Reorder dimensions (a view).
 * @example
 * zeros([2, 3, 4]).permute(2, 0, 1).shape; // [4, 2, 3]
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new ShapeError(`permute: got ${dims.length} dims [${dims}] for a ${x.ndim}-d tensor of shape ${formatShape(x.shape)}`);
  }
  const d = dims.map((k) => normDim("permute", k, x.ndim));
  if (new Set(d).size !== d.length) throw new RangeError(`permute: repeated dimension in [${dims}]`);
  if (d.every((k, i) => k === i)) return x;
  return apply(permuteRow, [x], { dims: d });
}

/** Swap two dimensions (a view). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normDim("transpose", dim0, x.ndim);
  const b = normDim("transpose", dim1, x.ndim);
  const dims = x.shape.map((_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return apply(permuteRow, [x], { dims }, "TransposeBackward0");
}

/** Transpose of a matrix (0-d and 1-d tensors are returned as they are). */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new ShapeError(`t: expects a tensor with at most 2 dimensions, got shape ${formatShape(x.shape)}; use transpose(dim0, dim1) or permute`);
  if (x.ndim < 2) return x;
  return apply(permuteRow, [x], { dims: [1, 0] }, "TBackward0");
}

/** Broadcast to a larger shape (a view; -1 keeps a size). */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const off = shape.length - x.ndim;
  const s = shape.map((v, i) => (v === -1 && i >= off ? x.shape[i - off] : v));
  checkShape("expand", s);
  if (sameShape(s, x.shape)) return x;
  expandTo(x, s); // validates with a clear message
  return apply(expandRow, [x], { shape: s });
}

/** A contiguous tensor with the same values (this one if it already is). */
export function contiguous(x: Tensor): Tensor {
  return x.isContiguous() ? x : apply(cloneRow, [x], null);
}

/** A copy with its own storage; gradients flow back to the original. */
export function clone(x: Tensor): Tensor {
  return apply(cloneRow, [x], null);
}

/**
 * Reverse the order of elements along the given dims (a view).
 * @example
 * tensor([[1, 2], [3, 4]]).flip([0, 1]) // rotated by 180°: tensor([[4., 3.], [2., 1.]])
 */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  return apply(flipRow, [x], { dims: [...new Set(dims.map((d) => normDim("flip", d, x.ndim)))] });
}

function sliceDim(x: Tensor, dim: number, start: number, end: number, step: number): Tensor {
  if (start === 0 && end === x.shape[dim] && step === 1) return x;
  return apply(sliceRow, [x], { dim, start, end, step });
}

/** The part `start .. start + length` of one dimension (a view). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim("narrow", dim, x.ndim);
  const n = x.shape[d];
  const s = start < 0 ? start + n : start;
  if (s < 0 || length < 0 || s + length > n) {
    throw new RangeError(`narrow: start ${start} and length ${length} are out of range for dimension ${dim} of size ${n}`);
  }
  return sliceDim(x, d, s, s + length, 1);
}

/** The entry `i` along `dim`, removing that dimension (a view). */
export function select(x: Tensor, dim: number, i: number): Tensor {
  const d = normDim("select", dim, x.ndim);
  const n = x.shape[d];
  if (!Number.isInteger(i) || i < -n || i >= n) {
    throw new RangeError(`index ${i} is out of bounds for dimension ${d} with size ${n} (shape ${formatShape(x.shape)})`);
  }
  const k = i < 0 ? i + n : i;
  const s = apply(sliceRow, [x], { dim: d, start: k, end: k + 1, step: 1 });
  return reshape(s, x.shape.filter((_, j) => j !== d), "SelectBackward0");
}

/**
 * Join tensors along an existing dimension.
 * @example
 * cat([ones([1, 2]), zeros([2, 2])], 0).shape; // [3, 2]
 */
export function cat(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new RangeError("cat: expects a non-empty list of tensors");
  if (xs.length === 1) return xs[0];
  return apply(catRow, xs, { dim: normDim("cat", dim, xs[0].ndim) });
}

/**
 * Join tensors of equal shape along a new dimension.
 * @example
 * stack([tensor([1, 2]), tensor([3, 4])]).shape; // [2, 2]
 */
export function stack(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new RangeError("stack: expects a non-empty list of tensors");
  const bad = xs.find((x) => !sameShape(x.shape, xs[0].shape));
  if (bad) throw new ShapeError(`stack: all tensors must have the same shape; got ${formatShape(xs[0].shape)} and ${formatShape(bad.shape)}`);
  const d = normDim("stack", dim, xs[0].ndim + 1);
  const out = cat(xs.map((x) => unsqueeze(x, d)), d);
  if (out.gradFn && xs.length > 1) out.gradFn.name = "StackBackward0";
  return out;
}

/** Split into pieces of `size` along `dim` (views). */
export function split(x: Tensor, size: number, dim = 0): Tensor[] {
  const d = normDim("split", dim, x.ndim);
  const out: Tensor[] = [];
  for (let s = 0; s < x.shape[d]; s += size) out.push(narrow(x, d, s, Math.min(size, x.shape[d] - s)));
  return out;
}

/** One index entry: a number picks, a string slices ("a:b:c", ":", "..."), null adds an axis, a tensor/array selects. */
export type Index = number | string | null | Tensor | readonly number[];

function parseSlice(text: string, n: number): { start: number; end: number; step: number } {
  const parts = text.split(":").map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p !== "" && !/^-?\d+$/.test(p))) {
    throw new SyntaxError(`index: cannot read the slice "${text}"; write it as in Python, e.g. "1:3", ":", "::2", "-2:"`);
  }
  const step = parts[2] ? Number(parts[2]) : 1;
  if (step <= 0) throw new RangeError(`index: slice step must be positive (got ${step}); use flip() to reverse`);
  const clampIdx = (v: number) => Math.min(n, Math.max(0, v < 0 ? v + n : v));
  const start = parts[0] === "" ? 0 : clampIdx(Number(parts[0]));
  const end = parts[1] === "" ? n : clampIdx(Number(parts[1]));
  return { start, end: Math.max(start, end), step };
}

/** NumPy-style indexing; see `Tensor.index`. */
export function index(x: Tensor, idx: readonly Index[]): Tensor {
  const ell = idx.filter((i) => i === "...").length;
  if (ell > 1) throw new SyntaxError(`index: only one "..." is allowed`);
  const consumes = (i: Index) => i !== null && i !== "...";
  const used = idx.filter(consumes).length;
  if (used > x.ndim) throw new RangeError(`index: too many indices (${used}) for a ${x.ndim}-d tensor of shape ${formatShape(x.shape)}`);
  let full: Index[] = idx.slice();
  if (ell) {
    const at = full.indexOf("...");
    full.splice(at, 1, ...new Array(x.ndim - used).fill(":"));
  }
  let y = x;
  let dim = 0; // current dimension of y
  for (const i of full) {
    if (i === null) {
      y = unsqueeze(y, dim);
      dim++;
    } else if (typeof i === "number") {
      y = select(y, dim, i);
    } else if (typeof i === "string") {
      const { start, end, step } = parseSlice(i, y.shape[dim]);
      y = sliceDim(y, dim, start, end, step);
      dim++;
    } else {
      y = indexSelect(y, dim, i);
      dim++;
    }
  }
  return y;
}
