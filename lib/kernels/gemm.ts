/**
 * float64 matrix multiply in plain TypeScript: C = A·B. The reference path (and the
 * fallback when WebAssembly SIMD is missing): every element of C is one running sum over
 * k in order, the "reference order of summation" the fast kernels are tested against.
 * A and B are packed into 4-row and 2-column panels so the 4×2 micro-kernel keeps its
 * 8 accumulators in registers (V8 spills larger tiles).
 */

const MR = 4;
const NR = 2;

/** C[cOff..] = A[aOff..] · B[bOff..] (all row-major and contiguous). */
export function gemm(
  A: ArrayLike<number>, aOff: number, B: ArrayLike<number>, bOff: number,
  C: { [i: number]: number }, cOff: number, m: number, k: number, n: number,
): void {
  gemmStrided(A, aOff, k, 1, B, bOff, n, 1, C, cOff, m, k, n);
}

/**
 * C[cOff + i·n + j] = Σ_p A[aOff + i·rsA + p·csA] · B[bOff + p·rsB + j·csB]: a product of
 * strided views (a transposed operand is just swapped strides), C row-major m×n.
 */
export function gemmStrided(
  A: ArrayLike<number>, aOff: number, rsA: number, csA: number,
  B: ArrayLike<number>, bOff: number, rsB: number, csB: number,
  C: { [i: number]: number }, cOff: number, m: number, k: number, n: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    for (let i = 0; i < m * n; i++) C[cOff + i] = 0;
    return;
  }
  if (m * n * k <= 512) return gemmSmall(A, aOff, rsA, csA, B, bOff, rsB, csB, C, cOff, m, k, n);
  const mp = Math.ceil(m / MR);
  const np = Math.ceil(n / NR);
  const Ap = new Float64Array(mp * k * MR);
  for (let ip = 0; ip < mp; ip++) {
    for (let r = 0; r < MR; r++) {
      const i = ip * MR + r;
      if (i >= m) break;
      let src = aOff + i * rsA;
      let dst = ip * k * MR + r;
      for (let kk = 0; kk < k; kk++, dst += MR, src += csA) Ap[dst] = A[src];
    }
  }
  const Bp = new Float64Array(np * k * NR);
  for (let jp = 0; jp < np; jp++) {
    const j = jp * NR;
    const two = j + 1 < n;
    let dst = jp * k * NR;
    let src = bOff + j * csB;
    for (let kk = 0; kk < k; kk++, dst += NR, src += rsB) {
      Bp[dst] = B[src];
      Bp[dst + 1] = two ? B[src + csB] : 0;
    }
  }
  for (let ip = 0; ip < mp; ip++) {
    const i0 = ip * MR;
    const aBase = ip * k * MR;
    for (let jp = 0; jp < np; jp++) {
      const j0 = jp * NR;
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0;
      let pa = aBase;
      let pb = jp * k * NR;
      for (let kk = 0; kk < k; kk++, pa += MR, pb += NR) {
        const b0 = Bp[pb], b1 = Bp[pb + 1];
        const a0 = Ap[pa], a1 = Ap[pa + 1], a2 = Ap[pa + 2], a3 = Ap[pa + 3];
        c00 += a0 * b0; c01 += a0 * b1;
        c10 += a1 * b0; c11 += a1 * b1;
        c20 += a2 * b0; c21 += a2 * b1;
        c30 += a3 * b0; c31 += a3 * b1;
      }
      const two = j0 + 1 < n;
      const rows = Math.min(MR, m - i0);
      const base = cOff + i0 * n + j0;
      C[base] = c00; if (two) C[base + 1] = c01;
      if (rows > 1) { C[base + n] = c10; if (two) C[base + n + 1] = c11; }
      if (rows > 2) { C[base + 2 * n] = c20; if (two) C[base + 2 * n + 1] = c21; }
      if (rows > 3) { C[base + 3 * n] = c30; if (two) C[base + 3 * n + 1] = c31; }
    }
  }
}

/** The textbook triple loop for tiny products, where packing costs more than it saves. */
function gemmSmall(
  A: ArrayLike<number>, aOff: number, rsA: number, csA: number,
  B: ArrayLike<number>, bOff: number, rsB: number, csB: number,
  C: { [i: number]: number }, cOff: number, m: number, k: number, n: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let kk = 0; kk < k; kk++) s += A[aOff + i * rsA + kk * csA] * B[bOff + kk * rsB + j * csB];
      C[cOff + i * n + j] = s;
    }
  }
}
