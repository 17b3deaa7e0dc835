/**
 * The whole Jacobian of f at x, rows = outputs: shape [...y.shape, ...x.shape], as
 * torch.autograd.functional.jacobian. Reverse mode needs one vector-Jacobian product per
 * output element (m of them), forward mode one Jacobian-vector product per input element
 * (n of them). Both run as a single batched pass (batched.ts), or one pass each with
 * `vectorize: false`.
 */
import { Tensor } from "../tensor/tensor";
import { isFloat } from "../tensor/dtype";
import { zeros, zerosLike } from "../tensor/create";
import { reshape, stack, t as transpose } from "../ops/movement";
import { to } from "../ops/cast";
import type { Node } from "./node";
import { grad as engineGrad } from "./engine";
import { enableGrad, isGradEnabled, noGrad } from "./mode";
import { dualLevel, makeDual, maybeTangentOf, tangentRules } from "./levels";
import { addBatch, batchedTangentRule, batchedVjp, identityBatch, toDense } from "./batched";
import { reverseSweep } from "./sweep";
import { basis } from "./numeric";
import { inTransform, transformError, freshInput, reach, asList, checkOutput, checkDifferentiable } from "./transform";

export interface JacobianOptions {
  /**
   * "rev" (default): reverse mode, one vector-Jacobian product per output element;
   * "fwd": forward mode, one Jacobian-vector product per input element.
   */
  mode?: "rev" | "fwd";
  /**
   * Push all the products through the graph in one batched pass (default true), or one pass
   * each through the engine and dual levels. The batched pass does not run gradient hooks
   * registered with registerHook; use `vectorize: false` if they matter.
   */
  vectorize?: boolean;
}

/**
 * The Jacobian of f at x, rows = outputs: shape [...f(x).shape, ...x.shape]. With a list of
 * inputs, one Jacobian per input. Forward mode (`mode: "fwd"`) is cheaper when f has fewer
 * inputs than outputs, reverse mode (the default) when it has fewer outputs.
 * @example
 * const J = jacobian((x: Tensor) => x.square(), tensor([1, 2, 3])); // diag(2, 4, 6)
 * jacobian((x: Tensor) => x.square(), tensor([1, 2, 3]), { mode: "fwd" }); // the same
 * const [Jx, Jw] = jacobian((x: Tensor, w: Tensor) => x.mul(w), [tensor([1, 2]), tensor([3, 4])]);
 */
export function jacobian(f: (x: Tensor) => Tensor, x: Tensor, options?: JacobianOptions): Tensor;
export function jacobian(f: (...xs: Tensor[]) => Tensor, x: readonly Tensor[], options?: JacobianOptions): Tensor[];
export function jacobian(f: (...xs: Tensor[]) => Tensor, x: Tensor | readonly Tensor[], options: JacobianOptions = {}): Tensor | Tensor[] {
  return inTransform("jacobian", () => {
    const { list: xs, many } = asList(x);
    if (xs.length === 0) throw transformError("give at least one input", TypeError);
    xs.forEach((xi, k) => checkDifferentiable(xi, k));
    const mode = options.mode ?? "rev";
    const vectorize = options.vectorize ?? true;
    let out: Tensor[];
    if (mode === "rev") out = reverseJacobian(f, xs, vectorize);
    else if (mode === "fwd") out = xs.map((_, k) => forwardJacobian(f, xs, k, vectorize));
    else throw transformError(`mode must be "rev" or "fwd", got ${JSON.stringify(mode)}`, RangeError);
    out = out.map((J, k) => (J.dtype === xs[k].dtype ? J : to(J, xs[k].dtype)));
    return many ? out : out[0];
  });
}

function reverseJacobian(f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[], vectorize: boolean): Tensor[] {
  const track = isGradEnabled();
  const ins = xs.map((x, k) => freshInput(x, k));
  const y = checkOutput(enableGrad(() => f(...ins)));
  const m = y.numel();
  const shapeOf = (x: Tensor) => [...y.shape, ...x.shape];
  const { used, outside } = reach(y, ins);
  if (!isFloat(y.dtype) || m === 0 || !used.some(Boolean)) return xs.map((x) => zeros(shapeOf(x), { dtype: x.dtype }));
  const createGraph = track && outside;

  if (!vectorize) {
    const wrt = ins.filter((_, k) => used[k]);
    const rows: Tensor[][] = wrt.map(() => []);
    for (let i = 0; i < m; i++) {
      const gs = engineGrad([y], wrt, { gradOutputs: [basis(y.shape, i, y)], retainGraph: true, createGraph });
      gs.forEach((g, j) => rows[j].push(g));
    }
    let next = 0;
    return xs.map((x, k) => (used[k] ? reshape(stack(rows[next++]), shapeOf(x)) : zeros(shapeOf(x), { dtype: x.dtype })));
  }

  // one batched reverse sweep from the identity: item i is row i of the Jacobian
  // only the part of the graph that leads to the inputs: a parameter f closes over is not differentiated
  const targets = new Set<Node | Tensor>(ins.map((t) => t.gradFn ?? t));
  const sweep = () =>
    reverseSweep(y, identityBatch(y.shape, y.dtype), (node, ct, wanted) => batchedVjp(node, ct, m, wanted), (a, b) => addBatch(a, b, m), { targets });
  const { atNode, atLeaf } = createGraph ? enableGrad(sweep) : noGrad(sweep);
  return xs.map((x, k) => {
    const c = ins[k].gradFn ? atNode.get(ins[k].gradFn!) : atLeaf.get(ins[k]);
    return c ? reshape(toDense(c, m), shapeOf(x)) : zeros(shapeOf(x), { dtype: x.dtype });
  });
}

function forwardJacobian(f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[], k: number, vectorize: boolean): Tensor {
  const x = xs[k];
  const n = x.numel();
  const withDual = (level: number, tangent: Tensor) => xs.map((xi, j) => (j === k ? makeDual(xi, tangent, level) : xi));
  if (n === 0) {
    const y = checkOutput(f(...xs));
    return zeros([...y.shape, ...x.shape], { dtype: x.dtype });
  }
  if (!vectorize) {
    let shape: readonly number[] = [];
    const cols: Tensor[] = [];
    for (let j = 0; j < n; j++) {
      cols.push(
        dualLevel((level) => {
          const y = checkOutput(f(...withDual(level, basis(x.shape, j, x))));
          shape = y.shape;
          return maybeTangentOf(y, level) ?? zerosLike(y);
        }),
      );
    }
    return reshape(stack(cols, -1), [...shape, ...x.shape]);
  }
  // one pass with a batch of n tangents, the identity: item j is column j of the Jacobian
  return dualLevel((level) => {
    tangentRules.set(level, batchedTangentRule(n));
    const y = checkOutput(f(...withDual(level, identityBatch(x.shape, x.dtype).t)));
    const t = maybeTangentOf(y, level);
    if (t === null) return zeros([...y.shape, ...x.shape], { dtype: x.dtype });
    const cols = toDense({ t, diag: t.ndim === y.ndim }, n); // [n, ...y.shape]
    return reshape(transpose(reshape(cols, [n, y.numel()])), [...y.shape, ...x.shape]);
  });
}
