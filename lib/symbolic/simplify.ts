/**
 * `sym.simplify` and `sym.expand`. Simplify works bottom-up: each node's children are
 * simplified, then the rewrite rules of rules.ts are applied, then the node is offered in
 * a few algebraic forms (common factors pulled out, fractions combined and cancelled,
 * products expanded) and the smallest is kept, as SymPy's simplify picks the shortest
 * candidate. Every step is an identity where the input is defined (tested numerically).
 */
import * as X from "./expr";
import type { Expr } from "./expr";
import * as Q from "./number";
import type { NumVal } from "./number";
import { rewriteRules, parity } from "./rules";
import type { CompiledRule } from "./rules";
import { match, matchSum, matchTerms, instantiate } from "./match";
import { toPoly, polyGcd, polyDivMod, fromPoly, degree } from "./poly";

// ------------------------------------------------------------------ rewrite rules

/** A cheap signature of a node, to skip rules that cannot match (no sin in the sum: no sin rule). */
function fingerprint(e: Expr): string {
  switch (e.kind) {
    case "fn":
    case "bin":
      return e.name;
    case "pow":
      return e.args[0].kind === "fn" ? "^" + e.args[0].name : e.args[0].kind === "add" ? "^+" : "^";
    default:
      return e.kind;
  }
}

interface Indexed {
  rule: CompiledRule;
  /** Fingerprints the expression's children (terms without coefficient) must include. */
  req: string[];
}

function requirements(l: Expr): string[] {
  if (l.kind === "add") return l.args.map((t) => X.splitCoef(t)[1]).filter((t) => !(t.kind === "sym" && t.name.startsWith("_")) && t.kind !== "num").map(fingerprint);
  if (l.kind === "mul") return l.args.filter((t) => !(t.kind === "sym" && t.name.startsWith("_")) && t.kind !== "num").map(fingerprint);
  if (l.kind === "fn" || l.kind === "bin") return [l.name];
  if (l.kind === "pow") return [fingerprint(l)];
  return [];
}

let byKind: Map<string, Indexed[]> | null = null;
function rulesFor(kind: string): readonly Indexed[] {
  if (!byKind) {
    byKind = new Map();
    for (const r of rewriteRules()) {
      const list = byKind.get(r.l.kind) ?? [];
      list.push({ rule: r, req: requirements(r.l) });
      byKind.set(r.l.kind, list);
    }
  }
  return byKind.get(kind) ?? [];
}

function present(e: Expr): Set<string> {
  if (e.kind === "add") return new Set(e.args.map((t) => fingerprint(X.splitCoef(t)[1])));
  if (e.kind === "mul") return new Set(e.args.map(fingerprint));
  return new Set([fingerprint(e)]);
}

/** One rule application at the root of e (the first rule that matches and does not grow e). */
export function rewriteOnce(e: Expr, trace?: (rule: CompiledRule, before: Expr, after: Expr) => void): Expr | null {
  const list = rulesFor(e.kind);
  if (!list.length) return null;
  let have: Set<string> | null = null;
  for (const { rule: r, req } of list) {
    if (req.length) {
      have ??= present(e);
      if (!req.every((f) => have!.has(f))) continue;
    }
    let out: Expr | null = null;
    if (e.kind === "add") {
      const m = matchSum(r.l, e, new Map());
      if (m) out = X.add(X.mulNum(m.k, instantiate(r.r, m.b)), ...m.rest);
    } else if (e.kind === "mul") {
      const m = matchTerms(r.l.args, e.args, new Map());
      if (m) out = X.mul(instantiate(r.r, m.b), ...m.rest);
    } else {
      const b = match(r.l, e);
      if (b) out = instantiate(r.r, b);
    }
    if (out && out !== e && out.size() <= e.size()) {
      trace?.(r, e, out);
      return out;
    }
  }
  return null;
}

