/**
 * The matrix-expression type: an immutable tree whose every node knows its shape
 * (scalars are 1×1, column vectors n×1). Nodes are built by the functions in build.ts,
 * which check shapes; the methods here are shorthands for them.
 */
import type { UnaryName } from "../ops/unary";
import type { BinaryName } from "../ops/binary";
import { MatShape, SymbolProps, formatMatShape, isScalarShape } from "./shape";
import * as B from "./build";
import { toText } from "./print";
import { toLatex } from "./latex";

/** Structural operations besides the elementwise rows of the op table. */
export type StructOp =
  | "transpose" | "inv" | "det" | "logdet" | "adj" | "tr" | "sum" | "diag"
  | "norm1" | "norm2" | "softmax" | "logsoftmax";

export type Op =
  | "sym" | "num" | "ones" | "eye" | "zeros" | "diff"
  | "add" | "mul" | "unary" | "binary" | StructOp;

/** A number or an expression; numbers become scalar constants. */
export type MatLike = MatExpr | number;

/**
 * A shaped matrix expression.
 * @example
 * import { mat } from "gradlab";
 * const A = mat.matrix("A", [3, 3]), x = mat.vector("x", 3);
 * const f = x.T.mul(A).mul(x);   // x'*A*x, a scalar
 * f.toString();                  // "x'*A*x"
 * mat.grad(f, x).toString();     // "∂(x'*A*x)/∂x = (A + A')*x   [denominator layout, 3×1]"
 */
export class MatExpr {
  private keyCache?: string;

  /** @internal Use the builders (mat.matrix, mat.add, …), which check shapes. */
  constructor(
    readonly op: Op,
    readonly args: readonly MatExpr[],
    readonly shape: MatShape,
    /** sym: the name; unary/binary: the op-table row name. */
    readonly name: string = "",
    /** num: the value. */
    readonly value: number = 0,
    /** sym: its properties. */
    readonly props: SymbolProps = {},
  ) {}

  get rows() { return this.shape[0]; }
  get cols() { return this.shape[1]; }
  /** 1×1. */
  get isScalar(): boolean { return isScalarShape(this.shape); }
  /** n×1 with n ≠ 1. */
  get isVector(): boolean { return this.shape[1] === 1 && this.shape[0] !== 1; }
  /** 1×n with n ≠ 1. */
  get isRowVector(): boolean { return this.shape[0] === 1 && this.shape[1] !== 1; }
  /** Neither a scalar nor a vector. */
  get isMatrix(): boolean { return this.shape[0] !== 1 && this.shape[1] !== 1; }
  /** The elementwise row name (unary/binary nodes). */
  get fn(): UnaryName | BinaryName { return this.name as UnaryName | BinaryName; }

  /** A canonical string: equal keys mean structurally equal expressions. */
  get key(): string {
    if (this.keyCache === undefined) this.keyCache = keyOf(this);
    return this.keyCache;
  }

  equals(other: MatExpr): boolean {
    return this === other || this.key === other.key;
  }

  /** Transpose. */
  get T(): MatExpr { return B.transpose(this); }
  /** this + b (a scalar adds to every entry). */
  add(b: MatLike): MatExpr { return B.add(this, b); }
  sub(b: MatLike): MatExpr { return B.sub(this, b); }
  /** Matrix product, or scaling when either side is a scalar (the notation's `*`). */
  mul(b: MatLike): MatExpr { return B.mul(this, b); }
  /** Hadamard (elementwise) product `.*`. */
  hadamard(b: MatLike): MatExpr { return B.hadamard(this, b); }
  /** Elementwise division `./` (or `/` by a scalar). */
  div(b: MatLike): MatExpr { return B.div(this, b); }
  /** Scalar power `^` (this must be a scalar); use `epow` for `.^`. */
  pow(p: MatLike): MatExpr { return B.power(this, p); }
  /** Elementwise power `.^`. */
  epow(p: MatLike): MatExpr { return B.binary("pow", this, p); }
  neg(): MatExpr { return B.neg(this); }
  inv(): MatExpr { return B.inv(this); }
  det(): MatExpr { return B.det(this); }
  logdet(): MatExpr { return B.logdet(this); }
  tr(): MatExpr { return B.tr(this); }
  sum(): MatExpr { return B.sum(this); }

  /** matrixcalculus.org notation, re-parseable by `mat.parse`. */
  toString(): string { return toText(this); }
  /** LaTeX. */
  toLatex(): string { return toLatex(this); }
  /** "x'*A*x (scalar)" style description for messages. */
  describe(): string { return `${toText(this)} (${this.isScalar ? "scalar" : formatMatShape(this.shape)})`; }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/latex": `$${this.toLatex()}$` };
  }
}

/** The structural key: op, name or value, and the arguments' keys, in order. */
function keyOf(e: MatExpr): string {
  switch (e.op) {
    case "sym": return e.name;
    case "num": return `#${e.value}`;
    case "ones": case "zeros": case "eye": return `${e.op}(${e.rows},${e.cols})`;
    case "diff": return `d⟨${e.args[0].name}⟩`;
    default: return `${e.op}${e.name ? ":" + e.name : ""}(${e.args.map((a) => a.key).join(",")})`;
  }
}

/** Whether `e` contains the symbol named `name` (or its differential). */
export function dependsOn(e: MatExpr, name: string): boolean {
  if (e.op === "sym") return e.name === name;
  if (e.op === "diff") return e.args[0].name === name;
  return e.args.some((a) => dependsOn(a, name));
}

/** Whether `e` contains a differential node. */
export function hasDiff(e: MatExpr): boolean {
  if (e.op === "diff") return true;
  return e.args.some(hasDiff);
}

/** Every symbol in `e`, by name (first occurrence). */
export function symbolsOf(e: MatExpr, out: Map<string, MatExpr> = new Map()): Map<string, MatExpr> {
  if (e.op === "sym") {
    if (!out.has(e.name)) out.set(e.name, e);
  } else for (const a of e.args) symbolsOf(a, out);
  return out;
}

/** Replace every node for which `f` returns an expression (children first are not visited then). */
export function replace(e: MatExpr, f: (e: MatExpr) => MatExpr | undefined): MatExpr {
  const r = f(e);
  if (r) return r;
  if (e.args.length === 0) return e;
  let changed = false;
  const args = e.args.map((a) => {
    const b = replace(a, f);
    if (b !== a) changed = true;
    return b;
  });
  return changed ? B.rebuild(e, args) : e;
}

/** Short text of an expression for error messages (long ones are cut in the middle). */
export function brief(e: MatExpr, max = 60): string {
  const t = toText(e);
  return t.length <= max ? t : `${t.slice(0, max / 2 - 2)} … ${t.slice(t.length - max / 2 + 2)}`;
}

/** "A (3×4)" for error messages. */
export function named(e: MatExpr): string {
  return `${brief(e)} (${formatMatShape(e.shape)})`;
}
