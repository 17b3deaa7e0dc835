import { test } from "node:test";
import assert from "node:assert/strict";
import { plot, sym, Tensor } from "../../lib/index";
import { tangentEquation } from "../../lib/plot/fn";

const trace = (fig: plot.Figure, re: RegExp) => {
  const t = fig.data.find((d) => re.test(String(d.name)));
  assert.ok(t, `no trace named ${re} in ${fig.data.map((d) => d.name).join(", ")}`);
  return t as { x: number[]; y: number[]; name: string };
};

test("a JS function: samples, f′ by central differences (close to the closed form), tangent lines", () => {
  const fig = plot.fn(Math.sin, [0, 2 * Math.PI], { derivative: true, tangentAt: [Math.PI / 4, 2], n: 101 });
  const f = fig.data[0] as { x: number[]; y: number[] };
  assert.equal(f.x.length, 101);
  f.x.forEach((x, i) => assert.ok(Math.abs(f.y[i] - Math.sin(x)) < 1e-15));
  const d = trace(fig, /^d\/dx .*central difference/);
  d.x.forEach((x, i) => assert.ok(Math.abs(d.y[i] - Math.cos(x)) < 1e-8, `f′(${x})`));
  // tangent at a: y = sin a + cos a (x − a), drawn across [0, 2π]
  const t = trace(fig, /^tangent at x = 2:/);
  assert.deepEqual(t.x, [0, 2 * Math.PI]);
  t.x.forEach((x, i) => assert.ok(Math.abs(t.y[i] - (Math.sin(2) + Math.cos(2) * (x - 2))) < 1e-8));
  // the y axis fits the curves, not the long tangent lines
  const range = (fig.layout.yaxis as { range: number[] }).range;
  assert.ok(range[0] < -1 && range[0] > -1.3 && range[1] > 1 && range[1] < 1.3, String(range));
});

test("a tensor function: evaluated on the whole grid, f′ by autograd (exact)", () => {
  const fig = plot.fn((x: Tensor) => x.pow(3).sub(x.mul(2)), [-2, 2], { derivative: true, tangentAt: 1, n: 41 });
  const f = fig.data[0] as { x: number[]; y: number[] };
  f.x.forEach((x, i) => assert.ok(Math.abs(f.y[i] - (x ** 3 - 2 * x)) < 1e-12));
  const d = trace(fig, /^d\/dx .*\(autograd\)$/);
  d.x.forEach((x, i) => assert.ok(Math.abs(d.y[i] - (3 * x * x - 2)) < 1e-12));
  // f(1) = −1, f′(1) = 1: the tangent is y = x − 2
  assert.match(trace(fig, /^tangent/).name, /y = x − 2$/);
});

test("an expression with evaluate and diff: f′ from its own derivative", () => {
  const expr = {
    evaluate: ({ x }: Record<string, number>) => x * x,
    diff: (v: string) => ({ evaluate: (env: Record<string, number>) => 2 * env[v], toString: () => "2*x" }),
    toString: () => "x^2",
  };
  const fig = plot.fn(expr, [-1, 1], { derivative: true, n: 5 });
  assert.equal(fig.data[0].name, "x^2");
  const d = trace(fig, /\(symbolic\)$/);
  assert.deepEqual(d.y, [-2, -1, 0, 1, 2]);
  assert.throws(() => plot.fn({ evaluate: ({ t }: Record<string, number>) => { if (t === undefined) throw new Error("no t"); return t; }, toString: () => "t" }, [0, 1]), /pass \{ variable: "t" \}/);
  const ok = plot.fn({ evaluate: ({ t }: Record<string, number>) => 2 * t, toString: () => "2t" }, [0, 1], { variable: "t", n: 3 });
  assert.deepEqual((ok.data[0] as { y: number[] }).y, [0, 1, 2]);
});

test("gradlab's symbolic expressions plot with their exact derivative", () => {
  const fig = plot.fn(sym.parse("x^3 - 2*x"), [-2, 2], { derivative: true, n: 5 });
  assert.deepEqual((fig.data[0] as { y: number[] }).y, [-4, 1, 0, -1, 4]);
  // d/dx (x³ − 2x) = 3x² − 2
  assert.deepEqual(trace(fig, /^d\/dx \(x\^3 - 2\*x\) \(symbolic\)$/).y, [10, 1, -2, 1, 10]);
});

test("poles become gaps, and bad functions get a clear error", () => {
  const fig = plot.fn((x: number) => 1 / x, [-1, 1], { n: 3 });
  assert.deepEqual((fig.data[0] as { y: unknown[] }).y, [-1, null, 1]);
  assert.throws(() => plot.fn((x: any) => x.nope(), [0, 1]), /could not evaluate f\. With a number it failed/);
  assert.throws(() => plot.fn((x: Tensor) => x.sum(), [0, 1], { n: 4 }), /must act elementwise.*shape \[4\].*shape \[\]/);
  assert.throws(() => plot.fn(Math.sin, [1, 1]), /two different finite numbers/);
});

test("tangent equations read as a teacher writes them", () => {
  assert.equal(tangentEquation(1, 1, 2), "y = 2x − 1");
  assert.equal(tangentEquation(0, 0, 1), "y = x");
  assert.equal(tangentEquation(2, 3, 0), "y = 3");
  assert.equal(tangentEquation(1, -1, -1), "y = −x");
  assert.equal(tangentEquation(0, 0.5, -0.25), "y = −0.25x + 0.5");
});
