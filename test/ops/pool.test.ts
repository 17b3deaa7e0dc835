/**
 * Mean pooling's 2×2 fast path (lib/ops/pool.ts avgPool2x2) against the definition written
 * out here: each window's terms summed in row-major order from 0, times 1/4, and a quarter of
 * each cotangent added onto its window. The same doubles, for windows that tile the image
 * (stride 2: the UFLDL network's pooling) and windows that overlap (stride 1).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { avgPool2d, randn, tensor, manualSeed, autogradGrad } from "../../lib/index";

function reference(x: Float64Array, g: Float64Array, NC: number, H: number, W: number, s: number): { y: number[]; dx: number[] } {
  const oh = Math.floor((H - 2) / s) + 1, ow = Math.floor((W - 2) / s) + 1;
  const y: number[] = [], dx = new Array<number>(NC * H * W).fill(0);
  for (let c = 0; c < NC; c++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const at = [0, 1, W, W + 1].map((d) => c * H * W + i * s * W + j * s + d);
        y.push(at.reduce((acc, k) => acc + x[k], 0) * 0.25);
        const q = g[(c * oh + i) * ow + j] * 0.25;
        for (const k of at) dx[k] += q;
      }
  return { y, dx };
}

test("2×2 mean pooling and its gradient are the definition's doubles, tiling and overlapping windows", () => {
  manualSeed(5);
  for (const [shape, s] of [[[3, 4, 10, 8], 2], [[2, 3, 7, 9], 2], [[2, 3, 6, 5], 1]] as const) {
    const x = randn([...shape]).requiresGrad_();
    const y = avgPool2d(x, 2, { stride: s });
    // a cotangent of −0 spreads as 0 + (−0) = +0, as onto a zeroed gradient
    const gv = new Float64Array(randn([...y.shape]).values());
    gv[0] = -0;
    const g = tensor(gv).reshape([...y.shape]);
    const [dx] = autogradGrad([y], [x], { gradOutputs: [g] });
    const ref = reference(new Float64Array(x.values()), new Float64Array(g.values()), shape[0] * shape[1], shape[2], shape[3], s);
    assert.deepEqual([...y.values()], ref.y, `${shape} stride ${s}: output`);
    assert.deepEqual([...dx.values()], ref.dx, `${shape} stride ${s}: gradient`);
  }
});
