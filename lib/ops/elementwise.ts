/**
 * Elementwise ops: turns the unary and binary rows into dispatchable primitives.
 * Reverse mode multiplies the cotangent by the row's `deriv`, forward mode the tangent;
 * neither is written again here. Also the Tensor implementation of the rule algebra.
 */
import { Tensor, TensorOrScalar } from "../tensor/tensor";
import { DType, TypedArray, allocateOverwritten, floatOf, promote, isFloat } from "../tensor/dtype";
import { broadcastShapes, broadcastStrides, coalesce, contiguousStrides, numel, sameShape } from "../tensor/shape";
import { isContiguous } from "../tensor/strided";
import { Algebra, Fns, fns } from "./algebra";
import { UnaryName, unaryNames, unaryOps } from "./unary";
import { BinaryName, binaryNames, binaryOps } from "./binary";
import type { BinaryRow, Ctx, OpRow, UnaryRow } from "./row";
import { activeLevels } from "../autograd/levels";
import { isGradEnabled } from "../autograd/mode";
import { expandTo } from "./movement";
import { apply } from "./dispatch";
import { scalarTensor } from "./cast";
import { where } from "./gather";
import { kernelBackend } from "../kernels/matmul";
import { MAP_MIN, MapKernel, MapKernel2, wasmMap, wasmMap2 } from "../kernels/wasm-map";
import { compileRule } from "./rule-loop";

// ------------------------------------------------------------------ kernels

type UnaryKernel = (src: TypedArray, dst: TypedArray, n: number) => void;
type BinaryKernel = (
  a: TypedArray, aStrides: readonly number[], aOff: number,
  b: TypedArray, bStrides: readonly number[], bOff: number,
  dst: TypedArray, shape: readonly number[],
) => void;

/**
 * A loop over i in [0, n) whose body (code reading the index as `i`) is written four times
 * per step. V8 does not hoist a typed array's map check and length and data-pointer loads
 * out of a loop when the array is an argument, so a one-element body pays them for every
 * array on every element; four bodies in one block share one set. Adding two
 * 10,000-element vectors here: 43–45 → 27–28 µs; a million, 4.2 → 2.5 ms.
 *
 * The n mod 4 odd elements come first, so every compare in the function has run before
 * the long loop gets hot: code compiled on entry to that loop (on-stack replacement) that
 * met a compare with no type feedback after it would bail out on every later call, as V8
 * keeps reusing such code (logistic regression's loss derivative did, once per iteration).
 */
function unrolled(n: string, body: string): string {
  return `let i0 = 0;
    for (const odd = ${n} % 4; i0 < odd; i0++) { const i = i0; ${body} }
    for (; i0 < ${n}; i0 += 4) {
      { const i = i0; ${body} } { const i = i0 + 1; ${body} } { const i = i0 + 2; ${body} } { const i = i0 + 3; ${body} }
    }`;
}

// Each row gets its own compiled loop (new Function), so every call site in it is
// monomorphic and V8 inlines the row's scalar function.
function compileUnary(f: (x: number) => number, tag: string): UnaryKernel {
  return new Function("f", `return function unaryLoop_${tag}(src, dst, n) { ${unrolled("n", "dst[i] = f(src[i]);")} };`)(f);
}

/**
 * The one-dimensional walks (nearly every call: contiguous operands, or one of them a single
 * value) are small functions of their own: V8 compiles such a loop tighter than the same loop
 * inside the large function (same-process A/B here: adding two 10,000-element vectors,
 * 99 → 78 µs; a vector and a scalar, 65 → 57 µs).
 */
