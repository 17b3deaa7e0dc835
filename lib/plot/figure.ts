/**
 * A plotly figure: traces + layout (+ config). It displays itself in the kernel as an
 * `application/vnd.plotly.v1+json` bundle with a `text/html` fallback (offline plotly.js,
 * see offline.ts) and a one-line `text/plain`, and saves itself as a standalone HTML file.
 */
import * as fs from "fs";
import * as path from "path";
import { JUPYTER_DISPLAY, MimeBundle } from "../display/mime";
import { ensureLibraryInPage, figureHtml, standaloneHtml } from "./offline";

/** A plotly trace (`{ type: "scatter", x, y, ... }`); see plotly.js's reference for its fields. */
export type Trace = { type?: string; name?: string; [key: string]: unknown };
/** A plotly layout (`{ title: { text }, xaxis: {...}, ... }`). */
export type Layout = { [key: string]: unknown };
/** Plotly's config (`{ displayModeBar: false, ... }`). */
export type Config = { [key: string]: unknown };

const DEFAULT_HEIGHT = 420;

/** Options shared by every builder. */
export interface FigureOptions {
  /** The figure's title. */
  title?: string;
  /** Axis titles. */
  xLabel?: string;
  yLabel?: string;
  /** Height in pixels (default 420); the width follows the page. */
  height?: number;
  width?: number;
  /** Extra layout fields, merged over the builder's (e.g. `{ showlegend: false }`). */
  layout?: Layout;
}

/**
 * A plotly figure. Builders in `plot` return one; show it as the last expression of a cell
 * or with `display(fig)`, save it with `fig.save("f.html")`.
 * @example
 * import { plot } from "gradlab";
 * const fig = new plot.Figure([{ type: "scatter", x: [0, 1, 2], y: [0, 1, 4] }], { title: { text: "squares" } });
 * fig.save("squares.html");
 */
export class Figure {
  data: Trace[];
  layout: Layout;
  config: Config;

  constructor(data: Trace[] = [], layout: Layout = {}, config: Config = {}) {
    this.data = data;
    this.layout = layout;
    this.config = config;
  }

  /** Add a trace; returns this figure. @example fig.addTrace({ type: "scatter", x: [0, 1], y: [1, 0], name: "down" }) */
  addTrace(trace: Trace): this {
    this.data.push(trace);
    return this;
  }

  /** Merge fields into the layout (shallowly per key); returns this figure. @example fig.updateLayout({ title: { text: "loss" } }) */
  updateLayout(layout: Layout): this {
    for (const [k, v] of Object.entries(layout)) {
      const old = this.layout[k];
      this.layout[k] = isPlain(old) && isPlain(v) ? { ...old, ...v } : v;
    }
    return this;
  }

  /** The plotly JSON, `{ data, layout }` (plus `config` when set). @example JSON.stringify(fig) */
  toJSON(): { data: Trace[]; layout: Layout; config?: Config } {
    const out: { data: Trace[]; layout: Layout; config?: Config } = { data: this.data, layout: this.layout };
    if (Object.keys(this.config).length) out.config = this.config;
    return out;
  }

  private spec() {
    return { data: this.data, layout: this.layout, config: { responsive: true, displaylogo: false, ...this.config } };
  }

  /** The height in pixels the HTML reserves. */
  private height(): number {
    const h = this.layout.height;
    return typeof h === "number" ? h : DEFAULT_HEIGHT;
  }

  /**
   * A standalone HTML page with plotly.js inline (about 5 MB), which opens offline.
   * @example fs.writeFileSync("fig.html", fig.toHTML())
   */
  toHTML(): string {
    return standaloneHtml(this.spec(), titleOf(this.layout) ?? "gradlab figure");
  }

  /**
   * Save the figure as a standalone HTML file that works offline; returns the absolute path.
   * @example
   * import { plot } from "gradlab";
   * plot.fn(Math.sin, [0, 6.28]).save("sine.html");
   */
  save(file: string): string {
    const abs = path.resolve(file);
    if (!/\.html?$/i.test(abs)) throw new Error(`Figure.save: "${file}" should end in .html (the file is a standalone HTML page)`);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, this.toHTML());
    return abs;
  }

  /** One line of text: the traces and the title. */
  toString(): string {
    const traces = this.data.map((t) => `${t.type ?? "scatter"}${t.name ? ` "${t.name}"` : ""}`);
    const title = titleOf(this.layout);
    return `Figure(${title ? `"${title}", ` : ""}${this.data.length} trace${this.data.length === 1 ? "" : "s"}${traces.length ? ": " + traces.join(", ") : ""})`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rich display: the plotly bundle, the offline HTML fallback and the text line. */
  [JUPYTER_DISPLAY](): MimeBundle {
    ensureLibraryInPage();
    return {
      "application/vnd.plotly.v1+json": this.toJSON(),
      "text/html": figureHtml(this.spec(), this.height()),
      "text/plain": this.toString(),
    };
  }
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function titleOf(layout: Layout): string | undefined {
  const t = layout.title;
  if (typeof t === "string") return t;
  if (isPlain(t) && typeof t.text === "string") return t.text;
  return undefined;
}

/** The base layout of the builders, with the common options applied. */
export function baseLayout(options: FigureOptions, extra: Layout = {}): Layout {
  const layout: Layout = {
    height: options.height ?? DEFAULT_HEIGHT,
    margin: { l: 60, r: 30, t: options.title ? 50 : 30, b: 50 },
    hovermode: "closest",
    ...extra,
  };
  if (options.width !== undefined) layout.width = options.width;
  if (options.title) layout.title = { text: options.title };
  if (options.xLabel) layout.xaxis = { ...(layout.xaxis as Layout | undefined), title: { text: options.xLabel } };
  if (options.yLabel) layout.yaxis = { ...(layout.yaxis as Layout | undefined), title: { text: options.yLabel } };
  const fig = new Figure([], layout);
  if (options.layout) fig.updateLayout(options.layout);
  return fig.layout;
}
