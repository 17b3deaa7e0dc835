/**
 * Elementwise binary primitives (broadcast as NumPy). The engine, not the rule,
 * sums a gradient back to a broadcast input's shape.
 */
import type { BinaryRow } from "./row";

export type BinaryName =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum"
  | "binaryCrossEntropy"
  | "gt" | "ge" | "lt" | "le" | "eq" | "ne";

const both = { lo: -3, hi: 3 } as const;
const cmp = (torch: string, forward: (x: number, y: number) => number, sym: string): BinaryRow => ({
  torch, forward, deriv: null, saves: [], dtype: "bool",
  latex: (x, y) => `\\left[${x} ${sym} ${y}\\right]`, domain: [both, both], smooth: false,
});

/** PyTorch's clamp of p(1 - p) in BCE's gradient: the float32 constant 1e-12f. */
const BCE_EPS = Math.fround(1e-12);

export const binaryOps: { readonly [P in BinaryName]: BinaryRow } = {
  // d(x + y) = dx + dy
  add: { torch: "Add", forward: (x, y) => x + y, deriv: () => [1, 1], saves: [], dtype: "promote", latex: (x, y) => `${x} + ${y}`, domain: [both, both], smooth: true },
  // d(x - y) = dx - dy
  sub: { torch: "Sub", forward: (x, y) => x - y, deriv: () => [1, -1], saves: [], dtype: "promote", latex: (x, y) => `${x} - ${y}`, domain: [both, both], smooth: true },
  // d(x y) = y dx + x dy
  mul: { torch: "Mul", forward: (x, y) => x * y, deriv: (_f, x, y) => [y, x], saves: ["x", "y"], dtype: "promote", latex: (x, y) => `${x} \\cdot ${y}`, domain: [both, both], smooth: true },
  // d(x / y) = dx / y - x dy / y^2
  div: {
    torch: "Div", forward: (x, y) => x / y, deriv: (f, x, y) => [f.div(1, y), f.neg(f.div(x, f.mul(y, y)))], saves: ["x", "y"], dtype: "float",
    latex: (x, y) => `\\frac{${x}}{${y}}`, domain: [both, { lo: 0.5, hi: 3 }], smooth: true,
  },
  // d(x^y) = y x^(y-1) dx + x^y ln(x) dy
  pow: {
    torch: "Pow", forward: Math.pow,
    deriv: (f, x, y, out) => [
      f.kink(f.eq(y, 0), 0, f.mul(y, f.pow(x, f.sub(y, 1)))),
      f.kink(f.mul(f.eq(x, 0), f.ge(y, 0)), 0, f.mul(out, f.log(x))),
    ],
    saves: ["x", "y", "out"], dtype: "promote", latex: (x, y) => `{${x}}^{${y}}`,
    domain: [{ lo: 0.3, hi: 3, kinks: [0] }, { lo: -2, hi: 3 }], smooth: true,
    kink: "∂/∂x is 0 where y = 0 and ∂/∂y is 0 where x = 0 and y ≥ 0 (avoiding 0·inf), as PyTorch",
  },
  // d max(x, y) = [x > y] dx + [x < y] dy, half each at a tie
  maximum: {
    // Math.max is NaN when either is, and puts +0 above -0, as torch.maximum; an explicit NaN
    // test in front made every compiled loop calling it about twice as slow
    torch: "Maximum", forward: (x, y) => Math.max(x, y),
    deriv: (f, x, y) => [f.kink(f.eq(x, y), 0.5, f.gt(x, y)), f.kink(f.eq(x, y), 0.5, f.lt(x, y))],
    saves: ["x", "y"], dtype: "promote", latex: (x, y) => `\\max\\left(${x}, ${y}\\right)`, domain: [both, both], smooth: false,
    kink: "at x = y each input gets half the gradient, as PyTorch",
  },
  // d min(x, y) = [x < y] dx + [x > y] dy, half each at a tie
  minimum: {
    torch: "Minimum", forward: (x, y) => Math.min(x, y),
    deriv: (f, x, y) => [f.kink(f.eq(x, y), 0.5, f.lt(x, y)), f.kink(f.eq(x, y), 0.5, f.gt(x, y))],
    saves: ["x", "y"], dtype: "promote", latex: (x, y) => `\\min\\left(${x}, ${y}\\right)`, domain: [both, both], smooth: false,
    kink: "at x = y each input gets half the gradient, as PyTorch",
  },
  // l(p, y) = -(y ln p + (1 - y) ln(1 - p)); dl = (p - y) / (p (1 - p)) dp + ln((1 - p) / p) dy.
  // A row, not a composite of logs, for PyTorch's numerics at p = 0 or 1: the logs are
  // clamped at -100 and the denominator p(1 - p) at 1e-12, so loss and gradient stay
  // finite there (a composite's clamp would pass no gradient at all).
  binaryCrossEntropy: {
    torch: "BinaryCrossEntropy",
    forward: (p, y) => -(y * Math.max(Math.log(p), -100) + (1 - y) * Math.max(Math.log(1 - p), -100)),
    deriv: (f, p, y) => [
      f.div(f.sub(p, y), f.maximum(f.mul(p, f.sub(1, p)), BCE_EPS)),
      f.sub(f.log(f.sub(1, p)), f.log(p)),
    ],
    saves: ["x", "y"], dtype: "float",
    latex: (p, y) => `\\operatorname{BCE}\\left(${p}, ${y}\\right)`,
    domain: [{ lo: 0.05, hi: 0.95, kinks: [0, 1] }, { lo: 0, hi: 1 }], smooth: true,
    kink: "at p = 0 or 1 the logs are clamped at -100 and p(1 - p) at 1e-12, as PyTorch",
  },
  gt: cmp("Gt", (x, y) => (x > y ? 1 : 0), ">"),
  ge: cmp("Ge", (x, y) => (x >= y ? 1 : 0), "\\ge"),
  lt: cmp("Lt", (x, y) => (x < y ? 1 : 0), "<"),
  le: cmp("Le", (x, y) => (x <= y ? 1 : 0), "\\le"),
  eq: cmp("Eq", (x, y) => (x === y ? 1 : 0), "="),
  ne: cmp("Ne", (x, y) => (x !== y ? 1 : 0), "\\ne"),
};

export const binaryNames = Object.keys(binaryOps) as BinaryName[];
