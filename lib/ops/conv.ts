/**
 * Convolution. Primitives: unfold (im2col) and its transpose fold (col2im);
 * conv2d and the two products of its backward pass (the input and the weight gradients),
 * three bilinear rows whose rules are written in terms of each other (as PyTorch's
 * convolution_backward). conv2d is a row of its own, not unfold then a matmul, for memory:
 * its kernels build the columns of one image at a time, where the composite writes those
 * of the whole batch (66 MB for the UFLDL layer) in forward and again in backward.
 * Every one of them is differentiable to any order. Pooling is in pool.ts.
 */
import { Tensor } from "../tensor/tensor";
import { allocate, allocateOverwritten } from "../tensor/dtype";
import { ShapeError, formatShape } from "../tensor/shape";
import type { Ctx, OpRow } from "./row";
import { apply } from "./dispatch";
import { binary } from "./elementwise";
import { expand, reshape } from "./movement";
import { sum } from "./reduce";
import { WASM_MIN, kernelBackend } from "../kernels/matmul";
import { MatrixView, wasmUnfold } from "../kernels/wasm-gemm";
import { ConvGeometry, ConvJob, wasmConv } from "../kernels/wasm-conv";
import { gemmStrided } from "../kernels/gemm";

export type Pair = readonly [number, number];

export interface UnfoldParam {
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  /** Spatial size of the image side (needed by fold to know its output). */
  size: Pair;
}

/** @internal Output size of a sliding window over an image side; a ShapeError when it does not fit. */
export function outSize(op: string, size: Pair, p: Omit<UnfoldParam, "size">): [number, number] {
  const oh = Math.floor((size[0] + 2 * p.padding[0] - p.kernel[0]) / p.stride[0]) + 1;
  const ow = Math.floor((size[1] + 2 * p.padding[1] - p.kernel[1]) / p.stride[1]) + 1;
  if (oh <= 0 || ow <= 0) {
    throw new ShapeError(`${op}: kernel ${p.kernel[0]}×${p.kernel[1]} (padding ${p.padding[0]}, ${p.padding[1]}) does not fit the ${size[0]}×${size[1]} input`);
  }
  return [oh, ow];
}

/**
 * im2col (unfold: cols[col] = img[i]) or its transpose col2im (fold: img[i] += cols[col])
 * over every (channel, kernel offset, image, output row); the valid output columns of a
 * row are computed once, so the inner loop is a plain strided copy with no bounds test.
 */
function im2col(
  N: number, C: number, p: UnfoldParam, img: ArrayLike<number> & { [i: number]: number }, cols: ArrayLike<number> & { [i: number]: number }, fold: boolean,
  colStrides?: readonly number[], colOffset = 0,
): void {
  const [H, W] = p.size;
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [oh, ow] = outSize(fold ? "fold" : "unfold", p.size, p);
  const L = oh * ow;
  const K = C * kh * kw;
  // strides of the columns [N, K, L] (fold may read a strided view, e.g. a broadcast gradient)
  const [sn, sk, sl] = colStrides ?? [K * L, L, 1];
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const imgBase = (n * C + c) * H * W;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const colBase = colOffset + n * sn + ((c * kh + i) * kw + j) * sk;
          // output columns x whose input column x·sw - pw + j lies inside [0, W)
          const x0 = Math.max(0, Math.ceil((pw - j) / sw));
          const x1 = Math.min(ow, Math.floor((W - 1 + pw - j) / sw) + 1);
          if (x1 <= x0) continue;
          for (let y = 0; y < oh; y++) {
            const iy = y * sh - ph + i;
            if (iy < 0 || iy >= H) continue;
            let q = colBase + (y * ow + x0) * sl;
            let r = imgBase + iy * W + x0 * sw - pw + j;
            const end = q + (x1 - x0) * sl;
            if (fold) for (; q !== end; q += sl, r += sw) img[r] += cols[q];
            else for (; q < end; q++, r += sw) cols[q] = img[r];
          }
        }
      }
    }
  }
}

