/**
 * Pooling. avgPool2d is a row with its transpose (spread each cotangent over its window),
 * one pass each way; maxPool2d gathers at the window maxima (positions found without
 * gradient), so its gradient is the gather's. Both are differentiable to any order.
 */
import { Tensor } from "../tensor/tensor";
import { allocate, allocateOverwritten, floatOf } from "../tensor/dtype";
import type { OpRow } from "./row";
import { apply } from "./dispatch";
import { reshape } from "./movement";
import { gather } from "./gather";
import { Pair, UnfoldParam, check4d, outSize, pair } from "./conv";

/**
 * Average pooling and its transpose (spread each cotangent evenly over its window, adding
 * where windows overlap): the image [N, C, H, W] and the pooled [N, C, oh, ow], padding
 * counting as zeros. `spread` false pools, true spreads.
 */
function avgPoolLoop(src: ArrayLike<number>, dst: { [i: number]: number }, NC: number, p: UnfoldParam, spread: boolean): void {
  const [H, W] = p.size;
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [oh, ow] = outSize("avgPool2d", p.size, p);
  const scale = 1 / (kh * kw);
  if (kh === 2 && kw === 2 && ph === 0 && pw === 0) return avgPool2x2(src, dst, NC, H, W, sh, sw, oh, ow, spread, spread && tiling2x2(p));
  for (let nc = 0; nc < NC; nc++) {
    const img = nc * H * W;
    for (let y = 0; y < oh; y++) {
      const i0 = Math.max(0, ph - y * sh), i1 = Math.min(kh, H + ph - y * sh);
      for (let x = 0; x < ow; x++) {
        const j0 = Math.max(0, pw - x * sw), j1 = Math.min(kw, W + pw - x * sw);
        const o = (nc * oh + y) * ow + x;
        const corner = img + (y * sh - ph) * W + x * sw - pw;
        if (spread) {
          const g = src[o] * scale;
          for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) dst[corner + i * W + j] += g;
        } else {
          let s = 0;
          for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) s += src[corner + i * W + j];
          dst[o] = s * scale;
        }
      }
    }
  }
}

/** The windows are 2×2 at stride 2 without padding and cover the image exactly, each element once. */
function tiling2x2(p: UnfoldParam): boolean {
  const [H, W] = p.size;
  return p.kernel[0] === 2 && p.kernel[1] === 2 && p.stride[0] === 2 && p.stride[1] === 2 && p.padding[0] === 0 && p.padding[1] === 0 &&
    H % 2 === 0 && W % 2 === 0;
}

/**
 * avgPoolLoop for 2×2 windows without padding (the UFLDL network's mean pooling): every
 * window lies inside the image, so no bounds per window, and the four terms are written out,
 * in the general loop's order (the same doubles).
 */
function avgPool2x2(
  src: ArrayLike<number>, dst: { [i: number]: number }, NC: number, H: number, W: number, sh: number, sw: number, oh: number, ow: number,
  spread: boolean, tiling: boolean,
): void {
  let o = 0;
  for (let nc = 0; nc < NC; nc++) {
    for (let y = 0; y < oh; y++) {
      const a = nc * H * W + y * sh * W, b = a + W;
      if (tiling) {
        // each element is written once, onto no earlier value
        for (let x = 0, j = 0; x < ow; x++, o++, j += 2) {
          const g = src[o] * 0.25;
          dst[a + j] = 0 + g; dst[a + j + 1] = 0 + g; dst[b + j] = 0 + g; dst[b + j + 1] = 0 + g;
        }
      } else if (spread) {
        for (let x = 0, j = 0; x < ow; x++, o++, j += sw) {
          const g = src[o] * 0.25;
          dst[a + j] += g; dst[a + j + 1] += g; dst[b + j] += g; dst[b + j + 1] += g;
        }
      } else {
        for (let x = 0, j = 0; x < ow; x++, o++, j += sw) dst[o] = (0 + src[a + j] + src[a + j + 1] + src[b + j] + src[b + j + 1]) * 0.25;
      }
    }
  }
}

const poolParams: UnfoldParam = { kernel: [3, 2], stride: [2, 1], padding: [1, 1], size: [5, 4] };

// linear: d pool(x) = pool(dx); transpose: spread
export const avgPoolRow: OpRow<UnfoldParam> = {
  gradFn: "AvgPool2DBackward0",
  forward: ([x], p) => {
    const [N, C] = x.shape;
    const [oh, ow] = outSize("avgPool2d", p.size, p);
    const out = allocate(floatOf(x.dtype), N * C * oh * ow);
    avgPoolLoop(x.values(), out, N * C, p, false);
    return Tensor.fromData(out, [N, C, oh, ow], floatOf(x.dtype));
  },
  jvp: ([dx], { params }) => apply(avgPoolRow, [dx!], params),
  vjp: (ct, { params }) => [apply(avgPoolSpreadRow, [ct], params)],
  saves: [],
  test: [{ shapes: [[2, 3, 5, 4]], params: poolParams }, { shapes: [[1, 2, 4, 6]], params: { kernel: [2, 2], stride: [2, 2], padding: [0, 0], size: [4, 6] } }],
};

// linear: d spread(c) = spread(dc); transpose: pool
export const avgPoolSpreadRow: OpRow<UnfoldParam> = {
  gradFn: "AvgPool2DBackwardBackward0",
  forward: ([c], p) => {
    const [N, C] = c.shape;
    // windows that tile the image write every element (avgPool2x2): no zero fill needed
    const out = (tiling2x2(p) ? allocateOverwritten : allocate)(c.dtype, N * C * p.size[0] * p.size[1]);
    avgPoolLoop(c.values(), out, N * C, p, true);
    return Tensor.fromData(out, [N, C, p.size[0], p.size[1]], c.dtype);
  },
  jvp: ([dc], { params }) => apply(avgPoolSpreadRow, [dc!], params),
  vjp: (ct, { params }) => [apply(avgPoolRow, [ct], params)],
  saves: [],
  test: [{ shapes: [[2, 3, 3, 5]], params: poolParams }],
};

export interface PoolOptions {
  stride?: number | Pair;
  padding?: number | Pair;
}

/**
 * Average pooling (padding counts as zeros, as PyTorch's count_include_pad=true): the
 * avgPool row, one pass over the image (the composite unfold-then-mean built the windows as
 * columns first, and its backward folded them back).
 */
export function avgPool2d(x: Tensor, kernel: number | Pair, options: PoolOptions = {}): Tensor {
  check4d("avgPool2d", x);
  const k = pair("avgPool2d", kernel, "kernel");
  const stride = pair("avgPool2d", options.stride ?? k, "stride");
  const padding = pair("avgPool2d", options.padding ?? 0, "padding");
  const size: Pair = [x.shape[2], x.shape[3]];
  outSize("avgPool2d", size, { kernel: k, stride, padding });
  return apply(avgPoolRow, [x], { kernel: k, stride, padding, size });
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
