/**
 * Immutable, hash-consed expression trees. Structurally equal expressions are one
 * object (so `a === b` is equality, and a derivative shares every repeated subtree),
 * and every constructor returns the canonical form, as SymPy's automatic evaluation:
 * sums and products are flattened, numbers folded, like terms and powers of one base
 * collected, and children kept in one canonical order.
 */
import type { UnaryName } from "../ops/unary";
import type { BinaryName } from "../ops/binary";
import { unaryOps } from "../ops/unary";
import { binaryOps } from "../ops/binary";
import * as Q from "./number";
import type { NumVal } from "./number";

/** The kinds of node. Subtraction is a sum with a −1 coefficient, division a power −1. */
export type Kind = "num" | "sym" | "const" | "add" | "mul" | "pow" | "fn" | "bin" | "where" | "integral";

/** A function node's op: a unary row of the op table (lib/ops/unary.ts) other than neg. */
export type FnName = Exclude<UnaryName, "neg">;
/** A two-argument node's op: maximum, minimum or a comparison (an Iverson bracket, 0 or 1). */
export type BinName = Exclude<BinaryName, "add" | "sub" | "mul" | "div" | "pow">;

/** Anything the constructors accept: an expression, a number, or a variable name. */
export type ExprLike = Expr | number | string;

let nextId = 1;

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * A symbolic expression. Build them with `sym.parse`, `sym.symbol` or the arithmetic
 * methods; they are immutable and structurally shared (`a === b` iff equal).
 * @example
 * import { sym } from "gradlab";
 * const f = sym.parse("x^2 sin(x)");
 * f.diff("x").toString(); // "2*x*sin(x) + x^2*cos(x)"
 */
export class Expr {
  /** @internal */ _free: readonly string[] | undefined = undefined;
  /** @internal */ _rest: Expr | undefined = undefined;
  /** @internal */ _size = -1;
  /** @internal */ _fn: ((...args: number[]) => number) | undefined = undefined;
  /** @internal */ _simple: Expr | undefined = undefined;

  /** @internal Use the constructors (sym.parse, sym.symbol, add, mul…): nodes are interned. */
  constructor(
    readonly kind: Kind,
    /** Children: terms of a sum, factors of a product, [base, exponent], [argument]… */
    readonly args: readonly Expr[],
    /** A symbol's or constant's name, or a function's op name; "" otherwise. */
    readonly name: string,
    /** The value of a number node (null for other kinds). */
    readonly num: NumVal | null,
    /** Unique per live node. */
    readonly id: number,
    /** A structural hash, the same in every run (orders children canonically). */
    readonly hash: number,
  ) {}

  /** Re-parseable text, e.g. `2*x*sin(x) + x^2*cos(x)`. */
  toString(): string {
    return P().toText(this);
  }

  /** LaTeX (no surrounding `$`), using each op-table row's LaTeX. */
  toLatex(): string {
    return P().toLatex(this);
  }

  /**
   * The value at a point (a variable absent from `env` is an error naming it).
   * @example
   * sym.parse("x^2 + y").evaluate({ x: 1.5, y: 1 }); // 3.25
   */
  evaluate(env: Record<string, number> = {}): number {
    return E().evaluate(this, env);
  }

  /** Replace symbols (or subexpressions) and re-canonicalize. */
  subs(map: Record<string, ExprLike> | Map<Expr, ExprLike>): Expr {
    return E().subs(this, map);
  }

  /** The derivative (see `sym.diff`). */
  diff(x: string | Expr, n = 1): Expr {
    return D().diff(this, x, n);
  }

  /** See `sym.simplify`. */
  simplify(): Expr {
    return S().simplify(this);
  }

  /** See `sym.expand`. */
  expand(): Expr {
    return S().expand(this);
  }

  /** The free variables, sorted by name (pi and e are constants, not variables). */
  freeSymbols(): readonly string[] {
    return freeSymbols(this);
  }

  /** True when the variable occurs free in this expression. */
  has(x: string): boolean {
    return freeSymbols(this).includes(x);
  }

  /** Node count of the tree as printed (repeated subtrees counted each time). */
  size(): number {
    return treeSize(this);
  }

  /** Number of distinct nodes (the DAG that hash-consing stores). */
  dagSize(): number {
    const seen = new Set<number>();
    const stack: Expr[] = [this];
    while (stack.length) {
      const e = stack.pop()!;
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      for (const a of e.args) stack.push(a);
    }
    return seen.size;
  }

