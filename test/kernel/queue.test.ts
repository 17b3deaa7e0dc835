import { test } from "node:test";
import assert from "node:assert/strict";
import { ExecQueue } from "../../kernel/launcher/queue";

const task = (ok: boolean, log: string[], name: string, ms = 5) => async () => {
  await new Promise((r) => setTimeout(r, ms));
  log.push(name);
  return { value: name, ok };
};

test("a failure with stop_on_error aborts what was queued behind it; without, nothing", async () => {
  const q = new ExecQueue();
  const log: string[] = [];
  const results = await Promise.all([
    q.run(task(false, log, "a"), false),
    q.run(task(true, log, "b"), true),
    q.run(task(false, log, "c"), true),
    q.run(task(true, log, "d"), true),
    q.run(task(true, log, "e"), false),
  ]);
  assert.deepEqual(results.map((r) => r.status), ["ran", "ran", "ran", "aborted", "aborted"]);
  assert.deepEqual(log, ["a", "b", "c"]);
});

test("requests sent before the client could see the error are aborted; later ones and other sessions run", async () => {
  const q = new ExecQueue();
  const log: string[] = [];
  const t0 = Date.now();
  const failing = await q.run(task(false, log, "fail", 30), true, { session: "s", sentAt: t0 });
  assert.equal(failing.status, "ran");
  // arrives after the failure, but the client sent it while the failing cell was still running
  const inFlight = await q.run(task(true, log, "in-flight"), true, { session: "s", sentAt: t0 + 10 });
  assert.equal(inFlight.status, "aborted");
  const other = await q.run(task(true, log, "other session"), true, { session: "t", sentAt: t0 + 10 });
  assert.equal(other.status, "ran");
  const next = await q.run(task(true, log, "next"), true, { session: "s", sentAt: Date.now() + 1 });
  assert.equal(next.status, "ran");
  assert.deepEqual(log, ["fail", "other session", "next"]);
});
