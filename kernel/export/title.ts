/**
 * A notebook's English and Chinese titles, from its first markdown cell. gradlab notebooks
 * open with a heading that has both, e.g. `# The chain rule — 链式法则` or
 * `# The chain rule (链式法则)`, or an English heading with the Chinese title on a line below.
 */
import * as path from "path";
import type { Notebook } from "../run/notebook";
import { markdownToText } from "./markdown";

/** Titles of one notebook; `zh` is empty when the notebook has no Chinese title. */
export interface Titles {
  en: string;
  zh: string;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;
// where a line may change language: a spaced dash or bar, or a full-width colon
const SEPARATORS = [/\s+[—–|]\s+/, /\s+-\s+/, /：/];

function clean(s: string): string {
  return markdownToText(s).replace(/^[\s\-—–|:·,，;；]+|[\s\-—–|:·,，;；]+$/g, "").trim();
}

/**
 * Split one line into its English and Chinese parts. A line is cut only where the language
 * changes (at a spaced dash or bar, or around a final bracketed group), so brackets, dashes
 * and bars inside a title — 理解导数(x^n求导后nx^n-1), NLP入门——复杂函数建模, 收藏 | 神经网络 — stay.
 */
export function splitTitle(line: string): Titles {
  const text = clean(line);
  if (!CJK.test(text)) return { en: text, zh: "" };
  for (const sep of SEPARATORS) {
    const m = sep.exec(text);
    if (!m) continue;
    const left = clean(text.slice(0, m.index));
    const right = clean(text.slice(m.index + m[0].length));
    if (left && right && CJK.test(left) !== CJK.test(right)) {
      return CJK.test(left) ? { zh: left, en: right } : { zh: right, en: left };
    }
  }
  const bracket = /^(.*?)\s*[（(]([^()（）]+)[)）]\s*$/.exec(text);
  if (bracket && bracket[1].trim() && CJK.test(bracket[1]) !== CJK.test(bracket[2])) {
    const [a, b] = [clean(bracket[1]), clean(bracket[2])];
    return CJK.test(a) ? { zh: a, en: b } : { zh: b, en: a };
  }
  return { en: "", zh: text };
}

/**
 * The titles of a notebook: its first markdown cell's first heading (or first line), split
 * into English and Chinese; when that line has no Chinese, the cell's first line with Chinese
 * text, if it is short or labelled (`中文:` or `Chinese title:`, the label is dropped). The file name stands in for a
 * missing English title.
 *
 * @example
 * notebookTitles(nb, "01-chain-rule.ipynb"); // { en: "The chain rule", zh: "链式法则" }
 */
export function notebookTitles(nb: Notebook, file: string): Titles {
  const fallback = path.basename(file, ".ipynb").replace(/^\d+[-_ ]*/, "").replace(/[-_]+/g, " ") || path.basename(file);
  const cell = nb.cells.find((c) => c.cell_type === "markdown" && c.source.trim());
  if (!cell) return { en: fallback, zh: "" };
  const lines = cell.source.split("\n").map((l) => l.trim()).filter(Boolean);
  const headingAt = lines.findIndex((l) => /^#{1,6}\s/.test(l));
  const head = lines[headingAt >= 0 ? headingAt : 0].replace(/^#{1,6}\s+/, "");
  const t = splitTitle(head);
  if (!t.en) {
    // a Chinese heading with the English title on a heading line below it
    for (const l of lines.slice((headingAt >= 0 ? headingAt : 0) + 1, (headingAt >= 0 ? headingAt : 0) + 3)) {
      if (!/^#{1,6}\s/.test(l)) continue;
      const en = splitTitle(l.replace(/^#{1,6}\s+/, "")).en;
      if (en) {
        t.en = en.replace(/,\s*reproduced in gradlab$/i, "");
        break;
      }
    }
  }
  if (!t.zh) {
    // a short line without sentence punctuation (a subtitle, not a paragraph), or a labelled one
    for (const l of lines.slice((headingAt >= 0 ? headingAt : 0) + 1)) {
      const labelled = /^[#>*_\s]*(中文(标题)?|Chinese( title)?)\s*[:：]/i.test(l);
      const line = l.replace(/^[#>*_\s]+/, "").replace(/^(中文(标题)?|Chinese( title)?)\s*[:：]\s*/i, "");
      const zh = splitTitle(line).zh;
      const titleLike = markdownToText(line).length <= 30 && !/[。，；！？]/.test(line);
      if (zh && (labelled || titleLike)) {
        t.zh = zh;
        break;
      }
    }
  }
  return { en: t.en || fallback, zh: t.zh };
}
