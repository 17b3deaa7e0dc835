/**
 * Standard initialisations (as torch.nn.init), in place and seeded: each draws from the
 * global stream (manualSeed) or from `generator`. Fans follow PyTorch: for a weight of
 * shape [out, in, ...kernel], fanIn = in·∏kernel and fanOut = out·∏kernel.
 */
import { Tensor } from "../tensor/tensor";
import { Generator, defaultGenerator } from "../tensor/random";
import { noGrad } from "../autograd/mode";

export type Nonlinearity = "linear" | "conv2d" | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";

function fill(t: Tensor, draw: () => number): Tensor {
  const vals = new Float64Array(t.numel());
  for (let i = 0; i < vals.length; i++) vals[i] = draw();
  noGrad(() => t.copy_(Tensor.fromData(vals, [...t.shape], "float64").to(t.dtype)));
  return t;
}

/**
 * The fans of a weight tensor: fanIn = shape[1]·receptive field, fanOut = shape[0]·receptive field.
 * @example
 * calculateFanInAndFanOut(zeros([20, 1, 9, 9])); // { fanIn: 81, fanOut: 1620 }
 */
export function calculateFanInAndFanOut(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) throw new RangeError(`init: fan in and fan out need a tensor of at least 2 dimensions (got shape [${t.shape}])`);
  const field = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1] * field, fanOut: t.shape[0] * field };
}

/**
 * The recommended gain for a nonlinearity (PyTorch's table): relu √2, tanh 5/3, ...
 * @example
 * calculateGain("relu"); // 1.4142135623730951
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear": case "conv2d": case "sigmoid": return 1;
    case "tanh": return 5 / 3;
    case "relu": return Math.SQRT2;
    case "leaky_relu": { const a = param ?? 0.01; return Math.sqrt(2 / (1 + a * a)); }
    case "selu": return 3 / 4;
  }
  throw new RangeError(`calculateGain: unknown nonlinearity '${nonlinearity}'`);
}

export interface InitOptions {
  generator?: Generator;
}

/**
 * Fill with U(a, b).
 * @example
 * uniform_(zeros([3]), -1, 1);
 */
export function uniform_(t: Tensor, a = 0, b = 1, options: InitOptions = {}): Tensor {
  const g = options.generator ?? defaultGenerator;
  return fill(t, () => a + (b - a) * g.random());
}

/**
 * Fill with N(mean, std²).
 * @example
 * normal_(zeros([3]), 0, 0.1);
 */
export function normal_(t: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  const g = options.generator ?? defaultGenerator;
  return fill(t, () => mean + std * g.normal());
}

/**
 * Fill with a constant.
 * @example
 * constant_(zeros([2]), 0.5); // tensor([0.5000, 0.5000])
 */
export function constant_(t: Tensor, value: number): Tensor {
  return fill(t, () => value);
}

/**
 * Fill with zeros.
 * @example
 * zeros_(linear.bias!);
 */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/**
 * Fill with ones.
 * @example
 * ones_(zeros([2])); // tensor([1., 1.])
 */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

/**
 * Glorot/Xavier uniform: U(-b, b) with b = gain·√(6 / (fanIn + fanOut)).
 * @example
 * xavierUniform_(zeros([10, 784]));
 */
export function xavierUniform_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const b = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -b, b, options);
}

/**
 * Glorot/Xavier normal: N(0, gain²·2 / (fanIn + fanOut)).
 * @example
 * xavierNormal_(zeros([10, 784]));
 */
export function xavierNormal_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), options);
}

export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky relu after this layer (0 for relu). */
  a?: number;
  mode?: "fanIn" | "fanOut";
  nonlinearity?: Nonlinearity;
}

/**
 * He/Kaiming uniform: U(-b, b) with b = gain·√(3 / fan), gain from the nonlinearity
 * (default leaky_relu with a = 0, i.e. √2).
 * @example
 * kaimingUniform_(zeros([128, 784]), { nonlinearity: "relu" });
 */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const fan = options.mode === "fanOut" ? fanOut : fanIn;
  const gain = calculateGain(options.nonlinearity ?? "leaky_relu", options.a ?? 0);
  const b = gain * Math.sqrt(3 / fan);
  return uniform_(t, -b, b, options);
}

/**
 * He/Kaiming normal: N(0, gain² / fan).
 * @example
 * kaimingNormal_(zeros([128, 784]), { nonlinearity: "relu" });
 */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const fan = options.mode === "fanOut" ? fanOut : fanIn;
  const gain = calculateGain(options.nonlinearity ?? "leaky_relu", options.a ?? 0);
  return normal_(t, 0, gain / Math.sqrt(fan), options);
}
