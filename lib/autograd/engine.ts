/**
 * The reverse-mode engine. It walks the graph in an iterative topological order (no
 * recursion: a chain of 10⁵ ops is fine), sums each gradient back to its input's shape
 * when the op broadcast (the rows never do), accumulates fan-out with +=, checks shapes,
 * versions of saved tensors and (in anomaly mode) NaN/Inf.
 */
import { Tensor, TensorOrScalar } from "../tensor/tensor";
import { formatShape, sameShape } from "../tensor/shape";
import { Node } from "./node";
import { isAnomalyEnabled, setGradEnabled } from "./mode";
import { binary } from "../ops/elementwise";
import { scalarTensor } from "../ops/cast";
import { sum } from "../ops/reduce";
import { reshape } from "../ops/movement";
import { to } from "../ops/cast";
import { onesLike } from "../tensor/create";

export interface BackwardOptions {
  /** Keep the graph's saved tensors so backward can run through it again (default: createGraph). */
  retainGraph?: boolean;
  /** Record the backward computation, so the gradients can be differentiated again. */
  createGraph?: boolean;
  /** Accumulate only into these tensors (leaves or tensors in the graph). */
  inputs?: readonly Tensor[];
}

/** Sum a gradient over the dimensions its input was broadcast along. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  let r = dims.length ? sum(g, dims, true) : g;
  if (!sameShape(r.shape, shape)) r = reshape(r, shape);
  return r;
}

function checkRoot(t: Tensor, g: TensorOrScalar | undefined, i: number, n: number): Tensor {
  const which = n > 1 ? ` (output ${i})` : "";
  if (!t.requiresGrad) {
    throw new Error(
      `backward: this tensor${which} does not require grad and has no gradFn, so there is nothing to differentiate. ` +
        `Create the inputs with { requiresGrad: true } (or call .requiresGrad_()) before computing it, and make sure it was not computed inside noGrad().`,
    );
  }
  if (g === undefined) {
    if (t.numel() !== 1) {
      throw new Error(
        `backward: gradient can be implicitly created only for a scalar output, but this tensor${which} has shape ${formatShape(t.shape)}. ` +
          `Pass the vector v of the vector-Jacobian product, e.g. y.backward(onesLike(y)), or reduce it first (y.sum().backward()).`,
      );
    }
    return onesLike(t);
  }
  if (!(g instanceof Tensor) && typeof g !== "number" && typeof g !== "boolean") {
    throw new TypeError(
      `backward: the gradient${which} must be a tensor or a number, not ${g === null ? "null" : typeof g}. ` +
        `Options go second: y.backward(undefined, { retainGraph: true }), or y.backward({ retainGraph: true }) for a scalar y.`,
    );
  }
  let gt = g instanceof Tensor ? g : scalarTensor(Number(g), t.dtype);
  if (gt.dtype !== t.dtype) gt = to(gt.detach(), t.dtype); // the seed takes the output's dtype, as PyTorch
  if (!sameShape(gt.shape, t.shape)) {
    if (gt.numel() === 1 && t.numel() === 1) return reshape(gt.detach(), t.shape);
    throw new Error(`backward: gradient has shape ${formatShape(gt.shape)} but the tensor${which} has shape ${formatShape(t.shape)}; they must match`);
  }
  return gt;
}

interface RunOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** When set, gradients are returned for these tensors instead of accumulated. */
  capture?: readonly Tensor[];
  /** Accumulate into leaves (true for backward, false for grad). */
  accumulate: boolean;
  /** Restrict accumulation to these tensors. */
  only?: ReadonlySet<Tensor>;
}

function add(a: Tensor | undefined, b: Tensor): Tensor {
  return a === undefined ? b : binary("add", a, b);
}

function checkFinite(node: Node, i: number, g: Tensor): void {
  const v = g.values();
  for (let k = 0; k < v.length; k++) {
    if (!Number.isFinite(v[k])) {
      const what = v[k] !== v[k] ? "nan" : "inf";
      const where = node.trace ? `\nThe forward call that created ${node.name} was:\n${node.trace.split("\n").slice(2).join("\n")}` : "";
      throw new Error(`detectAnomaly: function '${node.name}' returned ${what} values in its ${i}th output (gradient for input ${i}).${where}`);
    }
  }
}

/** @internal Throws when a tensor saved by `node` was changed in place after the forward pass. */
export function checkVersions(node: Node): void {
  const ctx = node.ctx!;
  const saves = node.row.saves;
  for (let k = 0; k < saves.length; k++) {
    const s = saves[k];
    const t = s === "out" ? ctx.out : ctx.inputs[s];
    if (t && t.storage.version !== node.versions[k]) {
      throw new Error(
        `backward: one of the tensors needed for gradient computation has been modified by an in-place operation: ` +
          `the tensor of shape ${formatShape(t.shape)} saved by ${node.name} is at version ${t.storage.version}; expected version ${node.versions[k]}. ` +
          `Use an out-of-place op (e.g. x.add(1) instead of x.add_(1)) or clone() the tensor before changing it.`,
      );
    }
  }
}

