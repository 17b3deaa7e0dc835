/**
 * Linear-algebra primitives: matmul (bilinear), inverse and determinant (batched over
 * leading dims). dot is composed.
 */
import { Tensor } from "../tensor/tensor";
import { allocate, allocateOverwritten, promote, floatOf, DType } from "../tensor/dtype";
import { ShapeError, broadcastShapes, formatShape, numel } from "../tensor/shape";
import type { OpRow } from "./row";
import { apply } from "./dispatch";
import { binary } from "./elementwise";
import { expandTo, reshape, squeeze, transpose, unsqueeze } from "./movement";
import { sum } from "./reduce";
import { matmulInto, MatrixView } from "../kernels/matmul";
import { luDet, luFactor, luInverse } from "../kernels/lu";
import { isGradEnabled } from "../autograd/mode";
import { activeLevels } from "../autograd/levels";

// ------------------------------------------------------------------ matmul

function matmulShapes(a: readonly number[], b: readonly number[]): { batch: number[]; m: number; k: number; n: number; out: number[] } {
  if (a.length === 0 || b.length === 0) {
    throw new ShapeError(`matmul: both arguments need at least 1 dimension (got shapes ${formatShape(a)} and ${formatShape(b)})`);
  }
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const m = a2[a2.length - 2], k = a2[a2.length - 1];
  const k2 = b2[b2.length - 2], n = b2[b2.length - 1];
  if (k !== k2) {
    throw new ShapeError(`matmul: shapes ${formatShape(a)} and ${formatShape(b)} cannot be multiplied (${k} != ${k2})`);
  }
  const batch = broadcastShapes("matmul (batch dimensions)", a2.slice(0, -2), b2.slice(0, -2));
  const out = [...batch];
  if (a.length > 1) out.push(m);
  if (b.length > 1) out.push(n);
  return { batch, m, k, n, out };
}

/** A strided matrix view and its size. */
interface Mat {
  view: MatrixView;
  rows: number;
  cols: number;
}

/**
 * A tensor of at most two dimensions as the matrix a product reads: itself when 2-d, a 1-d
 * one as a row (1 × k, the left operand) or a column (k × 1, the right one), a 0-d one as
 * 1 × 1. The unit dimension gets the stride a reshaped view would have (it is never stepped).
 */
function asMatrix(t: Tensor, vector: "row" | "col"): Mat {
  if (t.ndim === 2) return { view: matrixView(t), rows: t.shape[0], cols: t.shape[1] };
  const key = t.storage, version = t.storage.version, data = t.storage.data, off = t.offset;
  if (t.ndim === 0) return { view: { data, off, rs: 1, cs: 1, key, version }, rows: 1, cols: 1 };
  const len = t.shape[0], s = t.strides[0];
  return vector === "row"
    ? { view: { data, off, rs: len * s, cs: s, key, version }, rows: 1, cols: len }
    : { view: { data, off, rs: s, cs: s, key, version }, rows: len, cols: 1 };
}

function transposed(x: Mat): Mat {
  return { view: { ...x.view, rs: x.view.cs, cs: x.view.rs }, rows: x.cols, cols: x.rows };
}

/** The product of two matrix views as a new tensor of `shape` (rows · cols elements). */
function product(a: Mat, b: Mat, shape: number[], dtype: DType): Tensor {
  const c = allocateOverwritten(dtype, a.rows * b.cols); // every element written by the product
  matmulInto(a.view, b.view, c, 0, a.rows, a.cols, b.cols);
  return Tensor.fromData(c, shape, dtype);
}

