/** `plot.training`: loss and accuracy curves from a training history. */
import { Figure, FigureOptions, Trace, baseLayout } from "./figure";
import { clean, isTensor } from "./data";

/**
 * A training history: losses per step (numbers or scalar tensors), records per epoch/step
 * (`[{ loss, accuracy, valLoss }, ...]`), or named series (`{ loss: [...], accuracy: [...] }`).
 */
export type History =
  | readonly (number | { item(): number })[]
  | readonly { readonly [metric: string]: unknown }[]
  | { readonly [metric: string]: readonly (number | { item(): number })[] };

/** Options of `plot.training`. */
export interface TrainingOptions extends FigureOptions {
  /** Log-scale axis for losses. */
  logY?: boolean;
  /** Also draw an exponential moving average with this factor in [0, 1) (e.g. 0.9) over noisy curves. */
  smooth?: number;
}

const X_KEYS = new Set(["epoch", "step", "iteration", "iter"]);
/** Metrics drawn on the right axis in [0, 1]: accuracies and friends. */
const RIGHT = /acc|precision|recall|f1|auc/i;

function num(v: unknown): number {
  if (typeof v === "number") return v;
  if (isTensor(v)) return v.item();
  if (v && typeof (v as { item?: unknown }).item === "function") return Number((v as { item(): number }).item());
  return v === null || v === undefined ? NaN : Number(v);
}

/** The series of a history and its x values (epochs or steps). */
export function historySeries(history: History): { x: number[]; xName: string; series: Map<string, number[]> } {
  const series = new Map<string, number[]>();
  let x: number[] | undefined;
  let xName = "step";
  if (Array.isArray(history)) {
    const first = history.find((h) => h !== null && h !== undefined);
    if (typeof first === "number" || isTensor(first) || (first && typeof (first as { item?: unknown }).item === "function")) {
      series.set("loss", history.map(num));
    } else {
      const keys: string[] = [];
      for (const rec of history as readonly Record<string, unknown>[]) for (const k of Object.keys(rec ?? {})) if (!keys.includes(k)) keys.push(k);
      for (const k of keys) {
        const vals = (history as readonly Record<string, unknown>[]).map((r) => num(r?.[k]));
        if (X_KEYS.has(k) && x === undefined) {
          x = vals;
          xName = k;
        } else series.set(k, vals);
      }
    }
  } else if (history && typeof history === "object") {
    for (const [k, vals] of Object.entries(history)) {
      if (!Array.isArray(vals)) throw new TypeError(`plot.training: history.${k} should be an array of numbers, got ${typeof vals}`);
      const v = vals.map(num);
      if (X_KEYS.has(k) && x === undefined) {
        x = v;
        xName = k;
      } else series.set(k, v);
    }
  } else {
    throw new TypeError(`plot.training: expected a history (an array of losses, an array of records, or { loss: [...] }), got ${typeof history}`);
  }
  if (series.size === 0) throw new RangeError("plot.training: the history has no metrics to draw");
  const n = Math.max(...[...series.values()].map((s) => s.length));
  return { x: x ?? Array.from({ length: n }, (_, i) => i + (xName === "epoch" ? 1 : 0)), xName, series };
}

/** Exponential moving average with bias correction (as TensorBoard's smoothing). */
export function ema(ys: readonly number[], beta: number): number[] {
  let m = 0;
  let w = 0;
  return ys.map((y) => {
    if (!Number.isFinite(y)) return NaN;
    m = beta * m + (1 - beta) * y;
    w = beta * w + (1 - beta);
    return m / w;
  });
}

/**
 * Loss (left axis) and accuracy-like metrics (right axis, 0–1) over steps or epochs.
 * @example
 * import { plot } from "gradlab";
 * plot.training([{ epoch: 1, loss: 0.9, accuracy: 0.6 }, { epoch: 2, loss: 0.5, accuracy: 0.8 }]);
 * plot.training(losses, { logY: true, smooth: 0.9 });
 */
export function training(history: History, options: TrainingOptions = {}): Figure {
  const { x, xName, series } = historySeries(history);
  const traces: Trace[] = [];
  let right = false;
  for (const [name, ys] of series) {
    const onRight = RIGHT.test(name);
    right ||= onRight;
    const axis = onRight ? { yaxis: "y2" } : {};
    const smooth = options.smooth !== undefined && options.smooth > 0 && options.smooth < 1;
    traces.push({ type: "scatter", mode: ys.length > 60 ? "lines" : "lines+markers", x: x.slice(0, ys.length), y: clean(ys), name, ...axis, ...(smooth ? { opacity: 0.35 } : {}) });
    if (smooth) traces.push({ type: "scatter", mode: "lines", x: x.slice(0, ys.length), y: clean(ema(ys, options.smooth!)), name: `${name} (smoothed)`, ...axis });
  }
  const layout = baseLayout(
    { xLabel: xName, ...options },
    { yaxis: { title: { text: "loss" }, ...(options.logY ? { type: "log" } : {}) }, legend: { orientation: "h", y: 1.12 } },
  );
  if (right) layout.yaxis2 = { title: { text: "accuracy" }, overlaying: "y", side: "right", range: [0, 1.02], showgrid: false };
  return new Figure(traces, layout);
}
