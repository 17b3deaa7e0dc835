/**
 * Derivatives of matrix expressions: gradients by the differential + trace method,
 * derivatives with respect to a scalar, Jacobians of vector functions and Hessians of
 * scalar functions of a vector, in denominator or numerator layout. Each result names
 * its layout and carries the steps of its derivation.
 */
import type { Tensor } from "../tensor/tensor";
import { unaryOps, UnaryName } from "../ops/unary";
import { binaryOps, BinaryName } from "../ops/binary";
import { MatExpr, dependsOn, replace, symbolsOf, brief, named } from "./expr";
import * as B from "./build";
import { simplify } from "./simplify";
import { DifferentialOptions, NotDifferentiableError, differentialOf } from "./differential";
import { traceMethod } from "./trace";
import { jacobianMatrix, NoMatrixFormError } from "./linear";
import { Step, Steps } from "./steps";
import { isSymmetric, isZero } from "./props";
import { formatMatShape, ShapeError } from "./shape";
import { Dims, Value, bindDims, evalMatrix, natural, toMatrixTensor } from "./evaluate";

/**
 * "denominator" (gradient layout): ∂f/∂X has the shape of X, ∂y/∂x is n×m.
 * "numerator" (Jacobian layout): the transpose: ∂f/∂X has the shape of Xᵀ, ∂y/∂x is m×n.
 */
export type Layout = "denominator" | "numerator";

export type DerivativeKind = "gradient" | "jacobian" | "hessian" | "derivative";

export interface DerivativeOptions extends DifferentialOptions {
  /** Default "denominator" (the shape of X); "numerator" transposes. */
  layout?: Layout;
}

export interface EvaluateOptions {
  /** Sizes of symbolic dimensions not fixed by the values. */
  dims?: Dims;
  /**
   * At a kink of a non-smooth sub-expression (a norm at 0, |x| or relu at 0) the
   * derivative does not exist: "error" (default) throws naming the sub-expression;
   * "subgradient" evaluates the formula anyway (PyTorch's convention where it applies).
   */
  kinks?: "error" | "subgradient";
}

/** A non-smooth point of f: `arg` hits `points` (entrywise; `all`: every entry). */
interface Kink {
  node: MatExpr;
  arg: MatExpr;
  points: readonly number[];
  all: boolean;
  note: string;
}

const isConstant = (e: MatExpr): boolean => e.op === "num" || e.op === "ones" || e.op === "zeros" || e.op === "eye";

function kinksOf(f: MatExpr): Kink[] {
  const out: Kink[] = [];
  const seen = new Set<string>();
  const visit = (e: MatExpr, parent: MatExpr | null) => {
    if (seen.has(e.key)) return;
    seen.add(e.key);
    if (e.op === "unary") {
      const row = unaryOps[e.name as UnaryName];
      if (row.domain.kinks?.length) out.push({ node: e, arg: e.args[0], points: row.domain.kinks, all: false, note: row.kink ?? "" });
    } else if (e.op === "norm1") {
      out.push({ node: e, arg: e.args[0], points: [0], all: false, note: "the 1-norm has a corner where an entry is 0" });
    } else if (e.op === "norm2") {
      const squared = parent && parent.op === "binary" && parent.name === "pow" && parent.args[1].op === "num" && parent.args[1].value >= 2;
      if (!squared) out.push({ node: e, arg: e.args[0], points: [0], all: true, note: "the 2-norm has a cone point at 0" });
    } else if (e.op === "binary" && (e.name === "maximum" || e.name === "minimum")) {
      out.push({ node: e, arg: simplify(B.sub(e.args[0], e.args[1])), points: [0], all: false, note: "at a tie each argument gets half the gradient, as PyTorch" });
    } else if (e.op === "binary" && !binaryOps[e.name as BinaryName].deriv && (e.args.some((a) => !isConstant(a)))) {
      out.push({ node: e, arg: simplify(B.sub(e.args[0], e.args[1])), points: [0], all: false, note: "a comparison jumps where its sides are equal; elsewhere its derivative is 0" });
    }
    for (const a of e.args) visit(a, e);
  };
  visit(f, null);
  return out;
}

/** A derived derivative: the value, its layout and the derivation. */
export class Derivative {
  constructor(
    readonly kind: DerivativeKind,
    /** The function differentiated. */
    readonly of: MatExpr,
    /** The symbol it was differentiated by. */
    readonly wrt: MatExpr,
    readonly layout: Layout,
    /** The simplified result. */
    readonly value: MatExpr,
    /** The derivation, displayable as LaTeX. */
    readonly steps: Steps,
    readonly options: DifferentialOptions = {},
  ) {}

