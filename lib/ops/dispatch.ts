/**
 * Running a primitive: the forward kernel, then (when grad mode is on and an input
 * requires grad) a backward node, then (when forward-mode levels are active) the tangent.
 * This is the only place that records graph nodes or pushes tangents.
 */
import { Tensor } from "../tensor/tensor";
import type { Ctx, OpRow } from "./row";
import { Node } from "../autograd/node";
import { isAnomalyEnabled, isGradEnabled } from "../autograd/mode";
import { activeLevels, withLevelHidden } from "../autograd/levels";

/**
 * Apply a primitive row to inputs.
 * @param name Overrides the backward node's name (a composite presenting PyTorch's name).
 */
export function apply<P>(row: OpRow<P>, inputs: readonly Tensor[], params: P, name?: string): Tensor {
  const out = row.forward(inputs, params);
  let needsGrad = false;
  if (isGradEnabled()) {
    for (let i = 0; i < inputs.length; i++) {
      if (inputs[i]._requiresGrad && !row.nondiff?.includes(i)) {
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
  const saved: (Tensor | null)[] = new Array(n).fill(null);
  const savedTensors: Tensor[] = [];
  for (let i = 0; i < n; i++) {
    const t = inputs[i];
    const need = t._requiresGrad && !row.nondiff?.includes(i);
    needs[i] = need;
    next[i] = need ? (t.gradFn ?? t) : null;
  }
  let savedOut: Tensor | null = null;
  for (const s of row.saves) {
    if (s === "out") {
      savedOut = out;
      savedTensors.push(out);
    } else {
      saved[s] = inputs[s];
      savedTensors.push(inputs[s]);
    }
  }
  const ctx: Ctx<P> = {
    inputs: saved,
    out: savedOut,
    shapes: inputs.map((t) => t.shape),
    dtypes: inputs.map((t) => t.dtype),
    params,
    needs,
  };
  const shapes = ctx.shapes;
  const nodeName = name ?? (typeof row.gradFn === "string" ? row.gradFn : row.gradFn(shapes, params));
  const node = new Node(nodeName, row as OpRow<unknown>, next, ctx as Ctx<unknown>, savedTensors);
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
    const tangent = withLevelHidden(level, () => row.jvp(tangents, ctx));
    (out._tangents ??= new Map()).set(level, tangent);
  }
}