  /** Structural equality (the same as `===`, since nodes are interned). */
  equals(other: ExprLike): boolean {
    return this === toExpr(other);
  }

  /** True for a number node. */
  isNumber(): boolean {
    return this.kind === "num";
  }

  add(b: ExprLike): Expr {
    return add(this, toExpr(b));
  }
  sub(b: ExprLike): Expr {
    return sub(this, toExpr(b));
  }
  mul(b: ExprLike): Expr {
    return mul(this, toExpr(b));
  }
  div(b: ExprLike): Expr {
    return div(this, toExpr(b));
  }
  pow(b: ExprLike): Expr {
    return pow(this, toExpr(b));
  }
  neg(): Expr {
    return mul(MINUS_ONE, this);
  }

  /** Rich display in the gradlab kernel: LaTeX plus plain text. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/latex": `$${this.toLatex()}$`, "text/plain": this.toString() };
  }

  /** Node's util.inspect shows the text form. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Expr(${this.toString()})`;
  }
}

// Late-bound modules (they import this one).
/* eslint-disable @typescript-eslint/no-var-requires */
const P = (): typeof import("./print") => require("./print");
const E = (): typeof import("./evaluate") => require("./evaluate");
const D = (): typeof import("./diff") => require("./diff");
const S = (): typeof import("./simplify") => require("./simplify");

function numKey(n: NumVal): string {
  return n.exact ? `${n.p}/${n.q}` : `f${n.value}`;
}

/** Hash-consing table: structural hash -> live nodes with that hash (weakly held). */
const buckets = new Map<number, WeakRef<Expr> | WeakRef<Expr>[]>();
const finalizer = new FinalizationRegistry<number>((h) => {
  const b = buckets.get(h);
  if (!b) return;
  if (!Array.isArray(b)) {
    if (b.deref() === undefined) buckets.delete(h);
    return;
  }
  const live = b.filter((r) => r.deref() !== undefined);
  if (live.length === 0) buckets.delete(h);
  else buckets.set(h, live.length === 1 ? live[0] : live);
});
let liveCount = 0;

function sameNode(e: Expr, kind: Kind, name: string, num: NumVal | null, args: readonly Expr[]): boolean {
  if (e.kind !== kind || e.name !== name || e.args.length !== args.length) return false;
  for (let i = 0; i < args.length; i++) if (e.args[i] !== args[i]) return false;
  if (num) return e.num!.exact === num.exact && (num.exact ? e.num!.p === num.p && e.num!.q === num.q : Object.is(e.num!.value, num.value));
  return true;
}

const headHash = new Map<string, number>();
function headOf(kind: Kind, name: string): number {
  const k = kind + "|" + name;
  let h = headHash.get(k);
  if (h === undefined) headHash.set(k, (h = hashString(k)));
  return h;
}

function intern(kind: Kind, name: string, num: NumVal | null, args: readonly Expr[]): Expr {
  let h = num ? hashString(numKey(num)) : headOf(kind, name);
  for (const a of args) h = mix(h, a.hash);
  const b = buckets.get(h);
  if (b) {
    if (Array.isArray(b)) {
      for (const r of b) {
        const e = r.deref();
        if (e && sameNode(e, kind, name, num, args)) return e;
      }
    } else {
      const e = b.deref();
      if (e && sameNode(e, kind, name, num, args)) return e;
    }
  }
  const e = new Expr(kind, args, name, num, nextId++, h);
  const ref = new WeakRef(e);
  if (!b) buckets.set(h, ref);
  else if (Array.isArray(b)) b.push(ref);
  else buckets.set(h, [b, ref]);
  finalizer.register(e, h);
  liveCount++;
  return e;
}

/** Canonical order of children: by structural hash, then by id (for the rare collision). */
function byHash(a: Expr, b: Expr): number {
  return a.hash - b.hash || a.id - b.id;
}

// ------------------------------------------------------------------ atoms

const small: Expr[] = [];
/** A number node (exact when `v` is an integer or a given p/q, else a float). */
export function numOf(v: NumVal): Expr {
  if (v.exact && v.q === 1 && v.p >= -2 && v.p <= 10) {
    const i = v.p + 2;
    return small[i] ?? (small[i] = intern("num", "", v, []));
  }
  return intern("num", "", v, []);
}

/** A number: integers (and p/q) stay exact; other values are floats. */
export function num(v: number, q?: number): Expr {
  if (q !== undefined) return numOf(Q.rational(v, q));
  return numOf(Number.isSafeInteger(v) ? Q.rational(v) : Q.float(v));
}

export const ZERO = num(0);
export const ONE = num(1);
export const MINUS_ONE = num(-1);
export const TWO = num(2);
export const HALF = num(1, 2);
/** π and Euler's number e. */
export const PI = intern("const", "pi", null, []);
export const EULER = intern("const", "e", null, []);

/** A variable. */
export function symbol(name: string): Expr {
  if (name === "pi") return PI;
  if (name === "e") return EULER;
  if (!/^[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff']*$/.test(name)) {
    throw new Error(`symbol: '${name}' is not a valid variable name (letters, digits, _; starting with a letter)`);
  }
  return intern("sym", name, null, []);
}

/** Numbers become number nodes, strings are parsed (`"x"` is the variable x). */
export function toExpr(v: ExprLike): Expr {
  if (v instanceof Expr) return v;
  if (typeof v === "number") return num(v);
  if (typeof v === "string") return /^[A-Za-z_]\w*$/.test(v) ? symbol(v) : require("./parse").parse(v);
  throw new TypeError(`expected an expression, a number or a string, got ${typeof v}`);
}

// ------------------------------------------------------------------ sums

/** Split a term into its numeric coefficient and the rest: 3·x·y -> [3, x·y]. */
export function splitCoef(t: Expr): [NumVal, Expr] {
  if (t.kind === "num") return [t.num!, ONE];
  if (t.kind === "mul" && t.args[0].kind === "num") {
    let rest = t._rest;
    if (!rest) rest = t._rest = t.args.length === 2 ? t.args[1] : intern("mul", "", null, t.args.slice(1));
    return [t.args[0].num!, rest];
  }
  return [Q.rational(1), t];
}

/** k · t for a number k, in canonical form. */
function scaled(k: NumVal, t: Expr): Expr {
  if (k.exact && k.p === 1 && k.q === 1) return t;
  if (t === ONE) return numOf(k);
  if (t.kind === "mul") return intern("mul", "", null, [numOf(k), ...t.args]);
  if (t.kind === "add") return add(...t.args.map((a) => mulNum(k, a)));
  return intern("mul", "", null, [numOf(k), t]);
}

/** k · t for a number k. */
export function mulNum(k: NumVal, t: Expr): Expr {
  const [c, rest] = splitCoef(t);
  const kc = Q.mul(k, c);
  if (kc.value === 0) return ZERO; // 0·u = 0 (also for a float 0, as SymPy)
  return scaled(kc, rest);
}

/** x + 0 = x; numbers are added; like terms are collected (2x + 3x = 5x). */
export function add(...xs: Expr[]): Expr {
  if (xs.length === 1) return xs[0];
  if (xs.length === 2) {
    if (xs[0] === ZERO) return xs[1];
    if (xs[1] === ZERO) return xs[0];
  }
  let c: NumVal = Q.rational(0);
  const terms = new Map<number, { rest: Expr; k: NumVal }>();
  // children of a canonical sum are never sums, so one level of flattening suffices
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const list = x.kind === "add" ? x.args : null;
    const n = list ? list.length : 1;
    for (let j = 0; j < n; j++) {
      const t = list ? list[j] : x;
      if (t.kind === "num") {
        c = Q.add(c, t.num!);
        continue;
      }
      const [k, rest] = splitCoef(t);
      const e = terms.get(rest.id);
      if (e) e.k = Q.add(e.k, k);
      else terms.set(rest.id, { rest, k });
    }
  }
  const out: Expr[] = [];
  for (const { rest, k } of terms.values()) {
    if (k.value === 0) continue;
    out.push(scaled(k, rest));
  }
  out.sort(byHash);
  const isZero = c.value === 0;
  if (!isZero || (!c.exact && out.length === 0)) out.unshift(numOf(c));
  if (out.length === 0) return ZERO;
  if (out.length === 1) return out[0];
  return intern("add", "", null, out);
}

export function sub(a: Expr, b: Expr): Expr {
  return add(a, mulNum(Q.rational(-1), b));
}

export function neg(a: Expr): Expr {
  return mulNum(Q.rational(-1), a);
}

// ------------------------------------------------------------------ products

/** x·1 = x, x·0 = 0; numbers are multiplied; powers of one base are collected (x·x² = x³). */
export function mul(...xs: Expr[]): Expr {
  if (xs.length === 1) return xs[0];
  if (xs.length === 2) {
    const [a, b] = xs;
    if (a === ONE) return b;
    if (b === ONE) return a;
    if (a.kind === "num") return mulNum(a.num!, b);
    if (b.kind === "num") return mulNum(b.num!, a);
  }
  let c: NumVal = Q.rational(1);
  const bases = new Map<number, { base: Expr; exps: Expr[] }>();
  // children of a canonical product are never products: one level of flattening
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const list = x.kind === "mul" ? x.args : null;
    const n = list ? list.length : 1;
    for (let j = 0; j < n; j++) {
      const f = list ? list[j] : x;
      if (f.kind === "num") {
        c = Q.mul(c, f.num!);
        continue;
      }
      const base = f.kind === "pow" ? f.args[0] : f;
      const exp = f.kind === "pow" ? f.args[1] : ONE;
      const e = bases.get(base.id);
      if (e) e.exps.push(exp);
      else bases.set(base.id, { base, exps: [exp] });
    }
  }
  if (c.value === 0) return ZERO;
  const out: Expr[] = [];
  const redo: Expr[] = [];
  for (const { base, exps } of bases.values()) {
    const p = exps.length === 1 ? (exps[0] === ONE ? base : pow(base, exps[0])) : pow(base, add(...exps));
    if (p.kind === "num") c = Q.mul(c, p.num!);
    else if (p.kind === "mul") redo.push(p);
    else if (p !== ONE) out.push(p);
  }
  if (redo.length) return mul(numOf(c), ...out, ...redo);
  if (c.value === 0) return ZERO;
  if (out.length === 0) return numOf(c);
  // a number times a sum is distributed: 2(x + 1) = 2x + 2
  if (out.length === 1) return scaled(c, out[0]);
  out.sort(byHash);
  if (!(c.exact && c.p === 1 && c.q === 1)) out.unshift(numOf(c));
  return intern("mul", "", null, out);
}

