/** Creating tensors: from nested arrays, constants, ranges and random draws. */
import { Tensor } from "./tensor";
import { DType, allocate, checkDType, isFloat } from "./dtype";
import { checkShape, numel } from "./shape";
import { Generator, defaultGenerator } from "./random";

/** Nested arrays of numbers (or booleans), as `tensor` accepts. */
export type NestedArray = number | boolean | readonly NestedArray[];

export interface TensorOptions {
  /** Record operations for backward (float dtypes only). */
  requiresGrad?: boolean;
  /** "float64" (default), "float32", "int32" or "bool". */
  dtype?: DType;
}

function inferShape(data: NestedArray | ArrayLike<number>): number[] {
  const shape: number[] = [];
  let cur: unknown = data;
  while (Array.isArray(cur) || ArrayBuffer.isView(cur)) {
    const arr = cur as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0) break;
    cur = arr[0];
  }
  return shape;
}

function flattenInto(data: unknown, shape: number[], depth: number, out: number[], path: number[]): void {
  if (depth === shape.length) {
    if (typeof data === "boolean") out.push(data ? 1 : 0);
    else if (typeof data === "number") out.push(data);
    else {
      const at = path.length ? ` at [${path.join("][")}]` : "";
      throw new TypeError(`tensor: expected a number${at} but found ${Array.isArray(data) ? "an array (the nesting is deeper here than elsewhere)" : typeof data}`);
    }
    return;
  }
  const arr = data as ArrayLike<unknown>;
  if (!(Array.isArray(arr) || ArrayBuffer.isView(arr)) || arr.length !== shape[depth]) {
    const at = path.length ? ` at [${path.join("][")}]` : "";
    const len = Array.isArray(arr) || ArrayBuffer.isView(arr) ? `length ${arr.length}` : typeof arr;
    throw new TypeError(`tensor: the nested array is not rectangular: expected length ${shape[depth]}${at} but found ${len}`);
  }
  if (depth === shape.length - 1 && ArrayBuffer.isView(arr)) {
    // a typed array holds numbers only: no per-element checks
    for (let i = 0; i < arr.length; i++) out.push((arr as ArrayLike<number>)[i]);
    return;
  }
  path.push(0);
  for (let i = 0; i < arr.length; i++) {
    path[depth] = i;
    flattenInto(arr[i], shape, depth + 1, out, path);
  }
  path.pop();
}

function finish(t: Tensor, options: TensorOptions): Tensor {
  if (options.requiresGrad) t.requiresGrad_(true);
  return t;
}

/**
 * A tensor from a number, nested arrays or a typed array. float64 unless `dtype` says
 * otherwise (booleans give bool).
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.shape; // [2, 2]
 */
export function tensor(data: NestedArray | Float64Array | Float32Array | Int32Array | Tensor, options: TensorOptions = {}): Tensor {
  if (data instanceof Tensor) {
    const t = data.detach().clone().detach();
    return finish(options.dtype ? t.to(options.dtype).detach() : t, options);
  }
  const shape = inferShape(data as NestedArray);
  if (ArrayBuffer.isView(data)) {
    // a flat typed array: one copy (converted when a dtype is asked for)
    const dtype: DType = options.dtype ? checkDType(options.dtype) : data instanceof Float32Array ? "float32" : data instanceof Int32Array ? "int32" : "float64";
    const arr = allocate(dtype, data.length);
    if (dtype === "bool") for (let i = 0; i < data.length; i++) arr[i] = data[i] ? 1 : 0;
    else arr.set(data);
    return finish(Tensor.fromData(arr, shape, dtype), options);
  }
  const flat: number[] = [];
  flattenInto(data, shape, 0, flat, []);
  let dtype: DType = options.dtype ? checkDType(options.dtype) : "float64";
  if (!options.dtype) {
    let probe: unknown = data;
    while (Array.isArray(probe) && probe.length) probe = probe[0];
    if (typeof probe === "boolean") dtype = "bool";
    if (data instanceof Float32Array) dtype = "float32";
    if (data instanceof Int32Array) dtype = "int32";
  }
  const arr = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) arr[i] = flat[i];
  return finish(Tensor.fromData(arr, shape, dtype), options);
}

