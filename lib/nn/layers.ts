/**
 * The layers: Linear, Conv2d, the pools, Flatten, Dropout, Sequential and Identity.
 * Each forward is composed of ops (no layer has a derivative rule of its own), and the
 * weights start as PyTorch's defaults: U(-1/√fanIn, 1/√fanIn), seeded by manualSeed.
 */
import { Tensor } from "../tensor/tensor";
import { zeros } from "../tensor/create";
import { ShapeError, formatShape } from "../tensor/shape";
import { matmul } from "../ops/linalg";
import { conv2d } from "../ops/conv";
import { maxPool2d, avgPool2d } from "../ops/pool";
import { flatten } from "../ops/movement";
import { Module } from "./module";
import { uniform_, InitOptions } from "./init";
import { dropout } from "./functional";
import type { Generator } from "../tensor/random";

type Pair = number | readonly [number, number];
const pairText = (p: Pair) => (typeof p === "number" ? `(${p}, ${p})` : `(${p[0]}, ${p[1]})`);

function param(shape: number[], bound: number, options: InitOptions): Tensor {
  return uniform_(zeros(shape), -bound, bound, options).requiresGrad_();
}

export interface LinearOptions extends InitOptions {
  /** Add a learnable bias (default true). */
  bias?: boolean;
}

/**
 * y = x·Wᵀ + b, W of shape [outFeatures, inFeatures] (PyTorch's layout).
 * @example
 * manualSeed(0);
 * const fc = new nn.Linear(784, 10);
 * fc.call(zeros([32, 784])).shape; // [32, 10]
 */
export class Linear extends Module {
  weight: Tensor;
  bias: Tensor | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = param([outFeatures, inFeatures], bound, options);
    this.bias = options.bias === false ? null : param([outFeatures], bound, options);
  }
  forward(x: Tensor): Tensor {
    if (x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear(${this.inFeatures} → ${this.outFeatures}): input of shape ${formatShape(x.shape)} should end in ${this.inFeatures} features`);
    }
    const y = matmul(x, this.weight.t());
    return this.bias ? y.add(this.bias) : y;
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? "True" : "False"}`;
  }
}

export interface Conv2dOptions extends InitOptions {
  stride?: Pair;
  padding?: Pair;
  bias?: boolean;
}

/**
 * 2-d convolution over [N, C, H, W] with weight [outChannels, inChannels, kh, kw].
 * @example
 * const conv = new nn.Conv2d(1, 20, 9); // the UFLDL layer: 28×28 → 20×20
 * conv.call(zeros([2, 1, 28, 28])).shape; // [2, 20, 20, 20]
 */
export class Conv2d extends Module {
  weight: Tensor;
  bias: Tensor | null;
  readonly kernelSize: readonly [number, number];
  readonly stride: Pair;
  readonly padding: Pair;
  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair, options: Conv2dOptions = {}) {
    super();
    this.kernelSize = typeof kernelSize === "number" ? [kernelSize, kernelSize] : kernelSize;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    const bound = 1 / Math.sqrt(inChannels * this.kernelSize[0] * this.kernelSize[1]);
    this.weight = param([outChannels, inChannels, ...this.kernelSize], bound, options);
    this.bias = options.bias === false ? null : param([outChannels], bound, options);
  }
  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }
  override extraRepr(): string {
    const pad = this.padding === 0 ? "" : `, padding=${pairText(this.padding)}`;
    return `${this.inChannels}, ${this.outChannels}, kernel_size=${pairText(this.kernelSize)}, stride=${pairText(this.stride)}${pad}${this.bias ? "" : ", bias=False"}`;
  }
}

export interface PoolOptions {
  /** Default: the kernel size. */
  stride?: Pair;
  padding?: Pair;
}

/** The pooling layers: a kernel size and options, and PyTorch's printed form. */
abstract class Pool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly options: PoolOptions = {}) {
    super();
  }
  override extraRepr(): string {
    return `kernel_size=${pairText(this.kernelSize)}, stride=${pairText(this.options.stride ?? this.kernelSize)}, padding=${pairText(this.options.padding ?? 0)}`;
  }
}

/**
 * Max over each window; the gradient goes to the (first) maximum.
 * @example
 * new nn.MaxPool2d(2).call(arange(16).reshape(1, 1, 4, 4)); // [[[[5, 7], [13, 15]]]]
 */
export class MaxPool2d extends Pool2d {
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, this.options);
  }
}

/**
 * Mean over each window (UFLDL's mean pooling).
 * @example
 * new nn.AvgPool2d(2).call(ones([1, 1, 4, 4])).shape; // [1, 1, 2, 2]
 */
export class AvgPool2d extends Pool2d {
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, this.options);
  }
}

/**
 * Flatten dims startDim..endDim (default: all but the batch dim).
 * @example
 * new nn.Flatten().call(zeros([8, 20, 10, 10])).shape; // [8, 2000]
 */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the
 * rest scaled by 1/(1-p); in eval mode the identity. Seeded by manualSeed (or `generator`).
 * @example
 * const drop = new nn.Dropout(0.5);
 * drop.eval().call(ones([4])); // unchanged
 */
export class Dropout extends Module {
  constructor(readonly p = 0.5, readonly generator?: Generator) {
    super();
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be in [0, 1] (got ${p})`);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.generator);
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

/** Passes its input through (a placeholder layer). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/**
 * Modules applied in order; parameters are named "0.weight", "1.bias", ... as PyTorch.
 * @example
 * const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 10));
 * model.call(zeros([2, 1, 28, 28])).shape; // [2, 10]
 */
export class Sequential extends Module {
  /** @internal */ private readonly layers: Module[];
  constructor(...layers: Module[]) {
    super();
    layers.forEach((m, i) => {
      if (!(m instanceof Module)) throw new TypeError(`Sequential: argument ${i} is not a Module (got ${typeof m})`);
    });
    this.layers = layers;
  }
  override *namedChildren(): IterableIterator<[string, Module]> {
    for (let i = 0; i < this.layers.length; i++) yield [String(i), this.layers[i]];
  }
  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this.layers) y = m.forward(y);
    return y;
  }
  /** The i-th layer (negative counts from the end). */
  at(i: number): Module {
    const m = this.layers[i < 0 ? i + this.layers.length : i];
    if (!m) throw new RangeError(`Sequential: no layer ${i} (it has ${this.layers.length})`);
    return m;
  }
  get length(): number {
    return this.layers.length;
  }
  /** Add a layer at the end. */
  append(m: Module): this {
    this.layers.push(m);
    return this;
  }
}