export function div(a: Expr, b: Expr): Expr {
  if (b.kind === "num") return mulNum(Q.inv(b.num!), a);
  return mul(a, pow(b, MINUS_ONE));
}

// ------------------------------------------------------------------ powers

function isEvenInt(e: Expr): boolean {
  return e.kind === "num" && Q.isInt(e.num!) && e.num!.p % 2 === 0;
}

/** x^0 = 1, x^1 = x, 1^x = 1, numbers folded when exact, (x^a)^n = x^(an) for integer n. */
export function pow(b: Expr, e: Expr): Expr {
  if (e.kind === "num") {
    const n = e.num!;
    if (n.value === 0 && n.exact) return ONE;
    if (n.exact && n.p === 1 && n.q === 1) return b;
    if (b.kind === "num") {
      const r = Q.pow(b.num!, n);
      if (r) return numOf(r);
      if (b.num!.exact && b.num!.p === 0) return numOf(Q.float(Math.pow(0, n.value)));
      return intern("pow", "", null, [b, e]);
    }
    const int = Q.isInt(n);
    if (b.kind === "pow" && int) return pow(b.args[0], mul(b.args[1], e));
    if (b.kind === "mul" && int) return mul(...b.args.map((f) => pow(f, e)));
    if (b.kind === "fn" && b.name === "sqrt" && isEvenInt(e)) return pow(b.args[0], numOf(Q.mul(n, Q.rational(1, 2))));
    // |u|ⁿ = uⁿ for an even n
    if (b.kind === "fn" && b.name === "abs" && isEvenInt(e)) return pow(b.args[0], e);
  } else if (b.kind === "num") {
    if (b.num!.exact && b.num!.p === 1 && b.num!.q === 1) return ONE;
  }
  if (b === EULER) return fn("exp", e);
  // (e^u)^v = e^(uv) for real u, v
  if (b.kind === "fn" && b.name === "exp") return fn("exp", mul(b.args[0], e));
  return intern("pow", "", null, [b, e]);
}

