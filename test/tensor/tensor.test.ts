/** Tensors: creation, dtypes, views sharing storage, indexing, random streams, conversions. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  tensor, zeros, ones, full, eye, arange, linspace, rand, randn, randint, randperm, manualSeed, Generator, cat, stack, split, where, Tensor,
} from "../../lib/index";
import { assertClose } from "../helpers";

test("tensor() infers shapes, defaults to float64, and rejects ragged input clearly", () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, "float64");
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(tensor(2.5).ndim, 0);
  assert.equal(tensor(2.5).item(), 2.5);
  assert.equal(tensor([true, false]).dtype, "bool");
  assert.deepEqual(tensor([true, false]).toArray(), [true, false]);
  assert.throws(() => tensor([[1, 2], [3]] as never), /not rectangular: expected length 2 at \[1\] but found length 1/);
  assert.throws(() => tensor([1, "a"] as never), /expected a number at \[1\] but found string/);
  assert.throws(() => tensor([1, 2]).item(), /only a one-element tensor/);
});

test("constructors: zeros, ones, full, eye, arange, linspace", () => {
  assert.deepEqual(zeros([2]).toArray(), [0, 0]);
  assert.deepEqual(ones([2], { dtype: "int32" }).toArray(), [1, 1]);
  assert.deepEqual(full([2], 7).toArray(), [7, 7]);
  assert.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(arange(4).toArray(), [0, 1, 2, 3]);
  assert.deepEqual(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
  assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(linspace(0, 0.3, 7).toArray()[6], 0.3, "the end point is exact");
  assert.throws(() => zeros([2, -1]), /zeros: invalid shape \[2,-1\]/);
});

test("random streams are seeded and reproducible", () => {
  manualSeed(42);
  const a = randn([5]).toArray();
  const u = rand([3]).toArray();
  manualSeed(42);
  assert.deepEqual(randn([5]).toArray(), a);
  assert.deepEqual(rand([3]).toArray(), u);
  const g1 = new Generator(7);
  const g2 = new Generator(7);
  assert.deepEqual(rand([4], { generator: g1 }).toArray(), rand([4], { generator: g2 }).toArray());
  const big = randn([20000], { generator: new Generator(1) });
  assert.ok(Math.abs(big.mean().item()) < 0.03, "normal mean ≈ 0");
  assert.ok(Math.abs(big.std().item() - 1) < 0.03, "normal std ≈ 1");
  const r = randint(0, 3, [1000], { generator: new Generator(2) }).toArray() as number[];
  assert.deepEqual([...new Set(r)].sort(), [0, 1, 2]);
  assert.deepEqual([...(randperm(6, { generator: new Generator(3) }).toArray() as number[])].sort(), [0, 1, 2, 3, 4, 5]);
});

test("views share storage: reshape, transpose, slicing, expand", () => {
  const x = arange(6).reshape(2, 3);
  const t = x.t();
  assert.deepEqual(t.toArray(), [[0, 3], [1, 4], [2, 5]]);
  assert.equal(t.isContiguous(), false);
  const row = x.index(1);
  row.fill_(9);
  assert.deepEqual(x.toArray(), [[0, 1, 2], [9, 9, 9]], "writing through a view changes the base");
  assert.throws(() => t.view(6), /not contiguous.*reshape/s);
  assert.deepEqual(t.reshape(6).toArray(), [0, 9, 1, 9, 2, 9]);
  const e = tensor([[1], [2]]).expand(2, 3);
  assert.deepEqual(e.strides, [1, 0]);
  assert.deepEqual(e.toArray(), [[1, 1, 1], [2, 2, 2]]);
});

test("indexing: numbers, slices, steps, negative indices, new axes, ellipsis, index lists", () => {
  const x = arange(24).reshape(2, 3, 4);
  assert.deepEqual(x.index(0, 1).toArray(), [4, 5, 6, 7]);
  assert.deepEqual(x.index(-1, -1, -1).item(), 23);
  assert.deepEqual(x.index("...", 0).toArray(), [[0, 4, 8], [12, 16, 20]]);
  assert.deepEqual(x.index(0, ":", "::2").toArray(), [[0, 2], [4, 6], [8, 10]]);
  assert.deepEqual(x.index(0, "1:", "-2:").toArray(), [[6, 7], [10, 11]]);
  assert.deepEqual(x.index(0, 0, null).shape, [1, 4]); // as NumPy: x[0, 0, None].shape == (1, 4)
  assert.deepEqual(x.index(1, [2, 0], 0).toArray(), [20, 12]);
  assert.throws(() => x.index(0, 5), /index 5 is out of bounds for dimension 0 with size 3/);
  assert.throws(() => x.index("1:2:0"), /step must be positive/);
  assert.throws(() => x.index(0, 0, 0, 0), /too many indices/);
});

test("cat, stack, split, where", () => {
  assert.deepEqual(cat([tensor([[1, 2]]), tensor([[3, 4], [5, 6]])], 0).toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray(), [[1, 3], [2, 4]]);
  assert.deepEqual(split(arange(5), 2).map((t) => t.toArray()), [[0, 1], [2, 3], [4]]);
  assert.deepEqual(where(tensor([1, -2, 3]).gt(0), tensor([1, -2, 3]), 0).toArray(), [1, 0, 3]);
  assert.throws(() => cat([zeros([2, 3]), zeros([2, 4])], 0), /cat: tensors must have the same shape except in dimension 0; got \[2,3\] and \[2,4\]/);
  assert.throws(() => stack([zeros([2]), zeros([3])]), /stack: all tensors must have the same shape/);
});

test("dtype promotion follows PyTorch: bool < int32 < float32 < float64, weak scalars", () => {
  const i = tensor([1, 2], { dtype: "int32" });
  assert.equal(i.add(1).dtype, "int32");
  assert.equal(i.add(0.5).dtype, "float64");
  assert.equal(i.div(2).dtype, "float64", "true division");
  assert.equal(tensor([1], { dtype: "float32" }).mul(2.5).dtype, "float32", "a number does not promote float32");
  assert.equal(tensor([1], { dtype: "float32" }).add(tensor([1])).dtype, "float64");
  assert.equal(i.gt(1).dtype, "bool");
  assert.equal(tensor([1.5]).exp().dtype, "float64");
  assert.deepEqual(tensor([1.7, -2.2]).to("int32").toArray(), [1, -2]);
});

test("matmul covers dot, matrix-vector, matrix-matrix and broadcast batches", () => {
  const a = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(a.matmul(tensor([1, 1])).toArray(), [3, 7]);
  assert.deepEqual(tensor([1, 1]).matmul(a).toArray(), [4, 6]);
  assert.equal(tensor([1, 2]).dot(tensor([3, 4])).item(), 11);
  const batch = stack([a, a.mul(2)]);
  assert.deepEqual(batch.matmul(eye(2)).toArray(), [[[1, 2], [3, 4]], [[2, 4], [6, 8]]]);
  // a product big enough to take the packed kernel, against the triple loop
  const m = 7, k = 13, n = 9;
  const A = arange(m * k).reshape(m, k).sin();
  const B = arange(k * n).reshape(k, n).cos();
  const C = A.matmul(B).toArray() as number[][];
  const Av = A.toArray() as number[][], Bv = B.toArray() as number[][];
  for (let r = 0; r < m; r++) for (let c = 0; c < n; c++) {
    let s = 0;
    for (let q = 0; q < k; q++) s += Av[r][q] * Bv[q][c];
    assert.ok(Math.abs(C[r][c] - s) < 1e-12, `C[${r}][${c}]`);
  }
});

test("det and inverse, including the adjugate gradient of a singular matrix", () => {
  const a = tensor([[4, 7], [2, 6]]);
  assertClose(a.det(), 10, "det");
  assertClose(a.inverse(), [0.6, -0.7, -0.2, 0.4], "inverse");
  assert.throws(() => tensor([[1, 2], [2, 4]]).inverse(), /singular/);
  // ∂det/∂A = adj(A)ᵀ: for [[1,2],[2,4]] (det 0) that is [[4,-2],[-2,1]]
  const s = tensor([[1, 2], [2, 4]], { requiresGrad: true });
  s.det().backward();
  assertClose(s.grad!, [4, -2, -2, 1], "adjugate transpose at a singular matrix");
});

test("toString of a tensor with requiresGrad and gradFn, float32 and int32 dtypes", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  assert.equal(String(x), "tensor([1., 2.], requiresGrad=true)");
  assert.equal(String(x.mul(2)), "tensor([2., 4.], gradFn=<MulBackward0>)");
  assert.equal(String(tensor([1.5], { dtype: "float32" })), "tensor([1.5000], dtype=float32)");
  assert.equal(String(tensor([3, -12], { dtype: "int32" })), "tensor([  3, -12], dtype=int32)");
  assert.equal(String(zeros([0, 3])), "tensor([], size=[0, 3])");
  assert.ok(x instanceof Tensor);
});

test("sums over every subset of dims agree between the contiguous and the strided code paths", () => {
  const gen = new Generator(5);
  const x = rand([3, 4, 2, 5], { generator: gen });
  const xt = x.permute(3, 2, 1, 0); // non-contiguous: the gather path
  for (let mask = 1; mask < 16; mask++) {
    const dims = [0, 1, 2, 3].filter((d) => mask & (1 << d));
    for (const keepdim of [false, true]) {
      const a = x.sum(dims, keepdim);
      const b = xt.sum(dims.map((d) => 3 - d), keepdim);
      const bBack = keepdim ? b.permute(3, 2, 1, 0) : b.permute(...b.shape.map((_, i) => b.ndim - 1 - i));
      assertClose(a, bBack.contiguous(), `sum over [${dims}] keepdim=${keepdim}`, 1e-12, 1e-14);
    }
  }
});

test("all and any, over everything or along a dim", () => {
  const t = tensor([[1, 0], [2, 3]]);
  assert.equal(String(t.all()), "tensor(False)");
  assert.equal(String(t.any()), "tensor(True)");
  assert.deepEqual(t.all(1).toArray(), [false, true]);
  assert.deepEqual(t.any(0, true).toArray(), [[true, true]]);
  assert.equal(tensor([1, 2]).eq(tensor([1, 2])).all().item(), 1);
});

test("flip, split and outer as methods, as PyTorch's (flip takes dims as numbers or one list)", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(x.flip(0).toArray(), [[4, 5, 6], [1, 2, 3]]);
  assert.deepEqual(x.flip(1).toArray(), [[3, 2, 1], [6, 5, 4]]);
  assert.deepEqual(x.flip([0, 1]).toArray(), [[6, 5, 4], [3, 2, 1]]);
  assert.deepEqual(x.flip(0, 1).toArray(), [[6, 5, 4], [3, 2, 1]]);
  assert.deepEqual(arange(5).split(2).map((p) => p.toArray()), [[0, 1], [2, 3], [4]]);
  assert.deepEqual(x.split(2, 1).map((p) => p.shape), [[2, 2], [2, 1]]);
  assert.deepEqual(tensor([1, 2]).outer(tensor([3, 4, 5])).toArray(), [[3, 4, 5], [6, 8, 10]]);
});

test("maximum and minimum propagate NaN from either side, as torch.maximum; +0 is above -0", () => {
  const a = tensor([0, -0, NaN, 1, 2]), b = tensor([-0, 0, 1, NaN, 3]);
  const max = a.maximum(b).values(), min = a.minimum(b).values();
  assert.ok(Object.is(max[0], 0) && Object.is(max[1], 0), "max(±0, ∓0) = +0");
  assert.ok(Object.is(min[0], -0) && Object.is(min[1], -0), "min(±0, ∓0) = -0");
  assert.ok(Number.isNaN(max[2]) && Number.isNaN(max[3]) && Number.isNaN(min[2]) && Number.isNaN(min[3]));
  assert.equal(max[4], 3);
  assert.equal(min[4], 2);
});

test("a one-element operand broadcasts over the other (shape [1], [1, 1], 0-d), either side, in value, shape and dtype", () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(a.add(tensor([10])).toArray(), [[11, 12, 13], [14, 15, 16]]);
  assert.deepEqual(tensor([10]).sub(a).toArray(), [[9, 8, 7], [6, 5, 4]]);
  assert.deepEqual(tensor([2]).mul(tensor([[3]])).shape, [1, 1]);
  assert.deepEqual(tensor([[3]]).mul(tensor([2])).toArray(), [[6]]);
  assert.deepEqual(tensor([2]).add(tensor([[1], [2], [3]])).toArray(), [[3], [4], [5]]);
  const i = arange(4).to("int32");
  const r = i.add(tensor([0.5]));
  assert.equal(r.dtype, "float64");
  assert.deepEqual(r.toArray(), [0.5, 1.5, 2.5, 3.5]);
  assert.deepEqual(i.mul(tensor([2]).to("int32")).toArray(), [0, 2, 4, 6]);
  // a one-element operand of more dimensions than the other sets the result's shape
  assert.deepEqual(tensor([1, 2]).add(tensor([[[1]]])).shape, [1, 1, 2]);
});