function matmulRaw(a: Tensor, b: Tensor): Tensor {
  if (a.ndim <= 2 && b.ndim <= 2) {
    // no batch dimensions: the operands' own strides, without the lifted and expanded
    // views of the general path (a training loop's X·w pays for those every step)
    const { out } = matmulShapes(a.shape, b.shape);
    return product(asMatrix(a, "row"), asMatrix(b, "col"), out, floatOf(promote(a.dtype, b.dtype)));
  }
  const { batch, m, k, n, out } = matmulShapes(a.shape, b.shape);
  const dtype = floatOf(promote(a.dtype, b.dtype));
  // strided views, never gathered here: the kernel packs transposed operands itself
  const a3 = expandTo(a.ndim === 1 ? a.detach().reshape(1, -1) : a, [...batch, m, k]);
  const b3 = expandTo(b.ndim === 1 ? b.detach().reshape(-1, 1) : b, [...batch, k, n]);
  const nb = numel(batch);
  const c = allocateOverwritten(dtype, nb * m * n); // every element written by the product
  const av = matrixView(a3), bv = matrixView(b3);
  const sa = batchStride(a3), sb = batchStride(b3);
  if (sa !== null && sb !== null) matmulInto(av, bv, c, 0, m, k, n, nb, sa, sb);
  else for (let i = 0; i < nb; i++) matmulInto({ ...av, off: batchOffset(a3, i) }, { ...bv, off: batchOffset(b3, i) }, c, i * m * n, m, k, n);
  return Tensor.fromData(c, out, dtype);
}

/** The one storage stride between consecutive batch items, when the batch dims collapse into one (else null). */
function batchStride(t: Tensor): number | null {
  const nb = t.ndim - 2;
  let stride: number | null = null;
  let expected = 0;
  for (let d = nb - 1; d >= 0; d--) {
    if (t.shape[d] === 1) continue;
    if (stride === null) {
      stride = t.strides[d];
      expected = stride * t.shape[d];
    } else {
      if (t.strides[d] !== expected) return null;
      expected *= t.shape[d];
    }
  }
  return stride ?? 0;
}

/** The last two dimensions of a tensor as a strided matrix view of its storage. */
function matrixView(t: Tensor): MatrixView {
  const d = t.ndim;
  return { data: t.storage.data, off: t.offset, rs: t.strides[d - 2], cs: t.strides[d - 1], key: t.storage, version: t.storage.version };
}

/** Storage offset of batch element i (row-major over the leading dimensions). */
function batchOffset(t: Tensor, i: number): number {
  let off = t.offset;
  for (let d = t.ndim - 3; d >= 0; d--) {
    const s = t.shape[d];
    off += (i % s) * t.strides[d];
    i = Math.floor(i / s);
  }
  return off;
}

/** The last two dimensions swapped. */
function mT(x: Tensor): Tensor {
  return transpose(x, -2, -1);
}

