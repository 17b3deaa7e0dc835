/**
 * In-place methods (add_, sub_, mul_, div_, fill_): the values equal the out-of-place op's
 * for every case the one-pass path takes (a contiguous view at an offset, a one-element
 * operand, the tensor itself) and for the cases it must leave to the general path (an
 * overlapping view of the same storage, a transposed operand, a dtype that changes); views
 * share the change and the version counter moves once per call.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor, arange, flip, randn, tensor, manualSeed } from "../../lib";

function same(a: Tensor, b: Tensor, what: string): void {
  assert.deepEqual([...a.shape], [...b.shape], `${what}: shape`);
  assert.deepEqual([...a.values()], [...b.values()], `${what}: values`);
}

test("add_/sub_/mul_/div_ give the out-of-place values, on whole tensors and on views at an offset", () => {
  manualSeed(3);
  for (const shape of [[], [5], [3, 4], [2, 3, 4]]) {
    const x = randn(shape), y = randn(shape);
    same(x.clone().add_(y), x.add(y), `add_ ${shape}`);
    same(x.clone().add_(y, 0.5), x.add(y.mul(0.5)), `add_ alpha ${shape}`);
    same(x.clone().sub_(y, 2), x.sub(y.mul(2)), `sub_ ${shape}`);
    same(x.clone().mul_(y), x.mul(y), `mul_ ${shape}`);
    same(x.clone().div_(y), x.div(y), `div_ ${shape}`);
    same(x.clone().mul_(3), x.mul(3), `mul_ scalar ${shape}`);
    same(x.clone().add_(tensor([2])), x.add(2), `add_ one-element ${shape}`);
  }
  // a contiguous row of a matrix: only that row changes, and the parent sees it
  const m = arange(12).reshape(3, 4).mul(1.5);
  const before = [...m.values()];
  const row = m.select(0, 1);
  row.mul_(tensor([1, 2, 3, 4]));
  const want = before.map((v, i) => (i >= 4 && i < 8 ? v * (i - 3) : v));
  assert.deepEqual([...m.values()], want);
});

test("operands that alias the tensor or need broadcasting still give the out-of-place values", () => {
  manualSeed(4);
  const x = randn([4, 4]);
  same(x.clone().add_(x.clone()), x.mul(2), "x + copy");
  const a = x.clone();
  same(a.add_(a), x.mul(2), "a.add_(a)");
  const b = x.clone();
  same(b.add_(b.t()), x.add(x.t()), "b.add_(bᵀ): overlapping view");
  const c = x.clone();
  same(c.mul_(flip(c, [0])), x.mul(flip(x, [0])), "c.mul_(flipped c)");
  const d = x.clone();
  same(d.add_(randn([4]).mul(0).add(1)), x.add(1), "row broadcast");
  const t = x.clone().t();
  same(t.mul_(2), x.t().mul(2), "a transposed tensor itself");
  const i = tensor([1, 2, 3], { dtype: "int32" });
  same(i.mul_(2), tensor([2, 4, 6], { dtype: "int32" }), "int32");
  const f = tensor([1, 2, 3], { dtype: "float32" });
  same(f.add_(tensor([0.5, 0.5, 0.5])), tensor([1.5, 2.5, 3.5], { dtype: "float32" }), "float32 += float64: stays float32");
});

test("fill_ and zero_ set every element of a view; each in-place call bumps the version once", () => {
  const m = arange(6).reshape(2, 3).mul(1);
  const v0 = m.version;
  m.select(0, 0).fill_(7);
  assert.deepEqual([...m.values()], [7, 7, 7, 3, 4, 5]);
  m.t().select(0, 2).zero_(); // a strided column
  assert.deepEqual([...m.values()], [7, 7, 0, 3, 4, 0]);
  assert.equal(m.version, v0 + 2);
  m.add_(1);
  m.mul_(m);
  assert.equal(m.version, v0 + 4);
  assert.deepEqual([...m.values()], [64, 64, 1, 16, 25, 1]);
  const b = tensor([1, 0, 1], { dtype: "bool" });
  b.fill_(0);
  assert.deepEqual([...b.values()], [0, 0, 0]);
});
