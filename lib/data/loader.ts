/**
 * Data sets and the DataLoader (as torch.utils.data): batches of stacked samples, with
 * seeded shuffling so an epoch's order repeats exactly for the same seed.
 */
import { Tensor } from "../tensor/tensor";
import { Generator } from "../tensor/random";
import { randperm } from "../tensor/create";
import { indexSelect } from "../ops/gather";
import { formatShape } from "../tensor/shape";

/** Anything indexable: `length` samples, each a tuple of tensors. */
export interface Dataset {
  readonly length: number;
  get(i: number): Tensor[];
}

/**
 * Samples are the rows (first dimension) of equally long tensors.
 * @example
 * const ds = new data.TensorDataset(X, y); ds.length; ds.get(0); // [X[0], y[0]]
 */
export class TensorDataset implements Dataset {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new Error("TensorDataset: needs at least one tensor");
    const n = tensors[0].shape[0];
    for (const t of tensors) {
      if (t.ndim === 0 || t.shape[0] !== n) {
        throw new Error(`TensorDataset: every tensor needs the same first dimension (got shapes ${tensors.map((x) => formatShape(x.shape)).join(", ")})`);
      }
    }
    this.tensors = tensors;
  }
  get length(): number {
    return this.tensors[0].shape[0];
  }
  get(i: number): Tensor[] {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`TensorDataset: index ${i} is out of range for ${this.length} samples`);
    return this.tensors.map((t) => t.select(0, i));
  }
  /** Rows at `idx`, stacked: one tensor per field. */
  batch(idx: Tensor): Tensor[] {
    return this.tensors.map((t) => indexSelect(t.detach(), 0, idx));
  }
}

export interface DataLoaderOptions {
  batchSize?: number;
  /** A new random order every epoch (default false). */
  shuffle?: boolean;
  /** Drop the last, smaller batch (default false). */
  dropLast?: boolean;
  /** Seed of the loader's own random stream (default 0), or a generator to draw from. */
  seed?: number;
  generator?: Generator;
}

/**
 * Iterate a data set in batches: each batch is one tensor per field, stacked along a new
 * first dimension. With `shuffle` every pass draws a new order from the loader's seeded
 * stream, so two loaders with the same seed give the same batches.
 * @example
 * const loader = new data.DataLoader(new data.TensorDataset(X, y), { batchSize: 64, shuffle: true, seed: 1 });
 * for (const [xb, yb] of loader) { ... }
 */
export class DataLoader implements Iterable<Tensor[]> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly generator: Generator;

  constructor(readonly dataset: Dataset, options: DataLoaderOptions = {}) {
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer (got ${options.batchSize})`);
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator ?? new Generator(options.seed ?? 0);
  }

  /** Batches per pass. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): IterableIterator<Tensor[]> {
    const n = this.dataset.length;
    const order = this.shuffle ? (randperm(n, { generator: this.generator }).values() as Int32Array) : null;
    const ds = this.dataset;
    for (let b = 0; b < this.length; b++) {
      const start = b * this.batchSize;
      const end = Math.min(n, start + this.batchSize);
      const idx = new Int32Array(end - start);
      for (let i = start; i < end; i++) idx[i - start] = order ? order[i] : i;
      if (ds instanceof TensorDataset) yield ds.batch(Tensor.fromData(idx, [idx.length], "int32"));
      else yield stackSamples(Array.from(idx, (i) => ds.get(i)));
    }
  }
}

/** Stack a list of samples (tuples of tensors) field by field. */
function stackSamples(samples: Tensor[][]): Tensor[] {
  const fields = samples[0].length;
  const out: Tensor[] = [];
  for (let f = 0; f < fields; f++) {
    const first = samples[0][f];
    const per = first.numel();
    const buf = new Float64Array(per * samples.length);
    samples.forEach((s, i) => {
      if (s[f].numel() !== per) throw new Error(`DataLoader: samples differ in shape in field ${f} (${formatShape(first.shape)} vs ${formatShape(s[f].shape)})`);
      buf.set(s[f].values(), i * per);
    });
    out.push(Tensor.fromData(buf, [samples.length, ...first.shape], "float64").to(first.dtype));
  }
  return out;
}