/** Apply the rewrite rules bottom-up until nothing changes. */
export function applyRules(root: Expr, trace?: (rule: CompiledRule, before: Expr, after: Expr) => void): Expr {
  let cur = root;
  for (let pass = 0; pass < 6; pass++) {
    const next = X.mapBottomUp(cur, (e) => {
      let x = e;
      for (let i = 0; i < 4; i++) {
        const n = rewriteOnce(x, trace);
        if (!n) break;
        x = n;
      }
      return x;
    });
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

// ------------------------------------------------------------------ fractions

interface Parts {
  coef: NumVal;
  num: Expr[];
  den: Map<number, { base: Expr; exp: NumVal }>;
}

/** A term as coefficient · numerator factors / denominator powers (numeric exponents). */
function parts(t: Expr): Parts {
  const [coef, rest] = X.splitCoef(t);
  const factors = rest === X.ONE ? [] : rest.kind === "mul" ? rest.args : [rest];
  const num: Expr[] = [];
  const den = new Map<number, { base: Expr; exp: NumVal }>();
  for (const f of factors) {
    if (f.kind === "pow" && f.args[1].kind === "num" && f.args[1].num!.value < 0) den.set(f.args[0].id, { base: f.args[0], exp: Q.neg(f.args[1].num!) });
    else num.push(f);
  }
  return { coef, num, den };
}

/** Split into numerator and denominator: e = n / d. */
export function numerDenom(e: Expr): [Expr, Expr] {
  const p = parts(e);
  return [X.mul(X.numOf(p.coef), ...p.num), X.mul(...[...p.den.values()].map((d) => X.pow(d.base, X.numOf(d.exp))))];
}

/** a/b + c/d = (ad + cb)/(bd): one fraction over the least common denominator. */
export function together(e: Expr): Expr {
  if (e.kind !== "add") return e;
  const ps = e.args.map(parts);
  if (ps.every((p) => p.den.size === 0)) return e;
  const D = new Map<number, { base: Expr; exp: NumVal }>();
  for (const p of ps) {
    for (const [id, d] of p.den) {
      const cur = D.get(id);
      if (!cur || Q.compare(d.exp, cur.exp) > 0) D.set(id, d);
    }
  }
  const terms = ps.map((p) =>
    X.mul(X.numOf(p.coef), ...p.num, ...[...D.entries()].map(([id, d]) => X.pow(d.base, X.numOf(Q.add(d.exp, Q.neg(p.den.get(id)?.exp ?? Q.rational(0))))))),
  );
  return X.mul(X.add(...terms), ...[...D.values()].map((d) => X.pow(d.base, X.numOf(Q.neg(d.exp)))));
}

/** The factors of a term with numeric exponents: base id -> [base, exponent]. */
function powers(t: Expr): Map<number, [Expr, NumVal]> {
  const [, rest] = X.splitCoef(t);
  const out = new Map<number, [Expr, NumVal]>();
  const fs = rest === X.ONE ? [] : rest.kind === "mul" ? rest.args : [rest];
  for (const f of fs) {
    if (f.kind === "pow" && f.args[1].kind === "num") out.set(f.args[0].id, [f.args[0], f.args[1].num!]);
    else out.set(f.id, [f, Q.rational(1)]);
  }
  return out;
}

/** ab + ac = a(b + c): pull the factors common to every term out of a sum. */
export function factorTerms(e: Expr): Expr {
  if (e.kind !== "add") return e;
  const maps = e.args.map(powers);
  const common = new Map<number, [Expr, NumVal]>();
  for (const [id, [b, x]] of maps[0]) {
    let min = x;
    let all = true;
    for (const m of maps.slice(1)) {
      const y = m.get(id);
      if (!y) {
        all = false;
        break;
      }
      if (Q.compare(y[1], min) < 0) min = y[1];
    }
    if (all && min.value !== 0) common.set(id, [b, min]);
  }
  // the sign: -a - b = -(a + b)
  const negAll = e.args.every((t) => X.splitCoef(t)[0].value < 0);
  if (common.size === 0 && !negAll) return e;
  const out = [...common.values()].map(([b, x]) => X.pow(b, X.numOf(x)));
  const inv = out.map((f) => X.pow(f, X.MINUS_ONE));
  const k = negAll ? X.MINUS_ONE : X.ONE;
  const inner = X.add(...e.args.map((t) => X.mul(t, k, ...inv)));
  return X.mul(k, ...out, inner);
}

/** The numeric content and primitive part of a sum: 2x + 2 -> [2, x + 1], with a sign fixed canonically. */
function primitive(s: Expr): [NumVal, Expr] {
  const cs = s.args.map((t) => X.splitCoef(t)[0]);
  if (cs.some((c) => !c.exact)) return [Q.rational(1), s];
  let g = 0;
  let l = 1;
  for (const c of cs) {
    g = Q.gcd(g, c.p);
    l = (l / Q.gcd(l, c.q)) * c.q;
    if (!Number.isSafeInteger(l)) return [Q.rational(1), s];
  }
  let content = Q.rational(g, l);
  // the sign that leaves fewer non-numeric terms negative (a negative number costs no node,
  // −t does); on a tie the term of least hash gets a positive sign. Either way u − v and
  // v − u share a primitive part.
  const negTerms = (sign: number) => s.args.reduce((k, t, i) => k + (t.kind !== "num" && cs[i].value * sign < 0 ? 1 : 0), 0);
  const plus = negTerms(1);
  const minus = negTerms(-1);
  if (minus < plus || (minus === plus && cs[0].value < 0)) content = Q.neg(content);
  if (content.exact && content.p === 1 && content.q === 1) return [content, s];
  return [content, X.add(...s.args.map((t) => X.mulNum(Q.inv(content), t)))];
}

/**
 * Cancel common factors of a quotient: factor each sum, normalize its sign and content
 * (so (2x + 2)/(x + 1) = 2), and divide out a polynomial gcd when the quotient is a
 * rational function of one variable ((x² − 1)/(x − 1) = x + 1).
 */
export function cancel(e: Expr): Expr {
  if (e.kind === "add") e = together(e);
  if (e.kind !== "mul" && e.kind !== "pow") return e;
  const fs = e.kind === "mul" ? e.args : [e];
  let coef = Q.rational(1);
  const out: Expr[] = [];
  for (const f of fs) {
    if (f.kind === "num") {
      coef = Q.mul(coef, f.num!);
      continue;
    }
    const [b0, x] = f.kind === "pow" ? [f.args[0], f.args[1]] : [f, X.ONE];
    if (b0.kind === "add" && x.kind === "num" && Q.isInt(x.num!)) {
      const b = factorTerms(b0);
      const inner = b.kind === "mul" ? b.args : [b];
      for (const g of inner) {
        if (g.kind === "add") {
          const [c, p] = primitive(g);
          const cx = Q.pow(c, x.num!);
          if (!cx) {
            out.push(X.pow(g, x));
            continue;
          }
          coef = Q.mul(coef, cx);
          out.push(X.pow(p, x));
        } else out.push(X.pow(g, x));
      }
    } else out.push(f);
  }
  const r = X.mul(X.numOf(coef), ...out);
  return polyCancel(r);
}

/** True when e is built from one variable, numbers, + · and integer powers (a rational function). */
function rationalIn(e: Expr, v: string): boolean {
  const stack = [e];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === "num") {
      if (!n.num!.exact) return false;
    } else if (n.kind === "sym") {
      if (n.name !== v) return false;
    } else if (n.kind === "add" || n.kind === "mul") stack.push(...n.args);
    else if (n.kind === "pow" && n.args[1].kind === "num" && Q.isInt(n.args[1].num!)) stack.push(n.args[0]);
    else return false;
  }
  return true;
}