  get shape() { return this.value.shape; }

  /** "∂f/∂X", naming f by its text when short. */
  get label(): string {
    const f = this.of.toString();
    const name = f.length <= 24 ? `(${f})` : "f";
    const x = this.wrt.name;
    if (this.kind === "hessian") return this.wrt.isScalar ? `d²${name}/d${x}²` : `∂²${name}/∂${x}∂${x}ᵀ`;
    if (this.kind === "derivative") return `d${name}/d${x}`;
    return `∂${name}/∂${x}`;
  }

  /** The result alone, in matrixcalculus.org notation (re-parseable). */
  get text(): string { return this.value.toString(); }

  /** "[denominator layout, 3×4]". */
  get layoutNote(): string {
    const shape = this.value.isScalar ? "scalar" : formatMatShape(this.value.shape);
    return `${this.layout} layout, ${shape}`;
  }

  toString(): string {
    return `${this.label} = ${this.value}   [${this.layoutNote}]`;
  }

  toLatex(): string {
    const f = this.of.toLatex();
    const x = this.wrt.toLatex();
    const num = this.kind === "hessian" ? `\\partial^2 \\left(${f}\\right)` : this.kind === "derivative" ? `\\mathrm{d} \\left(${f}\\right)` : `\\partial \\left(${f}\\right)`;
    const den = this.kind === "hessian" ? `\\partial ${x}\\,\\partial ${x}^\\top` : this.kind === "derivative" ? `\\mathrm{d}${x}` : `\\partial ${x}`;
    return `\\frac{${num}}{${den}} = ${this.value.toLatex()} \\quad \\text{(${this.layout} layout)}`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/latex": `$$${this.toLatex()}$$`, "text/plain": this.toString() };
  }

  /**
   * The derivative at values of the symbols (scalars 0-d, vectors 1-d). At a kink of a
   * non-smooth sub-expression of f it throws, naming it (unless kinks: "subgradient").
   */
  evaluate(values: Record<string, Value>, opts: EvaluateOptions = {}): Tensor {
    const dims = bindDims([this.of, this.value], values, opts.dims);
    const env = new Map<string, Tensor>();
    for (const [name, s] of symbolsOf(this.value, symbolsOf(this.of))) {
      const v = values[name];
      if (v === undefined) throw new Error(`evaluate ${this.label}: no value for ${name} (${formatMatShape(s.shape)})`);
      env.set(name, toMatrixTensor(s, v, dims));
    }
    if ((opts.kinks ?? "error") === "error") checkKinks(this.of, env, dims);
    return natural(this.value, evalMatrix(this.value, env, dims));
  }
}

/** Throw NotDifferentiableError when a non-smooth sub-expression of f sits at its kink. */
export function checkKinks(f: MatExpr, env: ReadonlyMap<string, Tensor>, dims: Dims): void {
  for (const k of kinksOf(f)) {
    const v = evalMatrix(k.arg, env, dims).values();
    const hit = (x: number) => k.points.includes(x);
    const at = k.all ? (Array.from(v).every(hit) ? 0 : -1) : Array.from(v).findIndex(hit);
    if (at >= 0) {
      throw new NotDifferentiableError(k.node, `not differentiable here: ${k.all ? `${brief(k.arg)} = 0` : `entry ${at} of ${brief(k.arg)} is at the kink ${v[at]}`} (${k.note}); pass { kinks: "subgradient" } to evaluate the formula anyway`);
    }
  }
}

// ------------------------------------------------------------------ resolution and steps

/** The symbol `wrt` names in f (a name, or a symbol expression). */
export function resolveSymbol(f: MatExpr, wrt: MatExpr | string, who: string): MatExpr {
  if (typeof wrt !== "string") {
    if (wrt.op !== "sym") throw new TypeError(`${who}: differentiate with respect to a symbol, not ${named(wrt)}`);
    return wrt;
  }
  const s = symbolsOf(f).get(wrt);
  if (!s) throw new Error(`${who}: ${brief(f)} does not contain a symbol '${wrt}'; pass the symbol itself to get a zero derivative`);
  return s;
}

const D = (name: string) => `\\mathrm{d}${name}`;

