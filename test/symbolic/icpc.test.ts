// The ICPC problem (article 08): the sample, the article's table, hand-checked cases, rounding,
// and the `gradlab icpc` / `gradlab diff` commands (exit codes, one-line errors with the column).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";
import { sym } from "../../lib/symbolic";

test("the sample: ln(x)+x at 0.5 -> 3.00", () => {
  assert.deepEqual(sym.icpc("1\nln(x)+x\n0.5\n").map((c) => c.output), ["3.00"]);
});

test("half-up rounding from the exact derivative", () => {
  assert.equal(sym.roundHalfUp(0.125), "0.13"); // ties-to-even would print 0.12
  assert.equal(sym.roundHalfUp(1.005), "1.01");
  assert.equal(sym.roundHalfUp(-0.125), "-0.13");
  assert.equal(sym.roundHalfUp(-0.001), "0.00"); // never -0.00
  assert.equal(sym.roundHalfUp(2.675), "2.68");
  assert.equal(sym.roundHalfUp(0.124999), "0.12");
});

test("hand-checked cases (exact derivatives worked by hand, evaluated here)", () => {
  const L = Math.log;
  const cases: [string, number, number][] = [
    // article 08's table
    ["ln(x)+x", 0.5, 3], ["x", 3, 1], ["x-ln(x)", 2, 0.5], ["ln(x+x)", 1, 1], ["ln(ln(x))", 3, 1 / (3 * L(3))],
    ["ln(x)-x", 0.25, 3], ["ln(ln(x)+x)", 1, 2], ["ln(x+x+x)-ln(x)", 7.5, 0], ["ln(ln(ln(x)))", 20, 1 / (20 * L(20) * L(L(20)))], ["ln(x)", 8, 0.125],
    // more of the 3-rule grammar
    ["x+x", 1, 2], ["x-x", 4, 0], ["x+x-x", 2, 1], ["ln(x)+ln(x)", 2, 1], ["ln(x+x)-x", 0.5, 1], ["ln(ln(x)-x+x+x)", 2, (1 / 2 + 1) / (L(2) + 2)],
    ["ln(x)-ln(x)", 5, 0], ["ln(x+ln(x))", 1, 2], ["x-ln(x)-ln(x)", 4, 0.5], ["ln(x)-ln(ln(x))", 3, 1 / 3 - 1 / (3 * L(3))],
    // the superset grammar
    ["2x", 1, 2], ["x^2", 1.5, 3], ["3x^2-2x", 2, 10], ["sin(x)", 0, 1], ["cos(x)", 0, 0], ["exp(x)", 0, 1], ["x*ln(x)", 1, 1],
    ["1/x", 2, -0.25], ["sqrt(x)", 4, 0.25], ["2(x+1)^2", 1, 8], ["x^3-3x", 1, 0], ["e^x", 1, Math.E], ["ln(x^2)", 2, 1],
    ["x/(x+1)", 1, 0.25], ["log(2, x)", 1, 1 / L(2)], ["3sin(x)", Math.PI, -3],
  ];
  assert.ok(cases.length >= 30);
  for (const [s, a, exact] of cases) {
    const [c] = sym.icpc(`1\n${s}\n${a}\n`);
    assert.equal(c.error, null, s);
    assert.equal(c.output, sym.roundHalfUp(exact), `${s} at ${a}`);
    assert.ok(Math.abs(c.derivative!.evaluate({ x: a }) - exact) < 1e-12, `${s}: exact value`);
  }
  assert.equal(sym.icpc("1\nln(x+x+x)-ln(x)\n7.5\n")[0].output, "0.00");
  assert.equal(sym.icpc("1\nln(ln(ln(x)))\n20\n")[0].output, "0.02");
});

test("bad cases get a one-line error and the others are answered", () => {
  const out = sym.icpc("4\nln(x))\n1\nln(x)\n8\nln(x)\n0\nx+y\n1\n");
  assert.deepEqual(out.map((c) => c.output), [null, "0.13", null, null]);
  assert.match(out[0].error!, /unexpected '\)' at column 6/);
  assert.match(out[2].error!, /not defined/);
  assert.match(out[3].error!, /unknown variable 'y'/);
  assert.match(sym.icpc("2\nx\n1\n")[1].error!, /ended before case 2/);
});

const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "-e", "require('./kernel/cli').main(process.argv.slice(1)).then((c) => process.exit(c))", ...args], {
    cwd: path.join(__dirname, "../.."), input, encoding: "utf8",
  });

test("gradlab icpc reads stdin, prints one line per case, exits 1 on a bad case", () => {
  const ok = cli(["icpc"], "1\nln(x)+x\n0.5\n");
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, "3.00\n");
  const bad = cli(["icpc"], "3\nln(x)+x\n0.5\nsin(x\n1\nln(x)\n8\n");
  assert.equal(bad.status, 1);
  assert.equal(bad.stdout, "3.00\nerror\n0.13\n");
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  assert.match(bad.stderr, /case 2: expected '\)' but the input ended at column 6: sin\(x/);
});

test("gradlab diff prints the simplified derivative, its value, steps and errors", () => {
  const r = cli(["diff", "ln(x)+x", "--at", "0.5"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "1/x + 1\nat x = 0.5: 3\n");
  assert.equal(cli(["diff", "x^2*y^3", "--wrt", "y", "--order", "2"]).stdout, "6*x^2*y\n");
  assert.match(cli(["diff", "x^2", "--latex"]).stdout, /^2 x\n$/);
  assert.match(cli(["diff", "x^2 sin(x)", "--steps"]).stdout, /product rule/);
  const bad = cli(["diff", "2*(x+1))"]);
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr, "gradlab diff: unexpected ')' at column 8: 2*(x+1))\n");
  assert.equal(cli(["diff"]).status, 2);
});