function polyCancel(e: Expr): Expr {
  const vars = e.freeSymbols();
  if (vars.length !== 1 || (e.kind !== "mul" && e.kind !== "pow") || !rationalIn(e, vars[0])) return e;
  const v = vars[0];
  const [n, d] = numerDenom(e);
  if (d === X.ONE) return e;
  let np = toPoly(n, v);
  if (!np) return e;
  const x = X.symbol(v);
  // divide the numerator by each denominator factor while it divides exactly
  const dFactors = (d.kind === "mul" ? d.args : [d]).map((f) => (f.kind === "pow" ? [f.args[0], f.args[1].num!.value] : [f, 1]) as [Expr, number]);
  let changed = false;
  const kept: Expr[] = [];
  for (const [base, k0] of dFactors) {
    let k = k0;
    const bp = toPoly(base, v);
    while (bp && degree(bp) >= 1 && k > 0 && Number.isInteger(k)) {
      const [q, r] = polyDivMod(np, bp);
      if (r.length || q.some((c) => !c.exact)) break;
      np = q;
      k--;
      changed = true;
    }
    kept.push(X.pow(base, X.num(k)));
  }
  let out: Expr;
  if (changed) out = X.div(fromPoly(np, x), X.mul(...kept));
  else {
    // one polynomial over another: divide out their gcd
    const dp = toPoly(d, v);
    if (!dp || degree(dp) < 1) return e;
    const g = polyGcd(np, dp);
    if (degree(g) < 1 || g.some((c) => !c.exact)) return e;
    out = X.div(fromPoly(polyDivMod(np, g)[0], x), fromPoly(polyDivMod(dp, g)[0], x));
  }
  const [on, od] = numerDenom(out);
  const alt = X.div(factorTerms(on), od);
  return alt.size() < out.size() ? alt : out;
}

