/**
 * Differential tests against PyTorch: forward values and gradients of every op (also at
 * kinks, ties and special points) and of 240 random compositions, from JSON fixtures made
 * by scripts/make-torch-fixtures.py with real PyTorch in float64. Agreement within 1e-10
 * relative. Also checks that every primitive of the op table is covered by a fixture.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as G from "../lib/index";
import { Tensor, autogradGrad } from "../lib/index";
import { unary, binary } from "../lib/ops/elementwise";
import { unaryNames } from "../lib/ops/unary";
import { binaryNames } from "../lib/ops/binary";
import { allPrimitives } from "../lib/ops/table";
import { assertClose } from "./helpers";

interface TJson { shape: number[]; dtype: "float64" | "float32" | "int32" | "bool"; data: (number | string)[] }
interface Case { op: string; params: Record<string, any>; inputs: TJson[]; out: TJson; ct?: TJson; grads?: (TJson | null)[]; note?: string; gradFn?: string }

const dir = path.join(__dirname, "fixtures", "torch");
const decode = (v: number | string) => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const load = (j: TJson): Tensor => G.tensor(j.data.map(decode) as number[], { dtype: j.dtype }).reshape(j.shape);

type Fn = (xs: Tensor[], p: Record<string, any>) => Tensor;
const dimOf = (p: Record<string, any>) => p.dim;

/** gradlab's spelling of each fixture op. The keys double as the coverage list below. */
const ops: Record<string, Fn> = {
  ...Object.fromEntries(unaryNames.map((n) => [n, ([x]: Tensor[]) => unary(n, x)])),
  ...Object.fromEntries(binaryNames.map((n) => [n, ([a, b]: Tensor[], p: Record<string, any>) =>
    p.scalarA !== undefined ? binary(n, p.scalarA, a) : p.scalarB !== undefined ? binary(n, a, p.scalarB) : binary(n, a, b)])),
  clamp: ([x], p) => x.clamp(p.min, p.max),
  sum: ([x], p) => x.sum(dimOf(p), p.keepdim),
  mean: ([x], p) => x.mean(dimOf(p), p.keepdim),
  prod: ([x], p) => x.prod(dimOf(p), p.keepdim),
  max: ([x], p) => x.max(dimOf(p), p.keepdim),
  min: ([x], p) => x.min(dimOf(p), p.keepdim),
  var: ([x], p) => x.var(dimOf(p)),
  std: ([x], p) => x.std(dimOf(p)),
  norm: ([x]) => x.norm(),
  logsumexp: ([x], p) => x.logsumexp(p.dim),
  softmax: ([x], p) => x.softmax(p.dim),
  logSoftmax: ([x], p) => x.logSoftmax(p.dim),
  reshape: ([x], p) => x.reshape(p.shape),
  permute: ([x], p) => x.permute(p.dims),
  transpose: ([x], p) => x.transpose(p.dim0, p.dim1),
  expand: ([x], p) => x.expand(p.shape),
  index: ([x], p) => x.index(...p.index),
  flip: ([x], p) => G.flip(x, p.dims),
  cat: (xs, p) => G.cat(xs, p.dim),
  stack: (xs, p) => G.stack(xs, p.dim),
  squeeze: ([x], p) => x.squeeze(p.dim),
  unsqueeze: ([x], p) => x.unsqueeze(p.dim),
  flatten: ([x], p) => x.flatten(p.startDim),
  where: ([c, a, b]) => G.where(c, a, b),
  gather: ([x, i], p) => x.gather(p.dim, i),
  indexSelect: ([x], p) => x.indexSelect(p.dim, p.index),
  scatterAdd: ([b, i, s], p) => G.scatterAdd(b, p.dim, i, s),
  matmul: ([a, b]) => a.matmul(b),
  inv: ([a]) => a.inverse(),
  det: ([a]) => a.det(),
  conv2d: ([x, w, b], p) => G.conv2d(x, w, b, { stride: p.stride, padding: p.padding }),
  unfold: ([x], p) => G.unfold(x, p.kernel, { stride: p.stride, padding: p.padding }),
  maxPool2d: ([x], p) => G.maxPool2d(x, p.kernel, { stride: p.stride, padding: p.padding }),
  avgPool2d: ([x], p) => G.avgPool2d(x, p.kernel, { stride: p.stride, padding: p.padding }),
  mseLoss: ([a, b]) => G.mseLoss(a, b),
  binaryCrossEntropy: ([p, y], prm) => G.binaryCrossEntropy(p, y, prm.reduction),
  binaryCrossEntropyWithLogits: ([z, y]) => G.binaryCrossEntropyWithLogits(z, y),
  crossEntropy: ([x, t], p) => G.crossEntropy(x, t, p.reduction),
  nllLoss: ([x, t]) => G.nllLoss(x, t),
  to: ([x], p) => x.to(p.dtype),
};

