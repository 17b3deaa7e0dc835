/**
 * Text (re-parseable by sym.parse) and LaTeX output. Terms are shown in a reading order
 * (higher degree first, constants last); products with negative powers print as fractions.
 * Function LaTeX comes from the op-table rows.
 */
import { unaryOps } from "../ops/unary";
import { binaryOps } from "../ops/binary";
import { Expr, splitCoef, ONE, freeSymbols } from "./expr";
import * as Q from "./number";
import type { NumVal } from "./number";

// Precedence: sum < product < unary minus < power < atom.
const SUM = 1;
const PROD = 2;
const NEG = 3;
const POW = 4;
const ATOM = 5;

/** Polynomial degree of a term (non-polynomial factors count 0), for ordering. */
function degree(t: Expr): number {
  if (t.kind === "sym") return 1;
  if (t.kind === "pow" && t.args[0].kind === "sym" && t.args[1].kind === "num") return t.args[1].num!.value;
  if (t.kind === "mul") return t.args.reduce((s, f) => s + degree(f), 0);
  return 0;
}

/** Degree of a term in one variable. */
function degreeIn(t: Expr, v: string): number {
  if (t.kind === "sym") return t.name === v ? 1 : 0;
  if (t.kind === "pow" && t.args[0].kind === "sym" && t.args[0].name === v && t.args[1].kind === "num") return t.args[1].num!.value;
  if (t.kind === "mul") return t.args.reduce((s, f) => s + degreeIn(f, v), 0);
  return 0;
}

