// 100,000 random strings through sym.parse: each gives an expression or a ParseError, never
// another exception (and never a hang: the test has a time budget).
import { test } from "node:test";
import assert from "node:assert/strict";
import { sym, ParseError } from "../../lib/symbolic";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tokens = ["x", "y", "2", "0", "1.5", "3e2", "e", "pi", "+", "-", "*", "/", "^", "**", "(", ")", "(", ")", ",", "|", " ", "sin", "ln", "log", "exp", "sqrt", "abs", "sigmoid", "max", "Integral", ".", "e-", "1e", "×", "−", "$", "f", "x2", "9^9^9", "0^-1", "_u"];

test("100,000 random strings parse or raise ParseError", () => {
  const r = rng(2024);
  let ok = 0;
  let errors = 0;
  for (let i = 0; i < 100000; i++) {
    const n = 1 + Math.floor(r() * 14);
    let s = "";
    for (let j = 0; j < n; j++) s += r() < 0.1 ? String.fromCharCode(32 + Math.floor(r() * 95)) : tokens[Math.floor(r() * tokens.length)];
    try {
      const e = sym.parse(s);
      // what parses also prints, re-parses, and evaluates to a number (possibly NaN)
      const text = e.toString();
      assert.equal(typeof e.toLatex(), "string");
      const back = sym.parse(text);
      if (back !== e) {
        // floats (from inf and nan arithmetic) print as decimals, which parse exact: compare values
        const env = Object.fromEntries(e.freeSymbols().map((v) => [v, 0.37]));
        const [a, b] = [e.evaluate(env), back.evaluate(env)];
        if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-12 * Math.abs(a))) {
          assert.fail(`round trip: ${JSON.stringify(s)} -> ${text} -> ${back.toString()} (${a} vs ${b})`);
        }
      }
      ok++;
    } catch (err) {
      if (!(err instanceof ParseError)) assert.fail(`${JSON.stringify(s)} threw ${(err as Error).stack}`);
      errors++;
    }
  }
  assert.equal(ok + errors, 100000);
  assert.ok(ok > 5000 && errors > 5000, `both outcomes should occur (ok ${ok}, errors ${errors})`);
});
