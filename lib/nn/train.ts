/**
 * A training loop that records history (for `plot.training(history)`) and reports
 * progress. `fit` runs synchronously; `fitAsync` yields to the event loop after every
 * step, so a notebook can redraw a progress bar while it trains.
 */
import { Tensor } from "../tensor/tensor";
import { noGrad } from "../autograd/mode";
import { Module } from "./module";
import { crossEntropy } from "./functional";
import type { Optimizer } from "../optim/optimizer";
import type { LRScheduler } from "../optim/schedulers";

/**
 * What `fit` records. The enumerable fields are the per-epoch series (index e is epoch
 * e + 1), which is what `plot.training(history)` draws; `lr`, `time`, `step` and
 * `stepLoss` are there too but not enumerable, so they stay out of that plot
 * (`plot.training({ step: h.step, loss: h.stepLoss })` draws the per-step losses).
 */
export interface TrainingHistory {
  /** 1, 2, ..., epochs. */
  epoch: number[];
  /** Mean training loss of each epoch (weighted by batch size). */
  loss: number[];
  /** Training accuracy of each epoch (fraction correct; NaN when not a classification). */
  accuracy: number[];
  /** Loss and accuracy on the `test` loader after each epoch (when given). */
  testLoss?: number[];
  testAccuracy?: number[];
  /** The learning rate used in each epoch (first parameter group). */
  lr: number[];
  /** Seconds since the start at the end of each epoch. */
  time: number[];
  /** Global step numbers 1, 2, ... and the loss of each step. */
  step: number[];
  stepLoss: number[];
}

/** Reported after every step. */
export interface StepInfo {
  epoch: number;
  epochs: number;
  /** Step within the epoch (1-based) and steps per epoch (when known). */
  step: number;
  steps: number | undefined;
  globalStep: number;
  loss: number;
}

/** Reported after every epoch. */
export interface EpochInfo {
  epoch: number;
  epochs: number;
  loss: number;
  accuracy: number;
  testLoss?: number;
  testAccuracy?: number;
  seconds: number;
}

export type LossFn = ((output: Tensor, target: Tensor) => Tensor) | Module;

export interface FitOptions {
  optimizer: Optimizer<{ lr: number }>;
  /** Default 1. */
  epochs?: number;
  /** Default: cross-entropy of logits against class indices. */
  loss?: LossFn;
  /** Evaluated (loss, accuracy) after each epoch in eval mode. */
  test?: Iterable<Tensor[]>;
  /** Stepped once per epoch. */
  scheduler?: LRScheduler;
  /**
   * Wraps each epoch's batches, e.g. a notebook progress bar: `progress: display.progress`.
   * Receives the batches and { total, label }, returns an iterable of the same batches.
   */
  progress?: <T>(batches: Iterable<T>, info: { total?: number; label: string }) => Iterable<T>;
  onStep?: (info: StepInfo) => void;
  onEpoch?: (info: EpochInfo) => void;
}

function lossOf(fn: LossFn | undefined, out: Tensor, target: Tensor): Tensor {
  if (!fn) return crossEntropy(out, target);
  return fn instanceof Module ? fn.forward(out, target) : fn(out, target);
}

/** Number of correct predictions: argmax of [N, C] outputs against int labels, or sign/0.5 threshold for [N]/[N,1] vs 0-1 targets. */
function correct(out: Tensor, target: Tensor): number {
  const t = target.values();
  if (out.ndim === 2 && out.shape[1] > 1 && target.ndim === 1) {
    const pred = out.argmax(1).values();
    let c = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === t[i]) c++;
    return c;
  }
  if (out.numel() === target.numel()) {
    const o = out.values();
    // probabilities in [0, 1] are thresholded at 0.5, logits at 0
    let probs = true;
    for (let i = 0; i < o.length; i++) if (o[i] < 0 || o[i] > 1) { probs = false; break; }
    const cut = probs ? 0.5 : 0;
    let c = 0;
    for (let i = 0; i < o.length; i++) if ((o[i] > cut ? 1 : 0) === (t[i] > 0.5 ? 1 : 0)) c++;
    return c;
  }
  return NaN;
}