let runs = 0;

/** Run reverse mode from `roots` with seed gradients; accumulate into leaves or return captured gradients. */
function run(roots: readonly Tensor[], seeds: readonly Tensor[], opts: RunOptions): Map<Tensor, Tensor> {
  const captured = new Map<Tensor, Tensor>();
  const captureNodes = new Map<Node, Tensor>();
  if (opts.capture) for (const t of opts.capture) if (t.gradFn) captureNodes.set(t.gradFn, t);

  // Per-node bookkeeping lives on the nodes, tagged with this run's id (no hash maps).
  const run = ++runs;
  const leafGrads = new Map<Tensor, Tensor>();
  const deliver = (target: Node | Tensor, g: Tensor) => {
    if (target instanceof Node) target._grad = target._grad === undefined ? g : binary("add", target._grad, g);
    else leafGrads.set(target, add(leafGrads.get(target), g));
  };

  // 1. the graph reachable from the roots, and each node's number of consumers
  const stack: Node[] = [];
  const seen: Node[] = [];
  const visit = (n: Node, counts: boolean) => {
    if (n._run !== run) {
      n._run = run;
      n._deps = counts ? 1 : 0;
      n._grad = undefined;
      stack.push(n);
      seen.push(n);
    } else if (counts) n._deps++;
  };
  for (const r of roots) if (r.gradFn) visit(r.gradFn, false);
  while (stack.length) {
    const n = stack.pop()!;
    const next = n.next;
    for (let i = 0; i < next.length; i++) {
      const nx = next[i];
      if (nx instanceof Node) visit(nx, true);
    }
  }
  roots.forEach((r, i) => deliver(r.gradFn ?? r, seeds[i]));

  // 2. a topological order (Kahn): every node comes after all of its consumers
  const topo: Node[] = [];
  const ready: Node[] = [];
  for (const n of seen) if (n._deps === 0) ready.push(n);
  while (ready.length) {
    const n = ready.pop()!;
    topo.push(n);
    const next = n.next;
    for (let i = 0; i < next.length; i++) {
      const nx = next[i];
      if (nx instanceof Node && --nx._deps === 0) ready.push(nx);
    }
  }

  // 3. with restricted targets (grad(), backward({ inputs })) only the nodes that lead to a
  // target run, as PyTorch prunes: other branches may even have been freed already
  const targetLeaves = opts.capture ? new Set(opts.capture.filter((t) => t.isLeaf)) : opts.only;
  const restricted = targetLeaves !== undefined;
  if (restricted) {
    for (let k = topo.length - 1; k >= 0; k--) {
      const n = topo[k];
      let needed = captureNodes.has(n) || (n.retained !== null && opts.only?.has(n.retained) === true);
      for (let i = 0; i < n.next.length && !needed; i++) {
        const nx = n.next[i];
        needed = nx instanceof Node ? nx._needed : nx !== null && targetLeaves!.has(nx);
      }
      n._needed = needed;
    }
  }

  // 4. run each node's VJP in that order
  const prevGrad = setGradEnabled(opts.createGraph);
  try {
    for (const node of topo) {
      let g = node._grad;
      node._grad = undefined;
      if (g !== undefined && (!restricted || node._needed)) {
        if (node.hooks) for (const h of node.hooks) { const r = h(g); if (r instanceof Tensor) g = r; }
        if (node.retained && (!opts.only || opts.only.has(node.retained)) && opts.accumulate) accumulateInto(node.retained, g, opts.createGraph);
        const cap = captureNodes.get(node);
        if (cap) captured.set(cap, add(captured.get(cap), g));
        const results = backwardStep(node, g);
        const next = node.next;
        for (let i = 0; i < next.length; i++) {
          const nx = next[i];
          const gi = results[i];
          if (nx !== null && gi) deliver(nx, gi);
        }
      }
      if (!opts.retainGraph) release(node);
    }
  } finally {
    setGradEnabled(prevGrad);
    for (const n of seen) n._grad = undefined;
  }

  // 5. leaves
  for (const [leaf, g0] of leafGrads) {
    let g = g0;
    if (leaf._hooks) for (const h of leaf._hooks) { const r = h(g); if (r instanceof Tensor) g = r; }
    if (opts.capture?.includes(leaf)) captured.set(leaf, add(captured.get(leaf), g));
    if (opts.accumulate && (!opts.only || opts.only.has(leaf))) accumulateInto(leaf, g, opts.createGraph);
  }
  return captured;
}

