/**
 * `sym.diffSteps`: the derivative as the named steps a teacher writes (sum, constant
 * multiple, product, quotient, power, chain, exponential, logarithm, trigonometric,
 * inverse function…). Each function's own formula is its op-table row's `deriv`
 * evaluated on a symbol u (d/du sin u = cos u comes from the sin row), and each line's
 * value is the one `sym.diff` computes, so the last line equals `sym.diff`.
 */
import type { UnaryName } from "../ops/unary";
import type { BinaryName } from "../ops/binary";
import * as X from "./expr";
import type { Expr, ExprLike } from "./expr";
import { derivative, unaryPartial, binaryPartials } from "./diff";
import { symbolLatex } from "./print";
import { simplify } from "./simplify";
import { Derivation } from "./derivation";
import type { Step } from "./derivation";

const category: Record<string, string> = {
  exp: "exponential rule", log: "logarithm rule", sqrt: "square-root rule (power ½)",
  sin: "trigonometric rule", cos: "trigonometric rule", tan: "trigonometric rule",
  asin: "inverse function rule", acos: "inverse function rule", atan: "inverse function rule",
  sinh: "hyperbolic rule", cosh: "hyperbolic rule", tanh: "hyperbolic rule",
  abs: "absolute value rule", sign: "sign rule", sigmoid: "sigmoid rule", relu: "ReLU rule",
};

const U = X.symbol("u");

/** The row's formula d/du f(u) = f'(u), as LaTeX (evaluated from the row on a symbol). */
export function rowFormula(op: UnaryName): string {
  const out = X.fn(op, U);
  return `\\tfrac{d}{du} ${out.toLatex()} = ${unaryPartial(op, U, out).toLatex()}`;
}

class Recorder {
  readonly steps: Step[] = [];
  private memo = new Map<number, Expr>();
  private holes = new Map<string, Expr>();
  private n = 0;
  constructor(private readonly x: string) {}

  d(e: Expr): Expr {
    return derivative(e, this.x, this.memo);
  }

  dl(e: Expr): string {
    return `\\frac{d}{d${symbolLatex(this.x)}}\\left[${e.toLatex()}\\right]`;
  }

  dt(e: Expr): string {
    return `d/d${this.x}[${e.toString()}]`;
  }

  /** A placeholder for d/dx[e] inside a formula (printed as the derivative operator). */
  hole(e: Expr): Expr {
    const name = `dhole${this.n++}`;
    this.holes.set(name, e);
    return X.symbol(name);
  }

  private fill(s: string, latex: boolean): string {
    return s.replace(/\\mathrm\{dhole\}_\{(\d+)\}|dhole(\d+)/g, (_m, a, b) => {
      const e = this.holes.get(`dhole${a ?? b}`)!;
      return latex ? this.dl(e) : this.dt(e);
    });
  }

  line(rule: string, formula: string, e: Expr | null, rhs: Expr, value?: Expr): void {
    this.steps.push({
      rule, formula,
      lhs: e ? this.dl(e) : "",
      rhs: this.fill(rhs.toLatex(), true),
      text: `${e ? this.dt(e) : ""} = ${this.fill(rhs.toString(), false)}`,
      value,
    });
  }