export const matmulRow: OpRow<null> = {
  // PyTorch's names: matmul dispatches to dot, mv, mm, or (1-d · matrix) mm then squeeze, or a batched product then a view
  gradFn: ([a, b]) =>
    a.length === 1 && b.length === 1 ? "DotBackward0" : a.length === 2 && b.length === 1 ? "MvBackward0" : a.length === 2 && b.length === 2 ? "MmBackward0"
      : a.length === 1 && b.length === 2 ? "SqueezeBackward3" : "UnsafeViewBackward0",
  forward: ([a, b]) => matmulRaw(a, b),
  // bilinear: d(AB) = dA·B + A·dB
  jvp: ([da, db], { inputs }) => {
    const ta = da ? matmul(da, inputs[1]!) : null;
    const tb = db ? matmul(inputs[0]!, db) : null;
    return ta && tb ? binary("add", ta, tb) : (ta ?? tb)!;
  },
  // transpose of each argument: ∂/∂A = ct·Bᵀ, ∂/∂B = Aᵀ·ct (1-d arguments lifted to
  // matrices and back; the engine sums broadcast batch dimensions)
  vjp: (ct, { inputs, needs }) => {
    const [a, b] = inputs as Tensor[];
    if (a.ndim <= 2 && b.ndim <= 2 && !isGradEnabled() && activeLevels.length === 0) {
      // nothing records (no createGraph, no forward-mode level to push tangents to): the
      // same products on transposed views of the lifted matrices A (m×k), B (k×n) and the
      // cotangent C (m×n), shaped as the inputs
      const A = asMatrix(a, "row"), B = asMatrix(b, "col");
      const C = asMatrix(ct, a.ndim === 2 ? "col" : "row");
      return [
        needs[0] ? product(C, transposed(B), a.shape.slice(), floatOf(promote(ct.dtype, b.dtype))) : null,
        needs[1] ? product(transposed(A), C, b.shape.slice(), floatOf(promote(a.dtype, ct.dtype))) : null,
      ];
    }
    const a2 = a.ndim === 1 ? unsqueeze(a, 0) : a;
    const b2 = b.ndim === 1 ? unsqueeze(b, -1) : b;
    let c = ct;
    if (a.ndim === 1 && b.ndim === 1) c = reshape(ct, [1, 1]);
    else {
      if (a.ndim === 1) c = unsqueeze(c, -2);
      if (b.ndim === 1) c = unsqueeze(c, -1);
    }
    let ga = needs[0] ? matmul(c, mT(b2)) : null;
    let gb = needs[1] ? matmul(mT(a2), c) : null;
    if (ga && a.ndim === 1) ga = squeeze(ga, -2);
    if (gb && b.ndim === 1) gb = squeeze(gb, -1);
    return [ga, gb];
  },
  saves: [0, 1],
  broadcasts: true,
  test: [
    { shapes: [[3, 4], [4, 2]], params: null },
    { shapes: [[4], [4, 2]], params: null },
    { shapes: [[3, 4], [4]], params: null },
    { shapes: [[4], [4]], params: null },
    { shapes: [[2, 3, 4], [4, 5]], params: null },
    { shapes: [[2, 1, 3, 4], [3, 4, 2]], params: null },
  ],
};

/**
 * Matrix product with NumPy semantics: 1-d·1-d is a dot product, 2-d·2-d a matrix
 * product, and leading (batch) dimensions broadcast.
 * @example
 * tensor([[1, 2], [3, 4]]).matmul(tensor([1, 1])); // tensor([3., 7.])
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  matmulShapes(a.shape, b.shape);
  return apply(matmulRow, [a, b], null);
}

/** Dot product of two 1-d tensors. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`dot: expects two 1-d tensors (got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)})`);
  return matmul(a, b);
}

/** Outer product u vᵀ of two 1-d tensors. */
export function outer(u: Tensor, v: Tensor): Tensor {
  if (u.ndim !== 1 || v.ndim !== 1) throw new ShapeError(`outer: expects two 1-d tensors (got shapes ${formatShape(u.shape)} and ${formatShape(v.shape)})`);
  return binary("mul", unsqueeze(u, 1), unsqueeze(v, 0));
}

// ------------------------------------------------------------------ inverse and determinant

function squareBatch(op: string, x: Tensor): { n: number; count: number } {
  const n = x.shape[x.ndim - 1];
  if (x.ndim < 2 || x.shape[x.ndim - 2] !== n) {
    throw new ShapeError(`${op}: expects a square matrix or a batch of them (got shape ${formatShape(x.shape)})`);
  }
  return { n, count: numel(x.shape.slice(0, -2)) };
}

export const invRow: OpRow<null> = {
  gradFn: "LinalgInvExBackward0",
  forward: ([x]) => {
    const { n, count } = squareBatch("inverse", x);
    const dtype: DType = floatOf(x.dtype);
    const v = x.values();
    const out = allocate(dtype, v.length);
    for (let b = 0; b < count; b++) {
      const f = luFactor(v, b * n * n, n);
      if (f.singularAt >= 0) {
        throw new RangeError(`inverse: the matrix${count > 1 ? ` at batch index ${b}` : ""} is singular (zero pivot in column ${f.singularAt}); it has no inverse`);
      }
      luInverse(f, n, out, b * n * n);
    }
    return Tensor.fromData(out, x.shape.slice(), dtype);
  },
  // d(A⁻¹) = -A⁻¹ dA A⁻¹
  jvp: ([dx], { out }) => matmul(matmul(out!, dx!), out!).neg(),
  // transpose: -A⁻ᵀ ct A⁻ᵀ
  vjp: (ct, { out }) => [matmul(matmul(mT(out!), ct), mT(out!)).neg()],
  saves: ["out"],
  test: [{ shapes: [[3, 3]], params: null, domain: [-1, 1] }],
};

