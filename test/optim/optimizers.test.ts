/**
 * SGD, Adam, AdamW and the schedules against PyTorch: each optimizer starts from the
 * fixture's parameters and is fed the fixture's gradient sequence; after every step the
 * parameters must equal PyTorch's (same formulas, same order of operations, float64).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { optim, nn, Tensor, tensor, noGrad } from "../../lib/index";
import { fixture, fromJSON, assertClose, TJ } from "../nn/fixture";

interface Fx {
  p0: TJ;
  grads: TJ[];
  cases: { optimizer: "SGD" | "Adam" | "AdamW"; options: Record<string, unknown>; after: TJ[] }[];
  schedulers: { scheduler: "StepLR" | "ExponentialLR"; options: { step_size?: number; gamma: number }; lr0: number; lrs: number[] }[];
}
const fx = fixture<Fx>("optim.json");

/** PyTorch's option names to gradlab's. */
function options(o: Record<string, unknown>): any {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] = v;
  return out;
}

function make(name: string, p: Tensor, o: Record<string, unknown>): optim.Optimizer<{ lr: number }> {
  if (name === "SGD") return new optim.SGD([p], options(o));
  if (name === "Adam") return new optim.Adam([p], options(o));
  return new optim.AdamW([p], options(o));
}

for (const c of fx.cases) {
  test(`${c.optimizer} ${JSON.stringify(c.options)} follows PyTorch step by step`, () => {
    const p = fromJSON(fx.p0, { requiresGrad: true });
    const opt = make(c.optimizer, p, c.options);
    c.after.forEach((expected, t) => {
      p.grad = fromJSON(fx.grads[t]);
      opt.step();
      // the same operations in the same order: equal up to a few ulps (FMA contraction in ATen)
      assertClose(p, expected, `${c.optimizer} after step ${t + 1}`, 1e-13, 1e-15);
    });
  });
}

for (const s of fx.schedulers) {
  test(`${s.scheduler} gives PyTorch's learning rates`, () => {
    const p = tensor([0], { requiresGrad: true });
    const opt = new optim.SGD([p], { lr: s.lr0 });
    const sched = s.scheduler === "StepLR" ? new optim.StepLR(opt, s.options.step_size!, s.options.gamma) : new optim.ExponentialLR(opt, s.options.gamma);
    const lrs: number[] = [];
    for (let e = 0; e < s.lrs.length; e++) {
      opt.step();
      sched.step();
      lrs.push(opt.paramGroups[0].options.lr);
    }
    assert.deepEqual(lrs, s.lrs);
    assert.deepEqual(sched.getLastLr(), [s.lrs[s.lrs.length - 1]]);
  });
}

test("optimizers skip parameters without gradients, honour parameter groups, and bump the version", () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3], { requiresGrad: true });
  const opt = new optim.SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
  const v = a.version;
  a.grad = tensor([1, 1]);
  opt.step();
  assert.deepEqual(a.toArray(), [0.9, 1.9]);
  assert.deepEqual(b.toArray(), [3]);
  assert.ok(a.version > v, "in-place update is visible to the version counter");
  b.grad = tensor([1]);
  opt.step();
  assert.deepEqual(b.toArray(), [2]);
  opt.zeroGrad();
  assert.equal(a.grad, null);
});

test("optimizer errors say what is wrong", () => {
  const p = tensor([1], { requiresGrad: true });
  assert.throws(() => new optim.SGD([], { lr: 0.1 }), /SGD: got an empty parameter list/);
  assert.throws(() => new optim.SGD([p], { lr: -1 }), /SGD: invalid learning rate -1/);
  assert.throws(() => new optim.SGD([p.mul(2)], { lr: 1 }), /leaf tensors/);
  assert.throws(() => new optim.SGD([p], { lr: 1, nesterov: true }), /Nesterov/);
  assert.throws(() => new optim.Adam([p], { betas: [1, 0.9] }), /Adam: betas/);
});

test("SGD on a model reduces a least-squares loss (and grads flow through the module)", () => {
  const model = new nn.Linear(2, 1);
  const X = tensor([[0, 1], [1, 0], [1, 1], [2, 1]]);
  const y = tensor([[1], [2], [3], [5]]);
  const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.5 });
  const first = noGrad(() => new nn.MSELoss().call(model.call(X), y)).item();
  for (let i = 0; i < 200; i++) {
    opt.zeroGrad();
    new nn.MSELoss().call(model.call(X), y).backward();
    opt.step();
  }
  const last = noGrad(() => new nn.MSELoss().call(model.call(X), y)).item();
  assert.ok(last < first / 100, `loss ${first} → ${last}`);
});