  /** Explain d/dx[e]; returns its value (the same node `sym.diff` gives). */
  explain(e: Expr, root = false): Expr {
    const x = this.x;
    const value = this.d(e);
    if (!e.has(x)) {
      this.line("constant rule", "c' = 0", e, X.ZERO, value);
      return value;
    }
    const a = e.args;
    const composite = (rule: string, formula: string, rhs: Expr, children: Expr[]) => {
      this.line(rule, formula, e, rhs);
      for (const c of children) this.explain(c);
      this.line(root ? "" : "so", "", e, value, value);
    };
    switch (e.kind) {
      case "sym":
        this.line("variable", `\\tfrac{d${x}}{d${x}} = 1`, e, X.ONE, value);
        return value;
      case "add": {
        const hasMinus = a.some((t) => X.splitCoef(t)[0].value < 0);
        const terms = a.map((t) => {
          const [k, rest] = X.splitCoef(t);
          return !t.has(x) ? X.ZERO : k.value < 0 ? X.mulNum(k, this.hole(rest)) : this.hole(t);
        });
        const kids = a.map((t) => (X.splitCoef(t)[0].value < 0 ? X.splitCoef(t)[1] : t)).filter((t) => t.has(x));
        composite(hasMinus ? "sum and difference rule" : "sum rule", hasMinus ? "(u \\pm v)' = u' \\pm v'" : "(u + v)' = u' + v'", X.add(...terms), kids);
        return value;
      }
      case "mul": {
        const consts = a.filter((f) => !f.has(x));
        const vars = a.filter((f) => f.has(x));
        if (consts.length) {
          const c = X.mul(...consts);
          const v = X.mul(...vars);
          composite("constant multiple rule", "(c\\,u)' = c\\,u'", X.mul(c, this.hole(v)), [v]);
          return value;
        }
        const den = vars.filter((f) => f.kind === "pow" && f.args[1].kind === "num" && f.args[1].num!.value < 0);
        const num = vars.filter((f) => !den.includes(f));
        if (den.length && num.length) {
          // the div row: ∂(u/v)/∂u = 1/v, ∂(u/v)/∂v = −u/v²
          const u = X.mul(...num);
          const v = X.mul(...den.map((f) => X.pow(f.args[0], X.neg(f.args[1]))));
          const [pu, pv] = binaryPartials("div", u, v, e)!;
          // (pu u' + pv v') written over v²: (u'v − uv')/v²
          const v2 = X.pow(v, X.TWO);
          const rhs = X.mul(X.add(X.mul(pu, v2, this.hole(u)), X.mul(pv, v2, this.hole(v))), X.pow(v2, X.MINUS_ONE));
          composite("quotient rule", "\\left(\\frac{u}{v}\\right)' = \\frac{u'v - uv'}{v^2}", rhs, [u, v]);
          return value;
        }
        // the mul row: ∂(u·rest)/∂u = rest
        const terms = vars.map((f, i) => X.mul(binaryPartials("mul", f, X.mul(...vars.filter((_, j) => j !== i)), e)![0], this.hole(f)));
        composite("product rule", vars.length > 2 ? "(uvw)' = u'vw + uv'w + uvw'" : "(uv)' = u'v + uv'", X.add(...terms), vars);
        return value;
      }
      case "pow": {
        const [b, n] = a;
        const [pb, pn] = binaryPartials("pow", b, n, e)!;
        if (!n.has(x)) {
          if (b.kind === "sym") {
            this.line("power rule", "(x^n)' = n\\,x^{n-1}", e, value, value);
            return value;
          }
          composite("chain rule with the power rule", "(u^n)' = n\\,u^{n-1}\\,u'", X.mul(pb, this.hole(b)), [b]);
          return value;
        }
        if (!b.has(x)) {
          if (n.kind === "sym") {
            this.line("exponential rule", "(a^x)' = a^x \\ln a", e, value, value);
            return value;
          }
          composite("chain rule with the exponential rule", "(a^u)' = a^u \\ln a \\; u'", X.mul(pn, this.hole(n)), [n]);
          return value;
        }
        composite("general power rule", "(u^v)' = v\\,u^{v-1}\\,u' + u^v \\ln u \\; v'", X.add(X.mul(pb, this.hole(b)), X.mul(pn, this.hole(n))), [b, n]);
        return value;
      }
      case "fn": {
        const op = e.name as UnaryName;
        const inner = a[0];
        const rule = `${category[op] ?? "table rule"} (row ${op})`;
        const f = unaryPartial(op, inner, e);
        if (inner.kind === "sym") {
          this.line(rule, rowFormula(op), e, value, value);
          return value;
        }
        composite(`chain rule; ${rule}`, `${rowFormula(op)},\\; (f(u))' = f'(u)\\,u'`, X.mul(f, this.hole(inner)), [inner]);
        return value;
      }
      case "bin": {
        const p = binaryPartials(e.name as BinaryName, a[0], a[1], e);
        if (!p) {
          this.line("comparison (piecewise constant)", "[u > v]' = 0", e, X.ZERO, value);
          return value;
        }
        const kids = a.filter((c) => c.has(x));
        composite(`${e.name} rule (row ${e.name})`, "", X.add(X.mul(p[0], this.hole(a[0])), X.mul(p[1], this.hole(a[1]))), kids);
        return value;
      }
      case "where":
        composite("piecewise rule", "", X.where(a[0], this.hole(a[1]), this.hole(a[2])), [a[1], a[2]].filter((c) => c.has(x)));
        return value;
      default:
        this.line("fundamental theorem of calculus", "\\tfrac{d}{dx}\\int_a^x f = f(x)", e, value, value);
        return value;
    }
  }
}

/**
 * The derivative as named steps (LaTeX `align*` in the kernel; `.steps` for code). The
 * last line is `sym.simplify(sym.diff(expr, x))`; the line before it is `sym.diff(expr, x)`.
 * @example
 * const d = sym.diffSteps("x^2*sin(x)", "x");
 * d.steps[0].rule;       // "product rule"
 * d.result.toString();   // "x*(x*cos(x) + 2*sin(x))"
 */
export function diffSteps(expr: ExprLike, x = "x"): Derivation {
  const e = X.toExpr(expr);
  const r = new Recorder(x);
  const raw = r.explain(e, true);
  const last = r.steps[r.steps.length - 1];
  if (!last.value) r.steps.push({ rule: "", formula: "", lhs: "", rhs: raw.toLatex(), text: ` = ${raw.toString()}`, value: raw });
  const simple = simplify(raw);
  if (simple !== raw) r.steps.push({ rule: "simplify", formula: "", lhs: "", rhs: simple.toLatex(), text: ` = ${simple.toString()}`, value: simple });
  return new Derivation(`d/d${x} [${e.toString()}]`, r.steps, simple);
}
