/**
 * Learning-rate schedules, as torch.optim.lr_scheduler: call `step()` once per epoch
 * after the optimizer's step. Each multiplies the current rate (PyTorch's chained form),
 * so the rates are the same floats PyTorch produces.
 */
import type { Optimizer } from "./optimizer";

/**
 * The base of the schedules: remembers each group's initial rate and steps the epoch count.
 * @example
 * class Halve extends optim.LRScheduler { protected next(lr: number) { return lr / 2; } }
 */
export abstract class LRScheduler {
  /** Epochs stepped so far. */
  lastEpoch = 0;
  readonly baseLrs: number[];
  private lastLr: number[];

  constructor(readonly optimizer: Optimizer<{ lr: number }>) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.options.lr);
    this.lastLr = [...this.baseLrs];
  }

  /** The new rate of a group from its current one, at epoch `lastEpoch`. */
  protected abstract next(lr: number, group: number): number;

  /** Advance one epoch and set each group's learning rate. */
  step(): void {
    this.lastEpoch++;
    this.optimizer.paramGroups.forEach((g, i) => (g.options.lr = this.next(g.options.lr, i)));
    this.lastLr = this.optimizer.paramGroups.map((g) => g.options.lr);
  }

  /** The learning rates set by the last step (one per parameter group). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }
}

/**
 * Multiply the rate by `gamma` every `stepSize` epochs.
 * @example
 * const sched = new optim.StepLR(opt, 30, 0.1); // lr × 0.1 at epochs 30, 60, ...
 * for (let e = 0; e < 90; e++) { trainOneEpoch(); sched.step(); }
 */
export class StepLR extends LRScheduler {
  constructor(optimizer: Optimizer<{ lr: number }>, readonly stepSize: number, readonly gamma = 0.1) {
    super(optimizer);
    if (!Number.isInteger(stepSize) || stepSize < 1) throw new RangeError(`StepLR: stepSize must be a positive integer (got ${stepSize})`);
  }
  protected next(lr: number): number {
    return this.lastEpoch % this.stepSize === 0 ? lr * this.gamma : lr;
  }
}

/**
 * Multiply the rate by `gamma` every epoch.
 * @example
 * const sched = new optim.ExponentialLR(opt, 0.95);
 */
export class ExponentialLR extends LRScheduler {
  constructor(optimizer: Optimizer<{ lr: number }>, readonly gamma: number) {
    super(optimizer);
  }
  protected next(lr: number): number {
    return lr * this.gamma;
  }
}