export const unfoldRow: OpRow<UnfoldParam> = {
  gradFn: "Im2ColBackward0",
  forward: ([x], p) => {
    const [N, C] = x.shape;
    const [oh, ow] = outSize("unfold", p.size, p);
    const K = C * p.kernel[0] * p.kernel[1];
    const out = allocate(x.dtype, N * K * oh * ow);
    const t = Tensor.fromData(out, [N, K, oh * ow], x.dtype);
    const [H, W] = p.size;
    // overlapping windows (a convolution's) multiply the data: build them in WebAssembly memory,
    // where the matrix product that follows finds them without another copy
    const fast = out instanceof Float64Array && kernelBackend() !== "js" && out.length >= 4 * x.numel() &&
      wasmUnfold(x.values(), out, t.storage, t.storage.version, N, C, H, W, p.kernel[0], p.kernel[1], p.stride[0], p.stride[1], p.padding[0], p.padding[1], oh, ow);
    if (!fast) im2col(N, C, p, x.values(), out, false);
    return t;
  },
  // linear: unfold the tangent; transpose: fold (sum overlapping windows back)
  jvp: ([dx], { params }) => apply(unfoldRow, [dx!], params),
  vjp: (ct, { params }) => [apply(foldRow, [ct], params)],
  saves: [],
  test: [{ shapes: [[2, 2, 5, 4]], params: { kernel: [3, 2], stride: [2, 1], padding: [1, 0], size: [5, 4] } }],
};

export const foldRow: OpRow<UnfoldParam> = {
  gradFn: "Col2ImBackward0",
  forward: ([cols], p) => {
    const [oh, ow] = outSize("fold", p.size, p);
    const L = oh * ow;
    const [N, K] = cols.shape;
    const C = K / (p.kernel[0] * p.kernel[1]);
    if (cols.ndim !== 3 || !Number.isInteger(C) || cols.shape[2] !== L) {
      throw new ShapeError(`fold: columns of shape ${formatShape(cols.shape)} do not match kernel ${p.kernel[0]}×${p.kernel[1]} with ${L} windows over a ${p.size[0]}×${p.size[1]} image`);
    }
    const out = allocate(cols.dtype, N * C * p.size[0] * p.size[1]);
    // read the columns in place, strided (no gather of a broadcast or transposed gradient)
    if (cols.strides[2] !== 0) im2col(N, C, p, out, cols.storage.data, true, cols.strides, cols.offset);
    else im2col(N, C, p, out, cols.values(), true);
    return Tensor.fromData(out, [N, C, p.size[0], p.size[1]], cols.dtype);
  },
  // linear: fold the tangent; transpose: unfold
  jvp: ([dc], { params }) => apply(foldRow, [dc!], params),
  vjp: (ct, { params }) => [apply(unfoldRow, [ct], params)],
  saves: [],
  // (the previous case [2, 12, 6] did not match: this kernel has 3×3 = 9 windows)
  test: [{ shapes: [[2, 12, 9]], params: { kernel: [3, 2], stride: [2, 1], padding: [1, 0], size: [5, 4] } }],
};

// ------------------------------------------------------------------ conv2d and its backward products

/** A contiguous operand for the WebAssembly kernels (keyed by its storage when it is one). */
function view(t: Tensor): MatrixView {
  if (t.isContiguous()) return { data: t.storage.data, off: t.offset, rs: t.numel(), cs: 1, key: t.storage, version: t.storage.version };
  return { data: t.values(), off: 0, rs: t.numel(), cs: 1 };
}

/**
 * One convolution job (see kernels/wasm-conv.ts): forward (x, w) → y, weight (x, g) → dw,
 * input (w, g) → dx. WebAssembly when available and worth it, else the same per-image
 * loops in TypeScript: im2col of one image, one product, col2im for the input gradient.
 */
