/**
 * matmul of operands with at most two dimensions reads their strides directly, and its
 * backward (when nothing records) multiplies transposed views of them; the general path
 * lifts vectors to matrices and expands batch dimensions, and a recording backward builds
 * its products from ops. Both must give the same doubles: the same products, on the same
 * elements, in the same order. Checked for every pairing of 1-d and 2-d operands, for
 * contiguous, transposed and strided (every other element) operands, small (the TypeScript
 * kernel) and large (WebAssembly, when the runtime has it).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Tensor, autogradGrad, manualSeed, matmul, randn } from "../../lib/index";

type Layout = "contiguous" | "transposed" | "strided";

/** A tensor of `shape` laid out as asked, requiring grad (a leaf or a view of one). */
function operand(shape: number[], layout: Layout): { leaf: Tensor; x: Tensor } {
  if (layout === "transposed" && shape.length === 2) {
    const leaf = randn([shape[1], shape[0]], { requiresGrad: true });
    return { leaf, x: leaf.t() };
  }
  if (layout === "strided") {
    // every other element of a larger leaf: stride 2 along the last dimension
    const leaf = randn([...shape, 2], { requiresGrad: true });
    return { leaf, x: leaf.select(-1, 0) };
  }
  const leaf = randn(shape, { requiresGrad: true });
  return { leaf, x: leaf };
}

function same(a: Tensor, b: Tensor, what: string): void {
  assert.deepEqual([...a.shape], [...b.shape], `${what}: shape`);
  assert.deepEqual([...a.values()], [...b.values()], `${what}: values`);
}

for (const [m, k, n] of [[3, 5, 4], [60, 70, 50]]) {
  const pairs: [number[], number[]][] = [[[m, k], [k, n]], [[m, k], [k]], [[k], [k, n]], [[k], [k]]];
  for (const [sa, sb] of pairs) {
    test(`matmul ${JSON.stringify(sa)}·${JSON.stringify(sb)}: forward and gradients are the general path's doubles`, () => {
      manualSeed(m + k + n);
      for (const la of ["contiguous", "transposed", "strided"] as Layout[]) {
        for (const lb of ["contiguous", "transposed", "strided"] as Layout[]) {
          const A = operand(sa, la), B = operand(sb, lb);
          const what = `${la} · ${lb}`;
          const out = matmul(A.x, B.x);
          // the general path: a leading batch dimension of 1 on a 2-d operand
          const lifted = sa.length === 2 ? matmul(A.x.unsqueeze(0), B.x).squeeze(0)
            : sb.length === 2 ? matmul(A.x, B.x.unsqueeze(0)).squeeze(0) : null;
          if (lifted) same(out, lifted, `${what}: forward`);
          const ct = randn(out.shape);
          const fast = autogradGrad([out], [A.leaf, B.leaf], { gradOutputs: [ct], retainGraph: true });
          // createGraph records the backward, so its products are built from ops
          const recorded = autogradGrad([out], [A.leaf, B.leaf], { gradOutputs: [ct], createGraph: true });
          same(fast[0], recorded[0].detach(), `${what}: gradient of the left operand`);
          same(fast[1], recorded[1].detach(), `${what}: gradient of the right operand`);
        }
      }
    });
  }
}