function compileBinary(f: (x: number, y: number) => number, tag: string): BinaryKernel {
  const body = `
    const nd = shape.length;
    let n = 1; for (let i = 0; i < nd; i++) n *= shape[i];
    if (n === 0) return;
    if (nd === 0) { dst[0] = f(a[aOff], b[bOff]); return; }
    const inner = shape[nd - 1], sa = aStrides[nd - 1], sb = bStrides[nd - 1];
    if (nd === 1 || n === inner) {
      if (sa === 1 && sb === 1) return both(a, aOff, b, bOff, dst, inner);
      if (sb === 0) return withY(a, aOff, sa, b[bOff], dst, inner);
      if (sa === 0) return withX(a[aOff], b, bOff, sb, dst, inner);
    }
    const idx = new Array(nd).fill(0);
    let pa = aOff, pb = bOff, k = 0;
    for (;;) {
      if (sa === 1 && sb === 1) for (let j = 0; j < inner; j++) dst[k++] = f(a[pa + j], b[pb + j]);
      else if (sb === 0) { const y = b[pb]; for (let j = 0, p = pa; j < inner; j++, p += sa) dst[k++] = f(a[p], y); }
      else if (sa === 0) { const x = a[pa]; for (let j = 0, q = pb; j < inner; j++, q += sb) dst[k++] = f(x, b[q]); }
      else for (let j = 0, p = pa, q = pb; j < inner; j++, p += sa, q += sb) dst[k++] = f(a[p], b[q]);
      let d = nd - 2;
      for (; d >= 0; d--) {
        idx[d]++; pa += aStrides[d]; pb += bStrides[d];
        if (idx[d] < shape[d]) break;
        pa -= aStrides[d] * shape[d]; pb -= bStrides[d] * shape[d]; idx[d] = 0;
      }
      if (d < 0) return;
    }`;
  const rows = `
    function both(a, aOff, b, bOff, dst, n) { ${unrolled("n", "dst[i] = f(a[aOff + i], b[bOff + i]);")} }
    function withY(a, aOff, sa, y, dst, n) {
      if (sa === 1) { ${unrolled("n", "dst[i] = f(a[aOff + i], y);")} }
      else for (let j = 0, p = aOff; j < n; j++, p += sa) dst[j] = f(a[p], y);
    }
    function withX(x, b, bOff, sb, dst, n) {
      if (sb === 1) { ${unrolled("n", "dst[i] = f(x, b[bOff + i]);")} }
      else for (let j = 0, q = bOff; j < n; j++, q += sb) dst[j] = f(x, b[q]);
    }`;
  return new Function("f", `${rows}\n return function binaryLoop_${tag}(a, aStrides, aOff, b, bStrides, bOff, dst, shape) {${body}};`)(f);
}

type TiledKernel = (a: ArrayLike<number>, aOff: number, ars: number, acs: number, b: ArrayLike<number>, bOff: number, brs: number, bcs: number, dst: TypedArray, rows: number, cols: number) => void;

/**
 * The same f over a 2-D result in 32×32 tiles: a transposed operand is then read a few cache
 * lines at a time instead of one line per element (A + Aᵀ), with no transposed copy first.
 */
function compileBinaryTiled(f: (x: number, y: number) => number, tag: string): TiledKernel {
  return new Function("f", `return function binaryTiles_${tag}(a, aOff, ars, acs, b, bOff, brs, bcs, dst, rows, cols) {
    for (let i0 = 0; i0 < rows; i0 += 32) {
      const i1 = i0 + 32 < rows ? i0 + 32 : rows;
      for (let j0 = 0; j0 < cols; j0 += 32) {
        const j1 = j0 + 32 < cols ? j0 + 32 : cols;
        for (let i = i0; i < i1; i++) {
          let pa = aOff + i * ars + j0 * acs, pb = bOff + i * brs + j0 * bcs, d = i * cols + j0;
          for (let j = j0; j < j1; j++, pa += acs, pb += bcs) dst[d++] = f(a[pa], b[pb]);
        }
      }
    }
  };`)(f);
}

