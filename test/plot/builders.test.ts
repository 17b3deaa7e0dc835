import { test } from "node:test";
import assert from "node:assert/strict";
import { plot, tensor, Tensor } from "../../lib/index";
import { ema } from "../../lib/plot/training";

test("line and scatter take arrays, tensors and named series", () => {
  const a = plot.line([0, 1, 2], tensor([5, 6, 7]), { title: "t", xLabel: "x", yLabel: "y" });
  assert.deepEqual(a.data[0], { type: "scatter", mode: "lines", x: [0, 1, 2], y: [5, 6, 7] });
  assert.deepEqual(a.layout.title, { text: "t" });
  assert.deepEqual((a.layout.xaxis as any).title, { text: "x" });
  const b = plot.line([0, 1], { up: [0, 1], down: [1, 0] });
  assert.deepEqual(b.data.map((t) => t.name), ["up", "down"]);
  const c = plot.line(tensor([[1, 2, 3], [4, 5, 6]]), undefined, { name: ["a", "b"] });
  assert.deepEqual(c.data.map((t) => [t.name, t.x, t.y]), [["a", [0, 1, 2], [1, 2, 3]], ["b", [0, 1, 2], [4, 5, 6]]]);
  assert.equal(plot.scatter([1, 2], [3, 4]).data[0].mode, "markers");
  assert.throws(() => plot.line([0, 1, 2], [1, 2]), /x has 3 values but series 0 has 2/);
});

test("contour samples z[j][i] = f(x[i], y[j]) for every kind of f of two variables", () => {
  const expected = (xs: number[], ys: number[]) => ys.map((y) => xs.map((x) => x + 10 * y));
  const kinds: [string, plot.Function2][] = [
    ["numbers", (x: number, y: number) => x + 10 * y],
    ["a point tensor", (p: Tensor) => p.index(0).add(p.index(1).mul(10))],
    ["grid tensors", (X: Tensor, Y: Tensor) => X.add(Y.mul(10))],
    ["an expression", { evaluate: ({ x, y }: Record<string, number>) => x + 10 * y, toString: () => "x + 10y" }],
  ];
  for (const [kind, f] of kinds) {
    const fig = plot.contour(f, [0, 1], [0, 2], { n: 3 });
    const c = fig.data[0] as { x: number[]; y: number[]; z: number[][] };
    assert.deepEqual(c.x, [0, 0.5, 1], kind);
    assert.deepEqual(c.y, [0, 1, 2], kind);
    assert.deepEqual(c.z, expected(c.x, c.y), kind);
  }
});

test("a descent path is drawn over the landscape with its start and end", () => {
  const path = [tensor([1, 1]), tensor([0.5, 0.25]), tensor([0, 0])];
  const fig = plot.contour((x: number, y: number) => x * x + y * y, [-1, 1], [-1, 1], { path, n: 5 });
  assert.equal(fig.data.length, 3);
  assert.deepEqual(fig.data[1].x, [1, 0.5, 0]);
  assert.deepEqual(fig.data[1].y, [1, 0.25, 0]);
  assert.deepEqual(fig.data[2].x, [1, 0]);
  const named = plot.contour((x: number, y: number) => x * y, [-1, 1], [-1, 1], { paths: { sgd: [[1, 1], [0, 0]], adam: tensor([[1, -1], [0, 0]]) }, n: 3 });
  assert.deepEqual(named.data.filter((t) => t.mode === "lines+markers").map((t) => t.name), ["sgd (2 points)", "adam (2 points)"]);
  assert.throws(() => plot.contour((x: number, y: number) => x, [-1, 1], [-1, 1], { path: tensor([1, 2, 3]) }), /shape \[n, 2\]/);
});

test("log colouring uses log10(z − min) and a surface lifts the path onto f", () => {
  const c = plot.contour({ x: [0, 1], y: [0], z: [[1, 101]] }, undefined, undefined, { log: true });
  const z = (c.data[0] as { z: number[][] }).z[0];
  assert.ok(Math.abs(z[1] - 2) < 1e-9 && z[0] < -11);
  const s = plot.surface((x: number, y: number) => x * x + y, [-1, 1], [-1, 1], { n: 4, path: [[0.5, 0.5], [0, 0]] });
  assert.equal(s.data[0].type, "surface");
  assert.deepEqual((s.data[1] as { z: number[] }).z, [0.75, 0]);
  assert.throws(() => plot.contour({ x: [0, 1], y: [0], z: [[1, 2, 3]] }), /z has 1 rows × 3 columns but y has 1 values and x has 2/);
});

