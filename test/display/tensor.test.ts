import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, arange, zeros } from "../../lib/index";
import { tensorMimeBundle } from "../../lib/display/tensor";

/** The text of every <td> cell of an HTML fragment, in order. */
const cells = (html: string) => [...html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
/** The rows (<tr>) of the first table in a fragment. */
const rows = (html: string) => html.slice(0, html.indexOf("</table>")).split("<tr>").slice(1);

test("a matrix shows its values in a table, row by row, with shape and dtype", () => {
  const b = tensorMimeBundle(tensor([[1.5, -2], [3, 4.25]]));
  const html = b["text/html"] as string;
  assert.deepEqual(cells(html).map(Number), [1.5, -2, 3, 4.25]);
  assert.match(html, /shape \[2, 2\] · float64/);
  assert.equal(b["text/plain"], String(tensor([[1.5, -2], [3, 4.25]])));
});

test("the autograd state: requiresGrad on leaves, gradFn on results, and grad once set", () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  assert.match(tensorMimeBundle(x)["text/html"] as string, /requiresGrad=true/);
  assert.doesNotMatch(tensorMimeBundle(x)["text/html"] as string, /grad ·/);
  const y = x.mul(x);
  assert.match(tensorMimeBundle(y)["text/html"] as string, /gradFn=&lt;MulBackward0&gt;/);
  y.sum().backward();
  const html = tensorMimeBundle(x)["text/html"] as string;
  const grad = html.slice(html.indexOf("grad ·"));
  assert.deepEqual(cells(grad).map(Number), [2, 4, 6]); // d/dx Σx² = 2x
});

test("large matrices are summarised: 8 rows and columns at each end around ⋮ and ⋯", () => {
  const html = tensorMimeBundle(arange(2500).reshape(50, 50))["text/html"] as string;
  const body = rows(html).slice(1); // without the header row
  assert.equal(body.length, 17);
  assert.match(body[8], /⋮/);
  const first = cells(`<table>${body[0]}</table>`);
  assert.equal(first.length, 17);
  assert.equal(first[8], "⋯");
  assert.deepEqual([first[0], first[7], first[9], first[16]].map(Number), [0, 7, 42, 49]);
  const last = cells(`<table>${body[16]}</table>`);
  assert.equal(Number(last[16]), 2499);
});

test("3-d tensors show one table per leading index, labelled [i, :, :]", () => {
  const html = tensorMimeBundle(arange(12).reshape(3, 2, 2))["text/html"] as string;
  assert.equal((html.match(/<table/g) ?? []).length, 3);
  assert.match(html, /\[0, :, :\][\s\S]*\[1, :, :\][\s\S]*\[2, :, :\]/);
  assert.deepEqual(cells(html).map(Number), Array.from({ length: 12 }, (_, i) => i));
});

test("0-d, empty, bool and int tensors", () => {
  assert.deepEqual(cells(tensorMimeBundle(tensor(3.5))["text/html"] as string), ["3.5000"]);
  assert.match(tensorMimeBundle(zeros([0]))["text/html"] as string, /no elements/);
  assert.deepEqual(cells(tensorMimeBundle(tensor([true, false]))["text/html"] as string), ["True", "False"]);
  const ints = tensorMimeBundle(tensor([1, 2], { dtype: "int32" }))["text/html"] as string;
  assert.match(ints, /int32/);
  assert.deepEqual(cells(ints), ["1", "2"]);
});

test("labels are escaped", () => {
  const t = tensor([1]);
  t.label = "<script>alert(1)</script>";
  const html = tensorMimeBundle(t)["text/html"] as string;
  assert.ok(!html.includes("<script>"));
  assert.match(html, /&lt;script&gt;/);
});

test("Tensor implements the display protocol", () => {
  const t = tensor([1, 2]);
  const b = (t as any)[Symbol.for("Jupyter.display")]();
  assert.deepEqual(Object.keys(b).sort(), ["text/html", "text/plain"]);
});