// ------------------------------------------------------------------ expand

const MAX_TERMS = 4000;

function distribute(factors: readonly Expr[]): Expr | null {
  let acc: Expr[] = [X.ONE];
  for (const f of factors) {
    const terms = f.kind === "add" ? f.args : [f];
    if (acc.length * terms.length > MAX_TERMS) return null;
    const next: Expr[] = [];
    for (const a of acc) for (const t of terms) next.push(X.mul(a, t));
    acc = next;
  }
  return X.add(...acc);
}

/** Expand one node whose children are expanded. */
function expandNode(e: Expr): Expr {
  if (e.kind === "mul") {
    const hasSum = e.args.some((f) => f.kind === "add");
    if (!hasSum) return e;
    return distribute(e.args) ?? e;
  }
  if (e.kind === "pow" && e.args[0].kind === "add" && e.args[1].kind === "num" && Q.isInt(e.args[1].num!)) {
    const n = e.args[1].num!.p;
    if (Math.abs(n) > 64) return e;
    const reps = new Array(Math.abs(n)).fill(e.args[0]);
    const p = distribute(reps);
    if (!p) return e;
    return n > 0 ? p : X.pow(p, X.MINUS_ONE);
  }
  return e;
}

/**
 * Multiply out products and integer powers of sums, everywhere in the expression.
 * @example
 * sym.expand("(x + 1)^3").toString(); // "x^3 + 3*x^2 + 3*x + 1"
 */
export function expand(e: Expr | string): Expr {
  return X.mapBottomUp(X.toExpr(e), expandNode);
}

// ------------------------------------------------------------------ simplify

function sqrtToPow(e: Expr): Expr {
  return e.kind === "fn" && e.name === "sqrt" ? X.pow(e.args[0], X.HALF) : e;
}

function powToSqrt(e: Expr): Expr {
  if (e.kind === "pow" && e.args[1].kind === "num") {
    const x = e.args[1].num!;
    if (x.exact && x.q === 2 && x.p === 1) return X.fn("sqrt", e.args[0]);
    if (x.exact && x.q === 2 && x.p === -1) return X.pow(X.fn("sqrt", e.args[0]), X.MINUS_ONE);
  }
  return e;
}

/** How many nodes of the tree (counted with repeats, as size() counts) `count` scores. */
function tally(e: Expr, count: (x: Expr) => number): number {
  let n = 0;
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    n += count(x);
    for (const a of x.args) stack.push(a);
  }
  return n;
}

/** Powers u^(−1/2): each prints as 1/√u, one node more than √u. */
const inverseRoots = (e: Expr) => tally(e, (x) => (x.kind === "pow" && x.args[1].kind === "num" && x.args[1].num!.value === -0.5 ? 1 : 0));

/** Whether u leads with a minus: its coefficient, or for a sum that of its first term that is not a number. */
function leadsNegative(u: Expr): boolean {
  const lead = u.kind === "add" ? u.args.find((t) => t.kind !== "num") : u;
  return lead !== undefined && X.splitCoef(lead)[0].value < 0;
}

/** The smallest; on a tie, the one with fewer 1/√u (3√(x³)/(2x) before 3x²/(2√(x³))). */
function smallest(cands: Expr[]): Expr {
  let best = cands[0];
  for (const c of cands) if (c.size() < best.size() || (c !== best && c.size() === best.size() && inverseRoots(c) < inverseRoots(best))) best = c;
  return best;
}

const memo = new WeakMap<Expr, Expr>();

