import assert from "node:assert/strict";
import { test } from "node:test";
import { parseNotebook } from "../../kernel/run/notebook";
import { checkParamName, inferParam, injectParameters, parameterSource } from "../../kernel/run/params";

test("-p values are typed as papermill types them", () => {
  assert.equal(inferParam("10"), 10);
  assert.equal(inferParam("-2.5e-3"), -0.0025);
  assert.equal(inferParam(".5"), 0.5);
  assert.equal(inferParam("True"), true);
  assert.equal(inferParam("false"), false);
  assert.equal(inferParam("None"), null);
  assert.equal(inferParam("10 steps"), "10 steps");
  assert.equal(inferParam("0x10"), "0x10");
  assert.equal(inferParam(""), "");
});

test("parameter names must be identifiers", () => {
  checkParamName("steps_2");
  assert.throws(() => checkParamName("2steps"), /parameter name '2steps' is not a valid identifier/);
  assert.throws(() => checkParamName("a-b"), /not a valid identifier/);
});

test("the injected cell is TypeScript for TypeScript kernels and Python for Python kernels", () => {
  const p = { steps: 10, lr: 0.5, name: 'a "quoted" </script>', fast: true, seed: null };
  assert.equal(parameterSource(p, "typescript"), '// Parameters\nconst steps = 10;\nconst lr = 0.5;\nconst name = "a \\"quoted\\" </script>";\nconst fast = true;\nconst seed = null;');
  assert.equal(parameterSource(p, "python"), '# Parameters\nsteps = 10\nlr = 0.5\nname = "a \\"quoted\\" </script>"\nfast = True\nseed = None');
  assert.throws(() => parameterSource(p, "R"), /cannot inject parameters into a 'R' kernel/);
});

const nbWith = (tags: (string[] | null)[]) =>
  parseNotebook(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: tags.map((t, i) => ({ cell_type: "code", id: `c${i}`, source: `x${i}`, metadata: t ? { tags: t } : {}, outputs: [], execution_count: null })) }), "p.ipynb");

test("parameters go right after the cell tagged 'parameters'", () => {
  const nb = nbWith([null, ["parameters"], null]);
  const cell = injectParameters(nb, { n: 2 }, "typescript")!;
  assert.deepEqual(nb.cells.map((c) => c.id), ["c0", "c1", cell.id, "c2"]);
  assert.deepEqual(cell.metadata.tags, ["injected-parameters"]);
});

test("a notebook without a 'parameters' cell is left alone; an earlier injected cell is replaced", () => {
  const plain = nbWith([null, null]);
  assert.equal(injectParameters(plain, { n: 2 }, "python"), null);
  assert.deepEqual(plain.cells.map((c) => c.id), ["c0", "c1"]);
  const nb = nbWith([["parameters"], null]);
  injectParameters(nb, { n: 2 }, "python");
  const again = injectParameters(nb, { n: 3 }, "python")!;
  assert.equal(nb.cells.length, 3);
  assert.equal(nb.cells[1].id, again.id);
  assert.equal(nb.cells[1].source, "# Parameters\nn = 3");
  assert.equal(injectParameters(nb, {}, "python"), null);
  assert.equal(nb.cells.length, 3);
});
