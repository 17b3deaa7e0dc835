/**
 * Neural-network building blocks (exported as `nn`), as torch.nn: Module, layers,
 * activations, losses, initialisations (`nn.init`), the functional forms (`nn.functional`)
 * and a training loop that records history (`nn.fit`).
 * @example
 * import { nn, optim, data } from "gradlab";
 * const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 10));
 */
export { Module } from "./module";
export type { StateDict, TensorJSON } from "./module";
export { Linear, Conv2d, MaxPool2d, AvgPool2d, Flatten, Dropout, Identity, Sequential } from "./layers";
export type { LinearOptions, Conv2dOptions, PoolOptions } from "./layers";
export { ReLU, Sigmoid, Tanh, LeakyReLU, Softmax, LogSoftmax } from "./activations";
export { MSELoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss } from "./losses";
export { fit, fitAsync, evaluate } from "./train";
export type { TrainingHistory, FitOptions, StepInfo, EpochInfo, LossFn } from "./train";
export * as init from "./init";
export * as functional from "./functional";
