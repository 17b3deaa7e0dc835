/** Activation layers: each wraps one elementwise op or composite. */
import { Tensor } from "../tensor/tensor";
import { Module } from "./module";
import { softmax, logSoftmax, leakyRelu } from "./functional";

/**
 * max(x, 0).
 * @example
 * new nn.ReLU().call(tensor([-1, 2])); // tensor([0., 2.])
 */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/**
 * 1 / (1 + e⁻ˣ).
 * @example
 * new nn.Sigmoid().call(tensor([0])); // tensor([0.5000])
 */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/**
 * tanh x.
 * @example
 * new nn.Tanh().call(tensor([0])); // tensor([0.])
 */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

/**
 * x for x > 0, slope·x otherwise.
 * @example
 * new nn.LeakyReLU(0.1).call(tensor([-1, 2])); // tensor([-0.1000, 2.0000])
 */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negative_slope=${this.negativeSlope}`;
  }
}

/**
 * Softmax along `dim`.
 * @example
 * new nn.Softmax(1).call(zeros([1, 4])); // tensor([[0.2500, 0.2500, 0.2500, 0.2500]])
 */
export class Softmax extends Module {
  constructor(readonly dim: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * log softmax along `dim`.
 * @example
 * new nn.LogSoftmax(1).call(zeros([1, 2])).exp(); // tensor([[0.5000, 0.5000]])
 */
export class LogSoftmax extends Module {
  constructor(readonly dim: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