function sizeOf(it: Iterable<unknown>): number | undefined {
  const n = (it as { length?: unknown }).length;
  return typeof n === "number" ? n : undefined;
}

/**
 * Loss and accuracy of a model over a loader, in eval mode without recording a graph
 * (the model's mode is restored afterwards).
 * @example
 * const { loss, accuracy } = nn.evaluate(model, testLoader);
 */
export function evaluate(model: Module, loader: Iterable<Tensor[]>, loss?: LossFn): { loss: number; accuracy: number } {
  const was = model.training;
  model.eval();
  let total = 0, sum = 0, right = 0;
  try {
    noGrad(() => {
      for (const [x, y] of loader) {
        const out = model.forward(x);
        const n = x.shape[0];
        sum += lossOf(loss, out, y).item() * n;
        right += correct(out, y);
        total += n;
      }
    });
  } finally {
    model.train(was);
  }
  return { loss: sum / total, accuracy: right / total };
}

function* steps(model: Module, loader: Iterable<Tensor[]>, o: FitOptions, history: TrainingHistory): Generator<void> {
  const epochs = o.epochs ?? 1;
  const t0 = performance.now();
  let globalStep = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    const total = sizeOf(loader);
    const batches = o.progress ? o.progress(loader, { total, label: `epoch ${epoch}/${epochs}` }) : loader;
    const lr = o.optimizer.paramGroups[0].options.lr;
    let seen = 0, sum = 0, right = 0, step = 0;
    for (const [x, y] of batches) {
      o.optimizer.zeroGrad();
      const out = model.forward(x);
      const loss = lossOf(o.loss, out, y);
      loss.backward();
      o.optimizer.step();
      const l = loss.item();
      const n = x.shape[0];
      seen += n;
      sum += l * n;
      right += noGrad(() => correct(out.detach(), y));
      step++;
      globalStep++;
      history.step.push(globalStep);
      history.stepLoss.push(l);
      o.onStep?.({ epoch, epochs, step, steps: total, globalStep, loss: l });
      yield;
    }
    o.scheduler?.step();
    history.epoch.push(epoch);
    history.loss.push(sum / seen);
    history.accuracy.push(right / seen);
    history.lr.push(lr);
    const info: EpochInfo = { epoch, epochs, loss: sum / seen, accuracy: right / seen, seconds: 0 };
    if (o.test) {
      const ev = evaluate(model, o.test, o.loss);
      (history.testLoss ??= []).push(ev.loss);
      (history.testAccuracy ??= []).push(ev.accuracy);
      info.testLoss = ev.loss;
      info.testAccuracy = ev.accuracy;
    }
    info.seconds = (performance.now() - t0) / 1e3;
    history.time.push(info.seconds);
    o.onEpoch?.(info);
  }
}

function emptyHistory(): TrainingHistory {
  const h = { epoch: [], loss: [], accuracy: [] } as unknown as TrainingHistory;
  for (const k of ["lr", "time", "step", "stepLoss"]) Object.defineProperty(h, k, { value: [], enumerable: false });
  return h;
}

/**
 * Train `model` on `loader` for some epochs: zeroGrad, forward, loss, backward, step for
 * every batch. Returns the history for `plot.training(history)`.
 * @example
 * const history = nn.fit(model, trainLoader, {
 *   optimizer: new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }),
 *   epochs: 3, test: testLoader,
 *   onEpoch: (e) => console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(3)}, test accuracy ${e.testAccuracy}`),
 * });
 */
export function fit(model: Module, loader: Iterable<Tensor[]>, options: FitOptions): TrainingHistory {
  const history = emptyHistory();
  for (const _ of steps(model, loader, options, history));
  return history;
}

/**
 * `fit`, yielding to the event loop after each step so progress can be displayed while
 * it runs (await it in a notebook cell).
 * @example
 * const history = await nn.fitAsync(model, loader, { optimizer: opt, epochs: 2, progress: display.progress });
 */
export async function fitAsync(model: Module, loader: Iterable<Tensor[]>, options: FitOptions): Promise<TrainingHistory> {
  const history = emptyHistory();
  for (const _ of steps(model, loader, options, history)) await new Promise((r) => setImmediate(r));
  return history;
}
