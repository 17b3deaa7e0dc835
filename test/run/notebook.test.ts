import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { NotebookFormatError, parseNotebook, readNotebook, serializeNotebook, writeNotebook } from "../../kernel/run/notebook";
import { nbformatErrors, tmpDir } from "./helpers";

const minimal = (cells: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ nbformat: 4, nbformat_minor: 2, metadata: {}, cells, ...extra });

test("a file that is not JSON is reported with its line and column", () => {
  const text = '{\n  "nbformat": 4,\n  "cells": [,]\n}';
  assert.throws(
    () => parseNotebook(text, "broken.ipynb"),
    (e: unknown) => e instanceof NotebookFormatError && /^broken\.ipynb: not a valid notebook: the file is not JSON/.test(e.message) && /line 3, column 13/.test(e.message),
  );
});

test("structural problems name the file and the cell", () => {
  assert.throws(() => parseNotebook('{"nbformat": 3, "cells": []}', "old.ipynb"), /old\.ipynb: .*nbformat is 3; only nbformat 4/);
  assert.throws(() => parseNotebook('{"nbformat": 4}', "x.ipynb"), /x\.ipynb: .*no 'cells' list/);
  assert.throws(() => parseNotebook(minimal([{ cell_type: "code", source: "" }, { cell_type: "picture", source: "" }]), "y.ipynb"), /cell 2 has cell_type "picture"/);
  assert.throws(() => parseNotebook(minimal([{ cell_type: "code", source: 5 }]), "z.ipynb"), /cell 1 has a 'source' that is neither/);
  assert.throws(() => parseNotebook("[]", "a.ipynb"), /top level is not a JSON object/);
});

test("reading upgrades to nbformat 4.5: unique valid cell ids, joined sources, code cell fields", () => {
  const nb = parseNotebook(
    minimal([
      { cell_type: "markdown", source: ["# T\n", "text"], metadata: {} },
      { cell_type: "code", id: "dup", source: ["a = 1\n", "b = 2"], metadata: {} },
      { cell_type: "code", id: "dup", source: "", metadata: {}, outputs: [{ output_type: "stream", name: "stdout", text: ["x\n", "y\n"] }], execution_count: 3 },
      { cell_type: "raw", id: "bad id!", source: "r", metadata: {} },
    ]),
    "n.ipynb",
  );
  assert.equal(nb.nbformat_minor, 5);
  const ids = nb.cells.map((c) => c.id);
  assert.equal(new Set(ids).size, 4);
  for (const id of ids) assert.match(id, /^[a-zA-Z0-9-_]{1,64}$/);
  assert.equal(ids[1], "dup", "a valid id is kept");
  assert.notEqual(ids[3], "bad id!");
  assert.equal(nb.cells[0].source, "# T\ntext");
  assert.equal(nb.cells[1].source, "a = 1\nb = 2");
  const c2 = nb.cells[2];
  assert.ok(c2.cell_type === "code" && c2.execution_count === 3 && c2.outputs[0].output_type === "stream" && c2.outputs[0].text === "x\ny\n");
  const c1 = nb.cells[1];
  assert.ok(c1.cell_type === "code" && c1.execution_count === null && Array.isArray(c1.outputs));
});

test("written notebooks pass the official nbformat 4.5 validator and read back the same", () => {
  const dir = tmpDir();
  try {
    const nb = parseNotebook(
      minimal([
        { cell_type: "markdown", source: "# 标题\n$x^2$", metadata: {} },
        { cell_type: "code", source: "print(1)\nprint(2)", metadata: { tags: ["t"] }, outputs: [], execution_count: null },
      ]),
      "w.ipynb",
    );
    const code = nb.cells[1];
    assert.ok(code.cell_type === "code");
    code.execution_count = 1;
    code.outputs = [
      { output_type: "stream", name: "stdout", text: "1\n2\n" },
      { output_type: "display_data", data: { "text/plain": "a\nb", "application/vnd.plotly.v1+json": { data: [] } }, metadata: {}, transient: { display_id: "d1" } },
      { output_type: "execute_result", data: { "text/plain": "3" }, metadata: {}, execution_count: 1 },
      { output_type: "error", ename: "E", evalue: "v", traceback: ["E: v"] },
    ];
    const file = path.join(dir, "sub", "w.ipynb");
    writeNotebook(file, nb);
    assert.equal(nbformatErrors(file), "");
    const text = fs.readFileSync(file, "utf8");
    assert.ok(!text.includes("transient"), "transient display ids are not stored");
    assert.match(text, /"source": \[\n    "print\(1\)\\n",\n    "print\(2\)"\n   \]/, "multi-line strings are stored as lists of lines");
    assert.equal(serializeNotebook(readNotebook(file)), text, "a written notebook reads back unchanged");
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["w.ipynb"], "no temporary file is left behind");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
