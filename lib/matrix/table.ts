/**
 * A checked rule sheet: each rule of a list (an article's, a textbook's) is derived by the
 * engine in the rule's layout and checked numerically, the claim and the derivation both
 * against autograd and central differences. Shows as one table: rule, layout, derived by
 * gradlab, numeric check.
 */
import { MatExpr } from "./expr";
import { parse, Shapes } from "./parse";
import { Derivative, DerivativeOptions, Layout, derivative } from "./derivative";
import { VerifyOptions, VerifyReport, verify } from "./verify";
import { textLatex } from "./steps";

/** One rule of a sheet: d(f)/d(wrt) = claim, in `layout`. */
export interface Rule {
  /** The function, as text in matrixcalculus.org notation (parsed with `shapes`) or an expression. */
  f: string | MatExpr;
  /** Shapes of the symbols of f and the claim ("A:3x4,x:4"); may be left out when f is an expression. */
  shapes?: Shapes;
  /** The symbol differentiated by. */
  wrt: string;
  /** The claimed derivative (text or expression), in `layout`. */
  claim: string | MatExpr;
  /** Layout of the claim (default "denominator": the shape of wrt). */
  layout?: Layout;
  /** The rule as the source writes it, in LaTeX (default: built from f and the claim). */
  latex?: string;
  /** A remark shown with the rule ("corrected: the article has Uᵀ"). */
  note?: string;
  /** Options of the derivation (e.g. assumeInvertible). */
  derive?: DerivativeOptions;
  /** Options of the numeric check (values, dims, trials). */
  verify?: VerifyOptions;
}

/** A checked rule: the derivation and both numeric checks. */
export interface RuleRow {
  rule: Rule;
  f: MatExpr;
  claim: MatExpr;
  layout: Layout;
  /** The engine's derivation, in the rule's layout. */
  derived: Derivative;
  /** The claim against autograd and central differences (null when it could not be evaluated: see `error`). */
  claimCheck: VerifyReport | null;
  /** Why the claim could not be checked (e.g. it has the wrong shape for the layout). */
  error?: string;
  /** The derivation against autograd and central differences. */
  derivedCheck: VerifyReport;
  /** The derived expression is the claim, symbol for symbol. */
  identical: boolean;
  ok: boolean;
}

export interface RuleTableOptions {
  /** A title above the table. */
  title?: string;
  /** Random trials per check (default 3). */
  trials?: number;
  /** Seed of the random values (default 0). */
  seed?: number;
  /** Throw an Error with the table when a rule fails (default false: read `table.ok`). */
  raiseException?: boolean;
}

function sci(v: number): string {
  return v === 0 ? "0" : v.toExponential(0);
}

/** Markdown tables split cells at "|": norms and absolute values use \Vert and \vert. */
function mdMath(tex: string): string {
  return `$${tex.replace(/\\\|/g, "\\Vert ").replace(/\|/g, "\\vert ")}$`;
}

function mdText(s: string): string {
  return s.replace(/\|/g, "\\|");
}

function texText(s: string): string {
  return `\\text{${s.replace(/[\\{}_^#&%$~]/g, (c) => (c === "\\" ? "\\textbackslash{}" : `\\${c}`))}}`;
}

/** The result of `ruleTable`: one checked row per rule. */
export class RuleTable {
  constructor(readonly rows: readonly RuleRow[], readonly title = "") {}

  /** Every claim and every derivation matched autograd and central differences. */
  get ok(): boolean { return this.rows.every((r) => r.ok); }

  /** The rows that failed. */
  get failures(): RuleRow[] { return this.rows.filter((r) => !r.ok); }

  private ruleTex(r: RuleRow): string {
    if (r.rule.latex) return r.rule.latex;
    const d = r.derived.kind === "derivative" ? "\\mathrm{d}" : "\\partial";
    return `\\frac{${d}\\left(${r.f.toLatex()}\\right)}{${d} ${r.derived.wrt.toLatex()}} = ${r.claim.toLatex()}`;
  }

  private check(r: RuleRow): string {
    if (!r.claimCheck) return `FAILED: the claim cannot be checked: ${r.error ?? ""}`;
    const err = Math.max(r.claimCheck.maxErrAutograd, r.derivedCheck.maxErrAutograd);
    const fd = Math.max(r.claimCheck.maxErrNumeric, r.derivedCheck.maxErrNumeric);
    const n = r.claimCheck.trials.length;
    if (r.ok) return `passed (${n} random trials; error vs autograd ${sci(err)}, vs central differences ${sci(fd)})`;
    const which = [!r.claimCheck.ok && "the claim", !r.derivedCheck.ok && "the derivation"].filter(Boolean).join(" and ");
    return `FAILED: ${which} differ${which.includes(" and ") ? "" : "s"} from autograd`;
  }

  private derivedNote(r: RuleRow): string {
    return r.identical ? "(the claim)" : "(equal in value)";
  }

