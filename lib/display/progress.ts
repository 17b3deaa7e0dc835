/**
 * `progress(iterable)`: one progress line for a long loop (training, sweeps), updated in
 * place with Jupyter display ids: `for (const batch of progress(loader)) { ... }`.
 * Outside the kernel it draws the same line on stderr (in place on a terminal).
 */
import { randomBytes } from "crypto";
import { kernelHook } from "./kernel";
import { escapeHtml } from "./html";
import type { MimeBundle } from "./mime";

/** Options of `progress`. */
export interface ProgressOptions {
  /** The number of items, when the iterable has no `length` or `size`. */
  total?: number;
  /** Text before the bar, e.g. "epoch 3". */
  label?: string;
  /** The least time between two updates of the line, in ms (default 100). */
  every?: number;
}

/** The state a progress line shows. */
export interface ProgressState {
  label: string;
  done: number;
  total: number | undefined;
  elapsedMs: number;
  postfix: string;
  /** "running", "done", or "stopped" (the loop ended early: break or an error). */
  status: "running" | "done" | "stopped";
}

const WIDTH = 20;
const BLOCKS = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"];

/** "mm:ss", or "h:mm:ss" past an hour. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function bar(frac: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, frac)) * WIDTH * 8);
  const full = Math.floor(eighths / 8);
  return "█".repeat(full) + (full < WIDTH ? BLOCKS[eighths % 8] + " ".repeat(WIDTH - full - 1) : "");
}

function rate(s: ProgressState): string {
  if (!(s.elapsedMs > 0) || s.done === 0) return "? it/s";
  const perSec = (s.done * 1000) / s.elapsedMs;
  return perSec >= 1 ? `${perSec.toFixed(perSec >= 100 ? 0 : 1)} it/s` : `${(1 / perSec).toFixed(1)} s/it`;
}

/**
 * The text of a progress line, as tqdm draws it:
 * `epoch 1  45% |█████████           | 45/100 [00:02<00:03, 20.1 it/s, loss=0.12]`.
 * @example
 * progressLine({ label: "", done: 5, total: 10, elapsedMs: 1000, postfix: "", status: "running" });
 * // " 50% |██████████          | 5/10 [00:01<00:01, 5.0 it/s]"
 */
export function progressLine(s: ProgressState): string {
  const extra = s.postfix ? `, ${s.postfix}` : "";
  const label = s.label ? `${s.label} ` : "";
  const end = s.status === "stopped" ? " (stopped)" : "";
  if (s.total === undefined || !(s.total > 0)) {
    return `${label}${s.done} it [${formatDuration(s.elapsedMs)}, ${rate(s)}${extra}]${end}`;
  }
  const frac = s.done / s.total;
  const pct = `${Math.floor(frac * 100)}`.padStart(3);
  const eta = s.done > 0 ? ((s.total - s.done) * s.elapsedMs) / s.done : NaN;
  return `${label}${pct}% |${bar(frac)}| ${s.done}/${s.total} [${formatDuration(s.elapsedMs)}<${formatDuration(eta)}, ${rate(s)}${extra}]${end}`;
}

/** The text line plus HTML with a real <progress> bar (the text's own bar left out there). */
function progressBundle(s: ProgressState): MimeBundle {
  const text = progressLine(s);
  const max = s.total !== undefined && s.total > 0 ? ` max="${s.total}" value="${Math.min(s.done, s.total)}"` : "";
  const html =
    `<div class="gradlab-progress" style="display:flex;align-items:center;gap:8px;font-family:monospace;white-space:pre">` +
    (s.label ? `<span>${escapeHtml(s.label)}</span>` : "") +
    `<progress style="width:16em"${max}></progress><span>${escapeHtml(text.replace(s.label ? `${s.label} ` : "", "").replace(/\|[^|]*\| /, ""))}</span></div>`;
  return { "text/plain": text, "text/html": html };
}

function lengthOf(it: unknown): number | undefined {
  if (it && typeof it === "object") {
    const o = it as { length?: unknown; size?: unknown };
    if (typeof o.length === "number") return o.length;
    if (typeof o.size === "number") return o.size;
  }
  return undefined;
}

/** A progress line wrapped around an iterable: iterate it, and set a postfix as you go. */
export class Progress<T> implements Iterable<T>, AsyncIterable<T> {
  private readonly label: string;
  private readonly every: number;
  private total: number | undefined;
  private done = 0;
  private start = 0;
  private lastDraw = -Infinity;
  private postfixText = "";
  private readonly id = randomBytes(8).toString("hex");
  private shown = false;

