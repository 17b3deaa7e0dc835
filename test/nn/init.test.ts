/** Initialisations: PyTorch's fans and gains, the right spread, and seeded repeatability. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { nn, zeros, manualSeed, Generator, Tensor } from "../../lib/index";

const { init } = nn;

function stats(t: Tensor): { mean: number; std: number; max: number } {
  const v = Array.from(t.values());
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
  return { mean, std, max: Math.max(...v.map(Math.abs)) };
}

test("fans and gains are PyTorch's", () => {
  assert.deepEqual(init.calculateFanInAndFanOut(zeros([20, 1, 9, 9])), { fanIn: 81, fanOut: 1620 });
  assert.deepEqual(init.calculateFanInAndFanOut(zeros([10, 784])), { fanIn: 784, fanOut: 10 });
  assert.equal(init.calculateGain("relu"), Math.SQRT2);
  assert.equal(init.calculateGain("tanh"), 5 / 3);
  assert.equal(init.calculateGain("leaky_relu", 0.2), Math.sqrt(2 / 1.04));
  assert.throws(() => init.calculateFanInAndFanOut(zeros([5])), /at least 2 dimensions/);
});

test("uniform and normal schemes have the documented bounds and spread", () => {
  manualSeed(0);
  const xu = stats(init.xavierUniform_(zeros([200, 300])));
  const b = Math.sqrt(6 / 500);
  assert.ok(xu.max <= b && xu.max > 0.99 * b, `xavier uniform bound ${xu.max} vs ${b}`);
  assert.ok(Math.abs(xu.std - b / Math.sqrt(3)) < 0.01 * b);
  const xn = stats(init.xavierNormal_(zeros([200, 300])));
  assert.ok(Math.abs(xn.std - Math.sqrt(2 / 500)) < 0.02 * Math.sqrt(2 / 500), `xavier normal std ${xn.std}`);
  const ku = stats(init.kaimingUniform_(zeros([300, 200]), { nonlinearity: "relu" }));
  assert.ok(Math.abs(ku.std - Math.SQRT2 / Math.sqrt(200)) < 0.02 * Math.SQRT2 / Math.sqrt(200), `kaiming uniform std ${ku.std}`);
  const kn = stats(init.kaimingNormal_(zeros([300, 200]), { mode: "fanOut" }));
  assert.ok(Math.abs(kn.std - Math.SQRT2 / Math.sqrt(300)) < 0.02 * Math.SQRT2 / Math.sqrt(300), `kaiming normal std ${kn.std}`);
  assert.ok(Math.abs(kn.mean) < 0.01);
  assert.deepEqual(Array.from(init.constant_(zeros([3]), 2.5).values()), [2.5, 2.5, 2.5]);
});

test("initialisation repeats for the same seed or generator, and works on parameters in place", () => {
  manualSeed(42);
  const a = new nn.Linear(5, 3);
  manualSeed(42);
  const b = new nn.Linear(5, 3);
  assert.deepEqual(Array.from(a.weight.values()), Array.from(b.weight.values()));
  const g1 = new Generator(7), g2 = new Generator(7);
  assert.deepEqual(Array.from(init.normal_(zeros([4]), 0, 1, { generator: g1 }).values()), Array.from(init.normal_(zeros([4]), 0, 1, { generator: g2 }).values()));
  const v = a.weight.version;
  init.zeros_(a.weight); // a parameter that requires grad is filled without recording a graph
  assert.ok(a.weight.requiresGrad && a.weight.isLeaf && a.weight.version > v);
  assert.deepEqual(Array.from(a.weight.values()), new Array(15).fill(0));
});