  /** A Markdown table with inline math. */
  toMarkdown(): string {
    const notes = this.rows.some((r) => r.rule.note);
    const head = `| rule | layout | derived by gradlab | numeric check |${notes ? " note |" : ""}\n|---|---|---|---|${notes ? "---|" : ""}`;
    const body = this.rows.map((r) =>
      `| ${mdMath(this.ruleTex(r))} | ${r.layout} | ${mdMath(r.derived.value.toLatex())} ${this.derivedNote(r)} | ${r.ok ? "✓" : "✗"} ${mdText(this.check(r))} |${notes ? ` ${mdText(r.rule.note ?? "")} |` : ""}`);
    return [this.title ? `**${mdText(this.title)}**\n` : "", head, ...body].filter(Boolean).join("\n");
  }

  /** A LaTeX array (for renderers without Markdown), rows spaced for the fractions. */
  toLatex(): string {
    const notes = this.rows.some((r) => r.rule.note);
    const rows = this.rows.map((r) =>
      `${this.ruleTex(r)} & ${texText(r.layout)} & ${r.derived.value.toLatex()} & ${r.ok ? "\\checkmark" : "\\times"}\\ ${texText(r.ok ? "passed" : "FAILED")}${notes ? ` & ${textLatex(r.rule.note ?? "")}` : ""}`);
    const head = `\\text{rule} & \\text{layout} & \\text{derived by gradlab} & \\text{numeric check}${notes ? " & \\text{note}" : ""}`;
    return `\\begin{array}{${notes ? "lllll" : "llll"}}\n${head} \\\\[2pt] \\hline\n${rows.join(" \\\\[8pt]\n")}\n\\end{array}`;
  }

  /** One line per rule. */
  toString(): string {
    const lines = this.rows.map((r) => {
      const f = r.f.toString();
      return `${r.ok ? "ok  " : "FAIL"} d(${f})/d${r.derived.wrt.name} = ${r.claim}   [${r.layout}]   derived: ${r.derived.text} ${this.derivedNote(r)}; ${this.check(r)}${r.rule.note ? `   — ${r.rule.note}` : ""}`;
    });
    const summary = this.ok ? `all ${this.rows.length} rules passed` : `${this.failures.length} of ${this.rows.length} rules FAILED`;
    return [this.title || "rule table", ...lines, summary].join("\n");
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/markdown": this.toMarkdown(), "text/latex": `$$${this.toLatex()}$$`, "text/plain": this.toString() };
  }
}

/**
 * Check a list of derivative rules: each is derived by the engine in its layout, and the
 * claim and the derivation are both compared with autograd and central differences on
 * random values. Shows as one table (rule, layout, derived by gradlab, numeric check).
 * @example
 * import { mat } from "gradlab";
 * const t = mat.ruleTable([
 *   { f: "A*x", shapes: "A:3x4,x:4", wrt: "x", claim: "A", layout: "numerator" },
 *   { f: "x'*A*x", shapes: "A:3x3,x:3", wrt: "x", claim: "(A + A')*x" },
 * ]);
 * t.ok;          // true
 * t.toString();  // one line per rule, "all 2 rules passed"
 */
export function ruleTable(rules: readonly Rule[], opts: RuleTableOptions = {}): RuleTable {
  const rows = rules.map((rule, i): RuleRow => {
    const where = `ruleTable row ${i + 1}`;
    const shapes = rule.shapes ?? {};
    const f = typeof rule.f === "string" ? parse(rule.f, shapes) : rule.f;
    const wrt = rule.wrt;
    const layout = rule.layout ?? "denominator";
    let derived: Derivative;
    try {
      derived = derivative(f, wrt, { ...rule.derive, layout });
    } catch (e) {
      throw new Error(`${where} (${f}): ${(e as Error).message}`);
    }
    const symbols: Record<string, MatExpr> = {};
    const collect = (e: MatExpr) => {
      if (e.op === "sym") symbols[e.name] = e;
      e.args.forEach(collect);
    };
    collect(f);
    const claim = typeof rule.claim === "string" ? parse(rule.claim, typeof shapes === "string" ? shapes : { ...shapes, ...symbols }) : rule.claim;
    const vo: VerifyOptions = { trials: opts.trials, seed: opts.seed, ...rule.verify, layout, raiseException: false };
    let claimCheck: VerifyReport | null = null;
    let error: string | undefined;
    try {
      claimCheck = verify(f, wrt, claim, vo);
    } catch (e) {
      error = (e as Error).message;
    }
    const derivedCheck = verify(derived, { ...vo, layout: undefined });
    const ok = claimCheck !== null && claimCheck.ok && derivedCheck.ok;
    return { rule, f, claim, layout, derived, claimCheck, error, derivedCheck, identical: derived.value.key === claim.key, ok };
  });
  const table = new RuleTable(rows, opts.title);
  if (opts.raiseException && !table.ok) throw new Error(`ruleTable: ${table.failures.length} rule(s) failed\n${table.toString()}`);
  return table;
}