function start(f: MatExpr, fName: string): Step[] {
  return [{ lhs: fName, lhsLatex: fName === "f" ? "f" : fName, expr: f, rule: "" }];
}

function differentialStep(f: MatExpr, x: MatExpr, opts: DifferentialOptions, fName: string): { df: MatExpr; step: Step } {
  const rules = new Set<string>();
  const raw = differentialOf(f, x, opts, rules);
  const df = raw ? simplify(raw) : B.zeroLike(f.shape);
  return { df, step: { lhs: `d${fName}`, lhsLatex: D(fName), expr: df, rule: raw ? [...rules].join("; ") : `${fName} does not depend on ${x.name}` } };
}

function layoutStep(value: MatExpr, layout: Layout, lhs: string, lhsLatex: string): { value: MatExpr; step: Step | null } {
  if (layout === "denominator") return { value, step: null };
  const t = simplify(B.transpose(value));
  return { value: t, step: { lhs, lhsLatex, expr: t, rule: "numerator layout: the transpose" } };
}

function checkLayout(layout: Layout | undefined): Layout {
  const l = layout ?? "denominator";
  if (l !== "denominator" && l !== "numerator") throw new TypeError(`layout must be "denominator" or "numerator" (got ${JSON.stringify(layout)})`);
  return l;
}

// ------------------------------------------------------------------ the derivatives

/**
 * ∂f/∂X of a scalar f, by the differential and trace method: df by the rules, rewritten
 * to tr(Gᵀ dX), then G simplified. For a symmetric X the result is the symmetric part
 * (G + Gᵀ)/2, the gradient among symmetric matrices.
 * @example
 * import { mat } from "gradlab";
 * const f = mat.parse("a'*X*b", "a:3,X:3x4,b:4");
 * const d = mat.grad(f, "X");
 * d.toString();  // "∂(a'*X*b)/∂X = a*b'   [denominator layout, 3×4]"
 * d.steps;       // df = a'*dX*b, = tr(b*a'*dX) (cyclic), ∂f/∂X = (b*a')' = a*b'
 */
export function grad(f: MatExpr, wrt: MatExpr | string, opts: DerivativeOptions = {}): Derivative {
  const layout = checkLayout(opts.layout);
  const x = resolveSymbol(f, wrt, "grad");
  if (!f.isScalar) throw new ShapeError(`grad: ${named(f)} is not a scalar; use jacobian for a vector function (or grad of a scalar such as sum(…) or tr(…))`);
  if (x.isScalar) return byScalar(f, x, { ...opts, layout });
  const steps = start(f, "f");
  const { df, step } = differentialStep(f, x, opts, "f");
  steps.push(step);
  const lhs = `∂f/∂${x.name}`;
  const lhsLatex = `\\frac{\\partial f}{\\partial ${x.toLatex()}}`;
  let G: MatExpr;
  if (!dependsOn(f, x.name) || isZero(df)) G = B.zeroLike(x.shape);
  else {
    const t = traceMethod(df, x);
    steps.push(...t.steps);
    steps.push({ lhs, lhsLatex, expr: t.G, rule: `read off: df = tr(Gᵀ d${x.name}) ⇒ ∂f/∂${x.name} = G` });
    G = simplify(t.G);
    if (G.key !== t.G.key) steps.push({ lhs: "", lhsLatex: "", expr: G, rule: "simplify" });
  }
  if (isSymmetric(x) && !isSymmetric(G)) {
    G = simplify(B.mul(0.5, B.add(G, B.transpose(G))));
    steps.push({ lhs: "", lhsLatex: "", expr: G, rule: `${x.name} is symmetric: the gradient among symmetric matrices is (G + Gᵀ)/2` });
  }
  const l = layoutStep(G, layout, `(${lhs})ᵀ`, `\\left(${lhsLatex}\\right)^\\top`);
  if (l.step) steps.push(l.step);
  return new Derivative("gradient", f, x, layout, l.value, new Steps(steps), opts);
}

/**
 * dF/dt for a scalar t and any F: the differential dF is (F′)·dt; F′ has F's shape
 * (numerator layout; denominator layout transposes, as some rule lists do).
 * Jacobi's formula comes out of it: d det(A(t))/dt = det(A) tr(A⁻¹ dA/dt).
 * @example
 * import { mat } from "gradlab";
 * const f = mat.parse("det(A + t*B)", "A:3x3,B:3x3,t:1");
 * mat.derivative(f, "t", { assumeInvertible: true }).text; // "det(A + t*B)*tr(inv(A + t*B)*B)"
 */
