/**
 * The graph behind a tensor, for drawing: every op node (gradFn) and leaf once, in forward
 * (execution) order, with the values and gradients that can be recovered.
 *
 * Values: a leaf is its own value; an op's output is known when it is the root, a tensor
 * the caller named, or a tensor some node saved for backward; otherwise it is recomputed
 * from its inputs with the row's forward kernel. Gradients: a leaf shows its `.grad`; an
 * op shows ∂root/∂output, and an edge the gradient flowing along it, from a reverse sweep
 * over the graph (sweep.ts) that writes nothing. After a backward() without retainGraph the
 * saved tensors are gone; values and gradients of elementwise ops and matmul are then
 * recomputed from the leaves, others may be missing (shown as unknown).
 */
import { Tensor } from "../tensor/tensor";
import { sameShape } from "../tensor/shape";
import { onesLike } from "../tensor/create";
import type { Ctx, OpRow } from "../ops/row";
import { Node } from "../autograd/node";
import { noGrad } from "../autograd/mode";
import { sumToShape } from "../autograd/engine";
import { reverseSweep } from "../autograd/sweep";
import { unaryPrimitives, binaryPrimitives } from "../ops/elementwise";
import { whereRow } from "../ops/gather";
import { matmulRow } from "../ops/linalg";
import { cloneRow } from "../ops/movement";

export interface GraphVertex {
  /** A DOT identifier. */
  readonly id: string;
  readonly kind: "leaf" | "op";
  /** The op's backward node (for ops). */
  readonly node: Node | null;
  /** The leaf tensor (for leaves). */
  readonly leaf: Tensor | null;
  /** The gradFn name for ops, "leaf" for leaves. */
  readonly title: string;
  /** The tensor's name: its label, or its key in the `tensors` option. */
  readonly name: string | undefined;
  /** The value (an op's output), or null when it cannot be recovered. */
  readonly value: Tensor | null;
  /** A leaf's .grad, or ∂root/∂(op output); null when not shown or unknown. */
  readonly grad: Tensor | null;
  /** Position in forward (execution) order, from 1; backward visits the ops in reverse. */
  readonly order: number;
  readonly isRoot: boolean;
}

export interface GraphEdge {
  /** The producer (a leaf or an op). */
  readonly from: GraphVertex;
  /** The consuming op. */
  readonly to: GraphVertex;
  /** Which input of `to` this edge is. */
  readonly input: number;
  /** The gradient flowing back along this edge (summed to the input's shape), when computed. */
  readonly grad: Tensor | null;
}

export interface TracedGraph {
  readonly vertices: readonly GraphVertex[];
  readonly edges: readonly GraphEdge[];
  readonly root: GraphVertex;
  /** Remarks about what could not be shown. */
  readonly notes: readonly string[];
}

export interface TraceOptions {
  /** Tensors to name in the picture (an array uses their labels); their values are shown. */
  tensors?: readonly Tensor[] | Readonly<Record<string, Tensor>>;
  /** Compute ∂root/∂node for op nodes and edges (default: after a backward, i.e. when some leaf has a .grad). */
  grads?: boolean;
  /** The cotangent at the root when it is not a scalar (default: ones for a scalar root). */
  seed?: Tensor;
  /** Stop with an error above this many vertices (default 400). */
  maxNodes?: number;
}

type Key = Node | Tensor;

/** Rows whose params are always null, so a freed node can still run forward and backward from recovered values. */
let paramless: Set<OpRow<any>> | null = null;
function isParamless(row: OpRow<any>): boolean {
  paramless ??= new Set<OpRow<any>>([...Object.values(unaryPrimitives), ...Object.values(binaryPrimitives), matmulRow, whereRow, cloneRow]);
  return paramless.has(row);
}

/** The vertices in forward order: an iterative depth-first post-order from the root. */
function collect(root: Tensor, maxNodes: number): Key[] {
  const start: Key = root.gradFn ?? root;
  const order: Key[] = [];
  const seen = new Set<Key>([start]);
  const stack: [Key, number][] = [[start, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [k, i] = top;
    const next = k instanceof Node ? k.next : [];
    if (i < next.length) {
      top[1]++;
      const nx = next[i];
      if (nx !== null && !seen.has(nx)) {
        seen.add(nx);
        if (seen.size > maxNodes) {
          throw new RangeError(`drawGraph: the graph has more than ${maxNodes} nodes; pass { maxNodes: ${maxNodes * 4} } to draw it anyway (a large picture), or draw a smaller part of it`);
        }
        stack.push([nx, 0]);
      }
    } else {
      stack.pop();
      order.push(k);
    }
  }
  return order;
}

function namesOf(tensors: TraceOptions["tensors"]): Map<Key, string> {
  const names = new Map<Key, string>();
  if (!tensors) return names;
  const entries: [string | undefined, Tensor][] = Array.isArray(tensors)
    ? (tensors as readonly Tensor[]).map((t) => [t.label, t])
    : Object.entries(tensors as Record<string, Tensor>);
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor)) throw new TypeError(`drawGraph: the tensors option must hold tensors; '${name}' is ${typeof t}`);
    if (name) names.set(t.gradFn ?? t, name);
  }
  return names;
}

