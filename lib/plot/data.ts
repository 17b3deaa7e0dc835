/** Turning what users pass (arrays, typed arrays, tensors) into plain numbers for plotly. */
import { Tensor } from "../tensor/tensor";

/** Numbers in any of the forms the builders accept. */
export type Numbers = readonly number[] | Float64Array | Float32Array | Int32Array | Tensor;
/** A matrix: nested arrays or a 2-d tensor. */
export type Matrix = readonly (readonly number[])[] | Tensor;
/** A path of points: `[[x, y], ...]`, a tensor of shape [n, 2] (or [n, 3]), or a list of 1-d tensors. */
export type Path = readonly (readonly number[])[] | Tensor | readonly Tensor[];

/** True for gradlab tensors (also from another copy of the library). */
export function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor || (!!v && typeof v === "object" && typeof (v as Tensor).toFloat64Array === "function" && Array.isArray((v as Tensor).shape));
}

/** Plain finite-or-null numbers for JSON (NaN and ±Infinity become null, which plotly draws as gaps). */
export function clean(xs: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = Number.isFinite(xs[i]) ? xs[i] : null;
  return out;
}

/** Numbers from an array, typed array or tensor (flattened). */
export function toNumbers(v: Numbers, where: string): number[] {
  if (isTensor(v)) return Array.from(v.toFloat64Array());
  if (ArrayBuffer.isView(v) || Array.isArray(v)) {
    const out = Array.from(v as ArrayLike<number>, Number);
    return out;
  }
  throw new TypeError(`${where}: expected numbers (an array, a Float64Array or a tensor), got ${describe(v)}`);
}

/** Rows of numbers from nested arrays or a 2-d tensor (a 1-d one is one row). */
export function toMatrix(m: Matrix, where: string): number[][] {
  if (isTensor(m)) {
    if (m.ndim === 1) return [Array.from(m.toFloat64Array())];
    if (m.ndim !== 2) throw new RangeError(`${where}: expected a 2-d tensor (a matrix), got shape [${m.shape.join(", ")}]`);
    const flat = m.toFloat64Array();
    const [r, c] = m.shape;
    return Array.from({ length: r }, (_, i) => Array.from(flat.subarray(i * c, (i + 1) * c)));
  }
  if (!Array.isArray(m)) throw new TypeError(`${where}: expected a matrix (number[][] or a 2-d tensor), got ${describe(m)}`);
  if (m.length > 0 && !Array.isArray(m[0])) return [toNumbers(m as unknown as number[], where)];
  const width = m[0]?.length ?? 0;
  return m.map((row, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new RangeError(`${where}: row ${i} has ${Array.isArray(row) ? row.length : "no"} entries but row 0 has ${width}; a matrix needs rows of equal length`);
    }
    return row.map(Number);
  });
}

/** Points of a path as `[x, y(, z)]` rows. */
export function toPath(p: Path, where: string): number[][] {
  if (isTensor(p)) {
    if (p.ndim !== 2 || p.shape[1] < 2) throw new RangeError(`${where}: a path tensor must have shape [n, 2] (points as rows), got [${p.shape.join(", ")}]`);
    return toMatrix(p, where);
  }
  if (!Array.isArray(p)) throw new TypeError(`${where}: expected a path ([[x, y], ...], a tensor [n, 2] or a list of tensors), got ${describe(p)}`);
  return p.map((pt, i) => {
    const xs = isTensor(pt) ? Array.from(pt.toFloat64Array()) : Array.isArray(pt) ? pt.map(Number) : null;
    if (!xs || xs.length < 2) throw new RangeError(`${where}: point ${i} of the path should have 2 coordinates, got ${describe(pt)}`);
    return xs;
  });
}

/** n evenly spaced numbers from a to b, both included. */
export function linspace(a: number, b: number, n: number): number[] {
  if (!(Number.isFinite(a) && Number.isFinite(b)) || a === b) throw new RangeError(`plot: the range [${a}, ${b}] must be two different finite numbers`);
  if (n < 2) return [a];
  const h = (b - a) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + i * h));
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (isTensor(v)) return `a tensor of shape [${v.shape.join(", ")}]`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return `an object (${Object.prototype.toString.call(v).slice(8, -1)})`;
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

/** The range [min, max] of the finite values, or undefined when there is none. */
export function finiteRange(...lists: ArrayLike<number>[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const xs of lists) for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) {
    if (xs[i] < lo) lo = xs[i];
    if (xs[i] > hi) hi = xs[i];
  }
  return lo <= hi ? [lo, hi] : undefined;
}
