/**
 * Functional transforms in the style of JAX and torch.func: `grad`, `valueAndGrad`, `vjp`,
 * `jvp`, `hvp` and `hessian` take a function and give its derivative. They compose
 * (grad(grad(f)) is f'', jacobian(grad(f)) is the Hessian) because each transform works on
 * fresh inputs and keeps its results differentiable while an outer one is watching.
 * Reverse mode runs on the engine (engine.ts), forward mode on dual levels (levels.ts);
 * both read the same op-table rules. `jacobian` lives in jacobian.ts.
 */
import { Tensor } from "../tensor/tensor";
import { formatShape, sameShape } from "../tensor/shape";
import { zerosLike } from "../tensor/create";
import { to } from "../ops/cast";
import { grad as engineGrad } from "./engine";
import { enableGrad, isGradEnabled } from "./mode";
import { dualLevel, makeDual, maybeTangentOf } from "./levels";
import { jacobian } from "./jacobian";
import {
  inTransform, transformError, freshInput, reach, detachKeepTangents, asList, checkOutput, argName, describe, checkDifferentiable,
} from "./transform";

export interface GradFnOptions {
  /** Which arguments to differentiate with respect to: one index (the default, 0) or a list. */
  argnums?: number | readonly number[];
  /** Return zeros for an argument the output does not depend on, instead of an error. */
  allowUnused?: boolean;
}

function argnumList(argnums: number | readonly number[] | undefined, nargs: number): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : [...argnums];
  if (list.length === 0) throw transformError("argnums is empty; give at least one argument index", RangeError);
  for (const k of list) {
    if (!Number.isInteger(k) || k < 0 || k >= nargs) {
      throw transformError(`argnums ${k} is out of range: f was called with ${nargs} argument${nargs === 1 ? "" : "s"}`, RangeError);
    }
  }
  if (new Set(list).size !== list.length) throw transformError(`argnums [${list}] repeats an argument`, RangeError);
  return list;
}

/** f's value and its gradients with respect to the arguments at `nums`. */
function valueAndGradients(f: (...args: any[]) => unknown, args: unknown[], nums: number[], allowUnused: boolean): [Tensor, Tensor[]] {
  const track = isGradEnabled();
  const xs = nums.map((k) => freshInput(args[k], k));
  const call = args.slice();
  nums.forEach((k, j) => (call[k] = xs[j]));
  const y = checkOutput(enableGrad(() => f(...call)));
  if (y.numel() !== 1) {
    throw transformError(
      `f returned a tensor of shape ${formatShape(y.shape)}, but a gradient needs a scalar output (one element). ` +
        `For a vector-valued f use vjp(f, x) for the product vᵀJ with a vector v of your choice (what y.backward(v) computes), ` +
        `or jacobian(f, x) for the whole matrix; or reduce the output first, e.g. (x) => f(x).sum().`,
    );
  }
  const { used, outside } = reach(y, xs);
  nums.forEach((k, j) => {
    if (!used[j] && !allowUnused) {
      throw transformError(
        `the output of f does not depend on ${argName(k, args[k] as Tensor)}, so it has no gradient. ` +
          `Pass { allowUnused: true } to get zeros for it, or check that f uses that argument (and does not detach it).`,
      );
    }
  });
  const createGraph = track && outside;
  const wrt = xs.filter((_, j) => used[j]);
  const gs = wrt.length ? engineGrad([y], wrt, { createGraph }) : [];
  let next = 0;
  const grads = xs.map((x, j) => {
    if (!used[j]) return zerosLike(args[nums[j]] as Tensor);
    const g = gs[next++];
    return g.dtype === x.dtype ? g : to(g, x.dtype);
  });
  return [createGraph ? y : detachKeepTangents(y), grads];
}

/**
 * The gradient of a scalar-valued function, as a function (JAX's `jax.grad`). With
 * `argnums` a list, it returns one gradient per listed argument. Transforms compose:
 * `grad(grad(f))` is the second derivative.
 * @example
 * const df = grad((x: Tensor) => x.sin());
 * df(tensor(0));                                   // tensor(1.)
 * grad(grad((x: Tensor) => x.sin()))(tensor(0.5)); // tensor(-0.4794) = -sin(0.5)
 * const [gw, gb] = grad((w: Tensor, b: Tensor) => w.mul(3).add(b).square(), { argnums: [0, 1] })(tensor(1), tensor(2));
 */
