/**
 * The n-d tensor: strided storage (views share it), dtype, and the autograd fields
 * PyTorch users know (requiresGrad, grad, gradFn, isLeaf, backward).
 * Methods delegate to the op functions in lib/ops; each op is defined once there.
 */
import { DType, TypedArray, isFloat } from "./dtype";
import { Shape, contiguousStrides, formatShape, numel } from "./shape";
import { Storage } from "./storage";
import { isContiguous, rowMajor } from "./strided";
import { formatTensor } from "./format";
import { tensorMimeBundle } from "../display/tensor";
import type { Node, GradHook } from "../autograd/node";
import * as E from "../ops/elementwise";
import * as R from "../ops/reduce";
import * as M from "../ops/movement";
import * as G from "../ops/gather";
import * as L from "../ops/linalg";
import * as C from "../ops/cast";
import * as F from "../nn/functional";
import { backward as runBackward, BackwardOptions } from "../autograd/engine";
import { isGradEnabled } from "../autograd/mode";
import { activeLevels } from "../autograd/levels";
import type { Index } from "../ops/movement";

/** A tensor or a plain number, as binary ops accept. */
export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;

let warnedNonLeafGrad = false;

/** A handle returned by `registerHook`; call `remove()` to unregister. */
export interface RemovableHandle {
  remove(): void;
}

export class Tensor {
  /** @internal */ readonly storage: Storage;
  readonly shape: readonly number[];
  /** Elements to step in storage per index along each dimension. */
  readonly strides: readonly number[];
  /** @internal */ readonly offset: number;
  readonly dtype: DType;
  /** The backward node that created this tensor (null for leaves), e.g. `<MulBackward0>`. */
  gradFn: Node | null = null;
  /** A label for graph views and error messages (optional). */
  label: string | undefined = undefined;
  /** @internal */ _requiresGrad = false;
  /** @internal */ _grad: Tensor | null = null;
  /** @internal */ _hooks: GradHook[] | null = null;
  /** @internal */ _retainsGrad = false;
  /** @internal forward-mode tangents by dual level */ _tangents: Map<number, Tensor> | null = null;

