/** Syntax highlighting for code cells and fenced code, done at export time with highlight.js. */
import hljs from "highlight.js/lib/core";
import javascript from "highlight.js/lib/languages/javascript";
import python from "highlight.js/lib/languages/python";
import typescript from "highlight.js/lib/languages/typescript";
import bash from "highlight.js/lib/languages/bash";
import json from "highlight.js/lib/languages/json";
import { escapeHtml } from "../../lib/display/html";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("python", python);
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("json", json);

const ALIASES: Record<string, string> = { ts: "typescript", tsx: "typescript", js: "javascript", py: "python", sh: "bash", shell: "bash" };

/**
 * Highlighted HTML for `code` in `language` (a kernel language name or a fence label);
 * escaped plain text when the language is unknown. highlight.js escapes the code itself.
 *
 * @example
 * highlightCode("const x = 1;", "typescript"); // '<span class="hljs-keyword">const</span> x = …'
 */
export function highlightCode(code: string, language: string | undefined): string {
  const lang = ALIASES[(language ?? "").toLowerCase()] ?? (language ?? "").toLowerCase();
  if (!lang || !hljs.getLanguage(lang)) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}
