/**
 * Simplification of matrix expressions. The rules are data: each row names the node it
 * rewrites and states its identity in one line. `simplify` applies them bottom-up until
 * nothing changes. Nothing is distributed, so factored forms (2*X'*(X*w - y)) survive;
 * transposes are pushed through products (Cookbook style AᵀBᵀ) and elsewhere only when
 * that removes transposes.
 */
import { unaryOps, UnaryName } from "../ops/unary";
import { binaryOps, BinaryName } from "../ops/binary";
import { MatExpr, Op } from "./expr";
import * as B from "./build";
import { factorsOf, isInvertible, isOne, isSymmetric, isZero, numValue, transposeOf } from "./props";

export interface Rule {
  /** The node this rule rewrites. */
  readonly on: Op;
  /** The identity, in one line. */
  readonly math: string;
  /** The rewritten node, or null when the rule does not apply. */
  readonly apply: (e: MatExpr) => MatExpr | null;
}

const arg = (e: MatExpr) => e.args[0];
const isT = (e: MatExpr) => e.op === "transpose";

/** Number of nodes (lower is simpler). */
function size(e: MatExpr): number {
  return 1 + e.args.reduce((s, a) => s + size(a), 0);
}

/** Number of transposes of non-symmetric sub-expressions (lower is simpler). */
function transposes(e: MatExpr): number {
  return (e.op === "transpose" ? 1 : 0) + e.args.reduce((s, a) => s + transposes(a), 0);
}

/** Split a term into its numeric coefficient and the rest. */
function coefOf(t: MatExpr): { c: number; rest: MatExpr } {
  if (t.op === "num") return { c: t.value, rest: B.num(1) };
  if (t.op !== "mul") return { c: 1, rest: t };
  let c = 1;
  const others: MatExpr[] = [];
  for (const f of t.args) {
    const v = f.op === "num" ? f.value : null;
    if (v !== null) c *= v;
    else others.push(f);
  }
  return { c, rest: others.length === 0 ? B.num(1) : others.length === 1 ? others[0] : B.mul(...others) };
}

function scaled(c: number, rest: MatExpr): MatExpr {
  if (c === 1) return rest;
  if (isOne(rest)) return B.num(c);
  return B.mul(B.num(c), rest);
}

