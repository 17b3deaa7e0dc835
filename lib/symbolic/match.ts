/**
 * Pattern matching for rewrite rules written in the parse grammar. Variables starting
 * with "_" are wildcards: `_u`, `_v` match any expression, `_n`, `_m` only numbers.
 * Sums and products match up to order (a pattern's terms match a sub-multiset of the
 * expression's; the rest is kept), and a sum pattern may match a common numeric multiple
 * (3 sin²u + 3 cos²u matches sin²u + cos²u with k = 3).
 */
import * as X from "./expr";
import type { Expr } from "./expr";
import * as Q from "./number";
import type { NumVal } from "./number";

export type Bindings = Map<string, Expr>;

function isWild(p: Expr): boolean {
  return p.kind === "sym" && p.name.startsWith("_");
}

function bind(p: Expr, e: Expr, b: Bindings): Bindings | null {
  if ((p.name.startsWith("_n") || p.name.startsWith("_m")) && e.kind !== "num") return null;
  const old = b.get(p.name);
  if (old) return old === e ? b : null;
  const nb = new Map(b);
  nb.set(p.name, e);
  return nb;
}

/** Match a pattern against an expression exactly (whole node); bindings or null. */
export function match(p: Expr, e: Expr, b: Bindings = new Map()): Bindings | null {
  if (isWild(p)) return bind(p, e, b);
  if (p === e && p.freeSymbols().every((s) => !s.startsWith("_"))) return b;
  if (p.kind === "mul" && p.args[0].kind === "num" && p.args.length === 2 && isWild(p.args[1])) {
    // k·_u matches any e with _u = e / k (so -_u matches -2x with _u = 2x)
    return bind(p.args[1], X.mulNum(Q.inv(p.args[0].num!), e), b);
  }
  if (p.kind !== e.kind || p.name !== e.name) return null;
  switch (p.kind) {
    case "num":
      return Q.compare(p.num!, e.num!) === 0 && p.num!.exact === e.num!.exact ? b : null;
    case "sym":
    case "const":
      return null;
    case "add": {
      const r = matchSum(p, e, b);
      return r && r.rest.length === 0 && Q.compare(r.k, Q.rational(1)) === 0 ? r.b : null;
    }
    case "mul": {
      const r = matchTerms(p.args, e.args, b);
      return r && r.rest.length === 0 ? r.b : null;
    }
    default: {
      if (p.args.length !== e.args.length) return null;
      let cur: Bindings | null = b;
      for (let i = 0; i < p.args.length && cur; i++) cur = match(p.args[i], e.args[i], cur);
      return cur;
    }
  }
}

/** Match each pattern term to a distinct expression term (backtracking); the rest is returned. */
export function matchTerms(ps: readonly Expr[], es: readonly Expr[], b: Bindings): { b: Bindings; rest: Expr[] } | null {
  // fixed parts first, wildcards last, so wildcards bind to what is left
  const sorted = [...ps].sort((a, c) => Number(isWild(a)) - Number(isWild(c)));
  const used = new Array(es.length).fill(false);
  const go = (i: number, cur: Bindings): Bindings | null => {
    if (i === sorted.length) return cur;
    for (let j = 0; j < es.length; j++) {
      if (used[j]) continue;
      const m = match(sorted[i], es[j], cur);
      if (!m) continue;
      used[j] = true;
      const r = go(i + 1, m);
      if (r) return r;
      used[j] = false;
    }
    return null;
  };
  const res = go(0, b);
  return res ? { b: res, rest: es.filter((_, j) => !used[j]) } : null;
}

/** Match a sum pattern against part of a sum, allowing one common numeric multiple k. */
export function matchSum(p: Expr, e: Expr, b: Bindings): { b: Bindings; rest: Expr[]; k: NumVal } | null {
  const es = e.kind === "add" ? e.args : [e];
  if (p.args.length > es.length) return null;
  // try k = 1 first, then k from each term's coefficient relative to the first pattern term
  const [pk] = X.splitCoef(p.args[0]);
  const ks: NumVal[] = [Q.rational(1)];
  for (const t of es) {
    const [tk] = X.splitCoef(t);
    const k = Q.mul(tk, Q.inv(pk));
    if (!ks.some((q) => Q.compare(q, k) === 0)) ks.push(k);
  }
  for (const k of ks) {
    const scaled = Q.compare(k, Q.rational(1)) === 0 ? es : es.map((t) => X.mulNum(Q.inv(k), t));
    const r = matchTerms(p.args, scaled, b);
    if (r) {
      const idx = r.rest.map((t) => scaled.indexOf(t));
      return { b: r.b, rest: idx.map((i) => es[i]), k };
    }
  }
  return null;
}

/** Instantiate a rule's right-hand side. */
export function instantiate(rhs: Expr, b: Bindings): Expr {
  const m = new Map<Expr, Expr>();
  for (const [k, v] of b) m.set(X.symbol(k), v);
  return rhs.subs(m);
}
