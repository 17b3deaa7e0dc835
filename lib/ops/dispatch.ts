/**
 * Running a primitive: the forward kernel, then (when grad mode is on and an input
 * requires grad) a backward node, then (when forward-mode levels are active) the tangent.
 * This is the only place that records graph nodes or pushes tangents.
 */
import { Tensor } from "../tensor/tensor";
import type { Ctx, OpRow } from "./row";
import { Node } from "../autograd/node";
import { isAnomalyEnabled, isGradEnabled } from "../autograd/mode";
import { activeLevels, tangentRules, withLevelHidden } from "../autograd/levels";

/**
 * Apply a primitive row to inputs.
 * @param name Overrides the backward node's name (a composite presenting PyTorch's name).
 */
export function apply<P>(row: OpRow<P>, inputs: readonly Tensor[], params: P, name?: string): Tensor {
  const out = row.forward(inputs, params);
  let needsGrad = false;
  if (isGradEnabled()) {
    const nondiff = row.nondiff;
    for (let i = 0; i < inputs.length; i++) {
      if (inputs[i]._requiresGrad && (nondiff === undefined || !nondiff.includes(i))) {
        needsGrad = true;
        break;
      }
    }
  }
  if (needsGrad) record(row, inputs, params, out, name);
  if (activeLevels.length > 0) pushTangents(row, inputs, params, out);
  return out;
}

function record<P>(row: OpRow<P>, inputs: readonly Tensor[], params: P, out: Tensor, name?: string): void {
  const n = inputs.length;
  const next: (Node | Tensor | null)[] = new Array(n);
  const needs: boolean[] = new Array(n);
  const saved: (Tensor | null)[] = new Array(n);
  const shapes: (readonly number[])[] = new Array(n);
  const dtypes: Tensor["dtype"][] = new Array(n);
  const nondiff = row.nondiff;
  for (let i = 0; i < n; i++) {
    const t = inputs[i];
    const need = t._requiresGrad && (nondiff === undefined || !nondiff.includes(i));
    needs[i] = need;
    next[i] = need ? (t.gradFn ?? t) : null;
    saved[i] = null;
    shapes[i] = t.shape;
    dtypes[i] = t.dtype;
  }
  const saves = row.saves;
  const versions: number[] = new Array(saves.length);
  let savedOut: Tensor | null = null;
  for (let k = 0; k < saves.length; k++) {
    const s = saves[k];
    const t = s === "out" ? (savedOut = out) : (saved[s] = inputs[s]);
    versions[k] = t.storage.version;
  }
  const ctx: Ctx<P> = { inputs: saved, out: savedOut, shapes, dtypes, params, needs };
  const nodeName = name ?? (typeof row.gradFn === "string" ? row.gradFn : row.gradFn(shapes, params));
  const node = new Node(nodeName, row as OpRow<unknown>, next, ctx as Ctx<unknown>, versions);
  for (let i = 0; i < n; i++) {
    const t = inputs[i];
    if (!needs[i] && t.shape.length === 0) (node.constants ??= new Array(n).fill(null))[i] = t;
  }
  if (isAnomalyEnabled()) node.trace = new Error().stack ?? null;
  out.gradFn = node;
  out._requiresGrad = true;
}

function pushTangents<P>(row: OpRow<P>, inputs: readonly Tensor[], params: P, out: Tensor): void {
  for (const level of activeLevels) {
    let any = false;
    const tangents: (Tensor | null)[] = new Array(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const t = row.nondiff?.includes(i) ? null : (inputs[i]._tangents?.get(level) ?? null);
      tangents[i] = t;
      if (t) any = true;
    }
    if (!any) continue;
    const ctx: Ctx<P> = {
      inputs,
      out,
      shapes: inputs.map((t) => t.shape),
      dtypes: inputs.map((t) => t.dtype),
      params,
      needs: tangents.map((t) => t !== null),
    };
    // While computing this level's tangent, the level is hidden: ε² terms are not formed,
    // while outer levels stay active, so nested forward mode gets mixed derivatives.
    const rule = tangentRules.get(level);
    const tangent = withLevelHidden(level, () => (rule ? rule(row, tangents, ctx) : row.jvp(tangents, ctx)));
    (out._tangents ??= new Map()).set(level, tangent);
  }
}
