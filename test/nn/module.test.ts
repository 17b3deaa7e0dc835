/** Module: parameter discovery and names, zeroGrad, train/eval, state dicts, printing; the UFLDL CNN against PyTorch. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { nn, Tensor, tensor, zeros, manualSeed, randn, noGrad } from "../../lib/index";
import { fixture, fromJSON, assertClose, TJ } from "./fixture";

class Net extends nn.Module {
  conv = new nn.Conv2d(1, 5, 9);
  act = new nn.Sigmoid();
  pool = new nn.AvgPool2d(2);
  fc = new nn.Linear(500, 10);
  forward(x: Tensor): Tensor {
    return this.fc.call(this.pool.call(this.act.call(this.conv.call(x))).flatten(1));
  }
}

test("a subclass finds its parameters from its properties, with PyTorch's dotted names", () => {
  const net = new Net();
  assert.deepEqual([...net.namedParameters()].map(([n]) => n), ["conv.weight", "conv.bias", "fc.weight", "fc.bias"]);
  assert.equal(net.numParameters(), 5 * 81 + 5 + 500 * 10 + 10);
  const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
  assert.deepEqual([...seq.namedParameters()].map(([n]) => n), ["0.weight", "0.bias", "2.weight", "2.bias"]);
  assert.equal(seq.length, 3);
  assert.ok(seq.at(-1) instanceof nn.Linear);
});

test("the UFLDL network reproduces PyTorch's output, loss and every gradient", () => {
  const fx = fixture<{ x: TJ; y: number[]; params: Record<string, TJ>; out: TJ; loss: number; grads: Record<string, TJ> }>("cnn.json");
  const net = new Net();
  net.loadStateDict(fx.params);
  const out = net.call(fromJSON(fx.x));
  assertClose(out, fx.out, "logits");
  const loss = new nn.CrossEntropyLoss().call(out, tensor(fx.y, { dtype: "int32" }));
  assertClose([loss.item()], [fx.loss], "loss");
  loss.backward();
  for (const [name, p] of net.namedParameters()) assertClose(p.grad!, fx.grads[name], `grad of ${name}`);
});

test("zeroGrad clears gradients to null (or zeros), train/eval reach every submodule", () => {
  const seq = new nn.Sequential(new nn.Linear(3, 2), new nn.Dropout(0.5));
  seq.call(randn([4, 3])).sum().backward();
  assert.ok(seq.parameters().every((p) => p.grad !== null));
  seq.zeroGrad(false);
  assert.ok(seq.parameters().every((p) => p.grad !== null && Array.from(p.grad.values()).every((v) => v === 0)));
  seq.zeroGrad();
  assert.ok(seq.parameters().every((p) => p.grad === null));
  seq.eval();
  assert.ok([...seq.modules()].every((m) => !m.training));
  seq.train();
  assert.ok([...seq.modules()].every((m) => m.training));
});

test("stateDict survives JSON and loadStateDict restores the outputs; mismatches are named", () => {
  manualSeed(3);
  const a = new Net();
  const x = randn([2, 1, 28, 28]);
  const saved = JSON.stringify(a.stateDict());
  manualSeed(4);
  const b = new Net();
  const before = noGrad(() => b.call(x)).values()[0];
  b.loadStateDict(saved);
  assert.deepEqual(Array.from(noGrad(() => b.call(x)).values()), Array.from(noGrad(() => a.call(x)).values()));
  assert.notEqual(before, noGrad(() => b.call(x)).values()[0]);
  const bad = JSON.parse(saved);
  bad["fc.weight"].shape = [10, 499];
  assert.throws(() => b.loadStateDict(bad), /'fc.weight' has shape \[10, ?499\].*\[10, ?500\]/);
  delete bad["fc.weight"];
  bad.extra = { shape: [1], data: [0] };
  assert.throws(() => b.loadStateDict(bad), /missing keys: fc.weight; unexpected keys: extra/);
  const r = b.loadStateDict({ "fc.bias": a.stateDict()["fc.bias"] }, false);
  assert.equal(r.missingKeys.length, 3);
});

test("modules print as PyTorch does and display the parameter count", () => {
  const seq = new nn.Sequential(new nn.Conv2d(1, 20, 9), new nn.Sigmoid(), new nn.AvgPool2d(2), new nn.Flatten(), new nn.Linear(2000, 10));
  assert.equal(
    String(seq),
    [
      "Sequential(",
      "  (0): Conv2d(1, 20, kernel_size=(9, 9), stride=(1, 1))",
      "  (1): Sigmoid()",
      "  (2): AvgPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))",
      "  (3): Flatten(start_dim=1, end_dim=-1)",
      "  (4): Linear(in_features=2000, out_features=10, bias=True)",
      ")",
    ].join("\n"),
  );
  const bundle = (seq as any)[Symbol.for("Jupyter.display")]();
  assert.match(bundle["text/html"], /21,650 trainable parameters/);
  assert.throws(() => new nn.Sequential(zeros([1]) as any), /argument 0 is not a Module/);
});
