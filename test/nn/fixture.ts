/** Reading the PyTorch fixtures of test/fixtures/nn (made by scripts/make-nn-fixtures.py). */
import * as fs from "fs";
import * as path from "path";
import * as assert from "node:assert/strict";
import { Tensor, tensor } from "../../lib/index";

export interface TJ {
  shape: number[];
  data: number[];
}

export function fixture<T = any>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "nn", name), "utf8"));
}

/** A float64 tensor from a fixture entry. */
export function fromJSON(t: TJ, options: { requiresGrad?: boolean } = {}): Tensor {
  return tensor(Float64Array.from(t.data), options).reshape(t.shape).detach().requiresGrad_(options.requiresGrad ?? false);
}

/** |actual - expected| ≤ atol + rtol·|expected| elementwise, with the worst element in the message. */
export function assertClose(actual: Tensor | number[] | Float64Array, expected: TJ | number[], what: string, rtol = 1e-10, atol = 1e-12): void {
  const a = actual instanceof Tensor ? Array.from(actual.values()) : Array.from(actual);
  const e = Array.isArray(expected) ? expected : expected.data;
  if (!Array.isArray(expected) && actual instanceof Tensor) {
    assert.deepEqual([...actual.shape], expected.shape, `${what}: shape`);
  }
  assert.equal(a.length, e.length, `${what}: number of elements`);
  let worst = -1, err = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - e[i]) - rtol * Math.abs(e[i]);
    if (!(d <= atol)) {
      if (worst < 0 || d > err) { worst = i; err = d; }
    }
  }
  if (worst >= 0) assert.fail(`${what}: element ${worst} is ${a[worst]}, PyTorch has ${e[worst]}`);
}
