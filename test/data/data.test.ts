/** DataLoader batching and seeded shuffling; MNIST, Iris and blobs. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { data, arange, tensor, Tensor } from "../../lib/index";

test("DataLoader batches in order, with a short last batch unless dropLast", () => {
  const ds = new data.TensorDataset(arange(10).reshape(10, 1), arange(10).mul(10));
  const loader = new data.DataLoader(ds, { batchSize: 4 });
  const batches = [...loader];
  assert.equal(loader.length, 3);
  assert.deepEqual(batches.map(([x]) => [...x.shape]), [[4, 1], [4, 1], [2, 1]]);
  assert.deepEqual(batches[2][1].toArray(), [80, 90]);
  assert.equal([...new data.DataLoader(ds, { batchSize: 4, dropLast: true })].length, 2);
});

test("shuffling is a permutation, new every epoch, and repeats for the same seed", () => {
  const ds = new data.TensorDataset(arange(50));
  const order = (l: data.DataLoader) => [...l].flatMap(([x]) => x.toArray() as number[]);
  const a = new data.DataLoader(ds, { batchSize: 8, shuffle: true, seed: 7 });
  const b = new data.DataLoader(ds, { batchSize: 8, shuffle: true, seed: 7 });
  const e1 = order(a), e2 = order(a);
  assert.deepEqual([...e1].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual(e1, e2);
  assert.deepEqual(order(b), e1);
  assert.deepEqual(order(b), e2);
  assert.notDeepEqual(order(new data.DataLoader(ds, { batchSize: 8, shuffle: true, seed: 8 })), e1);
});

test("a custom Dataset is stacked field by field", () => {
  const ds: data.Dataset = { length: 3, get: (i) => [tensor([i, i + 1]), tensor(i * 2)] };
  const [[x, y]] = [...new data.DataLoader(ds, { batchSize: 3 })];
  assert.deepEqual(x.toArray(), [[0, 1], [1, 2], [2, 3]]);
  assert.deepEqual(y.toArray(), [0, 2, 4]);
});

test("TensorDataset checks lengths", () => {
  assert.throws(() => new data.TensorDataset(arange(3), arange(4)), /same first dimension.*\[3\].*\[4\]/);
});

test("MNIST: a seeded split of the package's 10,000 digits, pixels in [0, 1], every class present", () => {
  const { train, test: t } = data.mnist({ train: 600, test: 200, seed: 1 });
  assert.deepEqual([...train.images.shape], [600, 1, 28, 28]);
  assert.deepEqual([...t.labels.shape], [200]);
  assert.equal(train.labels.dtype, "int32");
  const px = train.images.values();
  let lo = Infinity, hi = -Infinity;
  for (const v of px) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  assert.ok(lo === 0 && hi > 0.9 && hi <= 1, `pixel range ${lo}..${hi}`);
  assert.equal(new Set(train.labels.values()).size, 10);
  const again = data.mnist({ train: 600, test: 200, seed: 1 });
  assert.deepEqual(Array.from(again.train.labels.values()), Array.from(train.labels.values()));
  const other = data.mnist({ train: 600, test: 200, seed: 2 });
  assert.notDeepEqual(Array.from(other.train.labels.values()), Array.from(train.labels.values()));
  assert.throws(() => data.mnist({ train: 9000, test: 2000 }), /at most the 10000 digits/);
  // a digit's ink is centred: the middle of the 28×28 frame is brighter than its border on average
  const img = train.images.mean(0).reshape(28, 28);
  const centre = (img.index("10:18", "10:18").mean().item() as number);
  const border = (img.index("0:3", ":").mean().item() as number);
  assert.ok(centre > 5 * border, `centre ${centre} vs border ${border}`);
});

test("Iris: 150 flowers, 4 features, 50 of each species", () => {
  const { features, labels, classes } = data.iris();
  assert.deepEqual([...features.shape], [150, 4]);
  assert.deepEqual(classes, ["setosa", "versicolor", "virginica"]);
  const counts = [0, 0, 0];
  for (const l of labels.values()) counts[l]++;
  assert.deepEqual(counts, [50, 50, 50]);
  assert.deepEqual(features.index(0).toArray(), [5.1, 3.5, 1.4, 0.2]); // the first row of Fisher's table
});

test("two blobs: balanced 0/1 labels, centres ±d/2 along the diagonal, seeded", () => {
  const { X, y } = data.twoBlobs({ n: 4000, dim: 2, distance: 4, seed: 3 });
  const ys = Array.from(y.values());
  assert.equal(ys.filter((v) => v === 1).length, 2000);
  const mean = (cls: number) => {
    const rows = ys.map((v, i) => (v === cls ? i : -1)).filter((i) => i >= 0);
    return X.indexSelect(0, rows).mean(0).toArray() as number[];
  };
  const c = 4 / 2 / Math.SQRT2;
  for (const [cls, sign] of [[0, -1], [1, 1]]) for (const m of mean(cls)) assert.ok(Math.abs(m - sign * c) < 0.1, `class ${cls} centre ${m}`);
  assert.deepEqual(Array.from(data.twoBlobs({ n: 10, seed: 3 }).X.values()), Array.from(data.twoBlobs({ n: 10, seed: 3 }).X.values()));
});
