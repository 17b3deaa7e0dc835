/** `gradlab diff`: the simplified derivative of an expression, its value at a point, or the steps. */
import type { Command } from "../cli";
import { sym } from "../../lib/symbolic";

const usage = `gradlab diff "<expr>" [--wrt x] [--order n] [--at a] [--latex] [--steps]

Prints the simplified derivative of the expression.
  --wrt x      the variable (default: the only variable, else x)
  --order n    the n-th derivative (default 1)
  --at a       also print the value at a point: --at 0.5, or --at x=1,y=2 for several variables
  --latex      print LaTeX instead of text
  --steps      print the named steps (sum, product, chain rule, ...) of the first derivative

Examples:
  gradlab diff "x^2 sin(x)"                 # x*(x*cos(x) + 2*sin(x))
  gradlab diff "ln(x)+x" --at 0.5           # 1/x + 1, then: at x = 0.5: 3
  gradlab diff "x^2*y^3" --wrt y --order 2  # 6*x^2*y`;

interface Opts {
  expr?: string;
  wrt?: string;
  order: number;
  at?: string;
  latex: boolean;
  steps: boolean;
}

function parseArgs(args: string[]): Opts {
  const o: Opts = { order: 1, latex: false, steps: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--wrt") o.wrt = value();
    else if (a === "--order") {
      const v = value();
      o.order = Number(v);
      if (!Number.isInteger(o.order) || o.order < 0) throw new Error(`--order must be a non-negative integer, got '${v}'`);
    } else if (a === "--at") o.at = value();
    else if (a === "--latex") o.latex = true;
    else if (a === "--steps") o.steps = true;
    else if (a.startsWith("--")) throw new Error(`unknown option '${a}' (see gradlab help diff)`);
    else if (o.expr === undefined) o.expr = a;
    else throw new Error(`unexpected argument '${a}' (quote the expression: gradlab diff "x^2 + 1")`);
  }
  if (o.expr === undefined) throw new Error(`missing the expression (usage: gradlab diff "<expr>")`);
  return o;
}

function point(at: string, vars: readonly string[], wrt: string): Record<string, number> {
  const env: Record<string, number> = {};
  const num = (s: string) => {
    const e = sym.parse(s);
    if (e.freeSymbols().length) throw new Error(`--at: '${s}' is not a number`);
    return e.evaluate();
  };
  if (!at.includes("=")) env[wrt] = num(at);
  else {
    for (const part of at.split(",")) {
      const [k, v] = part.split("=");
      if (!k || v === undefined) throw new Error(`--at: expected name=value, got '${part}'`);
      env[k.trim()] = num(v);
    }
  }
  for (const v of vars) if (!(v in env)) throw new Error(`--at: no value for '${v}' (use --at ${vars.map((n) => `${n}=…`).join(",")})`);
  return env;
}

export const command: Command = {
  summary: "differentiate an expression symbolically (simplified, with --steps or --latex)",
  usage,
  async run(args) {
    if (args.includes("--help") || args.includes("-h")) {
      process.stdout.write(usage + "\n");
      return 0;
    }
    let o: Opts;
    try {
      o = parseArgs(args);
    } catch (e) {
      process.stderr.write(`gradlab diff: ${(e as Error).message}\n`);
      return 2;
    }
    try {
      const f = sym.parse(o.expr!);
      const vars = f.freeSymbols();
      const wrt = o.wrt ?? (vars.length === 1 ? vars[0] : "x");
      if (o.steps) {
        const d = sym.diffSteps(f, wrt);
        process.stdout.write((o.latex ? d.toLatex() : d.toString()) + "\n");
      }
      const d = sym.simplify(sym.diff(f, wrt, o.order));
      if (!o.steps) process.stdout.write((o.latex ? d.toLatex() : d.toString()) + "\n");
      if (o.at !== undefined) {
        const env = point(o.at, vars, wrt);
        const v = d.evaluate(env);
        const where = Object.entries(env).map(([k, x]) => `${k} = ${x}`).join(", ");
        process.stdout.write(`at ${where}: ${v}\n`);
        if (!Number.isFinite(v)) {
          process.stderr.write(`gradlab diff: the derivative is not finite at ${where}\n`);
          return 1;
        }
      }
      return 0;
    } catch (e) {
      if (e instanceof sym.ParseError) {
        process.stderr.write(`gradlab diff: ${e.reason}: ${o.expr}\n`);
        return 1;
      }
      process.stderr.write(`gradlab diff: ${(e as Error).message}\n`);
      return 1;
    }
  },
};
