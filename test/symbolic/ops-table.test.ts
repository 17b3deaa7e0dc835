// One op, one row: the symbolic derivative of every op-table primitive (computed from the
// row's deriv on Expr) equals the autograd derivative (the same row on Tensor) at random
// points of the row's domain, and both agree with a central difference.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sym } from "../../lib/symbolic";
import { unaryOps, unaryNames } from "../../lib/ops/unary";
import { binaryOps, binaryNames } from "../../lib/ops/binary";
import { tensor, autogradGrad } from "../../lib/index";

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647);
}
const r = rng(7);
const pick = (lo: number, hi: number, kinks: readonly number[] = []) => {
  for (;;) {
    const v = lo + (hi - lo) * r();
    if (kinks.every((k) => Math.abs(v - k) > 1e-3)) return v;
  }
};
const central = (f: (v: number) => number, v: number) => (f(v + 1e-6) - f(v - 1e-6)) / 2e-6;

test("unary rows: symbolic derivative = autograd derivative at random points", () => {
  for (const name of unaryNames) {
    const row = unaryOps[name];
    const e = name === "neg" ? sym.parse("-x") : sym.parse(`${name}(x)`);
    const d = sym.diff(e, "x");
    const d2 = sym.diff(d, "x");
    for (let i = 0; i < 20; i++) {
      const v = pick(row.domain.lo, row.domain.hi, row.domain.kinks);
      const x = tensor(v, { requiresGrad: true });
      const [g] = autogradGrad([sym.lambdifyTensor(e, ["x"])(x)], [x], { createGraph: row.smooth });
      const want = g.item();
      const got = d.evaluate({ x: v });
      assert.ok(Math.abs(got - want) <= 1e-12 * (1 + Math.abs(want)), `${name}'(${v}): symbolic ${got}, autograd ${want}`);
      assert.ok(Math.abs(got - central((t) => row.forward(t), v)) <= 1e-5 * (1 + Math.abs(got)), `${name}'(${v}) vs central difference`);
      if (row.smooth && !g.requiresGrad) assert.equal(d2.evaluate({ x: v }), 0, `${name}'' is 0`);
      else if (row.smooth) {
        const [gg] = autogradGrad([g], [x]);
        assert.ok(Math.abs(d2.evaluate({ x: v }) - gg.item()) <= 1e-10 * (1 + Math.abs(gg.item())), `${name}''(${v})`);
      }
    }
  }
});

test("binary rows: symbolic partials = autograd partials (comparisons have none)", () => {
  const text: Record<string, string> = { add: "x + y", sub: "x - y", mul: "x*y", div: "x/y", pow: "x^y", maximum: "max(x, y)", minimum: "min(x, y)" };
  for (const name of binaryNames) {
    const row = binaryOps[name];
    const e = sym.parse(text[name] ?? `${name}(x, y)`);
    const dx = sym.diff(e, "x");
    const dy = sym.diff(e, "y");
    for (let i = 0; i < 20; i++) {
      const [dxDom, dyDom] = row.domain;
      const vx = pick(dxDom.lo, dxDom.hi, dxDom.kinks);
      const vy = pick(dyDom.lo, dyDom.hi);
      if ((name === "maximum" || name === "minimum") && Math.abs(vx - vy) < 1e-3) continue;
      if (!row.deriv) {
        assert.equal(dx.evaluate({ x: vx, y: vy }), 0, `${name}: d/dx`);
        assert.equal(dy.evaluate({ x: vx, y: vy }), 0, `${name}: d/dy`);
        continue;
      }
      const x = tensor(vx, { requiresGrad: true });
      const y = tensor(vy, { requiresGrad: true });
      const [gx, gy] = autogradGrad([sym.lambdifyTensor(e, ["x", "y"])(x, y)], [x, y]);
      const env = { x: vx, y: vy };
      assert.ok(Math.abs(dx.evaluate(env) - gx.item()) <= 1e-12 * (1 + Math.abs(gx.item())), `${name} d/dx at (${vx}, ${vy}): ${dx.evaluate(env)} vs ${gx.item()}`);
      assert.ok(Math.abs(dy.evaluate(env) - gy.item()) <= 1e-12 * (1 + Math.abs(gy.item())), `${name} d/dy at (${vx}, ${vy}): ${dy.evaluate(env)} vs ${gy.item()}`);
    }
  }
});

test("the rows are the only source: d/du of each function shows the row's formula", () => {
  // the formula shown by diffSteps is the row's deriv evaluated on a symbol
  assert.match(sym.rowFormula("sin"), /\\cos\\left\(u\\right\)$/);
  assert.match(sym.rowFormula("log"), /\\frac\{1\}\{u\}$/);
  assert.equal(sym.diff("relu(x)", "x").toString(), "gt(relu(x), 0)"); // the row's [out > 0]
  assert.equal(sym.simplify(sym.diff("relu(x)", "x")).toString(), "gt(x, 0)");
  assert.equal(sym.diff("abs(x)", "x").toString(), "sign(x)");
});
