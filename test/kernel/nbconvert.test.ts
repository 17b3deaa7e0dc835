/**
 * `jupyter nbconvert --to notebook --execute` (Debian's nbconvert and nbclient) runs a
 * notebook with the gradlab kernel: the saved outputs hold the HTML table, the LaTeX, the
 * plotly bundle (with offline plotly.js once), the SVG, one progress line, and errors as
 * error outputs; with --allow-errors later cells still run.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { assertBuilt, installKernel, jupyterEnv, plain, tempDir } from "./helpers";
import { SVG, index, notebookJson } from "./notebook";

const prefix = tempDir("gradlab-kernel-");
const work = tempDir("gradlab-nbconvert-");
let jupyterPath = "";
let nb: any;
let run: ReturnType<typeof spawnSync>;

function nbconvert(file: string, extra: string[]) {
  return spawnSync("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=120", ...extra, file], {
    cwd: work.dir,
    env: jupyterEnv(jupyterPath),
    encoding: "utf8",
    timeout: 300_000,
  });
}

before(() => {
  assertBuilt();
  jupyterPath = installKernel(prefix.dir);
  fs.writeFileSync(path.join(work.dir, "rich.ipynb"), notebookJson());
  run = nbconvert("rich.ipynb", ["--allow-errors", "--output", "rich.out.ipynb"]);
  if (run.status === 0) nb = JSON.parse(fs.readFileSync(path.join(work.dir, "rich.out.ipynb"), "utf8"));
});

after(() => {
  prefix.cleanup();
  work.cleanup();
});

const outputs = (i: number) => {
  assert.equal(run.status, 0, `nbconvert failed: ${run.stderr}`);
  return nb.cells[i].outputs as any[];
};

test("the executed notebook records the kernel's language", () => {
  outputs(0);
  assert.equal(nb.metadata.language_info.name, "typescript");
});

test("a tensor output is an HTML table (with grad = 2w) plus text", () => {
  const [out] = outputs(index.tensor);
  assert.equal(out.output_type, "execute_result");
  const html: string = [].concat(out.data["text/html"]).join("");
  assert.match(html, /<table/);
  const grad = [...html.slice(html.indexOf("grad ·")).matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => parseFloat(m[1]));
  assert.deepEqual(grad, [2, -4, 1, 6]);
  assert.match([].concat(out.data["text/plain"]).join(""), /^tensor\(\[\[ 1\.0000, -2\.0000\],/);
});

test("an expression-like object's output is text/latex", () => {
  const [out] = outputs(index.latex);
  assert.equal([].concat(out.data["text/latex"]).join(""), "$$\\frac{d}{dx} x^3 = 3x^2$$");
});

test("gradlab's own symbolic expressions show as LaTeX", () => {
  const [out] = outputs(index.sym);
  // d/dx x³ = 3x²
  assert.match([].concat(out.data["text/latex"]).join(""), /^\$+3\s*x\^\{?2\}?\$+$/);
});

test("a figure is a plotly bundle with an offline HTML fallback, after one plotly.js output", () => {
  const outs = outputs(index.fn);
  assert.equal(outs.length, 2);
  const lib = [].concat(outs[0].data["text/html"]).join("");
  assert.ok(/data-gradlab-plotly=/.test(lib), "the library output");
  assert.ok(!/<script[^>]+src=/i.test(lib), "plotly.js is inline, not loaded from anywhere");
  const fig = outs[1].data["application/vnd.plotly.v1+json"];
  assert.ok(fig && Array.isArray(fig.data));
  // f = x³: f′(1) = 3 (closed form); the tangent at 1 is y = 3x − 2, so y(−2) = −8 and y(2) = 4
  const d = fig.data.find((t: any) => /^d\/dx/.test(t.name));
  const i1 = d.x.findIndex((x: number) => Math.abs(x - 1) < 0.006);
  assert.ok(Math.abs(d.y[i1] - 3 * d.x[i1] ** 2) < 1e-6);
  const tangent = fig.data.find((t: any) => /^tangent at x = 1/.test(t.name));
  assert.deepEqual(tangent.x, [-2, 2]);
  assert.ok(Math.abs(tangent.y[0] + 8) < 1e-6 && Math.abs(tangent.y[1] - 4) < 1e-6, String(tangent.y));
  assert.match([].concat(outs[1].data["text/html"]).join(""), /class="gradlab-plot"/);
  // the second figure does not carry the library again
  const later = outputs(index.contour);
  assert.equal(later.length, 1);
  assert.ok(later[0].data["application/vnd.plotly.v1+json"]);
});

test("display.svg gives an image/svg+xml output", () => {
  const [out] = outputs(index.svg);
  assert.equal(out.output_type, "display_data");
  assert.equal([].concat(out.data["image/svg+xml"]).join(""), SVG);
});

test("a progress loop leaves one output, updated to 100%", () => {
  const outs = outputs(index.progress);
  const lines = outs.filter((o) => o.output_type === "display_data");
  assert.equal(lines.length, 1);
  assert.match([].concat(lines[0].data["text/plain"]).join(""), /^loop 100% \|█+\| 40\/40/);
  const result = outs.find((o) => o.output_type === "execute_result");
  assert.equal([].concat(result.data["text/plain"]).join(""), String((39 * 40) / 2));
});

test("an error is an error output with ename, evalue and traceback; later cells still run", () => {
  const [err] = outputs(index.error);
  assert.equal(err.output_type, "error");
  assert.equal(err.ename, "RangeError");
  assert.equal(err.evalue, "bad range");
  assert.ok(err.traceback.length >= 1);
  const [after] = outputs(index.after);
  assert.equal([].concat(after.data["text/plain"]).join(""), "2.5");
});

test("without --allow-errors nbconvert stops and names the error", () => {
  fs.writeFileSync(
    path.join(work.dir, "fails.ipynb"),
    notebookJson([
      { cell_type: "code", source: "1 + 1" },
      { cell_type: "code", source: `throw new RangeError("bad range");` },
      { cell_type: "code", source: `"not reached"` },
    ]),
  );
  const r = nbconvert("fails.ipynb", ["--output", "fails.out.ipynb"]);
  assert.notEqual(r.status, 0);
  assert.match(plain(r.stderr), /RangeError: bad range/);
});