/** Cofactor transpose (adjugate) of one n×n matrix, by minors: works for singular matrices. */
function adjugate(v: ArrayLike<number>, off: number, n: number, out: { [i: number]: number }, outOff: number): void {
  if (n === 1) {
    out[outOff] = 1;
    return;
  }
  const minor = new Float64Array((n - 1) * (n - 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let p = 0;
      for (let r = 0; r < n; r++) {
        if (r === i) continue;
        for (let c = 0; c < n; c++) if (c !== j) minor[p++] = v[off + r * n + c];
      }
      const cof = ((i + j) % 2 ? -1 : 1) * luDet(luFactor(minor, 0, n - 1), n - 1);
      out[outOff + j * n + i] = cof;
    }
  }
}

function adjugateOf(x: Tensor): Tensor {
  const { n, count } = squareBatch("det", x);
  const v = x.values();
  const out = new Float64Array(v.length);
  for (let b = 0; b < count; b++) adjugate(v, b * n * n, n, out, b * n * n);
  return Tensor.fromData(out, x.shape.slice(), "float64").to(floatOf(x.dtype)).detach();
}

function isSingular(out: Tensor): boolean {
  return Array.from(out.values()).some((d) => d === 0);
}

export const detRow: OpRow<null> = {
  gradFn: "LinalgDetBackward0",
  forward: ([x]) => {
    const { n, count } = squareBatch("det", x);
    const dtype: DType = floatOf(x.dtype);
    const v = x.values();
    const out = allocate(dtype, count);
    for (let b = 0; b < count; b++) out[b] = n === 0 ? 1 : luDet(luFactor(v, b * n * n, n), n);
    return Tensor.fromData(out, x.shape.slice(0, -2), dtype);
  },
  // Jacobi: d|A| = tr(adj(A) dA) = |A| tr(A⁻¹ dA)
  jvp: ([dx], { inputs, out }) => sum(binary("mul", mT(adjOrDetInv(inputs[0]!, out!)), dx!), [-2, -1]),
  // ∂|A|/∂A = adj(A)ᵀ = |A| A⁻ᵀ. Non-singular: written with differentiable ops; singular:
  // the adjugate by cofactors (a constant, so no second derivative there)
  vjp: (ct, { inputs, out }) => [binary("mul", unsqueeze(unsqueeze(ct, -1), -1), mT(adjOrDetInv(inputs[0]!, out!)))],
  saves: [0, "out"],
  test: [{ shapes: [[3, 3]], params: null }, { shapes: [[2, 2, 2]], params: null }],
};

/** adj(A) = |A| A⁻¹, or the cofactor adjugate when A is singular. */
function adjOrDetInv(x: Tensor, det: Tensor): Tensor {
  if (isSingular(det)) return adjugateOf(x.detach());
  return binary("mul", unsqueeze(unsqueeze(det, -1), -1), inv(x));
}

/**
 * Matrix inverse (batched over leading dims); a singular matrix is an error.
 * @example
 * inv(tensor([[2, 0], [0, 4]])); // tensor([[0.5000, 0.0000], [0.0000, 0.2500]])
 */
export function inv(x: Tensor): Tensor {
  squareBatch("inverse", x);
  return apply(invRow, [x], null);
}

/**
 * Determinant (batched over leading dims). Its gradient is the transposed adjugate,
 * also at singular matrices.
 * @example
 * det(tensor([[1, 2], [3, 4]])); // tensor(-2.)
 */
export function det(x: Tensor): Tensor {
  squareBatch("det", x);
  return apply(detRow, [x], null);
}

/** log|det A| and the sign of det A. */
export function slogdet(x: Tensor): { sign: Tensor; logabsdet: Tensor } {
  const d = det(x);
  return { sign: d.sign(), logabsdet: d.abs().log() };
}
