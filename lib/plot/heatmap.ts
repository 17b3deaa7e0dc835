/** `plot.heatmap` (matrices, convolution kernels) and `plot.images` (a grid of small images). */
import { Figure, FigureOptions, baseLayout } from "./figure";
import { Matrix, clean, describe, isTensor, toMatrix, toNumbers } from "./data";
import type { Tensor } from "../tensor/tensor";

/** Options of `plot.heatmap`. */
export interface HeatmapOptions extends FigureOptions {
  /** Column and row labels (default: indices). */
  x?: readonly (string | number)[];
  y?: readonly (string | number)[];
  /** Plotly colorscale; default "RdBu" centred on 0 when values have both signs, else "Viridis". */
  colorscale?: string;
  /** Write each value in its cell (default: when the matrix has at most 12 × 12 entries). */
  showValues?: boolean;
}

/**
 * A matrix as coloured cells, row 0 at the top (as the matrix is written). Values of both
 * signs get a diverging scale centred on 0, so a convolution kernel's signs read at a glance.
 * @example
 * import { plot, tensor } from "gradlab";
 * plot.heatmap(tensor([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]), { title: "Sobel x" });
 */
export function heatmap(m: Matrix, options: HeatmapOptions = {}): Figure {
  const z = toMatrix(m, "plot.heatmap");
  const rows = z.length;
  const cols = z[0]?.length ?? 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of z) for (const v of r) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const diverging = lo < 0 && hi > 0;
  const show = options.showValues ?? (rows <= 12 && cols <= 12);
  const trace = {
    type: "heatmap",
    z: z.map((r) => clean(r)),
    x: options.x ? [...options.x] : undefined,
    y: options.y ? [...options.y] : undefined,
    colorscale: options.colorscale ?? (diverging ? "RdBu" : "Viridis"),
    ...(diverging && !options.colorscale ? { zmid: 0, reversescale: true } : {}),
    ...(show ? { texttemplate: "%{z:.3~g}", hovertemplate: "row %{y}, column %{x}: %{z}<extra></extra>" } : { hovertemplate: "row %{y}, column %{x}: %{z}<extra></extra>" }),
  };
  const layout = baseLayout(options, {
    yaxis: { autorange: "reversed", scaleanchor: "x", constrain: "domain", ...(options.y ? {} : { dtick: rows <= 20 ? 1 : undefined }) },
    xaxis: { constrain: "domain", side: "top", ...(options.x ? {} : { dtick: cols <= 20 ? 1 : undefined }) },
  });
  return new Figure([trace], layout);
}

/** Options of `plot.images`. */
export interface ImagesOptions extends FigureOptions {
  /** Images per row (default: up to 10). */
  cols?: number;
  /** A caption above each image (e.g. the digit's label or a prediction). */
  labels?: readonly (string | number)[];
  /** The [height, width] of flat images (default: square). */
  shape?: [number, number];
  /** Plotly colorscale (default "Greys", dark on light). */
  colorscale?: string;
  /** Draw light on dark instead (as MNIST is stored). */
  invert?: boolean;
}

