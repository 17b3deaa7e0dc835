/**
 * The steps of a derivation (df by the rules, each trace rewrite, the read-off
 * gradient), displayable as aligned LaTeX in a notebook and as text in a terminal.
 */
import type { MatExpr } from "./expr";

/** One line: `lhs = expr`, justified by `rule`. */
export interface Step {
  /** Left-hand side in text ("df", "∂f/∂X"); empty continues the previous line ("= …"). */
  lhs: string;
  /** Left-hand side in LaTeX. */
  lhsLatex: string;
  expr: MatExpr;
  /** Why this line follows from the previous one (plain text, may use ᵀ ⊙ ⁻¹ …). */
  rule: string;
}

const UNI: Record<string, string> = {
  "⊙": "\\odot", "⊘": "\\oslash", "‖": "\\|", "′": "'", "σ": "\\sigma", "−": "-", "⇒": "\\Rightarrow", "Σ": "\\Sigma",
  "·": "\\cdot", "⟨": "\\langle", "⟩": "\\rangle", "∂": "\\partial", "≠": "\\ne", "∈": "\\in",
};
const SUP: Record<string, string> = { "ᵀ": "\\top", "ᵖ": "p", "⁻": "-", "¹": "1", "²": "2", "³": "3" };
const SUB: Record<string, string> = { "₁": "1", "₂": "2", "ᵢ": "i", "ⱼ": "j", "ₙ": "n" };

/** Plain text with a few math characters → LaTeX text mode (math characters in $…$). */
export function textLatex(s: string): string {
  // runs of text and of math; superscript and subscript characters are grouped (ᵖ⁻² → ^{p-2})
  const parts: { math: boolean; s: string }[] = [];
  const push = (math: boolean, t: string) => {
    const last = parts[parts.length - 1];
    if (last && last.math === math) last.s += math && !/^[\^_]/.test(t) ? ` ${t}` : t;
    else parts.push({ math, s: t });
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    for (const [table, mark] of [[SUP, "^"], [SUB, "_"]] as const) {
      if (!(c in table)) continue;
      let group = "";
      while (i < s.length && s[i] in table) group += table[s[i++]];
      push(true, `${mark}{${group}}`);
    }
    if (i >= s.length) break;
    const ch = s[i];
    if (ch in SUP || ch in SUB) continue;
    if (UNI[ch]) {
      push(true, `{${UNI[ch]}}`);
      i++;
      continue;
    }
    push(false, "\\{}_^#&%$~".includes(ch) ? (ch === "\\" ? "\\textbackslash{}" : ch === "~" ? "\\textasciitilde{}" : ch === "^" ? "\\textasciicircum{}" : `\\${ch}`) : ch);
    i++;
  }
  return `\\text{${parts.map((p) => (p.math ? `$${p.s}$` : p.s)).join("")}}`;
}

/**
 * A derivation: a list of steps.
 * @example
 * import { mat } from "gradlab";
 * const d = mat.grad(mat.parse("a'*X*b", "a:3,X:3x4,b:4"), "X");
 * d.steps.toString(); // df = a'*dX*b, = tr(a'*dX*b), = tr(b*a'*dX), ∂f/∂X = (b*a')', = a*b'
 */
export class Steps {
  constructor(readonly items: readonly Step[]) {}

  get length(): number { return this.items.length; }

  /** One line per step: `lhs = expr    (rule)`. */
  toString(): string {
    const width = Math.max(...this.items.map((s) => s.lhs.length), 1);
    return this.items.map((s) => `${(s.lhs || "").padStart(width)} = ${s.expr}${s.rule ? `    (${s.rule})` : ""}`).join("\n");
  }

  /** An `aligned` block, one step a row, the rule on the right. */
  toLatex(): string {
    const rows = this.items.map((s) => `${s.lhsLatex} &= ${s.expr.toLatex()}${s.rule ? ` && ${textLatex(s.rule)}` : ""}`);
    return `\\begin{aligned}\n${rows.join(" \\\\\n")}\n\\end{aligned}`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/latex": `$$${this.toLatex()}$$`, "text/plain": this.toString() };
  }
}
