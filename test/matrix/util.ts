/** Helpers for the matrix-calculus tests. */
import assert from "node:assert/strict";
import { mat, Derivative } from "../../lib/matrix";
import type { MatExpr } from "../../lib/matrix";
import type { Value } from "../../lib/matrix/evaluate";
import { Generator } from "../../lib/tensor/random";
import { sampleEnv } from "../../lib/matrix/sample";
import { evalMatrix } from "../../lib/matrix/evaluate";

/** Assert that verify (autograd + central differences) accepts the derivation, with the report on failure. */
export function assertVerified(d: Derivative, what: string): void {
  const r = mat.verify(d);
  assert.ok(r.ok, `${what}: the derived ${d.toString()} does not verify:\n${r.toString()}`);
}

/** Assert that verify accepts a claimed closed form. */
export function assertClaim(f: MatExpr, wrt: string, claim: string, what: string, opts: Parameters<typeof mat.verify>[3] = {}): void {
  const r = mat.verify(f, wrt, claim, opts);
  assert.ok(r.ok, `${what}: the claim ${claim} does not verify:\n${r.toString()}`);
}

/** Assert that two expressions have equal values at random values of their symbols. */
export function assertSameValue(a: MatExpr, b: MatExpr, what: string, seed = 7, fixed: Record<string, Value> = {}): void {
  const gen = new Generator(seed);
  for (let k = 0; k < 3; k++) {
    const { env, dims } = sampleEnv([a, b], gen, { values: fixed });
    const x = evalMatrix(a, env, dims).values();
    const y = evalMatrix(b, env, dims).values();
    assert.equal(x.length, y.length, `${what}: ${a} and ${b} differ in size`);
    let scale = 1;
    for (const v of y) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < x.length; i++) {
      assert.ok(Math.abs(x[i] - y[i]) <= 1e-9 * scale, `${what}: ${a} = ${x[i]} but ${b} = ${y[i]} at entry ${i}`);
    }
  }
}

/** Flat values of a tensor-like result. */
export function values(t: { values(): ArrayLike<number> }): number[] {
  return Array.from(t.values());
}

/** Assert arrays agree to `tol`. */
export function assertNear(actual: ArrayLike<number>, expected: readonly number[], what: string, tol = 1e-9): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `${what}: entry ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}
