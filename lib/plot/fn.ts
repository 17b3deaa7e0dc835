/** `plot.fn`: a function of one variable, optionally with its derivative and tangent lines. */
import { Figure, FigureOptions, Trace, baseLayout } from "./figure";
import { clean, finiteRange, linspace } from "./data";
import { Function1, curve } from "./sample";

/** Options of `plot.fn`. */
export interface FnOptions extends FigureOptions {
  /** Also draw f′ (autograd for tensor functions, symbolic for expressions, else central differences). */
  derivative?: boolean;
  /** Draw the tangent line at these points (one number or several). */
  tangentAt?: number | readonly number[];
  /** Samples over the range (default 400). */
  n?: number;
  /** The legend name of f (default: the function's body when short, or the expression). */
  name?: string;
  /** The variable of an expression (default "x"). */
  variable?: string;
  /** Fix the y range (by default it fits f, and f′ when drawn). */
  yRange?: [number, number];
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const r = Number(v.toPrecision(4));
  return Object.is(r, -0) ? "0" : String(r).replace(/^-/, "−");
}

/** "y = 2x − 1" for a line through (a, fa) with slope m. */
export function tangentEquation(a: number, fa: number, m: number): string {
  const b = fa - m * a;
  const ms = fmt(m);
  const slope = ms === "0" ? "" : ms === "1" ? "x" : ms === "−1" ? "−x" : `${ms}x`;
  const bs = fmt(Math.abs(b));
  if (bs === "0") return `y = ${slope || "0"}`;
  if (!slope) return `y = ${b < 0 ? "−" : ""}${bs}`;
  return `y = ${slope} ${b < 0 ? "−" : "+"} ${bs}`;
}

/**
 * Plot f over [a, b], with its derivative and tangent lines when asked. f may be a JS
 * function of a number, a tensor function (elementwise; f′ by autograd), or a symbolic
 * expression (`evaluate({ x })`, f′ by its `diff`).
 * @example
 * import { plot, sym } from "gradlab";
 * plot.fn(Math.sin, [0, 2 * Math.PI], { derivative: true, tangentAt: Math.PI / 4 });
 * plot.fn((x) => x.pow(3), [-2, 2], { derivative: true });   // x: Tensor, f′ by autograd
 */
export function fn(f: Function1, range: readonly [number, number], options: FnOptions = {}): Figure {
  const where = "plot.fn";
  const [a, b] = range;
  const xs = linspace(a, b, options.n ?? 400);
  const c = curve(f, a + 0.37 * (b - a), where, options.variable);
  const name = options.name ?? c.name;
  const ys = c.values(xs);
  const traces: Trace[] = [{ type: "scatter", mode: "lines", x: xs, y: clean(ys), name, line: { width: 2.5 } }];
  const fitted: number[][] = [ys];
  const tangents = options.tangentAt === undefined ? [] : typeof options.tangentAt === "number" ? [options.tangentAt] : [...options.tangentAt];
  if (options.derivative) {
    const dys = c.derivative(xs);
    fitted.push(dys);
    const wrapped = /^[\w.]+(\(.*\))?$/.test(name) ? name : `(${name})`;
    traces.push({ type: "scatter", mode: "lines", x: xs, y: clean(dys), name: `d/dx ${wrapped} (${c.method})`, line: { width: 2, dash: "dash" } });
  }
  if (tangents.length) {
    const fa = c.values(tangents);
    const ms = c.derivative(tangents);
    tangents.forEach((t, i) => {
      const eq = tangentEquation(t, fa[i], ms[i]);
      traces.push({
        type: "scatter",
        mode: "lines",
        x: [a, b],
        y: clean([fa[i] + ms[i] * (a - t), fa[i] + ms[i] * (b - t)]),
        name: `tangent at x = ${fmt(t)}: ${eq}`,
        line: { width: 1.5, dash: "dot" },
      });
    });
    traces.push({ type: "scatter", mode: "markers", x: tangents, y: clean(fa), name: "points of tangency", marker: { size: 9 }, showlegend: false });
  }
  const layout = baseLayout(options, { xaxis: { range: [a, b], zeroline: true } });
  const yr = options.yRange ?? (tangents.length ? finiteRange(...fitted) : undefined);
  if (yr) {
    const pad = (yr[1] - yr[0]) * 0.08 || 1;
    layout.yaxis = { ...(layout.yaxis as object), range: options.yRange ?? [yr[0] - pad, yr[1] + pad] };
  }
  return new Figure(traces, layout);
}
