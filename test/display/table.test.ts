import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "../../lib/display/table";
import { mimeBundle } from "../../lib/display/mime";

test("display.table: rows by key or by position, escaped HTML, Markdown and aligned text", () => {
  const t = new Table([{ rule: "a<b", value: 0.1 + 0.2, ok: true }, { rule: "x|y", value: 2, ok: false }], { caption: "Rules" });
  const b = mimeBundle(t);
  assert.match(String(b["text/html"]), /<th>rule<\/th><th>value<\/th><th>ok<\/th>/);
  assert.match(String(b["text/html"]), /<td>a&lt;b<\/td><td>0.3<\/td><td>✓<\/td>/, "escaped, rounded to 10 digits, booleans as marks");
  assert.match(String(b["text/markdown"]), /\| x\\\|y \| 2 \| ✗ \|/, "a bar inside a cell is escaped in Markdown");
  assert.equal(String(b["text/plain"]).split("\n")[1], "rule  value  ok");
  const arr = new Table([[1, 2], [3, 4]], { columns: ["a", "b"] });
  assert.deepEqual(arr.rows, [["1", "2"], ["3", "4"]]);
});