function convJob(job: ConvJob, a: Tensor, b: Tensor, p: UnfoldParam, bias?: Tensor): Tensor {
  const [x, w, g] = job === "forward" ? [a, b, null] : job === "weight" ? [a, null, b] : [null, a, b];
  const [N, C] = x ? x.shape : g!.shape;
  const [O, , kh, kw] = w ? w.shape : [g!.shape[1], 0, p.kernel[0], p.kernel[1]];
  const Cin = x ? C : w!.shape[1];
  const [H, W] = p.size;
  const [oh, ow] = outSize("conv2d", p.size, p);
  const geo: ConvGeometry = { N: x ? N : g!.shape[0], C: Cin, H, W, O, kh, kw, sh: p.stride[0], sw: p.stride[1], ph: p.padding[0], pw: p.padding[1], oh, ow };
  const K = Cin * kh * kw, L = oh * ow, n = geo.N;
  const dtype = a.dtype;
  const shape = job === "forward" ? [n, O, oh, ow] : job === "weight" ? [O, Cin, kh, kw] : [n, Cin, H, W];
  const size = shape.reduce((s, d) => s * d, 1);
  if (dtype === "float64" && kernelBackend() !== "js" && (kernelBackend() === "wasm" || n * O * K * L >= WASM_MIN)) {
    const out = allocateOverwritten(dtype, size) as Float64Array;
    if (wasmConv(job, geo, view(a), view(b), out, bias && view(bias))) return Tensor.fromData(out, shape, dtype);
  }
  // (the fallback adds into its output: zeroed)
  const out = allocate(dtype, size);
  const one: UnfoldParam = { kernel: [kh, kw], stride: p.stride, padding: p.padding, size: p.size };
  const cols = allocate(dtype, K * L);
  const xv = x?.values(), wv = w?.values(), gv = g?.values(), bv = bias?.values();
  const part = job === "weight" ? allocate(dtype, O * K) : null;
  for (let i = 0; i < n; i++) {
    if (job === "input") {
      gemmStrided(wv!, 0, 1, K, gv!, i * O * L, L, 1, cols, 0, K, O, L);
      im2col(1, Cin, one, out.subarray(i * Cin * H * W, (i + 1) * Cin * H * W), cols, true);
      continue;
    }
    im2col(1, Cin, one, xv!.subarray(i * Cin * H * W, (i + 1) * Cin * H * W), cols, false);
    if (job === "forward") {
      gemmStrided(wv!, 0, K, 1, cols, 0, L, 1, out, i * O * L, O, K, L);
      if (bv) for (let o = 0; o < O; o++) for (let l = (i * O + o) * L, end = l + L; l < end; l++) out[l] += bv[o];
    }
    else {
      gemmStrided(gv!, i * O * L, L, 1, cols, 0, 1, L, part!, 0, O, L, K);
      for (let j = 0; j < O * K; j++) out[j] += part![j];
    }
  }
  return Tensor.fromData(out, shape, dtype);
}

const convParams: UnfoldParam = { kernel: [3, 2], stride: [2, 1], padding: [1, 0], size: [5, 4] };

/**
 * y = conv(x, w) (+ b): x [N, C, H, W], w [O, C, kh, kw] and, optionally, a bias b [O]
 * added to every output channel, as PyTorch's convolution op takes it. Its kernels add the
 * bias to each image's output while that is in cache, one pass over the output fewer than a
 * broadcast add after it. Bilinear in (x, w); the bias enters linearly:
 * dy = conv(dx, w) + conv(x, dw) + db, whose transposes are the two rows below, and
 * ∂L/∂b = Σ over images and positions of ∂L/∂y.
 */
export const conv2dRow: OpRow<UnfoldParam> = {
  gradFn: "ConvolutionBackward0",
  forward: ([x, w, b], p) => convJob("forward", x, w, p, b),
  jvp: ([dx, dw, db], ctx) => {
    const lin = dx || dw ? bilinearJvp(conv2dRow, [dx, dw], ctx) : null;
    if (!db) return lin!;
    const O = ctx.shapes[1][0];
    const bias = reshape(db, [1, O, 1, 1]);
    if (lin) return binary("add", lin, bias);
    const [oh, ow] = outSize("conv2d", ctx.params.size, ctx.params);
    return expand(bias, [ctx.shapes[0][0], O, oh, ow]);
  },
  vjp: (ct, { inputs: [x, w], params, needs }) => [
    needs[0] ? apply(conv2dInputRow, [ct, w!], params) : null,
    needs[1] ? apply(conv2dWeightRow, [x!, ct], params) : null,
    needs[2] ? sum(ct, [0, 2, 3]) : null,
  ],
  saves: [0, 1],
  test: [
    { shapes: [[2, 2, 5, 4], [3, 2, 3, 2]], params: convParams },
    { shapes: [[2, 2, 5, 4], [3, 2, 3, 2], [3]], params: convParams },
  ],
};

// input(g, w) = ∂<g, conv(x, w)>/∂x, the adjoint of x ↦ conv(x, w): <c, input(g, w)> = <g, conv(c, w)>
export const conv2dInputRow: OpRow<UnfoldParam> = {
  gradFn: "ConvolutionBackwardBackward0",
  forward: ([g, w], p) => convJob("input", w, g, p),
  jvp: (t, ctx) => bilinearJvp(conv2dInputRow, t, ctx),
  vjp: (ct, { inputs: [g, w], params, needs }) => [
    needs[0] ? apply(conv2dRow, [ct, w!], params) : null,
    needs[1] ? apply(conv2dWeightRow, [ct, g!], params) : null,
  ],
  saves: [0, 1],
  test: [{ shapes: [[2, 3, 3, 3], [3, 2, 3, 2]], params: convParams }],
};

