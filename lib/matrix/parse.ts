/**
 * Parser for matrixcalculus.org's notation, with the symbols' shapes given alongside:
 * `+ - * /` (`*` is the matrix product or scaling by a scalar), `^` (scalar power),
 * `.* ./ .^` (elementwise), `'` (transpose), elementwise functions (the op table's
 * unary rows: sin cos tan exp log tanh abs sign relu sigmoid sqrt …), and
 * `sum norm1 norm2 tr det logdet inv adj diag softmax logsoftmax eye ones zeros max min`.
 * Comparisons `> < >= <= == !=` (0/1 masks) and `#` comments are read too, so every
 * printed result parses back. Errors point a caret at the offending character.
 */
import type { UnaryName } from "../ops/unary";
import { unaryOps } from "../ops/unary";
import type { BinaryName } from "../ops/binary";
import { MatExpr } from "./expr";
import * as B from "./build";
import { Dim, ShapeLike, parseShapes } from "./shape";

/** A parse error; `message` shows the source with a caret under `pos`. */
export class ParseError extends SyntaxError {
  override name = "ParseError";
  constructor(readonly reason: string, readonly source: string, readonly pos: number) {
    super(`${reason}\n  ${source}\n  ${" ".repeat(Math.max(0, pos))}^`);
  }
}

type TokKind = "num" | "id" | "op" | "end";
interface Tok { kind: TokKind; text: string; pos: number }

