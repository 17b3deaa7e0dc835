/**
 * Optimizers and learning-rate schedules (exported as `optim`), as torch.optim.
 * @example
 * import { nn, optim } from "gradlab";
 * const model = new nn.Linear(2, 1);
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 */
export { Optimizer } from "./optimizer";
export type { ParamGroup, ParamsArg } from "./optimizer";
export { SGD } from "./sgd";
export type { SGDOptions } from "./sgd";
export { Adam, AdamW } from "./adam";
export type { AdamOptions } from "./adam";
export { LRScheduler, StepLR, ExponentialLR } from "./schedulers";