const ONE: readonly number[] = [1];
const ZERO: readonly number[] = [0];
/**
 * Compiled loops, one per row and per kind of the typed arrays they walk (Float64Array,
 * Int32Array, …), each with a name of its own: element loads and stores at a site that has
 * seen one kind of array compile to plain memory accesses, where one that has seen several
 * dispatches on each element. (Same-process A/B here: a 10,000-element mul 42 → 37 µs.)
 */
const unaryKernels = new Map<number, UnaryKernel>();
const binaryKernels = new Map<number, BinaryKernel>();
const tiledKernels = new Map<number, TiledKernel>();
const rowIndex = new Map<string, number>([...unaryNames, ...binaryNames].map((n, i) => [n, i]));

/** The kind of a typed array as a digit (0–4), for cache keys (instanceof: no string built per call). */
function kindOf(a: ArrayLike<number> | null): number {
  return a instanceof Float64Array ? 0 : a instanceof Float32Array ? 1 : a instanceof Int32Array ? 2 : a instanceof Uint8Array ? 3 : 4;
}

/** The cache key of a loop: the row (or any small number), then the kind of each array it walks. */
function kindKey(first: number, ...arrays: readonly (ArrayLike<number> | null)[]): number {
  let key = first;
  for (const a of arrays) key = key * 5 + kindOf(a);
  return key;
}

function binaryKernel(name: BinaryName, r: BinaryRow, a: ArrayLike<number>, b: ArrayLike<number>, dst: ArrayLike<number>): BinaryKernel {
  const key = kindKey(rowIndex.get(name)!, a, b, dst);
  let k = binaryKernels.get(key);
  if (!k) binaryKernels.set(key, (k = compileBinary(r.forward, `${name}_${key}`)));
  return k;
}

/**
 * Rows with a vectorised WebAssembly kernel for large float64 tensors (kernels/vmath.c: the
 * same doubles as the scalar kernel, which V8 runs one call per element).
 */
const vectorKernels: Partial<Record<UnaryName, MapKernel>> = { exp: "exp", sigmoid: "sigmoid", log: "log" };
/** The same for binary rows (both operands of one shape, contiguous). */
const vectorKernels2: Partial<Record<BinaryName, MapKernel2>> = { binaryCrossEntropy: "binaryCrossEntropy" };

function unaryForward(name: UnaryName, r: UnaryRow, x: Tensor): Tensor {
  const dtype: DType = r.dtype === "float" ? floatOf(x.dtype) : x.dtype;
  const src = x.values();
  const dst = allocateOverwritten(dtype, src.length);
  const key = kindKey(rowIndex.get(name)!, src, dst);
  let k = unaryKernels.get(key);
  if (!k) unaryKernels.set(key, (k = compileUnary(r.forward, `${name}_${key}`)));
  const vector = vectorKernels[name];
  const fast = vector !== undefined && src instanceof Float64Array && dst instanceof Float64Array && src.length >= MAP_MIN &&
    kernelBackend() !== "js" && wasmMap(vector, src, dst);
  if (!fast) k(src, dst, src.length);
  // shapes are never mutated, so the output may share the input's shape array
  return Tensor.fromData(dst, x.shape, dtype);
}

function resultDType(r: BinaryRow, a: DType, b: DType): DType {
  if (r.dtype === "bool") return "bool";
  const p = promote(a, b);
  return r.dtype === "float" ? floatOf(p) : p;
}

/** The last dimension is not the one stepping through memory fastest (and nothing is broadcast). */
function transposed(t: Tensor): boolean {
  const nd = t.ndim;
  return nd >= 2 && t.numel() >= 1024 && t.strides.every((s) => s !== 0) && Math.abs(t.strides[nd - 1]) > Math.abs(t.strides[nd - 2]);
}

