/** Layers and activations against PyTorch float64 (forward and gradients). */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Tensor, nn, F, conv2d, maxPool2d, avgPool2d, zeros } from "../../lib/index";
import { fixture, fromJSON, assertClose, TJ } from "./fixture";

interface Case {
  op: string;
  inputs: TJ[];
  out: TJ;
  ct: TJ;
  grads: TJ[];
  stride?: number | number[];
  padding?: number | number[];
  kernel?: number | number[];
}

const pair = (v: number | number[] | null | undefined) => (v === null || v === undefined ? undefined : typeof v === "number" ? v : ([v[0], v[1]] as [number, number]));

function run(c: Case): (xs: Tensor[]) => Tensor {
  switch (c.op) {
    case "linear": return ([x, w, b]) => F.linear(x, w, b);
    case "conv2d": return ([x, w, b]) => conv2d(x, w, b, { stride: pair(c.stride), padding: pair(c.padding) });
    case "maxPool2d": return ([x]) => maxPool2d(x, pair(c.kernel)!, { stride: pair(c.stride), padding: pair(c.padding) });
    case "avgPool2d": return ([x]) => avgPool2d(x, pair(c.kernel)!, { stride: pair(c.stride), padding: pair(c.padding) });
    case "relu": return ([x]) => new nn.ReLU().call(x);
    case "sigmoid": return ([x]) => new nn.Sigmoid().call(x);
    case "tanh": return ([x]) => new nn.Tanh().call(x);
    case "leakyRelu": return ([x]) => new nn.LeakyReLU(0.1).call(x);
    case "softmax": return ([x]) => new nn.Softmax(1).call(x);
    case "logSoftmax": return ([x]) => new nn.LogSoftmax(1).call(x);
  }
  throw new Error(`no runner for ${c.op}`);
}

const cases = fixture<{ cases: Case[] }>("layers.json").cases;

for (const [i, c] of cases.entries()) {
  const label = `${c.op} #${i} ${c.inputs.map((t) => `[${t.shape}]`).join(" ")}${c.stride !== undefined ? ` stride ${c.stride}` : ""}${c.padding ? ` padding ${c.padding}` : ""}`;
  test(`${label}: forward and gradients match PyTorch`, () => {
    const xs = c.inputs.map((t) => fromJSON(t, { requiresGrad: true }));
    const out = run(c)(xs);
    assertClose(out, c.out, `${label} forward`);
    out.mul(fromJSON(c.ct)).sum().backward();
    xs.forEach((x, k) => assertClose(x.grad!, c.grads[k], `${label} grad of input ${k}`));
  });
}

test("Linear and Conv2d modules use PyTorch's layouts and default init bounds", () => {
  const lin = new nn.Linear(50, 7);
  assert.deepEqual([...lin.weight.shape], [7, 50]);
  assert.deepEqual([...lin.bias!.shape], [7]);
  const bound = 1 / Math.sqrt(50);
  const w = Array.from(lin.weight.values());
  assert.ok(w.every((v) => Math.abs(v) <= bound), "weights inside U(-1/√fanIn, 1/√fanIn)");
  assert.ok(Math.max(...w) > bound * 0.8 && Math.min(...w) < -bound * 0.8, "weights spread over the interval");
  const conv = new nn.Conv2d(2, 3, [3, 2], { stride: 2, padding: 1, bias: false });
  assert.deepEqual([...conv.weight.shape], [3, 2, 3, 2]);
  assert.equal(conv.bias, null);
  // (6 + 2·1 − 3) / 2 + 1 = 3 rows, (5 + 2·1 − 2) / 2 + 1 = 3 columns
  assert.deepEqual([...conv.call(zeros([1, 2, 6, 5])).shape], [1, 3, 3, 3]);
  assert.throws(() => lin.call(zeros([2, 49])), /Linear\(50 → 7\).*\[2, ?49\]/);
});

test("Dropout zeroes about p of the elements, scales the rest, and is the identity in eval mode", () => {
  const d = new nn.Dropout(0.25);
  const x = zeros([20000]).add(1);
  const y = Array.from(d.call(x).values());
  const zerosFrac = y.filter((v) => v === 0).length / y.length;
  assert.ok(Math.abs(zerosFrac - 0.25) < 0.02, `fraction dropped ${zerosFrac}`);
  assert.ok(y.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-15));
  d.eval();
  assert.equal(d.call(x), x);
});
