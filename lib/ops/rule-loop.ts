/**
 * A row's derivative rule compiled into a loop over numbers, for the fused VJPs of
 * elementwise.ts.
 *
 * The rule is run once on a tracing algebra whose values are JavaScript variable names:
 * every op it applies becomes one line `const tK = F_op(a, b);`, in the rule's order.
 * Only the lines that a wanted output depends on are kept, so the gradient of an input
 * that needs none costs nothing (binaryCrossEntropy's ∂/∂y is two logarithms per
 * element, and the labels never need a gradient). `F_op` is the op's scalar kernel from
 * the number algebra, bound once outside the loop (the `prelude`), so the loop computes the
 * same doubles as the rule evaluated on numbers. The arithmetic rows (add, sub, mul, div,
 * neg), whose kernels are JavaScript's own operators, are written as those operators: the
 * same doubles, and about twice as fast as a call per step (binaryCrossEntropy's ∂/∂p
 * loop over 10,000 elements: 179 against 95 µs here; its whole backward, with the loops of
 * elementwise.ts specialised as well, 228 → 109 µs).
 */
import type { Fns } from "./algebra";
import { unaryNames } from "./unary";
import { binaryNames } from "./binary";

/** A traced value: the variable that holds it. */
interface Sym {
  readonly v: string;
}

/** Rows whose scalar kernel is exactly one JavaScript operator (see binary.ts, unary.ts). */
const OPERATORS: Readonly<Record<string, ((args: readonly string[]) => string) | undefined>> = {
  add: ([a, b]) => `(${a} + ${b})`,
  sub: ([a, b]) => `(${a} - ${b})`,
  mul: ([a, b]) => `(${a} * ${b})`,
  div: ([a, b]) => `(${a} / ${b})`,
  neg: ([a]) => `(-${a})`,
};

interface Line {
  readonly name: string;
  readonly code: string;
  readonly deps: readonly string[];
  /** The kernel it calls (null when written as an operator). */
  readonly op: string | null;
}

/** A number as a JavaScript literal that reads back as the same double. */
function literal(n: number): string {
  if (Object.is(n, -0)) return "(-0)";
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "(-Infinity)";
  return `(${String(n)})`;
}

/** A tracing algebra recording into `lines`. */
function tracer(lines: Line[]): Fns<Sym> {
  const emit = (op: string, args: readonly (Sym | number)[]): Sym => {
    const name = `t${lines.length}`;
    const texts = args.map((a) => (typeof a === "number" ? literal(a) : a.v));
    const deps = args.filter((a): a is Sym => typeof a !== "number").map((a) => a.v);
    const inline = Object.prototype.hasOwnProperty.call(OPERATORS, op) ? OPERATORS[op] : null;
    const expr = inline ? inline(texts) : `F_${op}(${texts.join(", ")})`;
    lines.push({ name, code: `const ${name} = ${expr};`, deps, op: inline ? null : op });
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
): { prelude: string; body: string; outputs: (string | null)[]; reads: Set<string> } {
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
  const ops = new Set<string>();
  for (let k = lines.length - 1; k >= 0; k--) {
    const l = lines[k];
    if (!live.has(l.name)) continue;
    for (const d of l.deps) live.add(d);
    kept.push(l.code);
    if (l.op) ops.add(l.op);
  }
  const prelude = [...ops].map((op) => `const F_${op} = F.${op};`).join(" ");
  return { prelude, body: kept.reverse().join("\n      "), outputs, reads: new Set(inputs.filter((v) => live.has(v))) };
}