export function byScalar(F: MatExpr, wrt: MatExpr | string, opts: DerivativeOptions = {}): Derivative {
  const layout = checkLayout(opts.layout);
  const t = resolveSymbol(F, wrt, "derivative");
  if (!t.isScalar) throw new ShapeError(`derivative: ${named(t)} is not a scalar`);
  const fName = F.isScalar ? "f" : "F";
  const steps = start(F, fName);
  const { df, step } = differentialStep(F, t, opts, fName);
  steps.push(step);
  const one = simplify(replace(df, (e) => (e.op === "diff" ? B.num(1) : undefined)));
  const lhs = `d${fName}/d${t.name}`;
  const lhsLatex = `\\frac{\\mathrm{d}${fName}}{\\mathrm{d}${t.toLatex()}}`;
  steps.push({ lhs, lhsLatex, expr: one, rule: `d${t.name} is a scalar: d${fName} = ${fName}′·d${t.name}` });
  // numerator layout keeps F's shape; denominator transposes (scalars: the same)
  let value = one;
  if (layout === "denominator" && !F.isScalar) {
    value = simplify(B.transpose(one));
    steps.push({ lhs: `(${lhs})ᵀ`, lhsLatex: `\\left(${lhsLatex}\\right)^\\top`, expr: value, rule: "denominator layout: the transpose of the entrywise derivative (pass layout: \"numerator\" for F's shape)" });
  }
  return new Derivative("derivative", F, t, layout, value, new Steps(steps), opts);
}

/**
 * ∂y/∂x of a vector (or row vector) y by a vector x: dy written as J·dx. The default
 * layout here is "numerator" (J[i][j] = ∂yᵢ/∂xⱼ, the Jacobian); "denominator" gives Jᵀ.
 * @example
 * import { mat } from "gradlab";
 * mat.jacobian(mat.parse("A*x", "A:2x3,x:3"), "x").text;                            // "A"
 * mat.jacobian(mat.parse("A*x", "A:2x3,x:3"), "x", { layout: "denominator" }).text; // "A'"
 */
export function jacobian(y: MatExpr, wrt: MatExpr | string, opts: DerivativeOptions = {}): Derivative {
  const layout = checkLayout(opts.layout ?? "numerator");
  const x = resolveSymbol(y, wrt, "jacobian");
  if (x.isScalar) return byScalar(y, x, { ...opts, layout });
  if (!(x.cols === 1)) throw new ShapeError(`jacobian: ${named(x)} is not a vector; ∂Y/∂X by a matrix is a higher-order tensor with no matrix form (differentiate a scalar function of it with grad)`);
  if (y.isMatrix) throw new ShapeError(`jacobian: ${named(y)} is a matrix; ∂Y/∂x is a 3rd-order tensor with no matrix form (differentiate each column, or a scalar function of Y)`);
  const steps = start(y, "y");
  let yc = y;
  if (y.isRowVector) {
    yc = simplify(B.transpose(y));
    steps.push({ lhs: "yᵀ", lhsLatex: "y^\\top", expr: yc, rule: "y is a row vector: differentiate its entries as a column" });
  }
  const { df, step } = differentialStep(yc, x, opts, "y");
  steps.push(step);
  let J: MatExpr;
  try {
    J = simplify(dependsOn(yc, x.name) && !isZero(df) ? jacobianMatrix(df, x) : B.zeros(yc.rows, x.rows));
  } catch (e) {
    if (e instanceof NoMatrixFormError) throw new NotDifferentiableError(y, e.message);
    throw e;
  }
  const Jdx = B.mul(J, B.differential(x));
  if (Jdx.key !== df.key) steps.push({ lhs: "", lhsLatex: "", expr: Jdx, rule: `written as J·d${x.name} (s ⊙ (M d${x.name}) = diag(s) M d${x.name}; v·(rᵀd${x.name}) = v rᵀ d${x.name})` });
  const lhs = `∂y/∂${x.name}`;
  const lhsLatex = `\\frac{\\partial y}{\\partial ${x.toLatex()}}`;
  const value = layout === "numerator" ? J : simplify(B.transpose(J));
  steps.push({ lhs, lhsLatex, expr: value, rule: layout === "numerator" ? "numerator layout: J, with J[i][j] = ∂yᵢ/∂xⱼ" : "denominator layout: Jᵀ" });
  return new Derivative("jacobian", y, x, layout, value, new Steps(steps), opts);
}

