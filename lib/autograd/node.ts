/** A node of the backward graph: PyTorch's `grad_fn`. */
import type { Tensor } from "../tensor/tensor";
import type { Ctx, OpRow } from "../ops/row";
import type { Shape } from "../tensor/shape";

/** A tensor hook: sees the gradient, may return a replacement. */
export type GradHook = (grad: Tensor) => Tensor | void;

export class Node {
  /** @internal */ ctx: Ctx<unknown> | null;
  /** @internal */ readonly versions: number[];
  /** @internal */ hooks: GradHook[] | null = null;
  /** @internal */ retained: Tensor | null = null;
  /** @internal */ trace: string | null = null;
  /**
   * @internal One-element inputs that need no gradient (the 3 of x.mul(3)), kept whatever the
   * row saves, so a graph view can show values after backward freed the saved tensors.
   */
  constants: (Tensor | null)[] | null = null;
  /** @internal */ freed = false;
  /** @internal engine bookkeeping of the backward pass that last visited this node */ _run = 0;
  /** @internal */ _deps = 0;
  /** @internal */ _grad: Tensor | undefined = undefined;
  /** @internal leads to a target of a restricted backward pass */ _needed = false;
  /** Input shapes of the op, in order. */
  readonly inputShapes: readonly Shape[];

  /** @internal */
  constructor(
    /** PyTorch's name for this node, e.g. `MulBackward0`. */
    public name: string,
    /** @internal */ readonly row: OpRow<unknown>,
    /** Where each input's gradient goes: its own gradFn, the leaf tensor itself, or null. */
    readonly next: readonly (Node | Tensor | null)[],
    /** @internal */ ctx: Ctx<unknown>,
    /** @internal the version of each saved tensor (in the order of row.saves) when it was saved */
    versions: number[],
  ) {
    this.ctx = ctx;
    this.inputShapes = ctx.shapes;
    this.versions = versions;
  }

  /** The nodes (and leaf tensors) that feed this one, as PyTorch's `next_functions`. */
  get nextFunctions(): readonly (Node | Tensor | null)[] {
    return this.next;
  }

  toString(): string {
    return `<${this.name}>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
