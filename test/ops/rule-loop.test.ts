/**
 * The fused VJP loops compiled from the rows' rules (lib/ops/rule-loop.ts): for every
 * elementwise row and every set of inputs that need a gradient, the loop gives bit for bit
 * ct·∂out/∂x as the row's rule evaluated element by element on numbers, and a gradient
 * no input needs is not computed at all.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Generator, autogradGrad, unaryOps, binaryOps } from "../../lib/index";
import { binary, unary, N } from "../../lib/ops/elementwise";
import { compileRule } from "../../lib/ops/rule-loop";
import type { BinaryName } from "../../lib/ops/binary";
import type { UnaryName } from "../../lib/ops/unary";
import { uniform } from "../helpers";

const gen = new Generator(7);

function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Object.is(actual[i], expected[i]), `${what}: element ${i} is ${actual[i]}, the rule on numbers gives ${expected[i]}`);
  }
}

test("binary rows: each needed gradient is the rule on numbers, bit for bit (x only, y only, both)", () => {
  for (const name of Object.keys(binaryOps) as BinaryName[]) {
    const row = binaryOps[name];
    if (!row.deriv || row.saves.length === 0) continue;
    const [dx, dy] = row.domain;
    const x0 = uniform(gen, [5, 7], dx.lo, dx.hi), y0 = uniform(gen, [5, 7], dy.lo, dy.hi), ct = uniform(gen, [5, 7], -2, 2);
    const out = binary(name, x0, y0).values();
    const xv = x0.values(), yv = y0.values(), cv = ct.values();
    for (const need of [[true, false], [false, true], [true, true]]) {
      const x = need[0] ? x0.detach().requiresGrad_() : x0;
      const y = need[1] ? y0.detach().requiresGrad_() : y0;
      const wrt = [x, y].filter((_, i) => need[i]);
      const grads = autogradGrad([binary(name, x, y)], wrt, { gradOutputs: [ct] });
      let g = 0;
      for (let j = 0; j < 2; j++) {
        if (!need[j]) continue;
        const expected = Array.from(cv, (c, i) => c * (row.deriv!(N, xv[i], yv[i], out[i])[j] as number));
        sameBits(grads[g++].values(), expected, `${name}: gradient ${j} with needs ${need}`);
      }
    }
  }
});

test("unary rows: the compiled loop is the rule on numbers, bit for bit", () => {
  for (const name of Object.keys(unaryOps) as UnaryName[]) {
    const row = unaryOps[name];
    if (row.saves.length === 0) continue;
    const x = uniform(gen, [4, 9], row.domain.lo, row.domain.hi).requiresGrad_();
    const ct = uniform(gen, [4, 9], -2, 2);
    const out = unary(name, x);
    const [g] = autogradGrad([out], [x], { gradOutputs: [ct] });
    const xv = x.values(), ov = out.values(), cv = ct.values();
    sameBits(g.values(), Array.from(cv, (c, i) => c * (row.deriv(N, xv[i], ov[i]) as number)), name);
  }
});

test("a gradient no input needs is dropped from the loop with the steps only it uses", () => {
  const bce = binaryOps.binaryCrossEntropy.deriv!;
  const onlyP = compileRule((f, p, y, out) => bce(f, p, y, out), ["X", "Y", "O"], [true, false]);
  assert.doesNotMatch(onlyP.body + onlyP.prelude, /F_log/, "∂/∂p needs no logarithm");
  assert.equal(onlyP.outputs[1], null);
  const onlyY = compileRule((f, p, y, out) => bce(f, p, y, out), ["X", "Y", "O"], [false, true]);
  assert.equal(onlyY.body.match(/F_log\(/g)?.length, 2, "∂/∂y is two logarithms");
  assert.equal(onlyY.prelude, "const F_log = F.log;", "the kernel is bound once, outside the loop");
  assert.ok(!onlyY.reads.has("Y"), "∂/∂y does not read y");
  // a rule that returns an input or a constant compiles to no statements
  const mul = compileRule((f, x, y, out) => binaryOps.mul.deriv!(f, x, y, out), ["X", "Y", "O"], [true, true]);
  assert.deepEqual(mul.outputs, ["Y", "X"]);
  assert.equal(mul.body, "");
});

test("constants in rules keep their exact value (-0, tiny floats)", () => {
  const r = compileRule((f, x) => [f.mul(x, -0), f.maximum(x, Math.fround(1e-12))], ["X"], [true, true]);
  const F = new Function("F", "X", `${r.prelude}\n${r.body}\nreturn [${r.outputs.join(", ")}];`);
  const [a, b] = F(N, 0.5) as number[];
  assert.ok(Object.is(a, -0));
  assert.ok(Object.is(b, 0.5));
  const [, c] = F(N, 0) as number[];
  assert.equal(c, Math.fround(1e-12));
});

test("ops written as JavaScript operators give the same doubles as their rows' kernels", () => {
  const special = [0, -0, 1, -1, 0.1, -2.5, 1e308, -1e308, 5e-324, -5e-324, Infinity, -Infinity, NaN, 3];
  const binaries = ["add", "sub", "mul", "div"] as const;
  for (const name of binaries) {
    const r = compileRule((f, x, y) => [f[name](x, y)], ["X", "Y"], [true]);
    assert.equal(r.prelude, "", `${name} is an operator, not a call`);
    const F = new Function("F", "X", "Y", `${r.prelude}\n${r.body}\nreturn ${r.outputs[0]};`);
    for (const a of special) for (const b of special) {
      assert.ok(Object.is(F(N, a, b), N[name](a, b)), `${name}(${a}, ${b})`);
    }
  }
  const r = compileRule((f, x) => [f.neg(x)], ["X"], [true]);
  const F = new Function("F", "X", `${r.prelude}\n${r.body}\nreturn ${r.outputs[0]};`);
  for (const a of special) assert.ok(Object.is(F(N, a), N.neg(a)), `neg(${a})`);
  // negative constants as operands: (X - (-0)), (X - (-1)), (X * (-Infinity)), never a decrement
  const c = compileRule((f, x) => [f.sub(x, -0), f.sub(x, -1), f.mul(x, -Infinity), f.neg(f.sub(x, -1))], ["X"], [true, true, true, true]);
  const G = new Function("F", "X", `${c.prelude}\n${c.body}\nreturn [${c.outputs.join(", ")}];`);
  assert.deepEqual(G(N, 2), [2, 3, -Infinity, -3]);
  assert.ok(Object.is(G(N, -0)[0], 0), "-0 - -0 is +0");
});
