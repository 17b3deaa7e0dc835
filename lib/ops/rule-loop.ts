/**
 * A row's derivative rule compiled into a loop over numbers, for the fused VJPs of
 * elementwise.ts.
 *
 * The rule is run once on a tracing algebra whose values are JavaScript variable names:
 * every op it applies becomes one line `const tK = F.op(a, b);`, in the rule's order.
 * Only the lines that a wanted output depends on are kept, so the gradient of an input
 * that needs none costs nothing (binaryCrossEntropy's ∂/∂y is two logarithms per
 * element, and the labels never need a gradient). `F` is the number algebra, whose ops are
 * the rows' own scalar kernels, so the loop computes the same doubles as the rule
 * evaluated on numbers; each line is its own call site, which V8 inlines.
 */
import type { Fns } from "./algebra";
import { unaryNames } from "./unary";
import { binaryNames } from "./binary";

/** A traced value: the variable that holds it. */
interface Sym {
  readonly v: string;
}

interface Line {
  readonly name: string;
  readonly code: string;
  readonly deps: readonly string[];
}

/** A number as a JavaScript literal that reads back as the same double. */
function literal(n: number): string {
  if (Object.is(n, -0)) return "-0";
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  return `(${String(n)})`;
}

/** A tracing algebra recording into `lines`. */
function tracer(lines: Line[]): Fns<Sym> {
  const emit = (op: string, args: readonly (Sym | number)[]): Sym => {
    const name = `t${lines.length}`;
    const text = args.map((a) => (typeof a === "number" ? literal(a) : a.v)).join(", ");
    const deps = args.filter((a): a is Sym => typeof a !== "number").map((a) => a.v);
    lines.push({ name, code: `const ${name} = F.${op}(${text});`, deps });
    return { v: name };
  };
  return Object.fromEntries([
    ["where", (c: Sym, a: Sym | number, b: Sym | number) => emit("where", [c, a, b])],
    ["kink", (c: Sym, k: Sym | number, e: Sym) => emit("kink", [c, k, e])],
    ...unaryNames.map((name) => [name, (x: Sym) => emit(name, [x])]),
    ...binaryNames.map((name) => [name, (a: Sym | number, b: Sym | number) => emit(name, [a, b])]),
  ]) as Fns<Sym>;
}

/**
 * Trace `rule` on the named inputs and return the statements that compute the wanted
 * outputs (the others are dropped with everything only they need) and an expression for
 * each wanted output (null for the unwanted ones).
 */
export function compileRule(
  rule: (f: Fns<Sym>, ...inputs: Sym[]) => readonly (Sym | number)[], inputs: readonly string[], wanted: readonly boolean[],
): { body: string; outputs: (string | null)[]; reads: Set<string> } {
  const lines: Line[] = [];
  const outs = rule(tracer(lines), ...inputs.map((v) => ({ v })));
  const live = new Set<string>();
  const outputs = outs.map((o, i) => {
    if (!wanted[i]) return null;
    if (typeof o === "number") return literal(o);
    live.add(o.v);
    return o.v;
  });
  const kept: string[] = [];
  for (let k = lines.length - 1; k >= 0; k--) {
    const l = lines[k];
    if (!live.has(l.name)) continue;
    for (const d of l.deps) live.add(d);
    kept.push(l.code);
  }
  return { body: kept.reverse().join("\n      "), outputs, reads: new Set(inputs.filter((v) => live.has(v))) };
}