// ------------------------------------------------------------------ functions

const exactValues: Partial<Record<FnName, (v: NumVal) => NumVal | null>> = {
  exp: (v) => (v.p === 0 ? Q.rational(1) : null),
  log: (v) => (v.p === 1 && v.q === 1 ? Q.rational(0) : null),
  sqrt: (v) => (v.value >= 0 ? Q.pow(v, Q.rational(1, 2)) : null),
  abs: (v) => Q.rational(Math.abs(v.p), v.q),
  sign: (v) => Q.rational(Math.sign(v.p)),
  relu: (v) => (v.p > 0 ? v : Q.rational(0)),
  sin: (v) => (v.p === 0 ? v : null),
  tan: (v) => (v.p === 0 ? v : null),
  asin: (v) => (v.p === 0 ? v : null),
  atan: (v) => (v.p === 0 ? v : null),
  sinh: (v) => (v.p === 0 ? v : null),
  tanh: (v) => (v.p === 0 ? v : null),
  cos: (v) => (v.p === 0 ? Q.rational(1) : null),
  cosh: (v) => (v.p === 0 ? Q.rational(1) : null),
  acos: (v) => (v.p === 1 && v.q === 1 ? Q.rational(0) : null),
  sigmoid: (v) => (v.p === 0 ? Q.rational(1, 2) : null),
};