/** The terms of a sum in reading order: higher degree first, then by the main variable. */
export function orderedTerms(e: Expr): Expr[] {
  const rests = e.args.map((t) => X_split(t));
  // the main variable: the one of highest degree (ties: the shorter name, then alphabetically
  // last, so x comes before h, t and Δx)
  const vars = freeSymbols(e);
  let main = "";
  let best = -Infinity;
  for (const v of vars) {
    const d = Math.max(...rests.map((r) => degreeIn(r, v)));
    if (d > best || (d === best && (v.length < main.length || (v.length === main.length && v > main)))) {
      best = d;
      main = v;
    }
  }
  const keyed = e.args.map((t, i) => {
    const rest = rests[i];
    return { t, constant: freeSymbols(t).length === 0, deg: degree(rest), mainDeg: main ? degreeIn(rest, main) : 0, key: toText(rest) };
  });
  keyed.sort((a, b) => Number(a.constant) - Number(b.constant) || b.deg - a.deg || b.mainDeg - a.mainDeg || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const terms = keyed.map((k) => k.t);
  // 1 - x rather than -x + 1
  if (terms.length === 2 && isNegative(terms[0]) && !isNegative(terms[1])) terms.reverse();
  return terms;
}

function X_split(t: Expr): Expr {
  return splitCoef(t)[1];
}

function isNegative(t: Expr): boolean {
  return splitCoef(t)[0].value < 0;
}

/** Factor order: numbers, constants, symbols, powers of symbols, functions, sums. */
function factorRank(f: Expr): number {
  const b = f.kind === "pow" ? f.args[0] : f;
  switch (b.kind) {
    case "num":
      return 0;
    case "const":
      return 1;
    case "sym":
      return b.name.startsWith("dhole") ? 5 : 2; // diffSteps' d/dx[·] placeholders go last
    case "fn":
    case "bin":
      return 3;
    default:
      return 4;
  }
}

function orderFactors(fs: Expr[]): Expr[] {
  return fs
    .map((f) => ({ f, r: factorRank(f), k: toText(f) }))
    .sort((a, b) => a.r - b.r || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.f);
}

interface Fraction {
  coef: NumVal;
  num: Expr[];
  den: Expr[];
}

/** Split a product (or a power) into coefficient, numerator and denominator factors. */
function fraction(e: Expr): Fraction {
  const [coef, rest] = e.kind === "mul" ? splitCoef(e) : [Q.rational(1), e];
  const factors = rest === ONE ? [] : rest.kind === "mul" ? [...rest.args] : [rest];
  const num: Expr[] = [];
  const den: Expr[] = [];
  for (const f of factors) {
    if (f.kind === "pow" && f.args[1].kind === "num" && f.args[1].num!.value < 0) {
      const e2 = Q.neg(f.args[1].num!);
      den.push(e2.exact && e2.p === 1 && e2.q === 1 ? f.args[0] : new PowView(f.args[0], e2) as unknown as Expr);
    } else num.push(f);
  }
  return { coef, num: orderFactors(num), den: orderFactors(den) };
}

/** A power with a positive exponent, made only for printing a denominator. */
class PowView {
  readonly kind = "powview";
  constructor(readonly base: Expr, readonly exp: NumVal) {}
}

// ------------------------------------------------------------------ text

function paren(s: string, inner: number, outer: number): string {
  return inner < outer ? `(${s})` : s;
}

function numText(n: NumVal): [string, number] {
  const s = Q.numToString(n);
  if (n.exact && n.q !== 1) return [s, n.p < 0 ? NEG : PROD];
  return [s, n.value < 0 ? NEG : ATOM];
}

const textNames: Record<string, string> = { log: "ln" };

function text(e: Expr | PowView): [string, number] {
  if (e instanceof PowView) {
    const b = text(e.base);
    const [es, ep] = numText(e.exp);
    return [`${paren(b[0], b[1], ATOM)}^${paren(es, ep, ATOM)}`, POW];
  }
  switch (e.kind) {
    case "num":
      return numText(e.num!);
    case "sym":
    case "const":
      return [e.name, ATOM];
    case "add": {
      const terms = orderedTerms(e);
      let s = "";
      terms.forEach((t, i) => {
        const [k, rest] = splitCoef(t);
        if (i > 0 && k.value < 0) {
          const pos = rest === ONE ? Q.numToString(Q.neg(k)) : productText({ ...fraction(t), coef: Q.neg(k) })[0];
          s += " - " + pos;
        } else {
          const [ts, tp] = text(t);
          s += (i > 0 ? " + " : "") + (i > 0 ? paren(ts, tp, PROD) : ts);
        }
      });
      return [s, SUM];
    }
    case "mul":
      return productText(fraction(e));
    case "pow": {
      const x = e.args[1];
      if (x.kind === "num" && x.num!.value < 0) return productText(fraction(e));
      const [bs, bp] = text(e.args[0]);
      const [xs, xp] = text(x);
      return [`${paren(bs, bp, ATOM)}^${paren(xs, xp, ATOM)}`, POW];
    }
    case "fn":
      return [`${textNames[e.name] ?? e.name}(${toText(e.args[0])})`, ATOM];
    case "bin": {
      const n = e.name === "maximum" ? "max" : e.name === "minimum" ? "min" : e.name;
      return [`${n}(${toText(e.args[0])}, ${toText(e.args[1])})`, ATOM];
    }
    case "where":
      return [`where(${e.args.map(toText).join(", ")})`, ATOM];
    case "integral":
      return [`Integral(${e.args.map(toText).join(", ")})`, ATOM];
  }
}

function productText(fr: Fraction): [string, number] {
  const { coef, num, den } = fr;
  const negative = coef.value < 0;
  const k = negative ? Q.neg(coef) : coef;
  const kOne = k.exact && k.p === 1 && k.q === 1;
  const parts: string[] = [];
  let dens: string[] = [];
  if (k.exact && k.q !== 1 && (num.length || den.length)) {
    if (k.p !== 1) parts.push(String(k.p));
    dens.push(String(k.q));
  } else if (!kOne || (num.length === 0 && den.length === 0)) parts.push(numText(k)[0]);
  for (const f of num) {
    const [s, p] = text(f);
    parts.push(paren(s, p, PROD + 0.5));
  }
  dens = dens.concat(den.map((f) => {
    const [s, p] = text(f);
    return paren(s, p, PROD + 0.5);
  }));
  let s = parts.length ? parts.join("*") : "1";
  if (dens.length) s += "/" + (dens.length > 1 ? `(${dens.join("*")})` : dens[0]);
  if (negative) return ["-" + s, NEG];
  return [s, parts.length + dens.length > 1 || dens.length ? PROD : text(num[0] ?? ONE)[1]];
}

/** Re-parseable text. */
export function toText(e: Expr): string {
  return text(e)[0];
}

// ------------------------------------------------------------------ LaTeX

const greek = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi",
  "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma",
  "Phi", "Psi", "Omega",
]);

