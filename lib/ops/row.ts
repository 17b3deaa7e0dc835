/** The shapes of op-table rows. One primitive is one row; see unary.ts and binary.ts. */
import type { Fns } from "./algebra";

/** Where the sweep test samples an input, and the kink points it checks against PyTorch. */
export interface Domain {
  lo: number;
  hi: number;
  /** Points where the op is not differentiable; the subgradient there is the PyTorch one. */
  kinks?: readonly number[];
}

/** An elementwise function of one argument. */
export interface UnaryRow {
  /** PyTorch's backward node is `${torch}Backward0`. */
  readonly torch: string;
  /** The scalar kernel. */
  readonly forward: (x: number) => number;
  /** ∂out/∂x, written once against the algebra (x: input, out: output). */
  readonly deriv: <T>(f: Fns<T>, x: T, out: T) => T | number;
  /** Which primal values `deriv` reads; those are saved for backward and version-checked. */
  readonly saves: readonly ("x" | "out")[];
  /** Result dtype: "same" keeps the input dtype (neg, abs), "float" makes float (exp, sin). */
  readonly dtype: "same" | "float";
  readonly latex: (x: string) => string;
  readonly domain: Domain;
  /** Smooth on its domain: the sweep also checks second derivatives. */
  readonly smooth: boolean;
  /** The convention at kinks, written down. */
  readonly kink?: string;
}

/** An elementwise function of two arguments (broadcast as NumPy). */
export interface BinaryRow {
  readonly torch: string;
  readonly forward: (x: number, y: number) => number;
  /** [∂out/∂x, ∂out/∂y]; `null` for a comparison (not differentiable: no gradient flows). */
  readonly deriv: (<T>(f: Fns<T>, x: T, y: T, out: T) => readonly [T | number, T | number]) | null;
  readonly saves: readonly ("x" | "y" | "out")[];
  /** "promote" as PyTorch (bool < int32 < float32 < float64), "float" (true division), "bool" (comparisons). */
  readonly dtype: "promote" | "float" | "bool";
  readonly latex: (x: string, y: string) => string;
  readonly domain: readonly [Domain, Domain];
  readonly smooth: boolean;
  readonly kink?: string;
}

import type { Tensor } from "../tensor/tensor";
import type { Shape } from "../tensor/shape";
import type { DType } from "../tensor/dtype";

/** What a row's jvp/vjp can read: the saved primals, the input shapes and the op's parameters. */
export interface Ctx<P> {
  /** Inputs listed in `saves` (null for the others). */
  readonly inputs: readonly (Tensor | null)[];
  /** The output, when listed in `saves`. */
  readonly out: Tensor | null;
  readonly shapes: readonly Shape[];
  readonly dtypes: readonly DType[];
  readonly params: P;
  /** Which inputs need a gradient (a vjp may skip the others). */
  readonly needs: readonly boolean[];
}

/** One sample case for the sweep test of a structural row. */
export interface TestCase<P> {
  /** Shapes of the float inputs (in order). */
  readonly shapes: readonly (readonly number[])[];
  readonly params: P;
  /** Inputs that are integer index tensors: input position -> exclusive upper bound of the values. */
  readonly ints?: Readonly<Record<number, number>>;
  /** Sampling range of the float inputs (default [-2, 2]). */
  readonly domain?: readonly [number, number];
  /** Sampling range per input, overriding `domain`. */
  readonly domains?: readonly (readonly [number, number])[];
  /** Smooth here: second derivatives are checked too (default true). */
  readonly smooth?: boolean;
}

/**
 * A primitive that is not a scalar function applied elementwise (reductions, movement,
 * indexing, matmul, im2col). Linear rows give their JVP (the op applied to the tangent)
 * and its transpose as the VJP; both are written with Tensor ops, so they are
 * differentiable again (higher order).
 */
export interface OpRow<P> {
  /** PyTorch's name for the backward node, e.g. "SumBackward1". */
  readonly gradFn: string | ((shapes: readonly Shape[], params: P) => string);
  /** Compute the output (no autograd here). */
  readonly forward: (inputs: readonly Tensor[], params: P) => Tensor;
  /** Tangent of the output from the inputs' tangents (null = zero tangent). Linear in the tangents. */
  readonly jvp: (tangents: readonly (Tensor | null)[], ctx: Ctx<P>) => Tensor;
  /** Cotangent of each input from the output's cotangent (null: no gradient to that input). */
  readonly vjp: (ct: Tensor, ctx: Ctx<P>) => readonly (Tensor | null)[];
  /** Saved for backward and version-checked: input positions and/or "out". */
  readonly saves: readonly (number | "out")[];
  /** Inputs that never receive a gradient (indices, masks). */
  readonly nondiff?: readonly number[];
  /** Sample cases for the sweep; a row without cases fails the sweep. */
  readonly test: readonly TestCase<P>[];
  /** Elementwise rows broadcast their inputs; the engine un-broadcasts their gradients. */
  readonly broadcasts?: boolean;
}
