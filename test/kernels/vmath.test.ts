/**
 * The WebAssembly exp, sigmoid, log and binaryCrossEntropy (kernels/wasm/vmath.c) follow
 * fdlibm's steps, as V8's Math.exp and Math.log do: they must give the same doubles as the
 * scalar rows, bit for bit, over every range (tiny |x|, the reduction boundaries, overflow,
 * subnormal inputs and results, NaN, ±Infinity, ±0, negative arguments of log).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Tensor, kernels, exp, sigmoid, log, binaryCrossEntropy } from "../../lib/index";
import { unaryOps } from "../../lib/ops/unary";
import { binaryOps } from "../../lib/ops/binary";
import { wasmMap, wasmMap2, mapRuns, MAP_MIN } from "../../lib/kernels/wasm-map";
import { withBackend } from "./helpers";
import { getRuntime } from "../../lib/kernels/wasm-runtime";
import { readyWorkers } from "../../lib/kernels/pool";

const hasWasm = kernels.kernelInfo().wasm !== null;

/** Uniform numbers in [0, 1) from a fixed linear congruential sequence. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** Points from every range the algorithm treats differently, plus the special values. */
function points(n: number): Float64Array {
  const x = new Float64Array(n);
  const rnd = lcg(12345);
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

/** Arguments of log from every range fdlibm's log treats differently, plus the special values. */
function logPoints(n: number): Float64Array {
  const x = new Float64Array(n);
  const rnd = lcg(4242);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    switch (i % 7) {
      case 0: x[i] = Math.exp((u - 0.5) * 1400); break; // every exponent
      case 1: x[i] = u * 4; break; // (0, 4): k = 0, ±1, 2
      case 2: x[i] = 1 + (u - 0.5) * 2 ** -18; break; // around |f| < 2^-20
      case 3: x[i] = 2 ** Math.floor((u - 0.5) * 60) * (1 + (u - 0.5) * 2 ** -19); break; // f near 0 with k != 0
      case 4: x[i] = u * 1e-310; break; // subnormal
      case 5: x[i] = Math.SQRT1_2 * (1 + (u - 0.5) * 1e-6) * 2 ** Math.floor(u * 8); break; // the normalisation boundary
      default: x[i] = (1 + u) * 2 ** Math.floor((u - 0.5) * 40) * (u < 0.5 ? 1.41 : 1.42); break; // the two final formulas
    }
  }
  const special = [NaN, -NaN, Infinity, -Infinity, 0, -0, -1, -5e-324, 5e-324, 1, 2, 0.5, 2 ** -1022, 2 ** -1023, Number.MAX_VALUE, 1 + 2 ** -52, 1 - 2 ** -53];
  x.set(special, 0);
  return x;
}

test("WebAssembly log is Math.log, bit for bit", { skip: !hasWasm }, () => {
  const x = logPoints(700_001);
  const y = new Float64Array(x.length);
  assert.ok(wasmMap("log", x, y));
  sameBits(y, Math.log, x, "log");
});

/** The WebAssembly binaryCrossEntropy of (p, y) is the row's scalar kernel, bit for bit, at every element. */
function bceIsRow(p: Float64Array, y: Float64Array): void {
  const out = new Float64Array(p.length);
  assert.ok(wasmMap2("binaryCrossEntropy", p, y, out));
  let bad = 0, first = "";
  for (let i = 0; i < p.length; i++) {
    const w = binaryOps.binaryCrossEntropy.forward(p[i], y[i]);
    if (!Object.is(out[i], w)) {
      if (!bad) first = `bce(${p[i]}, ${y[i]}) = ${out[i]}, scalar ${w}`;
      bad++;
    }
  }
  assert.equal(bad, 0, `${bad} of ${p.length} differ; first: ${first}`);
}

test("WebAssembly binaryCrossEntropy is its row's scalar kernel, bit for bit (p = 0, 1, outside [0, 1], NaN)", { skip: !hasWasm }, () => {
  const n = 200_001;
  const p = new Float64Array(n), y = new Float64Array(n);
  const rnd = lcg(99);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    p[i] = i % 5 === 0 ? u * 1e-40 : i % 5 === 1 ? 1 - u * 1e-12 : u;
    y[i] = i % 3 === 0 ? rnd() : i % 3 === 1 ? 0 : 1;
  }
  p.set([0, 1, 0, 1, -0.5, 1.5, NaN, 0.3, 0.7, 2 ** -1074], 0);
  y.set([0, 1, 1, 0, 0.5, 0.5, 1, NaN, Infinity, 1], 0);
  bceIsRow(p, y);
});

