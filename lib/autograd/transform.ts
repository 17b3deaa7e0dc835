/**
 * What the functional transforms (functional.ts, jacobian.ts) share: fresh inputs that keep
 * nested transforms apart, the reachability test that decides whether results must stay
 * differentiable, and errors that name the transform (and, from inside f, the op).
 */
import { Tensor } from "../tensor/tensor";
import { formatShape } from "../tensor/shape";
import { isFloat } from "../tensor/dtype";
import { alias } from "../ops/movement";
import { Node } from "./node";
import { isGradEnabled, noGrad } from "./mode";

/** Transforms running now, outermost first (for error messages such as "hessian → grad: …"). */
const running: string[] = [];
const annotated = new WeakSet<object>();

/**
 * Run `fn` as the transform `name`. An error from inside (an op's shape error in f, say)
 * gets the chain of running transforms in front of its message, so it names both.
 */
export function inTransform<R>(name: string, fn: () => R): R {
  running.push(name);
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && !annotated.has(e)) {
      annotated.add(e);
      const old = e.message;
      e.message = `${running.join(" → ")}: ${old}`;
      if (e.stack) e.stack = e.stack.replace(old, e.message);
    }
    throw e;
  } finally {
    running.pop();
  }
}

/** An error raised by the running transform itself; its message starts with the transform's name. */
export function transformError(message: string, Kind: new (m: string) => Error = Error): Error {
  const e = new Kind(`${running.join(" → ") || "transform"}: ${message}`);
  annotated.add(e);
  return e;
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v instanceof Tensor) return `a tensor of shape ${formatShape(v.shape)}`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array";
  return `a ${typeof v}`;
}

/** "argument 1 ('w')" when the tensor has a label. */
export function argName(i: number, x?: Tensor): string {
  return `argument ${i}${x?.label ? ` ('${x.label}')` : ""}`;
}

/**
 * A fresh input for differentiating with respect to `x`. When an outer computation tracks
 * x (it requires grad in grad mode), the input is a new node on top of x, so gradients
 * still flow to x; otherwise it is a new leaf. Either way it is a tensor of its own, so a
 * closure that uses x directly is not mistaken for the argument (no perturbation confusion),
 * and it keeps x's forward-mode tangents.
 */
export function freshInput(x: unknown, i: number): Tensor {
  checkDifferentiable(x, i);
  if (isGradEnabled() && x.requiresGrad) return alias(x);
  const leaf = noGrad(() => alias(x)).requiresGrad_();
  leaf.label = x.label;
  return leaf;
}

/** Checks that argument i is a float tensor, which derivatives can be taken with respect to. */
export function checkDifferentiable(x: unknown, i: number): asserts x is Tensor {
  if (!(x instanceof Tensor)) {
    throw transformError(`${argName(i)} is ${describe(x)}; derivatives are taken with respect to tensors, e.g. tensor(2.0)`, TypeError);
  }
  if (!isFloat(x.dtype)) {
    throw transformError(`${argName(i, x)} has dtype ${x.dtype}; derivatives need a float tensor, e.g. x.double()`, TypeError);
  }
}

/** True when the tensor is a fresh input made for an outer computation that tracks it. */
export function isTracked(input: Tensor): boolean {
  return input.gradFn !== null;
}

/**
 * Which `inputs` the graph behind `y` reaches, and whether it reaches any other tensor that
 * requires grad (an outer transform's input, or a parameter f closes over): results must
 * then be recorded (createGraph) so that outer computation can differentiate them.
 */
export function reach(y: Tensor, inputs: readonly Tensor[]): { used: boolean[]; outside: boolean } {
  const used = inputs.map(() => false);
  let outside = inputs.some(isTracked);
  const byLeaf = new Map<Tensor, number>();
  const byNode = new Map<Node, number>();
  inputs.forEach((x, k) => (x.gradFn ? byNode.set(x.gradFn, k) : byLeaf.set(x, k)));
  const mark = (t: Tensor | Node): boolean => {
    const k = t instanceof Node ? byNode.get(t) : byLeaf.get(t);
    if (k === undefined) return false;
    used[k] = true;
    return true;
  };
  if (y.gradFn === null) {
    if (!mark(y) && y.requiresGrad) outside = true;
    return { used, outside };
  }
  const seen = new Set<Node>();
  const stack: Node[] = [y.gradFn];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (mark(n)) continue; // an input: what lies behind it belongs to the outer computation
    for (const nx of n.next) {
      if (nx instanceof Node) stack.push(nx);
      else if (nx !== null && !mark(nx)) outside = true;
    }
  }
  return { used, outside };
}

/** The tensor cut from the graph but keeping its forward-mode tangents (unlike detach()). */
export function detachKeepTangents(t: Tensor): Tensor {
  return t._tangents === null || t._tangents.size === 0 ? t.detach() : noGrad(() => alias(t));
}

/** One tensor or a list of tensors, as a list; `many` tells which it was. */
export function asList(x: Tensor | readonly Tensor[]): { list: Tensor[]; many: boolean } {
  return Array.isArray(x) ? { list: [...(x as readonly Tensor[])], many: true } : { list: [x as Tensor], many: false };
}

/** Checks that f returned a tensor. */
export function checkOutput(y: unknown): Tensor {
  if (!(y instanceof Tensor)) throw transformError(`f must return a Tensor, but it returned ${describe(y)}`, TypeError);
  return y;
}