const hasNegPow = (f: Expr) => f.kind === "pow" && f.args[1].kind === "num" && f.args[1].num!.value < 0;
/** A term with a denominator: x/y, 1/(x + 1). */
const hasDen = (t: Expr) => hasNegPow(t) || (t.kind === "mul" && t.args.some(hasNegPow));
/** A product or power that expand would multiply out. */
const expandable = (t: Expr): boolean =>
  (t.kind === "mul" && t.args.some((f) => f.kind === "add" || (f.kind === "pow" && f.args[0].kind === "add"))) ||
  (t.kind === "pow" && t.args[0].kind === "add" && t.args[1].kind === "num" && Q.isInt(t.args[1].num!));

/** m = b^e for the largest e (m a positive safe integer): [b, e]. */
function perfectPower(m: number): [number, number] {
  for (let e = Math.floor(Math.log2(Math.max(m, 2))); e >= 2; e--) {
    const b = Math.round(Math.pow(m, 1 / e));
    if (b >= 2 && b ** e === m) return [b, e];
  }
  return [m, 1];
}

/** ln r = k·ln b for a rational r > 0, r ≠ 1, with b > 1 as small as possible: ln(1/4) = −2 ln 2. */
function logOfRational(r: NumVal): { b: NumVal; k: number } | null {
  if (!r.exact || r.value <= 0 || r.value === 1) return null;
  const [p, q] = r.value > 1 ? [r.p, r.q] : [r.q, r.p];
  const [bp, ep] = perfectPower(p);
  const [bq, eq] = q === 1 ? [1, ep] : perfectPower(q);
  // the common exponent: p = bp^ep, q = bq^eq, both powers of one base when gcd(ep, eq) > 1
  const g = Q.gcd(ep, eq);
  const b = Q.rational(bp ** (ep / g), bq ** (eq / g));
  return { b, k: r.value > 1 ? g : -g };
}

/**
 * Logarithms of numbers in one product, on a common base: ln 2 / ln 4 = 1/2, ln(1/2)/ln 2 = −1
 * (ln bᵏ = k ln b), so a change of base between numbers cancels.
 */
function logsOfNumbers(e: Expr): Expr | null {
  if (e.kind !== "mul") return null;
  const groups = new Map<string, { b: NumVal; n: NumVal; k: NumVal; count: number }>();
  const rest: Expr[] = [];
  for (const f of e.args) {
    const [l, n] = f.kind === "pow" && f.args[1].kind === "num" ? [f.args[0], f.args[1].num!] : [f, Q.rational(1)];
    const r = l.kind === "fn" && l.name === "log" && l.args[0].kind === "num" ? logOfRational(l.args[0].num!) : null;
    const kn = r && Q.pow(Q.rational(r.k), n);
    if (!r || !kn || !Q.isInt(n)) {
      rest.push(f);
      continue;
    }
    const key = `${r.b.p}/${r.b.q}`;
    const g = groups.get(key) ?? { b: r.b, n: Q.rational(0), k: Q.rational(1), count: 0 };
    g.n = Q.add(g.n, n);
    g.k = Q.mul(g.k, kn);
    g.count++;
    groups.set(key, g);
  }
  if (![...groups.values()].some((g) => g.count > 1)) return null;
  const out = [...groups.values()].flatMap((g) => [X.numOf(g.k), X.pow(X.fn("log", X.numOf(g.b)), X.numOf(g.n))]);
  return X.mul(...rest, ...out);
}

/**
 * Where a product's numbers go: k·a·(2u + 2v) may read smaller as 2k·a·(u + v) (the sums'
 * numeric content pulled into the coefficient) or as a·(2ku + 2kv) (the coefficient pushed
 * into one sum, which also absorbs a sign: −(4x + 1)·c = (−4x − 1)·c), and a sum under a
 * power may change sign with the coefficient: −1/(q − 1)³ = 1/(1 − q)³. All the forms, to
 * be judged by size; each is k·Π f rearranged, so the value never changes.
 */