test("with labels of exactly 0 and 1 (one logarithm per element) binaryCrossEntropy is still its row, bit for bit", { skip: !hasWasm }, () => {
  const n = 100_001;
  const p = new Float64Array(n), y = new Float64Array(n);
  const rnd = lcg(7);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    p[i] = i % 7 === 0 ? u * 1e-300 : i % 7 === 1 ? 1 - u * 1e-15 : u;
    y[i] = rnd() < 0.5 ? 0 : 1;
  }
  // ends of [0, 1], -0, subnormals, and pairs where one lane leaves the labelled case (p outside [0, 1], NaN, y = 0.5)
  p.set([0, 1, 1, 0, -0, -0, 2 ** -1074, 1 - 2 ** -53, 1.5, 0.5, NaN, 0.5, 0.25, 0.75], 0);
  y.set([1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0.5, 1], 0);
  bceIsRow(p, y);
});

test("a large tensor's log and binaryCrossEntropy take the vector kernel and agree with the TypeScript path", { skip: !hasWasm }, () => {
  const n = MAP_MIN * 2 + 1;
  const x = Tensor.fromData(logPoints(n), [n], "float64");
  const p = x.sigmoid(), y = x.gt(1).double();
  const cases: [string, () => Tensor][] = [["log", () => log(x)], ["binaryCrossEntropy", () => binaryCrossEntropy(p, y, "none")]];
  for (const [name, f] of cases) {
    const before = mapRuns.count;
    const fast = f();
    assert.equal(mapRuns.count, before + 1, `${name}: the vector kernel ran`);
    assert.deepEqual(Array.from(fast.values()), Array.from(withBackend("js", f).values()));
    assert.equal(mapRuns.count, before + 1, `${name}: the "js" backend keeps to TypeScript`);
  }
});

test("on two threads log and binaryCrossEntropy give the same doubles as on one", { skip: !hasWasm || kernels.threadCount() < 2 }, async () => {
  const rt = getRuntime()!;
  for (let i = 0; i < 100 && readyWorkers(rt) < 1; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(readyWorkers(rt) >= 1, "a worker is up");
  const x = logPoints(400_001); // above the parallel size: tiles go to both threads
  const y = new Float64Array(x.length);
  assert.ok(wasmMap("log", x, y));
  sameBits(y, Math.log, x, "log");
  const p = x.map((v) => v / (1 + Math.abs(v))), t = x.map((v) => (v > 1 ? 1 : 0));
  bceIsRow(p, t);
});

test("lengths with every remainder of eight and an unusual value first, in the middle or last: the four-pair loop, the pair loop and the odd last element agree with the scalar rows", { skip: !hasWasm }, () => {
  // a tile runs four pairs at a time, then single pairs, then the odd element; a group of
  // four pairs takes its fast path only if all eight lanes allow it, so one unusual lane
  // (a NaN, a log argument near 1, a label that is not 0 or 1) must send just its group
  // down the full path, wherever it sits
  const ordinary = (i: number) => 0.05 + ((i * 37) % 89) / 100; // in (0, 1), away from powers of two
  const unusual = [NaN, 1 - 2 ** -30, 0, 5e-324, -3];
  // 1–24, then 191, 358, 525, 692, 859, 1026: remainders 7 down to 2 of eight after many
  // groups, the last across the 1,024-element tile boundary
  for (let n = 1; n <= 1024 + 19; n = n < 24 ? n + 1 : n + 167) {
    for (const at of [0, n >> 1, n - 1]) {
      for (const u of unusual) {
        const x = Float64Array.from({ length: n }, (_, i) => ordinary(i));
        x[at] = u;
        for (const [k, f] of [["exp", Math.exp], ["sigmoid", unaryOps.sigmoid.forward], ["log", Math.log]] as const) {
          const y = new Float64Array(n);
          assert.ok(wasmMap(k, x, y));
          sameBits(y, f, x, `${k} (n = ${n}, ${u} at ${at})`);
        }
        const t = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
        t[(at + 1) % n] = 0.5;
        bceIsRow(x, t);
        bceIsRow(x, Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)));
      }
    }
  }
});
