/** Adam and AdamW. */
import { Optimizer, ParamsArg } from "./optimizer";

export interface AdamOptions {
  lr: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

function check(name: string, o: AdamOptions): void {
  const [b1, b2] = o.betas!;
  if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) throw new RangeError(`${name}: betas must be in [0, 1) (got ${o.betas})`);
  if (!(o.eps! >= 0)) throw new RangeError(`${name}: invalid eps ${o.eps}`);
  if (!(o.weightDecay! >= 0)) throw new RangeError(`${name}: invalid weightDecay ${o.weightDecay}`);
}

/**
 * The Adam update shared by Adam and AdamW (decoupled = AdamW's weight decay), in the
 * order of PyTorch's single-tensor path: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * x ← x − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).
 */
function adamUpdate(x: Float64Array, g: Float64Array, st: Record<string, Float64Array | number>, o: AdamOptions, decoupled: boolean): void {
  const n = x.length;
  const [b1, b2] = o.betas!;
  const wd = o.weightDecay!, lr = o.lr, eps = o.eps!;
  if (o.maximize) for (let i = 0; i < n; i++) g[i] = -g[i];
  if (st.step === undefined) {
    st.step = 0;
    st.expAvg = new Float64Array(n);
    st.expAvgSq = new Float64Array(n);
    if (o.amsgrad) st.maxExpAvgSq = new Float64Array(n);
  }
  const step = (st.step as number) + 1;
  st.step = step;
  if (wd !== 0) {
    if (decoupled) for (let i = 0; i < n; i++) x[i] = x[i] * (1 - lr * wd);
    else for (let i = 0; i < n; i++) g[i] = g[i] + wd * x[i];
  }
  const m = st.expAvg as Float64Array, v = st.expAvgSq as Float64Array;
  for (let i = 0; i < n; i++) {
    m[i] = m[i] * b1 + (1 - b1) * g[i];
    v[i] = v[i] * b2 + (1 - b2) * g[i] * g[i]; // addcmul: value·t1·t2, left to right
  }
  const bc1 = 1 - b1 ** step;
  const bc2 = 1 - b2 ** step;
  const stepSize = lr / bc1;
  const bc2Sqrt = Math.sqrt(bc2);
  let vv = v;
  if (o.amsgrad) {
    const mx = st.maxExpAvgSq as Float64Array;
    for (let i = 0; i < n; i++) if (v[i] > mx[i] || mx[i] !== mx[i]) mx[i] = v[i];
    vv = mx;
  }
  for (let i = 0; i < n; i++) x[i] = x[i] + (-stepSize * m[i]) / (Math.sqrt(vv[i]) / bc2Sqrt + eps); // addcdiv: value·t1/t2
}

/**
 * Adam (Kingma & Ba), as torch.optim.Adam: defaults lr 1e-3, betas (0.9, 0.999), eps 1e-8;
 * weightDecay adds λ·x to the gradient (L2).
 * @example
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: ParamsArg<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...options });
    for (const g of this.paramGroups) check("Adam", g.options);
  }
  protected update(x: Float64Array, g: Float64Array, st: Record<string, Float64Array | number>, o: AdamOptions): void {
    adamUpdate(x, g, st, o, false);
  }
}

/**
 * AdamW (Loshchilov & Hutter), as torch.optim.AdamW: weight decay shrinks x by (1 − lr·λ)
 * before the Adam step instead of entering the gradient; default weightDecay 0.01.
 * @example
 * const opt = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: ParamsArg<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...options });
    for (const g of this.paramGroups) check("AdamW", g.options);
  }
  protected update(x: Float64Array, g: Float64Array, st: Record<string, Float64Array | number>, o: AdamOptions): void {
    adamUpdate(x, g, st, o, true);
  }
}
