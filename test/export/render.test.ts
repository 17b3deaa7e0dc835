import assert from "node:assert/strict";
import { test } from "node:test";
import { renderMarkdown } from "../../kernel/export/markdown";
import { collapseCarriageReturns, renderBundle, renderOutputs } from "../../kernel/export/outputs";
import { notebookTitles, splitTitle } from "../../kernel/export/title";
import { parseNotebook } from "../../kernel/run/notebook";

test("markdown: typed HTML is text, unsafe links are not links, math is rendered by KaTeX", () => {
  const html = renderMarkdown('# Title\n\n<script>alert(1)</script> <img src=x onerror="alert(2)">\n\n[bad](javascript:alert(3)) [good](https://example.org)\n\nInline $x^2$ and $$\\int_0^1 x\\,dx$$ but $5 and $6 stay text.\n\n$$\n\\frac{a}{b}\n$$\n');
  assert.ok(!/<script|<img/i.test(html), html);
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(html.includes("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;"));
  assert.ok(!html.includes('href="javascript:'), "javascript: links are dropped");
  assert.ok(html.includes('<a href="https://example.org">good</a>'));
  assert.equal((html.match(/class="katex"/g) ?? []).length, 3, "three formulas");
  assert.equal((html.match(/class="katex-display"/g) ?? []).length, 2, "two of them displayed");
  assert.ok(html.includes("$5 and $6 stay text"));
  assert.ok(html.includes('<div class="math-block">'));
  assert.ok(html.includes("<annotation encoding=\"application/x-tex\">x^2</annotation>"));
});

test("markdown: a TeX error shows the source instead of breaking the page", () => {
  const html = renderMarkdown("bad $\\frac{1}{$ here");
  assert.match(html, /katex-error/);
  assert.match(html, /here/);
});

test("markdown: fenced code is highlighted and escaped; attachments become data URIs", () => {
  const html = renderMarkdown("```ts\nconst a = 1 < 2;\n```\n\n![fig](attachment:f.png)", { "f.png": { "image/png": "iVBORw0KGgo=" } });
  assert.match(html, /<span class="hljs-keyword">const<\/span> a = <span class="hljs-number">1<\/span> &lt; <span class="hljs-number">2<\/span>;/);
  assert.ok(html.includes('<img src="data:image/png;base64,iVBORw0KGgo=" alt="fig">'));
});

test("outputs: text is escaped, kernel HTML and SVG are markup, plotly JSON cannot end its script element", () => {
  const needs = { plotly: false };
  const html = renderOutputs(
    [
      { output_type: "stream", name: "stdout", text: "<script>x()</script>\n50%\r100%\n" },
      { output_type: "execute_result", execution_count: 1, metadata: {}, data: { "text/plain": "<b>t</b>", "text/html": "<table><tr><td>1</td></tr></table>" } },
      { output_type: "display_data", metadata: {}, data: { "image/svg+xml": "<svg><circle r='1'/></svg>", "text/plain": "svg" } },
      { output_type: "display_data", metadata: {}, data: { "application/vnd.plotly.v1+json": { data: [{ name: "</script><script>evil()</script>" }] }, "text/html": "<div>fallback</div>" } },
      { output_type: "display_data", metadata: {}, data: { "text/html": '<div class="gradlab-plotly-library"></div><script data-gradlab-plotly="4">/* 3 MB */</script>' } },
      { output_type: "display_data", metadata: {}, data: { "text/latex": "$\\frac{\\partial y}{\\partial x}$", "text/plain": "dy/dx" } },
      { output_type: "error", ename: "E", evalue: "v", traceback: ["\u001b[31mE: <v>\u001b[0m"] },
    ],
    needs,
  );
  assert.ok(html.includes("&lt;script&gt;x()&lt;/script&gt;\n100%\n"), "stream text escaped, carriage returns applied");
  assert.ok(html.includes("<table><tr><td>1</td></tr></table>"));
  assert.ok(!html.includes("&lt;b&gt;t"), "text/html wins over text/plain");
  assert.ok(html.includes("<svg><circle r='1'/></svg>"));
  assert.equal(needs.plotly, true);
  assert.ok(!html.includes("fallback"), "the plotly figure is drawn from its JSON, not its HTML fallback");
  assert.ok(html.includes("\\u003c/script\\u003e\\u003cscript\\u003eevil()"), "< in figure JSON is escaped");
  assert.equal((html.match(/<\/script>/g) ?? []).length, 1, "only the figure's own script element closes");
  assert.ok(!html.includes("3 MB"), "the kernel's embedded copy of plotly.js is dropped");
  assert.match(html, /class="latex-output"><span class="katex"/);
  assert.ok(html.includes("E: &lt;v&gt;") && !html.includes("\u001b"), "tracebacks: ANSI codes stripped, text escaped");
});

