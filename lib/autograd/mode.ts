/** Grad mode and anomaly mode: global switches, as torch.no_grad / torch.autograd.detect_anomaly. */

const state = { grad: true, anomaly: false };

/** True while operations are recorded for backward. */
export function isGradEnabled(): boolean {
  return state.grad;
}

function withGrad<R>(enabled: boolean, fn: () => R): R {
  const prev = state.grad;
  state.grad = enabled;
  try {
    const r = fn();
    if (r instanceof Promise) throw new TypeError("noGrad/enableGrad take a synchronous function; await inside is not supported");
    return r;
  } finally {
    state.grad = prev;
  }
}

/**
 * Run `fn` without recording operations (like `with torch.no_grad():`).
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2)); // y.requiresGrad === false
 */
export function noGrad<R>(fn: () => R): R {
  return withGrad(false, fn);
}

/**
 * Run `fn` with recording switched back on, also inside `noGrad`.
 * @example
 * noGrad(() => enableGrad(() => tensor(1, { requiresGrad: true }).mul(2))).requiresGrad; // true
 */
export function enableGrad<R>(fn: () => R): R {
  return withGrad(true, fn);
}

/** @internal */
export function setGradEnabled(enabled: boolean): boolean {
  const prev = state.grad;
  state.grad = enabled;
  return prev;
}

export function isAnomalyEnabled(): boolean {
  return state.anomaly;
}

/**
 * Run `fn` with anomaly detection: every backward step checks its gradients and the
 * first op whose backward produces NaN or ±Inf is named in the error, with the place
 * in your code where that op ran forward.
 * @example
 * const x = tensor([0], { requiresGrad: true });
 * detectAnomaly(() => x.sqrt().mul(0).sum().backward()); // throws: SqrtBackward0 returned nan
 */
export function detectAnomaly<R>(fn: () => R): R {
  const prev = state.anomaly;
  state.anomaly = true;
  try {
    return fn();
  } finally {
    state.anomaly = prev;
  }
}
