/**
 * The faults `gradlab run` must survive, all in one run through one embedded server:
 * a cell that throws, a cell that never ends, a kernel that dies mid-run, a kernel that fails
 * to start, a malformed .ipynb, next to notebooks that pass. Each is reported with its own
 * status, the others still run, and every executed copy is written with the error in place.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { RunReport, runNotebooks } from "../../kernel/run/runner";
import type { CodeCell } from "../../kernel/run/notebook";
import { readNotebook } from "../../kernel/run/notebook";
import { brokenKernelspecs, jupyterPathWith, nbformatErrors, testKernel, tmpDir, writeTestNotebook } from "./helpers";

const k = testKernel();
let dir: string;
let report: RunReport;
let events: string[] = [];
const byName = (name: string) => report.notebooks.find((r) => path.basename(r.file) === name)!;
const codeCells = (file: string) => readNotebook(file).cells.filter((c): c is CodeCell => c.cell_type === "code");

before(async () => {
  dir = tmpDir();
  const src = path.join(dir, "src");
  writeTestNotebook(src, "a-passes.ipynb", [{ md: "# Passing" }, k.print('"first"'), "", k.print("6 * 7")], k);
  writeTestNotebook(src, "b-throws.ipynb", [k.print('"before"'), k.throws, k.print('"never"')], k);
  writeTestNotebook(src, "c-hangs.ipynb", [k.print('"start"'), k.hangs, k.print('"never"')], k);
  writeTestNotebook(src, "d-dies.ipynb", [k.print('"alive"'), k.dies, k.print('"never"')], k);
  writeTestNotebook(src, "e-no-kernel.ipynb", ["1"], { ...k, name: "missing-exe" });
  fs.writeFileSync(path.join(src, "f-malformed.ipynb"), '{"nbformat": 4, "cells": [}');
  writeTestNotebook(src, "nested/g-passes.ipynb", [k.cwd], k);
  report = await runNotebooks([src, path.join(dir, "no-such.ipynb")], {
    outDir: path.join(dir, "out"),
    jobs: 2,
    timeout: 4,
    env: { JUPYTER_PATH: jupyterPathWith(brokenKernelspecs(path.join(dir, "jupyter"))) },
    onProgress: (e) => events.push(e.type === "done" ? `done ${path.basename(e.report.file)}` : e.type),
  });
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("every notebook gets its own status and the run is not ok", () => {
  const statuses = Object.fromEntries(report.notebooks.map((r) => [path.basename(r.file), r.status]));
  assert.deepEqual(statuses, {
    "a-passes.ipynb": "passed",
    "b-throws.ipynb": "error",
    "c-hangs.ipynb": "timeout",
    "d-dies.ipynb": "died",
    "e-no-kernel.ipynb": "no-kernel",
    "f-malformed.ipynb": "invalid",
    "g-passes.ipynb": "passed",
    "no-such.ipynb": "invalid",
  }, `statuses and messages: ${JSON.stringify(report.notebooks.map((r) => [path.basename(r.file), r.status, r.message]))}`);
  assert.equal(report.ok, false);
  assert.equal(events.filter((e) => e.startsWith("done")).length, 8);
  assert.ok(events.includes("server") && events.includes("cell"));
});

test("a passing notebook: outputs, execution counts, timing, nbformat 4.5", () => {
  const r = byName("a-passes.ipynb");
  assert.equal(r.executed, 2, "the empty cell is skipped");
  assert.equal(r.codeCells, 3);
  assert.equal(r.output, path.join(dir, "out", "a-passes.ipynb"));
  assert.equal(nbformatErrors(r.output!), "");
  const cells = codeCells(r.output!);
  assert.deepEqual(cells.map((c) => c.execution_count), [1, null, 2]);
  assert.deepEqual(cells[0].outputs, [{ output_type: "stream", name: "stdout", text: "first\n" }]);
  assert.deepEqual(cells[2].outputs, [{ output_type: "stream", name: "stdout", text: "42\n" }]);
  for (const c of [cells[0], cells[2]]) {
    const timing = c.metadata.execution as Record<string, string>;
    assert.ok(Date.parse(timing["shell.execute_reply"]) >= Date.parse(timing["iopub.status.busy"]), JSON.stringify(timing));
    assert.equal(typeof (c.metadata.gradlab as { seconds: number }).seconds, "number");
  }
  const nb = readNotebook(r.output!);
  assert.equal(nb.metadata.kernelspec?.name, k.name);
  assert.equal(nb.metadata.language_info?.name, k.language);
  assert.equal((nb.metadata.gradlab as { run: { status: string } }).run.status, "passed");
  const nested = codeCells(path.join(dir, "out", "nested", "g-passes.ipynb"));
  assert.deepEqual(nested[0].outputs, [{ output_type: "stream", name: "stdout", text: fs.realpathSync(path.join(dir, "src", "nested")) + "\n" }], "the kernel runs in the notebook's folder");
});

test("a cell that throws: the error is in place, later cells do not run, the report has the traceback", () => {
  const r = byName("b-throws.ipynb");
  assert.equal(r.failure?.cell, 2);
  assert.equal(r.failure?.ename, k.language === "python" ? "ValueError" : "RangeError");
  assert.match(r.failure!.evalue, /bad range 42/);
  assert.ok(r.failure!.traceback.join("\n").includes("bad range 42"));
  assert.match(r.failure!.source, /bad range/);
  const cells = codeCells(r.output!);
  assert.equal(cells[1].outputs.at(-1)?.output_type, "error");
  assert.equal(cells[2].execution_count, null);
  assert.deepEqual(cells[2].outputs, []);
  assert.equal(nbformatErrors(r.output!), "");
});

test("a cell that never ends times out: the kernel is interrupted and the copy says so", () => {
  const r = byName("c-hangs.ipynb");
  assert.equal(r.failure?.cell, 2);
  assert.equal(r.failure?.ename, "CellTimeoutError");
  assert.match(r.message!, /cell 2 timed out after 4 s/);
  const cells = codeCells(r.output!);
  const spent = (cells[1].metadata.gradlab as { seconds: number }).seconds;
  assert.ok(spent >= 4 && spent < 12, `the hanging cell was given up after ${spent} s (limit 4 s, then at most 5 s for the interrupt)`);
  assert.deepEqual(cells[0].outputs, [{ output_type: "stream", name: "stdout", text: "start\n" }]);
  const err = cells[1].outputs.find((o) => o.output_type === "error" && o.ename === "CellTimeoutError");
  assert.ok(err, JSON.stringify(cells[1].outputs));
  assert.equal(cells[2].execution_count, null);
});

test("a kernel that dies mid-run is reported as died, with the cell that killed it", () => {
  const r = byName("d-dies.ipynb");
  assert.equal(r.failure?.cell, 2);
  assert.equal(r.failure?.ename, "DeadKernelError");
  assert.match(r.message!, /kernel died.*cell 2/);
  const cells = codeCells(r.output!);
  assert.deepEqual(cells[0].outputs, [{ output_type: "stream", name: "stdout", text: "alive\n" }]);
  assert.equal(cells[2].execution_count, null);
  assert.equal(nbformatErrors(r.output!), "");
});

test("a kernel that fails to start: a clear message, the copy is still written", () => {
  const r = byName("e-no-kernel.ipynb");
  assert.match(r.message!, /kernel 'missing-exe' failed to start: .*No such file or directory: '\/nonexistent\/gradlab-test-kernel'/);
  assert.ok(fs.existsSync(r.output!));
});

test("malformed and missing files are reported without stopping the others", () => {
  assert.match(byName("f-malformed.ipynb").message!, /not a valid notebook: the file is not JSON \(Unexpected token '}' at line 1, column 27\)/);
  assert.equal(byName("f-malformed.ipynb").output, undefined);
  assert.match(byName("no-such.ipynb").message!, /no such file or folder: .*no-such\.ipynb/);
  assert.equal(byName("g-passes.ipynb").status, "passed");
});

test("a kernel that never answers fails after --startup-timeout, and an unknown kernel name lists those available", async () => {
  const nbDir = path.join(dir, "start");
  writeTestNotebook(nbDir, "silent.ipynb", ["1"], { ...k, name: "never-answers" });
  writeTestNotebook(nbDir, "unknown.ipynb", ["1"], { ...k, name: "no-such-kernel" });
  const r = await runNotebooks([nbDir], { outDir: path.join(dir, "out2"), startupTimeout: 3, jobs: 2, env: { JUPYTER_PATH: jupyterPathWith(path.join(dir, "jupyter")) } });
  const [silent, unknown] = r.notebooks;
  assert.equal(silent.status, "no-kernel");
  assert.match(silent.message!, /kernel 'never-answers' .*did not answer within 3 s/);
  assert.equal(unknown.status, "no-kernel");
  assert.match(unknown.message!, /no kernel named 'no-such-kernel' on the server \(it has: .*never-answers.*python3.*\)/);
});

test("--allow-errors: later cells still run, the notebook passes, the first error is reported", async () => {
  const nbDir = path.join(dir, "allow");
  writeTestNotebook(nbDir, "errors.ipynb", [k.print('"one"'), k.throws, k.print('"three"')], k);
  const r = await runNotebooks([nbDir], { outDir: path.join(dir, "out3"), allowErrors: true, kernel: k.name });
  const [nb] = r.notebooks;
  assert.equal(nb.status, "passed");
  assert.equal(r.ok, true);
  assert.equal(nb.executed, 3);
  assert.equal(nb.failure?.cell, 2);
  const cells = codeCells(nb.output!);
  assert.equal(cells[1].outputs.at(-1)?.output_type, "error");
  assert.deepEqual(cells[2].outputs, [{ output_type: "stream", name: "stdout", text: "three\n" }]);
  assert.deepEqual(cells.map((c) => c.execution_count), [1, 2, 3]);
});
