/** The DOT source (Graphviz's language) of a traced graph, with HTML-like node labels. */
import type { Tensor } from "../tensor/tensor";
import { fmtNum } from "../autograd/report";
import type { GraphVertex, TracedGraph } from "./trace";

export interface DotOptions {
  /** Number the nodes in forward (execution) order (default false). */
  order?: boolean;
  /** Label each edge with the gradient flowing back along it (default false). */
  edgeGrads?: boolean;
  /** Show values (default true). */
  values?: boolean;
  /** Direction of data flow: "LR" (default, left to right) or "TB", "BT", "RL". */
  direction?: "LR" | "TB" | "BT" | "RL";
  /** A caption under the graph. */
  title?: string;
}

const FILL = { leaf: "#dbeafe", op: "#f3f4f6", root: "#dcfce7" };
const GRAD_COLOR = "#b91c1c";

/** Escape text for a Graphviz HTML-like label. */
function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** A tensor in a few characters: a number, a small nested list, or its shape. */
export function fmtTensor(t: Tensor, max = 6): string {
  if (t.numel() === 1) return fmtNum(t.values()[0]);
  if (t.numel() > max || t.ndim > 2) return `shape [${t.shape.join(", ")}]`;
  const v = Array.from(t.values(), (x) => fmtNum(x));
  if (t.ndim === 1) return `[${v.join(", ")}]`;
  const [r, c] = t.shape;
  return `[${Array.from({ length: r }, (_, i) => `[${v.slice(i * c, i * c + c).join(", ")}]`).join(", ")}]`;
}

function label(v: GraphVertex, o: DotOptions): string {
  const rows: string[] = [];
  const num = o.order ? `#${v.order} ` : "";
  if (v.kind === "leaf") {
    rows.push(`<B>${esc(num + (v.name ?? "leaf"))}</B>`);
    const sub = [v.name ? "leaf" : "", v.value && v.value.ndim > 0 ? `[${v.value.shape.join(", ")}]` : ""].filter(Boolean).join(" ");
    if (sub) rows.push(`<FONT POINT-SIZE="10" COLOR="#555555">${sub}</FONT>`);
  } else {
    rows.push(`<B>${esc(num + v.title)}</B>`);
    if (v.name) rows.push(`<I>${esc(v.name)}</I>`);
  }
  if (o.values !== false) rows.push(esc(`value ${v.value ? fmtTensor(v.value) : "unknown"}`));
  if (v.grad) rows.push(`<FONT COLOR="${GRAD_COLOR}">${esc(`grad ${fmtTensor(v.grad)}`)}</FONT>`);
  const body = rows.map((r) => `<TR><TD>${r}</TD></TR>`).join("");
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">${body}</TABLE>>`;
}

/** The graph in DOT. */
export function toDot(g: TracedGraph, o: DotOptions = {}): string {
  const lines = [
    "digraph G {",
    `  graph [rankdir=${o.direction ?? "LR"}, nodesep=0.3, ranksep=0.45, bgcolor="transparent", fontname="Helvetica", fontsize=12${o.title ? `, label=<${esc(o.title)}>, labelloc=b` : ""}];`,
    `  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=12, color="#555555", margin="0.12,0.06"];`,
    `  edge [color="#555555", arrowsize=0.7, fontname="Helvetica", fontsize=10];`,
  ];
  for (const v of g.vertices) {
    const fill = v.isRoot ? FILL.root : FILL[v.kind];
    lines.push(`  ${v.id} [label=${label(v, o)}, fillcolor="${fill}"${v.isRoot ? ", penwidth=2" : ""}];`);
  }
  for (const e of g.edges) {
    const lbl = o.edgeGrads && e.grad ? ` [label=<<FONT COLOR="${GRAD_COLOR}">${esc(`grad ${fmtTensor(e.grad)}`)}</FONT>>]` : "";
    lines.push(`  ${e.from.id} -> ${e.to.id}${lbl};`);
  }
  lines.push("}");
  return lines.join("\n");
}