/** Which fixture op exercises each structural primitive (elementwise rows are covered by name). */
const covers: Record<string, string> = {
  sum: "sum", mean: "mean", prod: "prod", extremum: "max", reshape: "reshape", permute: "permute", expand: "expand", slice: "index",
  sliceBackward: "index", flip: "flip", cat: "cat", clone: "clone", where: "where", gather: "gather", scatterAdd: "scatterAdd",
  matmul: "matmul", inv: "inv", det: "det", unfold: "unfold", fold: "unfold", to: "to",
  // the two products of conv2d's backward pass are what its fixtures' gradients compute
  conv2d: "conv2d", conv2dInput: "conv2d", conv2dWeight: "conv2d",
  // avgPool2d's gradient is its transpose, the spread
  avgPool: "avgPool2d", avgPoolSpread: "avgPool2d",
};

const opsFile = JSON.parse(fs.readFileSync(path.join(dir, "ops.json"), "utf8")) as { torch: string; cases: Case[] };

function runCase(c: Case, k: number): void {
  const what = `${c.op}${c.note ? ` (${c.note})` : ""} #${k}`;
  const fn = ops[c.op];
  assert.ok(fn, `no gradlab mapping for fixture op ${c.op}`);
  const xs = c.inputs.map(load);
  const leaves = xs.map((x, i) => (c.grads?.[i] ? x.detach().requiresGrad_() : x));
  const out = fn(leaves, c.params);
  const rtol = c.out.dtype === "float32" ? 1e-6 : 1e-10;
  assertClose(out, load(c.out), `${what}: forward vs PyTorch ${opsFile.torch}`, rtol, 1e-12);
  assert.equal(out.dtype, c.out.dtype, `${what}: dtype`);
  if (!c.grads || !c.ct) return;
  const wrt = leaves.filter((_, i) => c.grads![i]);
  const gs = autogradGrad([out], wrt, { gradOutputs: [load(c.ct)], allowUnused: true });
  let j = 0;
  c.grads.forEach((g, i) => {
    if (!g) return;
    assertClose(gs[j++], load(g), `${what}: gradient of input ${i} vs PyTorch`, 1e-10, 1e-12);
  });
}

test("every primitive of the op table has a PyTorch fixture", () => {
  const have = new Set(opsFile.cases.map((c) => c.op));
  const missing = Object.keys(allPrimitives()).filter((name) => !have.has(covers[name] ?? name));
  // clone has no PyTorch twin worth a fixture: it is the identity, checked in the sweep
  assert.deepEqual(missing.filter((m) => m !== "clone"), [], `primitives without PyTorch fixtures: ${missing.join(", ")}`);
});

test(`ops match PyTorch ${opsFile.torch} (${opsFile.cases.length} cases, values and gradients)`, () => {
  opsFile.cases.forEach(runCase);
});

test("kinks and ties follow PyTorch's subgradients", () => {
  const kinks = opsFile.cases.filter((c) => c.note === "kink" || c.note === "tie" || c.note === "zeros" || c.note === "min > max");
  assert.ok(kinks.length >= 12, "the fixtures include kink points");
  kinks.forEach(runCase);
});

