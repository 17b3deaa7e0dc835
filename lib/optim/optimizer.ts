/**
 * The optimizer base: parameter groups with their own settings (lr, ...), per-parameter
 * state, zeroGrad. Updates run under noGrad, in place, on the flat float64 values: the
 * formulas are PyTorch's (torch/optim, single-tensor path), in its order of operations.
 */
import { Tensor } from "../tensor/tensor";

export interface ParamGroup<O> {
  params: Tensor[];
  options: O;
}

/** Parameters, or groups of parameters with options overriding the defaults. */
export type ParamsArg<O> = Iterable<Tensor> | ReadonlyArray<{ params: Iterable<Tensor> } & Partial<O>>;

export abstract class Optimizer<O extends { lr: number }> {
  readonly paramGroups: ParamGroup<O>[];
  /** Per-parameter state (momentum buffers, moment estimates, step counts). */
  readonly state = new Map<Tensor, Record<string, Float64Array | number>>();

  constructor(params: ParamsArg<O>, readonly defaults: O) {
    const list = [...(params as Iterable<unknown>)];
    const groups = list.length > 0 && !(list[0] instanceof Tensor)
      ? (list as ({ params: Iterable<Tensor> } & Partial<O>)[]).map(({ params: ps, ...rest }) => ({ params: [...ps], options: { ...defaults, ...rest } as O }))
      : [{ params: list as Tensor[], options: { ...defaults } }];
    const name = this.constructor.name;
    for (const g of groups) {
      for (const p of g.params) {
        if (!(p instanceof Tensor)) throw new TypeError(`${name}: parameters must be tensors (got ${typeof p})`);
        if (!p.isLeaf || !p.requiresGrad) throw new Error(`${name}: can only optimize leaf tensors that require grad (got ${p.isLeaf ? "a leaf without requiresGrad" : "a non-leaf tensor"})`);
      }
      if (!(g.options.lr >= 0)) throw new RangeError(`${name}: invalid learning rate ${g.options.lr}`);
    }
    if (groups.every((g) => g.params.length === 0)) throw new Error(`${name}: got an empty parameter list`);
    this.paramGroups = groups;
  }

  /**
   * Clear the gradients of every parameter (to null by default, as PyTorch).
   * @example
   * opt.zeroGrad(); loss.backward(); opt.step();
   */
  zeroGrad(setToNone = true): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (!p.grad) continue;
        if (setToNone) p.grad = null;
        else p.grad = Tensor.fromData(new Float64Array(p.numel()), [...p.shape], p.dtype === "float32" ? "float32" : "float64");
      }
    }
  }

  /** One update of every parameter that has a gradient. */
  step(): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (!p.grad) continue;
        const x = p.toFloat64Array();
        const grad = p.grad.toFloat64Array();
        let st = this.state.get(p);
        if (!st) this.state.set(p, (st = {}));
        this.update(x, grad, st, g.options);
        writeBack(p, x);
      }
    }
  }

  /** The update rule on flat values: change `x` in place. */
  protected abstract update(x: Float64Array, grad: Float64Array, state: Record<string, Float64Array | number>, o: O): void;
}

/** Write updated values into the parameter (respecting its strides) and bump its version. */
function writeBack(p: Tensor, x: Float64Array): void {
  const data = p.storage.data;
  if (p.isContiguous()) {
    data.set(x, p.offset);
  } else {
    // a strided parameter (rare): walk it with an odometer
    const nd = p.ndim, idx = new Array(nd).fill(0);
    for (let i = 0; i < x.length; i++) {
      let off = p.offset;
      for (let d = 0; d < nd; d++) off += idx[d] * p.strides[d];
      data[off] = x[i];
      for (let d = nd - 1; d >= 0; d--) {
        if (++idx[d] < p.shape[d]) break;
        idx[d] = 0;
      }
    }
  }
  p._bumpVersion();
}
