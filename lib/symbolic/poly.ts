/**
 * Univariate polynomials with exact rational coefficients (index = power), for cancelling
 * common factors of simple quotients ((x² − 1)/(x − 1) = x + 1) and for series work.
 */
import * as X from "./expr";
import type { Expr } from "./expr";
import * as Q from "./number";
import type { NumVal } from "./number";

export type Poly = NumVal[];

const ZERO = Q.rational(0);
const isZero = (c: NumVal) => c.value === 0;

function trim(p: Poly): Poly {
  let n = p.length;
  while (n > 0 && isZero(p[n - 1])) n--;
  return p.slice(0, n);
}

export function polyAdd(a: Poly, b: Poly): Poly {
  const out: Poly = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(Q.add(a[i] ?? ZERO, b[i] ?? ZERO));
  return trim(out);
}

export function polyMul(a: Poly, b: Poly): Poly {
  if (!a.length || !b.length) return [];
  const out: Poly = new Array(a.length + b.length - 1).fill(ZERO);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j] = Q.add(out[i + j], Q.mul(a[i], b[j]));
  return trim(out);
}

/** The coefficients of e as a polynomial in x (exact coefficients only), or null. */
export function toPoly(e: Expr, x: string, maxDegree = 64): Poly | null {
  switch (e.kind) {
    case "num":
      return e.num!.exact ? trim([e.num!]) : null;
    case "sym":
      return e.name === x ? [ZERO, Q.rational(1)] : null;
    case "add": {
      let acc: Poly = [];
      for (const t of e.args) {
        const p = toPoly(t, x, maxDegree);
        if (!p) return null;
        acc = polyAdd(acc, p);
      }
      return acc;
    }
    case "mul": {
      let acc: Poly = [Q.rational(1)];
      for (const f of e.args) {
        const p = toPoly(f, x, maxDegree);
        if (!p) return null;
        acc = polyMul(acc, p);
        if (acc.length - 1 > maxDegree) return null;
      }
      return acc;
    }
    case "pow": {
      const n = e.args[1];
      if (n.kind !== "num" || !Q.isInt(n.num!) || n.num!.p < 0) return null;
      const b = toPoly(e.args[0], x, maxDegree);
      if (!b || (b.length - 1) * n.num!.p > maxDegree) return null;
      let acc: Poly = [Q.rational(1)];
      for (let i = 0; i < n.num!.p; i++) acc = polyMul(acc, b);
      return acc;
    }
    default:
      return null;
  }
}

export function fromPoly(p: Poly, x: Expr): Expr {
  return X.add(...p.map((c, i) => X.mul(X.numOf(c), X.pow(x, X.num(i)))));
}

/** Quotient and remainder of a / b (b ≠ 0). */
export function polyDivMod(a: Poly, b: Poly): [Poly, Poly] {
  let r = trim(a);
  const db = b.length - 1;
  const lead = b[db];
  const q: Poly = new Array(Math.max(r.length - db, 0)).fill(ZERO);
  while (r.length - 1 >= db && r.length) {
    const k = r.length - 1 - db;
    const c = Q.mul(r[r.length - 1], Q.inv(lead));
    q[k] = c;
    const sub: Poly = new Array(k).fill(ZERO).concat(b.map((bi) => Q.neg(Q.mul(bi, c))));
    r = polyAdd(r, sub);
    if (r.some((v) => !v.exact)) return [q, r];
  }
  return [trim(q), r];
}

/** Monic greatest common divisor. */
export function polyGcd(a: Poly, b: Poly): Poly {
  a = trim(a);
  b = trim(b);
  for (let guard = 0; b.length; guard++) {
    const [, r] = polyDivMod(a, b);
    // coefficients too large to hold exactly, or no progress: give up (gcd 1)
    if (r.some((c) => !c.exact) || r.length >= b.length || guard > 200) return r.length === 0 ? b : [Q.rational(1)];
    a = b;
    b = r;
  }
  if (!a.length) return a;
  const lead = Q.inv(a[a.length - 1]);
  return a.map((c) => Q.mul(c, lead));
}

export function degree(p: Poly): number {
  return trim(p).length - 1;
}
