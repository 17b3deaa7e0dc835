/**
 * `gradlab matdiff`: one line in matrixcalculus.org's notation that parses back, its
 * layout named in a trailing comment; errors and exit codes.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../kernel/cli";
import { mat } from "../../lib/matrix";
import { assertSameValue } from "./util";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const w1 = process.stdout.write, w2 = process.stderr.write;
  process.stdout.write = ((s: string) => { out += s; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
  try {
    const code = await main(["matdiff", ...args]);
    return { code, out, err };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

describe("gradlab matdiff", () => {
  it("prints one line that parses back, naming the layout", async () => {
    const shapes = "A:3x4,X:4x5,B:5x3";
    const r = await run("tr(A*X*B)", "--wrt", "X", "--shapes", shapes);
    assert.equal(r.code, 0);
    assert.equal(r.out, "A'*B'    # ∂f/∂X, denominator layout, 4×5\n");
    assertSameValue(mat.parse(r.out, shapes), mat.parse("A'*B'", shapes), "re-parsed");
  });

  it("--layout numerator transposes; vector functions give Jacobians", async () => {
    const r = await run("x'*A*x", "--wrt", "x", "--shapes", "A:3x3,x:3", "--layout", "numerator");
    assert.equal(r.out, "x'*(A + A')    # ∂f/∂x, numerator layout, 1×3\n");
    const j = await run("A*x", "--wrt=x", "--shapes=A:2x3,x:3", "--layout=numerator");
    assert.equal(j.out, "A    # ∂y/∂x, numerator layout, 2×3\n");
    const k = await run("A*x", "--wrt", "x", "--shapes", "A:2x3,x:3");
    assert.equal(k.out, "A'    # ∂y/∂x, denominator layout, 3×2\n");
  });

  it("--hessian, --latex, --steps, --verify", async () => {
    const h = await run("norm2(X*w - y)^2", "--wrt", "w", "--shapes", "X:5x3,w:3,y:5", "--hessian");
    assert.equal(h.out, "2*X'*X    # ∂²f/∂w∂wᵀ, denominator layout, 3×3\n");
    const l = await run("a'*X*b", "--wrt", "X", "--shapes", "a:3,X:3x4,b:4", "--latex");
    assert.equal(l.out, "a {b}^{\\top}    % ∂f/∂X, denominator layout, 3×4\n");
    const s = await run("a'*X*b", "--wrt", "X", "--shapes", "a:3,X:3x4,b:4", "--steps");
    const lines = s.out.trimEnd().split("\n");
    assert.ok(lines.length >= 5);
    assert.ok(lines.slice(0, -1).every((x) => x.startsWith("# ")), "steps are comment lines");
    assert.match(s.out, /cyclic property/);
    assert.equal(lines[lines.length - 1], "a*b'    # ∂f/∂X, denominator layout, 3×4");
    const v = await run("logdet(X)", "--wrt", "X", "--shapes", "X:3x3", "--verify");
    assert.equal(v.code, 0);
    assert.match(v.out, /# PASS/);
  });

  it("errors: parse errors with a caret (1), bad options (2)", async () => {
    const p = await run("tr(A*X*B", "--wrt", "X", "--shapes", "A:2x3,X:3x4,B:4x2");
    assert.equal(p.code, 1);
    assert.match(p.err, /cannot parse the expression: expected '\)' to close 'tr\(', found the end of the input\n  tr\(A\*X\*B\n {10}\^/);
    const s = await run("A*X", "--wrt", "X", "--shapes", "A:3x4,X:3x4");
    assert.equal(s.code, 1);
    assert.match(s.err, /A \(3×4\) \* X \(3×4\): inner dimensions 4 and 3 differ/);
    const d = await run("A*X", "--wrt", "X", "--shapes", "A:2x3,X:3x4");
    assert.equal(d.code, 1);
    assert.match(d.err, /order 4 with no matrix form/);
    assert.equal((await run("tr(X)", "--shapes", "X:2x2")).code, 2);
    assert.equal((await run("tr(X)", "--wrt", "X", "--layout", "sideways")).code, 2);
    assert.equal((await run("tr(X)", "--wrt", "X", "--frobnicate")).code, 2);
  });
});