const OPS = [".*", "./", ".^", ">=", "<=", "==", "!=", "+", "-", "*", "/", "^", "'", "(", ")", ",", ">", "<"];
const ALIASES: Record<string, string> = { "⊙": ".*", "⊘": "./", "ᵀ": "'", "·": "*", "−": "-" };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "#") break;
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(\d+(\.(?![*/^])\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      toks.push({ kind: "num", text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z_0-9]*/.exec(src.slice(i));
    if (id) {
      toks.push({ kind: "id", text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    if (ALIASES[c]) {
      toks.push({ kind: "op", text: ALIASES[c], pos: i });
      i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ParseError(`unexpected character '${c}'`, src, i);
    toks.push({ kind: "op", text: op, pos: i });
    i += op.length;
  }
  toks.push({ kind: "end", text: "", pos: src.length });
  return toks;
}

const STRUCT = new Set(["tr", "det", "logdet", "inv", "adj", "sum", "diag", "norm1", "norm2", "softmax", "logsoftmax"]);
const CMP: Record<string, BinaryName> = { ">": "gt", ">=": "ge", "<": "lt", "<=": "le", "==": "eq", "!=": "ne" };

/** Symbols by name: shapes (with properties) or already built symbols. */
export type Shapes = string | Record<string, ShapeLike | MatExpr>;

class Parser {
  private i = 0;
  private readonly toks: Tok[];
  private readonly symbols = new Map<string, MatExpr>();

  constructor(private readonly src: string, shapes: Shapes) {
    this.toks = tokenize(src);
    const specs = typeof shapes === "string" ? parseShapes(shapes) : shapes;
    for (const [name, s] of Object.entries(specs)) {
      this.symbols.set(name, s instanceof MatExpr ? s : B.symbol(name, s as ShapeLike));
    }
  }

  private get tok(): Tok { return this.toks[this.i]; }
  private next(): Tok { return this.toks[this.i++]; }
  private isOp(text: string): boolean { return this.tok.kind === "op" && this.tok.text === text; }
  private fail(reason: string, pos = this.tok.pos): never { throw new ParseError(reason, this.src, pos); }
  private expect(text: string, what: string): void {
    if (!this.isOp(text)) this.fail(`expected '${text}' ${what}, found ${this.tok.kind === "end" ? "the end of the input" : `'${this.tok.text}'`}`);
    this.i++;
  }

  /** Run a builder; a shape error gets a caret at `pos`. */
  private build(pos: number, f: () => MatExpr): MatExpr {
    try {
      return f();
    } catch (e) {
      if (e instanceof ParseError) throw e;
      this.fail((e as Error).message, pos);
    }
  }

  parse(): MatExpr {
    if (this.tok.kind === "end") this.fail("empty expression");
    const e = this.comparison();
    if ((this.tok.kind as TokKind) !== "end") this.fail(this.isOp(")") ? "unmatched ')'" : `unexpected '${this.tok.text}'`);
    return e;
  }

  private comparison(): MatExpr {
    const a = this.additive();
    const t = this.tok;
    if (t.kind === "op" && CMP[t.text]) {
      this.i++;
      const b = this.additive();
      return this.build(t.pos, () => B.binary(CMP[t.text], a, b));
    }
    return a;
  }

  private additive(): MatExpr {
    let a = this.term();
    while (this.isOp("+") || this.isOp("-")) {
      const t = this.next();
      const b = this.term();
      const x = a;
      a = this.build(t.pos, () => (t.text === "+" ? B.add(x, b) : B.sub(x, b)));
    }
    return a;
  }

  private term(): MatExpr {
    let a = this.unary();
    for (;;) {
      const t = this.tok;
      if (t.kind !== "op" || !["*", "/", ".*", "./"].includes(t.text)) return a;
      this.i++;
      const b = this.unary();
      const x = a;
      a = this.build(t.pos, () => {
        if (t.text === "*") return B.mul(x, b);
        if (t.text === ".*") return B.hadamard(x, b);
        if (t.text === "./") return B.div(x, b);
        if (!b.isScalar) throw new Error(`${x} / ${b.describe()}: '/' divides by a scalar; for elementwise division write ./ (matrix right-division is not supported)`);
        return B.div(x, b);
      });
    }
  }

  private unary(): MatExpr {
    if (this.isOp("-")) {
      const t = this.next();
      const a = this.unary();
      return this.build(t.pos, () => B.neg(a));
    }
    if (this.isOp("+")) {
      this.i++;
      return this.unary();
    }
    return this.power();
  }

  private power(): MatExpr {
    const a = this.postfix();
    if (this.isOp("^") || this.isOp(".^")) {
      const t = this.next();
      const b = this.unary();
      return this.build(t.pos, () => (t.text === "^" && !(a.isScalar && !b.isScalar) ? B.power(a, b) : B.binary("pow", a, b)));
    }
    return a;
  }

  private postfix(): MatExpr {
    let a = this.primary();
    while (this.isOp("'")) {
      this.i++;
      a = B.transpose(a);
    }
    return a;
  }

  private primary(): MatExpr {
    const t = this.tok;
    if (t.kind === "num") {
      this.i++;
      return B.num(Number(t.text));
    }
    if (this.isOp("(")) {
      this.i++;
      const e = this.comparison();
      this.expect(")", "to close '('");
      return e;
    }
    if (t.kind === "id") {
      this.i++;
      if (this.isOp("(")) return this.call(t);
      const s = this.symbols.get(t.text);
      if (!s) {
        const known = [...this.symbols.keys()];
        this.fail(`unknown symbol '${t.text}': give its shape (e.g. "${t.text}:3x3" for a matrix, "${t.text}:3" for a vector, "${t.text}:1" for a scalar)${known.length ? `; known: ${known.join(", ")}` : ""}`, t.pos);
      }
      return s;
    }
    if (t.kind === "end") this.fail("unexpected end of the input");
    this.fail(`unexpected '${t.text}'`);
  }

  private dims(fn: string): Dim[] {
    const out: Dim[] = [];
    this.expect("(", `after ${fn}`);
    for (;;) {
      const t = this.next();
      if (t.kind === "num" && /^\d+$/.test(t.text)) out.push(Number(t.text));
      else if (t.kind === "id") out.push(t.text);
      else this.fail(`${fn}: expected a dimension (an integer or a name)`, t.pos);
      if (this.isOp(",")) { this.i++; continue; }
      this.expect(")", `to close '${fn}('`);
      return out;
    }
  }

  private args(fn: string): MatExpr[] {
    this.expect("(", `after ${fn}`);
    const out: MatExpr[] = [];
    if (this.isOp(")")) this.fail(`${fn}() needs an argument`);
    for (;;) {
      out.push(this.comparison());
      if (this.isOp(",")) { this.i++; continue; }
      this.expect(")", `to close '${fn}('`);
      return out;
    }
  }

  private call(t: Tok): MatExpr {
    const fn = t.text;
    if (fn === "eye" || fn === "ones" || fn === "zeros") {
      const d = this.dims(fn);
      const max = fn === "eye" ? 1 : 2;
      if (d.length > max) this.fail(`${fn} takes ${max === 1 ? "one dimension" : "one or two dimensions"}`, t.pos);
      return this.build(t.pos, () => (fn === "eye" ? B.eye(d[0]) : fn === "ones" ? B.ones(d[0], d[1] ?? 1) : B.zeros(d[0], d[1] ?? 1)));
    }
    const args = this.args(fn);
    const one = (): MatExpr => {
      if (args.length !== 1) this.fail(`${fn} takes one argument (got ${args.length})`, t.pos);
      return args[0];
    };
    if (fn === "vector" || fn === "matrix") {
      // matrixcalculus.org's constant vector/matrix: a scalar that broadcasts where it is added
      const a = one();
      if (!a.isScalar) this.fail(`${fn}(c) takes a scalar c`, t.pos);
      return a;
    }
    if (fn === "max" || fn === "min") {
      if (args.length !== 2) this.fail(`${fn} takes two arguments (elementwise ${fn === "max" ? "maximum" : "minimum"})`, t.pos);
      return this.build(t.pos, () => B.binary(fn === "max" ? "maximum" : "minimum", args[0], args[1]));
    }
    if (STRUCT.has(fn)) {
      const a = one();
      return this.build(t.pos, () => B.structural(fn as Parameters<typeof B.structural>[0], a));
    }
    if (fn in unaryOps) {
      const a = one();
      return this.build(t.pos, () => B.unary(fn as UnaryName, a));
    }
    const fns = ["tr", "det", "logdet", "inv", "sum", "norm1", "norm2", "softmax", "logsoftmax", "diag", "adj", "eye", "ones", "zeros", "max", "min", ...Object.keys(unaryOps)];
    this.fail(`unknown function '${fn}' (known: ${fns.join(" ")})`, t.pos);
  }
}

/**
 * Parse an expression in matrixcalculus.org's notation. Shapes are given alongside, as
 * a string ("A:3x4,x:4,S:3x3:sym,t:1") or an object ({ A: [3, 4], x: 4, t: [] }).
 * @example
 * import { mat } from "gradlab";
 * const f = mat.parse("norm2(X*w - y)^2", "X:5x3,w:3,y:5");
 * f.toString(); // "norm2(X*w - y)^2"
 */
export function parse(text: string, shapes: Shapes = {}): MatExpr {
  return new Parser(text, shapes).parse();
}