/** Greek letters typed as Unicode (Δx, θ, μ), by their LaTeX names. */
export const greekLetters: Record<string, string> = {
  α: "alpha", β: "beta", γ: "gamma", δ: "delta", ε: "epsilon", ζ: "zeta", η: "eta", θ: "theta", ι: "iota", κ: "kappa",
  λ: "lambda", μ: "mu", ν: "nu", ξ: "xi", π: "pi", ρ: "rho", σ: "sigma", τ: "tau", υ: "upsilon", φ: "phi", χ: "chi",
  ψ: "psi", ω: "omega", Γ: "Gamma", Δ: "Delta", Θ: "Theta", Λ: "Lambda", Ξ: "Xi", Π: "Pi", Σ: "Sigma", Φ: "Phi", Ψ: "Psi", Ω: "Omega",
};

/**
 * LaTeX of a variable name: greek letters (by name or as Unicode: Δx → \Delta x),
 * subscripts (w1 -> w_{1}, a_b -> a_{b}), primes.
 */
export function symbolLatex(name: string): string {
  const g = /^([α-ωΑ-Ω])(.*)$/u.exec(name);
  if (g && greekLetters[g[1]]) {
    const head = `\\${greekLetters[g[1]]}`;
    if (!g[2]) return head;
    // Δx: the increment of x, written \Delta x
    if (/^[A-Za-z]'*$/.test(g[2])) return `${head} ${g[2]}`;
    return `${head}${/^\d+$/.test(g[2]) ? `_{${g[2]}}` : ` ${symbolLatex(g[2])}`}`;
  }
  const m = /^([A-Za-z]+?)_?(\d+|_.+)?('*)$/.exec(name);
  if (!m) return `\\mathrm{${name}}`;
  const [, base, sub, primes] = m;
  const b = greek.has(base) ? `\\${base}` : base.length === 1 ? base : `\\mathrm{${base}}`;
  const s = sub ? `_{${sub.replace(/^_/, "")}}` : "";
  return b + s + primes;
}

function numLatex(n: NumVal): [string, number] {
  if (n.exact && n.q !== 1) return [`${n.p < 0 ? "-" : ""}\\frac{${Math.abs(n.p)}}{${n.q}}`, n.p < 0 ? NEG : ATOM];
  if (!n.exact && !Number.isFinite(n.value)) return [Number.isNaN(n.value) ? "\\mathrm{NaN}" : n.value > 0 ? "\\infty" : "-\\infty", ATOM];
  const s = Q.numToString(n);
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(s);
  if (m) return [`${m[1]} \\cdot 10^{${Number(m[2])}}`, PROD];
  return [s, n.value < 0 ? NEG : ATOM];
}

function lparen(s: string, inner: number, outer: number): string {
  return inner < outer ? `\\left(${s}\\right)` : s;
}

function latex(e: Expr | PowView): [string, number] {
  if (e instanceof PowView) return powLatex(e.base, numLatex(e.exp), e.exp);
  switch (e.kind) {
    case "num":
      return numLatex(e.num!);
    case "sym":
      return [symbolLatex(e.name), ATOM];
    case "const":
      return [e.name === "pi" ? "\\pi" : "e", ATOM];
    case "add": {
      let s = "";
      orderedTerms(e).forEach((t, i) => {
        const [k, rest] = splitCoef(t);
        if (i > 0 && k.value < 0) {
          const pos = rest === ONE ? numLatex(Q.neg(k))[0] : productLatex({ ...fraction(t), coef: Q.neg(k) })[0];
          s += " - " + pos;
        } else {
          const [ts, tp] = latex(t);
          s += (i > 0 ? " + " : "") + (i > 0 ? lparen(ts, tp, PROD) : ts);
        }
      });
      return [s, SUM];
    }
    case "mul":
      return productLatex(fraction(e));
    case "pow": {
      const x = e.args[1];
      if (x.kind === "num" && x.num!.value < 0) return productLatex(fraction(e));
      return powLatex(e.args[0], latex(x), x.kind === "num" ? x.num! : null);
    }
    case "fn":
      return [unaryOps[e.name as keyof typeof unaryOps].latex(toLatex(e.args[0])), ATOM];
    case "bin":
      return [binaryOps[e.name as keyof typeof binaryOps].latex(toLatex(e.args[0]), toLatex(e.args[1])), ATOM];
    case "where":
      return [`\\begin{cases} ${toLatex(e.args[1])} & \\text{if } ${toLatex(e.args[0])} \\\\ ${toLatex(e.args[2])} & \\text{otherwise} \\end{cases}`, ATOM];
    case "integral": {
      const [f, x, a, b] = e.args;
      const lim = a ? `_{${toLatex(a)}}^{${toLatex(b)}}` : "";
      const [fs, fp] = latex(f);
      return [`\\int${lim} ${lparen(fs, fp, PROD)} \\, d${toLatex(x)}`, PROD];
    }
  }
}

function powLatex(base: Expr, [xs]: [string, number], x: NumVal | null): [string, number] {
  if (x && x.exact && x.p === 1 && x.q === 2) return [`\\sqrt{${toLatex(base)}}`, ATOM];
  if (x && x.exact && x.p === 1 && x.q > 2) return [`\\sqrt[${x.q}]{${toLatex(base)}}`, ATOM];
  const [bs, bp] = latex(base);
  // sin^2(x) rather than (sin(x))^2 for the named functions
  const m = base.kind === "fn" ? /^(\\[a-z]+)\\left\(/.exec(bs) : null;
  if (m && x && x.exact && x.q === 1 && x.p > 0) return [`${m[1]}^{${xs}}${bs.slice(m[1].length)}`, ATOM];
  const atom = base.kind === "sym" || base.kind === "const" || (base.kind === "num" && base.num!.exact && base.num!.q === 1 && base.num!.p >= 0);
  return [`${atom ? bs : `\\left(${bs}\\right)`}^{${xs}}`, POW];
}

function productLatex(fr: Fraction): [string, number] {
  const { coef, num, den } = fr;
  const negative = coef.value < 0;
  const k = negative ? Q.neg(coef) : coef;
  const kOne = k.exact && k.p === 1 && k.q === 1;
  const top: string[] = [];
  const bottom: string[] = [];
  if (k.exact && k.q !== 1 && (num.length || den.length)) {
    if (k.p !== 1) top.push(String(k.p));
    bottom.push(String(k.q));
  } else if (!kOne || (num.length === 0 && den.length === 0)) top.push(numLatex(k)[0]);
  // a lone factor above or below the fraction bar needs no parentheses: \frac{x + 1}{x^2 + 1}
  const isFraction = den.length > 0 || bottom.length > 0;
  const loneTop = isFraction && top.length === 0 && num.length === 1;
  const loneBottom = bottom.length === 0 && den.length === 1;
  for (const f of num) {
    const [s, p] = latex(f);
    top.push(loneTop ? s : lparen(s, p, isFraction ? PROD : PROD + 0.5));
  }
  for (const f of den) {
    const [s, p] = latex(f);
    bottom.push(loneBottom ? s : lparen(s, p, PROD + 0.5));
  }
  const join = (xs: string[]) => xs.reduce((acc, s, i) => (i === 0 ? s : acc + (/^[\d.]/.test(s) ? " \\cdot " : " ") + s), "");
  let s = top.length ? join(top) : "1";
  if (bottom.length) s = `\\frac{${s}}{${join(bottom)}}`;
  if (negative) return ["-" + s, NEG];
  return [s, top.length + bottom.length > 1 && !bottom.length ? PROD : bottom.length ? ATOM : latex(num[0] ?? ONE)[1]];
}

/** LaTeX without surrounding `$`. */
export function toLatex(e: Expr): string {
  return latex(e)[0];
}
