/**
 * Numeric verification of a claimed derivative: on random values of the symbols
 * (respecting their properties), the claim is compared with the tensor library's
 * autograd and with central differences. A wrong rule (a missing transpose, a
 * symmetric-only shortcut) shows up as a mismatch, with the numbers.
 */
import { Tensor } from "../tensor/tensor";
import { Generator } from "../tensor/random";
import { zeros } from "../tensor/create";
import { grad as autogradGrad } from "../autograd/engine";
import { MatExpr, symbolsOf, brief } from "./expr";
import { parse } from "./parse";
import { Derivative, DerivativeKind, Layout, checkKinks } from "./derivative";
import { Dims, Value, evalMatrix } from "./evaluate";
import { sampleEnv } from "./sample";
import { isSymmetric } from "./props";
import { ShapeError, formatMatShape } from "./shape";
import { nameTex } from "./latex";

export interface VerifyOptions {
  /** Layout of the claim (default: the Derivative's, else "denominator"). */
  layout?: Layout;
  /** The claim is the Hessian of f (a scalar function of a vector). */
  hessian?: boolean;
  /** Random draws (default 3). */
  trials?: number;
  /** Seed of the random values (default 0). */
  seed?: number;
  /** Sizes of symbolic dimensions (default: random 2 to 4). */
  dims?: Dims;
  /** Fixed values for some symbols (the others are random). */
  values?: Record<string, Value>;
  /** Tolerance against autograd, relative to 1 + max |reference| (default 1e-8). */
  rtol?: number;
  /** Tolerance against central differences (default 1e-5). */
  fdTol?: number;
  /** Central-difference step (default 1e-6). */
  h?: number;
  /** Throw a VerifyError (with the report) when a trial mismatches (default false: read `report.ok`). */
  raiseException?: boolean;
}

/**
 * Thrown by verify with `raiseException: true` when the claim does not match; `report`
 * has the trials and the numbers.
 * @example
 * import { mat } from "gradlab";
 * const f = mat.parse("x'*A*x", "A:3x3,x:3");
 * try { mat.verify(f, "x", "2*A*x", { raiseException: true }); } catch (e) { (e as Error).message; } // "verify ∂f/∂x = 2*A*x … FAIL …"
 */
export class VerifyError extends Error {
  constructor(readonly report: VerifyReport) {
    super(report.toString());
    this.name = "VerifyError";
  }
}

/** One random draw. */
export interface Trial {
  dims: Dims;
  /** The symbols' values (2-d). */
  values: Record<string, Tensor>;
  /** The claim, oriented as the reference (for a symmetric X: its symmetric part). */
  claimed: Tensor;
  autograd: Tensor;
  numeric: Tensor;
  /** max |claimed − autograd| / (1 + max |autograd|). */
  errAutograd: number;
  /** max |claimed − numeric| / (1 + max |numeric|). */
  errNumeric: number;
  /** Autograd against central differences: checks the check itself. */
  errReference: number;
  ok: boolean;
}

function maxAbs(t: Tensor): number {
  let m = 0;
  for (const v of t.values()) m = Math.max(m, Math.abs(v));
  return m;
}

function relErr(a: Tensor, b: Tensor): number {
  let m = 0;
  const x = a.values(), y = b.values();
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    m = Math.max(m, Number.isNaN(d) ? Infinity : d);
  }
  return m / (1 + maxAbs(b));
}

function oneHot(shape: readonly number[], k: number): Tensor {
  const t = zeros(shape);
  t.values()[k] = 1;
  return t;
}

function symPart(t: Tensor): Tensor {
  return t.add(t.t()).div(2);
}

/** The result of `verify`: per-trial errors, and the numbers when it fails. */
export class VerifyReport {
  constructor(
    readonly kind: DerivativeKind,
    readonly f: MatExpr,
    readonly wrt: MatExpr,
    readonly claimed: MatExpr,
    readonly layout: Layout,
    readonly trials: readonly Trial[],
    readonly notes: readonly string[],
  ) {}