function binaryForward(name: BinaryName, r: BinaryRow, a: Tensor, b: Tensor): Tensor {
  const dtype = resultDType(r, a.dtype, b.dtype);
  // fast paths without broadcasting bookkeeping: equal contiguous shapes, or a one-element
  // operand of no more dimensions than the other (a scalar, a bias of shape [1]), read at stride 0
  const ac = a.isContiguous();
  const bc = b.isContiguous();
  const same = sameShape(a.shape, b.shape);
  const oneB = !same && b.numel() === 1 && b.ndim <= a.ndim;
  const oneA = !same && !oneB && a.numel() === 1 && a.ndim <= b.ndim;
  if (ac && bc && (same || oneA || oneB)) {
    const shape = oneA ? b.shape : a.shape;
    const n = numel(shape);
    const dst = allocateOverwritten(dtype, n);
    const vector = vectorKernels2[name];
    if (vector !== undefined && same && n >= MAP_MIN && kernelBackend() !== "js") {
      const x = a.storage.data, y = b.storage.data;
      if (x instanceof Float64Array && y instanceof Float64Array && dst instanceof Float64Array &&
        wasmMap2(vector, x.subarray(a.offset, a.offset + n), y.subarray(b.offset, b.offset + n), dst)) {
        return Tensor.fromData(dst, shape, dtype);
      }
    }
    const flatShape = [n];
    const k = binaryKernel(name, r, a.storage.data, b.storage.data, dst);
    k(a.storage.data, oneA ? ZERO : ONE, a.offset, b.storage.data, oneB ? ZERO : ONE, b.offset, dst, flatShape);
    return Tensor.fromData(dst, shape, dtype);
  }
  const shape = broadcastShapes(name, a.shape, b.shape);
  const dst = allocateOverwritten(dtype, numel(shape));
  const at = !ac && transposed(a), bt = !bc && transposed(b);
  if ((at || bt) && shape.length === 2 && a.ndim === 2 && b.ndim === 2) {
    // a transposed operand of a 2-D result: walk the result in tiles (its rows are far apart)
    const key = kindKey(rowIndex.get(name)!, a.storage.data, b.storage.data, dst);
    let t = tiledKernels.get(key);
    if (!t) tiledKernels.set(key, (t = compileBinaryTiled(r.forward, `${name}_${key}`)));
    const [sa, sb] = [broadcastStrides(a.shape, a.strides, shape), broadcastStrides(b.shape, b.strides, shape)];
    t(a.storage.data, a.offset, sa[0], sa[1], b.storage.data, b.offset, sb[0], sb[1], dst, shape[0], shape[1]);
    return Tensor.fromData(dst, shape, dtype);
  }
  // otherwise a transposed operand is copied in cache-friendly tiles first
  if (at) a = Tensor.fromData(a.values(), a.shape, a.dtype);
  if (bt) b = Tensor.fromData(b.values(), b.shape, b.dtype);
  // the output is contiguous: its strides join the merge of dimensions walked as one
  const c = coalesce(shape, [broadcastStrides(a.shape, a.strides, shape), broadcastStrides(b.shape, b.strides, shape), contiguousStrides(shape)]);
  const k = binaryKernel(name, r, a.storage.data, b.storage.data, dst);
  k(a.storage.data, c.strides[0], a.offset, b.storage.data, c.strides[1], b.offset, dst, c.shape);
  return Tensor.fromData(dst, shape, dtype);
}

// ------------------------------------------------------------------ fused derivative kernels
//
// Numbers are a third implementation of the rule algebra. In a backward pass that records
// nothing (createGraph false, no forward-mode level active), an elementwise row's cotangent
// ct·∂out/∂x is computed in one loop compiled from the row's own `deriv` (rule-loop.ts),
// instead of one tensor op (and one temporary) per step of the rule: same rule, no copy of it.

/** The rule algebra on plain numbers: each op is its row's scalar kernel. */
export const N: Fns<number> = Object.fromEntries([
  // (one go, as in fns: see there)
  ["where", (c: number, a: number, b: number) => (c ? a : b)],
  ["kink", (c: number, k: number, e: number) => (c ? k : e)],
  ...unaryNames.map((name) => [name, unaryOps[name].forward]),
  ...binaryNames.map((name) => [name, binaryOps[name].forward]),
]) as Fns<number>;

