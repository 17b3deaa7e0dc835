/**
 * The WebAssembly convolution jobs (forward, weight gradient, input gradient; one image, or
 * for the weight gradient a chunk of images, per thread task) against the plain TypeScript
 * path, with stride, padding, several channels, one and two threads (the same doubles), and
 * an in-place change of the input between passes (the resident
 * copy must not be reused then).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Tensor, randn, manualSeed, kernels, conv2d, unfold, matmul, autogradGrad } from "../../lib/index";
import { withBackend } from "./helpers";

const hasWasm = kernels.kernelInfo().wasm !== null;


/** conv2d, and the gradients of <g, conv2d(x, w, b)> with respect to x, w (and b when given). */
function pass(x: Tensor, w: Tensor, g: Tensor, stride: number | [number, number], padding: number | [number, number], b?: Tensor): Tensor[] {
  const xl = x.detach().requiresGrad_(), wl = w.detach().requiresGrad_(), bl = b?.detach().requiresGrad_();
  const y = conv2d(xl, wl, bl ?? null, { stride, padding });
  const grads = autogradGrad([y], bl ? [xl, wl, bl] : [xl, wl], { gradOutputs: [g] });
  return [y.detach(), ...grads];
}

function maxRel(a: Tensor, b: Tensor): number {
  const u = a.values(), v = b.values();
  let scale = 0, worst = 0;
  for (let i = 0; i < u.length; i++) scale = Math.max(scale, Math.abs(v[i]));
  for (let i = 0; i < u.length; i++) worst = Math.max(worst, Math.abs(u[i] - v[i]));
  return worst / (scale || 1);
}

const cases: { x: number[]; w: number[]; stride: number | [number, number]; padding: number | [number, number] }[] = [
  { x: [7, 1, 28, 28], w: [20, 1, 9, 9], stride: 1, padding: 0 }, // the UFLDL layer, a few images
  { x: [5, 3, 13, 11], w: [6, 3, 3, 4], stride: [2, 1], padding: [1, 2] },
  { x: [3, 4, 9, 9], w: [5, 4, 5, 5], stride: 3, padding: 2 }, // 9 output positions: a part-filled column panel
  { x: [2, 8, 10, 10], w: [4, 8, 6, 6], stride: 1, padding: 1 }, // depth 288 > KC (256): two depth blocks
  // stride 1, no padding (columns packed straight from the image): output rows of 11, so
  // column panels straddle two rows; depth 288 over two blocks
  { x: [3, 3, 12, 13], w: [5, 3, 4, 3], stride: 1, padding: 0 },
  { x: [2, 8, 10, 10], w: [4, 8, 6, 6], stride: 1, padding: 0 },
];

test("WebAssembly convolution jobs agree with the TypeScript path (forward and both gradients, with and without bias)", { skip: !hasWasm }, () => {
  manualSeed(21);
  for (const c of cases) {
    const x = randn(c.x), w = randn(c.w);
    const y0 = withBackend("js", () => conv2d(x, w, null, { stride: c.stride, padding: c.padding }));
    const g = randn([...y0.shape]);
    for (const b of [undefined, randn([c.w[0]])]) {
      const ref = withBackend("js", () => pass(x, w, g, c.stride, c.padding, b));
      const fast = withBackend("wasm", () => pass(x, w, g, c.stride, c.padding, b));
      assert.equal(fast.length, b ? 4 : 3);
      ["output", "input gradient", "weight gradient", "bias gradient"].slice(0, fast.length).forEach((what, i) => {
        assert.deepEqual([...fast[i].shape], [...ref[i].shape], `${what} shape`);
        assert.ok(maxRel(fast[i], ref[i]) < 1e-13, `${JSON.stringify(c)}${b ? " with bias" : ""}: ${what} differs by ${maxRel(fast[i], ref[i])}`);
      });
      if (b) {
        // the bias is added in the kernel: the output is the biasless one plus b per channel
        const plain = withBackend("wasm", () => conv2d(x, w, null, { stride: c.stride, padding: c.padding }));
        const shifted = plain.add(b.reshape([1, c.w[0], 1, 1]));
        assert.ok(maxRel(fast[0], shifted) < 1e-15, `${JSON.stringify(c)}: bias added differently (${maxRel(fast[0], shifted)})`);
      }
    }
  }
});

test("packing the columns straight from the image gives the doubles of im2col then the product", { skip: !hasWasm }, () => {
  manualSeed(22);
  for (const c of cases) {
    const x = randn(c.x), w = randn(c.w);
    const y = withBackend("wasm", () => conv2d(x, w, null, { stride: c.stride, padding: c.padding }));
    const [N, O, oh, ow] = y.shape;
    const viaColumns = withBackend("wasm", () => matmul(w.reshape([O, -1]), unfold(x, [c.w[2], c.w[3]], { stride: c.stride, padding: c.padding })));
    assert.deepEqual([...y.values()], [...viaColumns.reshape([N, O, oh, ow]).values()], JSON.stringify(c));
  }
});

test("two threads give the same doubles as one, run after run (the weight gradient sums chunks of images in order)", { skip: !hasWasm }, async () => {
  manualSeed(22);
  const x = randn([64, 1, 28, 28]), w = randn([20, 1, 9, 9]), g = randn([64, 20, 20, 20]);
  const prev = kernels.threadCount();
  try {
    kernels.setThreadCount(1);
    const one = withBackend("wasm", () => pass(x, w, g, 1, 0));
    const ref = withBackend("js", () => pass(x, w, g, 1, 0));
    for (let i = 0; i < 3; i++) assert.ok(maxRel(one[i], ref[i]) < 1e-13, `part ${i} against the reference: ${maxRel(one[i], ref[i])}`);
    kernels.setThreadCount(2);
    withBackend("wasm", () => pass(x, w, g, 1, 0)); // the pool is up
    await new Promise((r) => setTimeout(r, 300));
    for (let run = 0; run < 4; run++) {
      const two = withBackend("wasm", () => pass(x, w, g, 1, 0));
      ["output", "input gradient", "weight gradient"].forEach((what, i) => assert.deepEqual(two[i].values(), one[i].values(), `${what}, run ${run}`));
    }
  } finally {
    kernels.setThreadCount(prev);
  }
});

test("an input changed in place is read again, not taken from the resident copy", { skip: !hasWasm }, () => {
  manualSeed(23);
  const x = randn([8, 1, 28, 28]), w = randn([20, 1, 9, 9]);
  const before = withBackend("wasm", () => conv2d(x, w));
  x.mul_(2);
  const after = withBackend("wasm", () => conv2d(x, w));
  assert.ok(maxRel(after, before.mul(2)) < 1e-14);
  assert.ok(maxRel(after, withBackend("js", () => conv2d(x, w))) < 1e-13);
});
