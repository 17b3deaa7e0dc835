/**
 * Convolution and pooling. Two primitives, unfold (im2col) and its transpose fold
 * (col2im); conv2d is unfold then a matmul, avgPool2d is unfold then a mean, and
 * maxPool2d gathers at the window maxima. So every one of them is differentiable to
 * any order without a rule of its own.
 */
import { Tensor } from "../tensor/tensor";
import { allocate } from "../tensor/dtype";
import { ShapeError, formatShape } from "../tensor/shape";
import type { OpRow } from "./row";
import { apply } from "./dispatch";
import { binary } from "./elementwise";
import { reshape } from "./movement";
import { mean } from "./reduce";
import { matmul } from "./linalg";
import { gather } from "./gather";
import { kernelBackend } from "../kernels/matmul";
import { wasmUnfold } from "../kernels/wasm-gemm";

type Pair = readonly [number, number];

export interface UnfoldParam {
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  /** Spatial size of the image side (needed by fold to know its output). */
  size: Pair;
}

function outSize(op: string, size: Pair, p: Omit<UnfoldParam, "size">): [number, number] {
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

function pair(op: string, v: number | Pair, what: string): Pair {
  const p: Pair = typeof v === "number" ? [v, v] : v;
  if (p.length !== 2 || !p.every((k) => Number.isInteger(k) && k >= 0)) throw new RangeError(`${op}: ${what} must be a non-negative integer or a pair (got ${v})`);
  return p;
}

function check4d(op: string, x: Tensor): void {
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
 * optional bias [O]. Composed: unfold, then one matrix product.
 * @example
 * conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2])).toArray(); // [[[[4, 4], [4, 4]]]]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  check4d("conv2d", x);
  if (weight.ndim !== 4) throw new ShapeError(`conv2d: expects weight of shape [O, C, kh, kw] (got ${formatShape(weight.shape)})`);
  const [N, C, H, W] = x.shape;
  const [O, Cw, kh, kw] = weight.shape;
  if (C !== Cw) {
    throw new ShapeError(`conv2d: input ${formatShape(x.shape)} has ${C} channels but weight ${formatShape(weight.shape)} expects ${Cw}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== O)) {
    throw new ShapeError(`conv2d: bias must have shape [${O}] (got ${formatShape(bias.shape)})`);
  }
  const stride = pair("conv2d", options.stride ?? 1, "stride");
  const padding = pair("conv2d", options.padding ?? 0, "padding");
  const [oh, ow] = outSize("conv2d", [H, W], { kernel: [kh, kw], stride, padding });
  // W [O, K] · cols [N, K, L] → [N, O, L]: one batched product (a single job for the kernels)
  const cols = unfold(x, [kh, kw], { stride, padding });
  let out = reshape(matmul(reshape(weight, [O, C * kh * kw]), cols), [N, O, oh, ow]);
  if (bias) out = binary("add", out, reshape(bias, [1, O, 1, 1]));
  if (out.gradFn) out.gradFn.name = "ConvolutionBackward0";
  return out;
}

export interface PoolOptions {
  stride?: number | Pair;
  padding?: number | Pair;
}

/**
 * Average pooling (padding counts as zeros, as PyTorch's count_include_pad=true).
 * Composed: unfold, then a mean over each window.
 */
export function avgPool2d(x: Tensor, kernel: number | Pair, options: PoolOptions = {}): Tensor {
  check4d("avgPool2d", x);
  const k = pair("avgPool2d", kernel, "kernel");
  const stride = pair("avgPool2d", options.stride ?? k, "stride");
  const padding = pair("avgPool2d", options.padding ?? 0, "padding");
  const [N, C, H, W] = x.shape;
  const [oh, ow] = outSize("avgPool2d", [H, W], { kernel: k, stride, padding });
  const cols = unfold(reshape(x, [N * C, 1, H, W]), k, { stride, padding });
  const out = reshape(mean(cols, 1), [N, C, oh, ow]);
  if (out.gradFn) out.gradFn.name = "AvgPool2DBackward0";
  return out;
}

/**
 * Max pooling; the gradient goes to the first maximum of each window (as PyTorch).
 * Composed: the window maxima's positions (no gradient) then a gather.
 */
export function maxPool2d(x: Tensor, kernel: number | Pair, options: PoolOptions = {}): Tensor {
  check4d("maxPool2d", x);
  const k = pair("maxPool2d", kernel, "kernel");
  const stride = pair("maxPool2d", options.stride ?? k, "stride");
  const padding = pair("maxPool2d", options.padding ?? 0, "padding");
  if (padding[0] * 2 > k[0] || padding[1] * 2 > k[1]) throw new RangeError(`maxPool2d: padding should be at most half the kernel size (got padding ${padding}, kernel ${k})`);
  const [N, C, H, W] = x.shape;
  const [oh, ow] = outSize("maxPool2d", [H, W], { kernel: k, stride, padding });
  const v = x.values();
  const idx = new Int32Array(N * C * oh * ow);
  for (let nc = 0; nc < N * C; nc++) {
    const base = nc * H * W;
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        let best = -Infinity;
        let at = -1;
        for (let i = 0; i < k[0]; i++) {
          const iy = y * stride[0] - padding[0] + i;
          if (iy < 0 || iy >= H) continue;
          for (let j = 0; j < k[1]; j++) {
            const ix = xo * stride[1] - padding[1] + j;
            if (ix < 0 || ix >= W) continue;
            const val = v[base + iy * W + ix];
            if (at < 0 || val > best || val !== val) {
              best = val;
              at = iy * W + ix;
              if (val !== val) break;
            }
          }
        }
        idx[(nc * oh + y) * ow + xo] = at;
      }
    }
  }
  const index = Tensor.fromData(idx, [N, C, oh * ow], "int32");
  const out = reshape(gather(reshape(x, [N, C, H * W]), 2, index), [N, C, oh, ow]);
  if (out.gradFn) out.gradFn.name = "MaxPool2DWithIndicesBackward0";
  return out;
}
