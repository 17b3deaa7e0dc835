/**
 * Simplification rules as data, each with its one-line math. Patterns use the parse
 * grammar; `_u`, `_v` match any expression and `_n` a number (see match.ts).
 *
 * - `canonical` rules hold by construction: the constructors in expr.ts apply them to
 *   every node (as SymPy's automatic evaluation), so `parse(lhs) === parse(rhs)`.
 * - `rewrite` rules are applied by `sym.simplify`, bottom-up, when the result is no larger.
 *
 * Every rule is tested numerically (both sides agree at random points of its domain) in
 * test/symbolic/rules.test.ts, so a rule cannot change a value.
 */
import { parse } from "./parse";
import type { Expr } from "./expr";

export interface Rule {
  /** Short name, shown by `sym.simplifyTrace`. */
  readonly name: string;
  readonly lhs: string;
  readonly rhs: string;
  /** The identity in math notation, with the domain where it holds. */
  readonly why: string;
  readonly kind: "canonical" | "rewrite";
  /** Where the test samples `_u`, `_v` (default [-2, 2]). */
  readonly domain?: readonly [number, number];
}

export const rules: readonly Rule[] = [
  // ---- applied by the constructors (expr.ts)
  { kind: "canonical", name: "add-zero", lhs: "_u + 0", rhs: "_u", why: "u + 0 = u" },
  { kind: "canonical", name: "mul-one", lhs: "_u * 1", rhs: "_u", why: "u · 1 = u" },
  { kind: "canonical", name: "mul-zero", lhs: "_u * 0", rhs: "0", why: "u · 0 = 0" },
  { kind: "canonical", name: "pow-one", lhs: "_u^1", rhs: "_u", why: "u¹ = u" },
  { kind: "canonical", name: "pow-zero", lhs: "_u^0", rhs: "1", why: "u⁰ = 1" },
  { kind: "canonical", name: "one-pow", lhs: "1^_u", rhs: "1", why: "1ᵘ = 1" },
  { kind: "canonical", name: "fold-numbers", lhs: "2 + 3*4 - 6/4", rhs: "25/2", why: "numbers are folded exactly (rationals)" },
  { kind: "canonical", name: "collect-terms", lhs: "2*_u + 3*_u", rhs: "5*_u", why: "a·u + b·u = (a + b)·u" },
  { kind: "canonical", name: "collect-powers", lhs: "_u^2 * _u^3", rhs: "_u^5", why: "uᵃ · uᵇ = uᵃ⁺ᵇ" },
  { kind: "canonical", name: "power-of-power", lhs: "(_u^_v)^3", rhs: "_u^(3*_v)", why: "(uᵛ)ⁿ = uⁿᵛ for an integer n", domain: [0.1, 3] },
  { kind: "canonical", name: "power-of-product", lhs: "(_u*_v)^2", rhs: "_u^2 * _v^2", why: "(uv)ⁿ = uⁿvⁿ for an integer n" },
  { kind: "canonical", name: "distribute-number", lhs: "2*(_u + _v)", rhs: "2*_u + 2*_v", why: "k(u + v) = ku + kv for a number k" },
  { kind: "canonical", name: "exp-power", lhs: "exp(_u)^_v", rhs: "exp(_u*_v)", why: "(eᵘ)ᵛ = eᵘᵛ" },
  { kind: "canonical", name: "e-power", lhs: "e^_u", rhs: "exp(_u)", why: "e to a power is exp" },
  { kind: "canonical", name: "sqrt-square", lhs: "sqrt(_u)^2", rhs: "_u", why: "(√u)² = u where √u is real (u ≥ 0)", domain: [0.1, 3] },
  { kind: "canonical", name: "sqrt-even-power", lhs: "sqrt(_u^4) + sqrt(_u^2)", rhs: "_u^2 + abs(_u)", why: "√(u²ᵐ) = |u|ᵐ, = uᵐ for an even m" },
  { kind: "canonical", name: "abs-neg", lhs: "abs(-_u)", rhs: "abs(_u)", why: "|−u| = |u|" },
  { kind: "canonical", name: "abs-square", lhs: "abs(_u^2)", rhs: "_u^2", why: "|u²| = u²" },
  { kind: "canonical", name: "abs-even-power", lhs: "abs(_u)^2 * abs(_v)^(-4)", rhs: "_u^2 * _v^(-4)", why: "|u|ⁿ = uⁿ for an even n" },
  { kind: "canonical", name: "sin-zero", lhs: "sin(0) + cos(0) + exp(0) + ln(1)", rhs: "2", why: "sin 0 = 0, cos 0 = 1, e⁰ = 1, ln 1 = 0" },
  { kind: "canonical", name: "trig-at-pi", lhs: "sin(pi) + cos(3*pi) + tan(2*pi) + sin(pi/2) + cos(5*pi/2) + sin(3*pi/2)", rhs: "-1", why: "sin kπ = 0, cos kπ = (−1)ᵏ, tan kπ = 0, sin (k + ½)π = (−1)ᵏ, cos (k + ½)π = 0" },

  // ---- applied by simplify
  { kind: "rewrite", name: "pythagoras", lhs: "sin(_u)^2 + cos(_u)^2", rhs: "1", why: "sin²u + cos²u = 1" },
  { kind: "rewrite", name: "one-minus-sin2", lhs: "1 - sin(_u)^2", rhs: "cos(_u)^2", why: "1 − sin²u = cos²u" },
  { kind: "rewrite", name: "one-minus-cos2", lhs: "1 - cos(_u)^2", rhs: "sin(_u)^2", why: "1 − cos²u = sin²u" },
  { kind: "rewrite", name: "sec2", lhs: "1 + tan(_u)^2", rhs: "cos(_u)^(-2)", why: "1 + tan²u = sec²u = 1/cos²u", domain: [-1.2, 1.2] },
  { kind: "rewrite", name: "double-angle-cos", lhs: "cos(_u)^2 - sin(_u)^2", rhs: "cos(2*_u)", why: "cos²u − sin²u = cos 2u" },
  { kind: "rewrite", name: "double-angle-sin", lhs: "sin(_u)*cos(_u)", rhs: "sin(2*_u)/2", why: "sin u cos u = ½ sin 2u" },
  { kind: "rewrite", name: "tan-quotient", lhs: "sin(_u)/cos(_u)", rhs: "tan(_u)", why: "sin u / cos u = tan u", domain: [-1.2, 1.2] },
  { kind: "rewrite", name: "tan-times-cos", lhs: "tan(_u)*cos(_u)", rhs: "sin(_u)", why: "tan u · cos u = sin u", domain: [-1.2, 1.2] },
  { kind: "rewrite", name: "cot-quotient", lhs: "cos(_u)/sin(_u)", rhs: "1/tan(_u)", why: "cos u / sin u = cot u = 1/tan u", domain: [0.2, 1.4] },
  { kind: "rewrite", name: "sin-power", lhs: "cos(_u)^_n*tan(_u)^_n", rhs: "sin(_u)^_n", why: "cosⁿu · tanⁿu = sinⁿu", domain: [-1.2, 1.2] },
  { kind: "rewrite", name: "hyperbolic-pythagoras", lhs: "cosh(_u)^2 - sinh(_u)^2", rhs: "1", why: "cosh²u − sinh²u = 1" },
  { kind: "rewrite", name: "sech2", lhs: "1 - tanh(_u)^2", rhs: "cosh(_u)^(-2)", why: "1 − tanh²u = sech²u = 1/cosh²u" },
  { kind: "rewrite", name: "tanh-quotient", lhs: "sinh(_u)/cosh(_u)", rhs: "tanh(_u)", why: "sinh u / cosh u = tanh u" },
  { kind: "rewrite", name: "coth-quotient", lhs: "cosh(_u)/sinh(_u)", rhs: "1/tanh(_u)", why: "cosh u / sinh u = coth u = 1/tanh u", domain: [0.2, 2] },
  { kind: "rewrite", name: "sinh-power", lhs: "cosh(_u)^_n*tanh(_u)^_n", rhs: "sinh(_u)^_n", why: "coshⁿu · tanhⁿu = sinhⁿu" },
  { kind: "rewrite", name: "exp-one", lhs: "exp(1)", rhs: "e", why: "e¹ = e" },
  { kind: "rewrite", name: "exp-log", lhs: "exp(ln(_u))", rhs: "_u", why: "e^(ln u) = u for u > 0 (where ln u is real)", domain: [0.1, 3] },
  { kind: "rewrite", name: "exp-n-log", lhs: "exp(_n*ln(_u))", rhs: "_u^_n", why: "e^(n ln u) = uⁿ for u > 0 (where ln u is real)", domain: [0.1, 3] },
  { kind: "rewrite", name: "log-exp", lhs: "ln(exp(_u))", rhs: "_u", why: "ln(eᵘ) = u for real u" },
  { kind: "rewrite", name: "exp-product", lhs: "exp(_u)*exp(_v)", rhs: "exp(_u + _v)", why: "eᵘ · eᵛ = eᵘ⁺ᵛ" },
  { kind: "rewrite", name: "sin-asin", lhs: "sin(asin(_u))", rhs: "_u", why: "sin(arcsin u) = u for |u| ≤ 1", domain: [-0.9, 0.9] },
  { kind: "rewrite", name: "cos-acos", lhs: "cos(acos(_u))", rhs: "_u", why: "cos(arccos u) = u for |u| ≤ 1", domain: [-0.9, 0.9] },
  { kind: "rewrite", name: "tan-atan", lhs: "tan(atan(_u))", rhs: "_u", why: "tan(arctan u) = u" },
  { kind: "rewrite", name: "cos-asin", lhs: "cos(asin(_u))", rhs: "sqrt(1 - _u^2)", why: "cos(arcsin u) = √(1 − u²) for |u| ≤ 1", domain: [-0.9, 0.9] },
  { kind: "rewrite", name: "sin-acos", lhs: "sin(acos(_u))", rhs: "sqrt(1 - _u^2)", why: "sin(arccos u) = √(1 − u²) for |u| ≤ 1", domain: [-0.9, 0.9] },
  { kind: "rewrite", name: "sigmoid", lhs: "1/(1 + exp(-_u))", rhs: "sigmoid(_u)", why: "σ(u) = 1 / (1 + e⁻ᵘ)" },
  { kind: "rewrite", name: "sigmoid-exp", lhs: "exp(_u)/(1 + exp(_u))", rhs: "sigmoid(_u)", why: "eᵘ / (1 + eᵘ) = σ(u)" },
  { kind: "rewrite", name: "sigmoid-reflect", lhs: "exp(_u)*sigmoid(-_u)", rhs: "sigmoid(_u)", why: "eᵘ σ(−u) = σ(u)" },
  { kind: "rewrite", name: "sigmoid-derivative", lhs: "exp(-_u)/(1 + exp(-_u))^2", rhs: "sigmoid(_u)*(1 - sigmoid(_u))", why: "e⁻ᵘ / (1 + e⁻ᵘ)² = σ(u)(1 − σ(u))" },
  { kind: "rewrite", name: "relu-indicator", lhs: "gt(relu(_u), 0)", rhs: "gt(_u, 0)", why: "[relu(u) > 0] = [u > 0]" },
  { kind: "rewrite", name: "sign-abs", lhs: "sign(_u)*abs(_u)", rhs: "_u", why: "sign(u) · |u| = u" },
  { kind: "rewrite", name: "sign-over-abs", lhs: "sign(_u)/abs(_u)", rhs: "1/_u", why: "sign(u) / |u| = 1/u for u ≠ 0" },
  { kind: "rewrite", name: "sign-squared", lhs: "sign(_u)^2", rhs: "1", why: "sign(u)² = 1 for u ≠ 0" },
];

/**
 * Even and odd functions: f(−u) = f(u) or −f(u). Simplify uses them to write the argument
 * with fewer signs, cos(1 − x) = cos(x − 1), sin(−πx²) = −sin(πx²) (tested numerically).
 */
export const parity: Readonly<Record<string, "even" | "odd">> = {
  // cos(−u) = cos u
  cos: "even",
  // cosh(−u) = cosh u
  cosh: "even",
  // sin(−u) = −sin u
  sin: "odd",
  // tan(−u) = −tan u
  tan: "odd",
  // sinh(−u) = −sinh u
  sinh: "odd",
  // tanh(−u) = −tanh u
  tanh: "odd",
  // asin(−u) = −asin u
  asin: "odd",
  // atan(−u) = −atan u
  atan: "odd",
};

export interface CompiledRule extends Rule {
  readonly l: Expr;
  readonly r: Expr;
}

let compiled: CompiledRule[] | null = null;

/** The rewrite rules, parsed once. */
export function rewriteRules(): readonly CompiledRule[] {
  if (!compiled) compiled = rules.filter((r) => r.kind === "rewrite").map((r) => ({ ...r, l: parse(r.lhs), r: parse(r.rhs) }));
  return compiled;
}