  /** @internal */
  constructor(storage: Storage, shape: Shape, strides: readonly number[], offset: number, dtype: DType) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.dtype = dtype;
  }

  /** @internal A fresh contiguous tensor over `data`. */
  static fromData(data: TypedArray, shape: Shape, dtype: DType): Tensor {
    return new Tensor(new Storage(data), shape, contiguousStrides(shape), 0, dtype);
  }

  // ---------------------------------------------------------------- basics

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  numel(): number {
    return numel(this.shape);
  }

  /** The size of one dimension (negative counts from the end), or the whole shape. */
  size(): readonly number[];
  size(dim: number): number;
  size(dim?: number): number | readonly number[] {
    if (dim === undefined) return this.shape;
    const d = dim < 0 ? dim + this.ndim : dim;
    if (d < 0 || d >= this.ndim) throw new RangeError(`size: dimension ${dim} is out of range for a ${this.ndim}-d tensor`);
    return this.shape[d];
  }

  /** True when the elements are laid out row-major without gaps. */
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** @internal The elements in row-major order (the storage itself when possible). Read only. */
  values(): TypedArray {
    return rowMajor(this.storage.data, this.shape, this.strides, this.offset, this.dtype);
  }

  /** The value of a one-element tensor as a number. */
  item(): number {
    if (this.numel() !== 1) {
      throw new RangeError(`item: only a one-element tensor converts to a number; this one has shape ${formatShape(this.shape)} (${this.numel()} elements)`);
    }
    return this.storage.data[this.offset];
  }

  /** The elements as nested arrays (a number for a 0-d tensor; booleans for bool). */
  toArray(): any {
    const vals = this.values();
    const conv = this.dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
    if (this.ndim === 0) return conv(vals[0]);
    const build = (dim: number, off: number): unknown[] => {
      const n = this.shape[dim];
      const out = new Array(n);
      if (dim === this.ndim - 1) for (let i = 0; i < n; i++) out[i] = conv(vals[off + i]);
      else {
        const step = numel(this.shape.slice(dim + 1));
        for (let i = 0; i < n; i++) out[i] = build(dim + 1, off + i * step);
      }
      return out;
    };
    return build(0, 0);
  }

  /** Alias of `toArray`, as PyTorch's `tolist`. */
  tolist(): any {
    return this.toArray();
  }

  /** The elements as a flat Float64Array copy in row-major order. */
  toFloat64Array(): Float64Array {
    return Float64Array.from(this.values());
  }

  /** PyTorch-style text: `tensor([[1., 2.],\n        [3., 4.]], gradFn=<MulBackward0>)`. */
  toString(): string {
    return formatTensor(this);
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rich display in the kernel: an HTML table (shape, dtype, gradFn, grad) and the text form. */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    return tensorMimeBundle(this);
  }

  // ---------------------------------------------------------------- autograd

  /** Whether operations on this tensor are recorded for backward. Settable on leaves only. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  /**
   * Set `requiresGrad` in place and return this tensor.
   * @example
   * const w = zeros([3]).requiresGrad_(); // a trainable leaf
   */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf) {
      throw new Error(
        `requiresGrad: you can only change requiresGrad of leaf tensors; this one was made by ${this.gradFn!.name}. ` +
          `Use .detach() to get a leaf that shares the data.`,
      );
    }
    if (flag && !isFloat(this.dtype)) {
      throw new TypeError(`requiresGrad: only float tensors can require gradients (this one is ${this.dtype}); convert with .double() first`);
    }
    this._requiresGrad = flag;
    return this;
  }

  /** True for tensors made by the user (no gradFn), as PyTorch's `is_leaf`. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * The accumulated gradient: set by `backward()` on leaves that require grad (and on
   * tensors that called `retainGrad()`), else null.
   */
  get grad(): Tensor | null {
    if (!this.isLeaf && !this._retainsGrad && !warnedNonLeafGrad) {
      warnedNonLeafGrad = true;
      console.warn(
        "gradlab: the .grad of a non-leaf tensor is not kept during backward, so it reads null. " +
          "Call .retainGrad() on it before backward() to keep it, or read the .grad of the leaf tensors.",
      );
    }
    return this._grad;
  }

  set grad(g: Tensor | null) {
    if (g !== null && !sameShapeArr(g.shape, this.shape)) {
      throw new RangeError(`grad: assigned gradient has shape ${formatShape(g.shape)} but the tensor has shape ${formatShape(this.shape)}`);
    }
    this._grad = g;
  }

  /** True when `retainGrad()` was called on this non-leaf tensor. */
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }

  /**
   * Keep the gradient of this non-leaf tensor in `.grad` during backward.
   * @example
   * const x = tensor([1, 2], { requiresGrad: true }); const y = x.mul(3); y.retainGrad();
   * y.sum().backward(); y.grad; // tensor([1., 1.])
   */
  retainGrad(): this {
    if (!this._requiresGrad) throw new Error("retainGrad: this tensor does not require grad, so it will never have a gradient");
    if (this.isLeaf) return this;
    this._retainsGrad = true;
    this.gradFn!.retained = this;
    return this;
  }

  /**
   * Compute the gradient of this tensor with respect to the graph leaves and accumulate
   * it into their `.grad`. A non-scalar tensor needs `gradient` (the vector v of vᵀJ).
   * @example
   * const x = tensor([1, 2, 3], { requiresGrad: true });
   * x.mul(x).sum().backward();
   * x.grad; // tensor([2., 4., 6.])
   */
  backward(gradient?: TensorOrScalar | BackwardOptions, options: BackwardOptions = {}): void {
    // y.backward({ retainGraph: true }) reads as PyTorch's y.backward(retain_graph=True)
    if (gradient !== undefined && !(gradient instanceof Tensor) && typeof gradient === "object" && gradient !== null && isOptions(gradient)) {
      runBackward([this], [undefined], { ...gradient, ...options });
      return;
    }
    runBackward([this], [gradient as TensorOrScalar | undefined], options);
  }

  /**
   * Register a hook called with this tensor's gradient during backward; it may return a
   * replacement gradient.
   * @example
   * const x = tensor([1, 2], { requiresGrad: true });
   * x.registerHook((g) => g.mul(2));
   * x.sum().backward(); x.grad; // tensor([2., 2.])
   */
  registerHook(hook: GradHook): RemovableHandle {
    if (!this._requiresGrad) throw new Error("registerHook: cannot register a hook on a tensor that does not require grad");
    const list = this.isLeaf ? (this._hooks ??= []) : (this.gradFn!.hooks ??= []);
    list.push(hook);
    return {
      remove: () => {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
      },
    };
  }

  /**
   * A tensor that shares this one's data but is cut out of the graph (a leaf with requiresGrad false).
   * @example
   * const y = tensor([1], { requiresGrad: true }).mul(2).detach(); // y.requiresGrad === false
   */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.strides, this.offset, this.dtype);
  }

  /** PyTorch's `.data`: the same as `detach()`. */
  get data(): Tensor {
    return this.detach();
  }

  // ---------------------------------------------------------------- in-place (outside autograd)

  /** @internal */
  private checkInPlace(op: string): void {
    if (this._tangents !== null && activeLevels.some((l) => this._tangents!.has(l))) {
      throw new Error(`${op}: this tensor carries a forward-mode tangent, which an in-place change would leave stale; use the out-of-place op`);
    }
    if (isGradEnabled() && this._requiresGrad) {
      throw new Error(
        `${op}: a ${this.isLeaf ? "leaf tensor" : "tensor"} that requires grad cannot be changed in place while grad mode is on ` +
          `(it would corrupt the graph). Wrap the update in noGrad(() => ...), or use the out-of-place op.`,
      );
    }
  }

  /** @internal Write row-major values into this (possibly strided) view and bump the version. */
  private assign(vals: ArrayLike<number>): this {
    const data = this.storage.data;
    if (this.isContiguous()) {
      const n = this.numel();
      if (this.dtype === "bool") for (let i = 0; i < n; i++) data[this.offset + i] = vals[i] ? 1 : 0;
      else if (this.dtype === "int32") for (let i = 0; i < n; i++) data[this.offset + i] = Math.trunc(vals[i]);
      else data.set(vals.length === n ? (vals as ArrayLike<number>) : Array.prototype.slice.call(vals, 0, n), this.offset);
    } else {
      M.scatterStrided(this, vals);
    }
    this.storage.version++;
    return this;
  }

  /**
   * Fill with zeros in place (used on gradients: `x.grad.zero_()`).
   * @example
   * x.grad!.zero_();
   */
  zero_(): this {
    return this.fill_(0);
  }

  /** Fill with a value in place. */
  fill_(value: number): this {
    this.checkInPlace("fill_");
    if (this.isContiguous()) {
      const v = this.dtype === "bool" ? (value ? 1 : 0) : this.dtype === "int32" ? Math.trunc(value) : value;
      this.storage.data.fill(v, this.offset, this.offset + this.numel());
      this.storage.version++;
      return this;
    }
    return this.assign(new Float64Array(this.numel()).fill(value));
  }

  /** Copy the values of `src` (broadcast to this shape) into this tensor in place. */
  copy_(src: TensorOrScalar): this {
    this.checkInPlace("copy_");
    const s = src instanceof Tensor ? src : C.scalarTensor(Number(src), this.dtype);
    return this.assign(M.expandTo(s, this.shape).values());
  }

  /** In place `this += alpha * other`. */
  add_(other: TensorOrScalar, alpha = 1): this {
    this.checkInPlace("add_");
    const o = alpha === 1 ? detachIf(other) : E.binary("mul", detachIf(other), alpha);
    return E.binaryInPlace("add", this, o) ? this : this.assign(E.binary("add", this.detach(), o).values());
  }

  /** In place `this -= alpha * other`. */
  sub_(other: TensorOrScalar, alpha = 1): this {
    return this.add_(other, -alpha);
  }

  /** In place `this *= other`. */
  mul_(other: TensorOrScalar): this {
    this.checkInPlace("mul_");
    const o = detachIf(other);
    return E.binaryInPlace("mul", this, o) ? this : this.assign(E.binary("mul", this.detach(), o).values());
  }

  /** In place `this /= other`. */
  div_(other: TensorOrScalar): this {
    this.checkInPlace("div_");
    const o = detachIf(other);
    return E.binaryInPlace("div", this, o) ? this : this.assign(E.binary("div", this.detach(), o).values());
  }

  /** In place clamp into [min, max]. */
  clamp_(min?: number, max?: number): this {
    this.checkInPlace("clamp_");
    return this.assign(E.clamp(this.detach(), min, max).values());
  }

  /** @internal Bump the version counter (tests and in-place kernels). */
  _bumpVersion(): void {
    this.storage.version++;
  }

  /** The in-place version counter shared by views, as PyTorch's `_version`. */
  get version(): number {
    return this.storage.version;
  }

  // ---------------------------------------------------------------- elementwise

  neg(): Tensor { return E.unary("neg", this); }
  exp(): Tensor { return E.unary("exp", this); }
  log(): Tensor { return E.unary("log", this); }
  sqrt(): Tensor { return E.unary("sqrt", this); }
  abs(): Tensor { return E.unary("abs", this); }
  sign(): Tensor { return E.unary("sign", this); }
  sin(): Tensor { return E.unary("sin", this); }
  cos(): Tensor { return E.unary("cos", this); }
  tan(): Tensor { return E.unary("tan", this); }
  asin(): Tensor { return E.unary("asin", this); }
  acos(): Tensor { return E.unary("acos", this); }
  atan(): Tensor { return E.unary("atan", this); }
  sinh(): Tensor { return E.unary("sinh", this); }
  cosh(): Tensor { return E.unary("cosh", this); }
  tanh(): Tensor { return E.unary("tanh", this); }
  sigmoid(): Tensor { return E.unary("sigmoid", this); }
  relu(): Tensor { return E.unary("relu", this); }
  /** x², as `x.pow(2)`. */
  square(): Tensor { return E.binary("pow", this, 2); }
  /** 1/x. */
  reciprocal(): Tensor { return E.binary("div", 1, this); }
  /** ln(1 + x), composed. */
  log1p(): Tensor { return E.log1p(this); }

  add(other: TensorOrScalar, alpha = 1): Tensor { return E.binary("add", this, alpha === 1 ? other : E.binary("mul", other, alpha)); }
  sub(other: TensorOrScalar, alpha = 1): Tensor { return E.binary("sub", this, alpha === 1 ? other : E.binary("mul", other, alpha)); }
  mul(other: TensorOrScalar): Tensor { return E.binary("mul", this, other); }
  div(other: TensorOrScalar): Tensor { return E.binary("div", this, other); }
  pow(exponent: TensorOrScalar): Tensor { return E.binary("pow", this, exponent); }
  maximum(other: TensorOrScalar): Tensor { return E.binary("maximum", this, other); }
  minimum(other: TensorOrScalar): Tensor { return E.binary("minimum", this, other); }
  gt(other: TensorOrScalar): Tensor { return E.binary("gt", this, other); }
  ge(other: TensorOrScalar): Tensor { return E.binary("ge", this, other); }
  lt(other: TensorOrScalar): Tensor { return E.binary("lt", this, other); }
  le(other: TensorOrScalar): Tensor { return E.binary("le", this, other); }
  eq(other: TensorOrScalar): Tensor { return E.binary("eq", this, other); }
  ne(other: TensorOrScalar): Tensor { return E.binary("ne", this, other); }
  /** Clamp into [min, max]; the gradient passes where min ≤ x ≤ max (bounds included), as PyTorch. */
  clamp(min?: number, max?: number): Tensor { return E.clamp(this, min, max); }
  /** Elementwise select: `cond ? this : other`. */
  where(cond: Tensor, other: TensorOrScalar): Tensor { return G.where(cond, this, other); }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements, or over `dim` (a number or list), keeping reduced dims when `keepdim`. */
  sum(dim?: number | readonly number[], keepdim = false): Tensor { return R.sum(this, dim, keepdim); }
  mean(dim?: number | readonly number[], keepdim = false): Tensor { return R.mean(this, dim, keepdim); }
  prod(dim?: number, keepdim = false): Tensor { return R.prod(this, dim, keepdim); }
  /** Largest element, or the largest along `dim` (values; use `argmax` for the indices). */
  max(dim?: number, keepdim = false): Tensor { return R.max(this, dim, keepdim); }
  min(dim?: number, keepdim = false): Tensor { return R.min(this, dim, keepdim); }
  argmax(dim?: number, keepdim = false): Tensor { return R.argmax(this, dim, keepdim); }
  /** True (a bool tensor) when every element is nonzero, or along `dim`. */
  all(dim?: number, keepdim = false): Tensor { return R.all(this, dim, keepdim); }
  /** True (a bool tensor) when some element is nonzero, or along `dim`. */
  any(dim?: number, keepdim = false): Tensor { return R.any(this, dim, keepdim); }
  argmin(dim?: number, keepdim = false): Tensor { return R.argmin(this, dim, keepdim); }
  /** Variance with Bessel's correction (correction = 1) by default, as PyTorch. */
  var(dim?: number | readonly number[], keepdim = false, correction = 1): Tensor { return R.variance(this, dim, keepdim, correction); }
  std(dim?: number | readonly number[], keepdim = false, correction = 1): Tensor { return R.std(this, dim, keepdim, correction); }
  /** The p-norm over all elements or `dim` (p = 2: Euclidean/Frobenius). */
  norm(p = 2, dim?: number | readonly number[], keepdim = false): Tensor { return R.norm(this, p, dim, keepdim); }
  /** log Σ exp(x) along `dim`, computed stably. */
  logsumexp(dim: number | readonly number[], keepdim = false): Tensor { return F.logsumexp(this, dim, keepdim); }
  softmax(dim: number): Tensor { return F.softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return F.logSoftmax(this, dim); }

  // ---------------------------------------------------------------- shape and movement

  reshape(...shape: number[] | [readonly number[]]): Tensor { return M.reshape(this, flatShape(shape)); }
  /** Like reshape, but the result always shares storage (errors when it cannot). */
  view(...shape: number[] | [readonly number[]]): Tensor { return M.view(this, flatShape(shape)); }
  flatten(startDim = 0, endDim = -1): Tensor { return M.flatten(this, startDim, endDim); }
  squeeze(dim?: number): Tensor { return M.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return M.unsqueeze(this, dim); }
  permute(...dims: number[] | [readonly number[]]): Tensor { return M.permute(this, flatShape(dims)); }
  transpose(dim0: number, dim1: number): Tensor { return M.transpose(this, dim0, dim1); }
  /** Transpose of a ≤2-d tensor. */
  t(): Tensor { return M.t(this); }
  /** All dimensions reversed (a matrix's transpose), as PyTorch's `.T`. */
  get T(): Tensor { return M.permute(this, this.shape.map((_, i) => this.ndim - 1 - i)); }
  /** Broadcast to a larger shape without copying (-1 keeps a size). */
  expand(...shape: number[] | [readonly number[]]): Tensor { return M.expand(this, flatShape(shape)); }
  expandAs(other: Tensor): Tensor { return M.expand(this, other.shape); }
  contiguous(): Tensor { return M.contiguous(this); }
  clone(): Tensor { return M.clone(this); }
  /**
   * NumPy/PyTorch indexing: numbers pick, strings slice ("1:3", ":", "::2", "-1:"),
   * null inserts a new axis, "..." skips dimensions, an int tensor or array picks along one dim.
   * @example
   * const x = arange(12).reshape(3, 4);
   * x.index(1);          // second row
   * x.index(":", "1:3"); // columns 1 and 2
   */
  index(...idx: Index[]): Tensor { return M.index(this, idx); }
  /** The part `start .. start + length` of one dimension (a view). */
  narrow(dim: number, start: number, length: number): Tensor { return M.narrow(this, dim, start, length); }
  /** The entry `i` along `dim`, removing that dimension (a view). */
  select(dim: number, i: number): Tensor { return M.select(this, dim, i); }
  /**
   * Reverse the order along the given dimensions, as torch.flip.
   * @example
   * tensor([[1, 2], [3, 4]]).flip(0).toArray(); // [[3, 4], [1, 2]]
   * tensor([[1, 2], [3, 4]]).flip([0, 1]).toArray(); // [[4, 3], [2, 1]]
   */
  flip(...dims: (number | readonly number[])[]): Tensor { return M.flip(this, dims.flat()); }
  /**
   * Pieces of `size` along `dim` (the last may be shorter), as torch.split.
   * @example
   * arange(5).split(2).map((p) => p.toArray()); // [[0, 1], [2, 3], [4]]
   */
  split(size: number, dim = 0): Tensor[] { return M.split(this, size, dim); }
  /** Values along `dim` at `index` (same rank as this), as torch.gather. */
  gather(dim: number, index: Tensor): Tensor { return G.gather(this, dim, index); }
  indexSelect(dim: number, index: Tensor | readonly number[]): Tensor { return G.indexSelect(this, dim, index); }

  // ---------------------------------------------------------------- linear algebra

  /** Matrix product with NumPy semantics (1-d, 2-d, batched with broadcasting). */
  matmul(other: Tensor): Tensor { return L.matmul(this, other); }
  mm(other: Tensor): Tensor { return L.matmul(this, other); }
  dot(other: Tensor): Tensor { return L.dot(this, other); }
  /**
   * Outer product of two vectors, as torch.outer.
   * @example
   * tensor([1, 2]).outer(tensor([3, 4, 5])).toArray(); // [[3, 4, 5], [6, 8, 10]]
   */
  outer(other: Tensor): Tensor { return L.outer(this, other); }
  /** Matrix inverse (batched over leading dims). */
  inverse(): Tensor { return L.inv(this); }
  det(): Tensor { return L.det(this); }

  // ---------------------------------------------------------------- dtype

  /** Convert to a dtype (differentiable between float dtypes). */
  to(dtype: DType): Tensor { return C.to(this, dtype); }
  double(): Tensor { return C.to(this, "float64"); }
  float(): Tensor { return C.to(this, "float32"); }
  int(): Tensor { return C.to(this, "int32"); }
  bool(): Tensor { return C.to(this, "bool"); }
}

function isOptions(v: object): v is BackwardOptions {
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k === "retainGraph" || k === "createGraph" || k === "inputs");
}

function sameShapeArr(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function detachIf(v: TensorOrScalar): TensorOrScalar {
  return v instanceof Tensor ? v.detach() : v;
}

function flatShape(args: number[] | [readonly number[]]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);
}