/**
 * The Hessian ∂²f/∂x∂xᵀ of a scalar f of a vector x: the Jacobian of the gradient.
 * Symmetric for twice continuously differentiable f, so both layouts give the same matrix.
 * @example
 * import { mat } from "gradlab";
 * mat.hessian(mat.parse("x'*A*x", "A:3x3,x:3"), "x").text; // "A + A'"
 */
export function hessian(f: MatExpr, wrt: MatExpr | string, opts: DerivativeOptions = {}): Derivative {
  const layout = checkLayout(opts.layout);
  const x = resolveSymbol(f, wrt, "hessian");
  if (!f.isScalar) throw new ShapeError(`hessian: ${named(f)} is not a scalar`);
  if (x.isScalar) {
    const d1 = byScalar(f, x, opts);
    const d2 = byScalar(d1.value, x, opts);
    const t = x.toLatex();
    const relabel = (s: Step, i: number): Step => (i === 0
      ? { ...s, lhs: `d(df/d${x.name})`, lhsLatex: `\\mathrm{d}\\left(\\frac{\\mathrm{d}f}{\\mathrm{d}${t}}\\right)` }
      : { ...s, lhs: `d²f/d${x.name}²`, lhsLatex: `\\frac{\\mathrm{d}^2 f}{\\mathrm{d}${t}^2}` });
    const steps = [...d1.steps.items, ...d2.steps.items.slice(1).map(relabel)];
    return new Derivative("hessian", f, x, layout, d2.value, new Steps(steps), opts);
  }
  if (x.cols !== 1) {
    throw new ShapeError(`hessian: the Hessian with respect to the matrix ${named(x)} is a 4th-order tensor with no matrix form; differentiate with respect to a vector`);
  }
  const g = grad(f, x, { ...opts, layout: "denominator" });
  const J = jacobian(g.value, x, { ...opts, layout: "numerator" });
  const steps = [...g.steps.items];
  for (const s of J.steps.items.slice(1)) {
    if (s.lhs === "dy") steps.push({ ...s, lhs: `d(∂f/∂${x.name})`, lhsLatex: `\\mathrm{d}\\left(\\frac{\\partial f}{\\partial ${x.toLatex()}}\\right)` });
    else if (s.lhs.startsWith("∂y")) steps.push({ ...s, lhs: `∂²f/∂${x.name}∂${x.name}ᵀ`, lhsLatex: `\\frac{\\partial^2 f}{\\partial ${x.toLatex()}\\,\\partial ${x.toLatex()}^\\top}`, rule: "the Jacobian of the gradient" });
    else steps.push(s);
  }
  let H = J.value;
  if (layout === "numerator" && !isSymmetric(H)) {
    H = simplify(B.transpose(H));
    steps.push({ lhs: "", lhsLatex: "", expr: H, rule: "numerator layout: the transpose (equal for a smooth f)" });
  }
  return new Derivative("hessian", f, x, layout, H, new Steps(steps), opts);
}

/**
 * The derivative of f by a symbol, whatever the shapes: a gradient (scalar f), a
 * derivative by a scalar, or a vector-by-vector Jacobian; default layout "denominator".
 * Higher-order tensors (matrix by matrix, vector by matrix) are an error.
 * @example
 * import { mat } from "gradlab";
 * mat.derivative(mat.parse("x'*A", "A:3x2,x:3"), "x").text;                          // "A"
 * mat.derivative(mat.parse("x'*A", "A:3x2,x:3"), "x", { layout: "numerator" }).text; // "A'"
 */
export function derivative(f: MatExpr, wrt: MatExpr | string, opts: DerivativeOptions = {}): Derivative {
  const x = resolveSymbol(f, wrt, "derivative");
  if (x.isScalar) return byScalar(f, x, opts);
  if (f.isScalar) return grad(f, x, opts);
  if (x.cols === 1 && !f.isMatrix) return jacobian(f, x, { ...opts, layout: opts.layout ?? "denominator" });
  const order = (e: MatExpr) => (e.isMatrix ? 2 : 1);
  throw new ShapeError(`derivative: ∂Y/∂X of ${named(f)} by ${named(x)} is a tensor of order ${order(f) + order(x)} with no matrix form; differentiate a scalar function of it (e.g. tr(Gᵀ Y) or sum(Y)) instead`);
}

export { NotDifferentiableError };
