/** A short CNN training run on an MNIST subset, and the training-loop helper's records. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { nn, optim, data, manualSeed, tensor, Tensor } from "../../lib/index";

test("a small UFLDL-style CNN trained briefly on 1,000 MNIST digits beats chance clearly", () => {
  manualSeed(0);
  const { train, test: held } = data.mnist({ train: 1000, test: 500, seed: 0 });
  const model = new nn.Sequential(new nn.Conv2d(1, 8, 9), new nn.Sigmoid(), new nn.AvgPool2d(2), new nn.Flatten(), new nn.Linear(800, 10));
  const loader = new data.DataLoader(new data.TensorDataset(train.images, train.labels), { batchSize: 50, shuffle: true, seed: 0 });
  const testLoader = new data.DataLoader(new data.TensorDataset(held.images, held.labels), { batchSize: 250 });
  const steps: number[] = [];
  const history = nn.fit(model, loader, {
    optimizer: new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }),
    epochs: 2,
    test: testLoader,
    onStep: (s) => steps.push(s.globalStep),
  });
  const acc = history.testAccuracy!;
  // chance is 10%; two short epochs reach far more on held-out digits
  assert.ok(acc[acc.length - 1] > 0.6, `test accuracy ${acc}`);
  assert.ok(history.loss[1] < history.loss[0], `training loss falls: ${history.loss}`);
  assert.deepEqual(history.epoch, [1, 2]);
  assert.equal(steps.length, 40);
  assert.equal(history.stepLoss.length, 40);
});

test("fit records per-epoch series for plot.training, reports progress and steps the schedule", async () => {
  manualSeed(1);
  const { X, y } = data.twoBlobs({ n: 200, dim: 2, distance: 4, seed: 1 });
  const model = new nn.Linear(2, 1);
  const loader = new data.DataLoader(new data.TensorDataset(X, y.reshape(-1, 1)), { batchSize: 40, shuffle: true });
  const opt = new optim.SGD(model.parameters(), { lr: 0.5 });
  const wrapped: { total?: number; label: string }[] = [];
  const epochs: number[] = [];
  const history = await nn.fitAsync(model, loader, {
    optimizer: opt,
    epochs: 3,
    loss: new nn.BCEWithLogitsLoss(),
    scheduler: new optim.StepLR(opt, 1, 0.5),
    progress: (batches, info) => {
      wrapped.push(info);
      return batches;
    },
    onEpoch: (e) => epochs.push(e.epoch),
  });
  assert.deepEqual(Object.keys(history), ["epoch", "loss", "accuracy"]);
  assert.deepEqual(history.lr, [0.5, 0.25, 0.125]);
  assert.deepEqual(wrapped, [{ total: 5, label: "epoch 1/3" }, { total: 5, label: "epoch 2/3" }, { total: 5, label: "epoch 3/3" }]);
  assert.deepEqual(epochs, [1, 2, 3]);
  assert.equal(history.time.length, 3);
  assert.ok(history.accuracy[2] > 0.9, `blobs 4σ apart are separable: ${history.accuracy}`);
});

test("evaluate restores the training mode and counts logits or probabilities", () => {
  const model = new nn.Sequential(new nn.Identity(), new nn.Dropout(0.5));
  const loader: Iterable<Tensor[]> = [[tensor([[2, 0], [0, 2], [3, 1]]), tensor([0, 1, 1], { dtype: "int32" })]];
  const r = nn.evaluate(model, loader);
  assert.ok(model.training);
  assert.equal(r.accuracy, 2 / 3);
  const p = nn.evaluate(new nn.Sigmoid(), [[tensor([[3], [-3]]), tensor([[1], [1]])]], new nn.BCELoss());
  assert.equal(p.accuracy, 0.5);
});
