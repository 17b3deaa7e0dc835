/** One HTML page per notebook, and the site's index page. */
import { escapeHtml } from "../../lib/display/html";
import type { Notebook } from "../run/notebook";
import { highlightCode } from "./highlight";
import { renderMarkdown, Attachments } from "./markdown";
import { OutputNeeds, renderOutputs } from "./outputs";
import type { Titles } from "./title";

/** How a notebook's last `gradlab run` ended, from its metadata (null when it has none). */
export function runStatus(nb: Notebook): { status: string; seconds?: number; started?: string } | null {
  const run = (nb.metadata.gradlab as { run?: { status?: string; seconds?: number; started?: string } } | undefined)?.run;
  return run?.status ? { status: run.status, seconds: run.seconds, started: run.started } : null;
}

function layout(opts: { title: string; prefix: string; body: string; scripts: string[]; header: string }): string {
  const css = ["assets/katex/katex.min.css", "assets/highlight.css", "assets/site.css"].map((h) => `<link rel="stylesheet" href="${opts.prefix}${h}">`).join("\n");
  const scripts = opts.scripts.map((s) => `<script src="${opts.prefix}${s}"></script>`).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gradlab export">
<title>${escapeHtml(opts.title)}</title>
${css}
</head>
<body>
<header class="site-header"><div>${opts.header}</div></header>
<main>
${opts.body}
</main>
${scripts}
</body>
</html>
`;
}

/** The rendered page of one notebook. */
export interface RenderedPage {
  html: string;
  needs: OutputNeeds;
}

/**
 * Render a notebook as a page. `prefix` leads from the page to the site root ("" or "../"),
 * `source` names the notebook in the header.
 *
 * @example
 * const { html } = renderNotebookPage(nb, { titles, prefix: "", source: "01-chain-rule.ipynb", siteTitle: "Lectures" });
 */
export function renderNotebookPage(nb: Notebook, opts: { titles: Titles; prefix: string; source: string; siteTitle: string }): RenderedPage {
  const needs: OutputNeeds = { plotly: false };
  const language = String(nb.metadata.language_info?.name ?? nb.metadata.kernelspec?.language ?? "typescript");
  const cells: string[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type === "markdown") {
      cells.push(`<section class="cell markdown" id="cell-${escapeHtml(cell.id)}">${renderMarkdown(cell.source, cell.attachments as Attachments | undefined)}</section>`);
    } else if (cell.cell_type === "raw") {
      if (cell.source.trim()) cells.push(`<section class="cell raw"><pre>${escapeHtml(cell.source)}</pre></section>`);
    } else {
      if (!cell.source.trim() && cell.outputs.length === 0) continue;
      const prompt = `In [${cell.execution_count ?? " "}]:`;
      const outputs = renderOutputs(cell.outputs, needs);
      cells.push(
        `<section class="cell code" id="cell-${escapeHtml(cell.id)}"><div class="prompt">${escapeHtml(prompt)}</div>` +
          `<div class="input"><pre><code class="hljs language-${escapeHtml(language)}">${highlightCode(cell.source, language)}</code></pre></div>` +
          (outputs ? `<div class="outputs">${outputs}</div>` : "") +
          `</section>`,
      );
    }
  }
  const run = runStatus(nb);
  const banner = run
    ? run.status === "passed"
      ? `<p class="run-status passed no-print">Executed by gradlab run${run.started ? ` on ${escapeHtml(run.started.slice(0, 10))}` : ""}${run.seconds !== undefined ? ` in ${run.seconds.toFixed(1)} s` : ""}.</p>`
      : `<p class="run-status failed">This notebook did not run to the end (${escapeHtml(run.status)}): the outputs below stop at the failing cell.</p>`
    : "";
  const title = opts.titles.zh ? `${opts.titles.en} · ${opts.titles.zh}` : opts.titles.en;
  const header = `<a href="${opts.prefix}index.html">← ${escapeHtml(opts.siteTitle)}</a><span class="source">${escapeHtml(opts.source)}</span>`;
  const scripts = needs.plotly ? ["assets/plotly.min.js", "assets/plots.js"] : [];
  return { html: layout({ title, prefix: opts.prefix, header, body: banner + "\n" + cells.join("\n"), scripts }), needs };
}

/** One entry of the index page. */
export interface IndexEntry {
  href: string;
  titles: Titles;
  source: string;
  codeCells: number;
  status: string | null;
}

/** The index page: every notebook with its English and Chinese titles. */
export function renderIndexPage(entries: IndexEntry[], siteTitle: string): string {
  const items = entries.map((e) => {
    const badge = e.status && e.status !== "passed" ? ` <span class="badge failed">${escapeHtml(e.status)}</span>` : "";
    return (
      `<li><a href="${escapeHtml(e.href)}">${escapeHtml(e.titles.en)}</a>` +
      (e.titles.zh ? ` <span class="zh" lang="zh">${escapeHtml(e.titles.zh)}</span>` : "") +
      badge +
      `<span class="meta">${escapeHtml(e.source)} · ${e.codeCells} code cells</span></li>`
    );
  });
  const body = `<h1 class="page-title">${escapeHtml(siteTitle)}</h1>\n<ul class="notebook-list">\n${items.join("\n")}\n</ul>\n<footer>${entries.length} notebooks · exported by gradlab · works offline</footer>`;
  return layout({ title: siteTitle, prefix: "", header: `<a href="index.html">${escapeHtml(siteTitle)}</a>`, body, scripts: [] });
}