/** Trace the graph behind `root`. */
export function traceGraph(root: Tensor, options: TraceOptions = {}): TracedGraph {
  const keys = collect(root, options.maxNodes ?? 400);
  const index = new Map<Key, number>(keys.map((k, i) => [k, i]));
  const notes: string[] = [];
  const names = namesOf(options.tensors);
  const values = new Map<Node, Tensor>();

  // known outputs: the root, named tensors, and what nodes saved
  if (root.gradFn) values.set(root.gradFn, root);
  const named = options.tensors ? (Array.isArray(options.tensors) ? options.tensors : Object.values(options.tensors)) : [];
  for (const t of named as Tensor[]) if (t.gradFn) values.set(t.gradFn, t);
  for (const k of keys) {
    if (!(k instanceof Node) || !k.ctx) continue;
    k.next.forEach((nx, i) => {
      const saved = k.ctx!.inputs[i];
      if (nx instanceof Node && saved && !values.has(nx)) values.set(nx, saved);
    });
    if (k.ctx.out && !values.has(k)) values.set(k, k.ctx.out);
  }
  const inputValue = (n: Node, i: number): Tensor | null => {
    const nx = n.next[i];
    if (nx instanceof Node) return values.get(nx) ?? null;
    if (nx !== null) return nx;
    return n.ctx?.inputs[i] ?? n.constants?.[i] ?? null;
  };
  // the rest: recomputed in forward order from the inputs
  noGrad(() => {
    for (const k of keys) {
      if (!(k instanceof Node) || values.has(k)) continue;
      if (!k.ctx && !isParamless(k.row)) continue;
      const ins = k.next.map((_, i) => inputValue(k, i));
      if (ins.some((t) => t === null)) continue;
      values.set(k, k.row.forward(ins as Tensor[], k.ctx ? k.ctx.params : null));
    }
  });

  // gradients from a reverse sweep that writes nothing
  const showGrads = options.grads ?? keys.some((k) => !(k instanceof Node) && k._grad !== null);
  const nodeGrads = new Map<Node, Tensor>();
  const edgeGrads = new Map<string, Tensor>();
  if (showGrads && root.gradFn) {
    const seed = options.seed ?? (root.numel() === 1 ? onesLike(root) : null);
    if (!seed) notes.push(`gradients not shown: the root has shape [${root.shape}], so give the cotangent to start from as { seed }`);
    else if (!sameShape(seed.shape, root.shape)) throw new RangeError(`drawGraph: seed has shape [${seed.shape}] but the root has shape [${root.shape}]`);
    else {
      let missing: string | null = null;
      const ctxOf = (n: Node): Ctx<any> | null => {
        if (n.ctx && !(n.freed && n.row.saves.length > 0)) return n.ctx;
        if (!isParamless(n.row)) return null;
        const ins = n.next.map((_, i) => inputValue(n, i));
        const out = values.get(n) ?? null;
        if (n.row.saves.some((s) => (s === "out" ? out === null : ins[s] === null))) return null;
        return { inputs: ins, out, shapes: n.inputShapes, dtypes: ins.map((t) => t?.dtype ?? "float64"), params: null, needs: n.next.map((x) => x !== null) } as Ctx<any>;
      };
      const sweep = noGrad(() =>
        reverseSweep<Tensor>(
          root,
          seed,
          (node, g) => {
            const ctx = ctxOf(node);
            if (!ctx) {
              missing ??= node.name;
              return node.next.map(() => null);
            }
            const raw = node.row.vjp(g, ctx);
            return node.next.map((nx, i) => (nx === null || !raw[i] ? null : node.row.broadcasts ? sumToShape(raw[i]!, ctx.shapes[i]) : raw[i]));
          },
          (a, b) => a.add(b),
          { onEdge: (node, i, c) => edgeGrads.set(`${index.get(node)}:${i}`, c) },
        ),
      );
      if (missing) {
        notes.push(`gradients of the ops not shown: ${missing} freed the tensors it saved in backward(); call y.backward(undefined, { retainGraph: true }) before drawing, or draw before backward`);
        edgeGrads.clear();
      } else for (const [n, g] of sweep.atNode) nodeGrads.set(n, g);
    }
  }

  const vertex = new Map<Key, GraphVertex>();
  const vertices = keys.map((k, i): GraphVertex => {
    const isRoot = k === (root.gradFn ?? root);
    const v: GraphVertex =
      k instanceof Node
        ? {
            id: `v${i}`, kind: "op", node: k, leaf: null, title: k.name,
            // a label on the output tensor shows when that tensor is at hand (root, saved, or named)
            name: names.get(k) ?? values.get(k)?.label,
            value: values.get(k) ?? null, grad: nodeGrads.get(k) ?? null, order: i + 1, isRoot,
          }
        : { id: `v${i}`, kind: "leaf", node: null, leaf: k, title: "leaf", name: names.get(k) ?? k.label, value: k, grad: showGrads ? k._grad : null, order: i + 1, isRoot };
    vertex.set(k, v);
    return v;
  });
  if (keys.some((k) => k instanceof Node && !values.has(k))) notes.push("some values are unknown: the tensors were freed by backward(); name them in { tensors } or draw before backward");
  const edges: GraphEdge[] = [];
  keys.forEach((k, j) => {
    if (!(k instanceof Node)) return;
    k.next.forEach((nx, i) => {
      if (nx !== null) edges.push({ from: vertex.get(nx)!, to: vertex.get(k)!, input: i, grad: edgeGrads.get(`${j}:${i}`) ?? null });
    });
  });
  return { vertices, edges, root: vertex.get(root.gradFn ?? root)!, notes };
}
