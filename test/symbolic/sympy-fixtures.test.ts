// Differential test against SymPy: derivatives of 1,000 random expressions (fixtures made by
// scripts/make-sympy-fixtures.py) at sample points, first and second order and mixed partials.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { sym } from "../../lib/symbolic";

interface Case {
  expr: string;
  vars: string[];
  points: Record<string, number>[];
  f: number[];
  d1: number[];
  d2: number[];
  dxy?: number[];
}

const doc = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/sympy/derivatives.json"), "utf8")) as { cases: Case[] };
const REL = 1e-9;

function close(got: number, want: number): boolean {
  return Math.abs(got - want) <= REL * Math.abs(want);
}

test("the fixtures hold at least 1000 expressions", () => {
  assert.ok(doc.cases.length >= 1000, `only ${doc.cases.length} cases`);
});

test("f, df/dx, d2f/dx2 and d2f/dxdy agree with SymPy within 1e-9 relative", () => {
  const failures: string[] = [];
  let checked = 0;
  for (const c of doc.cases) {
    const f = sym.parse(c.expr);
    const d1 = sym.diff(f, "x");
    const d2 = sym.diff(d1, "x");
    const dxy = c.dxy ? sym.diff(d1, "y") : null;
    const s1 = sym.simplify(d1);
    c.points.forEach((p, i) => {
      const checks: [string, number, number][] = [
        ["f", f.evaluate(p), c.f[i]],
        ["d1", d1.evaluate(p), c.d1[i]],
        ["d1 simplified", s1.evaluate(p), c.d1[i]],
        ["d2", d2.evaluate(p), c.d2[i]],
      ];
      if (dxy && c.dxy) checks.push(["dxy", dxy.evaluate(p), c.dxy[i]]);
      for (const [what, got, want] of checks) {
        checked++;
        if (!close(got, want)) failures.push(`${c.expr} at ${JSON.stringify(p)}: ${what} = ${got}, SymPy ${want}`);
      }
    });
  }
  assert.equal(failures.length, 0, `${failures.length} of ${checked} disagree:\n${failures.slice(0, 15).join("\n")}`);
});

test("the compiled function (lambdify) agrees with evaluate on every derivative", () => {
  for (const c of doc.cases.slice(0, 300)) {
    const d1 = sym.diff(sym.parse(c.expr), "x");
    const fn = sym.lambdify(d1, c.vars);
    for (const p of c.points) {
      const got = fn(...c.vars.map((v) => p[v]));
      assert.ok(close(got, d1.evaluate(p)) || got === d1.evaluate(p), `${c.expr}: lambdify ${got} vs evaluate ${d1.evaluate(p)}`);
    }
  }
});