type FusedUnary = (ct: ArrayLike<number>, cs: number, x: ArrayLike<number>, xs: number, o: ArrayLike<number>, os: number, dst: TypedArray, n: number) => void;
type FusedBinary = (
  ct: ArrayLike<number>, cs: number, x: ArrayLike<number>, xs: number, y: ArrayLike<number>, ys: number, o: ArrayLike<number>, os: number,
  d0: TypedArray | null, d1: TypedArray | null, n: number,
) => void;

/**
 * Each operand is read at stride 1 (`a[i]`) or 0 (one value, loaded once before the loop):
 * the strides are written into the loop as constants, since an index computed as `i * s`
 * costs an overflow check per element (binaryCrossEntropy's ∂/∂p loop over 10,000 elements:
 * 96 against 65 µs here).
 */
function read(v: string, arr: string, stride: number): { before: string; inside: string } {
  return stride === 0 ? { before: `const ${v} = ${arr}[0];`, inside: "" } : { before: "", inside: `const ${v} = ${arr}[i];` };
}

function compileFusedUnary(deriv: UnaryRow["deriv"], cs: number, xs: number, os: number): FusedUnary {
  const { prelude, body, outputs, reads } = compileRule((f, x, out) => [deriv(f, x, out)], ["X", "O"], [true]);
  const loads = [read("C", "ct", cs), reads.has("X") ? read("X", "x", xs) : null, reads.has("O") ? read("O", "o", os) : null];
  return new Function("F", `${prelude} return function fusedUnaryVjp(ct, cs, x, xs, o, os, dst, n) {
    ${loads.map((l) => l?.before ?? "").join(" ")}
    ${unrolled("n", `${loads.map((l) => l?.inside ?? "").join(" ")} ${body} dst[i] = C * ${outputs[0]};`)}
  };`)(N);
}

/**
 * One loop per set of needed gradients, holding only the steps of the rule those need
 * (see rule-loop.ts): binaryCrossEntropy's ∂/∂y (two logarithms) is skipped for labels.
 */
function compileFusedBinary(deriv: NonNullable<BinaryRow["deriv"]>, need0: boolean, need1: boolean, cs: number, xs: number, ys: number, os: number): FusedBinary {
  const { prelude, body, outputs, reads } = compileRule((f, x, y, out) => deriv(f, x, y, out), ["X", "Y", "O"], [need0, need1]);
  const loads = [read("C", "ct", cs), reads.has("X") ? read("X", "x", xs) : null, reads.has("Y") ? read("Y", "y", ys) : null, reads.has("O") ? read("O", "o", os) : null];
  return new Function("F", `${prelude} return function fusedBinaryVjp(ct, cs, x, xs, y, ys, o, os, d0, d1, n) {
    ${loads.map((l) => l?.before ?? "").join(" ")}
    ${unrolled("n", `${loads.map((l) => l?.inside ?? "").join(" ")} ${body} ${need0 ? `d0[i] = C * ${outputs[0]};` : ""} ${need1 ? `d1[i] = C * ${outputs[1]};` : ""}`)}
  };`)(N);
}

/** Fusing applies when nothing records: no graph for a second derivative, no tangents to push. */
function fusable(...ts: (Tensor | null)[]): boolean {
  if (activeLevels.length > 0) return false;
  return !isGradEnabled() || ts.every((t) => t === null || !t._requiresGrad);
}

/**
 * Values of `t` as if broadcast to `shape`, with the stride to read them at: a one-element
 * tensor is read in place at stride 0, anything else row-major at stride 1 (`fallback`
 * when t was not saved).
 */