test("training: losses on the left, accuracies on the right, epochs on x, optional smoothing", () => {
  const a = plot.training([3, 2, 1]);
  assert.deepEqual([a.data[0].name, a.data[0].x, a.data[0].y], ["loss", [0, 1, 2], [3, 2, 1]]);
  const b = plot.training([{ epoch: 1, loss: 0.9, accuracy: 0.5 }, { epoch: 2, loss: 0.4, accuracy: 0.75 }]);
  assert.deepEqual(b.data.map((t) => [t.name, t.x, t.yaxis ?? "y"]), [["loss", [1, 2], "y"], ["accuracy", [1, 2], "y2"]]);
  assert.ok(b.layout.yaxis2);
  const c = plot.training({ loss: [tensor(2), tensor(1)], valLoss: [2.5, 1.5] }, { logY: true });
  assert.deepEqual(c.data.map((t) => t.y), [[2, 1], [2.5, 1.5]]);
  assert.equal((c.layout.yaxis as any).type, "log");
  const d = plot.training([1, 2, 3], { smooth: 0.5 });
  assert.equal(d.data.length, 2);
  // bias-corrected EMA by hand: 1, (0.25 + 1)/0.75, (0.625 + 1.5)/0.875
  const want = [1, 1.25 / 0.75, 2.125 / 0.875];
  ema([1, 2, 3], 0.5).forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12));
  assert.throws(() => plot.training({}), /no metrics/);
});

test("heatmap: matrix orientation, diverging scale for signed values, values in cells", () => {
  const h = plot.heatmap(tensor([[-1, 0, 1], [-2, 0, 2]]));
  const t = h.data[0] as any;
  assert.deepEqual(t.z, [[-1, 0, 1], [-2, 0, 2]]);
  assert.equal(t.colorscale, "RdBu");
  assert.equal(t.zmid, 0);
  assert.ok(t.texttemplate);
  assert.equal((h.layout.yaxis as any).autorange, "reversed");
  const p = plot.heatmap([[1, 2], [3, 4]], { showValues: false });
  assert.equal((p.data[0] as any).colorscale, "Viridis");
  assert.equal((p.data[0] as any).texttemplate, undefined);
  assert.throws(() => plot.heatmap([[1, 2], [3]]), /row 1 has 1 entries but row 0 has 2/);
});

test("images: one mosaic with each image's pixels in place and its label above", () => {
  const imgs = tensor([
    [[1, 2], [3, 4]],
    [[5, 6], [7, 8]],
    [[9, 10], [11, 12]],
  ]);
  const fig = plot.images(imgs, { cols: 2, labels: ["a", "b", "c"] });
  const z = (fig.data[0] as { z: (number | null)[][] }).z;
  const labelRows = 2; // max(2, ceil(h / 6)) for h = 2
  const cellH = 2 + 1 + labelRows;
  const cellW = 2 + 1;
  const at = (k: number, i: number, j: number) => z[Math.floor(k / 2) * cellH + labelRows + i][(k % 2) * cellW + j];
  assert.deepEqual([at(0, 0, 0), at(0, 1, 1), at(1, 0, 1), at(2, 1, 0)], [1, 4, 6, 11]);
  assert.equal(z[0][0], null);
  assert.deepEqual((fig.layout.annotations as any[]).map((a) => a.text), ["a", "b", "c"]);
  const flat = plot.images(tensor([[1, 2, 3, 4]]));
  assert.deepEqual((flat.data[0] as { z: number[][] }).z.filter((r) => r.some((v) => v !== null)), [[1, 2, null], [3, 4, null]]);
  assert.throws(() => plot.images(tensor([[1, 2, 3]])), /not square; pass \{ shape: \[height, width\] \}/);
});

test("log axes: logX and logY give a log-log plot", () => {
  const f = plot.line([1e-8, 1e-4, 1], [3e-9, 2e-5, 0.1], { logX: true, logY: true });
  const layout = (f as unknown as { layout: { xaxis: { type?: string }; yaxis: { type?: string } } }).layout;
  assert.equal(layout.xaxis.type, "log");
  assert.equal(layout.yaxis.type, "log");
  assert.equal((plot.line([1, 2]) as unknown as { layout: { xaxis?: { type?: string } } }).layout.xaxis?.type, undefined);
});
