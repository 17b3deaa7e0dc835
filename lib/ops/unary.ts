/**
 * Elementwise unary primitives: one row each (forward kernel, derivative rule, LaTeX, test domain).
 * Reverse mode, forward mode and symbolic differentiation all read `deriv`.
 * Everything else elementwise (softplus, gelu, log1p…) is composed from these rows.
 */
import type { UnaryRow } from "./row";

export type UnaryName =
  | "neg" | "exp" | "log" | "sqrt" | "abs" | "sign"
  | "sin" | "cos" | "tan" | "asin" | "acos" | "atan"
  | "sinh" | "cosh" | "tanh" | "sigmoid" | "relu";

const fn = (name: string) => (x: string) => `\\${name}\\left(${x}\\right)`;
const op = (name: string) => (x: string) => `\\operatorname{${name}}\\left(${x}\\right)`;

export const unaryOps: { readonly [P in UnaryName]: UnaryRow } = {
  // d(-x) = -dx
  neg: { torch: "Neg", forward: (x) => -x, deriv: () => -1, saves: [], dtype: "same", latex: (x) => `-${x}`, domain: { lo: -3, hi: 3 }, smooth: true },
  // d(e^x) = e^x dx
  exp: { torch: "Exp", forward: Math.exp, deriv: (_f, _x, out) => out, saves: ["out"], dtype: "float", latex: (x) => `e^{${x}}`, domain: { lo: -3, hi: 3 }, smooth: true },
  // d(ln x) = dx / x
  log: { torch: "Log", forward: Math.log, deriv: (f, x) => f.div(1, x), saves: ["x"], dtype: "float", latex: fn("ln"), domain: { lo: 0.2, hi: 5 }, smooth: true },
  // d(sqrt x) = dx / (2 sqrt x)
  sqrt: { torch: "Sqrt", forward: Math.sqrt, deriv: (f, _x, out) => f.div(0.5, out), saves: ["out"], dtype: "float", latex: (x) => `\\sqrt{${x}}`, domain: { lo: 0.2, hi: 5 }, smooth: true },
  // d|x| = sign(x) dx
  abs: {
    torch: "Abs", forward: Math.abs, deriv: (f, x) => f.sign(x), saves: ["x"], dtype: "same",
    latex: (x) => `\\left|${x}\\right|`, domain: { lo: -3, hi: 3, kinks: [0] }, smooth: false,
    kink: "abs'(0) = sign(0) = 0, as PyTorch",
  },
  // d sign(x) = 0 (piecewise constant)
  sign: {
    torch: "Sign", forward: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN), deriv: () => 0, saves: [], dtype: "same",
    latex: op("sign"), domain: { lo: -3, hi: 3, kinks: [0] }, smooth: false, kink: "sign'(x) = 0 everywhere, as PyTorch",
  },
  // d(sin x) = cos x dx
  sin: { torch: "Sin", forward: Math.sin, deriv: (f, x) => f.cos(x), saves: ["x"], dtype: "float", latex: fn("sin"), domain: { lo: -3, hi: 3 }, smooth: true },
  // d(cos x) = -sin x dx
  cos: { torch: "Cos", forward: Math.cos, deriv: (f, x) => f.neg(f.sin(x)), saves: ["x"], dtype: "float", latex: fn("cos"), domain: { lo: -3, hi: 3 }, smooth: true },
  // d(tan x) = (1 + tan^2 x) dx
  tan: { torch: "Tan", forward: Math.tan, deriv: (f, _x, out) => f.add(1, f.mul(out, out)), saves: ["out"], dtype: "float", latex: fn("tan"), domain: { lo: -1.2, hi: 1.2 }, smooth: true },
  // d(asin x) = dx / sqrt(1 - x^2)
  asin: { torch: "Asin", forward: Math.asin, deriv: (f, x) => f.div(1, f.sqrt(f.sub(1, f.mul(x, x)))), saves: ["x"], dtype: "float", latex: fn("arcsin"), domain: { lo: -0.9, hi: 0.9 }, smooth: true },
  // d(acos x) = -dx / sqrt(1 - x^2)
  acos: { torch: "Acos", forward: Math.acos, deriv: (f, x) => f.div(-1, f.sqrt(f.sub(1, f.mul(x, x)))), saves: ["x"], dtype: "float", latex: fn("arccos"), domain: { lo: -0.9, hi: 0.9 }, smooth: true },
  // d(atan x) = dx / (1 + x^2)
  atan: { torch: "Atan", forward: Math.atan, deriv: (f, x) => f.div(1, f.add(1, f.mul(x, x))), saves: ["x"], dtype: "float", latex: fn("arctan"), domain: { lo: -3, hi: 3 }, smooth: true },
  // d(sinh x) = cosh x dx
  sinh: { torch: "Sinh", forward: Math.sinh, deriv: (f, x) => f.cosh(x), saves: ["x"], dtype: "float", latex: fn("sinh"), domain: { lo: -3, hi: 3 }, smooth: true },
  // d(cosh x) = sinh x dx
  cosh: { torch: "Cosh", forward: Math.cosh, deriv: (f, x) => f.sinh(x), saves: ["x"], dtype: "float", latex: fn("cosh"), domain: { lo: -3, hi: 3 }, smooth: true },
  // d(tanh x) = (1 - tanh^2 x) dx
  tanh: { torch: "Tanh", forward: Math.tanh, deriv: (f, _x, out) => f.sub(1, f.mul(out, out)), saves: ["out"], dtype: "float", latex: fn("tanh"), domain: { lo: -3, hi: 3 }, smooth: true },
  // d(σ x) = σ(x) (1 - σ(x)) dx. A row, not 1/(1+e^-x), for stability: the composite's
  // derivative e^-x/(1+e^-x)^2 is inf/inf = NaN for x < -710, this one is 0.
  sigmoid: {
    // one exp of -|x| (never overflows): 1/(1+e) for x >= 0, e/(1+e) below
    torch: "Sigmoid", forward: (x) => {
      const e = Math.exp(-Math.abs(x));
      return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    },
    deriv: (f, _x, out) => f.mul(out, f.sub(1, out)), saves: ["out"], dtype: "float",
    latex: (x) => `\\sigma\\left(${x}\\right)`, domain: { lo: -4, hi: 4 }, smooth: true,
  },
  // d relu(x) = [x > 0] dx
  relu: {
    torch: "Relu", forward: (x) => (x > 0 ? x : x <= 0 ? 0 : NaN), deriv: (f, _x, out) => f.gt(out, 0), saves: ["out"], dtype: "same",
    latex: op("ReLU"), domain: { lo: -3, hi: 3, kinks: [0] }, smooth: false, kink: "relu'(0) = 0, as PyTorch (threshold_backward on the result)",
  },
};

export const unaryNames = Object.keys(unaryOps) as UnaryName[];
