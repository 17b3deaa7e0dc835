// sym.tree: the expression tree (AST) as text, DOT and SVG; { dag: true } draws shared
// subexpressions once. Expected trees and counts are worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sym } from "../../lib/symbolic";

test("the tree of ln(ln(x) + x), as text, in reading order", () => {
  const t = sym.tree("ln(ln(x) + x)");
  assert.equal(String(t), ["ln", "└─ +", "   ├─ x", "   └─ ln", "      └─ x"].join("\n"));
  assert.equal(t.nodes, 5);
  // a difference is stored as a sum with a −1 coefficient, and the tree says so
  assert.equal(String(sym.tree("x^2 - 3*x")), ["+", "├─ ^", "│  ├─ x", "│  └─ 2", "└─ ×", "   ├─ -3", "   └─ x"].join("\n"));
});

test("tree and DAG counts: a repeated subexpression counts once in the DAG", () => {
  // sin(x + 1)·(x + 1)²: tree ×, sin, +, x, 1, ^, +, x, 1, 2 = 10 nodes; DAG ×, sin, +, x, 1, ^, 2 = 7
  const e = "sin(x + 1)*(x + 1)^2";
  const t = sym.tree(e);
  const d = sym.tree(e, { dag: true });
  assert.equal(t.nodes, 10);
  assert.equal(d.nodes, 7);
  const edges = (dot: string) => (dot.match(/->/g) ?? []).length;
  assert.equal(edges(t.dot), 9); // a tree: one edge into every node but the root
  assert.equal(edges(d.dot), 7); // ×→sin, ×→^, sin→+, ^→+, ^→2, +→x, +→1
  assert.match(String(d), /\(shared: x \+ 1\)/);
  // the exponent's edge is labelled: argument order matters for ^
  assert.match(t.dot, /label="2", fontsize=9/);
});

test("the picture is SVG with the node labels, and the display bundle carries it", () => {
  const t = sym.tree("ln(x) + x");
  const svg = t.svg;
  assert.match(svg, /<svg[\s\S]*<\/svg>/);
  assert.ok(svg.includes(">ln<") && svg.includes(">x<"));
  const bundle = (t as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
  assert.ok(bundle["image/svg+xml"].includes("<svg") && bundle["text/plain"] === String(t));
});

test("a deep expression prints and draws without overflowing the stack, cut to a readable size", () => {
  let e = sym.parse("x");
  for (let i = 0; i < 20000; i++) e = sym.sin(e);
  const t = sym.tree(e);
  assert.equal(t.nodes, 20001);
  const lines = String(t).split("\n");
  assert.equal(lines.length, 1001);
  assert.equal(lines[1000], "… (19001 more nodes not printed)");
  assert.match(t.dot, /more nodes not drawn/);
});