  /** Every trial matched autograd and central differences. */
  get ok(): boolean { return this.trials.every((t) => t.ok); }
  get maxErrAutograd(): number { return Math.max(...this.trials.map((t) => t.errAutograd)); }
  get maxErrNumeric(): number { return Math.max(...this.trials.map((t) => t.errNumeric)); }
  /** The first failing trial, if any. */
  get failure(): Trial | undefined { return this.trials.find((t) => !t.ok); }

  private get what(): string {
    return this.kind === "gradient" ? `∂f/∂${this.wrt.name}` : this.kind === "hessian" ? `∂²f/∂${this.wrt.name}∂${this.wrt.name}ᵀ` : this.kind === "jacobian" ? `∂y/∂${this.wrt.name}` : `df/d${this.wrt.name}`;
  }

  toString(): string {
    const e = (v: number) => v.toExponential(1);
    const lines = [`verify ${this.what} = ${this.claimed}   [${this.layout} layout]   for f = ${brief(this.f, 70)}`];
    for (const n of this.notes) lines.push(`  note: ${n}`);
    lines.push("  trial  sizes                          |claimed − autograd|  |claimed − central diff.|");
    this.trials.forEach((t, i) => {
      const sizes = Object.entries(t.values).map(([k, v]) => `${k}:${v.shape.join("×")}`).join(" ");
      lines.push(`  ${String(i + 1).padEnd(6)} ${sizes.padEnd(30)} ${e(t.errAutograd).padEnd(21)} ${e(t.errNumeric).padEnd(25)} ${t.ok ? "ok" : "MISMATCH"}`);
    });
    const unsure = this.trials.find((t) => t.errReference > (1e-5));
    if (unsure) lines.push(`  warning: autograd and central differences disagree (${e(unsure.errReference)}): the reference itself is unreliable at these values`);
    const bad = this.failure;
    if (!bad) lines.push(`PASS: the claim matches autograd and central differences in ${this.trials.length} trial${this.trials.length > 1 ? "s" : ""}`);
    else {
      lines.push(`FAIL: the claim differs from autograd (relative error ${e(bad.errAutograd)}) and from central differences (${e(bad.errNumeric)}) at trial ${this.trials.indexOf(bad) + 1}:`);
      for (const [k, v] of Object.entries(bad.values)) lines.push(`  ${k} = ${indent(v.toString())}`);
      lines.push(`  claimed        = ${indent(bad.claimed.toString(), 19)}`);
      lines.push(`  autograd       = ${indent(bad.autograd.toString(), 19)}`);
      lines.push(`  central diff.  = ${indent(bad.numeric.toString(), 19)}`);
    }
    return lines.join("\n");
  }

  toLatex(): string {
    const head = `\\text{verify: } ${this.kind === "gradient" ? `\\frac{\\partial f}{\\partial ${nameTex(this.wrt.name)}}` : "D"} \\overset{?}{=} ${this.claimed.toLatex()} \\quad \\text{(${this.layout} layout)}`;
    const bad = this.failure;
    if (!bad) return `${head} \\quad \\checkmark \\;\\; \\text{${this.trials.length} trials, max error vs autograd } ${sci(this.maxErrAutograd)}\\text{, vs central differences } ${sci(this.maxErrNumeric)}`;
    return `${head} \\quad \\times \\\\ \\text{claimed } ${bmatrix(bad.claimed)} \\quad \\text{autograd } ${bmatrix(bad.autograd)} \\quad \\text{central differences } ${bmatrix(bad.numeric)}`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/latex": `$$\\begin{gathered}${this.toLatex()}\\end{gathered}$$`, "text/plain": this.toString() };
  }
}

function indent(s: string, n = 6): string {
  return s.replace(/\n/g, "\n" + " ".repeat(n));
}

