/**
 * `sym.parse`: text to expression. Grammar (lowest precedence first):
 *
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary | implicit)*      implicit: 2x, 2(x+1), 3sin(x), (a)(b)
 *   unary   := ("-" | "+") unary | power
 *   power   := atom (("^" | "**") unary)?                  right-associative: 2^3^2 = 2^9
 *   atom    := number | name | name "(" args ")" | "(" sum ")" | "|" sum "|"
 *
 * Numbers: integer, decimal, scientific (1.5e-3), kept exact (0.125 = 1/8). Names: pi
 * (or π), e, inf, nan, and variables. A name directly followed by "(" must be a function
 * (write x*(x+1), not x(x+1), so f(x) is never read as f·x). Functions: the op table's (exp log sqrt abs sign sin cos tan
 * asin acos atan sinh cosh tanh sigmoid relu) plus ln, log(b, x) (base b), arcsin,
 * arccos, arctan, sec, csc, cot, arccot, max, min, the comparisons gt ge lt le eq ne
 * (1 or 0), where(c, a, b) and Integral(f, x[, a, b]). Composed ones (sec = 1/cos…)
 * are built from table ops.
 */
import type { UnaryName } from "../ops/unary";
import { binaryNames } from "../ops/binary";
import * as X from "./expr";
import type { Expr, BinName } from "./expr";
import { fromDecimal, float as floatOf } from "./number";

/**
 * A syntax error: `position` (0-based) and `column` (1-based) locate the bad character;
 * the message ends with the input and a caret line under it.
 * @example
 * try { sym.parse("2*(x+1))"); } catch (e) { (e as ParseError).column; } // 8
 */
export class ParseError extends SyntaxError {
  /** The one-line reason with the column, e.g. "unexpected ')' at column 8". */
  readonly reason: string;
  constructor(readonly input: string, readonly position: number, what: string) {
    const column = position + 1;
    const reason = `${what} at column ${column}`;
    super(`${reason}\n  ${input}\n  ${" ".repeat(position)}^`);
    this.name = "ParseError";
    this.reason = reason;
  }
  /** 1-based column of the bad character. */
  get column(): number {
    return this.position + 1;
  }
  /** The input and a caret under the bad character (two lines). */
  get caret(): string {
    return `${this.input}\n${" ".repeat(this.position)}^`;
  }
}

type TokKind = "num" | "name" | "op" | "end";
interface Token {
  kind: TokKind;
  text: string;
  pos: number;
}