function operandAs(t: Tensor | null, shape: readonly number[], fallback: [ArrayLike<number>, number]): [ArrayLike<number>, number] {
  if (t === null) return fallback;
  if (t.numel() === 1) return [t.storage.data.subarray(t.offset, t.offset + 1), 0];
  return [expandTo(t, shape).values(), 1];
}

/** A cotangent's values: in place at stride 0 when it is one value broadcast, else row-major. */
function cotangent(ct: Tensor): [ArrayLike<number>, number] {
  if (ct.strides.every((s) => s === 0)) return [ct.storage.data.subarray(ct.offset, ct.offset + 1), 0];
  return [ct.values(), 1];
}

// ------------------------------------------------------------------ rows -> primitives

/** ct · d, skipping the multiply for the constants ±1. */
function scale(ct: Tensor, d: Tensor | number): Tensor {
  if (d === 1) return ct;
  if (d === -1) return unary("neg", ct);
  return binary("mul", ct, d);
}

const unaryCases = (r: UnaryRow) => [{ shapes: [[3, 4]], params: null, domain: [r.domain.lo, r.domain.hi] as const, smooth: r.smooth }];
const binaryCases = [[[3, 4], [3, 4]], [[3, 4], [4]], [[2, 1, 3], [4, 1]], [[], [2, 3]]];

function unaryPrimitive(name: UnaryName): OpRow<null> {
  const r = unaryOps[name];
  const deriv = (x: Tensor | null, out: Tensor | null) => r.deriv(T, x as Tensor, out as Tensor);
  // rows whose rule reads no primal (neg, sign) have constant derivatives: nothing to fuse
  const fused = new Map<number, FusedUnary>();
  const times = (t: Tensor, ctx: Ctx<null>): Tensor => {
    const x = ctx.inputs[0], out = ctx.out;
    if (r.saves.length === 0 || !isFloat(t.dtype) || !fusable(t, x, out)) return scale(t, deriv(x, out));
    const c = cotangent(t);
    const n = t.numel();
    const dst = allocateOverwritten(t.dtype, n);
    const [xv, xs] = operandAs(x, t.shape, c);
    const [ov, os] = operandAs(out, t.shape, c);
    const key = kindKey(c[1] * 4 + xs * 2 + os, c[0], xv, ov, dst);
    let loop = fused.get(key);
    if (!loop) fused.set(key, (loop = compileFusedUnary(r.deriv, c[1], xs, os)));
    loop(c[0], c[1], xv, xs, ov, os, dst, n);
    return Tensor.fromData(dst, t.shape, t.dtype);
  };
  return {
    gradFn: `${r.torch}Backward0`,
    forward: ([x]) => unaryForward(name, r, x),
    jvp: ([dx], ctx) => times(dx!, ctx),
    vjp: (ct, ctx) => [times(ct, ctx)],
    saves: r.saves.map((s) => (s === "x" ? 0 : "out")),
    test: unaryCases(r),
  };
}