function sci(v: number): string {
  const [m, p] = v.toExponential(1).split("e");
  return `${m}\\times 10^{${Number(p)}}`;
}

function bmatrix(t: Tensor): string {
  const [r, c] = t.ndim === 2 ? t.shape : [1, t.numel()];
  const v = t.values();
  const rows: string[] = [];
  for (let i = 0; i < r; i++) rows.push(Array.from({ length: c }, (_, j) => Number(v[i * c + j].toPrecision(4)).toString()).join(" & "));
  return `\\begin{bmatrix}${rows.join(" \\\\ ")}\\end{bmatrix}`;
}

/** The reference derivative by autograd, oriented: gradient as X, d/dt as F, Jacobian m×n, Hessian n×n. */
function autogradRef(kind: DerivativeKind, f: MatExpr, x: MatExpr, env: Map<string, Tensor>, dims: Dims): Tensor {
  const xT = env.get(x.name)!.detach().requiresGrad_(true);
  const env2 = new Map(env);
  env2.set(x.name, xT);
  const out = evalMatrix(f, env2, dims);
  const xs = [xT];
  if (!out.requiresGrad) {
    // f does not depend on x
    const n = kind === "gradient" ? xT.shape : kind === "derivative" ? out.shape : kind === "jacobian" ? [out.numel(), xT.numel()] : [xT.numel(), xT.numel()];
    return zeros(n);
  }
  if (kind === "gradient") return autogradGrad([out.reshape([])], xs, { allowUnused: true })[0];
  const rowsOf = (y: Tensor, make: boolean): Tensor[] => {
    const flat = y.reshape(-1);
    return Array.from({ length: flat.numel() }, (_, i) => {
      const [g] = autogradGrad([flat], xs, { gradOutputs: [oneHot([flat.numel()], i)], retainGraph: true, createGraph: make, allowUnused: true });
      return g.reshape(-1);
    });
  };
  if (kind === "derivative") {
    const entries = rowsOf(out, false).map((g) => g.item());
    return Tensor.fromData(Float64Array.from(entries), out.shape.slice(), "float64");
  }
  if (kind === "jacobian") return stackRows(rowsOf(out, false));
  const [g] = autogradGrad([out.reshape([])], xs, { createGraph: true });
  if (!g.requiresGrad) return zeros([xT.numel(), xT.numel()]);
  return stackRows(rowsOf(g, false));
}

function stackRows(rows: Tensor[]): Tensor {
  const n = rows[0].numel();
  const d = new Float64Array(rows.length * n);
  rows.forEach((r, i) => d.set(r.detach().values(), i * n));
  return Tensor.fromData(d, [rows.length, n], "float64");
}

/** The same reference by central differences (the Hessian: of the autograd gradient). */
function numericRef(kind: DerivativeKind, f: MatExpr, x: MatExpr, env: Map<string, Tensor>, dims: Dims, h: number, symmetric: boolean, gen: Generator): { value: Tensor; directions: Tensor[] | null } {
  const x0 = env.get(x.name)!;
  const at = (dx: Tensor, fn: (e: Map<string, Tensor>) => Tensor): Tensor => {
    const e = new Map(env);
    e.set(x.name, x0.add(dx));
    return fn(e);
  };
  const F = (e: Map<string, Tensor>) => evalMatrix(f, e, dims);
  const G = (e: Map<string, Tensor>) => autogradRef("gradient", f, x, e, dims);
  const n = x0.numel();
  const fn = kind === "hessian" ? G : F;
  const diff = (E: Tensor) => at(E.mul(h), fn).sub(at(E.mul(-h), fn)).div(2 * h).detach();
  if (kind === "gradient" && n > 400) {
    // large X: random directions E, compared as ⟨G, E⟩
    const dirs = Array.from({ length: 24 }, () => {
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = gen.normal();
      const E = Tensor.fromData(d, x0.shape.slice(), "float64");
      return symmetric ? symPart(E) : E;
    });
    return { value: Tensor.fromData(Float64Array.from(dirs.map((E) => diff(E).item())), [dirs.length], "float64"), directions: dirs };
  }
  const cols: Tensor[] = [];
  for (let k = 0; k < n; k++) {
    let E = oneHot(x0.shape, k);
    if (symmetric) E = symPart(E);
    cols.push(diff(E));
  }
  if (kind === "gradient") return { value: Tensor.fromData(Float64Array.from(cols.map((c) => c.item())), x0.shape.slice(), "float64"), directions: null };
  if (kind === "derivative") return { value: cols[0].reshape(cols[0].shape.slice()), directions: null };
  // Jacobian / Hessian: column k is the derivative along x_k
  return { value: stackRows(cols.map((c) => c.reshape(-1))).t().contiguous(), directions: null };
}