test("carriage returns overwrite the line as a terminal does", () => {
  assert.equal(collapseCarriageReturns("abc\rxy\nnext\r"), "xyc\nnext");
  assert.equal(collapseCarriageReturns("0%\r50%\r100%"), "100%");
});

test("titles: English and Chinese from the first heading, or a Chinese line below it", () => {
  assert.deepEqual(splitTitle("The chain rule — 链式法则"), { en: "The chain rule", zh: "链式法则" });
  assert.deepEqual(splitTitle("Matrix calculus, part 1 (矩阵求导 上)"), { en: "Matrix calculus, part 1", zh: "矩阵求导 上" });
  assert.deepEqual(splitTitle("PyTorch 自动求导 | PyTorch autograd"), { en: "PyTorch autograd", zh: "PyTorch 自动求导" });
  assert.deepEqual(splitTitle("**Jacobi's formula**：行列式的导数"), { en: "Jacobi's formula", zh: "行列式的导数" });
  // brackets, dashes, bars and underscores inside a title stay (the articles' real titles)
  assert.deepEqual(splitTitle("理解导数(x^n求导后nx^n-1) — Understanding the derivative"), { en: "Understanding the derivative", zh: "理解导数(x^n求导后nx^n-1)" });
  assert.deepEqual(splitTitle("NLP入门——复杂函数建模与链式求导"), { en: "", zh: "NLP入门——复杂函数建模与链式求导" });
  assert.deepEqual(splitTitle("收藏 | 神经网络的 5 种常见求导,附详细的公式过程"), { en: "", zh: "收藏 | 神经网络的 5 种常见求导,附详细的公式过程" });
  assert.deepEqual(splitTitle("概率论中两种特殊的 E(x) 计算方法"), { en: "", zh: "概率论中两种特殊的 E(x) 计算方法" });
  assert.deepEqual(splitTitle("Pytorch学习笔记_2_Autograd自动求导机制"), { en: "", zh: "Pytorch学习笔记_2_Autograd自动求导机制" });
  const nb = (md: string) => parseNotebook(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", source: "1", metadata: {}, outputs: [] }, { cell_type: "markdown", source: md, metadata: {} }] }), "x.ipynb");
  assert.deepEqual(notebookTitles(nb("# Backpropagation\n\n*反向传播*\n\nText."), "a.ipynb"), { en: "Backpropagation", zh: "反向传播" });
  assert.deepEqual(notebookTitles(nb("# 深度学习-自动求导\n## Deep learning: automatic differentiation, reproduced in gradlab\n\nText."), "19.ipynb"), { en: "Deep learning: automatic differentiation", zh: "深度学习-自动求导" });
  assert.deepEqual(notebookTitles(nb("# Backpropagation\n\n本节从计算图出发，逐步推导反向传播算法中每一个节点的梯度，并用数值方法加以检验。"), "a.ipynb"), { en: "Backpropagation", zh: "" }, "a paragraph is not a title");
  assert.deepEqual(notebookTitles(nb("# Determinants\n中文标题：行列式求导与雅可比公式的推导过程与数值验证"), "a.ipynb"), { en: "Determinants", zh: "行列式求导与雅可比公式的推导过程与数值验证" });
  assert.deepEqual(notebookTitles(nb("Just text"), "07-series-sum.ipynb"), { en: "Just text", zh: "" });
  const empty = parseNotebook(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }), "x.ipynb");
  assert.deepEqual(notebookTitles(empty, "notebooks/07-series_sum.ipynb"), { en: "series sum", zh: "" });
});

test("a text/latex output with several formulas renders each of them", () => {
  const html = renderBundle({ "text/latex": "$$a^2$$\n\nand\n\n$$b^2$$", "text/plain": "x" }, { plotly: false } as never);
  assert.equal((html.match(/class="katex"/g) ?? []).length, 2, html);
  assert.ok(html.includes("and"));
  const single = renderBundle({ "text/latex": "$$\\frac{a}{b}$$", "text/plain": "x" }, { plotly: false } as never);
  assert.equal((single.match(/class="katex"/g) ?? []).length, 1);
});
