/**
 * Random values for the symbols of expressions, respecting their properties: symmetric,
 * invertible (well conditioned), spd, positive entries, probability vectors. Symbolic
 * dimensions get random sizes (2 to 4) unless given.
 */
import { Tensor } from "../tensor/tensor";
import { Generator } from "../tensor/random";
import { eye } from "../tensor/create";
import { MatExpr, symbolsOf } from "./expr";
import { Dims, Value, bindDims, dimSize, toMatrixTensor } from "./evaluate";

export interface SampleOptions {
  /** Sizes of symbolic dimensions. */
  dims?: Dims;
  /** Fixed values for some symbols. */
  values?: Record<string, Value>;
  /** Draw every unconstrained symbol with entries in [0.5, 2] (for log, sqrt, …). */
  positive?: boolean;
}

function draw(gen: Generator, r: number, c: number, f: (g: Generator) => number): Tensor {
  const d = new Float64Array(r * c);
  for (let i = 0; i < d.length; i++) d[i] = f(gen);
  return Tensor.fromData(d, [r, c], "float64");
}

/** A value for one symbol. */
export function sampleSymbol(s: MatExpr, gen: Generator, dims: Dims, positive = false): Tensor {
  const r = dimSize(s.rows, dims, s.name), c = dimSize(s.cols, dims, s.name);
  const normal = () => draw(gen, r, c, (g) => g.normal());
  const p = s.props;
  if (p.probability) {
    const e = draw(gen, r, c, (g) => Math.exp(g.normal()));
    return e.div(e.sum());
  }
  if (p.spd) {
    const R = normal();
    return R.matmul(R.t()).div(r).add(eye(r));
  }
  let x = p.positive || positive ? draw(gen, r, c, (g) => 0.5 + 1.5 * g.random()) : normal();
  if (p.symmetric) x = x.add(x.t()).div(2);
  if (p.invertible) x = x.div(Math.sqrt(r)).add(eye(r).mul(1.5));
  return x;
}

/** Values (2-d tensors) for every symbol of `exprs`, and the sizes of symbolic dims. */
export function sampleEnv(exprs: readonly MatExpr[], gen: Generator, opts: SampleOptions = {}): { env: Map<string, Tensor>; dims: Dims } {
  const syms = new Map<string, MatExpr>();
  for (const e of exprs) symbolsOf(e, syms);
  const dims = bindDims(exprs, opts.values ?? {}, opts.dims);
  for (const s of syms.values()) {
    for (const d of s.shape) if (typeof d === "string" && dims[d] === undefined) dims[d] = gen.int(2, 5);
  }
  const env = new Map<string, Tensor>();
  for (const [name, s] of syms) {
    const v = opts.values?.[name];
    env.set(name, v !== undefined ? toMatrixTensor(s, v, dims) : sampleSymbol(s, gen, dims, opts.positive));
  }
  return { env, dims };
}