// ---------------------------------------------------------------- random compositions

interface Program { program: [string, number, number][]; inputs: TJson[]; weights: TJson; out: TJson; grads: (TJson | null)[] }

function step(op: string, a: Tensor, b: Tensor): Tensor {
  switch (op) {
    case "sin": return a.sin();
    case "cos": return a.cos();
    case "tanh": return a.tanh();
    case "sigmoid": return a.sigmoid();
    case "atan": return a.atan();
    case "neg": return a.neg();
    case "abs": return a.abs();
    case "relu": return a.relu();
    case "expTanh": return a.tanh().exp();
    case "log1pSq": return a.mul(a).add(1).log();
    case "sqrt1pSq": return a.mul(a).add(1).sqrt();
    case "add": return a.add(b);
    case "sub": return a.sub(b);
    case "mul": return a.mul(b);
    case "divSafe": return a.div(b.mul(b).add(1));
    case "maximum": return a.maximum(b);
    case "minimum": return a.minimum(b);
    case "powSafe": return a.abs().add(0.5).pow(b.tanh());
    case "sumKeep1": return a.sum(1, true).mul(b);
    case "meanKeep0": return a.sub(a.mean(0, true));
    case "softmax1": return a.softmax(1);
    case "matmulT": return a.matmul(b.transpose(0, 1)).matmul(a).mul(0.25);
    case "logsumexp0": return a.logsumexp(0, true).add(b);
    case "transpose2": return a.transpose(0, 1).reshape(3, 4).add(b);
    case "flipBoth": return G.flip(a, [0, 1]).mul(b);
    case "catSplit": return G.cat([a.index("0:1").mul(b.index("1:2")), a.index("1:")], 0);
    default: throw new Error(`unknown program op ${op}`);
  }
}

test("240 random compositions match PyTorch (values and gradients)", () => {
  const file = JSON.parse(fs.readFileSync(path.join(dir, "compositions.json"), "utf8")) as { programs: Program[] };
  assert.ok(file.programs.length >= 200);
  file.programs.forEach((p, k) => {
    const leaves = p.inputs.map((j) => load(j).requiresGrad_());
    const regs = [...leaves];
    for (const [op, a, b] of p.program) regs.push(step(op, regs[a], regs[b]));
    const out = regs[regs.length - 1];
    assertClose(out, load(p.out), `program ${k} ${JSON.stringify(p.program)}: value`, 1e-10, 1e-12);
    const loss = out.mul(load(p.weights)).sum();
    const gs = autogradGrad([loss], leaves, { allowUnused: true });
    p.grads.forEach((g, i) => {
      if (g) assertClose(gs[i], load(g), `program ${k} ${JSON.stringify(p.program)}: gradient ${i}`, 1e-10, 1e-12);
    });
  });
});

// ---------------------------------------------------------------- printing

test("tensors print as PyTorch prints them", () => {
  const file = JSON.parse(fs.readFileSync(path.join(dir, "format.json"), "utf8")) as { samples: { tensor: TJson; text: string }[] };
  for (const s of file.samples) assert.equal(String(load(s.tensor)), s.text);
});

test("backward nodes carry PyTorch's names (gradFn)", () => {
  const named = opsFile.cases.filter((c) => c.gradFn);
  assert.ok(named.length > 80);
  const wrong: string[] = [];
  named.forEach((c) => {
    const leaves = c.inputs.map(load).map((x, i) => (c.grads?.[i] ? x.requiresGrad_() : x));
    const out = ops[c.op](leaves, c.params);
    if (out.gradFn?.name !== c.gradFn) wrong.push(`${c.op}${c.note ? ` (${c.note})` : ""}: ${out.gradFn?.name} != ${c.gradFn}`);
  });
  assert.deepEqual(wrong, []);
});
