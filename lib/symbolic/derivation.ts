/**
 * A derivation: named steps shown as a LaTeX `align*` block in the kernel (what a teacher
 * writes on the board), with optional numeric tables (as h shrinks, partial sums…).
 */
import type { Expr } from "./expr";
import { greekLetters } from "./print";

/** One line: `lhs = rhs`, justified by a named rule and its formula. */
export interface Step {
  /** The rule's name, e.g. "product rule", "chain rule", "power rule". */
  readonly rule: string;
  /** The rule in general form (LaTeX), e.g. "(uv)' = u'v + uv'"; "" when none. */
  readonly formula: string;
  /** Left side (LaTeX); "" continues the previous line's left side. */
  readonly lhs: string;
  /** Right side (LaTeX). */
  readonly rhs: string;
  /** The same line as plain text. */
  readonly text: string;
  /** The expression this line equals, when it is one. */
  readonly value?: Expr;
}

/** A numeric table shown under a derivation. */
export interface Table {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (number | string)[])[];
}

function fmt(v: number | string): string {
  if (typeof v === "string") return v;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e8) ? v.toExponential(6) : v.toPrecision(10).replace(/\.?0+$/, "");
}

function latexCell(v: number | string): string {
  const s = fmt(v);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : typeof v === "string" ? v : s;
}

/** Symbols that \text{} does not hold portably (KaTeX warns; fonts may lack them), set as math. */
const TEXT_SYMBOLS: Record<string, string> = {
  "→": "\\to", "≤": "\\le", "≥": "\\ge", "≠": "\\ne", "·": "\\cdot", "−": "-", "Σ": "\\Sigma", "σ": "\\sigma", "π": "\\pi",
  "∫": "\\int", "½": "\\tfrac12", "ⁿ": "^{n}", "ᵏ": "^{k}", "²": "^{2}", "³": "^{3}", "√": "\\surd", "∞": "\\infty",
};

/**
 * Words as LaTeX: `\text{…}` runs, with the symbols above set as math between them and
 * TeX's special characters escaped.
 * @example
 * textLatex("let t → 0"); // "\\text{let t }\\to \\text{ 0}"
 */
export function textLatex(s: string): string {
  let out = "";
  let run = "";
  const flush = () => {
    if (run) out += `\\text{${run.replace(/[\\{}&%#_$^~]/g, (c) => (c === "\\" ? "\\textbackslash{}" : c === "^" ? "\\textasciicircum{}" : c === "~" ? "\\textasciitilde{}" : `\\${c}`))}}`;
    run = "";
  };
  for (const ch of s) {
    const m = TEXT_SYMBOLS[ch] ?? (greekLetters[ch] ? `\\${greekLetters[ch]}` : undefined);
    if (m === undefined) run += ch;
    else {
      flush();
      out += `${m} `;
    }
  }
  flush();
  return out;
}

/**
 * A derivation with named steps and a result.
 * @example
 * const d = sym.diffSteps("x^2 sin(x)", "x");
 * d.steps.map((s) => s.rule); // ["product rule", "power rule", "trigonometric function (table row sin)", …]
 * d.result.toString();        // equals sym.diff("x^2 sin(x)", "x") simplified
 */
export class Derivation {
  constructor(
    /** What is derived (plain text). */
    readonly title: string,
    readonly steps: readonly Step[],
    /** The final expression. */
    readonly result: Expr,
    readonly tables: readonly Table[] = [],
    /** Conditions under which the result holds, e.g. "|q| < 1". */
    readonly conditions: readonly string[] = [],
  ) {}

  /**
   * The derivation as one LaTeX environment: an `align*` of the steps or, with conditions or
   * tables, a `gather*` holding the aligned steps, the conditions and the tables, so that
   * MathJax (Jupyter) and KaTeX (the exported site) both render it as a whole.
   */
  toLatex(): string {
    const lines = this.steps.map((s) => {
      const why = s.rule ? ` && ${textLatex(s.rule)}${s.formula ? `\\;\\; ${s.formula}` : ""}` : "";
      return `${s.lhs} &= ${s.rhs}${why}`;
    });
    const body = lines.join(" \\\\\n");
    if (!this.conditions.length && !this.tables.length) return `\\begin{align*}\n${body}\n\\end{align*}`;
    const parts = [`\\begin{aligned}\n${body}\n\\end{aligned}`];
    if (this.conditions.length) parts.push(`\\text{for } ${this.conditions.map((c) => c.replace(/[→≤≥≠·−]/g, (m) => `${TEXT_SYMBOLS[m]} `)).join(",\\; ")}`);
    for (const t of this.tables) {
      const rows = t.rows.map((r) => r.map(latexCell).join(" & ")).join(" \\\\\n");
      const n = t.columns.length;
      parts.push(`${textLatex(t.caption)} \\\\[2pt]\n\\begin{array}{${"r".repeat(n)}}${t.columns.join(" & ")} \\\\ \\hline\n${rows}\n\\end{array}`);
    }
    return `\\begin{gather*}\n${parts.join(" \\\\[10pt]\n")}\n\\end{gather*}`;
  }

  /** Plain text: one step a line, with the rule on the right. */
  toString(): string {
    const width = Math.min(70, Math.max(...this.steps.map((s) => s.text.length)));
    const lines = this.steps.map((s) => `${s.text.padEnd(width)}${s.rule ? `   [${s.rule}]` : ""}`);
    let out = `${this.title}\n${lines.join("\n")}`;
    if (this.conditions.length) out += `\n(for ${this.conditions.join(", ")})`;
    for (const t of this.tables) {
      const cells = [t.columns.map((c) => c.replace(/\\[a-z]+\{?|[{}$\\]/g, "")), ...t.rows.map((r) => r.map(fmt))];
      const w = t.columns.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
      out += `\n\n${t.caption}\n` + cells.map((r) => r.map((c, i) => String(c).padStart(w[i])).join("  ")).join("\n");
    }
    return out;
  }

  /** Rich display in the gradlab kernel. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/latex": this.toLatex(), "text/plain": this.toString() };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
