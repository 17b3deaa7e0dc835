/**
 * The small algebra every derivative rule is written against.
 *
 * A rule in the op table (unary.ts, binary.ts) states ∂out/∂x once, using only the
 * functions of `Fns<T>`. `Tensor` implements it (reverse and forward mode, and higher
 * order, since the rule is built from recorded ops) and the symbolic `Expr` implements
 * it (symbolic differentiation). The facade is a total mapped type over the op names,
 * so an algebra that lacks an op fails to compile.
 */
import type { UnaryName } from "./unary";
import type { BinaryName } from "./binary";

/** What a value type provides so derivative rules can be evaluated on it. */
export interface Algebra<T> {
  /** A constant; `like` tells the algebra the dtype/context to use. */
  num(value: number, like: T): T;
  unary(op: UnaryName, x: T): T;
  binary(op: BinaryName, a: T | number, b: T | number): T;
  /** Elementwise select: `cond ? a : b` (cond is 0/1). */
  where(cond: T, a: T | number, b: T | number): T;
  /**
   * A one-sided convention at a measure-zero set, as PyTorch writes beside its formulas:
   * equals `elsewhere`, except `atKink` where `cond` holds. Tensors apply it exactly;
   * a symbolic algebra may return `elsewhere` (a formula valid off that set).
   */
  kink(cond: T, atKink: T | number, elsewhere: T): T;
}

/** The functions a rule sees: one per primitive, plus constants, where and kink. */
export type Fns<T> = { [P in UnaryName]: (x: T) => T } & {
  [P in BinaryName]: (a: T | number, b: T | number) => T;
} & {
  where(cond: T, a: T | number, b: T | number): T;
  kink(cond: T, atKink: T | number, elsewhere: T): T;
};

/** Build the rule-facing functions of an algebra (cached per algebra object). */
export function fns<T>(alg: Algebra<T>, unaryNames: readonly UnaryName[], binaryNames: readonly BinaryName[]): Fns<T> {
  // built in one go (Object.fromEntries): an object grown key by key falls into V8's slow
  // dictionary mode, and rules look their functions up here on every evaluation
  return Object.fromEntries([
    ["where", (c: T, a: T | number, b: T | number) => alg.where(c, a, b)],
    ["kink", (c: T, k: T | number, e: T) => alg.kink(c, k, e)],
    ...unaryNames.map((name) => [name, (x: T) => alg.unary(name, x)]),
    ...binaryNames.map((name) => [name, (a: T | number, b: T | number) => alg.binary(name, a, b)]),
  ]) as Fns<T>;
}
