/**
 * Vectorized forward and reverse mode: a batch of B tangents (or cotangents) goes through
 * the op table in one pass, as torch.autograd.grad(is_grads_batched=True) and JAX's
 * vmap(jvp) do. jacobian() uses it, so n forward passes (or m reverse passes) become one.
 *
 * A batch for a tensor of shape s is
 *   - dense: a tensor of shape [B, ...s], item b at index b; or
 *   - diagonal: a tensor d of shape s with B = numel(s), item b being d_b at flat position
 *     b and zero elsewhere.
 * A Jacobian starts from the identity, the diagonal batch of ones, and elementwise ops keep
 * a batch diagonal, so a chain of elementwise ops costs O(n) instead of O(n²). Other ops
 * make it dense.
 *
 * The derivatives stay in the op table: an elementwise row's own jvp/vjp already works on a
 * leading batch dimension (its derivative broadcasts over it), and a linear structural row
 * is the same op with its dimensions shifted by one. Rows without such a rule run their own
 * jvp/vjp once per item: correct, only slower.
 */
import { Tensor } from "../tensor/tensor";
import { sameShape } from "../tensor/shape";
import { ones, zeros } from "../tensor/create";
import type { Ctx, OpRow } from "../ops/row";
import type { Node } from "./node";
import type { TangentRule } from "./levels";
import { checkVersions, sumToShape } from "./engine";
import { binary, unary, unaryPrimitives, binaryPrimitives, T } from "../ops/elementwise";
import { binaryOps, BinaryName } from "../ops/binary";
import { mean, meanRow, sum, sumRow } from "../ops/reduce";
import {
  reshape, permute, expand, t, unsqueeze, select, stack, clone,
  reshapeRow, permuteRow, expandRow, sliceRow, sliceBackwardRow, flipRow, catRow, cloneRow,
} from "../ops/movement";
import type { ShapeParam, DimsParam, SliceParam, DimParam } from "../ops/movement";
import type { ReduceParam } from "../ops/reduce";
import { where, whereRow, scatterAdd } from "../ops/gather";
import { matmul, matmulRow } from "../ops/linalg";
import { apply } from "../ops/dispatch";
import { to, toRow } from "../ops/cast";
import type { DType } from "../tensor/dtype";

/** B tangents or cotangents of one tensor: dense [B, ...shape], or diagonal (see the file comment). */
export interface Batch {
  readonly t: Tensor;
  readonly diag: boolean;
}

const dense = (t: Tensor): Batch => ({ t, diag: false });
const diagonal = (t: Tensor): Batch => ({ t, diag: true });

/** The identity batch for a tensor of this shape: item b is the basis vector e_b. */
export function identityBatch(shape: readonly number[], dtype: DType): Batch {
  return diagonal(ones(shape, { dtype }));
}

/** Flat positions of the diagonal of a B×B matrix: b·(B + 1). */
function diagonalIndex(B: number): Tensor {
  const idx = new Int32Array(B);
  for (let b = 0; b < B; b++) idx[b] = b * (B + 1);
  return Tensor.fromData(idx, [B], "int32");
}

/** A dense batch plus a diagonal one, in one pass: d_b is added to item b at flat position b. */
function addDiagonal(D: Tensor, d: Tensor, B: number): Tensor {
  return reshape(scatterAdd(reshape(D, [B * B]), 0, diagonalIndex(B), reshape(d, [B])), D.shape);
}

/** The batch as a dense tensor [B, ...shape]. */
export function toDense(b: Batch, B: number): Tensor {
  return b.diag ? addDiagonal(zeros([B, ...b.t.shape], { dtype: b.t.dtype }), b.t, B) : b.t;
}

/** Sum of two batches of the same tensor. */
export function addBatch(a: Batch, b: Batch, B: number): Batch {
  if (a.diag && b.diag) return diagonal(binary("add", a.t, b.t));
  if (a.diag) return dense(addDiagonal(b.t, a.t, B));
  if (b.diag) return dense(addDiagonal(a.t, b.t, B));
  return dense(binary("add", a.t, b.t));
}

/** A dense batch [B, ...s] lifted to [B, 1, …, 1, ...s] with `rank` dimensions after the batch one. */
function lift(t: Tensor, rank: number): Tensor {
  const s = t.shape.slice(1);
  if (s.length === rank) return t;
  return reshape(t, [t.shape[0], ...new Array<number>(rank - s.length).fill(1), ...s]);
}