/** Orient the claim as the reference: transpose where the claim's layout differs. */
function orient(kind: DerivativeKind, layout: Layout, f: MatExpr, claimed: MatExpr): { transpose: boolean; expected: string } {
  if (kind === "gradient") return { transpose: layout === "numerator", expected: "the shape of X (denominator) or of Xᵀ (numerator)" };
  if (kind === "derivative") return { transpose: layout === "denominator" && !f.isScalar && !claimed.isScalar, expected: "the shape of F (numerator) or of Fᵀ (denominator)" };
  if (kind === "jacobian") return { transpose: layout === "denominator", expected: "m×n (numerator) or n×m (denominator)" };
  return { transpose: false, expected: "n×n" };
}

/**
 * Check a claimed derivative numerically: on random values, against autograd and
 * central differences. `claimed` is an expression, its text (parsed with f's symbols)
 * or a derived `Derivative`.
 * @example
 * import { mat } from "gradlab";
 * const f = mat.parse("x'*A*x", "A:3x3,x:3");
 * mat.verify(f, "x", "(A + A')*x").ok;  // true
 * mat.verify(f, "x", "2*A*x").ok;       // false: 2Ax holds only for symmetric A
 * mat.verify(mat.grad(f, "x"), { raiseException: true }); // throws a VerifyError on a mismatch
 */
