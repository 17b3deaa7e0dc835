/**
 * `gradlab run` from the command line: exit codes, the summary table and failure report,
 * --report JSON, -p parameters, --inplace (atomic, only after success), and Ctrl-C (the run
 * stops, the executed copy is kept, and no server or kernel is left running).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import { readNotebook } from "../../kernel/run/notebook";
import type { RunReport } from "../../kernel/run/runner";
import { alive, descendants, runCli, spawnCli, testKernel, tmpDir, waitFor, writeTestNotebook } from "./helpers";

const k = testKernel();
const dir = tmpDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function sources(folder: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(folder).filter((f) => f.endsWith(".ipynb")).map((f) => [f, fs.readFileSync(path.join(folder, f), "utf8")]));
}

test("a failing run: exit 1, progress, summary table, failure report, JSON report, parameters; sources untouched", async () => {
  const src = path.join(dir, "one");
  writeTestNotebook(src, "params.ipynb", [{ md: "# Parameters" }, { code: k.parameters, tags: ["parameters"] }, k.print("n * 2, label")], k);
  writeTestNotebook(src, "fails.ipynb", [k.print('"ok"'), k.throws], k);
  const before = sources(src);
  const r = await runCli(["run", "one", "--out", "executed", "--jobs", "2", "--report", "reports/run.json", "-p", "n", "7", "-p", "label", "hi"], dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.deepEqual(sources(src), before, "the sources are not modified");
  // progress on stderr, one line per finished notebook
  assert.match(r.stderr, /started a Jupyter server at http:\/\/127\.0\.0\.1:\d+\/ \(loopback, token required\)/);
  assert.match(r.stderr, /\[\d\/2\] ok\s+one\/params\.ipynb\s+3\/3 cells/);
  assert.match(r.stderr, /\[\d\/2\] FAIL\s+one\/fails\.ipynb\s+cell 2: \w+Error: bad range 42/);
  // summary table and failure report on stdout
  assert.match(r.stdout, /notebook\s+cells\s+seconds\s+status\n-+\s+-+\s+-+\s+-+\n/);
  assert.match(r.stdout, /one\/fails\.ipynb\s+2\/2\s+\d+\.\d\s+error\n/);
  assert.match(r.stdout, /one\/params\.ipynb\s+3\/3\s+\d+\.\d\s+passed\n/);
  assert.match(r.stdout, /1 of 2 notebooks passed in \d+\.\d s/);
  assert.match(r.stdout, /ERROR: one\/fails\.ipynb\n  in cell 2 \(In \[2\]\), id \S+:\n\s+1 \| .*bad range/);
  assert.match(r.stdout, /executed copy \(with the error in place\): executed\/fails\.ipynb/);
  const report = JSON.parse(fs.readFileSync(path.join(dir, "reports", "run.json"), "utf8")) as RunReport;
  assert.equal(report.ok, false);
  const fails = report.notebooks.find((n) => n.file.endsWith("fails.ipynb"))!;
  assert.equal(fails.status, "error");
  assert.equal(fails.failure?.cell, 2);
  assert.match(fails.failure!.evalue, /bad range 42/);
  assert.ok(fails.failure!.traceback.length > 0);
  // the injected parameters: a cell after the one tagged 'parameters', in the kernel's language
  const nb = readNotebook(path.join(dir, "executed", "params.ipynb"));
  const tags = nb.cells.map((c) => (c.metadata.tags ?? []).join(","));
  assert.deepEqual(tags, ["", "parameters", "injected-parameters", ""]);
  assert.match(nb.cells[2].source, k.language === "python" ? /^# Parameters\nn = 7\nlabel = "hi"$/ : /^\/\/ Parameters\nconst n = 7;\nconst label = "hi";$/);
  const last = nb.cells[3];
  assert.ok(last.cell_type === "code");
  assert.deepEqual(last.outputs, [{ output_type: "stream", name: "stdout", text: "14 hi\n" }]);
});

test("--inplace replaces a source only when its run passed; a failing one stays byte for byte", async () => {
  const src = path.join(dir, "two");
  const good = writeTestNotebook(src, "good.ipynb", [k.print("1 + 1")], k);
  const bad = writeTestNotebook(src, "bad.ipynb", [k.throws], k);
  const badBefore = fs.readFileSync(bad, "utf8");
  const r = await runCli(["run", "two", "--inplace", "--out", "failed-copies"], dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const goodNb = readNotebook(good);
  const cell = goodNb.cells[0];
  assert.ok(cell.cell_type === "code");
  assert.deepEqual(cell.outputs, [{ output_type: "stream", name: "stdout", text: "2\n" }]);
  assert.equal(goodNb.nbformat_minor, 5);
  assert.equal(fs.readFileSync(bad, "utf8"), badBefore);
  assert.ok(fs.existsSync(path.join(dir, "failed-copies", "bad.ipynb")), "the failing run's copy is kept elsewhere");
  assert.ok(!fs.existsSync(path.join(dir, "failed-copies", "good.ipynb")));
  assert.deepEqual(fs.readdirSync(src).sort(), ["bad.ipynb", "good.ipynb"], "no temporary files are left");
});

test("Ctrl-C stops the run: exit 130, the copy is written, no server or kernel is left", async () => {
  const src = path.join(dir, "three");
  writeTestNotebook(src, "hangs.ipynb", [k.print('"started"'), k.hangs], k);
  const run = spawnCli(["run", "three", "--out", "ctrl-c"], dir);
  // wait until the server runs a kernel (the server and the kernel are below the CLI's process)
  let procs: number[] = [];
  await waitFor(() => {
    procs = descendants(run.child.pid!);
    return /start\s+three\/hangs\.ipynb/.test(run.output()) && procs.length >= 2;
  }, 90_000, "the notebook to start");
  await new Promise((r) => setTimeout(r, 3000)); // let the kernel reach the hanging cell
  procs = descendants(run.child.pid!);
  run.child.kill("SIGINT");
  const r = await run.done;
  assert.equal(r.code, 130, r.stdout + r.stderr);
  assert.match(r.stderr, /SIGINT: interrupting the running cells and shutting the server down/);
  assert.match(r.stdout, /three\/hangs\.ipynb\s+\S+\s+\S+\s+cancelled/);
  assert.ok(fs.existsSync(path.join(dir, "ctrl-c", "hangs.ipynb")));
  await waitFor(() => procs.every((p) => !alive(p)), 10_000, `processes ${procs.join(", ")} to stop`);
});

test("usage errors exit 2 with one line", async () => {
  const r1 = await runCli(["run", "--frobnicate"], dir);
  assert.equal(r1.code, 2);
  assert.equal(r1.stderr, "gradlab run: unknown option '--frobnicate'; see 'gradlab help run'\n");
  const r2 = await runCli(["run"], dir);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /no notebooks given/);
  writeTestNotebook(path.join(dir, "four"), "x.ipynb", ["1"], k);
  const r3 = await runCli(["run", "four", "--out", "four"], dir);
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /^gradlab run: --out four would overwrite the source notebook four\/x\.ipynb; choose another folder, or use --inplace/);
  const r4 = await runCli(["run", "four", "--timeout", "soon"], dir);
  assert.equal(r4.code, 2);
  assert.equal(r4.stderr, "gradlab run: --timeout needs a number >= 0, got 'soon'\n");
});
