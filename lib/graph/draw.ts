/** drawGraph: the computational graph behind a tensor as an SVG picture (and text). */
import { Tensor } from "../tensor/tensor";
import { traceGraph, TraceOptions, TracedGraph } from "./trace";
import { toDot, fmtTensor, DotOptions } from "./dot";
import { renderSvg } from "./graphviz";

export interface DrawGraphOptions extends TraceOptions, DotOptions {}

/**
 * A drawn graph: the traced structure, its DOT source and (rendered on first use) its SVG.
 * Shows as SVG in the kernel; `toString()` lists the nodes in forward order.
 * @example
 * const x = tensor(3, { requiresGrad: true });
 * const view = drawGraph(x.mul(x).add(x.sin()));
 * view.graph.vertices.length; // 4: x, MulBackward0, SinBackward0, AddBackward0
 * view.svg.includes("MulBackward0"); // true
 */
export class GraphView {
  private svgCache: string | null = null;

  constructor(
    /** The vertices (leaves and ops, in forward order) and edges that were drawn. */
    readonly graph: TracedGraph,
    /** The Graphviz source of the picture. */
    readonly dot: string,
  ) {}

  /** The picture as SVG (laid out by Graphviz compiled to WebAssembly; no system binary). */
  get svg(): string {
    return (this.svgCache ??= renderSvg(this.dot));
  }

  /** The graph as text: one line per node in forward order. */
  toString(): string {
    const g = this.graph;
    const byVertex = new Map(g.vertices.map((v) => [v, [] as string[]]));
    for (const e of g.edges) byVertex.get(e.to)!.push(e.from.name ?? `#${e.from.order}`);
    const lines = g.vertices.map((v) => {
      const what = v.kind === "leaf" ? `leaf${v.name ? ` ${v.name}` : ""}` : `${v.title}${v.name ? ` ${v.name}` : ""} ← ${byVertex.get(v)!.join(", ")}`;
      const value = v.value ? fmtTensor(v.value) : "unknown";
      return `  #${v.order} ${what}: value ${value}${v.grad ? `, grad ${fmtTensor(v.grad)}` : ""}${v.isRoot ? "  (output)" : ""}`;
    });
    const head = `computational graph: ${g.vertices.length} nodes, ${g.edges.length} edges, in forward order (backward runs it in reverse)`;
    return [head, ...lines, ...g.notes.map((n) => `note: ${n}`)].join("\n");
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "image/svg+xml": this.svg, "text/plain": this.toString() };
  }
}

/**
 * Draw the computational graph behind `y`: leaves with their values and (after backward)
 * their gradients, op nodes with their gradFn names, edges in data-flow direction, each
 * node once however often it is used (fan-out). Options add the forward order of the nodes
 * (`order`) and the gradient flowing along each edge (`edgeGrads`); `tensors` names
 * intermediate results. Shows as SVG in the kernel.
 * @example
 * const a = tensor(2, { requiresGrad: true }); a.label = "a";
 * const b = tensor(-3, { requiresGrad: true }); b.label = "b";
 * const e = a.mul(b);
 * const L = e.add(a);
 * L.backward();
 * drawGraph(L, { tensors: { e }, order: true, edgeGrads: true });
 */
export function drawGraph(y: Tensor, options: DrawGraphOptions = {}): GraphView {
  if (!(y instanceof Tensor)) throw new TypeError(`drawGraph: expects a Tensor, got ${y === null ? "null" : typeof y}`);
  const graph = traceGraph(y, options);
  return new GraphView(graph, toDot(graph, options));
}
