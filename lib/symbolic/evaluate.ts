/**
 * Numbers out of expressions: `evaluate` (an interpreter over the shared DAG), `lambdify`
 * (compiles to a JS function, each shared subtree computed once), `lambdifyTensor` (the
 * same expression on tensors, differentiable by autograd) and `subs`.
 */
import { unaryOps } from "../ops/unary";
import type { UnaryName } from "../ops/unary";
import { binaryOps } from "../ops/binary";
import type { BinaryName } from "../ops/binary";
import { Tensor } from "../tensor/tensor";
import type { TensorOrScalar } from "../tensor/tensor";
import { unary, binary } from "../ops/elementwise";
import { where as whereT } from "../ops/gather";
import { tensor } from "../tensor/create";
import * as X from "./expr";
import type { Expr, ExprLike } from "./expr";

/** Post-order of the distinct nodes (children before parents), iterative. */
export function postOrder(root: Expr): Expr[] {
  const out: Expr[] = [];
  const seen = new Set<number>();
  const stack: [Expr, boolean][] = [[root, false]];
  while (stack.length) {
    const [e, done] = stack.pop()!;
    if (done) {
      out.push(e);
      continue;
    }
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    stack.push([e, true]);
    if (e.kind !== "integral") for (let i = e.args.length - 1; i >= 0; i--) if (!seen.has(e.args[i].id)) stack.push([e.args[i], false]);
  }
  return out;
}

function missing(name: string, where: string): Error {
  return new Error(`${where}: no value for the variable '${name}' (give it, e.g. { ${name}: 1.5 })`);
}

/** Evaluate an unevaluated definite integral by adaptive Simpson quadrature. */
function integralValue(e: Expr, env: Record<string, number>): number {
  const [f, t, lo, hi] = e.args;
  if (!lo) throw new Error(`evaluate: an indefinite integral has no value (${e.toString()}); give bounds`);
  const a = evaluate(lo, env);
  const b = evaluate(hi, env);
  const g = (v: number) => evaluate(f, { ...env, [t.name]: v });
  return require("./quad").quad(g, a, b);
}

/**
 * The value of an expression at a point.
 * @example
 * sym.evaluate(sym.parse("x^2 + y"), { x: 1.5, y: 1 }); // 3.25
 */
export function evaluate(root: Expr, env: Record<string, number> = {}): number {
  const val = new Map<number, number>();
  for (const e of postOrder(root)) {
    let v: number;
    const a = e.args;
    const at = (i: number) => val.get(a[i].id)!;
    switch (e.kind) {
      case "num":
        v = e.num!.value;
        break;
      case "const":
        v = e.name === "pi" ? Math.PI : Math.E;
        break;
      case "sym":
        v = env[e.name];
        if (typeof v !== "number") throw missing(e.name, "evaluate");
        break;
      case "add":
        v = 0;
        for (let i = 0; i < a.length; i++) v += at(i);
        break;
      case "mul":
        v = 1;
        for (let i = 0; i < a.length; i++) v *= at(i);
        break;
      case "pow":
        v = powNum(at(0), at(1));
        break;
      case "fn":
        v = unaryOps[e.name as UnaryName].forward(at(0));
        break;
      case "bin":
        v = binaryOps[e.name as BinaryName].forward(at(0), at(1));
        break;
      case "where":
        v = at(0) !== 0 ? at(1) : at(2);
        break;
      case "integral":
        v = integralValue(e, env);
        break;
    }
    val.set(e.id, v);
  }
  return val.get(root.id)!;
}

/** Real power: an odd root of a negative number is real (cbrt), as on paper. */
export function powNum(b: number, e: number): number {
  if (b < 0 && !Number.isInteger(e)) {
    // (-8)^(1/3) = -2: a rational exponent with an odd denominator has a real value
    for (const q of [3, 5, 7, 9]) {
      const p = Math.round(e * q);
      if (Math.abs(p - e * q) < 1e-12) return (p % 2 === 0 ? 1 : -1) * Math.pow(-b, e);
    }
  }
  return Math.pow(b, e);
}

function jsNumber(v: number): string {
  return Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : `(${String(v)})`;
}

/**
 * Compile an expression into a fast JS function of the given variables (in that order).
 * Each shared subtree is computed once; the op table's own forward kernels are called.
 * @example
 * const f = sym.lambdify(sym.parse("sin(x)*y"), ["x", "y"]);
 * f(Math.PI / 2, 3); // 3
 */
