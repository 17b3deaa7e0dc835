/**
 * The site's own files: its stylesheet (screen and print) and the script that draws plotly
 * figures with the one shared plotly.js. Third-party assets (KaTeX's stylesheet and fonts,
 * plotly.js, a highlight.js theme) are copied from node_modules by site.ts.
 */

/** assets/site.css: layout, notebook cells, outputs, and a print stylesheet for handouts. */
export const SITE_CSS = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --code-bg: #f6f8fa; --accent: #0969da; --bad: #cf222e; --ok: #1a7f37; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #fff; font: 16px/1.6 -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", Helvetica, Arial, sans-serif; }
main, .site-header > div { max-width: 980px; margin: 0 auto; padding: 0 20px; }
.site-header { border-bottom: 1px solid var(--line); background: #fafbfc; }
.site-header > div { display: flex; gap: 16px; align-items: baseline; padding-top: 10px; padding-bottom: 10px; }
.site-header a { color: var(--accent); text-decoration: none; font-weight: 600; }
.site-header .source { color: var(--muted); font-size: 13px; margin-left: auto; }
h1.page-title { margin: 28px 0 4px; font-size: 30px; line-height: 1.25; }
.page-title .zh, .notebook-list .zh { color: var(--muted); font-weight: 400; }
.page-title .zh { display: block; font-size: 22px; }
.run-status { margin: 12px 0 20px; padding: 8px 12px; border-radius: 6px; font-size: 14px; }
.run-status.failed { background: #ffebe9; border: 1px solid #ffcecb; color: var(--bad); }
.run-status.passed { color: var(--muted); padding-left: 0; }
.cell { margin: 14px 0; }
.cell.code { display: grid; grid-template-columns: 64px minmax(0, 1fr); column-gap: 8px; }
.prompt { color: var(--muted); font: 12px/1.9 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; text-align: right; padding-top: 6px; }
.cell.code > .input, .cell.code > .outputs { grid-column: 2; }
.cell.code > .outputs > .output:first-child { margin-top: 6px; }
pre, code { font: 13.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.input pre code.hljs { padding: 0; background: transparent; }
.input pre { margin: 0; padding: 10px 12px; background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
.markdown pre { padding: 10px 12px; background: var(--code-bg); border-radius: 6px; overflow-x: auto; }
.markdown :not(pre) > code { background: var(--code-bg); padding: 1px 4px; border-radius: 4px; }
.markdown table, .html-output table { border-collapse: collapse; margin: 8px 0; }
.markdown th, .markdown td { border: 1px solid var(--line); padding: 4px 10px; }
.markdown img, .image-output { max-width: 100%; }
.output pre { margin: 4px 0; padding: 2px 0; white-space: pre-wrap; word-break: break-word; }
.output.stream.stderr pre { background: #fff8e6; padding: 4px 8px; }
.output.error pre { background: #ffebe9; color: #82071e; padding: 6px 10px; border-radius: 6px; }
.html-output { overflow-x: auto; }
.html-output table { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.html-output th, .html-output td { border: 1px solid var(--line); padding: 2px 8px; text-align: right; }
.svg-output svg { max-width: 100%; height: auto; }
.latex-output, .math-block { overflow-x: auto; overflow-y: hidden; padding: 4px 0; }
.plotly-figure { width: 100%; min-height: 360px; }
.plotly-figure.js-plotly-plot { min-height: 0; }
.plot-error { color: var(--bad); font-size: 14px; padding: 8px; }
.notebook-list { list-style: none; padding: 0; margin: 24px 0; }
.notebook-list li { padding: 12px 0; border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.notebook-list a { color: var(--accent); text-decoration: none; font-size: 18px; font-weight: 600; }
.notebook-list .meta { margin-left: auto; color: var(--muted); font-size: 13px; }
.badge { font-size: 12px; padding: 1px 8px; border-radius: 10px; border: 1px solid var(--line); color: var(--muted); }
.badge.failed { color: var(--bad); border-color: #ffcecb; background: #ffebe9; }
footer { color: var(--muted); font-size: 13px; margin: 48px 0 24px; }

@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 11pt; line-height: 1.45; color: #000; }
  .site-header, .no-print, footer { display: none !important; }
  main { max-width: none; padding: 0; }
  a { color: #000; text-decoration: underline; }
  .cell.code { grid-template-columns: 52px minmax(0, 1fr); }
  .prompt { font-size: 7.5pt; }
  .input pre, .output pre { white-space: pre-wrap; word-break: break-word; overflow: visible; }
  .input pre { background: #f4f4f4 !important; border-color: #bbb; }
  .cell, .output, .math-block, .latex-output, .svg-output, .plotly-figure, tr, img { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .plotly-figure { min-height: 0; }
  .modebar-container { display: none !important; }
  .html-output, .latex-output, .math-block { overflow: visible; }
}
`;

/**
 * assets/plots.js: draws every `.plotly-figure` from the JSON in its spec element with the
 * shared `window.Plotly`. Figures that cannot be drawn say why instead of staying blank.
 */
export const PLOTS_JS = `(function () {
  "use strict";
  function fail(el, msg) {
    var note = document.createElement("div");
    note.className = "plot-error";
    note.textContent = msg;
    el.appendChild(note);
  }
  function drawAll() {
    var figures = document.querySelectorAll(".plotly-figure");
    for (var i = 0; i < figures.length; i++) {
      var el = figures[i];
      if (!window.Plotly) { fail(el, "This figure needs assets/plotly.min.js, which is missing from the site: export it again with 'gradlab export'."); continue; }
      try {
        var spec = JSON.parse(document.getElementById(el.getAttribute("data-spec")).textContent);
        var config = Object.assign({ responsive: true, displaylogo: false }, spec.config || {});
        window.Plotly.newPlot(el, spec.data || [], spec.layout || {}, config);
      } catch (e) {
        fail(el, "This figure could not be drawn: " + (e && e.message ? e.message : e));
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
  // printed pages: let figures fit the paper width
  window.addEventListener("beforeprint", function () {
    if (!window.Plotly) return;
    var figures = document.querySelectorAll(".plotly-figure.js-plotly-plot");
    for (var i = 0; i < figures.length; i++) window.Plotly.Plots.resize(figures[i]);
  });
})();
`;
