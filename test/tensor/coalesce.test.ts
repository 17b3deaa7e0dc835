// Elementwise loops merge the dimensions every operand walks as one (coalesce), and walk a
// 2-D result with a transposed operand in tiles: both must give the plain walk's values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { coalesce, broadcastStrides, contiguousStrides, viewStrides } from "../../lib/tensor/shape";
import { Tensor, randn, tensor } from "../../lib";

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

test("viewStrides: a view exactly when the elements keep their order and spacing (PyTorch's computeStride cases)", () => {
  // a transposed 4×6 (shape [6, 4], strides [1, 6]), as torch.randn(4, 6).t()
  assert.deepEqual(viewStrides([6, 4], [1, 6], [6, 2, 2]), [1, 12, 6]);
  assert.deepEqual(viewStrides([6, 4], [1, 6], [3, 2, 4]), [2, 1, 6]);
  const unit = viewStrides([6, 4], [1, 6], [6, 1, 4])!; // a size-1 dimension's stride is never used
  assert.deepEqual([unit[0], unit[2]], [1, 6]);
  assert.equal(viewStrides([6, 4], [1, 6], [24]), null);
  assert.equal(viewStrides([6, 4], [1, 6], [4, 6]), null);
  assert.deepEqual(viewStrides([2, 3], [3, 1], [3, 2]), [2, 1]);
  assert.deepEqual(viewStrides([], [], [1, 1]), [1, 1]);
  // property: whenever a view is returned, reading it row-major gives the source's row-major order
  let seed = 12345; // a fixed sequence, so a failure can be replayed
  const gen = (n: number) => Math.floor(((seed = (seed * 48271) % 2147483647) / 2147483647) * n); // MINSTD, exact in doubles
  for (let trial = 0; trial < 300; trial++) {
    const x = randn([2 + gen(3), 1 + gen(3), 2 + gen(2)]);
    const perm = [[0, 1, 2], [2, 1, 0], [1, 0, 2], [0, 2, 1]][gen(4)];
    const y = x.permute(...perm);
    const n = y.numel();
    const shapes = [[n], [1, n], [y.shape[0], -1], [-1, y.shape[2]], [...y.shape, 1], [y.shape[0], 1, y.shape[1], y.shape[2]]];
    for (const raw of shapes) {
      const s = raw.includes(-1) ? raw.map((d) => (d === -1 ? n / raw.filter((e) => e !== -1).reduce((a, b) => a * b, 1) : d)) : raw;
      const st = viewStrides(y.shape, y.strides, s);
      if (!st) continue;
      const v = new Tensor(y.storage, s, st, y.offset, y.dtype);
      assert.deepEqual([...v.values()], [...y.values()], `${y.shape}/${y.strides} as ${s}`);
    }
  }
});

test("select and squeeze of a transposed tensor are views: writes through them reach the source", () => {
  const m = randn([3, 4]);
  const col = m.t().select(0, 2); // column 2 of m
  assert.equal(col.storage, m.storage);
  col.zero_();
  for (let i = 0; i < 3; i++) assert.equal(m.values()[i * 4 + 2], 0);
  const u = m.t().unsqueeze(1);
  assert.equal(u.storage, m.storage);
  assert.deepEqual([...u.squeeze(1).values()], [...m.t().values()]);
});