/** Base and numeric exponent of a scalar factor (s = s^1). */
function powerOf(f: MatExpr): { base: MatExpr; p: number } {
  if (f.op === "binary" && f.name === "pow" && f.isScalar && f.args[1].op === "num") return { base: f.args[0], p: f.args[1].value };
  return { base: f, p: 1 };
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Rewrite the terms of a sum that share a first (side 0) or last (side 1) chain factor. */
function factorCommon(e: MatExpr, side: 0 | 1): MatExpr | null {
  const parts = e.args.map((t) => factorsOf(t));
  const groups = new Map<string, number[]>();
  parts.forEach((p, i) => {
    if (p.chain.length < 2) return;
    const k = p.chain[side === 0 ? 0 : p.chain.length - 1].key;
    groups.set(k, [...(groups.get(k) ?? []), i]);
  });
  for (const idx of groups.values()) {
    if (idx.length < 2) continue;
    const common = parts[idx[0]].chain[side === 0 ? 0 : parts[idx[0]].chain.length - 1];
    const inner = idx.map((i) => {
      const { scalars, chain } = parts[i];
      return B.mul(...scalars, ...(side === 0 ? chain.slice(1) : chain.slice(0, -1)));
    });
    const sum = B.add(...inner);
    const factored = side === 0 ? B.mul(common, sum) : B.mul(sum, common);
    const rest = e.args.filter((_, i) => !idx.includes(i));
    return rest.length ? B.add(factored, ...rest) : factored;
  }
  return null;
}

/** The rules, grouped by the node they rewrite. */
export const rules: readonly Rule[] = [
  // ---------------------------------------------------------------- transpose
  { on: "transpose", math: "(Xᵀ)ᵀ = X", apply: (e) => (isT(arg(e)) ? arg(arg(e)) : null) },
  { on: "transpose", math: "Sᵀ = S for symmetric S (scalars, I, declared symmetric, XᵀX, A + Aᵀ …)", apply: (e) => (isSymmetric(arg(e)) ? arg(e) : null) },
  { on: "transpose", math: "(AB)ᵀ = BᵀAᵀ", apply: (e) => (arg(e).op === "mul" ? B.mul(...[...arg(e).args].reverse().map(B.transpose)) : null) },
  { on: "transpose", math: "1ᵀ = 1 and 0ᵀ = 0 (of the transposed shape)", apply: (e) => (arg(e).op === "ones" ? B.ones(e.rows, e.cols) : arg(e).op === "zeros" ? B.zeros(e.rows, e.cols) : null) },
  {
    on: "transpose", math: "(A + B)ᵀ = Aᵀ + Bᵀ, (A ⊙ B)ᵀ = Aᵀ ⊙ Bᵀ, σ(A)ᵀ = σ(Aᵀ), when that removes transposes",
    apply: (e) => {
      const x = arg(e);
      if (x.op !== "add" && x.op !== "binary" && x.op !== "unary") return null;
      const pushed = simplify(B.rebuild(x, x.args.map((a) => (a.isScalar ? a : B.transpose(a)))));
      return transposes(pushed) < transposes(e) ? pushed : null;
    },
  },
  // ---------------------------------------------------------------- sums
  {
    on: "add", math: "A + 0 = A; numbers add up",
    apply: (e) => {
      const terms = e.args.filter((t) => !isZero(t));
      const nums = terms.filter((t) => t.op === "num");
      if (terms.length === e.args.length && nums.length < 2) return null;
      const rest = terms.filter((t) => t.op !== "num");
      const total = nums.reduce((s, t) => s + t.value, 0);
      const all = total !== 0 || rest.length === 0 ? [...rest, B.num(total)] : rest;
      if (all.length === 1 && all[0].op === "num" && !e.isScalar) return all[0].value === 0 ? B.zeroLike(e.shape) : B.mul(all[0], B.ones(e.rows, e.cols));
      return all.length === 1 ? all[0] : B.add(...all);
    },
  },
  {
    on: "add", math: "a·T + b·T = (a + b)·T (like terms)",
    apply: (e) => {
      const seen = new Map<string, { c: number; rest: MatExpr }>();
      const order: string[] = [];
      for (const t of e.args) {
        const { c, rest } = coefOf(t);
        const k = rest.key;
        const s = seen.get(k);
        if (s) s.c += c;
        else {
          seen.set(k, { c, rest });
          order.push(k);
        }
      }
      if (order.length === e.args.length) return null;
      const terms = order.map((k) => seen.get(k)!).filter((s) => s.c !== 0).map((s) => scaled(s.c, s.rest));
      return terms.length === 0 ? B.zeroLike(e.shape) : B.add(...terms);
    },
  },
  {
    on: "add", math: "s·P + s·Q = s·(P + Q) for a scalar factor s common to every term",
    apply: (e) => {
      const parts = e.args.map(factorsOf);
      const first = parts[0].scalars.filter((f) => f.op !== "num");
      for (const s of first) {
        if (!parts.every((p) => p.scalars.some((f) => f.key === s.key))) continue;
        const rest = parts.map((p) => {
          const i = p.scalars.findIndex((f) => f.key === s.key);
          return B.mul(...p.scalars.filter((_, j) => j !== i), ...p.chain);
        });
        return B.mul(s, B.add(...rest));
      }
      return null;
    },
  },
  {
    on: "add", math: "s·diag(a) + t·diag(b) = diag(s·a + t·b)",
    apply: (e) => {
      const parts = e.args.map(factorsOf);
      if (!parts.every((p) => p.chain.length === 1 && p.chain[0].op === "diag")) return null;
      return B.diag(B.add(...parts.map((p) => B.mul(...p.scalars, arg(p.chain[0])))));
    },
  },
  { on: "add", math: "P·Q + R·Q = (P + R)·Q (common right factor)", apply: (e) => factorCommon(e, 1) },
  { on: "add", math: "Q·P + Q·R = Q·(P + R) (common left factor)", apply: (e) => factorCommon(e, 0) },
  {
    on: "add", math: "−a + b = b − a (a sum starts with a positive term when it has one)",
    apply: (e) => {
      if (coefOf(e.args[0]).c >= 0) return null;
      const pos = e.args.findIndex((t) => coefOf(t).c > 0);
      return pos < 0 ? null : B.add(e.args[pos], ...e.args.filter((_, i) => i !== pos));
    },
  },
  {
    on: "add", math: "c·a + c·b = c·(a + b) for a common integer factor c > 1, or a common non-integer coefficient",
    apply: (e) => {
      const cs = e.args.map((t) => coefOf(t).c);
      let g = 0;
      if (cs.every((c) => Number.isInteger(c))) g = cs.reduce((a, c) => gcd(a, c), 0);
      else if (cs.every((c) => Math.abs(c) === Math.abs(cs[0]))) g = Math.abs(cs[0]);
      if (!(g > 1) && !(g > 0 && !Number.isInteger(g))) return null;
      return B.mul(B.num(g), B.add(...e.args.map((t) => {
        const { c, rest } = coefOf(t);
        return scaled(c / g, rest);
      })));
    },
  },
  // ---------------------------------------------------------------- products
  {
    on: "mul", math: "0·A = 0; numbers multiply and go first; 1·A = A",
    apply: (e) => {
      if (e.args.some(isZero)) return B.zeroLike(e.shape);
      let c = 1;
      const rest: MatExpr[] = [];
      for (const f of e.args) {
        const v = numValue(f);
        if (v !== null && f.isScalar) c *= v;
        else rest.push(f);
      }
      const next = c === 1 ? rest : [B.num(c), ...rest];
      if (next.length === e.args.length && (c === 1 || e.args[0].op === "num")) return null;
      return next.length === 0 ? B.num(1) : B.mul(...next);
    },
  },
  {
    on: "mul", math: "scalars commute: a·A·b = ab·A (scalar factors first)",
    apply: (e) => {
      const { scalars, chain } = factorsOf(e);
      if (!chain.length || !scalars.length) return null;
      const order = [...scalars, ...chain];
      return order.every((f, i) => f === e.args[i]) ? null : B.mul(...order);
    },
  },
  {
    on: "mul", math: "IA = AI = A",
    apply: (e) => {
      const { chain } = factorsOf(e);
      if (chain.length < 2 || !chain.some((f) => f.op === "eye")) return null;
      const kept = e.args.filter((f) => f.op !== "eye");
      return factorsOf(B.mul(...kept)).chain.length ? B.mul(...kept) : null;
    },
  },
  {
    on: "mul", math: "A A⁻¹ = A⁻¹ A = I",
    apply: (e) => {
      const fs = e.args;
      for (let i = 0; i + 1 < fs.length; i++) {
        const [a, b] = [fs[i], fs[i + 1]];
        const inverse = (x: MatExpr, y: MatExpr) => (x.op === "inv" && x.args[0].key === y.key) || (x.op === "transpose" && arg(x).op === "inv" && y.op === "transpose" && arg(arg(x)).key === arg(y).key);
        if (!a.isScalar && !b.isScalar && (inverse(a, b) || inverse(b, a))) return B.mul(...fs.slice(0, i), B.eye(a.rows), ...fs.slice(i + 2));
      }
      return null;
    },
  },
  {
    on: "mul", math: "diag(a)·diag(b) = diag(a ⊙ b)",
    apply: (e) => {
      const fs = e.args;
      for (let i = 0; i + 1 < fs.length; i++) {
        if (fs[i].op === "diag" && fs[i + 1].op === "diag") return B.mul(...fs.slice(0, i), B.diag(B.hadamard(arg(fs[i]), arg(fs[i + 1]))), ...fs.slice(i + 2));
      }
      return null;
    },
  },
  {
    on: "mul", math: "s^a · s^b = s^(a+b) for scalar factors",
    apply: (e) => {
      const { scalars, chain } = factorsOf(e);
      const byBase = new Map<string, { base: MatExpr; p: number; n: number }>();
      const order: string[] = [];
      for (const f of scalars) {
        if (f.op === "num") continue;
        const { base, p } = powerOf(f);
        const s = byBase.get(base.key);
        if (s) {
          s.p += p;
          s.n++;
        } else {
          byBase.set(base.key, { base, p, n: 1 });
          order.push(base.key);
        }
      }
      if ([...byBase.values()].every((s) => s.n === 1)) return null;
      const nums = scalars.filter((f) => f.op === "num");
      const merged = order.map((k) => byBase.get(k)!).filter((s) => s.p !== 0).map((s) => (s.p === 1 ? s.base : B.power(s.base, s.p)));
      return B.mul(...nums, ...merged, ...chain);
    },
  },
  {
    on: "mul", math: "adj(A)/det(A) = A⁻¹",
    apply: (e) => {
      const fs = e.args;
      for (let i = 0; i < fs.length; i++) {
        const { base, p } = powerOf(fs[i]);
        if (p !== -1 || base.op !== "det") continue;
        const A = base.args[0];
        const j = fs.findIndex((f) => (f.op === "adj" && f.args[0].key === A.key) || (isT(f) && arg(f).op === "adj" && arg(arg(f)).key === A.key));
        if (j < 0) continue;
        const repl = fs[j].op === "adj" ? B.inv(A) : B.transpose(B.inv(A));
        return B.mul(...fs.map((f, k) => (k === j ? repl : f)).filter((_, k) => k !== i));
      }
      return null;
    },
  },
  {
    on: "mul", math: "1ᵀx = xᵀ1 = sum(x) (also inside a longer product)",
    apply: (e) => {
      const fs = e.args;
      for (let i = 0; i + 1 < fs.length; i++) {
        const [a, b] = [fs[i], fs[i + 1]];
        let s: MatExpr | null = null;
        if (a.op === "ones" && a.rows === 1 && b.cols === 1 && !b.isScalar) s = B.sum(b);
        else if (b.op === "ones" && b.cols === 1 && isT(a) && a.rows === 1 && !a.isScalar) s = B.sum(arg(a));
        if (s) return B.mul(...fs.slice(0, i), s, ...fs.slice(i + 2));
      }
      return null;
    },
  },
  {
    on: "mul", math: "−(A − B)·C = (B − A)·C: a minus sign is absorbed by a two-term difference",
    apply: (e) => {
      const { scalars, chain } = factorsOf(e);
      const c = scalars.reduce((p, f) => p * (f.op === "num" ? f.value : 1), 1);
      if (c !== -1) return null;
      const j = e.args.findIndex((f) => f.op === "add" && f.args.length === 2 && f.args.filter((t) => coefOf(t).c < 0).length === 1);
      if (j < 0 || !chain.length) return null;
      const flipped = B.add(...e.args[j].args.map((t) => { const { c: k, rest } = coefOf(t); return scaled(-k, rest); }));
      const others = e.args.map((f, i) => (i === j ? flipped : f)).filter((f) => f.op !== "num");
      return B.mul(...others);
    },
  },
  {
    on: "mul", math: "(A + B)y = Ay + By and yᵀ(A + B) = yᵀA + yᵀB for a probability vector y, when 1ᵀy = 1 then shortens the product",
    apply: (e) => {
      const fs = e.args;
      const isProb = (f: MatExpr) => f.op === "sym" && !!f.props.probability;
      const isOnes = (f: MatExpr) => f.op === "ones" || (isT(f) && arg(f).op === "ones");
      const termsOf = (f: MatExpr): MatExpr[] | null => (f.op === "add" ? [...f.args] : isT(f) && arg(f).op === "add" ? arg(f).args.map(transposeOf) : null);
      // only where a term ends (or starts) with 1, so that 1ᵀy = 1 fires after spreading
      const touches = (terms: MatExpr[], side: 0 | 1) => terms.some((t) => {
        const { chain } = factorsOf(t);
        return chain.length > 0 && isOnes(chain[side === 0 ? 0 : chain.length - 1]);
      });
      for (let i = 0; i + 1 < fs.length; i++) {
        const [a, b] = [fs[i], fs[i + 1]];
        let spread: MatExpr | null = null;
        if (isProb(b)) {
          const terms = termsOf(a);
          if (terms && touches(terms, 1)) spread = B.add(...terms.map((t) => B.mul(t, b)));
        } else if (isT(a) && isProb(arg(a))) {
          const terms = termsOf(b);
          if (terms && touches(terms, 0)) spread = B.add(...terms.map((t) => B.mul(a, t)));
        }
        if (!spread) continue;
        const next = simplify(fs.length === 2 ? spread : B.mul(...fs.slice(0, i), spread, ...fs.slice(i + 2)));
        if (size(next) < size(e)) return next;
      }
      return null;
    },
  },
  // ---------------------------------------------------------------- elementwise
  {
    on: "binary", math: "1 ⊙ A = A, 0 ⊙ A = 0, A ⊘ 1 = A, 0 ⊘ A = 0",
    apply: (e) => {
      const [a, b] = e.args;
      if (e.name === "mul") {
        if (a.op === "ones") return b;
        if (b.op === "ones") return a;
        if (isZero(a) || isZero(b)) return B.zeroLike(e.shape);
      }
      if (e.name === "div") {
        if (b.op === "ones") return a;
        if (isZero(a)) return B.zeroLike(e.shape);
      }
      return null;
    },
  },
  {
    on: "binary", math: "(sA) ⊙ B = s(A ⊙ B) for a scalar s",
    apply: (e) => {
      if (e.name !== "mul" && e.name !== "div") return null;
      const [a, b] = e.args;
      const fa = factorsOf(a), fb = e.name === "mul" ? factorsOf(b) : { scalars: [], chain: [b] };
      if (!fa.scalars.length && !fb.scalars.length) return null;
      if (!fa.chain.length || !fb.chain.length) return null;
      return B.mul(...fa.scalars, ...fb.scalars, B.binary(e.name as BinaryName, B.mul(...fa.chain), B.mul(...fb.chain)));
    },
  },
  {
    on: "binary", math: "A ⊙ (1 ⊘ B) = A ⊘ B",
    apply: (e) => {
      if (e.name !== "mul") return null;
      const [a, b] = e.args;
      const recip = (x: MatExpr) => x.op === "binary" && x.name === "div" && isOne(x.args[0]);
      if (recip(b)) return B.div(a, b.args[1]);
      if (recip(a)) return B.div(b, a.args[1]);
      return null;
    },
  },
  { on: "binary", math: "A ⊙ A = A.^2", apply: (e) => (e.name === "mul" && e.args[0].key === e.args[1].key ? B.binary("pow", e.args[0], 2) : null) },
  {
    on: "binary", math: "sqrt(a).^2 = a (where sqrt is defined)",
    apply: (e) => (e.name === "pow" && e.args[1].op === "num" && e.args[1].value === 2 && e.args[0].op === "unary" && e.args[0].name === "sqrt" ? arg(e.args[0]) : null),
  },
  {
    on: "binary", math: "A ⊙ B = B ⊙ A (operands in a canonical order)",
    apply: (e) => (e.name === "mul" && e.args[0].key > e.args[1].key ? B.binary("mul", e.args[1], e.args[0]) : null),
  },
  {
    on: "binary", math: "constants fold: 2^3 = 8, 3 > 2 = 1",
    apply: (e) => {
      const [a, b] = e.args;
      if (a.op !== "num" || b.op !== "num") return null;
      const v = binaryOps[e.name as BinaryName].forward(a.value, b.value);
      return Number.isFinite(v) ? B.num(v) : null;
    },
  },
  {
    on: "binary", math: "a^1 = a, a^0 = 1, 1^p = 1",
    apply: (e) => {
      if (e.name !== "pow") return null;
      const [a, b] = e.args;
      if (b.op === "num" && b.value === 1) return a;
      if (b.op === "num" && b.value === 0) return e.isScalar ? B.num(1) : B.ones(e.rows, e.cols);
      if (isOne(a) || a.op === "ones") return a.isScalar && !e.isScalar ? B.ones(e.rows, e.cols) : a;
      return null;
    },
  },
  {
    on: "binary", math: "(a^b)^c = a^(bc) for scalars, c an integer",
    apply: (e) => {
      if (e.name !== "pow" || !e.isScalar) return null;
      const [a, c] = e.args;
      if (c.op !== "num" || !Number.isInteger(c.value)) return null;
      const { base, p } = powerOf(a);
      return a.op === "binary" && a.name === "pow" && a.args[1].op === "num" ? B.power(base, p * c.value) : null;
    },
  },
  {
    on: "unary", math: "constants fold: exp(0) = 1",
    apply: (e) => {
      const a = arg(e);
      if (a.op !== "num") return null;
      const v = unaryOps[e.name as UnaryName].forward(a.value);
      return Number.isInteger(v) ? B.num(v) : null; // only exact results: exp(1) stays exp(1)
    },
  },
  { on: "unary", math: "log(exp(a)) = a", apply: (e) => (e.name === "log" && arg(e).op === "unary" && arg(e).name === "exp" ? arg(arg(e)) : null) },
  { on: "unary", math: "exp(log(a)) = a (where log a is defined)", apply: (e) => (e.name === "exp" && arg(e).op === "unary" && arg(e).name === "log" ? arg(arg(e)) : null) },
  // ---------------------------------------------------------------- structural functions
  { on: "inv", math: "(A⁻¹)⁻¹ = A", apply: (e) => (arg(e).op === "inv" ? arg(arg(e)) : null) },
  { on: "inv", math: "(Aᵀ)⁻¹ = (A⁻¹)ᵀ", apply: (e) => (isT(arg(e)) ? B.transpose(B.inv(arg(arg(e)))) : null) },
  { on: "inv", math: "I⁻¹ = I", apply: (e) => (arg(e).op === "eye" ? arg(e) : null) },
  { on: "inv", math: "a⁻¹ = 1/a for a scalar", apply: (e) => (e.isScalar ? B.power(arg(e), -1) : null) },
  {
    on: "inv", math: "(cAB)⁻¹ = c⁻¹B⁻¹A⁻¹ for a scalar c and square A, B (AB invertible ⇔ A and B are)",
    apply: (e) => {
      if (arg(e).op !== "mul") return null;
      const { scalars, chain } = factorsOf(arg(e));
      if (!chain.every((f) => f.rows === f.cols)) return null;
      return B.mul(...scalars.map((s) => B.power(s, -1)), ...[...chain].reverse().map((f) => B.inv(f)));
    },
  },
  { on: "det", math: "det(a) = a for a scalar", apply: (e) => (arg(e).isScalar ? arg(e) : null) },
  { on: "det", math: "det(Aᵀ) = det(A)", apply: (e) => (isT(arg(e)) ? B.det(arg(arg(e))) : null) },
  { on: "det", math: "det(I) = 1", apply: (e) => (arg(e).op === "eye" ? B.num(1) : null) },
  { on: "det", math: "det(A⁻¹) = det(A)⁻¹", apply: (e) => (arg(e).op === "inv" ? B.power(B.det(arg(arg(e))), -1) : null) },
  { on: "logdet", math: "log|Aᵀ| = log|A|", apply: (e) => (isT(arg(e)) ? B.logdet(arg(arg(e))) : null) },
  { on: "logdet", math: "log|I| = 0", apply: (e) => (arg(e).op === "eye" ? B.num(0) : null) },
  { on: "logdet", math: "log|A⁻¹| = −log|A|", apply: (e) => (arg(e).op === "inv" ? B.neg(B.logdet(arg(arg(e)))) : null) },
  { on: "logdet", math: "log|a| for a scalar", apply: (e) => (arg(e).isScalar ? B.unary("log", B.unary("abs", arg(e))) : null) },
  { on: "tr", math: "tr(a) = a for a scalar", apply: (e) => (arg(e).isScalar ? arg(e) : null) },
  { on: "tr", math: "tr(Aᵀ) = tr(A)", apply: (e) => (isT(arg(e)) ? B.tr(arg(arg(e))) : null) },
  { on: "tr", math: "tr(I_n) = n", apply: (e) => (arg(e).op === "eye" && typeof e.args[0].rows === "number" ? B.num(e.args[0].rows) : null) },
  {
    on: "tr", math: "tr(sA) = s·tr(A) for scalars s",
    apply: (e) => {
      const { scalars, chain } = factorsOf(arg(e));
      return scalars.length && chain.length ? B.mul(...scalars, B.tr(B.mul(...chain))) : null;
    },
  },
  { on: "sum", math: "sum(a) = a for a scalar", apply: (e) => (arg(e).isScalar ? arg(e) : null) },
  { on: "sum", math: "sum(Aᵀ) = sum(A)", apply: (e) => (isT(arg(e)) ? B.sum(arg(arg(e))) : null) },
  {
    on: "sum", math: "sum(1_{m×n}) = mn",
    apply: (e) => (arg(e).op === "ones" && typeof arg(e).rows === "number" && typeof arg(e).cols === "number" ? B.num((arg(e).rows as number) * (arg(e).cols as number)) : null),
  },
  { on: "sum", math: "sum(y) = 1 for a probability vector y", apply: (e) => (arg(e).op === "sym" && arg(e).props.probability ? B.num(1) : null) },
  {
    on: "sum", math: "sum(sA) = s·sum(A) for scalars s",
    apply: (e) => {
      const { scalars, chain } = factorsOf(arg(e));
      return scalars.length && chain.length ? B.mul(...scalars, B.sum(B.mul(...chain))) : null;
    },
  },
  { on: "adj", math: "adj(I) = I", apply: (e) => (arg(e).op === "eye" ? arg(e) : null) },
  { on: "adj", math: "adj(A) = det(A)·A⁻¹ for invertible A", apply: (e) => (isInvertible(arg(e)) ? B.mul(B.det(arg(e)), B.inv(arg(e))) : null) },
  { on: "diag", math: "diag(1) = I", apply: (e) => (arg(e).op === "ones" ? B.eye(e.rows) : null) },
  { on: "norm2", math: "‖Aᵀ‖ = ‖A‖", apply: (e) => (isT(arg(e)) ? B.norm2(arg(arg(e))) : null) },
  { on: "norm1", math: "‖Aᵀ‖₁ = ‖A‖₁", apply: (e) => (isT(arg(e)) ? B.norm1(arg(arg(e))) : null) },
  { on: "ones", math: "a 1×1 ones is the number 1", apply: (e) => (e.isScalar ? B.num(1) : null) },
  { on: "eye", math: "I₁ = 1", apply: (e) => (e.isScalar ? B.num(1) : null) },
  { on: "zeros", math: "a 1×1 zero is the number 0", apply: (e) => (e.isScalar ? B.num(0) : null) },
];

const byOp = new Map<Op, Rule[]>();
for (const r of rules) byOp.set(r.on, [...(byOp.get(r.on) ?? []), r]);

let cache = new Map<string, MatExpr>();
let depth = 0;

function step(e: MatExpr): MatExpr {
  const hit = cache.get(e.key);
  if (hit) return hit;
  let cur = e;
  for (let guard = 0; guard < 200; guard++) {
    // children first
    if (cur.args.length && cur.op !== "diff") {
      const args = cur.args.map(step);
      if (args.some((a, i) => a !== cur.args[i])) cur = B.rebuild(cur, args);
    }
    let next: MatExpr | null = null;
    for (const r of byOp.get(cur.op) ?? []) {
      next = r.apply(cur);
      if (next) break;
    }
    if (!next || next.key === cur.key) break;
    cur = next;
  }
  cache.set(e.key, cur);
  cache.set(cur.key, cur);
  return cur;
}

/**
 * Simplify an expression by the rules (to a fixed point).
 * @example
 * mat.simplify(mat.parse("(b*a')'", "a:3,b:4")).toString(); // "a*b'"
 */
export function simplify(e: MatExpr): MatExpr {
  if (depth === 0) cache = new Map();
  depth++;
  try {
    return step(e);
  } finally {
    depth--;
  }
}
