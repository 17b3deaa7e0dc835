/** Dense LU with partial pivoting (row-major n×n), for det and inverse. */

export interface LU {
  /** L (unit lower, below the diagonal) and U (on and above), packed. */
  lu: Float64Array;
  perm: Int32Array;
  /** +1 or -1: the sign of the row permutation. */
  sign: number;
  /** Index of the first zero pivot, or -1. */
  singularAt: number;
}

export function luFactor(a: ArrayLike<number>, off: number, n: number): LU {
  const lu = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) lu[i] = a[off + i];
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign = 1;
  let singularAt = -1;
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = Math.abs(lu[c * n + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(lu[r * n + c]);
      if (v > best) { best = v; p = r; }
    }
    if (p !== c) {
      for (let j = 0; j < n; j++) {
        const t = lu[c * n + j]; lu[c * n + j] = lu[p * n + j]; lu[p * n + j] = t;
      }
      const t = perm[c]; perm[c] = perm[p]; perm[p] = t;
      sign = -sign;
    }
    const piv = lu[c * n + c];
    if (piv === 0) {
      if (singularAt < 0) singularAt = c;
      continue;
    }
    for (let r = c + 1; r < n; r++) {
      const f = (lu[r * n + c] /= piv);
      if (f !== 0) for (let j = c + 1; j < n; j++) lu[r * n + j] -= f * lu[c * n + j];
    }
  }
  return { lu, perm, sign, singularAt };
}

export function luDet(f: LU, n: number): number {
  let d = f.sign;
  for (let i = 0; i < n; i++) d *= f.lu[i * n + i];
  return d;
}

/** Write A⁻¹ (row-major) into out[off..] from the LU factors; the matrix must be non-singular. */
export function luInverse(f: LU, n: number, out: { [i: number]: number }, off: number): void {
  const { lu, perm } = f;
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // solve A x = e_j: P A = L U, so L U x = P e_j
    for (let i = 0; i < n; i++) col[i] = perm[i] === j ? 1 : 0;
    for (let i = 0; i < n; i++) {
      let s = col[i];
      for (let k = 0; k < i; k++) s -= lu[i * n + k] * col[k];
      col[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = col[i];
      for (let k = i + 1; k < n; k++) s -= lu[i * n + k] * col[k];
      col[i] = s / lu[i * n + i];
    }
    for (let i = 0; i < n; i++) out[off + i * n + j] = col[i];
  }
}