export function lambdify(expr: ExprLike, vars: readonly string[]): (...args: number[]) => number {
  const root = X.toExpr(expr);
  for (const s of root.freeSymbols()) if (!vars.includes(s)) throw new Error(`lambdify: the expression uses '${s}', which is not among the variables [${vars.join(", ")}]`);
  const names = new Map<number, string>();
  const lines: string[] = [];
  const fns = new Map<string, (...a: number[]) => number>();
  let k = 0;
  for (const e of postOrder(root)) {
    const a = e.args.map((c) => names.get(c.id)!);
    let code: string;
    switch (e.kind) {
      case "num":
        names.set(e.id, jsNumber(e.num!.value));
        continue;
      case "const":
        names.set(e.id, e.name === "pi" ? "Math.PI" : "Math.E");
        continue;
      case "sym":
        names.set(e.id, `a${vars.indexOf(e.name)}`);
        continue;
      case "add":
        code = a.join(" + ");
        break;
      case "mul":
        code = a.join(" * ");
        break;
      case "pow": {
        const x = e.args[1].kind === "num" ? e.args[1].num!.value : NaN;
        const b = a[0];
        code =
          x === 2 ? `${b} * ${b}` : x === 3 ? `${b} * ${b} * ${b}` : x === -1 ? `1 / ${b}` : x === -2 ? `1 / (${b} * ${b})` :
          x === 0.5 ? `Math.sqrt(${b})` : Number.isInteger(x) ? `Math.pow(${b}, ${a[1]})` : `powNum(${b}, ${a[1]})`;
        break;
      }
      case "fn":
        fns.set(`f_${e.name}`, unaryOps[e.name as UnaryName].forward);
        code = `f_${e.name}(${a[0]})`;
        break;
      case "bin":
        fns.set(`b_${e.name}`, binaryOps[e.name as BinaryName].forward);
        code = `b_${e.name}(${a[0]}, ${a[1]})`;
        break;
      case "where":
        code = `(${a[0]} !== 0 ? ${a[1]} : ${a[2]})`;
        break;
      default:
        throw new Error(`lambdify: cannot compile an unevaluated integral (${e.toString()}); use evaluate, or integrate it first`);
    }
    const v = `t${k++}`;
    lines.push(`const ${v} = ${code};`);
    names.set(e.id, v);
  }
  const body = `${lines.join("\n")}\nreturn ${names.get(root.id)};`;
  const params = vars.map((_, i) => `a${i}`).join(", ");
  const fnNames = [...fns.keys()];
  const factory = new Function("powNum", ...fnNames, `return function compiled(${params}) {\n${body}\n};`);
  return factory(powNum, ...fnNames.map((n) => fns.get(n)));
}

/**
 * The expression as a function of tensors, built from the op table's tensor ops: the result
 * carries autograd history, so a symbolic derivative can be compared with autograd's.
 * @example
 * import { tensor, sym } from "gradlab";
 * const f = sym.lambdifyTensor("x^2 + sin(x)", ["x"]);
 * const x = tensor([0, 1, 2], { requiresGrad: true });
 * f(x).sum().backward(); // x.grad equals sym.diff("x^2 + sin(x)", "x") at 0, 1, 2
 */
export function lambdifyTensor(expr: ExprLike, vars: readonly string[]): (...args: TensorOrScalar[]) => Tensor {
  const root = X.toExpr(expr);
  for (const s of root.freeSymbols()) if (!vars.includes(s)) throw new Error(`lambdifyTensor: the expression uses '${s}', which is not among the variables [${vars.join(", ")}]`);
  const order = postOrder(root);
  return (...inputs: TensorOrScalar[]) => {
    if (inputs.length !== vars.length) throw new Error(`lambdifyTensor: expected ${vars.length} arguments (${vars.join(", ")}), got ${inputs.length}`);
    const val = new Map<number, Tensor | number>();
    const T = (v: Tensor | number): Tensor => (v instanceof Tensor ? v : tensor(v));
    for (const e of order) {
      const a = e.args.map((c) => val.get(c.id)!);
      let v: Tensor | number;
      const both = (op: BinaryName, x: Tensor | number, y: Tensor | number): Tensor | number =>
        typeof x === "number" && typeof y === "number" ? binaryOps[op].forward(x, y) : binary(op, x, y);
      switch (e.kind) {
        case "num":
          v = e.num!.value;
          break;
        case "const":
          v = e.name === "pi" ? Math.PI : Math.E;
          break;
        case "sym": {
          const x = inputs[vars.indexOf(e.name)];
          v = x instanceof Tensor ? x : Number(x);
          break;
        }
        case "add":
          v = a.reduce((s, t) => both("add", s, t));
          break;
        case "mul":
          v = a.reduce((s, t) => both("mul", s, t));
          break;
        case "pow":
          v = both("pow", a[0], a[1]);
          break;
        case "fn":
          v = typeof a[0] === "number" ? unaryOps[e.name as UnaryName].forward(a[0]) : unary(e.name as UnaryName, a[0]);
          break;
        case "bin":
          v = both(e.name as BinaryName, a[0], a[1]);
          break;
        case "where":
          v = whereT(T(binary("ne", T(a[0]), 0)), a[1], a[2]);
          break;
        default:
          throw new Error(`lambdifyTensor: cannot run an unevaluated integral (${e.toString()})`);
      }
      val.set(e.id, v);
    }
    return T(val.get(root.id)!);
  };
}

/**
 * Substitute variables (by name) or any subexpressions (a Map) and re-canonicalize.
 * @example
 * sym.parse("x^2 + y").subs({ x: "t + 1" }).toString(); // "(t + 1)^2 + y"
 */
export function subs(root: Expr, map: Record<string, ExprLike> | Map<Expr, ExprLike>): Expr {
  const m = new Map<number, Expr>();
  if (map instanceof Map) for (const [k, v] of map) m.set(X.toExpr(k).id, X.toExpr(v));
  else for (const k of Object.keys(map)) m.set(X.symbol(k).id, X.toExpr(map[k]));
  const memo = new Map<number, Expr>();
  const go = (e: Expr): Expr => {
    const r = m.get(e.id);
    if (r) return r;
    if (e.args.length === 0) return e;
    const hit = memo.get(e.id);
    if (hit) return hit;
    let args: Expr[];
    if (e.kind === "integral") {
      // the integration variable is bound: substitute only in the bounds
      const [f, t, ...bounds] = e.args;
      args = [m.has(t.id) ? f : go(f), t, ...bounds.map(go)];
    } else args = e.args.map(go);
    const out = args.every((a, i) => a === e.args[i]) ? e : X.make(e, args);
    memo.set(e.id, out);
    return out;
  };
  return go(root);
}
