/** Loss modules against PyTorch float64: values and gradients. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { nn, tensor, Tensor } from "../../lib/index";
import { fixture, fromJSON, assertClose, TJ } from "./fixture";

interface Case {
  op: string;
  reduction: "mean" | "sum";
  input: TJ;
  target: TJ | number[];
  loss: number;
  grad: TJ;
}

function lossModule(op: string, reduction: "mean" | "sum"): nn.Module {
  switch (op) {
    case "crossEntropy": return new nn.CrossEntropyLoss(reduction);
    case "nllLoss": return new nn.NLLLoss(reduction);
    case "mseLoss": return new nn.MSELoss(reduction);
    case "bceLoss": return new nn.BCELoss(reduction);
    case "bceWithLogitsLoss": return new nn.BCEWithLogitsLoss(reduction);
  }
  throw new Error(op);
}

for (const c of fixture<{ cases: Case[] }>("losses.json").cases) {
  test(`${c.op} (${c.reduction}) matches PyTorch`, () => {
    const x = fromJSON(c.input, { requiresGrad: true });
    const target: Tensor = Array.isArray(c.target) ? tensor(c.target, { dtype: "int32" }) : fromJSON(c.target);
    const loss = lossModule(c.op, c.reduction).call(x, target);
    assertClose([loss.item()], [c.loss], `${c.op} value`);
    loss.backward();
    assertClose(x.grad!, c.grad, `${c.op} gradient`);
  });
}

test("loss modules print their reduction", () => {
  assert.equal(String(new nn.CrossEntropyLoss()), "CrossEntropyLoss()");
  assert.equal(String(new nn.MSELoss("sum")), "MSELoss(reduction=sum)");
});