function numberPlacements(e: Expr): Expr[] {
  if (e.kind !== "mul") return [];
  const [k, rest] = X.splitCoef(e);
  if (!k.exact) return [];
  const fs = rest.kind === "mul" ? rest.args : [rest];
  // the factors that can change sign: sums (their numeric content comes out too), bare or
  // under an integer power
  const items: { at: number; n: NumVal; keep: [NumVal, Expr]; flip: [NumVal, Expr] }[] = [];
  fs.forEach((f, at) => {
    const [b, x] = f.kind === "pow" && f.args[1].kind === "num" && Q.isInt(f.args[1].num!) ? [f.args[0], f.args[1].num!] : [f, Q.rational(1)];
    if (b.kind === "add") {
      const [c, p] = primitive(b);
      items.push({ at, n: x, keep: [c, p], flip: [Q.neg(c), X.neg(p)] });
    }
  });
  if (!items.length || items.length > 4) return [];
  const out: Expr[] = [];
  for (let signs = 0; signs < 1 << items.length; signs++) {
    let K: NumVal | null = k;
    const prims = fs.slice();
    items.forEach((it, i) => {
      const [c, p] = (signs >> i) & 1 ? it.flip : it.keep;
      const cn = Q.pow(c, it.n);
      if (!K || !cn) return void (K = null);
      K = Q.mul(K, cn);
      prims[it.at] = X.pow(p, X.numOf(it.n));
    });
    if (!K) continue;
    const coef: NumVal = K;
    out.push(X.mul(X.numOf(coef), ...prims));
    // the coefficient pushed into one bare sum
    for (const it of items) {
      const f = prims[it.at];
      if (f.kind !== "add") continue;
      out.push(X.mul(...prims.map((g, i) => (i === it.at ? X.mulNum(coef, f) : g)))); // (mulNum distributes over a sum)
    }
  }
  return out;
}

/** The minus signs a reader sees: negative coefficients, terms of sums and arguments (1/x² shows none). */
const minusSigns = (e: Expr) =>
  tally(e, (x) =>
    (x.kind === "mul" && x.args[0].kind === "num" && x.args[0].num!.value < 0 ? 1 : 0) +
    (x.kind === "add" || x.kind === "fn" ? x.args.filter((t) => t.kind === "num" && t.num!.value < 0).length : 0));

/**
 * The best placement of signs and numbers: the smallest, where each minus sign a reader sees
 * counts as one more node, then the fewest signs. So σ(1 − σ) wins over −σ(σ − 1) (one node
 * more, one sign fewer), and 1/(1 − q)³ over −1/(q − 1)³, as a reader writes them.
 */
function bestPlacement(cands: Expr[]): Expr {
  const key = (e: Expr) => {
    const m = minusSigns(e);
    return [e.size() + m, m];
  };
  let best = cands[0];
  let bk = key(best);
  for (const c of cands) {
    const ck = key(c);
    if (ck[0] < bk[0] || (ck[0] === bk[0] && ck[1] < bk[1])) {
      best = c;
      bk = ck;
    }
  }
  return best;
}

function simplifyNode(e: Expr): Expr {
  let cur = e;
  for (let i = 0; i < 4; i++) {
    const n = rewriteOnce(cur);
    if (!n) break;
    cur = n;
  }
  const cands: Expr[] = [cur];
  if (cur.kind === "add") {
    cands.push(factorTerms(cur));
    if (cur.args.some(hasDen)) {
      const c = cancel(together(cur));
      cands.push(c);
      const [n, d] = numerDenom(c);
      if (n.kind === "mul" || n.kind === "pow" ? expandable(n) : n.kind === "add" && n.args.some(expandable)) {
        if (n.size() < 80) cands.push(cancel(X.div(expand(n), d)));
      }
    }
    if (cur.size() < 60 && cur.args.some(expandable)) cands.push(expand(cur));
  } else if (cur.kind === "mul") {
    // cancel also moves a sum's numeric content into the coefficient: x(2a − 2y)/2 = x(a − y)
    if (cur.args.some((f) => f.kind === "add" || (f.kind === "pow" && f.args[0].kind === "add"))) cands.push(cancel(cur));
    const logs = logsOfNumbers(cur);
    if (logs) cands.push(logs);
    // t·√B = (t/B)·B^(3/2) = (t·B)/√B: a half power may absorb the factors it shares with t,
    // y/(x²√(y/x)) = √(y/x)/x (B^r = B·B^(r−1) where B^r is real)
    for (const f of cur.args) {
      if (f.kind !== "pow" || f.args[1].kind !== "num" || !f.args[1].num!.exact || f.args[1].num!.q !== 2) continue;
      const [B, r] = [f.args[0], f.args[1].num!];
      const others = cur.args.filter((g) => g !== f);
      cands.push(X.mul(...others, X.pow(B, X.MINUS_ONE), X.pow(B, X.numOf(Q.add(r, Q.rational(1))))));
      cands.push(X.mul(...others, B, X.pow(B, X.numOf(Q.add(r, Q.rational(-1))))));
    }
  } else if (cur.kind === "pow") {
    if (cur.args[0].kind === "add" && cur.args[1].kind === "num") cands.push(cancel(cur));
  } else if (cur.kind === "fn" && parity[cur.name] && cur.args.length === 1 && leadsNegative(cur.args[0])) {
    // f(−u) = ±f(u): the argument leads with a plus, as a reader writes it: cos(1 − x) = cos(x − 1),
    // sin(1 − 2x) = −sin(2x − 1)
    const f = X.fn(cur.name as X.FnName, X.neg(cur.args[0]));
    return parity[cur.name] === "even" ? f : X.neg(f);
  } else return cur;
  // each candidate is judged after the identities of rules.ts have had their turn, so a form
  // that is larger only until an identity fires wins: sin²u/cos²u + 1 = (sin²u + cos²u)/cos²u = 1/cos²u
  const rewritten = cands.map((c, i) => (i === 0 ? c : X.mapBottomUp(c, (x) => rewriteOnce(x) ?? x)));
  const best = smallest(rewritten);
  return bestPlacement([best, ...numberPlacements(best)]);
}

