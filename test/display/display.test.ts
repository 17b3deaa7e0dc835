import { test } from "node:test";
import assert from "node:assert/strict";
import { display, tensor, mimeBundle, isDisplayable } from "../../lib/index";
import { fakeKernel } from "./fake-kernel";

test("mimeBundle: protocol objects give their bundle (text/plain added), others REPL text", () => {
  const obj = { [Symbol.for("Jupyter.display")]: () => ({ "text/latex": "$x$" }) };
  const b = mimeBundle(obj);
  assert.equal(b["text/latex"], "$x$");
  assert.equal(typeof b["text/plain"], "string");
  assert.deepEqual(mimeBundle({ a: [1, 2] }), { "text/plain": "{ a: [ 1, 2 ] }" });
  assert.equal(isDisplayable(obj), true);
  assert.equal(isDisplayable({}), false);
});

test("mimeBundle: a broken display method gives text with the reason", () => {
  const throws = { [Symbol.for("Jupyter.display")]: () => { throw new Error("boom"); } };
  assert.match(mimeBundle(throws)["text/plain"] as string, /\[display failed: boom\]/);
  const wrong = { [Symbol.for("Jupyter.display")]: () => "not a bundle" };
  assert.match(mimeBundle(wrong)["text/plain"] as string, /must return a MIME bundle/);
});

test("display sends one bundle; asked for a display id, it returns a handle that updates that output", () => {
  const k = fakeKernel();
  try {
    assert.equal(display(tensor([3])), undefined, "no handle, so no Out[ ] for a display(...) line");
    assert.equal(k.sent[0].displayId, undefined);
    k.sent.length = 0;
    const h = display(tensor([1, 2]), { displayId: true });
    assert.equal(k.sent.length, 1);
    assert.deepEqual(Object.keys(k.sent[0].bundle).sort(), ["text/html", "text/plain"]);
    assert.equal(k.sent[0].update, false);
    assert.equal(k.sent[0].displayId, h.displayId);
    h.update("done");
    assert.deepEqual(k.sent[1], { bundle: { "text/plain": "done" }, metadata: {}, displayId: h.displayId, update: true });
  } finally {
    k.uninstall();
  }
});

test("display helpers send one MIME type plus text", () => {
  const k = fakeKernel();
  try {
    display.latex("$$x^2$$");
    display.svg("<svg/>");
    display.html("<b>b</b>", { displayId: "mine" });
    display.markdown("**m**");
    assert.deepEqual(k.sent.map((s) => Object.keys(s.bundle).sort()), [
      ["text/latex", "text/plain"],
      ["image/svg+xml", "text/plain"],
      ["text/html", "text/plain"],
      ["text/markdown", "text/plain"],
    ]);
    assert.equal(k.sent[2].displayId, "mine");
  } finally {
    k.uninstall();
  }
});

test("outside the kernel, display prints the text form", () => {
  const write = process.stdout.write;
  let out = "";
  (process.stdout as any).write = (s: string) => ((out += s), true);
  try {
    display(tensor([1, 2]));
  } finally {
    process.stdout.write = write;
  }
  assert.equal(out, "tensor([1., 2.])\n");
});
