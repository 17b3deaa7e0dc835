/**
 * Forward-mode dual levels (as torch.autograd.forward_ad.dual_level). A tensor carries one
 * tangent per active level; ops push tangents through the op table's jvp rules.
 */
import type { Tensor } from "../tensor/tensor";
import type { Ctx, OpRow } from "../ops/row";
import { alias } from "../ops/movement";
import { zerosLike } from "../tensor/create";

/** Levels currently active, outermost first. Read by the dispatcher. */
export const activeLevels: number[] = [];
let nextLevel = 0;

/** How an op's output tangent is computed from its inputs' tangents at one level (by default the row's jvp). */
export type TangentRule = (row: OpRow<any>, tangents: readonly (Tensor | null)[], ctx: Ctx<any>) => Tensor;

/**
 * @internal Levels whose tangents follow another rule than `row.jvp`: the vectorized
 * forward mode of lib/autograd/batched.ts, where a tangent holds a batch of directions.
 */
export const tangentRules = new Map<number, TangentRule>();

/**
 * Run `fn` inside a new dual level; returns what fn returns. Tangents attached at this
 * level are dropped when it ends.
 * @example
 * dualLevel((lvl) => {
 *   const x = makeDual(tensor(2), tensor(1), lvl);
 *   return tangentOf(x.mul(x), lvl).item(); // 4
 * });
 */
export function dualLevel<R>(fn: (level: number) => R): R {
  const level = nextLevel++;
  activeLevels.push(level);
  try {
    return fn(level);
  } finally {
    const i = activeLevels.lastIndexOf(level);
    if (i >= 0) activeLevels.splice(i, 1);
    tangentRules.delete(level);
  }
}

/** @internal Hide one level while its own tangent is being computed. */
export function withLevelHidden<R>(level: number, fn: () => R): R {
  const i = activeLevels.indexOf(level);
  if (i < 0) return fn();
  activeLevels.splice(i, 1);
  try {
    return fn();
  } finally {
    activeLevels.splice(i, 0, level);
  }
}

/** Attach a tangent to a primal at a level: returns a view of the primal carrying it. */
export function makeDual(primal: Tensor, tangent: Tensor, level: number): Tensor {
  if (!activeLevels.includes(level)) throw new Error(`makeDual: level ${level} is not active; call it inside dualLevel(...)`);
  if (tangent.shape.length !== primal.shape.length || tangent.shape.some((s, i) => s !== primal.shape[i])) {
    throw new RangeError(`makeDual: tangent shape [${tangent.shape}] must equal the primal's shape [${primal.shape}]`);
  }
  const dual = alias(primal);
  (dual._tangents ??= new Map()).set(level, tangent);
  return dual;
}

/** The tangent a tensor carries at a level (zeros if none). */
export function tangentOf(t: Tensor, level: number): Tensor {
  return t._tangents?.get(level) ?? zerosLike(t);
}

/** The tangent at a level, or null when the tensor carries none. */
export function maybeTangentOf(t: Tensor, level: number): Tensor | null {
  return t._tangents?.get(level) ?? null;
}