function simplifyTree(root: Expr): Expr {
  const go = (e: Expr): Expr => {
    const hit = memo.get(e);
    if (hit) return hit;
    let out: Expr;
    if (e.args.length === 0) out = e;
    else {
      const args = e.args.map(go);
      const rebuilt = args.every((a, i) => a === e.args[i]) ? e : X.make(e, args);
      out = simplifyNode(rebuilt);
      if (out !== rebuilt && out.kind === rebuilt.kind && out.size() < rebuilt.size()) out = simplifyNode(out);
    }
    memo.set(e, out);
    return out;
  };
  return go(root);
}

/**
 * Sums under integer powers (and bare sum factors) written with the sign they have where
 * every variable is 0: 1/(1 − q)³ rather than −1/(q − 1)³. A series converges around 0, so
 * this is the form a reader expects for its closed form; simplify alone picks the smaller.
 * @example
 * sym.positiveNearZero(sym.parse("-(q + 1)/(q - 1)^3")).toString(); // "(q + 1)/(1 - q)^3"
 */
export function positiveNearZero(root: Expr): Expr {
  const negAtZero = (b: Expr) => {
    const env: Record<string, number> = {};
    for (const v of b.freeSymbols()) env[v] = 0;
    return b.evaluate(env) < 0;
  };
  return X.mapBottomUp(root, (e) => {
    const fs = e.kind === "mul" ? e.args : e.kind === "pow" ? [e] : [];
    let sign = 1;
    let changed = false;
    const out = fs.map((f) => {
      const [b, n] = f.kind === "pow" ? [f.args[0], f.args[1]] : [f, X.ONE];
      if (b.kind !== "add" || n.kind !== "num" || !Q.isInt(n.num!) || !negAtZero(b)) return f;
      changed = true;
      if (n.num!.p % 2 !== 0) sign = -sign;
      return X.pow(X.neg(b), n);
    });
    if (!changed) return e;
    return sign < 0 ? X.mul(X.MINUS_ONE, ...out) : X.mul(...out);
  });
}

/**
 * A simpler equal expression: numbers folded, like terms and powers collected (always, by
 * the constructors), then identities from rules.ts, common factors pulled out, fractions
 * combined and cancelled; the smallest form found is returned. Never changes the value
 * where the input is defined.
 * @example
 * sym.simplify("sin(x)^2 + cos(x)^2").toString();   // "1"
 * sym.simplify("(x^2 - 1)/(x - 1)").toString();     // "x + 1"
 * sym.simplify("exp(-x)/(1 + exp(-x))^2").toString(); // "sigmoid(x)*(1 - sigmoid(x))"
 */
export function simplify(e: Expr | string): Expr {
  const root = X.toExpr(e);
  const pre = X.mapBottomUp(root, sqrtToPow);
  const s = applyRules(simplifyTree(pre));
  const out = X.mapBottomUp(s, powToSqrt);
  return out.size() <= root.size() ? out : root;
}
