/**
 * The gradlab kernel through jupyter_client (a real Jupyter client), one session per group:
 * each behaviour of tslab's internals that the launcher relies on (see
 * /work/shared/notes/tslab-kernel.md) has a check here, because tslab documents none of them.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { Exchange, Step, assertBuilt, drive, installKernel, ofType, plain, tempDir } from "./helpers";

const prefix = tempDir("gradlab-kernel-");
const nbDir = tempDir("gradlab-notebook-"); // a folder with no node_modules: "gradlab" must still import
let jupyterPath = "";
let A: Exchange[] = [];
let B: Exchange[] = [];

const DISPLAY = `Symbol.for("Jupyter.display")`;
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="8"/></svg>`;
const PLOT = `plot.line([1, 4, 9], undefined, { title: "squares" })`;

const sessionA: Step[] = [
  { code: "1 + 1" },
  { code: `import { tensor, display, plot, progress } from "gradlab";\nconst x = tensor([[1, 2], [3, 4]], { requiresGrad: true });\nx.mul(x).sum().backward();\nx` },
  { code: `const bad = tensor("a");` },
  { code: `throw new RangeError("bad range");` },
  { code: "x.sum().item()" },
  { code: `console.log("hello");\nprocess.version.startsWith("v")` },
  { code: `import { twice } from "./util";\ntwice(21)` },
  { code: `display({ [${DISPLAY}]() { return { "text/latex": "$x^2$", "image/svg+xml": ${JSON.stringify(SVG)}, "text/plain": "x^2" }; } });` },
  { code: `({ async [${DISPLAY}]() { await new Promise((r) => setTimeout(r, 50)); return { "text/html": "<i>late</i>" }; } })` },
  { code: `for (const i of progress(50, { every: 0, label: "sweep" })) { }` },
  { code: PLOT },
  { code: `plot.line([2, 3], undefined, { title: "second" })` },
  { code: PLOT },
  { code: `import * as tslab from "tslab";\ntslab.display.html("<b>from tslab</b>");` },
  { code: `({ [${DISPLAY}]() { throw new Error("no bundle today"); } })` },
  { code: "2 + 2", silent: true },
  { type: "complete", code: "x." },
  { type: "inspect", code: "tensor", cursor_pos: 3 },
  { code: "while (true) {}", interrupt_after: 2 },
  { code: "await new Promise(() => {});", interrupt_after: 2 },
  { code: "x.sum().item() * 2" },
  { code: "display(x.detach());" },
  { code: `const s = "text";\ns` },
  { type: "kernel_info" },
  { type: "comm_info" },
  { code: "const trials = 3;" },
  { code: "const o = { trials };\no.trials * 2" },
  { code: "let total = 0;\nfor await (const i of [1, 2, 3]) total += i;\ntotal" },
  { code: "for (const i of progress(300000, { every: 0 })) { }\n1" },
];

const sessionB: Step[] = [
  {
    batch: [
      { code: `throw new Error("A");`, stop_on_error: false },
      { code: "3" },
      { code: `throw new Error("B");` },
      { code: "4" },
      { code: "5", stop_on_error: false },
    ],
  },
  { code: "6" },
];

before(() => {
  assertBuilt();
  jupyterPath = installKernel(prefix.dir);
  fs.writeFileSync(path.join(nbDir.dir, "util.ts"), "export const twice = (n: number): number => n * 2;\n");
  A = drive(jupyterPath, nbDir.dir, sessionA);
  B = drive(jupyterPath, nbDir.dir, sessionB);
});

after(() => {
  prefix.cleanup();
  nbDir.cleanup();
});

const result = (ex: Exchange) => ofType(ex, "execute_result")[0]?.content.data;
const errorOf = (ex: Exchange) => ofType(ex, "error")[0]?.content;

test("execute_input carries the code and the count; the last expression is an execute_result", () => {
  const [input] = ofType(A[0], "execute_input");
  assert.deepEqual(input.content, { code: "1 + 1", execution_count: 1 });
  assert.equal(A[0].reply.content.status, "ok");
  assert.equal(result(A[0])["text/plain"], "2");
});

test("a tensor shows as an HTML table with shape, dtype and its grad, plus PyTorch-style text", () => {
  const data = result(A[1]);
  assert.ok(data, "no execute_result for a tensor");
  assert.equal(data["text/plain"], "tensor([[1., 2.],\n        [3., 4.]], requiresGrad=true)");
  const html: string = data["text/html"];
  assert.match(html, /<table/);
  assert.match(html, /shape \[2, 2\]/);
  assert.match(html, /float64/);
  // d/dx Σ x² = 2x: the grad table holds 2, 4, 6, 8
  const gradPart = html.slice(html.indexOf("grad ·"));
  const cells = [...gradPart.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => parseFloat(m[1]));
  assert.deepEqual(cells, [2, 4, 6, 8]);
});

test("type errors are Jupyter errors (TSError) with a caret, and nothing runs", () => {
  const ex = A[2];
  assert.equal(ex.reply.content.status, "error");
  const err = errorOf(ex);
  assert.equal(err.ename, "TSError");
  assert.match(err.evalue, /^cell 1:20 - Argument of type '"a"' is not assignable to parameter/);
  // the source line, then a caret under the bad argument
  const tb = plain(err.traceback.join("\n")).split("\n");
  const at = tb.findIndex((l) => l.endsWith(`const bad = tensor("a");`));
  assert.ok(at > 0, tb.join("\n"));
  assert.equal(tb[at + 1].indexOf("^"), tb[at].indexOf(`"a"`));
  assert.equal(ex.reply.content.ename, "TSError");
});

test("runtime errors are Jupyter errors with ename, evalue and traceback", () => {
  const err = errorOf(A[3]);
  assert.equal(err.ename, "RangeError");
  assert.equal(err.evalue, "bad range");
  assert.match(plain(err.traceback[0]), /^RangeError: bad range$/);
  assert.deepEqual(
    { status: A[3].reply.content.status, ename: A[3].reply.content.ename, evalue: A[3].reply.content.evalue },
    { status: "error", ename: "RangeError", evalue: "bad range" },
  );
});

test("the kernel keeps its state after errors, and the next request (stop_on_error default) runs", () => {
  assert.equal(A[4].reply.content.status, "ok");
  assert.equal(result(A[4])["text/plain"], "10");
});

test("console output is a stdout stream; Node's globals type-check in a folder without node_modules", () => {
  const streams = ofType(A[5], "stream");
  assert.deepEqual(streams.map((s) => s.content), [{ name: "stdout", text: "hello\n" }]);
  assert.equal(result(A[5])["text/plain"], "true");
});

test("local .ts files of the notebook's folder import", () => {
  assert.equal(A[6].reply.content.status, "ok", JSON.stringify(A[6].iopub));
  assert.equal(result(A[6])["text/plain"], "42");
});

test("display(value) sends ONE display_data holding every MIME type of the bundle", () => {
  const dd = ofType(A[7], "display_data");
  assert.equal(dd.length, 1);
  assert.deepEqual(Object.keys(dd[0].content.data).sort(), ["image/svg+xml", "text/latex", "text/plain"]);
  assert.equal(dd[0].content.data["image/svg+xml"], SVG);
  assert.equal(dd[0].content.data["text/latex"], "$x^2$");
});

test("an async display method's bundle arrives before the reply", () => {
  const data = result(A[8]);
  assert.equal(data["text/html"], "<i>late</i>");
  assert.equal(typeof data["text/plain"], "string");
});

test("progress shows one line updated in place through its display id", () => {
  const first = ofType(A[9], "display_data");
  const updates = ofType(A[9], "update_display_data");
  assert.equal(first.length, 1);
  const id = first[0].content.transient.display_id;
  assert.ok(typeof id === "string" && id.length > 0);
  assert.ok(updates.length >= 1);
  for (const u of updates) assert.equal(u.content.transient.display_id, id);
  const last: string = updates[updates.length - 1].content.data["text/plain"];
  assert.match(last, /^sweep 100% \|█{20}\| 50\/50 \[/);
});

test("the first figure brings plotly.js in an output of its own; later figures reuse it", () => {
  const dd = ofType(A[10], "display_data");
  assert.equal(dd.length, 1, "the library output");
  const lib: string = dd[0].content.data["text/html"];
  assert.ok(/data-gradlab-plotly="\d+\.\d+\.\d+"/.test(lib), "the library output");
  assert.ok(lib.length > 1_000_000, "the library is inline (no CDN)");
  assert.ok(!/<script[^>]+src=/i.test(lib), "no <script src>");
  const fig = result(A[10]);
  assert.deepEqual(Object.keys(fig).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  assert.deepEqual(fig["application/vnd.plotly.v1+json"].data[0].y, [1, 4, 9]);
  assert.equal(fig["application/vnd.plotly.v1+json"].layout.title.text, "squares");
  assert.ok(fig["text/html"].length < 20_000, "a figure's own HTML does not repeat the library");
  assert.equal(ofType(A[11], "display_data").length, 0, "no second copy for the next figure");
  assert.ok(result(A[11])["application/vnd.plotly.v1+json"]);
});

test("running the cell that carried plotly.js again sends it again (its old outputs are gone)", () => {
  const dd = ofType(A[12], "display_data");
  assert.equal(dd.length, 1);
  assert.ok(/data-gradlab-plotly/.test(dd[0].content.data["text/html"]));
});

test("tslab's own display API still works", () => {
  const dd = ofType(A[13], "display_data");
  assert.equal(dd.length, 1);
  assert.equal(dd[0].content.data["text/html"], "<b>from tslab</b>");
});

test("a display method that throws gives text and says why, and the cell still succeeds", () => {
  assert.equal(A[14].reply.content.status, "ok");
  assert.match(result(A[14])["text/plain"], /\[display failed: no bundle today\]/);
});

test("silent requests send no execute_input and no result", () => {
  assert.equal(A[15].reply.content.status, "ok");
  assert.equal(ofType(A[15], "execute_input").length, 0);
  assert.equal(ofType(A[15], "execute_result").length, 0);
});

test("completion lists a tensor's members (types of the gradlab import)", () => {
  const reply = A[16].reply;
  assert.equal(reply.msg_type, "complete_reply");
  for (const name of ["backward", "grad", "requiresGrad", "matmul"]) assert.ok(reply.content.matches.includes(name), `missing ${name}`);
});

test("hover (inspect) shows gradlab's signature", () => {
  const reply = A[17].reply;
  assert.equal(reply.content.found, true);
  assert.match(reply.content.data["text/plain"], /function tensor\(/);
});

test("interrupts stop busy loops and pending awaits as KeyboardInterrupt errors; the kernel survives", () => {
  assert.equal(errorOf(A[18])?.ename, "KeyboardInterrupt");
  assert.equal(errorOf(A[19])?.ename, "KeyboardInterrupt");
  assert.equal(result(A[20])["text/plain"], "20");
});

test("display() of a tensor is a display_data with the table", () => {
  const dd = ofType(A[21], "display_data");
  assert.equal(dd.length, 1);
  assert.match(dd[0].content.data["text/html"], /<table/);
});

test("strings show quoted, as in the REPL", () => {
  assert.equal(result(A[22])["text/plain"], "'text'");
});

test("kernel_info names gradlab and TypeScript 5.0; comm_info gets a comm_info_reply", () => {
  const info = A[23].reply;
  assert.equal(info.msg_type, "kernel_info_reply");
  assert.equal(info.content.implementation, "gradlab");
  assert.equal(info.content.language_info.name, "typescript");
  assert.match(info.content.language_info.version, /^5\.0\./);
  assert.equal(A[24].reply.msg_type, "comm_info_reply"); // tslab 1.0.22 answers with "complete_reply"
  assert.deepEqual(A[24].reply.content.comms, {});
});

test("stop_on_error: false keeps the queue going; stop_on_error aborts what was queued", () => {
  const statuses = B.map((ex) => ex.reply.content.status);
  assert.deepEqual(statuses, ["error", "ok", "error", "aborted", "aborted", "ok"]);
  assert.equal(result(B[1])["text/plain"], "3");
  assert.equal(result(B[5])["text/plain"], "6");
  assert.equal(errorOf(B[0]).evalue, "A");
});

test("a shorthand property names a variable of an earlier cell ({ trials })", () => {
  assert.equal(A[26].reply.content.status, "ok", JSON.stringify(A[26].iopub));
  assert.equal(result(A[26])["text/plain"], "6");
});

test("a top-level for await loop runs (tslab misses it; the launcher rewrites it)", () => {
  assert.equal(A[27].reply.content.status, "ok", JSON.stringify(A[27].iopub));
  assert.equal(result(A[27])["text/plain"], "6");
});

test("a progress line redrawn on every step of a long synchronous loop: updates coalesce, the kernel lives", () => {
  assert.equal(A[28].reply.content.status, "ok", JSON.stringify(A[28].reply.content));
  const shown = ofType(A[28], "display_data").length;
  const updates = ofType(A[28], "update_display_data");
  assert.equal(shown, 1);
  assert.ok(updates.length >= 1 && updates.length <= 3, `${updates.length} update messages for 300000 redraws`);
  assert.match(String(updates[updates.length - 1].content.data["text/plain"]), /100% .*300000\/300000/);
});