// weight(x, g) = ∂<g, conv(x, w)>/∂w: <c, weight(x, g)> = <g, conv(x, c)>
export const conv2dWeightRow: OpRow<UnfoldParam> = {
  gradFn: "ConvolutionBackwardBackward0",
  forward: ([x, g], p) => convJob("weight", x, g, p),
  jvp: (t, ctx) => bilinearJvp(conv2dWeightRow, t, ctx),
  vjp: (ct, { inputs: [x, g], params, needs }) => [
    needs[0] ? apply(conv2dInputRow, [g!, ct], params) : null,
    needs[1] ? apply(conv2dRow, [x!, ct], params) : null,
  ],
  saves: [0, 1],
  test: [{ shapes: [[2, 2, 5, 4], [2, 3, 3, 3]], params: convParams }],
};

/** The tangent of a bilinear op f(a, b): f(da, b) + f(a, db) (a missing tangent is zero). */
function bilinearJvp(row: OpRow<UnfoldParam>, [da, db]: readonly (Tensor | null)[], { inputs: [a, b], params }: Ctx<UnfoldParam>): Tensor {
  return sumOf(da && apply(row, [da, b!], params), db && apply(row, [a!, db], params));
}

/** The sum of the terms present (a bilinear op's tangent has one term per tangent given). */
function sumOf(a: Tensor | null, b: Tensor | null): Tensor {
  return a && b ? binary("add", a, b) : (a ?? b)!;
}

/** @internal A number or a pair, checked. */
export function pair(op: string, v: number | Pair, what: string): Pair {
  const p: Pair = typeof v === "number" ? [v, v] : v;
  if (p.length !== 2 || !p.every((k) => Number.isInteger(k) && k >= 0)) throw new RangeError(`${op}: ${what} must be a non-negative integer or a pair (got ${v})`);
  return p;
}

/** @internal */
export function check4d(op: string, x: Tensor): void {
  if (x.ndim !== 4) throw new ShapeError(`${op}: expects input of shape [N, C, H, W] (got ${formatShape(x.shape)})`);
}

export interface ConvOptions {
  stride?: number | Pair;
  padding?: number | Pair;
}

/**
 * Sliding windows of an image batch as columns (im2col), as torch.nn.functional.unfold:
 * [N, C, H, W] → [N, C·kh·kw, L].
 */
export function unfold(x: Tensor, kernel: number | Pair, options: ConvOptions = {}): Tensor {
  check4d("unfold", x);
  const p: UnfoldParam = {
    kernel: pair("unfold", kernel, "kernel"),
    stride: pair("unfold", options.stride ?? 1, "stride"),
    padding: pair("unfold", options.padding ?? 0, "padding"),
    size: [x.shape[2], x.shape[3]],
  };
  outSize("unfold", p.size, p);
  return apply(unfoldRow, [x], p);
}

/**
 * 2-d convolution (cross-correlation, as PyTorch): x [N, C, H, W], weight [O, C, kh, kw],
 * optional bias [O]. One row (conv2dRow): the columns of each image (unfold) times the
 * weight, plus the bias.
 * @example
 * conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2])).toArray(); // [[[[4, 4], [4, 4]]]]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  check4d("conv2d", x);
  if (weight.ndim !== 4) throw new ShapeError(`conv2d: expects weight of shape [O, C, kh, kw] (got ${formatShape(weight.shape)})`);
  const [, C, H, W] = x.shape;
  const [O, Cw, kh, kw] = weight.shape;
  if (C !== Cw) {
    throw new ShapeError(`conv2d: input ${formatShape(x.shape)} has ${C} channels but weight ${formatShape(weight.shape)} expects ${Cw}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== O)) {
    throw new ShapeError(`conv2d: bias must have shape [${O}] (got ${formatShape(bias.shape)})`);
  }
  const stride = pair("conv2d", options.stride ?? 1, "stride");
  const padding = pair("conv2d", options.padding ?? 0, "padding");
  outSize("conv2d", [H, W], { kernel: [kh, kw], stride, padding });
  return apply(conv2dRow, bias ? [x, weight, bias] : [x, weight], { kernel: [kh, kw], stride, padding, size: [H, W] });
}