/** True when e is known to be ≥ 0 for every real value of its variables. */
export function nonNegative(e: Expr): boolean {
  switch (e.kind) {
    case "num":
      return e.num!.value >= 0;
    case "const":
      return true;
    case "fn":
      return e.name === "abs" || e.name === "exp" || e.name === "sqrt" || e.name === "cosh" || e.name === "sigmoid" || e.name === "relu" || e.name === "acos";
    case "pow":
      return isEvenInt(e.args[1]) || nonNegative(e.args[0]);
    case "mul":
    case "add":
      return e.args.every(nonNegative);
    default:
      return e.kind === "bin" && !["maximum", "minimum"].includes(e.name);
  }
}

/** A function of the op table applied to u, folded when the value is exact (sin 0 = 0). */
export function fn(op: UnaryName, u: Expr): Expr {
  if (op === "neg") return neg(u);
  if (u.kind === "num") {
    const v = u.num!;
    if (!v.exact) return numOf(Q.float(unaryOps[op].forward(v.value)));
    const r = exactValues[op]?.(v);
    if (r) return numOf(r);
  }
  if (op === "abs" || op === "sign") {
    // |−u| = |u|, sign(−u) = −sign(u); |u| = u when u ≥ 0
    const [k, rest] = splitCoef(u);
    if (k.value < 0) return op === "abs" ? fn("abs", scaled(Q.neg(k), rest)) : neg(fn("sign", scaled(Q.neg(k), rest)));
    if (op === "abs" && nonNegative(u)) return u;
  }
  if (op === "log" && u === EULER) return ONE;
  if (op === "sqrt" && u.kind === "pow" && isEvenInt(u.args[1])) {
    // √(v²ᵐ) = |v|ᵐ, which is vᵐ for an even m
    const m = numOf(Q.mul(u.args[1].num!, Q.rational(1, 2)));
    return isEvenInt(m) ? pow(u.args[0], m) : pow(fn("abs", u.args[0]), m);
  }
  if (op === "sin" || op === "cos" || op === "tan") {
    const r = trigAtPi(op, u);
    if (r) return numOf(r);
  }
  return intern("fn", op, null, [u]);
}

/**
 * sin, cos and tan at whole and half multiples of π: sin kπ = 0, cos kπ = (−1)ᵏ, tan kπ = 0,
 * sin (k + ½)π = (−1)ᵏ, cos (k + ½)π = 0 (tan there is undefined: left alone).
 */
function trigAtPi(op: "sin" | "cos" | "tan", u: Expr): NumVal | null {
  const [k, rest] = splitCoef(u);
  if (rest !== PI || !k.exact || (k.q !== 1 && k.q !== 2)) return null;
  const whole = k.q === 1;
  const n = whole ? k.p : (k.p - 1) / 2; // kπ = nπ, or (n + ½)π
  const sign = Q.rational(n % 2 === 0 ? 1 : -1);
  if (op === "tan") return whole ? Q.rational(0) : null;
  return (op === "sin") === whole ? Q.rational(0) : sign;
}

/** maximum, minimum or a comparison ([a > b] is 1 or 0), folded on numbers. */
export function bin(op: BinName, a: Expr, b: Expr): Expr {
  if (a.kind === "num" && b.kind === "num") return foldBin(op, a.num!, b.num!);
  if (a === b) {
    if (op === "maximum" || op === "minimum") return a;
    if (op === "ge" || op === "le" || op === "eq") return ONE;
    return ZERO;
  }
  return intern("bin", op, null, [a, b]);
}