  /** @internal */
  constructor(
    private readonly source: Iterable<T> | AsyncIterable<T>,
    options: ProgressOptions,
  ) {
    this.label = options.label ?? "";
    this.every = options.every ?? 100;
    this.total = options.total ?? lengthOf(source);
  }

  /**
   * Show values after the rate, e.g. the current loss: `bar.set({ loss: 0.12 })` gives
   * `..., loss=0.12]`. Numbers get 4 significant digits.
   * @example
   * const bar = progress(batches);
   * for (const b of bar) bar.set({ loss: step(b) });
   */
  set(values: Record<string, unknown> | string): this {
    this.postfixText =
      typeof values === "string"
        ? values
        : Object.entries(values)
            .map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : String(v)}`)
            .join(", ");
    return this;
  }

  /** The state shown now. */
  state(status: ProgressState["status"] = "running"): ProgressState {
    return { label: this.label, done: this.done, total: this.total, elapsedMs: this.start ? Date.now() - this.start : 0, postfix: this.postfixText, status };
  }

  /** Redraw when due; true when a redraw was sent. */
  private draw(status: ProgressState["status"], force: boolean): boolean {
    const now = Date.now();
    if (!force && now - this.lastDraw < this.every) return false;
    this.lastDraw = now;
    const s = this.state(status);
    const hook = kernelHook();
    if (hook) {
      hook.displayData(progressBundle(s), {}, this.id, this.shown);
      this.shown = true;
      return true;
    }
    const line = progressLine(s);
    const final = status !== "running";
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${final ? "\n" : ""}`);
    else if (final) process.stderr.write(`${line}\n`);
    return true;
  }

  private begin(): void {
    this.start = Date.now();
    this.done = 0;
    this.lastDraw = -Infinity;
    this.draw("running", true);
  }

  private finish(completed: boolean): void {
    if (completed && this.total === undefined) this.total = this.done;
    this.draw(completed ? "done" : "stopped", true);
  }

  *[Symbol.iterator](): Iterator<T> {
    const src = this.source as Iterable<T>;
    if (typeof src[Symbol.iterator] !== "function") {
      throw new TypeError("progress: this source is async; iterate it with `for await (const x of progress(source))`");
    }
    this.begin();
    let completed = false;
    try {
      for (const item of src) {
        yield item;
        this.done++;
        this.draw("running", false);
      }
      completed = true;
    } finally {
      this.finish(completed);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    this.begin();
    let completed = false;
    try {
      for await (const item of this.source as AsyncIterable<T>) {
        yield item;
        this.done++;
        // after a redraw, let the event loop run once so the kernel sends it now: with
        // `for await`, a long loop shows live progress (a plain `for` loop updates at its end)
        if (this.draw("running", false)) await new Promise((r) => setImmediate(r));
      }
      completed = true;
    } finally {
      this.finish(completed);
    }
  }
}

function* range(n: number): Iterable<number> {
  for (let i = 0; i < n; i++) yield i;
}

/**
 * Wrap an iterable (an array, a tensor's rows, a data loader, a generator, an async
 * iterable) or a count `n` (0..n-1) with a progress line that updates in place. In the
 * kernel, `for await (const x of progress(...))` redraws live during a long loop; a plain
 * `for` loop keeps JavaScript busy, so its line shows the final state when the cell ends.
 * @example
 * import { progress } from "gradlab";
 * for await (const epoch of progress(100, { label: "training" })) {
 *   // ... one epoch (the line updates while the loop runs)
 * }
 * const bar = progress(batches);
 * for (const b of bar) bar.set({ loss: 0.5 });
 */
export function progress<T>(source: Iterable<T> | AsyncIterable<T>, options?: ProgressOptions): Progress<T>;
export function progress(count: number, options?: ProgressOptions): Progress<number>;
export function progress<T>(source: Iterable<T> | AsyncIterable<T> | number, options: ProgressOptions = {}): Progress<T | number> {
  if (typeof source === "number") {
    if (!Number.isInteger(source) || source < 0) throw new RangeError(`progress: a count must be a non-negative integer (got ${source})`);
    return new Progress<number>(range(source), { total: source, ...options });
  }
  if (source === null || source === undefined || (typeof (source as any)[Symbol.iterator] !== "function" && typeof (source as any)[Symbol.asyncIterator] !== "function")) {
    throw new TypeError(`progress: expected an iterable (array, generator, loader) or a count, got ${source === null ? "null" : typeof source}`);
  }
  return new Progress<T>(source, options);
}