/** Sum a dense batch over the dimensions its tensor was broadcast along, keeping the batch dimension. */
function sumToBatch(g: Tensor, B: number, shape: readonly number[]): Tensor {
  const pad = g.ndim - 1 - shape.length;
  return reshape(sumToShape(g, [B, ...new Array<number>(pad).fill(1), ...shape]), [B, ...shape]);
}

/** A dimension of the unbatched tensor, as a dimension of its batch (one to the right). */
const shift = (d: number, ndim: number) => (d < 0 ? d + ndim : d) + 1;

function castTo(b: Batch, dtype: DType): Batch {
  return b.t.dtype === dtype ? b : { t: to(b.t, dtype), diag: b.diag };
}

// ------------------------------------------------------------------ which rows are elementwise

let unaryRows: Set<OpRow<any>> | null = null;
let binaryNames: Map<OpRow<any>, BinaryName> | null = null;

function isUnary(row: OpRow<any>): boolean {
  unaryRows ??= new Set(Object.values(unaryPrimitives));
  return unaryRows.has(row);
}

function binaryName(row: OpRow<any>): BinaryName | undefined {
  binaryNames ??= new Map(Object.entries(binaryPrimitives).map(([n, r]) => [r as OpRow<any>, n as BinaryName]));
  return binaryNames.get(row);
}

/** Rows whose vjp is elementwise in the cotangent (it broadcasts over a leading batch dimension). */
function vjpIsElementwise(row: OpRow<any>): boolean {
  return isUnary(row) || binaryName(row) !== undefined || row === whereRow || row === expandRow;
}

/** ct · d, skipping the multiply for the constants ±1 (as the rows do). */
function scale(t: Tensor, d: Tensor | number): Tensor {
  return d === 1 ? t : d === -1 ? unary("neg", t) : binary("mul", t, d);
}

// ------------------------------------------------------------------ forward mode

type JvpRule = (bs: readonly (Batch | null)[], ctx: Ctx<any>, B: number) => Batch | null;

/**
 * The tangent rule of a batched dual level of size B (see levels.ts): a tangent of the
 * primal's shape is a diagonal batch, one of shape [B, ...primal] a dense one.
 */
export function batchedTangentRule(B: number): TangentRule {
  return (row, tangents, ctx) => {
    const bs = tangents.map((t, i) => (t === null ? null : { t, diag: t.ndim === ctx.shapes[i].length }));
    return batchedJvp(row, bs, ctx, B).t;
  };
}

function batchedJvp(row: OpRow<any>, bs: readonly (Batch | null)[], ctx: Ctx<any>, B: number): Batch {
  if (isUnary(row)) {
    // the derivative has the input's shape, so it scales a diagonal batch or broadcasts over a dense one
    const b = bs[0]!;
    return { t: row.jvp([b.t], ctx), diag: b.diag };
  }
  const name = binaryName(row);
  if (name !== undefined || row === whereRow) {
    const outShape = ctx.out!.shape;
    const d = name === undefined ? null : binaryOps[name].deriv!(T, ctx.inputs[0]!, ctx.inputs[1]!, ctx.out!);
    // the row's rule, one input at a time: d(x ∘ y) = ∂x·dx + ∂y·dy, d(c ? a : b) = c ? da : db
    const linear = (i: number, t: Tensor) => (d ? scale(t, d[i]) : i === 1 ? where(ctx.inputs[0]!, t, 0) : where(ctx.inputs[0]!, 0, t));
    let acc: Batch | null = null;
    bs.forEach((b, i) => {
      if (!b) return;
      let part: Batch;
      // an input that is not broadcast keeps each item at its position: a diagonal batch stays diagonal
      if (b.diag && sameShape(ctx.shapes[i], outShape)) part = diagonal(linear(i, b.t));
      else {
        const r = linear(i, lift(toDense(b, B), outShape.length));
        part = dense(r.ndim === outShape.length + 1 && sameShape(r.shape.slice(1), outShape) ? r : expand(r, [B, ...outShape]));
      }
      acc = acc ? addBatch(acc, part, B) : part;
    });
    return acc!;
  }
  const rule = jvpRules.get(row);
  return (rule && rule(bs, ctx, B)) ?? loopJvp(row, bs, ctx, B);
}

/** Any row: its own jvp once per item. */
function loopJvp(row: OpRow<any>, bs: readonly (Batch | null)[], ctx: Ctx<any>, B: number): Batch {
  const ds = bs.map((b) => b && toDense(b, B));
  const items: Tensor[] = [];
  for (let i = 0; i < B; i++) items.push(row.jvp(ds.map((d) => d && select(d, 0, i)), ctx));
  return dense(stack(items));
}

