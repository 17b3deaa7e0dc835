import assert from "node:assert/strict";
import { test } from "node:test";
import { DisplayRegistry, OutputCollector } from "../../kernel/run/outputs";

const msg = (msg_type: string, content: Record<string, unknown>, date = "2026-01-01T00:00:00.000Z") => ({ header: { msg_type, date }, content });

test("consecutive stream text of one name is merged; another name starts a new output", () => {
  const c = new OutputCollector();
  c.handle(msg("stream", { name: "stdout", text: "a\n" }));
  c.handle(msg("stream", { name: "stdout", text: "b\n" }));
  c.handle(msg("stream", { name: "stderr", text: "warn\n" }));
  c.handle(msg("stream", { name: "stdout", text: "c\n" }));
  assert.deepEqual(c.outputs, [
    { output_type: "stream", name: "stdout", text: "a\nb\n" },
    { output_type: "stream", name: "stderr", text: "warn\n" },
    { output_type: "stream", name: "stdout", text: "c\n" },
  ]);
});

test("clear_output clears at once, or at the next output with wait", () => {
  const c = new OutputCollector();
  c.handle(msg("stream", { name: "stdout", text: "1" }));
  c.handle(msg("clear_output", { wait: false }));
  assert.equal(c.outputs.length, 0);
  c.handle(msg("stream", { name: "stdout", text: "2" }));
  c.handle(msg("clear_output", { wait: true }));
  assert.equal(c.outputs.length, 1, "wait keeps the output until the next one arrives");
  c.handle(msg("display_data", { data: { "text/plain": "3" }, metadata: {} }));
  assert.deepEqual(c.outputs, [{ output_type: "display_data", data: { "text/plain": "3" }, metadata: {} }]);
});

test("update_display_data rewrites every output with that display id, in any cell", () => {
  const shared: DisplayRegistry = new Map();
  const a = new OutputCollector(shared);
  const b = new OutputCollector(shared);
  a.handle(msg("display_data", { data: { "text/plain": "0%" }, metadata: {}, transient: { display_id: "p" } }));
  b.handle(msg("display_data", { data: { "text/plain": "0%" }, metadata: {}, transient: { display_id: "p" } }));
  b.handle(msg("update_display_data", { data: { "text/plain": "100%" }, metadata: { done: true }, transient: { display_id: "p" } }));
  b.handle(msg("update_display_data", { data: { "text/plain": "x" }, metadata: {}, transient: { display_id: "unknown" } }));
  for (const c of [a, b]) {
    assert.equal(c.outputs.length, 1);
    assert.deepEqual((c.outputs[0] as { data: unknown }).data, { "text/plain": "100%" });
  }
});

test("execute_result keeps its count; errors and timing are recorded", () => {
  const c = new OutputCollector();
  c.handle(msg("status", { execution_state: "busy" }, "t0"));
  c.handle(msg("execute_input", { code: "1/0", execution_count: 7 }, "t1"));
  c.handle(msg("execute_result", { data: { "text/plain": "2" }, metadata: {}, execution_count: 7 }));
  c.handle(msg("error", { ename: "ZeroDivisionError", evalue: "division by zero", traceback: ["tb1", "tb2"] }));
  c.handle(msg("status", { execution_state: "idle" }, "t2"));
  assert.equal(c.executionCount, 7);
  assert.deepEqual(c.outputs[0], { output_type: "execute_result", data: { "text/plain": "2" }, metadata: {}, execution_count: 7 });
  assert.deepEqual(c.outputs[1], { output_type: "error", ename: "ZeroDivisionError", evalue: "division by zero", traceback: ["tb1", "tb2"] });
  assert.deepEqual(c.timing, { "iopub.status.busy": "t0", "iopub.execute_input": "t1", "iopub.status.idle": "t2" });
});
