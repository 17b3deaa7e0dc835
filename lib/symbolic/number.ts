/**
 * Exact rational arithmetic on safe integers, falling back to float64 when a result
 * would leave the safe range. Numbers in expressions are either exact (p/q) or floats.
 */

/** A number as the symbolic engine holds it: exact p/q (q > 0, lowest terms) or a float. */
export interface NumVal {
  readonly p: number;
  readonly q: number;
  /** p/q, or the float itself. */
  readonly value: number;
  readonly exact: boolean;
}

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function float(v: number): NumVal {
  return { p: v, q: 1, value: v, exact: false };
}

/** p/q in lowest terms, or a float when p or q is not a safe integer. */
export function rational(p: number, q = 1): NumVal {
  if (q === 0 || !Number.isSafeInteger(p) || !Number.isSafeInteger(q)) return float(p / q);
  if (q < 0) {
    p = -p;
    q = -q;
  }
  const g = gcd(p, q) || 1;
  p /= g;
  q /= g;
  return { p: p === 0 ? 0 : p, q, value: p / q, exact: true };
}

/** The exact rational of a finite decimal literal (0.125 -> 1/8), or a float. */
export function fromDecimal(text: string): NumVal {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const v = Number(text);
  if (!m) return float(v);
  const digits = (m[1] || "") + (m[2] || "");
  const exp = (m[3] ? parseInt(m[3], 10) : 0) - (m[2] || "").length;
  const stripped = digits.replace(/^0+/, "") || "0";
  let p = Number(stripped);
  if (!Number.isSafeInteger(p) || Math.abs(exp) > 22) return float(v);
  let q = 1;
  if (exp >= 0) p *= 10 ** exp;
  else q = 10 ** -exp;
  if (!Number.isSafeInteger(p) || !Number.isSafeInteger(q)) return float(v);
  return rational(p, q);
}

export function isInt(n: NumVal): boolean {
  return n.exact && n.q === 1;
}

export function add(a: NumVal, b: NumVal): NumVal {
  if (a.exact && b.exact) return rational(a.p * b.q + b.p * a.q, a.q * b.q);
  return float(a.value + b.value);
}

export function mul(a: NumVal, b: NumVal): NumVal {
  if (a.exact && b.exact) {
    const g1 = gcd(a.p, b.q) || 1;
    const g2 = gcd(b.p, a.q) || 1;
    return rational((a.p / g1) * (b.p / g2), (a.q / g2) * (b.q / g1));
  }
  return float(a.value * b.value);
}

export function neg(a: NumVal): NumVal {
  return a.exact ? rational(-a.p, a.q) : float(-a.value);
}

export function inv(a: NumVal): NumVal {
  return a.exact && a.p !== 0 ? rational(a.q, a.p) : float(1 / a.value);
}

/** The integer k-th root of n when it is exact, else null. */
function intRoot(n: number, k: number): number | null {
  if (n < 0) {
    if (k % 2 === 0) return null;
    const r = intRoot(-n, k);
    return r === null ? null : -r;
  }
  const r = Math.round(Math.pow(n, 1 / k));
  for (const c of [r - 1, r, r + 1]) if (c >= 0 && c ** k === n) return c;
  return null;
}

/**
 * a^b when it is an exact rational (or a float when either is a float); null when the
 * result is irrational or too large to hold exactly (the power stays symbolic then).
 */
export function pow(a: NumVal, b: NumVal): NumVal | null {
  if (!a.exact || !b.exact) return float(Math.pow(a.value, b.value));
  if (b.p === 0) return rational(1);
  if (a.p === 0) return b.p > 0 ? rational(0) : null;
  if (a.p === 1 && a.q === 1) return rational(1);
  // |a|^|b| must stay a safe integer in numerator and denominator
  const e = Math.abs(b.p);
  const bits = e * Math.max(Math.log2(Math.abs(a.p) || 1), Math.log2(a.q)) / b.q;
  if (bits > 52) return null;
  let p = a.p;
  let q = a.q;
  if (b.q !== 1) {
    const rp = intRoot(p, b.q);
    const rq = intRoot(q, b.q);
    if (rp === null || rq === null) return null;
    p = rp;
    q = rq;
  }
  const r = rational(p ** e, q ** e);
  return b.p < 0 ? inv(r) : r;
}

export function compare(a: NumVal, b: NumVal): number {
  if (a.exact && b.exact) return a.p * b.q - b.p * a.q;
  return a.value - b.value;
}

export function numToString(n: NumVal): string {
  if (!n.exact) {
    if (Number.isNaN(n.value)) return "nan";
    if (!Number.isFinite(n.value)) return n.value > 0 ? "inf" : "-inf";
    const s = String(n.value);
    // keep floats visibly floats (2.0, not 2), as SymPy does
    return /[.e]/.test(s) ? s : s + ".0";
  }
  return n.q === 1 ? String(n.p) : `${n.p}/${n.q}`;
}