const OPS = new Set(["+", "-", "*", "/", "^", "(", ")", ",", "|"]);

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (num) {
      // "2e" followed by a non-digit is 2·e, not a malformed exponent
      out.push({ kind: "num", text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*/.exec(s.slice(i, i + 200));
    if (name) {
      out.push({ kind: "name", text: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    if (c === "*" && s[i + 1] === "*") {
      out.push({ kind: "op", text: "^", pos: i });
      i += 2;
      continue;
    }
    if (c === "·" || c === "×") {
      out.push({ kind: "op", text: "*", pos: i });
      i++;
      continue;
    }
    if (c === "−") {
      out.push({ kind: "op", text: "-", pos: i });
      i++;
      continue;
    }
    if (OPS.has(c)) {
      out.push({ kind: "op", text: c, pos: i });
      i++;
      continue;
    }
    const shown = c === "'" || c === '"' ? c : JSON.stringify(c).slice(1, -1);
    throw new ParseError(s, i, `unexpected character '${shown}'`);
  }
  out.push({ kind: "end", text: "", pos: s.length });
  return out;
}

const tableFns: Record<string, UnaryName> = {
  exp: "exp", log: "log", ln: "log", sqrt: "sqrt", abs: "abs", sign: "sign", sin: "sin", cos: "cos", tan: "tan",
  asin: "asin", acos: "acos", atan: "atan", arcsin: "asin", arccos: "acos", arctan: "atan",
  sinh: "sinh", cosh: "cosh", tanh: "tanh", sigmoid: "sigmoid", relu: "relu",
};

const inv = (u: Expr) => X.pow(u, X.MINUS_ONE);
/** Functions the op table lacks, composed from its rows. */
const composed: Record<string, { arity: number[]; make: (a: Expr[]) => Expr }> = {
  // log_b x = ln x / ln b
  log: { arity: [1, 2], make: (a) => (a.length === 1 ? X.fn("log", a[0]) : X.div(X.fn("log", a[1]), X.fn("log", a[0]))) },
  // sec x = 1 / cos x
  sec: { arity: [1], make: ([u]) => inv(X.fn("cos", u)) },
  // csc x = 1 / sin x
  csc: { arity: [1], make: ([u]) => inv(X.fn("sin", u)) },
  // cot x = cos x / sin x
  cot: { arity: [1], make: ([u]) => X.div(X.fn("cos", u), X.fn("sin", u)) },
  // arccot x = π/2 − arctan x (range (0, π))
  arccot: { arity: [1], make: ([u]) => X.sub(X.mul(X.HALF, X.PI), X.fn("atan", u)) },
  max: { arity: [2], make: ([a, b]) => X.bin("maximum", a, b) },
  min: { arity: [2], make: ([a, b]) => X.bin("minimum", a, b) },
  maximum: { arity: [2], make: ([a, b]) => X.bin("maximum", a, b) },
  minimum: { arity: [2], make: ([a, b]) => X.bin("minimum", a, b) },
  where: { arity: [3], make: ([c, a, b]) => X.where(c, a, b) },
  pow: { arity: [2], make: ([a, b]) => X.pow(a, b) },
};
// every other binary row of the op table by its own name (comparisons, binaryCrossEntropy…)
// (+ - * / ^ have their own syntax and canonical nodes)
for (const c of binaryNames) if (!["add", "sub", "mul", "div"].includes(c)) composed[c] ??= { arity: [2], make: ([a, b]) => X.bin(c as BinName, a, b) };

/** Every function name the parser knows (for error messages and completion). */
export const functionNames: readonly string[] = [...new Set([...Object.keys(tableFns), ...Object.keys(composed), "Integral"])].sort();

const MAX_DEPTH = 500;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly src: string, private readonly toks: Token[]) {}

  private get tok(): Token {
    return this.toks[this.i];
  }

  private fail(t: Token, what?: string): never {
    if (what) throw new ParseError(this.src, t.pos, what);
    if (t.kind === "end") throw new ParseError(this.src, t.pos, "unexpected end of input");
    throw new ParseError(this.src, t.pos, `unexpected '${t.text}'`);
  }

  private expect(text: string): void {
    const t = this.tok;
    if (t.kind === "op" && t.text === text) {
      this.i++;
      return;
    }
    if (t.kind === "end") this.fail(t, `expected '${text}' but the input ended`);
    this.fail(t, `expected '${text}' but found '${t.text}'`);
  }

  parseAll(): Expr {
    if (this.tok.kind === "end") this.fail(this.tok, "empty expression");
    const e = this.sum();
    const t = this.tok;
    if (t.kind !== "end") this.fail(t);
    return e;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(this.tok, `expression nested deeper than ${MAX_DEPTH} levels`);
  }

  private sum(): Expr {
    this.enter();
    const terms = [this.product()];
    for (;;) {
      const t = this.tok;
      if (t.kind === "op" && (t.text === "+" || t.text === "-")) {
        this.i++;
        const p = this.product();
        terms.push(t.text === "+" ? p : X.neg(p));
      } else break;
    }
    this.depth--;
    return X.add(...terms);
  }

  /** True when the token can start an implicit factor (2x, 2(x+1), x sin(x), (a)(b)). */
  private startsFactor(t: Token): boolean {
    return t.kind === "name" || t.kind === "num" || (t.kind === "op" && t.text === "(");
  }

  private product(): Expr {
    const factors = [this.unary()];
    for (;;) {
      const t = this.tok;
      if (t.kind === "op" && (t.text === "*" || t.text === "/")) {
        this.i++;
        const f = this.unary();
        factors.push(t.text === "*" ? f : X.pow(f, X.MINUS_ONE));
      } else if (this.startsFactor(t)) {
        const prev = this.toks[this.i - 1];
        if (t.kind === "num" && (prev.kind === "num" || prev.kind === "name")) this.fail(t, `unexpected number '${t.text}' (write an operator between the two)`);
        factors.push(this.power());
      } else break;
    }
    return factors.length === 1 ? factors[0] : X.mul(...factors);
  }

  private unary(): Expr {
    const t = this.tok;
    if (t.kind === "op" && (t.text === "-" || t.text === "+")) {
      this.i++;
      this.enter();
      const u = this.unary();
      this.depth--;
      return t.text === "-" ? X.neg(u) : u;
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.atom();
    const t = this.tok;
    if (t.kind === "op" && t.text === "^") {
      this.i++;
      this.enter();
      const e = this.unary();
      this.depth--;
      return X.pow(base, e);
    }
    return base;
  }

  private args(): Expr[] {
    this.expect("(");
    const out: Expr[] = [];
    if (this.tok.kind === "op" && this.tok.text === ")") this.fail(this.tok, "expected an argument but found ')'");
    out.push(this.sum());
    while (this.tok.kind === "op" && this.tok.text === ",") {
      this.i++;
      out.push(this.sum());
    }
    this.expect(")");
    return out;
  }

  private atom(): Expr {
    const t = this.tok;
    if (t.kind === "num") {
      this.i++;
      return X.numOf(fromDecimal(t.text));
    }
    if (t.kind === "name") {
      this.i++;
      const next = this.tok;
      const call = next.kind === "op" && next.text === "(" && next.pos === t.pos + t.text.length;
      const isFn = Object.hasOwn(tableFns, t.text) || Object.hasOwn(composed, t.text) || t.text === "Integral";
      if (isFn) {
        if (!(next.kind === "op" && next.text === "(")) this.fail(next, `expected '(' after the function name '${t.text}'`);
        const at = this.i;
        this.enter();
        const a = this.args();
        this.depth--;
        return this.apply(t, a, at);
      }
      if (call && t.text !== "pi" && t.text !== "e" && t.text !== "π") {
        this.fail(t, `unknown function '${t.text}' (known: ${functionNames.join(", ")}; write ${t.text}*(...) for a product)`);
      }
      if (t.text === "pi" || t.text === "π") return X.PI;
      if (t.text === "e") return X.EULER;
      if (t.text === "inf") return X.numOf(floatOf(Infinity));
      if (t.text === "nan") return X.numOf(floatOf(NaN));
      return X.symbol(t.text);
    }
    if (t.kind === "op" && t.text === "(") {
      this.i++;
      if (this.tok.kind === "op" && this.tok.text === ")") this.fail(this.tok, "empty parentheses");
      const e = this.sum();
      this.expect(")");
      return e;
    }
    if (t.kind === "op" && t.text === "|") {
      this.i++;
      const e = this.sum();
      this.expect("|");
      return X.fn("abs", e);
    }
    if (t.kind === "end") this.fail(t, "unexpected end of input (expected a number, a name or '(')");
    return this.fail(t);
  }

  private apply(t: Token, a: Expr[], at: number): Expr {
    const name = t.text;
    if (name === "Integral") {
      if (a.length !== 2 && a.length !== 4) this.fail(t, `Integral takes (f, x) or (f, x, a, b), got ${a.length} arguments`);
      if (a[1].kind !== "sym") this.fail(this.toks[at], "Integral: the second argument must be a variable");
      return X.integral(a[0], a[1], a[2], a[3]);
    }
    const c = Object.hasOwn(composed, name) ? composed[name] : undefined;
    if (c && c.arity.includes(a.length)) return c.make(a);
    if (!c && a.length === 1) return X.fn(tableFns[name], a[0]);
    const want = c ? c.arity.join(" or ") : "1";
    return this.fail(t, `${name} takes ${want} argument${want === "1" ? "" : "s"}, got ${a.length}`);
  }
}

/**
 * Parse text into an expression (see the grammar at the top of this file).
 * Throws a `ParseError` with the column and a caret line on bad input.
 * @example
 * sym.parse("2x^2 + 3sin(x)").toString(); // "2*x^2 + 3*sin(x)"
 * sym.parse("log(2, 8)").evaluate();       // 3
 */
export function parse(text: string): Expr {
  if (typeof text !== "string") throw new TypeError(`sym.parse expects a string, got ${typeof text}`);
  return new Parser(text, tokenize(text)).parseAll();
}