const jvpRules = new Map<OpRow<any>, JvpRule>();

// linear rows: the same op on the batch, its dimensions shifted past the batch dimension
jvpRules.set(sumRow, ([b], ctx, B) => {
  const p = ctx.params as ReduceParam;
  const nd = ctx.shapes[0].length;
  // the sum of all elements of item b (e_b·d_b) is d_b
  if (b!.diag && p.dims.length === nd) return dense(reshape(b!.t, [B, ...(p.keepdim ? new Array<number>(nd).fill(1) : [])]));
  return dense(sum(toDense(b!, B), p.dims.map((d) => shift(d, nd)), p.keepdim));
});
jvpRules.set(meanRow, ([b], ctx, B) => {
  const p = ctx.params as ReduceParam;
  return dense(mean(toDense(b!, B), p.dims.map((d) => shift(d, ctx.shapes[0].length)), p.keepdim));
});
jvpRules.set(reshapeRow, ([b], ctx, B) => {
  const p = ctx.params as ShapeParam;
  // a reshape keeps the row-major order, so a diagonal batch stays diagonal
  return b!.diag ? diagonal(reshape(b!.t, p.shape)) : dense(reshape(b!.t, [B, ...p.shape]));
});
jvpRules.set(permuteRow, ([b], ctx, B) => dense(permute(toDense(b!, B), [0, ...(ctx.params as DimsParam).dims.map((d) => d + 1)])));
jvpRules.set(expandRow, ([b], ctx, B) => {
  const shape = (ctx.params as ShapeParam).shape;
  return dense(expand(lift(toDense(b!, B), shape.length), [B, ...shape]));
});
jvpRules.set(sliceRow, ([b], ctx, B) => {
  const p = ctx.params as SliceParam;
  return dense(apply(sliceRow, [toDense(b!, B)], { ...p, dim: shift(p.dim, ctx.shapes[0].length) }));
});
jvpRules.set(sliceBackwardRow, ([b], ctx, B) => {
  const p = ctx.params as SliceParam & ShapeParam;
  return dense(apply(sliceBackwardRow, [toDense(b!, B)], { ...p, dim: shift(p.dim, p.shape.length), shape: [B, ...p.shape] }));
});
jvpRules.set(flipRow, ([b], ctx, B) => {
  const nd = ctx.shapes[0].length;
  return dense(apply(flipRow, [toDense(b!, B)], { dims: (ctx.params as DimsParam).dims.map((d) => shift(d, nd)) }));
});
jvpRules.set(catRow, (bs, ctx, B) => {
  const p = ctx.params as DimParam;
  const parts = bs.map((b, i) => (b ? toDense(b, B) : zeros([B, ...ctx.shapes[i]], { dtype: ctx.dtypes[i] })));
  return dense(apply(catRow, parts, { dim: shift(p.dim, ctx.shapes[0].length) }));
});
jvpRules.set(cloneRow, ([b]) => ({ t: clone(b!.t), diag: b!.diag }));
jvpRules.set(toRow, ([b], ctx) => castTo(b!, (ctx.params as { dtype: DType }).dtype));
jvpRules.set(matmulRow, (bs, ctx, B) => {
  const [a, b] = ctx.inputs as Tensor[];
  if (a.ndim > 2 || b.ndim > 2) return null;
  const left = bs[0] && matmulLeft(bs[0], a, b, B);
  const right = bs[1] && matmulRight(a, b, bs[1], B);
  return left && right ? addBatch(left, right, B) : left ?? right;
});

/** The batch of (da_i)·b for ≤2-d operands, as one product (the batch folded into the rows). */
function matmulLeft(da: Batch, a: Tensor, b: Tensor, B: number): Batch {
  if (a.ndim === 1) {
    // item j of a diagonal batch is d_j·e_j, and e_jᵀ·b is row j of b
    if (da.diag) return dense(b.ndim === 2 ? binary("mul", b, unsqueeze(da.t, 1)) : binary("mul", da.t, b));
    return dense(matmul(da.t, b)); // [B, k]·[k, n] or [B, k]·[k]
  }
  const [m, k] = a.shape;
  const r = matmul(reshape(toDense(da, B), [B * m, k]), b);
  return dense(reshape(r, b.ndim === 2 ? [B, m, b.shape[1]] : [B, m]));
}