export function verify(f: MatExpr | Derivative, wrt?: MatExpr | string | VerifyOptions, claimed?: MatExpr | Derivative | string, opts: VerifyOptions = {}): VerifyReport {
  if (f instanceof Derivative) {
    const d = f;
    const o = (wrt ?? {}) as VerifyOptions;
    return verify(d.of, d.wrt, d, { ...o, hessian: d.kind === "hessian", layout: d.layout });
  }
  if (wrt === undefined || claimed === undefined) throw new TypeError("verify(f, X, claimed, options?) or verify(derivative, options?)");
  const syms = symbolsOf(f);
  const x = typeof wrt === "string" ? syms.get(wrt) : (wrt as MatExpr);
  if (!x || x.op !== "sym") throw new Error(`verify: ${typeof wrt === "string" ? `'${wrt}' is not a symbol of ${brief(f)}` : "differentiate with respect to a symbol"}`);
  syms.set(x.name, x);
  let layout: Layout = opts.layout ?? "denominator";
  let claim: MatExpr;
  if (claimed instanceof Derivative) {
    claim = claimed.value;
    layout = opts.layout ?? claimed.layout;
  } else claim = typeof claimed === "string" ? parse(claimed, Object.fromEntries(syms)) : claimed;
  const kind: DerivativeKind = opts.hessian ? "hessian" : x.isScalar ? "derivative" : f.isScalar ? "gradient" : "jacobian";
  if (kind === "jacobian" && (f.isMatrix || x.cols !== 1)) throw new ShapeError(`verify: ∂Y/∂X of ${f.describe()} by ${x.describe()} has no matrix form`);
  if (kind === "hessian" && (!f.isScalar || x.cols !== 1)) throw new ShapeError(`verify: a Hessian needs a scalar f and a vector x`);
  const { transpose, expected } = orient(kind, layout, f, claim);
  const symmetric = kind === "gradient" && isSymmetric(x);
  const notes: string[] = [];
  if (symmetric) notes.push(`${x.name} is symmetric: compared are symmetric parts (G + Gᵀ)/2, the gradient among symmetric matrices`);
  const gen = new Generator(opts.seed ?? 0);
  const h = opts.h ?? 1e-6;
  const trials: Trial[] = [];
  for (let k = 0; k < (opts.trials ?? 3); k++) {
    const drawn = draw(f, claim, gen, opts);
    const { env, dims } = drawn;
    const ref = autogradRef(kind, f, x, env, dims);
    const { value: num, directions } = numericRef(kind, f, x, env, dims, h, symmetric, gen);
    let c = evalMatrix(claim, env, dims).detach();
    if (transpose) c = c.t().contiguous();
    const want = kind === "derivative" ? ref.shape : kind === "gradient" ? env.get(x.name)!.shape : ref.shape;
    if (c.shape.length !== want.length || c.shape.some((s, i) => s !== want[i])) {
      throw new ShapeError(`verify: the claim ${brief(claim)} (${formatMatShape(claim.shape)}) does not have the shape of ${kind === "gradient" ? `∂f/∂${x.name}` : "the derivative"} in ${layout} layout: expected ${expected}, here [${want.join("×")}]${transpose ? "" : "; is it in the other layout?"}`);
    }
    let auto = ref;
    if (symmetric) {
      c = symPart(c);
      auto = symPart(ref);
    }
    let errNumeric: number;
    let errReference: number;
    let numeric = num;
    if (directions) {
      const dot = (G: Tensor) => Tensor.fromData(Float64Array.from(directions.map((E) => G.mul(E).sum().item())), [directions.length], "float64");
      errNumeric = relErr(dot(c), num);
      errReference = relErr(dot(auto), num);
      numeric = auto;
    } else {
      errNumeric = relErr(c, num);
      errReference = relErr(auto, num);
    }
    const errAutograd = relErr(c, auto);
    const values: Record<string, Tensor> = {};
    for (const [name, v] of env) values[name] = v;
    trials.push({
      dims, values, claimed: c, autograd: auto, numeric, errAutograd, errNumeric, errReference,
      ok: errAutograd <= (opts.rtol ?? 1e-8) && errNumeric <= (opts.fdTol ?? 1e-5),
    });
    if (drawn.positive && k === 0) notes.push("values drawn positive (f is not finite at normal random values)");
  }
  const report = new VerifyReport(kind, f, x, claim, layout, trials, notes);
  if (opts.raiseException && !report.ok) throw new VerifyError(report);
  return report;
}

/** Random values at which f and the claim are finite and f is smooth. */
function draw(f: MatExpr, claim: MatExpr, gen: Generator, opts: VerifyOptions): { env: Map<string, Tensor>; dims: Dims; positive: boolean } {
  let lastError = "";
  for (let attempt = 0; attempt < 8; attempt++) {
    const positive = attempt >= 4;
    const { env, dims } = sampleEnv([f, claim], gen, { dims: opts.dims, values: opts.values, positive });
    try {
      const v = evalMatrix(f, env, dims).values();
      if (!Array.from(v).every(Number.isFinite)) {
        lastError = `f is not finite there (${Array.from(v).slice(0, 3).join(", ")})`;
        continue;
      }
      checkKinks(f, env, dims);
      const c = evalMatrix(claim, env, dims).values();
      if (!Array.from(c).every(Number.isFinite)) {
        lastError = "the claim is not finite there";
        continue;
      }
      return { env, dims, positive };
    } catch (e) {
      lastError = (e as Error).message;
    }
  }
  throw new Error(`verify: no random values found where ${brief(f)} is finite and smooth (last problem: ${lastError}); pass values: { … }`);
}
