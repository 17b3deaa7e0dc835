/**
 * A reverse sweep over the graph behind a tensor, for cotangents of any representation:
 * the batched Jacobian (batched.ts) and the graph view's gradient annotations use it. The
 * engine's backward() is the sweep for plain gradients; this one writes no .grad, runs no
 * hooks, frees nothing, and reports the cotangent reaching every node, leaf and edge.
 * Iterative (Kahn's order), so deep graphs do not overflow the stack.
 */
import type { Tensor } from "../tensor/tensor";
import { Node } from "./node";

export interface Sweep<C> {
  /** The total cotangent of each node's output. */
  readonly atNode: Map<Node, C>;
  /** The total cotangent of each leaf reached. */
  readonly atLeaf: Map<Tensor, C>;
}

export interface SweepOptions<C> {
  /**
   * Only the parts of the graph that lead to these nodes and leaves are swept, and the
   * sweep does not go past the nodes (they act as inputs). Default: the whole graph.
   */
  targets?: ReadonlySet<Node | Tensor>;
  /** Called with the cotangent each node sends to its input i. */
  onEdge?: (node: Node, input: number, c: C) => void;
}

/** The nodes behind `start`, each after every node it feeds (post-order), and which of them lead to a target. */
function order(start: Node, targets: ReadonlySet<Node | Tensor> | undefined): { post: Node[]; leads: Set<Node> } {
  const post: Node[] = [];
  const leads = new Set<Node>();
  const seen = new Set<Node>([start]);
  const stack: [Node, number][] = [[start, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [n, i] = top;
    const next = targets?.has(n) ? [] : n.next;
    if (i < next.length) {
      top[1]++;
      const nx = next[i];
      if (nx instanceof Node && !seen.has(nx)) {
        seen.add(nx);
        stack.push([nx, 0]);
      }
      continue;
    }
    stack.pop();
    post.push(n);
    if (!targets || targets.has(n) || next.some((nx) => nx !== null && (nx instanceof Node ? leads.has(nx) : targets.has(nx)))) leads.add(n);
  }
  return { post, leads };
}

/**
 * Sweep from `root` with cotangent `seed`. `step(node, ct, wanted)` gives the cotangent for
 * each input of the node that is `wanted` (null for the others); `add` sums the cotangents
 * of a node used more than once.
 */
export function reverseSweep<C>(
  root: Tensor,
  seed: C,
  step: (node: Node, ct: C, wanted: readonly boolean[]) => readonly (C | null)[],
  add: (a: C, b: C) => C,
  options: SweepOptions<C> = {},
): Sweep<C> {
  const atNode = new Map<Node, C>();
  const atLeaf = new Map<Tensor, C>();
  const start = root.gradFn;
  if (start === null) {
    atLeaf.set(root, seed);
    return { atNode, atLeaf };
  }
  const { targets, onEdge } = options;
  const { post, leads } = order(start, targets);
  if (!leads.has(start)) return { atNode, atLeaf };
  const wantedOf = (n: Node) => n.next.map((nx) => nx !== null && (nx instanceof Node ? leads.has(nx) : !targets || targets.has(nx)));
  // how many consumers each node has inside the swept graph
  const deps = new Map<Node, number>();
  for (const n of post) {
    if (!leads.has(n) || targets?.has(n)) continue;
    for (const nx of n.next) if (nx instanceof Node && leads.has(nx)) deps.set(nx, (deps.get(nx) ?? 0) + 1);
  }
  atNode.set(start, seed);
  const ready: Node[] = [start];
  while (ready.length) {
    const node = ready.pop()!;
    if (targets?.has(node)) continue;
    const ct = atNode.get(node);
    const wanted = wantedOf(node);
    const results = ct === undefined ? null : step(node, ct, wanted);
    node.next.forEach((nx, i) => {
      if (!wanted[i]) return;
      const c = results?.[i];
      if (c) {
        onEdge?.(node, i, c);
        if (nx instanceof Node) {
          const prev = atNode.get(nx);
          atNode.set(nx, prev === undefined ? c : add(prev, c));
        } else {
          const prev = atLeaf.get(nx!);
          atLeaf.set(nx!, prev === undefined ? c : add(prev, c));
        }
      }
      if (nx instanceof Node) {
        const d = deps.get(nx)! - 1;
        deps.set(nx, d);
        if (d === 0) ready.push(nx);
      }
    });
  }
  return { atNode, atLeaf };
}
