/**
 * The kernel's startup snapshot (kernel/snapshot/build.ts, kernel/launcher/snapshot.ts):
 * TypeScript's parse step is hooked in exactly one place, the blob builds, a process started
 * from it compiles cells exactly as a plain one does while reusing every cached typing, and
 * TypeScript sees that process's folder (not the builder's). The kernelspec's /bin/sh line
 * falls back to a plain start whenever the blob does not fit.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT, assertBuilt, tempDir } from "./helpers";
import { hookedTypeScript, buildSnapshot, fileSignature } from "../../kernel/snapshot/build";
import { PARSE_CALL } from "../../kernel/launcher/snapshot";
import { tslabTypeScriptPath } from "../../kernel/launcher/tslab";
import { kernelSpec } from "../../kernel/kernelspec";

const tmp = tempDir("gradlab-snapshot-");
after(() => tmp.cleanup());

test("the parse hook goes into the pinned TypeScript exactly once, and refuses other code", () => {
  const text = fs.readFileSync(tslabTypeScriptPath(), "utf8");
  const hooked = hookedTypeScript(text);
  assert.equal(hooked.split("__gradlabSourceFile").length - 1, 2);
  assert.ok(!hooked.includes(PARSE_CALL));
  assert.throws(() => hookedTypeScript("function f() {}"), /not the expected 5.0 code/);
  assert.throws(() => hookedTypeScript(PARSE_CALL + PARSE_CALL), /not the expected 5.0 code/);
});

test("a process started from the snapshot compiles cells as a plain one does, from cached typings", () => {
  assertBuilt();
  const r = buildSnapshot(ROOT);
  assert.ok(fs.existsSync(r.files.blob) && r.typings > 100, `typings: ${r.typings}`);
  const probe = path.join(__dirname, "fixtures", "snapshot-probe.js");
  const cwd = fs.mkdtempSync(path.join(tmp.dir, "notebooks-"));
  const run = (args: string[]) => {
    const p = spawnSync(process.execPath, [...args, probe, ROOT], { cwd, encoding: "utf8" });
    assert.equal(p.status, 0, p.stderr);
    return JSON.parse(p.stdout.trim().split("\n").pop()!);
  };
  const plain = run([]);
  const snap = run(["--snapshot-blob", r.files.blob]);
  assert.equal(plain.fromSnapshot, false);
  assert.equal(snap.fromSnapshot, true);
  // the same results, cell by cell: errors where they belong, none elsewhere
  assert.deepEqual(snap.out, plain.out);
  assert.deepEqual(snap.out.map((c: { diagnostics: string[] }) => c.diagnostics.length), [0, 1, 0, 0, 1, 0]);
  assert.match(snap.out[1].diagnostics[0], /Type 'number' is not assignable to type 'string'/);
  assert.match(snap.out[4].diagnostics[0], /nosuchMethod/);
  // every typing came from the snapshot; only the cell files were parsed
  assert.ok(snap.hits > 100, `hits: ${snap.hits}`);
  assert.deepEqual([...new Set(snap.uncached.map((f: string) => path.basename(f)))].sort(), ["__prev__.d.ts", "__tslab__.ts"]);
  // TypeScript sees this process's folder and its own file, not the builder's
  const real = fs.realpathSync(cwd);
  assert.equal(fs.realpathSync(snap.cwd), real);
  assert.equal(snap.executing, tslabTypeScriptPath());
  assert.equal(fs.realpathSync(plain.cwd), real);
});

test("the kernelspec's /bin/sh line starts from the snapshot only when the blob fits this Node", () => {
  // a stand-in for node that prints how it was called, in a folder whose name needs quoting
  const dir = path.join(tmp.dir, "it's here");
  fs.mkdirSync(dir, { recursive: true });
  const node = path.join(dir, "node");
  fs.writeFileSync(node, '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
  const blob = path.join(dir, "kernel.blob");
  fs.writeFileSync(blob, "");
  const start = (sig: string, env: NodeJS.ProcessEnv = {}) => {
    const spec = kernelSpec(ROOT, node, "t", { blob, nodeSignature: sig });
    const argv = spec.argv.map((a) => a.replace("{connection_file}", "/tmp/conn.json"));
    const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", env: { PATH: process.env.PATH, ...env } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const launcher = path.join(ROOT, "dist", "kernel", "launcher.js");
  assert.equal(start(fileSignature(node)), `--snapshot-blob ${blob} ${launcher} /tmp/conn.json`);
  // another Node binary (an upgrade) would refuse the blob: start plainly
  assert.equal(start("1:2"), `${launcher} /tmp/conn.json`);
  assert.equal(start(fileSignature(node), { GRADLAB_NO_SNAPSHOT: "1" }), `${launcher} /tmp/conn.json`);
  fs.rmSync(blob);
  assert.equal(start(fileSignature(node)), `${launcher} /tmp/conn.json`);
});