/** The images as a list of rows-of-pixels. */
function imageList(images: Tensor | readonly unknown[], shape: [number, number] | undefined): number[][][] {
  const where = "plot.images";
  const square = (n: number): [number, number] => {
    if (shape) {
      if (shape[0] * shape[1] !== n) throw new RangeError(`${where}: shape [${shape.join(", ")}] holds ${shape[0] * shape[1]} pixels but an image has ${n}`);
      return shape;
    }
    const s = Math.round(Math.sqrt(n));
    if (s * s !== n) throw new RangeError(`${where}: a flat image of ${n} pixels is not square; pass { shape: [height, width] }`);
    return [s, s];
  };
  const fromFlat = (flat: number[]): number[][] => {
    const [h, w] = square(flat.length);
    return Array.from({ length: h }, (_, i) => flat.slice(i * w, (i + 1) * w));
  };
  if (isTensor(images)) {
    const t = images.ndim === 4 && images.shape[1] === 1 ? images.reshape(images.shape[0], images.shape[2], images.shape[3]) : images;
    if (t.ndim === 3) return Array.from({ length: t.shape[0] }, (_, i) => toMatrix(t.index(i), where));
    if (t.ndim === 2) return Array.from({ length: t.shape[0] }, (_, i) => fromFlat(toNumbers(t.index(i), where)));
    throw new RangeError(`${where}: expected images of shape [n, h, w], [n, 1, h, w] or [n, h*w], got [${t.shape.join(", ")}]`);
  }
  if (!Array.isArray(images)) throw new TypeError(`${where}: expected a tensor or a list of images, got ${describe(images)}`);
  return images.map((img) => {
    if (isTensor(img)) return img.ndim === 1 ? fromFlat(toNumbers(img, where)) : toMatrix(img.ndim === 3 && img.shape[0] === 1 ? img.index(0) : img, where);
    if (Array.isArray(img) && Array.isArray(img[0])) return toMatrix(img as number[][], where);
    if (Array.isArray(img) || ArrayBuffer.isView(img)) return fromFlat(Array.from(img as ArrayLike<number>, Number));
    throw new TypeError(`${where}: an image should be a tensor, number[][] or a flat array, got ${describe(img)}`);
  });
}

/**
 * A grid of small images (digits, filters, feature maps), drawn as one mosaic so that even
 * a hundred images stay light.
 * @example
 * import { plot, rand } from "gradlab";
 * plot.images(rand([12, 8, 8]), { cols: 6, labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1] });
 */
export function images(imgs: Tensor | readonly unknown[], options: ImagesOptions = {}): Figure {
  const list = imageList(imgs, options.shape);
  if (list.length === 0) throw new RangeError("plot.images: no images to draw");
  const h = Math.max(...list.map((im) => im.length));
  const w = Math.max(...list.map((im) => im[0]?.length ?? 0));
  const cols = Math.max(1, Math.min(options.cols ?? 10, list.length));
  const rowsN = Math.ceil(list.length / cols);
  const gap = 1;
  const labelRows = options.labels ? Math.max(2, Math.ceil(h / 6)) : 0;
  const cellH = h + gap + labelRows;
  const cellW = w + gap;
  const mosaic: (number | null)[][] = Array.from({ length: rowsN * cellH }, () => new Array(cols * cellW).fill(null));
  list.forEach((im, k) => {
    const r0 = Math.floor(k / cols) * cellH + labelRows;
    const c0 = (k % cols) * cellW;
    im.forEach((row, i) => row.forEach((v, j) => (mosaic[r0 + i][c0 + j] = Number.isFinite(v) ? v : null)));
  });
  const annotations = (options.labels ?? []).slice(0, list.length).map((label, k) => ({
    x: (k % cols) * cellW + (w - 1) / 2,
    y: Math.floor(k / cols) * cellH + labelRows / 2 - 0.5,
    text: String(label),
    showarrow: false,
    font: { size: 12 },
  }));
  const px = Math.max(2, Math.min(12, Math.floor(560 / (cols * cellW))));
  const layout = baseLayout(
    { height: Math.min(900, rowsN * cellH * px + 60), ...options },
    {
      xaxis: { visible: false, constrain: "domain" },
      yaxis: { visible: false, autorange: "reversed", scaleanchor: "x", constrain: "domain" },
      annotations,
      plot_bgcolor: "rgba(0,0,0,0)",
      margin: { l: 10, r: 10, t: options.title ? 50 : 10, b: 10 },
    },
  );
  return new Figure([{ type: "heatmap", z: mosaic, colorscale: options.colorscale ?? "Greys", reversescale: !!options.invert, showscale: false, hoverongaps: false, hovertemplate: "%{z}<extra></extra>" }], layout);
}