/** The batch of a·(db_i) for ≤2-d operands. */
function matmulRight(a: Tensor, b: Tensor, db: Batch, B: number): Batch {
  if (b.ndim === 1) {
    // item j of a diagonal batch is d_j·e_j, and a·e_j is column j of a
    if (db.diag) return dense(a.ndim === 2 ? binary("mul", t(a), unsqueeze(db.t, 1)) : binary("mul", a, db.t));
    return dense(a.ndim === 2 ? matmul(db.t, t(a)) : matmul(db.t, a));
  }
  const [k, n] = b.shape;
  const cols = reshape(permute(toDense(db, B), [1, 0, 2]), [k, B * n]);
  const r = matmul(a, cols);
  return dense(a.ndim === 2 ? permute(reshape(r, [a.shape[0], B, n]), [1, 0, 2]) : reshape(r, [B, n]));
}

// ------------------------------------------------------------------ reverse mode

type VjpRule = (ct: Batch, ctx: Ctx<any>, B: number) => (Batch | null)[] | null;

/**
 * One node of a batched reverse sweep: the batch of cotangents of its output in, a batch
 * for each `wanted` input out (summed over broadcast dimensions; null for the others).
 */
export function batchedVjp(node: Node, ct: Batch, B: number, wanted: readonly boolean[], transform = "jacobian"): (Batch | null)[] {
  const row = node.row;
  if (node.ctx === null || (node.freed && row.saves.length > 0)) {
    throw new Error(
      `${transform}: the graph through ${node.name} was already freed by an earlier backward(), so it cannot be differentiated again. ` +
        `Call that backward as backward(undefined, { retainGraph: true }), or recompute the forward pass.`,
    );
  }
  if (node.versions.length) checkVersions(node);
  // from here on ctx.needs[i] says whether input i gets a cotangent
  const ctx = node.ctx.needs.every((n, i) => n === wanted[i]) ? node.ctx : { ...node.ctx, needs: node.ctx.needs.map((n, i) => n && wanted[i]) };
  const out = vjpIsElementwise(row) ? elementwiseVjp(node, ct, ctx, B) : (vjpRules.get(row)?.(ct, ctx, B) ?? loopVjp(node, ct, ctx, B));
  return out.map((g, i) => (g && ctx.needs[i] ? castTo(g, ctx.dtypes[i]) : null));
}

function elementwiseVjp(node: Node, ct: Batch, ctx: Ctx<any>, B: number): (Batch | null)[] {
  const raw = node.row.vjp(ct.t, ctx);
  const outShape = ct.diag ? ct.t.shape : ct.t.shape.slice(1);
  return raw.map((g, i) => {
    if (!g || !ctx.needs[i]) return null;
    const shape = ctx.shapes[i];
    if (ct.diag) {
      if (sameShape(shape, outShape)) return diagonal(g);
      return dense(sumToBatch(toDense(diagonal(g), B), B, shape));
    }
    return dense(sumToBatch(g, B, shape));
  });
}

/** Any row: its own vjp once per item (summed over broadcast dimensions as the engine does). */
function loopVjp(node: Node, ct: Batch, ctx: Ctx<any>, B: number): (Batch | null)[] {
  const c = toDense(ct, B);
  const items: (Tensor | null)[][] = [];
  for (let b = 0; b < B; b++) items.push([...node.row.vjp(select(c, 0, b), ctx)]);
  return node.next.map((_, i) => {
    if (!ctx.needs[i] || items.every((r) => !r[i])) return null;
    const shape = ctx.shapes[i];
    const gs = items.map((r) => {
      const g = r[i];
      if (!g) return zeros(shape, { dtype: ctx.dtypes[i] });
      return node.row.broadcasts ? sumToShape(g, shape) : g;
    });
    return dense(stack(gs));
  });
}

const vjpRules = new Map<OpRow<any>, VjpRule>();

