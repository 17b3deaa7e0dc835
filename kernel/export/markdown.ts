/**
 * Markdown cells to HTML for the exported site. Raw HTML in markdown is escaped (markdown-it
 * with `html: false`), so a `<script>` typed into a cell shows as text; links with
 * `javascript:` and similar URLs are dropped. `$...$`, `$$...$$`, `\(...\)` and `\[...\]` are
 * rendered to HTML by KaTeX at export time, so pages need only KaTeX's stylesheet and fonts.
 */
import katex from "katex";
import MarkdownIt from "markdown-it";
import { escapeHtml } from "../../lib/display/html";
import { highlightCode } from "./highlight";

/**
 * Render TeX with KaTeX. A TeX error does not break the page: the source is shown in red
 * with KaTeX's message as its tooltip.
 */
export function renderMath(tex: string, display: boolean): string {
  return katex.renderToString(tex, { displayMode: display, throwOnError: false, strict: "ignore", output: "htmlAndMathml", trust: false });
}

type StateBlock = MarkdownIt.StateBlock;
type StateInline = MarkdownIt.StateInline;

function isSpace(code: number | undefined): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a;
}

// $...$ (pandoc's rule: no space after the opening or before the closing $, and no digit
// right after the closing one, so "$5 and $6" stays text), $$...$$, \(...\) and \[...\].
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  let open: string, close: string, display: boolean;
  if (src.startsWith("$$", start)) [open, close, display] = ["$$", "$$", true];
  else if (src[start] === "$") [open, close, display] = ["$", "$", false];
  else if (src.startsWith("\\(", start)) [open, close, display] = ["\\(", "\\)", false];
  else if (src.startsWith("\\[", start)) [open, close, display] = ["\\[", "\\]", true];
  else return false;
  const from = start + open.length;
  if (open === "$" && isSpace(src.charCodeAt(from))) return false;
  let end = from;
  for (;;) {
    end = src.indexOf(close, end);
    if (end < 0) return false;
    if (src[end - 1] === "\\" && open === "$") {
      end += 1;
      continue;
    }
    if (open === "$" && (isSpace(src.charCodeAt(end - 1)) || /[0-9]/.test(src[end + 1] ?? ""))) {
      end += 1;
      continue;
    }
    break;
  }
  if (end === from) return false;
  if (!silent) {
    const token = state.push(display ? "math_display" : "math_inline", "math", 0);
    token.content = src.slice(from, end);
    token.markup = open;
  }
  state.pos = end + close.length;
  return true;
}

// A block that starts with $$ or \[ on its own line and ends with $$ or \].
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (n: number) => state.src.slice(state.bMarks[n] + state.tShift[n], state.eMarks[n]);
  const first = lineText(startLine);
  const open = first.startsWith("$$") ? "$$" : first.startsWith("\\[") ? "\\[" : null;
  if (!open || state.sCount[startLine] - state.blkIndent >= 4) return false;
  const close = open === "$$" ? "$$" : "\\]";
  let body = first.slice(2);
  let line = startLine;
  let found = body.trimEnd().endsWith(close);
  if (found) body = body.trimEnd().slice(0, -2);
  while (!found && ++line < endLine) {
    const t = lineText(line);
    if (t.trimEnd().endsWith(close)) {
      body += "\n" + t.trimEnd().slice(0, -2);
      found = true;
    } else body += "\n" + t;
  }
  if (!found) return false;
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = body;
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.after("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.renderer.rules.math_inline = (tokens, i) => renderMath(tokens[i].content, false);
  md.renderer.rules.math_display = (tokens, i) => renderMath(tokens[i].content, true);
  md.renderer.rules.math_block = (tokens, i) => `<div class="math-block">${renderMath(tokens[i].content, true)}</div>\n`;
}

/** Image attachments of a markdown cell: name to MIME bundle. */
export type Attachments = Record<string, Record<string, unknown>>;

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight: (code, lang) => highlightCode(code, lang) });
md.use(mathPlugin);
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url: string) => /^data:image\/(png|jpeg|gif|webp);/i.test(url.trim()) || defaultValidate(url);

/**
 * Render one markdown cell's source to HTML. `attachment:NAME` image links are resolved
 * from the cell's attachments (PNG, JPEG, GIF; SVG attachments are not inserted).
 *
 * @example
 * renderMarkdown("# Chain rule\n$\\frac{dy}{dx}$ and <script>x</script>");
 * // '<h1>Chain rule</h1>\n<p><span class="katex">…</span> and &lt;script&gt;x&lt;/script&gt;</p>\n'
 */
export function renderMarkdown(source: string, attachments?: Attachments): string {
  let src = source;
  if (attachments) {
    src = src.replace(/\(attachment:([^)\s]+)\)/g, (whole, name: string) => {
      const bundle = attachments[decodeURIComponent(name)];
      const mime = bundle && Object.keys(bundle).find((m) => /^image\/(png|jpeg|gif)$/.test(m));
      return mime ? `(data:${mime};base64,${String(bundle[mime]).replace(/\s/g, "")})` : whole;
    });
  }
  return md.render(src);
}

/** Render inline markdown (titles): escapes HTML, renders math, no paragraphs. */
export function renderInlineMarkdown(source: string): string {
  return md.renderInline(source);
}

/** Plain text of inline markdown (for <title> and link text): markup and math delimiters removed. */
export function markdownToText(source: string): string {
  return source
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*`~]+/g, "")
    // an underscore inside a word (学习笔记_2_Autograd) is not emphasis, as in CommonMark
    .replace(/(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, "")
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export { escapeHtml };
