/**
 * Loading gradlab turns on baseline compilation at a function's first call (runtime/tiering.ts),
 * so a training loop's first iterations do not run the library interpreted. Checked in a
 * fresh process with V8's own tier queries: a library method and a function defined after
 * the import are Sparkplug code after one call, and stay interpreted with the opt-out.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";

/** The tiers of Tensor.prototype.add and of a fresh function, each after one call, in a new process. */
function tiersAfterOneCall(env: Record<string, string>): { add: string; fresh: string; flag: boolean } {
  const root = path.resolve(__dirname, "..", "..");
  const lib = JSON.stringify(path.join(root, "lib", "index"));
  const tiering = JSON.stringify(path.join(root, "lib", "runtime", "tiering"));
  const code = `
    const g = require(${lib});
    const tier = (f) => %ActiveTierIsSparkplug(f) ? "sparkplug" : %ActiveTierIsIgnition(f) ? "ignition" : "other";
    g.tensor([1, 2]).add(1);
    function fresh(x) { return x * 2 + 1; }
    fresh(3);
    console.log(JSON.stringify({ add: tier(g.Tensor.prototype.add), fresh: tier(fresh), flag: require(${tiering}).eagerBaseline }));`;
  const r = spawnSync(process.execPath, ["--allow-natives-syntax", "--import", "tsx", "-e", code], {
    cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

test("after loading gradlab, functions are baseline code from their first call", () => {
  const t = tiersAfterOneCall({});
  assert.deepEqual(t, { add: "sparkplug", fresh: "sparkplug", flag: true });
});

test("GRADLAB_EAGER_BASELINE=0 leaves V8's default: interpreted after one call", () => {
  const t = tiersAfterOneCall({ GRADLAB_EAGER_BASELINE: "0" });
  assert.deepEqual(t, { add: "ignition", fresh: "ignition", flag: false });
});
