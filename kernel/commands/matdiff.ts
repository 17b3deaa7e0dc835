/**
 * `gradlab matdiff "<expr>" --wrt X --shapes "A:3x4,X:4x5,b:5"`: the derivative of a
 * matrix expression in matrixcalculus.org's notation, printed as one line that parses
 * back (its layout in a trailing `#` comment, which the parser skips).
 */
import type { Command } from "../cli";
import { mat, ParseError, Derivative, Layout } from "../../lib/matrix";

const USAGE = `gradlab matdiff "<expr>" --wrt X --shapes "A:3x4,X:4x5,b:5" [options]

Differentiates a matrix expression written in matrixcalculus.org's notation and prints
the derivative as one line in the same notation (or LaTeX), followed by a # comment
naming the derivative, its layout and its shape.

  <expr>                 e.g. "tr(A*X*B)", "x'*A*x", "norm2(X*w - y)^2", "logdet(X)"
  --wrt X                the symbol to differentiate by
  --shapes "A:3x4,..."   shapes of all symbols: 3x4 matrix, 5 column vector, 1 scalar,
                         n x n symbolic; properties after a colon: X:3x3:sym, S:3x3:spd,
                         X:3x3:inv (invertible), y:3:prob (sums to one), P:2x2:pos
  --layout L             denominator (default: ∂f/∂X has the shape of X) or numerator
                         (the transpose); by a scalar t, numerator keeps F's shape
  --hessian              the Hessian of a scalar function of a vector
  --latex                print LaTeX instead of the notation (comment after %)
  --steps                print the derivation first, one comment line per step
  --verify               check the result on random values against autograd and
                         central differences; exit code 3 if it does not match
  --assume-invertible    use d det(A) = det(A) tr(inv(A) dA) for every A (Jacobi)

Examples:
  gradlab matdiff "a'*X*b" --wrt X --shapes "a:3,X:3x4,b:4"
      a*b'    # ∂f/∂X, denominator layout, 3×4
  gradlab matdiff "x'*A*x" --wrt x --shapes "A:3x3,x:3" --hessian
      A + A'    # ∂²f/∂x∂xᵀ, denominator layout, 3×3

Exit codes: 0 done, 1 the expression cannot be parsed or differentiated, 2 bad
options, 3 --verify found a mismatch.`;

interface Options {
  expr?: string;
  wrt?: string;
  shapes: string;
  layout: Layout;
  hessian: boolean;
  latex: boolean;
  steps: boolean;
  verify: boolean;
  assumeInvertible: boolean;
}

function parseArgs(args: string[]): Options | string {
  const o: Options = { shapes: "", layout: "denominator", hessian: false, latex: false, steps: false, verify: false, assumeInvertible: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const val = () => inline ?? value();
    switch (flag) {
      case "--wrt": o.wrt = val(); break;
      case "--shapes": o.shapes = val(); break;
      case "--layout": {
        const l = val();
        if (l !== "denominator" && l !== "numerator") return `--layout must be denominator or numerator (got '${l}')`;
        o.layout = l;
        break;
      }
      case "--hessian": o.hessian = true; break;
      case "--latex": o.latex = true; break;
      case "--steps": o.steps = true; break;
      case "--verify": o.verify = true; break;
      case "--assume-invertible": o.assumeInvertible = true; break;
      default:
        if (a.startsWith("--")) return `unknown option ${a}`;
        if (o.expr !== undefined) return `more than one expression given ('${o.expr}' and '${a}'); quote the expression`;
        o.expr = a;
    }
  }
  if (o.expr === undefined) return "no expression given";
  if (!o.wrt) return "--wrt is required (the symbol to differentiate by)";
  return o;
}

function comment(lines: string, mark: string): string {
  return lines.split("\n").map((l) => `${mark} ${l}`).join("\n") + "\n";
}

/** The name of the result for the trailing comment. */
function what(d: Derivative): string {
  const x = d.wrt.name;
  if (d.kind === "hessian") return d.wrt.isScalar ? `d²f/d${x}²` : `∂²f/∂${x}∂${x}ᵀ`;
  if (d.kind === "derivative") return `d${d.of.isScalar ? "f" : "F"}/d${x}`;
  return d.kind === "jacobian" ? `∂y/∂${x}` : `∂f/∂${x}`;
}

export const command: Command = {
  summary: "differentiate a matrix expression (matrixcalculus.org notation)",
  usage: USAGE,
  async run(args) {
    let o: Options | string;
    try {
      o = parseArgs(args);
    } catch (e) {
      o = (e as Error).message;
    }
    if (typeof o === "string") {
      process.stderr.write(`gradlab matdiff: ${o}\n\n${USAGE}\n`);
      return 2;
    }
    let d: Derivative;
    try {
      const f = mat.parse(o.expr!, o.shapes);
      const opts = { layout: o.layout, assumeInvertible: o.assumeInvertible };
      d = o.hessian ? mat.hessian(f, o.wrt!, opts) : mat.derivative(f, o.wrt!, opts);
    } catch (e) {
      const err = e as Error;
      process.stderr.write(`gradlab matdiff: ${err instanceof ParseError ? "cannot parse the expression: " : ""}${err.message}\n`);
      return 1;
    }
    const mark = o.latex ? "%" : "#";
    let out = "";
    if (o.steps) out += comment(o.latex ? d.steps.toLatex() : d.steps.toString(), mark);
    let code = 0;
    if (o.verify) {
      try {
        const r = mat.verify(d);
        out += comment(r.toString(), mark);
        if (!r.ok) code = 3;
      } catch (e) {
        out += comment(`verify could not run: ${(e as Error).message}`, mark);
        code = 3;
      }
    }
    const shape = d.value.isScalar ? "scalar" : `${d.value.rows}×${d.value.cols}`;
    out += `${o.latex ? d.value.toLatex() : d.value.toString()}    ${mark} ${what(d)}, ${d.layout} layout, ${shape}\n`;
    process.stdout.write(out);
    return code;
  },
};
