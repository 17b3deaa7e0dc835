/** `plot.surface` and `plot.contour`: functions of two variables (loss landscapes) with descent paths. */
import { Figure, FigureOptions, Trace, baseLayout } from "./figure";
import { Matrix, Numbers, Path, clean, linspace, toMatrix, toNumbers, toPath } from "./data";
import { Function2, grid } from "./sample";

/** A function to sample, or values already on a grid. */
export type Surface = Function2 | { x: Numbers; y: Numbers; z: Matrix };

/** Options of `plot.surface` and `plot.contour`. */
export interface SurfaceOptions extends FigureOptions {
  /** Grid points per axis when sampling a function (default 80 for contour, 50 for surface). */
  n?: number;
  /** A descent path to draw over the landscape: `[[x, y], ...]`, a tensor [n, 2] or a list of tensors. */
  path?: Path;
  /** Several named paths, e.g. `{ SGD: p1, Adam: p2 }`. */
  paths?: { readonly [name: string]: Path };
  /** Number of contour levels (default 25). */
  levels?: number;
  /** Colour by log(z − min + 1e-12), for landscapes spanning decades. */
  log?: boolean;
  /** Plotly colorscale name (default "Viridis"). */
  colorscale?: string;
  /** Variables of an expression (default ["x", "y"]). */
  variables?: [string, string];
}

interface Sampled {
  xs: number[];
  ys: number[];
  z: number[][];
  /** Evaluate the same function at points (for paths drawn on a surface). */
  at?: (x: number, y: number) => number;
}

function sample(f: Surface, xRange: readonly [number, number] | undefined, yRange: readonly [number, number] | undefined, n: number, where: string, vars?: [string, string]): Sampled {
  if (f && typeof f === "object" && "z" in f && !("evaluate" in f)) {
    const z = toMatrix(f.z, where);
    const xs = toNumbers(f.x, where);
    const ys = toNumbers(f.y, where);
    if (z.length !== ys.length || z[0].length !== xs.length) {
      throw new RangeError(`${where}: z has ${z.length} rows × ${z[0]?.length ?? 0} columns but y has ${ys.length} values and x has ${xs.length}; z[j][i] is the value at (x[i], y[j])`);
    }
    return { xs, ys, z };
  }
  if (!xRange || !yRange) throw new TypeError(`${where}: give the x and y ranges to sample a function, e.g. ${where}(f, [-2, 2], [-2, 2])`);
  const xs = linspace(xRange[0], xRange[1], n);
  const ys = linspace(yRange[0], yRange[1], n);
  const fn = f as Function2;
  return { xs, ys, z: grid(fn, xs, ys, where, vars), at: (x, y) => grid(fn, [x], [y], where, vars)[0][0] };
}

/** The colour transform: identity, or log10(v − min + 1e-12) with the grid's min. */
function transform(z: number[][], log: boolean | undefined): (v: number) => number {
  if (!log) return (v) => v;
  let min = Infinity;
  for (const row of z) for (const v of row) if (Number.isFinite(v) && v < min) min = v;
  return (v) => Math.log10(v - min + 1e-12);
}

function pathsOf(options: SurfaceOptions, where: string): { name: string; pts: number[][] }[] {
  const out: { name: string; pts: number[][] }[] = [];
  if (options.path !== undefined) out.push({ name: "descent path", pts: toPath(options.path, `${where} (path)`) });
  for (const [name, p] of Object.entries(options.paths ?? {})) out.push({ name, pts: toPath(p, `${where} (paths.${name})`) });
  return out;
}

const PATH_COLORS = ["#e4572e", "#ffc914", "#f0f0f0", "#17bebb", "#ff66c4", "#9bc53d"];

/**
 * Contour map of f(x, y) (a loss landscape), with descent paths drawn over it: each path
 * as a line with markers, its start as a circle and its end as a star.
 * @example
 * import { plot } from "gradlab";
 * const f = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2; // Rosenbrock
 * plot.contour(f, [-2, 2], [-1, 3], { log: true, path: [[-1.5, 2], [-1, 1], [0, 0], [1, 1]] });
 */
export function contour(f: Surface, xRange?: readonly [number, number], yRange?: readonly [number, number], options: SurfaceOptions = {}): Figure {
  const where = "plot.contour";
  const s = sample(f, xRange, yRange, options.n ?? 80, where, options.variables);
  const tf = transform(s.z, options.log);
  const traces: Trace[] = [
    {
      type: "contour",
      x: s.xs,
      y: s.ys,
      z: s.z.map((r) => clean(r.map(tf))),
      ncontours: options.levels ?? 25,
      colorscale: options.colorscale ?? "Viridis",
      contours: { coloring: "heatmap" },
      colorbar: { title: { text: options.log ? "log₁₀ f" : "f" } },
      name: options.log ? "log₁₀ f" : "f",
    },
  ];
  pathsOf(options, where).forEach(({ name, pts }, i) => {
    const color = PATH_COLORS[i % PATH_COLORS.length];
    const x = pts.map((p) => p[0]);
    const y = pts.map((p) => p[1]);
    traces.push({ type: "scatter", mode: "lines+markers", x, y, name: `${name} (${pts.length} points)`, line: { color, width: 2 }, marker: { color, size: 5 } });
    traces.push({ type: "scatter", mode: "markers", x: [x[0], x[x.length - 1]], y: [y[0], y[y.length - 1]], name: `${name}: start, end`, marker: { color, size: [11, 15], symbol: ["circle", "star"], line: { color: "#222", width: 1 } }, showlegend: false });
  });
  const layout = baseLayout(options, { legend: { orientation: "h", y: -0.15 } });
  if (xRange) layout.xaxis = { ...(layout.xaxis as object), range: [xRange[0], xRange[1]] };
  if (yRange) layout.yaxis = { ...(layout.yaxis as object), range: [yRange[0], yRange[1]] };
  return new Figure(traces, layout);
}

/**
 * 3-d surface of f(x, y), with descent paths lifted onto it.
 * @example
 * import { plot } from "gradlab";
 * plot.surface((x: number, y: number) => x * x - y * y, [-1, 1], [-1, 1], { title: "a saddle" });
 */
export function surface(f: Surface, xRange?: readonly [number, number], yRange?: readonly [number, number], options: SurfaceOptions = {}): Figure {
  const where = "plot.surface";
  const s = sample(f, xRange, yRange, options.n ?? 50, where, options.variables);
  const tf = transform(s.z, options.log);
  const traces: Trace[] = [{ type: "surface", x: s.xs, y: s.ys, z: s.z.map((r) => clean(r.map(tf))), colorscale: options.colorscale ?? "Viridis", name: "f", opacity: 0.95 }];
  pathsOf(options, where).forEach(({ name, pts }, i) => {
    const color = PATH_COLORS[i % PATH_COLORS.length];
    const z = pts.map((p) => (p.length > 2 ? p[2] : s.at ? s.at(p[0], p[1]) : NaN));
    traces.push({ type: "scatter3d", mode: "lines+markers", x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), z: clean(z.map(tf)), name, line: { color, width: 5 }, marker: { color, size: 3 } });
  });
  const layout = baseLayout({ ...options, xLabel: undefined, yLabel: undefined }, {
    scene: { xaxis: { title: { text: options.xLabel ?? "x" } }, yaxis: { title: { text: options.yLabel ?? "y" } }, zaxis: { title: { text: options.log ? "log₁₀ f" : "f" } } },
    margin: { l: 0, r: 0, t: options.title ? 50 : 10, b: 0 },
  });
  return new Figure(traces, layout);
}

