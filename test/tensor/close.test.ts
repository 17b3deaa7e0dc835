import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, allclose, assertClose } from "../../lib/index";

test("allclose and assertClose compare tensors, numbers and nested arrays elementwise", () => {
  assert.equal(allclose(tensor([1, 2]), [1, 2 + 1e-9]), true);
  assert.equal(allclose(tensor([1, 2]), [1, 2.001]), false);
  assert.equal(allclose([[1, 2], [3, 4]], tensor([[1, 2], [3, 4]])), true);
  assert.equal(allclose(NaN, NaN), true);
  assert.equal(allclose(NaN, NaN, { equalNan: false }), false);
  const r = assertClose(tensor([0.1 + 0.2]), [0.3], { label: "sum" });
  assert.equal(r.ok, true);
  assert.match(String(r), /^✓ sum: 1 value agrees/);
  assert.throws(() => assertClose([1, 2, 3], [1, 2.5, 3], { label: "v" }), /v: not close: element 1 is 2 but expected 2.5/);
  assert.throws(() => assertClose([1, 2], [1, 2, 3]), /2 values \(shape \[2\]\) cannot be compared with 3/);
  assert.throws(() => assertClose(1 + 1e-6, 1), /not close/, "the float64 defaults are tight (1e-7)");
  assert.ok(assertClose(1 + 1e-6, 1, { rtol: 1e-5 }).ok);
});
