/**
 * The graph view, checked on the structure of its SVG (node and edge groups, their text),
 * never by pixels. Expected numbers are worked out by hand (chain rule on paper).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor, tensor, drawGraph, mimeBundle } from "../../lib/index";
import { traceGraph } from "../../lib/graph/trace";
import { assertClose } from "../helpers";

const leaf = (v: number, label: string) => {
  const t = tensor(v, { requiresGrad: true });
  t.label = label;
  return t;
};

/** The text lines of each node group of a Graphviz SVG, and the number of edge groups. */
function parseSvg(svg: string): { nodes: string[][]; edges: string[][] } {
  const groups = (cls: string) =>
    [...svg.matchAll(new RegExp(`<g id="[a-z]+\\d+" class="${cls}">([\\s\\S]*?)</g>`, "g"))].map((m) =>
      [...m[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1].replace(/&#45;/g, "-").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")),
    );
  return { nodes: groups("node"), edges: groups("edge") };
}

test("micrograd mode: every node of a scalar graph shows its value and its gradient", () => {
  // micrograd's example: L = (a·b + c)·f
  const a = leaf(2, "a"), b = leaf(-3, "b"), c = leaf(10, "c"), f = leaf(-2, "f");
  const e = a.mul(b), d = e.add(c), L = d.mul(f);
  L.label = "L";
  L.backward();
  const view = drawGraph(L, { tensors: { e, d } });
  const { nodes, edges } = parseSvg(view.svg);
  assert.equal(nodes.length, 7, "4 leaves and 3 ops");
  assert.equal(edges.length, 6);
  // by hand: e = -6, d = 4, L = -8; dL/dd = f = -2, dL/df = d = 4, dL/de = dL/dc = -2, dL/da = -2·b = 6, dL/db = -2·a = -4
  const expected = new Map([
    ["a", ["value 2", "grad 6"]], ["b", ["value -3", "grad -4"]], ["c", ["value 10", "grad -2"]], ["f", ["value -2", "grad 4"]],
    ["e", ["MulBackward0", "value -6", "grad -2"]], ["d", ["AddBackward0", "value 4", "grad -2"]], ["L", ["MulBackward0", "value -8", "grad 1"]],
  ]);
  for (const [name, lines] of expected) {
    const node = nodes.find((n) => n.includes(name));
    assert.ok(node, `a node named ${name} in ${JSON.stringify(nodes)}`);
    for (const l of lines) assert.ok(node!.includes(l), `node ${name} shows '${l}': ${JSON.stringify(node)}`);
  }
  // without naming the intermediate results, their values are recomputed after backward freed them
  const plain = parseSvg(drawGraph(L).svg).nodes;
  assert.ok(plain.some((n) => n.includes("MulBackward0") && n.includes("value -6") && n.includes("grad -2")), JSON.stringify(plain));
  assert.ok(plain.some((n) => n.includes("AddBackward0") && n.includes("value 4")));
});

test("a reused tensor is drawn once with fan-out, and edge gradients sum to its .grad", () => {
  const x = leaf(3, "x");
  const y = x.mul(x).add(x.sin());
  y.backward();
  const view = drawGraph(y, { edgeGrads: true, order: true });
  const { nodes, edges } = parseSvg(view.svg);
  assert.equal(nodes.length, 4, "x, Mul, Sin, Add");
  assert.equal(nodes.filter((n) => n.some((t) => /^(#\d+ )?x$/.test(t))).length, 1, "x once");
  assert.equal(edges.length, 5, "x→Mul twice, x→Sin, Mul→Add, Sin→Add");
  const fromX = view.graph.edges.filter((e) => e.from.name === "x");
  assert.equal(fromX.length, 3);
  const total = fromX.reduce((s, e) => s + e.grad!.item(), 0);
  assertClose(total, 2 * 3 + Math.cos(3), "Σ edge gradients = dy/dx = 2x + cos x");
  assertClose(x.grad!, total, ".grad");
  // edge labels carry those gradients: two of 3 (into Mul) and one of cos 3 (into Sin)
  const labels = edges.map((e) => e.find((t) => t.startsWith("grad")));
  assert.equal(labels.filter((l) => l === "grad 3").length, 2);
  assert.equal(labels.filter((l) => l === "grad -0.99").length, 1, "cos 3 = -0.98999… in 4 digits");
  // forward order: every edge goes from a smaller to a larger number, and the SVG shows them
  for (const e of view.graph.edges) assert.ok(e.from.order < e.to.order);
  assert.ok(nodes.every((n) => /^#\d+ /.test(n[0])), JSON.stringify(nodes));
});

test("gradFn names and data-flow direction for a tensor graph", () => {
  const W = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const x = tensor([1, -1]);
  const y = W.matmul(x).relu().sum();
  const view = drawGraph(y);
  const titles = view.graph.vertices.map((v) => v.title);
  assert.deepEqual(titles, ["leaf", "MvBackward0", "ReluBackward0", "SumBackward0"]);
  assert.deepEqual(view.graph.edges.map((e) => [e.from.title, e.to.title]), [["leaf", "MvBackward0"], ["MvBackward0", "ReluBackward0"], ["ReluBackward0", "SumBackward0"]]);
  assert.match(view.dot, /v0 -> v1;/);
  // values before backward: W·x = [-1, -1], relu = [0, 0]; no gradients yet
  assert.equal(view.graph.vertices[1].value!.toArray().join(), "-1,-1");
  assert.ok(view.graph.vertices.every((v) => v.grad === null));
  const { nodes } = parseSvg(view.svg);
  assert.ok(nodes.some((n) => n.includes("value [-1, -1]")));
  assert.ok(nodes.some((n) => n.join(" ").includes("leaf [2, 2]")));
});

test("rich display: SVG and text", () => {
  const x = leaf(0.5, "x");
  const bundle = mimeBundle(drawGraph(x.exp().mul(x)));
  assert.match(String(bundle["image/svg+xml"]), /<svg[\s\S]*<\/svg>/);
  const text = String(bundle["text/plain"]);
  assert.match(text, /3 nodes, 3 edges/);
  assert.match(text, /#1 leaf x: value 0.5/);
  assert.match(text, /#2 ExpBackward0 ← x: value 1.649/);
  assert.match(text, /#3 MulBackward0 ← #2, x: value 0.8244 {2}\(output\)/);
});

test("a non-scalar root needs a seed for the op gradients", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(3);
  y.sum().backward(undefined, { retainGraph: true });
  const noSeed = drawGraph(y);
  assert.match(noSeed.graph.notes.join(" "), /give the cotangent to start from as \{ seed \}/);
  const seeded = drawGraph(y, { seed: tensor([1, 1]), edgeGrads: true });
  assert.equal(seeded.graph.edges[0].grad!.toArray().join(), "3,3");
});

test("after a backward that freed the saved tensors, values and op gradients are recovered (constants are kept)", () => {
  const x = leaf(2, "x");
  const y = x.mul(3).add(1).exp(); // y = e^(3x + 1)
  y.backward();
  const view = drawGraph(y, { edgeGrads: true });
  assert.deepEqual(view.graph.notes, []);
  const op = (title: string) => view.graph.vertices.find((v) => v.title === title)!;
  assertClose(op("MulBackward0").value!, 6, "3x");
  assertClose(op("AddBackward0").value!, 7, "3x + 1");
  assertClose(op("MulBackward0").grad!, Math.exp(7), "∂y/∂(3x) = e^7");
  assertClose(view.graph.vertices[0].grad!, 3 * Math.exp(7), "x.grad = 3 e^7");
  // ops fed by leaves are recomputed from them
  const w = leaf(1.5, "w");
  const z = w.mul(w).exp();
  z.backward();
  assert.ok(drawGraph(z).graph.vertices.every((v) => v.value !== null), "w·w is recomputed from the leaf");
});

test("a deep chain is traced without recursion, and big graphs ask before drawing", () => {
  let y: Tensor = tensor(1, { requiresGrad: true });
  for (let i = 0; i < 100000; i++) y = i % 2 ? y.mul(1.0001) : y.add(0.0001);
  const g = traceGraph(y, { maxNodes: 200000, grads: false });
  assert.equal(g.vertices.length, 100001);
  assert.throws(() => drawGraph(y), /drawGraph: the graph has more than 400 nodes; pass \{ maxNodes: 1600 \}/);
});

test("a leaf alone is a one-node graph", () => {
  const { nodes, edges } = parseSvg(drawGraph(leaf(4, "w")).svg);
  assert.equal(nodes.length, 1);
  assert.equal(edges.length, 0);
  assert.ok(nodes[0].includes("value 4"));
});

test("labels of intermediate tensors show when the tensor is at hand (saved for backward)", () => {
  const x = leaf(1.5, "x");
  const h = x.exp();
  h.label = "h";
  const y = h.mul(x); // mul saves h
  const view = drawGraph(y);
  assert.equal(view.graph.vertices.find((v) => v.title === "ExpBackward0")!.name, "h");
});
