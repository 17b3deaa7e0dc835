// Elementwise loops merge the dimensions every operand walks as one (coalesce), and walk a
// 2-D result with a transposed operand in tiles: both must give the plain walk's values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { coalesce, broadcastStrides, contiguousStrides } from "../../lib/tensor/shape";
import { randn, tensor } from "../../lib";

/** Every flat offset a strided walk visits, in order. */
function offsets(shape: readonly number[], strides: readonly number[]): number[] {
  const out: number[] = [];
  const idx = shape.map(() => 0);
  const n = shape.reduce((a, b) => a * b, 1);
  for (let k = 0; k < n; k++) {
    out.push(idx.reduce((s, i, d) => s + i * strides[d], 0));
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

test("coalesce merges what every operand walks as one, and the walk is unchanged", () => {
  // a bias [1, C, 1, 1] on [N, C, H, W]: H and W merge, N and C do not
  const shape = [4, 3, 5, 5];
  const bias = broadcastStrides([1, 3, 1, 1], contiguousStrides([1, 3, 1, 1]), shape);
  const c = coalesce(shape, [contiguousStrides(shape), bias]);
  assert.deepEqual(c, { shape: [4, 3, 25], strides: [[75, 25, 1], [0, 1, 0]] });
  // size-1 dimensions go; a transposed operand stops the merge where it must
  const cases: [number[], number[][]][] = [
    [[2, 1, 3], [[3, 3, 1], [0, 0, 1]]],
    [[3, 4], [[4, 1], [1, 3]]],
    [[2, 3, 4], [[12, 4, 1], [0, 0, 0]]],
    [[6, 1, 1], [[1, 1, 1], [1, 0, 0]]],
  ];
  for (const [s, st] of cases) {
    const m = coalesce(s, st);
    st.forEach((strides, k) => assert.deepEqual(offsets(m.shape, m.strides[k]), offsets(s, strides), `${s} ${strides}`));
  }
  assert.deepEqual(coalesce([3, 4], [[4, 1], [1, 3]]).shape, [3, 4]);
  assert.deepEqual(coalesce([2, 3, 4], [[12, 4, 1], [0, 0, 0]]).shape, [24]);
  assert.deepEqual(coalesce([1, 1], [[1, 1]]).shape, []);
});

test("broadcast adds give the elementwise sums (bias, transposed and scalar-like operands)", () => {
  const y = randn([2, 3, 4, 5]);
  const b = randn([1, 3, 1, 1]);
  const got = y.add(b).values();
  const yv = y.values(), bv = b.values();
  for (let i = 0; i < got.length; i++) assert.equal(got[i], yv[i] + bv[Math.floor(i / 20) % 3]);
  const m = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual([...m.add(m.t().t()).values()], [2, 4, 6, 8, 10, 12]);
  assert.deepEqual([...m.t().add(tensor([[10], [20], [30]])).values()], [11, 14, 22, 25, 33, 36]);
});

test("a transposed operand of a 2-D result (walked in tiles) gives each element its own pair, in order", () => {
  for (const [m, n] of [[40, 50], [33, 64], [100, 100]]) {
    const A = randn([n, m]);
    const B = randn([m, n]);
    const av = A.values(), bv = B.values();
    const sum = B.add(A.t()).values();
    const diff = A.t().sub(B).values(); // operand order kept
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        assert.equal(sum[i * n + j], bv[i * n + j] + av[j * m + i]);
        assert.equal(diff[i * n + j], av[j * m + i] - bv[i * n + j]);
      }
    }
  }
});