/** One node's VJP, un-broadcast and shape-checked. */
function backwardStep(node: Node, g: Tensor): (Tensor | null)[] {
  if (node.freed && node.row.saves.length > 0) {
    throw new Error(
      `backward: trying to backward through the graph a second time: the tensors ${node.name} saved were freed after the first backward. ` +
        `Pass { retainGraph: true } to the first backward() if you need to go through the graph twice, or recompute the forward pass.`,
    );
  }
  const ctx = node.ctx!;
  if (node.versions.length) checkVersions(node);
  const raw = node.row.vjp(g, ctx);
  const n = node.next.length;
  const out: (Tensor | null)[] = new Array(n);
  const anomaly = isAnomalyEnabled();
  for (let i = 0; i < n; i++) {
    out[i] = null;
    let gi = raw[i];
    if (!gi || node.next[i] === null) continue;
    const shape = ctx.shapes[i];
    if (node.row.broadcasts) gi = sumToShape(gi, shape);
    if (!sameShape(gi.shape, shape)) {
      throw new Error(`backward: ${node.name} returned a gradient of shape ${formatShape(gi.shape)} for input ${i} of shape ${formatShape(shape)} (an op-table bug; please report it)`);
    }
    if (gi.dtype !== ctx.dtypes[i]) gi = to(gi, ctx.dtypes[i]);
    if (anomaly) checkFinite(node, i, gi);
    out[i] = gi;
  }
  return out;
}

function release(node: Node): void {
  node.freed = true;
  // drop the saved tensors (rows that save nothing keep their shapes and params: they can run again)
  if (node.row.saves.length > 0) node.ctx = null;
}

function accumulateInto(t: Tensor, g: Tensor, createGraph: boolean): void {
  const prev = t._grad;
  if (prev === null) {
    // a fresh tensor, so .grad never aliases another gradient or the user's seed
    t._grad = createGraph ? g : Tensor.fromData(g.values().slice(), g.shape, g.dtype);
  } else if (createGraph || prev.requiresGrad) {
    t._grad = binary("add", prev, g);
  } else {
    const prevMode = setGradEnabled(false);
    try {
      prev.add_(g);
    } finally {
      setGradEnabled(prevMode);
    }
  }
}

/**
 * Backward from several outputs at once (as torch.autograd.backward).
 * @example
 * const x = tensor([1, 2], { requiresGrad: true });
 * backward([x.sum(), x.mul(x).sum()]);
 * x.grad; // tensor([3., 5.])
 */
export function backward(tensors: readonly Tensor[], gradients: readonly (TensorOrScalar | undefined)[] = [], options: BackwardOptions = {}): void {
  const seeds = tensors.map((t, i) => checkRoot(t, gradients[i], i, tensors.length));
  const createGraph = options.createGraph ?? false;
  const only = options.inputs ? new Set(options.inputs) : undefined;
  if (only) for (const t of only) {
    if (!t.requiresGrad) throw new Error(`backward: an entry of inputs (shape ${formatShape(t.shape)}) does not require grad`);
    if (!t.isLeaf) t.retainGrad();
  }
  run(tensors, seeds.map((s) => (s.requiresGrad && !createGraph ? s.detach() : s)), {
    retainGraph: options.retainGraph ?? createGraph,
    createGraph,
    accumulate: true,
    only,
  });
}

export interface GradOptions {
  gradOutputs?: readonly (TensorOrScalar | undefined)[];
  retainGraph?: boolean;
  createGraph?: boolean;
  /** Return zeros (instead of an error) for inputs the outputs do not depend on. */
  allowUnused?: boolean;
}

/**
 * Gradients of `outputs` with respect to `inputs`, returned instead of accumulated
 * (as torch.autograd.grad). With createGraph they can be differentiated again.
 * @example
 * const x = tensor(3, { requiresGrad: true });
 * const [dy] = grad([x.pow(3)], [x], { createGraph: true }); // 27
 * const [d2y] = grad([dy], [x]);                               // 18
 */
export function grad(outputs: readonly Tensor[], inputs: readonly Tensor[], options: GradOptions = {}): Tensor[] {
  const seeds = outputs.map((t, i) => checkRoot(t, options.gradOutputs?.[i], i, outputs.length));
  for (const [i, t] of inputs.entries()) {
    if (!t.requiresGrad) throw new Error(`grad: input ${i} (shape ${formatShape(t.shape)}) does not require grad, so no gradient can be computed for it`);
  }
  const createGraph = options.createGraph ?? false;
  const got = run(outputs, seeds, {
    retainGraph: options.retainGraph ?? createGraph,
    createGraph,
    capture: inputs,
    accumulate: false,
  });
  return inputs.map((t, i) => {
    const g = got.get(t);
    if (g) return g;
    if (!options.allowUnused) {
      throw new Error(`grad: input ${i}${t.label ? ` ('${t.label}')` : ""} (shape ${formatShape(t.shape)}) was not used to compute the outputs, so it has no gradient; pass { allowUnused: true } to get zeros for it`);
    }
    return onesLike(t).mul(0).detach();
  });
}
