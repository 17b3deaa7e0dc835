/**
 * Cell outputs to HTML for the exported site. Safe by construction: text (streams,
 * `text/plain`, tracebacks, JSON) is always escaped; only markup the kernel produced as
 * `text/html`, `image/svg+xml` or a plotly figure is inserted as markup. Plotly figures are
 * drawn by the site's one shared copy of plotly.js, from JSON kept in a
 * `<script type="application/json">` element.
 */
import { escapeHtml, scriptJson } from "../../lib/display/html";
import type { MimeBundle, Output } from "../run/notebook";
import { stripAnsi } from "../run/progress";
import { renderMarkdown, renderMath } from "./markdown";

/** The plotly figure MIME type. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** What a page needs besides its HTML. */
export interface OutputNeeds {
  plotly: boolean;
}

/** MIME types in the order they are preferred (the first one a bundle has is shown). */
export const MIME_ORDER = [PLOTLY_MIME, "image/svg+xml", "text/html", "text/latex", "text/markdown", "image/png", "image/jpeg", "image/gif", "application/json", "text/plain"] as const;

/**
 * True for the output in which gradlab's kernel embeds plotly.js (once per session, so that
 * a saved notebook shows plots offline). The site ships its own single copy instead.
 */
export function isPlotlyLibraryOutput(data: MimeBundle): boolean {
  const html = data["text/html"];
  return typeof html === "string" && /data-gradlab-plotly=|class="gradlab-plotly-library"/.test(html) && !(PLOTLY_MIME in data);
}

function text(v: unknown): string {
  return Array.isArray(v) ? v.join("") : String(v ?? "");
}

/**
 * TeX of a `text/latex` output without its outer $ / $$ / \[ \] delimiters, or null when
 * the output is not one formula (text with several $…$ / $$…$$ pieces, as MathJax renders it).
 */
function stripMathDelimiters(tex: string): { tex: string; display: boolean } | null {
  const t = tex.trim();
  for (const [o, c, display] of [["$$", "$$", true], ["\\[", "\\]", true], ["$", "$", false], ["\\(", "\\)", false]] as const) {
    if (t.startsWith(o) && t.endsWith(c) && t.length >= o.length + c.length) {
      const inner = t.slice(o.length, t.length - c.length);
      return inner.includes(o) ? null : { tex: inner, display };
    }
  }
  return /\$|\\\[|\\\(/.test(t) ? null : { tex: t, display: true };
}

let plotCounter = 0;

function renderMime(mime: string, value: unknown, needs: OutputNeeds): string {
  switch (mime) {
    case PLOTLY_MIME: {
      needs.plotly = true;
      const id = `plot-${++plotCounter}`;
      const spec = typeof value === "string" ? JSON.parse(value) : value;
      return `<div class="plotly-figure" id="${id}" data-spec="${id}-spec"></div><script type="application/json" id="${id}-spec">${scriptJson(spec)}</script>`;
    }
    case "image/svg+xml":
      return `<div class="svg-output">${text(value)}</div>`;
    case "text/html":
      return `<div class="html-output">${text(value)}</div>`;
    case "text/latex": {
      const one = stripMathDelimiters(text(value));
      return `<div class="latex-output">${one ? renderMath(one.tex, one.display) : renderMarkdown(text(value))}</div>`;
    }
    case "text/markdown":
      return `<div class="markdown-output">${renderMarkdown(text(value))}</div>`;
    case "image/png":
    case "image/jpeg":
    case "image/gif":
      return `<img class="image-output" alt="" src="data:${mime};base64,${escapeHtml(text(value).replace(/\s/g, ""))}">`;
    case "application/json":
      return `<pre class="json-output">${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
    default:
      return `<pre class="text-output">${escapeHtml(stripAnsi(text(value)))}</pre>`;
  }
}

/** HTML for one MIME bundle: its most preferred MIME type that this exporter renders. */
export function renderBundle(data: MimeBundle, needs: OutputNeeds): string {
  const mime = MIME_ORDER.find((m) => m in data);
  return mime ? renderMime(mime, data[mime], needs) : "";
}

/**
 * HTML for a code cell's outputs.
 *
 * @example
 * const needs = { plotly: false };
 * renderOutputs([{ output_type: "stream", name: "stdout", text: "<b>1</b>\n" }], needs);
 * // '<div class="output stream stdout"><pre>&lt;b&gt;1&lt;/b&gt;\n</pre></div>'
 */
export function renderOutputs(outputs: Output[], needs: OutputNeeds): string {
  const parts: string[] = [];
  for (const o of outputs) {
    if (o.output_type === "stream") {
      parts.push(`<div class="output stream ${o.name === "stderr" ? "stderr" : "stdout"}"><pre>${escapeHtml(stripAnsi(collapseCarriageReturns(text(o.text))))}</pre></div>`);
    } else if (o.output_type === "error") {
      const tb = o.traceback.length ? o.traceback.map((l) => stripAnsi(l)).join("\n") : `${o.ename}: ${o.evalue}`;
      parts.push(`<div class="output error"><pre>${escapeHtml(tb)}</pre></div>`);
    } else {
      if (isPlotlyLibraryOutput(o.data)) continue;
      const html = renderBundle(o.data, needs);
      if (html) parts.push(`<div class="output ${o.output_type === "execute_result" ? "result" : "display"}">${html}</div>`);
    }
  }
  return parts.join("\n");
}

/** Apply carriage returns as a terminal would (progress bars keep only their last state). */
export function collapseCarriageReturns(s: string): string {
  return s
    .split("\n")
    .map((line) => {
      const parts = line.split("\r");
      return parts.length === 1 ? line : parts.reduce((acc, p) => p + acc.slice(p.length), "");
    })
    .join("\n");
}