function binaryPrimitive(name: BinaryName): OpRow<null> {
  const r = binaryOps[name];
  const deriv = r.deriv;
  const saves = r.saves.map((s) => (s === "x" ? 0 : s === "y" ? 1 : "out"));
  const domains = r.domain.map((d) => [d.lo, d.hi] as const);
  const cases = binaryCases.map((shapes) => ({ shapes, params: null, smooth: r.smooth, domains }));
  if (!deriv) {
    const none = () => [null, null] as const;
    return {
      gradFn: `${r.torch}Backward0`, forward: ([a, b]) => binaryForward(name, r, a, b),
      jvp: () => { throw new Error(`${name} is not differentiable`); }, vjp: none, saves: [], nondiff: [0, 1], test: cases, broadcasts: true,
    };
  }
  const d = (ctx: { inputs: readonly (Tensor | null)[]; out: Tensor | null }) =>
    deriv(T, ctx.inputs[0] as Tensor, ctx.inputs[1] as Tensor, ctx.out as Tensor);
  const fused = new Map<number, FusedBinary>();
  return {
    gradFn: `${r.torch}Backward0`,
    forward: ([a, b]) => binaryForward(name, r, a, b),
    jvp: ([da, db], ctx) => {
      const [d0, d1] = d(ctx);
      const ta = da ? scale(da, d0) : null;
      const tb = db ? scale(db, d1) : null;
      const t = ta && tb ? binary("add", ta, tb) : (ta ?? tb)!;
      return sameShape(t.shape, ctx.out!.shape) ? t : t.expand(ctx.out!.shape);
    },
    vjp: (ct, ctx) => {
      const [x, y, out] = [ctx.inputs[0], ctx.inputs[1], ctx.out];
      if (saves.length > 0 && isFloat(ct.dtype) && fusable(ct, x, y, out)) {
        // one loop evaluates the rule per element (see N); add/sub (constant rules) never get here
        const c = cotangent(ct);
        const n = ct.numel();
        const g0 = ctx.needs[0] ? allocateOverwritten(ct.dtype, n) : null;
        const g1 = ctx.needs[1] ? allocateOverwritten(ct.dtype, n) : null;
        const [xv, xs] = operandAs(x, ct.shape, c);
        const [yv, ys] = operandAs(y, ct.shape, c);
        const [ov, os] = operandAs(out, ct.shape, c);
        const bits = (ctx.needs[0] ? 32 : 0) + (ctx.needs[1] ? 16 : 0) + c[1] * 8 + xs * 4 + ys * 2 + os;
        const key = kindKey(bits, c[0], xv, yv, ov, g0 ?? g1);
        let loop = fused.get(key);
        if (!loop) fused.set(key, (loop = compileFusedBinary(deriv, ctx.needs[0], ctx.needs[1], c[1], xs, ys, os)));
        loop(c[0], c[1], xv, xs, yv, ys, ov, os, g0, g1, n);
        return [g0 && Tensor.fromData(g0, ct.shape, ct.dtype), g1 && Tensor.fromData(g1, ct.shape, ct.dtype)];
      }
      const [d0, d1] = d(ctx);
      return [ctx.needs[0] ? scale(ct, d0) : null, ctx.needs[1] ? scale(ct, d1) : null];
    },
    saves,
    test: cases,
    broadcasts: true,
  };
}

/** The dispatchable primitive of every unary row. */
export const unaryPrimitives = Object.fromEntries(unaryNames.map((n) => [n, unaryPrimitive(n)])) as { [P in UnaryName]: OpRow<null> };
/** The dispatchable primitive of every binary row. */
export const binaryPrimitives = Object.fromEntries(binaryNames.map((n) => [n, binaryPrimitive(n)])) as { [P in BinaryName]: OpRow<null> };

// ------------------------------------------------------------------ public entry points

/** Constant operands are immutable 0-d tensors (nothing writes to them), so they are shared. */
const constants: Record<DType, Map<number, Tensor>> = { float64: new Map(), float32: new Map(), int32: new Map(), bool: new Map() };

function constant(n: number, dtype: DType): Tensor {
  const cache = constants[dtype];
  let t = cache.get(n);
  if (t === undefined) {
    if (cache.size > 4096) cache.clear();
    t = scalarTensor(n, dtype);
    cache.set(n, t);
  }
  return t;
}

/** @internal Make a tensor of a scalar operand, typed as PyTorch's "weak" scalars. */
export function operand(v: TensorOrScalar, other: TensorOrScalar): Tensor {
  if (v instanceof Tensor) return v;
  const n = Number(v);
  let dtype: DType = "float64";
  if (other instanceof Tensor) {
    if (isFloat(other.dtype)) dtype = other.dtype;
    else if (typeof v === "boolean") dtype = other.dtype;
    else if (Number.isInteger(n)) dtype = "int32";
  } else if (typeof v === "boolean") dtype = "bool";
  return constant(n, dtype);
}

