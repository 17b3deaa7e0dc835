/** Reading strided views: contiguity checks and row-major gathers. */
import { Shape, contiguousStrides, numel } from "./shape";
import { TypedArray, allocate, DType } from "./dtype";

export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

/**
 * Copy the elements of a strided view into `dst` in row-major order.
 * An odometer over the outer dimensions, a tight loop over the last.
 */
export function gatherStrided(
  src: TypedArray, shape: Shape, strides: readonly number[], offset: number, dst: TypedArray,
): void {
  const nd = shape.length;
  const n = numel(shape);
  if (n === 0) return;
  if (nd === 0) {
    dst[0] = src[offset];
    return;
  }
  if (nd >= 2 && shape[nd - 1] >= 16 && shape[nd - 2] >= 16 && Math.abs(strides[nd - 1]) > Math.abs(strides[nd - 2])) {
    gatherTiled(src, shape, strides, offset, dst);
    return;
  }
  const inner = shape[nd - 1];
  const si = strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  let k = 0;
  for (;;) {
    if (si === 1) for (let j = 0; j < inner; j++) dst[k++] = src[base + j];
    else for (let j = 0, p = base; j < inner; j++, p += si) dst[k++] = src[p];
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

const TILE = 32;

/**
 * gatherStrided for views whose last dimension has the larger stride (a transpose): the
 * last two dimensions are copied in 32×32 tiles so both the reads and the writes stay in cache.
 */
function gatherTiled(src: TypedArray, shape: Shape, strides: readonly number[], offset: number, dst: TypedArray): void {
  const nd = shape.length;
  const rows = shape[nd - 2], cols = shape[nd - 1];
  const sr = strides[nd - 2], sc = strides[nd - 1];
  const outer = numel(shape.slice(0, nd - 2));
  const idx = new Array<number>(Math.max(nd - 2, 0)).fill(0);
  let base = offset;
  for (let o = 0; o < outer; o++) {
    const out0 = o * rows * cols;
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const r1 = Math.min(rows, r0 + TILE);
      for (let c0 = 0; c0 < cols; c0 += TILE) {
        const c1 = Math.min(cols, c0 + TILE);
        for (let r = r0; r < r1; r++) {
          const from = base + r * sr;
          const to = out0 + r * cols;
          for (let c = c0; c < c1; c++) dst[to + c] = src[from + c * sc];
        }
      }
    }
    for (let d = nd - 3; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** The elements of a view in row-major order: the storage itself when it already is, else a copy. Do not write to it. */
export function rowMajor(
  data: TypedArray, shape: Shape, strides: readonly number[], offset: number, dtype: DType,
): TypedArray {
  const n = numel(shape);
  if (isContiguous(shape, strides)) {
    return offset === 0 && n === data.length ? data : data.subarray(offset, offset + n);
  }
  const out = allocate(dtype, n);
  gatherStrided(data, shape, strides, offset, out);
  return out;
}

/** Convert element storage to another dtype (bool/int truncation as PyTorch's `.to`). */
export function convert(src: TypedArray, dtype: DType): TypedArray {
  const out = allocate(dtype, src.length);
  if (dtype === "bool") for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else if (dtype === "int32") for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  else out.set(src);
  return out;
}

export { contiguousStrides };
