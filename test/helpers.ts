/** Shared test helpers: seeded random tensors and closeness checks with readable failures. */
import assert from "node:assert/strict";
import { Tensor, Generator } from "../lib/index";

/** A float64 tensor uniform in [lo, hi) from a seeded generator. */
export function uniform(gen: Generator, shape: readonly number[], lo = -1, hi = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * gen.random();
  return Tensor.fromData(data, shape.slice(), "float64");
}

/** An int32 tensor uniform in [0, bound). */
export function ints(gen: Generator, shape: readonly number[], bound: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = gen.int(0, bound);
  return Tensor.fromData(data, shape.slice(), "int32");
}

export function flat(x: Tensor | number | ArrayLike<number>): number[] {
  if (typeof x === "number") return [x];
  if (x instanceof Tensor) return Array.from(x.values());
  return Array.from(x);
}

/** Max |a - b| / (atol + rtol |b|) over the elements: ≤ 1 means close. */
export function closeness(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number, atol: number): { ratio: number; at: number } {
  let ratio = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    const r = Math.abs(x - y) / (atol + rtol * Math.abs(y));
    if (!(r <= ratio)) {
      ratio = Number.isNaN(r) ? Infinity : r;
      at = i;
    }
  }
  return { ratio, at };
}

/** Assert two tensors/arrays agree elementwise within atol + rtol·|expected|. */
export function assertClose(actual: Tensor | number | ArrayLike<number>, expected: Tensor | number | ArrayLike<number>, what: string, rtol = 1e-10, atol = 1e-12): void {
  const a = flat(actual);
  const b = flat(expected);
  if (actual instanceof Tensor && expected instanceof Tensor) {
    assert.deepEqual([...actual.shape], [...expected.shape], `${what}: shape ${JSON.stringify(actual.shape)} != expected ${JSON.stringify(expected.shape)}`);
  }
  assert.equal(a.length, b.length, `${what}: ${a.length} elements != expected ${b.length}`);
  const { ratio, at } = closeness(a, b, rtol, atol);
  if (ratio > 1) {
    assert.fail(`${what}: element ${at} is ${a[at]} but expected ${b[at]} (|diff| = ${Math.abs(a[at] - b[at]).toExponential(3)}, rtol ${rtol}, atol ${atol})`);
  }
}

export function dotAll(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
