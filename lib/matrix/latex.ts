/**
 * LaTeX of matrix expressions: X^\top, X^{-1}, \odot, \oslash, \operatorname{tr}, and
 * the elementwise functions' own LaTeX from their op-table rows.
 */
import { UnaryName, unaryOps } from "../ops/unary";
import { BinaryName, binaryOps } from "../ops/binary";
import type { MatExpr } from "./expr";
import { Prec, formatNum, splitCoef } from "./print";

interface Out { tex: string; prec: Prec }

const GREEK = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi",
  "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
  "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
]);

/** LaTeX of a symbol name: Greek letters, trailing digits and _x as subscripts. */
export function nameTex(name: string): string {
  const m = /^([A-Za-z]+?)_?(\d+|_[A-Za-z0-9]+)?$/.exec(name);
  let base = m ? m[1] : name;
  let sub = m && m[2] ? m[2].replace(/^_/, "") : "";
  if (!m) {
    const at = name.indexOf("_");
    if (at > 0) {
      base = name.slice(0, at);
      sub = name.slice(at + 1);
    }
  }
  const b = GREEK.has(base) ? `\\${base}` : base.length > 1 ? `\\mathit{${base}}` : base;
  return sub ? `${b}_{${sub.replace(/_/g, "\\_")}}` : b;
}

function wrap(o: Out, min: Prec): string {
  return o.prec >= min ? o.tex : `\\left(${o.tex}\\right)`;
}

function numTex(v: number): string {
  return formatNum(v).replace(/e([+-]?\d+)$/, (_m, p) => `\\times 10^{${Number(p)}}`);
}

const atom = (tex: string): Out => ({ tex, prec: Prec.Atom });

function print(e: MatExpr): Out {
  switch (e.op) {
    case "sym": return atom(nameTex(e.name));
    case "num": return { tex: numTex(e.value), prec: e.value < 0 ? Prec.Neg : Prec.Atom };
    case "ones": return atom(e.cols === 1 ? "\\mathbf{1}" : `\\mathbf{1}_{${e.rows}\\times ${e.cols}}`);
    case "zeros": return atom(e.cols === 1 ? "\\mathbf{0}" : `\\mathbf{0}_{${e.rows}\\times ${e.cols}}`);
    case "eye": return atom("I");
    case "diff": return atom(`\\mathrm{d}${nameTex(e.args[0].name)}`);
    case "add": {
      let tex = wrap(print(e.args[0]), Prec.Add);
      for (const t of e.args.slice(1)) {
        const { coef, rest } = splitCoef(t);
        if (coef < 0) tex += ` - ${wrap(rest.length ? product(-coef, rest) : atom(numTex(-coef)), Prec.Mul)}`;
        else tex += ` + ${wrap(print(t), Prec.Mul)}`;
      }
      return { tex, prec: Prec.Add };
    }
    case "mul": {
      const { coef, rest } = splitCoef(e);
      return product(coef, rest);
    }
    case "unary": return atom(unaryOps[e.name as UnaryName].latex(print(e.args[0]).tex));
    case "binary": {
      const [a, b] = e.args;
      const fn = e.name as BinaryName;
      if (fn === "mul") return { tex: `${wrap(print(a), Prec.Mul)} \\odot ${wrap(print(b), Prec.Neg)}`, prec: Prec.Mul };
      if (fn === "div") return { tex: `${wrap(print(a), Prec.Mul)} \\oslash ${wrap(print(b), Prec.Neg)}`, prec: Prec.Mul };
      if (fn === "pow") {
        const circ = a.isScalar && b.isScalar ? "" : "\\circ ";
        return { tex: `{${wrap(print(a), Prec.Post)}}^{${circ}${print(b).tex}}`, prec: Prec.Pow };
      }
      return atom(binaryOps[fn].latex(print(a).tex, print(b).tex));
    }
    case "transpose": {
      const x = e.args[0];
      if (x.op === "inv") return { tex: `{${wrap(print(x.args[0]), Prec.Post)}}^{-\\top}`, prec: Prec.Post };
      return { tex: `{${wrap(print(x), Prec.Post)}}^{\\top}`, prec: Prec.Post };
    }
    case "inv": return { tex: `{${wrap(print(e.args[0]), Prec.Post)}}^{-1}`, prec: Prec.Post };
    case "det": return atom(`\\det\\left(${print(e.args[0]).tex}\\right)`);
    case "logdet": return atom(`\\log\\left|${print(e.args[0]).tex}\\right|`);
    case "tr": return atom(`\\operatorname{tr}\\left(${print(e.args[0]).tex}\\right)`);
    case "sum": return atom(`\\operatorname{sum}\\left(${print(e.args[0]).tex}\\right)`);
    case "adj": return atom(`\\operatorname{adj}\\left(${print(e.args[0]).tex}\\right)`);
    case "diag": return atom(`\\operatorname{diag}\\left(${print(e.args[0]).tex}\\right)`);
    case "norm1": return atom(`\\left\\|${print(e.args[0]).tex}\\right\\|_1`);
    case "norm2": return atom(`\\left\\|${print(e.args[0]).tex}\\right\\|_${e.args[0].isMatrix ? "F" : "2"}`);
    case "softmax": return atom(`\\operatorname{softmax}\\left(${print(e.args[0]).tex}\\right)`);
    case "logsoftmax": return atom(`\\log\\operatorname{softmax}\\left(${print(e.args[0]).tex}\\right)`);
  }
}

function product(coef: number, rest: readonly MatExpr[]): Out {
  const num: string[] = [];
  const raw: string[] = [];
  const den: string[] = [];
  for (const f of rest) {
    if (f.op === "binary" && f.name === "pow" && f.isScalar && f.args[1].op === "num" && f.args[1].value < 0) {
      const p = -f.args[1].value;
      const base = print(f.args[0]);
      den.push(p === 1 ? base.tex : `{${wrap(base, Prec.Post)}}^{${numTex(p)}}`);
    } else {
      const o = print(f);
      raw.push(o.tex);
      num.push(o.prec <= Prec.Neg ? `\\left(${o.tex}\\right)` : o.tex);
    }
  }
  const mag = Math.abs(coef);
  let tex = num.join(" ");
  if (mag !== 1 || num.length === 0) tex = num.length ? `${numTex(mag)} ${tex}` : numTex(mag);
  // a lone numerator factor needs no parentheses above a fraction bar: (P − Q)/‖P − Q‖ → \frac{P - Q}{…}
  if (den.length) tex = `\\frac{${mag !== 1 || num.length === 0 ? tex : num.length === 1 ? raw[0] : num.join(" ")}}{${den.join(" ")}}`;
  if (coef < 0) return { tex: `-${tex}`, prec: Prec.Neg };
  const single = rest.length === 1 && mag === 1 && !den.length;
  return { tex, prec: single ? print(rest[0]).prec : Prec.Mul };
}

/** LaTeX of an expression. */
export function toLatex(e: MatExpr): string {
  return print(e).tex;
}