vjpRules.set(sumRow, (ct, ctx, B) => {
  const p = ctx.params as ReduceParam;
  const shape = ctx.shapes[0];
  const kept = shape.map((s, i) => (p.dims.includes(i) ? 1 : s));
  return [dense(expand(reshape(toDense(ct, B), [B, ...kept]), [B, ...shape]))];
});
vjpRules.set(meanRow, (ct, ctx, B) => {
  const p = ctx.params as ReduceParam;
  const shape = ctx.shapes[0];
  const kept = shape.map((s, i) => (p.dims.includes(i) ? 1 : s));
  const n = p.dims.reduce((acc, d) => acc * shape[d], 1);
  return [dense(expand(reshape(toDense(ct, B), [B, ...kept]), [B, ...shape]).div(n))];
});
vjpRules.set(reshapeRow, (ct, ctx, B) => [ct.diag ? diagonal(reshape(ct.t, ctx.shapes[0])) : dense(reshape(ct.t, [B, ...ctx.shapes[0]]))]);
vjpRules.set(permuteRow, (ct, ctx, B) => {
  const dims = (ctx.params as DimsParam).dims;
  const inv = new Array<number>(dims.length);
  dims.forEach((d, i) => (inv[d] = i));
  return [dense(permute(toDense(ct, B), [0, ...inv.map((d) => d + 1)]))];
});
vjpRules.set(sliceRow, (ct, ctx, B) => {
  const p = ctx.params as SliceParam;
  const shape = ctx.shapes[0];
  return [dense(apply(sliceBackwardRow, [toDense(ct, B)], { ...p, dim: shift(p.dim, shape.length), shape: [B, ...shape] }))];
});
vjpRules.set(sliceBackwardRow, (ct, ctx, B) => {
  const p = ctx.params as SliceParam & ShapeParam;
  return [dense(apply(sliceRow, [toDense(ct, B)], { dim: shift(p.dim, p.shape.length), start: p.start, end: p.end, step: p.step }))];
});
vjpRules.set(flipRow, (ct, ctx, B) => {
  const nd = ctx.shapes[0].length;
  return [dense(apply(flipRow, [toDense(ct, B)], { dims: (ctx.params as DimsParam).dims.map((d) => shift(d, nd)) }))];
});
vjpRules.set(catRow, (ct, ctx, B) => {
  const dim = shift((ctx.params as DimParam).dim, ctx.shapes[0].length);
  const c = toDense(ct, B);
  let start = 0;
  return ctx.shapes.map((s, i) => {
    const n = s[dim - 1];
    const g = ctx.needs[i] ? dense(apply(sliceRow, [c], { dim, start, end: start + n, step: 1 })) : null;
    start += n;
    return g;
  });
});
vjpRules.set(cloneRow, (ct) => [ct]);
vjpRules.set(toRow, (ct) => [ct]);
vjpRules.set(matmulRow, (ct, ctx, B) => {
  const [a, b] = ctx.inputs as Tensor[];
  if (a.ndim > 2 || b.ndim > 2) return null;
  return [ctx.needs[0] ? matmulGradA(ct, a, b, B) : null, ctx.needs[1] ? matmulGradB(ct, a, b, B) : null];
});

/** Batch of ∂/∂a for out = a·b (≤2-d): ct_i·bᵀ. */
function matmulGradA(ct: Batch, a: Tensor, b: Tensor, B: number): Batch {
  if (a.ndim === 1 && b.ndim === 2) {
    // out [n]; item j of a diagonal batch gives column j of b, times d_j
    if (ct.diag) return dense(binary("mul", t(b), unsqueeze(ct.t, 1)));
    return dense(matmul(ct.t, t(b))); // [B, n]·[n, k]
  }
  const c = toDense(ct, B);
  if (a.ndim === 1) return dense(binary("mul", unsqueeze(c, 1), b)); // dot: [B, 1]·[k]
  const [m, k] = a.shape;
  if (b.ndim === 1) return dense(binary("mul", unsqueeze(c, 2), b)); // out [m]: ct_i ⊗ b
  return dense(reshape(matmul(reshape(c, [B * m, b.shape[1]]), t(b)), [B, m, k]));
}

/** Batch of ∂/∂b for out = a·b (≤2-d): aᵀ·ct_i. */
function matmulGradB(ct: Batch, a: Tensor, b: Tensor, B: number): Batch {
  if (b.ndim === 1 && a.ndim === 2) {
    // out [m]; item j of a diagonal batch gives row j of a, times d_j
    if (ct.diag) return dense(binary("mul", a, unsqueeze(ct.t, 1)));
    return dense(matmul(ct.t, a)); // [B, m]·[m, k]
  }
  const c = toDense(ct, B);
  if (b.ndim === 1) return dense(binary("mul", unsqueeze(c, 1), a)); // dot
  const [k, n] = b.shape;
  if (a.ndim === 1) return dense(binary("mul", reshape(a, [1, k, 1]), unsqueeze(c, 1))); // out [n]: a ⊗ ct_i
  const m = a.shape[0];
  const cols = reshape(permute(c, [1, 0, 2]), [m, B * n]);
  return dense(permute(reshape(matmul(t(a), cols), [k, B, n]), [1, 0, 2]));
}