function filled(op: string, shape: readonly number[], value: number, options: TensorOptions): Tensor {
  const s = checkShape(op, shape);
  const dtype = options.dtype ? checkDType(options.dtype) : "float64";
  const arr = allocate(dtype, numel(s));
  if (value !== 0) arr.fill(value);
  return finish(Tensor.fromData(arr, s, dtype), options);
}

/**
 * A tensor of zeros.
 * @example
 * zeros([2, 3]).shape; // [2, 3]
 */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled("zeros", shape, 0, options);
}

/** A tensor of ones. */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled("ones", shape, 1, options);
}

/** A tensor filled with `value`. */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  return filled("full", shape, value, options);
}

/** Zeros with the shape and dtype of `t`. */
export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return filled("zerosLike", t.shape, 0, { dtype: t.dtype, ...options });
}

/** Ones with the shape and dtype of `t`. */
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return filled("onesLike", t.shape, 1, { dtype: t.dtype, ...options });
}

/** `value` with the shape and dtype of `t`. */
export function fullLike(t: Tensor, value: number, options: TensorOptions = {}): Tensor {
  return filled("fullLike", t.shape, value, { dtype: t.dtype, ...options });
}

/**
 * The n×m identity matrix (m = n by default).
 * @example
 * eye(2); // tensor([[1., 0.], [0., 1.]])
 */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  const t = filled("eye", [n, m], 0, options);
  const d = t.storage.data;
  for (let i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
  return t;
}

/**
 * Evenly spaced values in [start, end) with `step`; `arange(n)` is 0..n-1.
 * @example
 * arange(4); // tensor([0., 1., 2., 3.])
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new RangeError("arange: step must not be zero");
  const n = Math.max(0, Math.ceil((end - start) / step));
  const t = filled("arange", [n], 0, options);
  const d = t.storage.data;
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  return t;
}

/**
 * `steps` evenly spaced values from start to end, both included.
 * @example
 * linspace(0, 1, 5); // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace: steps must be a non-negative integer (got ${steps})`);
  const t = filled("linspace", [steps], 0, options);
  const d = t.storage.data;
  const h = steps > 1 ? (end - start) / (steps - 1) : 0;
  // symmetric fill from both ends, as PyTorch, so the end point is exact
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) d[i] = i < half ? start + i * h : end - (steps - 1 - i) * h;
  return t;
}

export interface RandomOptions extends TensorOptions {
  /** A stream of its own instead of the global one. */
  generator?: Generator;
}

function random(op: string, shape: readonly number[], options: RandomOptions, draw: (g: Generator) => number): Tensor {
  const dtype = options.dtype ?? "float64";
  if (!isFloat(dtype)) throw new TypeError(`${op}: dtype must be float64 or float32 (got ${dtype})`);
  const t = filled(op, shape, 0, { dtype });
  const g = options.generator ?? defaultGenerator;
  const d = t.storage.data;
  for (let i = 0; i < d.length; i++) d[i] = draw(g);
  return finish(t, options);
}

/**
 * Uniform random numbers on [0, 1), from the seeded stream (see manualSeed).
 * @example
 * manualSeed(1); rand([2, 2]);
 */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return random("rand", shape, options, (g) => g.random());
}

/** Standard normal random numbers, from the seeded stream. */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return random("randn", shape, options, (g) => g.normal());
}

/** Uniform random integers in [low, high), as int32. */
export function randint(low: number, high: number, shape: readonly number[], options: { generator?: Generator } = {}): Tensor {
  const t = filled("randint", shape, 0, { dtype: "int32" });
  const g = options.generator ?? defaultGenerator;
  const d = t.storage.data;
  for (let i = 0; i < d.length; i++) d[i] = g.int(low, high);
  return t;
}

/** A random permutation of 0..n-1, as int32 (Fisher–Yates). */
export function randperm(n: number, options: { generator?: Generator } = {}): Tensor {
  const g = options.generator ?? defaultGenerator;
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.int(0, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return Tensor.fromData(p, [n], "int32");
}
