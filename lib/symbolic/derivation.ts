/**
 * A derivation: named steps shown as a LaTeX `align*` block in the kernel (what a teacher
 * writes on the board), with optional numeric tables (as h shrinks, partial sums…).
 */
import type { Expr } from "./expr";

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

  /** The derivation as a LaTeX `align*` block (tables follow as arrays). */
  toLatex(): string {
    const lines = this.steps.map((s) => {
      const why = s.rule ? ` && \\text{${s.rule}}${s.formula ? `\\;\\; ${s.formula}` : ""}` : "";
      return `${s.lhs} &= ${s.rhs}${why}`;
    });
    let out = `\\begin{align*}\n${lines.join(" \\\\\n")}\n\\end{align*}`;
    if (this.conditions.length) out += `\n$$\\text{for } ${this.conditions.map((c) => c).join(",\\; ")}$$`;
    for (const t of this.tables) {
      const head = t.columns.join(" & ");
      const body = t.rows.map((r) => r.map(latexCell).join(" & ")).join(" \\\\\n");
      out += `\n$$\\begin{array}{${"r".repeat(t.columns.length)}}\\text{${t.caption}} \\\\ ${head} \\\\ \\hline\n${body}\n\\end{array}$$`;
    }
    return out;
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