export function grad<A extends unknown[]>(f: (...args: A) => Tensor, options?: GradFnOptions & { argnums?: number }): (...args: A) => Tensor;
export function grad<A extends unknown[]>(f: (...args: A) => Tensor, options: GradFnOptions & { argnums: readonly number[] }): (...args: A) => Tensor[];
export function grad<A extends unknown[]>(f: (...args: A) => Tensor, options: GradFnOptions = {}): (...args: A) => Tensor | Tensor[] {
  if (typeof f !== "function") throw new TypeError(`grad: expects a function, got ${describe(f)}`);
  return (...args: A) =>
    inTransform("grad", () => {
      const nums = argnumList(options.argnums, args.length);
      const [, grads] = valueAndGradients(f, args, nums, options.allowUnused ?? false);
      return Array.isArray(options.argnums) ? grads : grads[0];
    });
}

/**
 * Like `grad`, but returns `[value, gradient]` from one forward and one backward pass
 * (JAX's `value_and_grad`).
 * @example
 * const [loss, g] = valueAndGrad((w: Tensor) => w.square().sum())(tensor([1, 2])); // 5, [2, 4]
 */
export function valueAndGrad<A extends unknown[]>(f: (...args: A) => Tensor, options?: GradFnOptions & { argnums?: number }): (...args: A) => [Tensor, Tensor];
export function valueAndGrad<A extends unknown[]>(f: (...args: A) => Tensor, options: GradFnOptions & { argnums: readonly number[] }): (...args: A) => [Tensor, Tensor[]];
export function valueAndGrad<A extends unknown[]>(f: (...args: A) => Tensor, options: GradFnOptions = {}): (...args: A) => [Tensor, Tensor | Tensor[]] {
  if (typeof f !== "function") throw new TypeError(`valueAndGrad: expects a function, got ${describe(f)}`);
  return (...args: A) =>
    inTransform("valueAndGrad", () => {
      const nums = argnumList(options.argnums, args.length);
      const [value, grads] = valueAndGradients(f, args, nums, options.allowUnused ?? false);
      return [value, Array.isArray(options.argnums) ? grads : grads[0]];
    });
}

/**
 * Reverse mode as a function (JAX's `jax.vjp`): returns f's output y and `pullback`, which
 * maps a cotangent v (shape of y) to vᵀJ for each primal, i.e. what `y.backward(v)` would
 * put in each `.grad`. The pullback can be called many times.
 * @example
 * const [y, pullback] = vjp((x: Tensor) => x.mul(x), tensor([1, 2, 3]));
 * const [gx] = pullback(tensor([1, 0, 1])); // tensor([2., 0., 6.])
 */
export function vjp(f: (...primals: Tensor[]) => Tensor, ...primals: Tensor[]): [Tensor, (cotangent: Tensor | number) => Tensor[]] {
  return inTransform("vjp", () => {
    if (primals.length === 0) throw transformError("give at least one primal: vjp(f, x) or vjp(f, x, y, …)", TypeError);
    const track = isGradEnabled();
    const xs = primals.map((p, k) => freshInput(p, k));
    const y = checkOutput(enableGrad(() => f(...xs)));
    const { used, outside } = reach(y, xs);
    const createGraph = track && outside;
    const wrt = xs.filter((_, k) => used[k]);
    const pullback = (cotangent: Tensor | number): Tensor[] =>
      inTransform("vjp", () => {
        const v = typeof cotangent === "number" ? zerosLike(y).add(cotangent) : cotangent;
        if (!(v instanceof Tensor)) throw transformError(`the cotangent must be a Tensor of the output's shape ${formatShape(y.shape)}, got ${describe(cotangent)}`, TypeError);
        if (!sameShape(v.shape, y.shape)) {
          throw transformError(`the cotangent has shape ${formatShape(v.shape)} but f's output has shape ${formatShape(y.shape)}; they must match`, RangeError);
        }
        // record the backward pass when an outer computation watches the result (including through v)
        const record = createGraph || (isGradEnabled() && v.requiresGrad);
        const gs = wrt.length && y.requiresGrad ? engineGrad([y], wrt, { gradOutputs: [v], retainGraph: true, createGraph: record }) : [];
        let next = 0;
        return xs.map((_, k) => (used[k] && gs.length ? gs[next++] : zerosLike(primals[k])));
      });
    return [createGraph ? y : detachKeepTangents(y), pullback];
  });
}