/** Apply a unary row by name. */
export function unary(name: UnaryName, x: Tensor): Tensor {
  return apply(unaryPrimitives[name], [x], null);
}

// PyTorch computes 1 - x as rsub and 2 / x as reciprocal(x) * 2, and names the nodes so
const RSUB: Partial<Record<BinaryName, string>> = { sub: "RsubBackward1", div: "MulBackward0" };

/**
 * @internal `x = op(x, other)` written straight into x's storage, for the in-place methods
 * (`add_`, `mul_`, …), in one pass where computing out of place and copying back takes two.
 * Only when it is plainly safe: x contiguous and floating, the result of x's dtype, `other`
 * contiguous of x's shape or a single value, and not another view of x's storage (x itself
 * is fine: each element is read before it is written). Returns false otherwise, and the
 * caller takes the general path.
 */
export function binaryInPlace(name: BinaryName, x: Tensor, other: TensorOrScalar): boolean {
  const b = operand(other, x);
  const r = binaryOps[name];
  if (!isFloat(x.dtype) || resultDType(r, x.dtype, b.dtype) !== x.dtype || !x.isContiguous() || !b.isContiguous()) return false;
  const scalar = b.numel() === 1 && b.ndim <= x.ndim;
  if (!scalar && !sameShape(b.shape, x.shape)) return false;
  if (b.storage === x.storage && !(b.offset === x.offset && sameShape(b.shape, x.shape))) return false;
  const n = x.numel();
  const data = x.storage.data;
  const k = binaryKernel(name, r, data, b.storage.data, data);
  k(data, ONE, x.offset, b.storage.data, scalar ? ZERO : ONE, b.offset, data.subarray(x.offset, x.offset + n), [n]);
  x._bumpVersion();
  return true;
}

/** Apply a binary row by name; either operand may be a plain number. */
export function binary(name: BinaryName, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    throw new TypeError(`${name}: at least one operand must be a tensor (got ${typeof a} and ${typeof b})`);
  }
  const ta = operand(a, b);
  const tb = operand(b, a);
  let name2: string | undefined;
  if (name === "pow") name2 = b instanceof Tensor ? (a instanceof Tensor ? "PowBackward1" : "PowBackward2") : "PowBackward0";
  else if (!(a instanceof Tensor)) name2 = RSUB[name];
  return apply(binaryPrimitives[name], [ta, tb], null, name2);
}

/**
 * Clamp into [min, max]. Composed from `where`, which gives PyTorch's subgradient:
 * the gradient passes where min ≤ x ≤ max, bounds included.
 * @example
 * tensor([-2, 0.5, 3]).clamp(0, 1); // tensor([0.0000, 0.5000, 1.0000])
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  if (min === undefined && max === undefined) throw new TypeError("clamp: give at least one of min and max");
  // min first, then max: when min > max every element becomes max with zero gradient, as PyTorch.
  let y = x;
  if (min !== undefined) y = where(binary("lt", y, min), operand(min, x), y);
  if (max !== undefined) y = where(binary("gt", y, max), operand(max, x), y);
  if (y.gradFn) y.gradFn.name = "ClampBackward1";
  return y;
}

/** ln(1 + x), composed. */
export function log1p(x: Tensor): Tensor {
  return unary("log", binary("add", x, 1));
}

// ------------------------------------------------------------------ the Tensor algebra

/** Tensors implement the rule algebra, so rules run in reverse and forward mode. */
export const tensorAlgebra: Algebra<Tensor> = {
  num: (v, like) => operand(v, like),
  unary: (op, x) => unary(op, x),
  binary: (op, a, b) => binary(op, a, b),
  where: (c, a, b) => where(c, a, b),
  kink: (c, atKink, elsewhere) => where(c, atKink, elsewhere),
};

/** The rule-facing functions over tensors. */
export const T: Fns<Tensor> = fns(tensorAlgebra, unaryNames, binaryNames);

/** @internal */
export { isContiguous };
