/**
 * `sym.tree`: an expression as the tree a parser builds (its abstract syntax tree), drawn
 * by Graphviz as SVG in the kernel and as indented text elsewhere. With `{ dag: true }`
 * each repeated subexpression is drawn once, as the engine stores it (hash-consing), which
 * shows how much a derivative really repeats ("expression swell").
 */
import * as X from "./expr";
import type { Expr, ExprLike } from "./expr";
import { orderedTerms, toText } from "./print";
import { renderSvg } from "../graph/graphviz";

export interface TreeOptions {
  /** Draw each distinct subexpression once, with edges to every use (default false: a tree). */
  dag?: boolean;
  /** Graphviz rank direction: "TB" (default, root on top) or "LR". */
  direction?: "TB" | "LR";
  /** A caption under the picture. */
  title?: string;
}

/** The label of a node: its operator, or the leaf itself. */
function label(e: Expr): string {
  switch (e.kind) {
    case "num":
      return toText(e);
    case "sym":
    case "const":
      return e.name;
    case "add":
      return "+";
    case "mul":
      return "×";
    case "pow":
      return "^";
    case "fn":
      return e.name === "log" ? "ln" : e.name;
    case "bin":
      return e.name;
    case "where":
      return "where";
    case "integral":
      return "∫";
  }
}

/** Children in reading order (a sum's terms as printed). */
function children(e: Expr): readonly Expr[] {
  return e.kind === "add" ? orderedTerms(e) : e.args;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** Nodes drawn in the picture and lines printed in the text, at most. */
const MAX_DRAWN = 400;
/** Text of a subexpression for a caption: printed when small (printing is recursive), else its size. */
function short(e: Expr): string {
  return e.size() <= 60 ? toText(e) : `an expression of ${e.size()} nodes`;
}
const MAX_LINES = 1000;

/**
 * An expression tree (or DAG). Shows as an SVG picture in the kernel; `toString()` is the
 * indented text tree; `nodes` counts what is drawn.
 * @example
 * const t = sym.tree("ln(ln(x) + x)");
 * t.nodes;          // 5: ln, +, ln, x, x
 * String(t);        // "ln\n└─ +\n   ├─ x\n   └─ ln\n      └─ x"
 * sym.tree("(x + 1)^2 * (x + 1)^3 + sin(x + 1)", { dag: true }).nodes; // x + 1 is drawn once
 */
export class ExprTree {
  constructor(
    readonly expr: Expr,
    /** True when drawn as a DAG (shared subexpressions once). */
    readonly dag: boolean,
    private readonly options: TreeOptions = {},
  ) {}

  /** Nodes drawn: every occurrence for a tree (`expr.size()`), distinct nodes for a DAG (`expr.dagSize()`). */
  get nodes(): number {
    return this.dag ? this.expr.dagSize() : this.expr.size();
  }

  /** The indented text tree (a DAG prints like the tree, repeats marked "(shared)"); at most 1000 lines. */
  toString(): string {
    const lines: string[] = [label(this.expr)];
    const seen = new Set<number>();
    // iterative, so a deep expression cannot overflow the stack
    const stack: { e: Expr; prefix: string; last: boolean }[] = [];
    const push = (e: Expr, prefix: string) => {
      const cs = children(e);
      for (let i = cs.length - 1; i >= 0; i--) stack.push({ e: cs[i], prefix, last: i === cs.length - 1 });
    };
    seen.add(this.expr.id);
    push(this.expr, "");
    while (stack.length) {
      if (lines.length >= MAX_LINES) {
        lines.push(`… (${this.nodes - lines.length} more nodes not printed)`);
        break;
      }
      const { e, prefix, last } = stack.pop()!;
      const shared = this.dag && seen.has(e.id) && e.args.length > 0;
      lines.push(`${prefix}${last ? "└─ " : "├─ "}${label(e)}${shared ? `  (shared: ${short(e)})` : ""}`);
      seen.add(e.id);
      if (!shared) push(e, prefix + (last ? "   " : "│  "));
    }
    return lines.join("\n");
  }

  /** The Graphviz source of the picture. */
  get dot(): string {
    const ids = new Map<number | string, string>();
    const nodes: string[] = [];
    const edges: string[] = [];
    let count = 0;
    const node = (e: Expr, key: number | string): string => {
      const name = `n${count++}`;
      ids.set(key, name);
      const leaf = e.args.length === 0;
      const fill = e.kind === "sym" ? "#dbeafe" : leaf ? "#fef3c7" : "#f3f4f6";
      nodes.push(`  ${name} [label="${esc(label(e))}", shape=${leaf ? "box" : "ellipse"}, style="filled,rounded", fillcolor="${fill}"];`);
      return name;
    };
    const root = node(this.expr, this.dag ? this.expr.id : "r");
    const stack: [Expr, string][] = [[this.expr, root]];
    while (stack.length && count <= MAX_DRAWN) {
      const [e, name] = stack.pop()!;
      children(e).forEach((c, i) => {
        let child = this.dag ? ids.get(c.id) : undefined;
        const fresh = child === undefined;
        if (fresh) child = node(c, this.dag ? c.id : `t${count}`);
        // argument order matters for ^ and the binary functions: label the edges there
        const order = e.kind === "pow" || e.kind === "bin" || e.kind === "where" || e.kind === "integral" ? ` [label="${i + 1}", fontsize=9]` : "";
        edges.push(`  ${name} -> ${child}${order};`);
        if (fresh) stack.push([c, child!]);
      });
    }
    const caption = this.options.title ?? `${short(this.expr)}  (${this.nodes} nodes${this.dag ? ", shared subexpressions once" : ""})`;
    const cut = count > MAX_DRAWN ? `\n  cut [label="… ${this.nodes - MAX_DRAWN} more nodes not drawn", shape=plaintext];` : "";
    return [
      "digraph expr {",
      `  rankdir=${this.options.direction ?? "TB"}; bgcolor="transparent"; nodesep=0.25; ranksep=0.35;`,
      `  label="${esc(caption.length > 120 ? caption.slice(0, 117) + "…" : caption)}"; labelloc=b; fontname="Helvetica"; fontsize=11;`,
      `  node [fontname="Helvetica", fontsize=12, height=0.3, margin="0.08,0.03"];`,
      `  edge [arrowsize=0.6];`,
      ...nodes,
      ...edges,
      cut,
      "}",
    ].join("\n");
  }

  /** The picture as SVG (Graphviz compiled to WebAssembly). */
  get svg(): string {
    return renderSvg(this.dot);
  }

  /** Rich display in the kernel: the SVG picture, with the text tree as plain text. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const text = this.toString();
    try {
      return { "image/svg+xml": this.svg, "text/plain": text };
    } catch (e) {
      return { "text/plain": `${text}\n(the picture could not be drawn: ${(e as Error).message})` };
    }
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * The expression tree of `e` (parsed first when text): operators as inner nodes, variables
 * and numbers as leaves. `{ dag: true }` draws each repeated subexpression once.
 * @example
 * import { sym } from "gradlab";
 * sym.tree("ln(ln(x) + x)");                     // a picture in the kernel
 * sym.tree(sym.diff("sigmoid(w*x)^2", "w"), { dag: true }).nodes; // distinct nodes only
 */
export function tree(e: ExprLike, options: TreeOptions = {}): ExprTree {
  return new ExprTree(X.toExpr(e), options.dag ?? false, options);
}
