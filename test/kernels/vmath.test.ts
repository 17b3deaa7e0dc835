/**
 * The WebAssembly exp and sigmoid (kernels/wasm/vmath.c) follow fdlibm's steps, as V8's
 * Math.exp does: they must give the same doubles as the scalar rows, bit for bit, over every
 * range (tiny |x|, the reduction boundaries, overflow, subnormal results, NaN, ±Infinity).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Tensor, kernels, exp, sigmoid } from "../../lib/index";
import { unaryOps } from "../../lib/ops/unary";
import { wasmMap, mapRuns, MAP_MIN } from "../../lib/kernels/wasm-map";
import { withBackend } from "./helpers";

const hasWasm = kernels.kernelInfo().wasm !== null;

/** Points from every range the algorithm treats differently, plus the special values. */
function points(n: number): Float64Array {
  const x = new Float64Array(n);
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const ln2 = Math.LN2;
  for (let i = 0; i < n; i++) {
    const u = rnd();
    switch (i % 6) {
      case 0: x[i] = -745.2 + u * 1455.1; break; // everything, incl. overflow and underflow
      case 1: x[i] = (u - 0.5) * 40; break;
      case 2: x[i] = (u - 0.5) * 1e-7; break; // around the |x| < 2^-28 shortcut
      case 3: x[i] = (u < 0.5 ? -1 : 1) * (0.5 * ln2 + (u - 0.5) * 1e-9); break; // |x| near ln2/2
      case 4: x[i] = -708.4 - u * 37; break; // subnormal results
      default: x[i] = (u < 0.5 ? -1 : 1) * (1.5 * ln2 + (u - 0.5) * 1e-9); break; // near 1.5 ln2
    }
  }
  const special = [NaN, Infinity, -Infinity, 0, -0, 709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412, 2 ** -28, -(2 ** -28), 5e-324];
  x.set(special, 0);
  return x;
}

function sameBits(got: Float64Array, want: (v: number) => number, x: Float64Array, what: string): void {
  let bad = 0, first = "";
  for (let i = 0; i < x.length; i++) {
    const w = want(x[i]);
    if (!Object.is(got[i], w)) {
      if (!bad) first = `${what}(${x[i]}) = ${got[i]}, scalar ${w}`;
      bad++;
    }
  }
  assert.equal(bad, 0, `${bad} of ${x.length} differ; first: ${first}`);
}

test("WebAssembly exp is Math.exp, bit for bit", { skip: !hasWasm }, () => {
  const x = points(600_001); // odd: the last element takes the one-lane path
  const y = new Float64Array(x.length);
  assert.ok(wasmMap("exp", x, y));
  sameBits(y, Math.exp, x, "exp");
});

test("WebAssembly sigmoid is the sigmoid row's scalar kernel, bit for bit", { skip: !hasWasm }, () => {
  const x = points(300_001);
  const y = new Float64Array(x.length);
  assert.ok(wasmMap("sigmoid", x, y));
  sameBits(y, unaryOps.sigmoid.forward, x, "sigmoid");
});

test("a large tensor's exp and sigmoid take the vector kernel and agree with the TypeScript path", { skip: !hasWasm }, () => {
  const x = Tensor.fromData(points(MAP_MIN * 2 + 1), [MAP_MIN * 2 + 1], "float64");
  for (const f of [exp, sigmoid]) {
    const before = mapRuns.count;
    const fast = f(x);
    assert.equal(mapRuns.count, before + 1, `${f.name}: the vector kernel ran`);
    assert.deepEqual(Array.from(fast.values()), Array.from(withBackend("js", () => f(x)).values()));
    assert.equal(mapRuns.count, before + 1, `${f.name}: the "js" backend keeps to TypeScript`);
  }
});
