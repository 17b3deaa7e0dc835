import { test } from "node:test";
import assert from "node:assert/strict";
import { caretLines, diagnosticsError, runtimeError } from "../../kernel/launcher/errors";

const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

test("type errors: the first gives evalue, each points a caret at its column", () => {
  const code = "const a = 1;\nconst b: string = a;";
  const e = diagnosticsError([{ file: "", line: 2, col: 7, message: "Type 'number' is not assignable to type 'string'." }], code);
  assert.equal(e.ename, "TSError");
  assert.equal(e.evalue, "cell 2:7 - Type 'number' is not assignable to type 'string'.");
  const [src, caret] = caretLines(code, 2, 7);
  assert.equal(src, "   2 | const b: string = a;");
  assert.equal(caret.indexOf("^"), src.indexOf("b: string"));
  assert.deepEqual(e.traceback.slice(2).map(plain), [src, caret]);
  // errors in other files name the file and show no caret
  const f = diagnosticsError([{ file: "util.ts", line: 1, col: 3, message: "m" }], code);
  assert.deepEqual(f.traceback.slice(1), ["util.ts 1:3 - m"]);
});

test("runtime errors keep the user's and gradlab's frames, not tslab's or the launcher's", () => {
  const err = new RangeError("bad shape");
  err.stack = [
    "RangeError: bad shape",
    "    at matmul (/x/gradlab/dist/lib/ops/linalg.js:10:5)",
    "    at evalmachine.<anonymous>:3:7",
    "    at Script.runInThisContext (node:vm:129:12)",
    "    at Object.execute (/x/node_modules/tslab/dist/executor.js:180:32)",
    "    at Handler.run (/x/gradlab/dist/kernel/launcher/handler.js:90:20)",
  ].join("\n");
  const e = runtimeError(err);
  assert.deepEqual([e.ename, e.evalue], ["RangeError", "bad shape"]);
  assert.deepEqual(e.traceback.map(plain), ["RangeError: bad shape", "    at matmul (/x/gradlab/dist/lib/ops/linalg.js:10:5)", "    at <cell>"]);
});

test("thrown non-errors and interrupts", () => {
  assert.deepEqual(runtimeError(42), { ename: "Uncaught", evalue: "42", traceback: ["\u001b[0;31mUncaught\u001b[0m 42"] });
  assert.equal(runtimeError(new Error("Script execution was interrupted by `SIGINT`")).ename, "KeyboardInterrupt");
});
