/** `plot.line` and `plot.scatter`: curves and point clouds from numbers or tensors. */
import { Figure, FigureOptions, Trace, baseLayout } from "./figure";
import { Numbers, clean, isTensor, toNumbers } from "./data";

/** Options of `plot.line` and `plot.scatter`. */
export interface LineOptions extends FigureOptions {
  /** Legend name (one series), or names of several series in order. */
  name?: string | readonly string[];
  /** Plotly's mode: "lines", "markers" or "lines+markers". */
  mode?: string;
  /** Log-scale y axis. */
  logY?: boolean;
  /** Log-scale x axis (with logY: a log-log plot, e.g. finite-difference error against h). */
  logX?: boolean;
}

/** Several series: a list of y arrays, or named ones `{ sin: ys, cos: yc }`. */
export type Series = Numbers | readonly Numbers[] | { readonly [name: string]: Numbers };

function seriesOf(ys: Series, where: string, names?: string | readonly string[]): { name?: string; y: number[] }[] {
  const nameAt = (i: number) => (typeof names === "string" ? names : names?.[i]);
  if (isTensor(ys) && ys.ndim === 2) return Array.from({ length: ys.shape[0] }, (_, i) => ({ name: nameAt(i), y: toNumbers(ys.index(i), where) }));
  if (isTensor(ys) || ArrayBuffer.isView(ys)) return [{ name: nameAt(0), y: toNumbers(ys as Numbers, where) }];
  if (Array.isArray(ys)) {
    if (ys.length > 0 && (Array.isArray(ys[0]) || isTensor(ys[0]) || ArrayBuffer.isView(ys[0]))) {
      return (ys as readonly Numbers[]).map((y, i) => ({ name: nameAt(i), y: toNumbers(y, where) }));
    }
    return [{ name: nameAt(0), y: toNumbers(ys as readonly number[], where) }];
  }
  if (ys && typeof ys === "object") return Object.entries(ys as Record<string, Numbers>).map(([name, y]) => ({ name, y: toNumbers(y, where) }));
  throw new TypeError(`${where}: expected y values (an array, a tensor, a list of them or { name: values }), got ${typeof ys}`);
}

function xy(where: string, mode: string, x: Numbers | Series, y: Series | undefined, options: LineOptions): Figure {
  const series = y === undefined ? seriesOf(x as Series, where, options.name) : seriesOf(y, where, options.name);
  const xs = y === undefined ? undefined : toNumbers(x as Numbers, where);
  const traces: Trace[] = series.map((s, i) => {
    if (xs && xs.length !== s.y.length) {
      throw new RangeError(`${where}: x has ${xs.length} values but series ${s.name ? `"${s.name}"` : i} has ${s.y.length}; they must match`);
    }
    const t: Trace = { type: "scatter", mode: options.mode ?? mode, x: xs ?? s.y.map((_, k) => k), y: clean(s.y) };
    if (s.name) t.name = s.name;
    return t;
  });
  const layout = baseLayout(options, { showlegend: traces.length > 1 || traces.some((t) => t.name) });
  if (options.logY) layout.yaxis = { ...(layout.yaxis as object), type: "log" };
  if (options.logX) layout.xaxis = { ...(layout.xaxis as object), type: "log" };
  return new Figure(traces, layout);
}

/**
 * Line plot of y against x (or against 0..n-1 when only y is given). y may hold several
 * series: a list of arrays, a 2-d tensor (one row per series) or `{ name: values }`.
 * @example
 * import { plot, linspace } from "gradlab";
 * const x = linspace(0, 6.28, 100);
 * plot.line(x, { sin: x.sin(), cos: x.cos() }, { title: "sin and cos" });
 * plot.line([3, 1, 4, 1, 5]);
 */
export function line(x: Numbers | Series, y?: Series, options: LineOptions = {}): Figure {
  return xy("plot.line", "lines", x, y, options);
}

/**
 * Scatter plot of points (x[i], y[i]).
 * @example
 * import { plot, randn } from "gradlab";
 * plot.scatter(randn([100]), randn([100]), { title: "noise" });
 */
export function scatter(x: Numbers, y: Series, options: LineOptions = {}): Figure {
  return xy("plot.scatter", "markers", x, y, options);
}
