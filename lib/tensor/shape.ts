/** Shape helpers: element counts, strides, broadcasting and dimension checks. */

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major (C order) strides for a shape. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/**
 * Strides that show data of `shape`/`strides` as `newShape` without moving it, or null when
 * no such view exists (then a reshape must copy). As PyTorch's computeStride: walking from
 * the last dimension, the old dimensions fall into chunks that are contiguous among
 * themselves; each chunk must be made of whole new dimensions, which get the chunk's strides.
 * So a transposed matrix can drop or gain size-1 dimensions, or split a dimension, as a view.
 * @example
 * viewStrides([3, 2], [1, 3], [3, 1, 2]); // [1, 2, 3]
 * viewStrides([3, 2], [1, 3], [6]);       // null (the elements are not evenly spaced)
 */
export function viewStrides(shape: Shape, strides: readonly number[], newShape: Shape): number[] | null {
  if (numel(shape) === 0 || shape.length === 0) return contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let d = newShape.length - 1;
  let base = strides[shape.length - 1];
  let chunk = 1, got = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    chunk *= shape[k];
    // a chunk ends where the next dimension out does not continue it
    if (k === 0 || (shape[k - 1] !== 1 && strides[k - 1] !== chunk * base)) {
      while (d >= 0 && (got < chunk || newShape[d] === 1)) {
        out[d] = got * base;
        got *= newShape[d];
        d--;
      }
      if (got !== chunk) return null;
      if (k > 0) {
        base = strides[k - 1];
        chunk = 1;
        got = 1;
      }
    }
  }
  return d === -1 ? out : null;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of two shapes; the error names the op and both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  if (sameShape(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(dimension ${i - n} is ${x} in the first and ${y} in the second)`,
      );
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if broadcast to `target` (0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[off + i] = shape[i] === 1 && target[off + i] !== 1 ? 0 : strides[i];
  }
  return out;
}

/**
 * Merge adjacent dimensions that every operand walks as one (stride[d] = stride[d+1]·shape[d+1]
 * in each stride list, 0 and 0 included), as PyTorch's TensorIterator coalesces: adding a bias
 * [1, C, 1, 1] to [N, C, H, W] becomes [N, C, H·W] with a long inner run instead of H·N·C short
 * ones. Dimensions of size 1 are dropped. Returns the new shape and stride lists.
 * @example
 * coalesce([4, 3, 5, 5], [[75, 25, 5, 1], [0, 1, 0, 0]]); // { shape: [4, 3, 25], strides: [[75, 25, 1], [0, 1, 0]] }
 */
export function coalesce(shape: Shape, strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, k) => (outStrides[k][last] = s[d]));
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** Normalise a possibly negative dimension index, with an error naming the op. */
export function normDim(op: string, dim: number, ndim: number): number {
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new RangeError(`${op}: dimension ${dim} is out of range for a ${ndim}-d tensor (expected ${lo}..${hi})`);
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** Normalise a list of dims (or all dims when undefined), sorted and without repeats. */
const ALL_DIMS: number[][] = [];

export function normDims(op: string, dims: number | readonly number[] | undefined, ndim: number): number[] {
  if (dims === undefined) return (ALL_DIMS[ndim] ??= Array.from({ length: ndim }, (_, i) => i)).slice();
  const list = typeof dims === "number" ? [dims] : dims;
  const out = list.map((d) => normDim(op, d, ndim));
  const set = new Set(out);
  if (set.size !== out.length) throw new RangeError(`${op}: dimension listed twice in [${list.join(", ")}]`);
  return out.sort((x, y) => x - y);
}

export function checkShape(op: string, shape: readonly number[]): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new RangeError(`${op}: invalid shape ${formatShape(shape)} (sizes must be non-negative integers)`);
  }
  return shape.slice();
}

/** An error about tensor shapes; the message names the op and the shapes involved. */
export class ShapeError extends Error {
  override name = "ShapeError";
}
