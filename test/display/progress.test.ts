import { test } from "node:test";
import assert from "node:assert/strict";
import { progress } from "../../lib/index";
import { formatDuration, progressLine } from "../../lib/display/progress";
import { fakeKernel } from "./fake-kernel";

test("the line reads like tqdm's", () => {
  const line = progressLine({ label: "", done: 5, total: 10, elapsedMs: 1000, postfix: "", status: "running" });
  assert.equal(line, " 50% |██████████          | 5/10 [00:01<00:01, 5.0 it/s]");
  const partial = progressLine({ label: "epoch 2", done: 1, total: 16, elapsedMs: 4000, postfix: "loss=0.5", status: "running" });
  // 1/16 of 20 cells = 1.25 cells: one full block and a quarter block
  assert.equal(partial, "epoch 2   6% |█▎                  | 1/16 [00:04<01:00, 4.0 s/it, loss=0.5]");
  assert.equal(progressLine({ label: "", done: 7, total: undefined, elapsedMs: 2000, postfix: "", status: "done" }), "7 it [00:02, 3.5 it/s]");
  assert.equal(formatDuration(3725_000), "1:02:05");
});

test("progress yields the items and updates one display in place", () => {
  const k = fakeKernel();
  try {
    const seen: string[] = [];
    const bar = progress(["a", "b", "c"], { every: 0 });
    for (const s of bar) {
      seen.push(s);
      bar.set({ loss: 1 / 3 });
    }
    assert.deepEqual(seen, ["a", "b", "c"]);
    const ids = new Set(k.sent.map((s) => s.displayId));
    assert.equal(ids.size, 1);
    assert.deepEqual(k.sent.map((s) => s.update), [false, ...k.sent.slice(1).map(() => true)]);
    const last = k.sent[k.sent.length - 1].bundle["text/plain"] as string;
    assert.match(last, /^100% \|█{20}\| 3\/3 \[.*, loss=0\.3333\]$/);
  } finally {
    k.uninstall();
  }
});

test("a loop left early shows where it stopped", () => {
  const k = fakeKernel();
  try {
    for (const i of progress(10, { every: 0 })) if (i === 3) break;
    const last = k.sent[k.sent.length - 1].bundle["text/plain"] as string;
    assert.match(last, /^ 30% .* 3\/10 .*\(stopped\)$/);
  } finally {
    k.uninstall();
  }
});

test("async iterables and unknown totals", async () => {
  const k = fakeKernel();
  try {
    async function* gen() {
      yield 1;
      yield 2;
    }
    const got: number[] = [];
    for await (const v of progress(gen(), { every: 0 })) got.push(v);
    assert.deepEqual(got, [1, 2]);
    assert.match(k.sent[k.sent.length - 1].bundle["text/plain"] as string, /^100% .* 2\/2 /);
  } finally {
    k.uninstall();
  }
});

test("bad sources are refused with a clear message", () => {
  assert.throws(() => progress(-1), /non-negative integer/);
  assert.throws(() => progress({} as any), /expected an iterable/);
});
