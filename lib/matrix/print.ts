/**
 * Printing in matrixcalculus.org's notation: `*` product (or scaling), `.*` `./` `.^`
 * elementwise, `'` transpose, `^` scalar power, functions by name. The output parses
 * back to the same expression (`mat.parse(e.toString(), shapes)`).
 */
import type { MatExpr } from "./expr";

/** Binding strength, loosest first. */
export const enum Prec { Cmp = 0, Add = 1, Mul = 2, Neg = 3, Pow = 4, Post = 5, Atom = 6 }

export interface PrintOptions {
  /** Canonical key mode: differentials print distinctly from symbols named dX. */
  key?: boolean;
}

interface Out { text: string; prec: Prec }

/** A number the parser reads back exactly. */
export function formatNum(v: number): string {
  if (Object.is(v, -0)) return "0";
  return String(v);
}

const CMP: Record<string, string> = { gt: ">", ge: ">=", lt: "<", le: "<=", eq: "==", ne: "!=" };

/** The numeric coefficient of a term, and the rest (for printing sums). */
export function splitCoef(e: MatExpr): { coef: number; rest: MatExpr[] } {
  if (e.op === "num") return { coef: e.value, rest: [] };
  if (e.op !== "mul") return { coef: 1, rest: [e] };
  let coef = 1;
  const rest: MatExpr[] = [];
  for (const f of e.args) {
    if (f.op === "num") coef *= f.value;
    else rest.push(f);
  }
  return { coef, rest };
}

/** A scalar factor b^(-p) (p > 0 a number) that prints as a denominator b^p. */
function denominator(f: MatExpr): { base: MatExpr; p: number } | null {
  if (f.op === "binary" && f.name === "pow" && f.isScalar && f.args[1].op === "num" && f.args[1].value < 0) {
    return { base: f.args[0], p: -f.args[1].value };
  }
  return null;
}

function wrap(o: Out, min: Prec): string {
  return o.prec >= min ? o.text : `(${o.text})`;
}

function dimText(d: number | string): string {
  return String(d);
}

function print(e: MatExpr, opt: PrintOptions): Out {
  const p = (x: MatExpr) => print(x, opt);
  switch (e.op) {
    case "sym": return { text: e.name, prec: Prec.Atom };
    case "num": return { text: formatNum(e.value), prec: e.value < 0 ? Prec.Neg : Prec.Atom };
    case "ones": case "zeros":
      return { text: e.cols === 1 ? `${e.op}(${dimText(e.rows)})` : `${e.op}(${dimText(e.rows)},${dimText(e.cols)})`, prec: Prec.Atom };
    case "eye": return { text: `eye(${dimText(e.rows)})`, prec: Prec.Atom };
    case "diff": return { text: opt.key ? `d⟨${e.args[0].name}⟩` : `d${e.args[0].name}`, prec: Prec.Atom };
    case "add": {
      let text = wrap(p(e.args[0]), Prec.Add);
      for (const t of e.args.slice(1)) {
        const { coef, rest } = splitCoef(t);
        if (coef < 0) {
          const pos = rest.length === 0 ? { text: formatNum(-coef), prec: Prec.Atom } : printProduct(-coef, rest, opt);
          text += ` - ${wrap(pos, Prec.Mul)}`;
        } else text += ` + ${wrap(p(t), Prec.Mul)}`;
      }
      return { text, prec: Prec.Add };
    }
    case "mul": {
      const { coef, rest } = splitCoef(e);
      return printProduct(coef, rest, opt);
    }
    case "unary": return { text: `${e.name}(${p(e.args[0]).text})`, prec: Prec.Atom };
    case "binary": {
      const [a, b] = e.args;
      const fn = e.name;
      if (fn === "mul" || fn === "div") {
        return { text: `${wrap(p(a), Prec.Mul)} ${fn === "mul" ? ".*" : "./"} ${wrap(p(b), Prec.Neg)}`, prec: Prec.Mul };
      }
      if (fn === "pow") {
        const op = a.isScalar && b.isScalar ? "^" : ".^";
        return { text: `${wrap(p(a), Prec.Post)}${op}${wrap(p(b), Prec.Neg)}`, prec: Prec.Pow };
      }
      if (fn === "maximum" || fn === "minimum") return { text: `${fn === "maximum" ? "max" : "min"}(${p(a).text}, ${p(b).text})`, prec: Prec.Atom };
      return { text: `${wrap(p(a), Prec.Add)} ${CMP[fn]} ${wrap(p(b), Prec.Add)}`, prec: Prec.Cmp };
    }
    case "transpose": return { text: `${wrap(p(e.args[0]), Prec.Post)}'`, prec: Prec.Post };
    default: return { text: `${e.op}(${p(e.args[0]).text})`, prec: Prec.Atom };
  }
}

function printProduct(coef: number, rest: readonly MatExpr[], opt: PrintOptions): Out {
  const num: string[] = [];
  const den: string[] = [];
  if (rest.length === 1 && !denominator(rest[0]) && (coef === 1 || coef === -1)) {
    const o = print(rest[0], opt);
    return coef === 1 ? o : { text: `-${wrap(o, Prec.Pow)}`, prec: Prec.Neg };
  }
  for (const f of rest) {
    const d = denominator(f);
    if (d) {
      const base = print(d.base, opt);
      den.push(d.p === 1 ? wrap(base, Prec.Pow) : `${wrap(base, Prec.Post)}^${formatNum(d.p)}`);
    } else {
      const o = print(f, opt);
      // an elementwise product inside a matrix product is bracketed for readability
      num.push(o.prec === Prec.Mul || o.prec < Prec.Neg ? `(${o.text})` : o.prec === Prec.Neg ? `(${o.text})` : o.text);
    }
  }
  const mag = Math.abs(coef);
  let text: string;
  if (num.length === 0) text = formatNum(mag);
  else text = (mag === 1 ? "" : `${formatNum(mag)}*`) + num.join("*");
  if (den.length) text += "/" + den.join("/");
  if (coef < 0) return { text: `-${text}`, prec: Prec.Neg };
  if (coef === 0) return { text: "0", prec: Prec.Atom };
  return { text, prec: num.length + den.length + (mag === 1 ? 0 : 1) > 1 ? Prec.Mul : Prec.Atom };
}

/** The expression in matrixcalculus.org notation. */
export function toText(e: MatExpr, opt: PrintOptions = {}): string {
  return print(e, opt).text;
}
