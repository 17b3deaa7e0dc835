/**
 * Offline plotly: the bundled plotly.js-dist-min (never a CDN) goes into the page once per
 * kernel session, in an output of its own just before the first figure, and every figure's
 * HTML draws itself as soon as `window.Plotly` exists. So:
 * - live: the first figure brings the library, later figures reuse it;
 * - a saved notebook: its outputs hold the library once (where the session's first figure
 *   was shown); on opening, figures above it wait for it and figures below find it;
 * - figures updated in place (display ids) never drop the library, since it is not part of
 *   any figure's own output.
 * When the library is missing from a page (its output was cleared), each figure says so and
 * how to fix it instead of staying blank.
 */
import * as fs from "fs";
import { escapeHtml, scriptJson } from "../display/html";
import { kernelHook } from "../display/kernel";
import type { MimeBundle } from "../display/mime";

let source: string | undefined;
let version: string | undefined;
/** Without a kernel hook for page libraries: sent once per process. */
let sentThisSession = false;
const LIBRARY_KEY = "plotly.js";

/** The version of the bundled plotly.js. */
export function plotlyVersion(): string {
  version ??= (require("plotly.js-dist-min/package.json") as { version: string }).version;
  return version;
}

/** The text of the bundled plotly.min.js, read once. Throws if it could not sit inside a <script>. */
export function plotlySource(): string {
  if (source === undefined) {
    const file = require.resolve("plotly.js-dist-min");
    const text = fs.readFileSync(file, "utf8");
    if (/<\/script|<script/i.test(text)) {
      throw new Error(`plot: ${file} contains "<script" or "</script", so it cannot be embedded in HTML as is; pin a plotly.js-dist-min version without them`);
    }
    source = text;
  }
  return source;
}

/** A `<script>` element that defines `window.Plotly` from the bundled library (once per page). */
export function libraryScript(): string {
  // The library's UMD wrapper prefers `module.exports` when a `module` object exists; the
  // wrapper's parameters hide any page globals of those names so it always sets window.Plotly.
  return (
    `<script type="text/javascript" data-gradlab-plotly="${plotlyVersion()}">` +
    `if (!window.Plotly) { (function (module, exports, define) {\n${plotlySource()}\n}).call(window); }` +
    `</script>`
  );
}

/** The MIME bundle of the library output: the script, and a line of text for text-only front ends. */
export function libraryBundle(): MimeBundle {
  return {
    "text/html": `<div class="gradlab-plotly-library" style="display:none"></div>${libraryScript()}`,
    "text/plain": `[plotly.js ${plotlyVersion()}: embedded once per kernel session so that saved notebooks show their plots offline]`,
  };
}

/**
 * In the kernel, put the library output into the page when it needs it (the kernel decides:
 * first figure of the session, or a rerun of the cell that carried it). Called by a figure's
 * display method, just before its own bundle goes out.
 */
export function ensureLibraryInPage(): void {
  const hook = kernelHook();
  if (!hook) return;
  if (hook.pageLibrary) {
    hook.pageLibrary(LIBRARY_KEY, libraryBundle);
    return;
  }
  if (sentThisSession) return;
  hook.displayData(libraryBundle(), {}, undefined, false);
  sentThisSession = true;
}

/**
 * Send the library again with the next figure, e.g. after clearing the output that held it
 * by hand (otherwise the notebook, once saved, would have no copy of it).
 * @example
 * import { plot } from "gradlab";
 * plot.resendLibrary();
 * plot.line([1, 4, 9]); // this figure's cell now carries plotly.js
 */
export function resendLibrary(): void {
  sentThisSession = false;
  kernelHook()?.resetPageLibrary?.(LIBRARY_KEY);
}

let counter = 0;

/** A fresh element id for a figure's div. */
export function newPlotId(): string {
  counter += 1;
  return `gradlab-plot-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

const MISSING =
  "This figure needs plotly.js, which gradlab puts in the page once per kernel session (in the output before the session's first figure). " +
  "That output is not in this page: run the notebook again (Kernel › Restart &amp; Run All), or call plot.resendLibrary() before showing a figure.";

/**
 * HTML that draws a figure with `window.Plotly`, waiting for the library when its output
 * comes later in the page (and saying what to do when it never comes).
 */
export function figureHtml(spec: { data: unknown[]; layout: Record<string, unknown>; config: Record<string, unknown> }, height: number): string {
  const id = newPlotId();
  return (
    `<div id="${id}" class="gradlab-plot" style="width:100%;min-height:${height}px"></div>` +
    `<script type="text/javascript">(function () {` +
    `var spec = ${scriptJson(spec)}; var el = document.getElementById(${JSON.stringify(id)}); if (!el) return;` +
    `var t0 = Date.now(), note = null;` +
    `function draw() { if (note) { note.remove(); } window.Plotly.newPlot(el, spec.data, spec.layout, spec.config); }` +
    `function wait() { if (window.Plotly) { draw(); return; }` +
    ` if (!note && Date.now() - t0 > 5000) { note = document.createElement("div"); note.style.cssText = "color:#a00;font-family:sans-serif;padding:8px"; note.innerHTML = ${JSON.stringify(MISSING)}; el.appendChild(note); }` +
    ` setTimeout(wait, 50); }` +
    `wait(); })();</script>`
  );
}

/** A standalone HTML page with the library inline: opens offline in any browser. */
export function standaloneHtml(spec: { data: unknown[]; layout: Record<string, unknown>; config: Record<string, unknown> }, title: string): string {
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n` +
    `<meta name="generator" content="gradlab (plotly.js ${plotlyVersion()}, embedded)">\n${libraryScript()}\n</head>\n` +
    `<body style="margin:0">\n<div id="plot" style="width:100vw;height:100vh"></div>\n` +
    `<script type="text/javascript">(function () { var spec = ${scriptJson(spec)}; ` +
    `window.Plotly.newPlot(document.getElementById("plot"), spec.data, spec.layout, Object.assign({ responsive: true }, spec.config)); })();</script>\n` +
    `</body>\n</html>\n`
  );
}
