/** Stochastic gradient descent with momentum, dampening, Nesterov and weight decay. */
import { Optimizer, ParamsArg } from "./optimizer";

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

/**
 * PyTorch's SGD: g ← ∇ + λ·x; with momentum, b ← μ·b + (1 − τ)·g (b = g at the first
 * step) and g ← b (or g + μ·b with Nesterov); then x ← x − lr·g.
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsArg<SGDOptions>, options: SGDOptions) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options });
    for (const g of this.paramGroups) {
      const o = g.options;
      if (o.momentum! < 0) throw new RangeError(`SGD: invalid momentum ${o.momentum}`);
      if (o.weightDecay! < 0) throw new RangeError(`SGD: invalid weightDecay ${o.weightDecay}`);
      if (o.nesterov && (o.momentum! <= 0 || o.dampening !== 0)) throw new RangeError("SGD: Nesterov momentum needs a momentum > 0 and zero dampening");
    }
  }

  protected update(x: Float64Array, grad: Float64Array, st: Record<string, Float64Array | number>, o: SGDOptions): void {
    const n = x.length;
    const wd = o.weightDecay!, mu = o.momentum!, damp = o.dampening!;
    const g = grad;
    if (o.maximize) for (let i = 0; i < n; i++) g[i] = -g[i];
    if (wd !== 0) for (let i = 0; i < n; i++) g[i] = g[i] + wd * x[i];
    if (mu !== 0) {
      let buf = st.momentumBuffer as Float64Array | undefined;
      if (!buf) st.momentumBuffer = buf = Float64Array.from(g);
      else for (let i = 0; i < n; i++) buf[i] = buf[i] * mu + (1 - damp) * g[i];
      if (o.nesterov) for (let i = 0; i < n; i++) g[i] = g[i] + mu * buf[i];
      else g.set(buf);
    }
    const lr = o.lr;
    for (let i = 0; i < n; i++) x[i] = x[i] + -lr * g[i];
  }
}