/**
 * Forward mode (JAX's `jax.jvp`): f's output and its directional derivative J·t along the
 * tangents, from one pass with dual tensors through the op table's rules.
 * @example
 * const [y, dy] = jvp((x: Tensor) => x.sin(), tensor(0.5), tensor(1)); // sin(0.5), cos(0.5)
 * jvp((x: Tensor, w: Tensor) => x.mul(w), [tensor(2), tensor(3)], [tensor(1), tensor(0)]); // [6, 3]
 */
export function jvp(f: (...primals: Tensor[]) => Tensor, primals: Tensor | readonly Tensor[], tangents: Tensor | readonly Tensor[]): [Tensor, Tensor] {
  return inTransform("jvp", () => {
    const ps = asList(primals).list;
    const ts = asList(tangents).list;
    if (ps.length !== ts.length) throw transformError(`got ${ps.length} primal${ps.length === 1 ? "" : "s"} but ${ts.length} tangent${ts.length === 1 ? "" : "s"}; give one tangent per primal`, RangeError);
    ps.forEach((p, k) => {
      checkDifferentiable(p, k);
      const t = ts[k];
      if (!(t instanceof Tensor)) throw transformError(`tangent ${k} is ${describe(t)}, not a Tensor`, TypeError);
      if (!sameShape(t.shape, p.shape)) {
        throw transformError(`tangent ${k} has shape ${formatShape(t.shape)} but primal ${k} has shape ${formatShape(p.shape)}; they must match`, RangeError);
      }
    });
    return dualLevel((level) => {
      const duals = ps.map((p, k) => makeDual(p, ts[k].dtype === p.dtype ? ts[k] : to(ts[k], p.dtype), level));
      const y = checkOutput(f(...duals));
      return [y, maybeTangentOf(y, level) ?? zerosLike(y)];
    });
  });
}

/**
 * Hessian-vector product H·v of a scalar f, without forming H: forward mode over reverse
 * mode, jvp(grad(f), x, v), so it costs a few passes whatever the size of x.
 * @example
 * hvp((x: Tensor) => x.pow(3).sum(), tensor([1, 2]), tensor([1, 1])); // tensor([6., 12.])
 */
export function hvp(f: (...xs: Tensor[]) => Tensor, x: Tensor, v: Tensor): Tensor;
export function hvp(f: (...xs: Tensor[]) => Tensor, x: readonly Tensor[], v: readonly Tensor[]): Tensor[];
export function hvp(f: (...xs: Tensor[]) => Tensor, x: Tensor | readonly Tensor[], v: Tensor | readonly Tensor[]): Tensor | Tensor[] {
  return inTransform("hvp", () => {
    const { list: xs, many } = asList(x);
    const vs = asList(v).list;
    const out = xs.map((_, i) => jvp((...a: Tensor[]) => grad(f, { argnums: i })(...a), xs, vs)[1]);
    return many ? out : out[0];
  });
}

/**
 * The Hessian of a scalar f: the Jacobian of its gradient, shape [...x.shape, ...x.shape].
 * By default forward mode over reverse mode (JAX's jacfwd(jacrev(f))); `mode: "rev"` uses
 * reverse over reverse. With a list of inputs it returns the blocks H[i][j] = ∂²f/∂xᵢ∂xⱼ.
 * @example
 * hessian((x: Tensor) => x.pow(3).sum(), tensor([1, 2])); // tensor([[6., 0.], [0., 12.]])
 */
export function hessian(f: (...xs: Tensor[]) => Tensor, x: Tensor, options?: { mode?: "fwd" | "rev" }): Tensor;
export function hessian(f: (...xs: Tensor[]) => Tensor, x: readonly Tensor[], options?: { mode?: "fwd" | "rev" }): Tensor[][];
export function hessian(f: (...xs: Tensor[]) => Tensor, x: Tensor | readonly Tensor[], options: { mode?: "fwd" | "rev" } = {}): Tensor | Tensor[][] {
  return inTransform("hessian", () => {
    const { list: xs, many } = asList(x);
    const mode = options.mode ?? "fwd";
    if (mode !== "fwd" && mode !== "rev") throw transformError(`mode must be "fwd" or "rev", got ${JSON.stringify(mode)}`, RangeError);
    const blocks = xs.map((_, i) => jacobian((...a: Tensor[]) => grad(f, { argnums: i })(...a), xs, { mode }));
    return many ? blocks : blocks[0][0];
  });
}
