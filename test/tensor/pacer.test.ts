/**
 * Collection pacing (lib/tensor/pacer.ts): a loop that makes and drops 80 KB tensors keeps
 * only a few megabytes of dead storage around, where V8 alone lets 64 MB pile up before it
 * collects; GRADLAB_GC_PACE_MB=0 gives V8's behaviour back. Each case runs in a fresh
 * process, since the pace is read once.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const lib = JSON.stringify(path.join(root, "lib", "index"));
const pacer = JSON.stringify(path.join(root, "lib", "tensor", "pacer"));

/** ArrayBuffer megabytes still held after 400 results of 10,000 doubles were dropped, and the collections paced. */
function deadStorage(pace: string): { mb: number; collections: number } {
  const code = `
    const g = require(${lib});
    const { paced } = require(${pacer});
    const x = g.rand([10000]);
    x.add(1);
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 400; i++) x.add(1);
    const after = process.memoryUsage().arrayBuffers;
    console.log(JSON.stringify({ mb: (after - before) / 2 ** 20, collections: paced.collections }));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], {
    cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, GRADLAB_GC_PACE_MB: pace, GRADLAB_THREADS: "1" },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

test("with pacing, dead tensor storage is collected every few megabytes", () => {
  const paced = deadStorage("4");
  assert.ok(paced.collections >= 5, `collections asked for: ${paced.collections}`);
  assert.ok(paced.mb < 12, `ArrayBuffer memory grew by ${paced.mb.toFixed(1)} MB over 31 MB of dropped results`);
});

test("GRADLAB_GC_PACE_MB=0 turns pacing off: the dropped results pile up until V8 collects", () => {
  const unpaced = deadStorage("0");
  assert.equal(unpaced.collections, 0);
  assert.ok(unpaced.mb > 16, `ArrayBuffer memory grew by ${unpaced.mb.toFixed(1)} MB`);
});