function foldBin(op: BinName, a: NumVal, b: NumVal): Expr {
  const r = binaryOps[op].forward(a.value, b.value);
  if (op === "maximum" || op === "minimum") return numOf(r === a.value ? a : b);
  return num(r);
}

/** `cond ? a : b` (cond is 0/1); folds when the condition is a number or the branches agree. */
export function where(cond: Expr, a: Expr, b: Expr): Expr {
  if (cond.kind === "num") return cond.num!.value !== 0 ? a : b;
  if (a === b) return a;
  return intern("where", "", null, [cond, a, b]);
}

/** An unevaluated integral ∫ f dx, or ∫_a^b f dx. */
export function integral(f: Expr, x: Expr, a?: Expr, b?: Expr): Expr {
  return intern("integral", "", null, a && b ? [f, x, a, b] : [f, x]);
}

// ------------------------------------------------------------------ queries

const NONE: readonly string[] = [];

function union(lists: (readonly string[])[]): readonly string[] {
  const nonEmpty = lists.filter((l) => l.length);
  if (nonEmpty.length === 0) return NONE;
  if (nonEmpty.length === 1) return nonEmpty[0];
  return [...new Set(nonEmpty.flat())].sort();
}

/** The free variables, sorted; iterative so deep trees do not overflow the stack. */
export function freeSymbols(root: Expr): readonly string[] {
  if (root._free) return root._free;
  const stack: [Expr, boolean][] = [[root, false]];
  while (stack.length) {
    const [e, done] = stack.pop()!;
    if (e._free) continue;
    if (e.kind === "sym") {
      e._free = [e.name];
      continue;
    }
    if (e.args.length === 0) {
      e._free = NONE;
      continue;
    }
    if (!done) {
      stack.push([e, true]);
      for (const a of e.args) if (!a._free) stack.push([a, false]);
      continue;
    }
    let f = union(e.args.map((a) => a._free!));
    if (e.kind === "integral") {
      const inner = union([e.args[0]._free!]).filter((s) => s !== e.args[1].name);
      f = union([inner, ...e.args.slice(2).map((a) => a._free!)]);
    }
    e._free = f;
  }
  return root._free!;
}

/** Node count as printed, counting repeated subtrees each time (capped at 2^53). */
export function treeSize(root: Expr): number {
  if (root._size >= 0) return root._size;
  const stack: [Expr, boolean][] = [[root, false]];
  while (stack.length) {
    const [e, done] = stack.pop()!;
    if (e._size >= 0) continue;
    if (!done && e.args.length) {
      stack.push([e, true]);
      for (const a of e.args) if (a._size < 0) stack.push([a, false]);
      continue;
    }
    let s = 1;
    for (const a of e.args) s += a._size;
    e._size = Math.min(s, Number.MAX_SAFE_INTEGER);
  }
  return root._size;
}

/** Number of nodes ever interned (for tests of structural sharing). */
export function internedCount(): number {
  return liveCount;
}

/** The same kind of node as `e` over new children, re-canonicalized. */
export function make(e: Expr, args: readonly Expr[]): Expr {
  switch (e.kind) {
    case "add":
      return add(...args);
    case "mul":
      return mul(...args);
    case "pow":
      return pow(args[0], args[1]);
    case "fn":
      return fn(e.name as UnaryName, args[0]);
    case "bin":
      return bin(e.name as BinName, args[0], args[1]);
    case "where":
      return where(args[0], args[1], args[2]);
    case "integral":
      return integral(args[0], args[1], args[2], args[3]);
    default:
      return e;
  }
}

/** Rebuild bottom-up, replacing each node by `f(node with rebuilt children)` (memoized). */
export function mapBottomUp(root: Expr, f: (e: Expr) => Expr, memo = new Map<number, Expr>()): Expr {
  const go = (e: Expr): Expr => {
    const hit = memo.get(e.id);
    if (hit) return hit;
    let out: Expr;
    if (e.args.length === 0) out = f(e);
    else {
      const args = e.args.map(go);
      const same = args.every((a, i) => a === e.args[i]);
      out = f(same ? e : make(e, args));
    }
    memo.set(e.id, out);
    return out;
  };
  return go(root);
}
