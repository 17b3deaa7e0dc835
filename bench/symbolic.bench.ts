/**
 * symbolic-diff: differentiate, simplify and evaluate the 1,000 SymPy fixture expressions,
 * against SymPy (`sympy.diff` + `simplify` + `evalf`) in the same run: CPU time per expression
 * and the size of the simplified results (one node counter, gradlab's, for both: SymPy's
 * text is parsed by sym.parse). Set SYMBOLIC_BENCH_N to use fewer expressions.
 */
import * as fs from "fs";
import * as path from "path";
import type { Benchmark } from "./harness";
import { python } from "./harness";
import type { Expr } from "../lib/symbolic";
// the built package, as users load it (under tsx every import would go through a getter)
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { sym } = require("../dist/lib/symbolic") as typeof import("../lib/symbolic");

interface Case {
  expr: string;
  points: Record<string, number>[];
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export const benchmarks: Benchmark[] = [
  {
    name: "symbolic-diff",
    unit: "ms/expr",
    run() {
      const all = (JSON.parse(fs.readFileSync(path.join(__dirname, "../test/fixtures/sympy/derivatives.json"), "utf8")) as { cases: Case[] }).cases;
      const n = Number(process.env.SYMBOLIC_BENCH_N ?? all.length);
      const cases = all.slice(0, n);
      const exprs = cases.map((c) => sym.parse(c.expr));
      // warm the JIT on renamed copies (x -> z): same code paths, no cached results for the measured pass
      for (const e of exprs) {
        const d = sym.simplify(sym.diff(e.subs({ x: "z" }), "z"));
        d.evaluate({ z: 0.5, y: 0.5 });
      }
      let tDiff = 0;
      let tSimp = 0;
      let tEval = 0;
      const results: Expr[] = [];
      cases.forEach((c, i) => {
        const t0 = cpuMs();
        const d = sym.diff(exprs[i], "x");
        const t1 = cpuMs();
        const s = sym.simplify(d);
        const t2 = cpuMs();
        for (const p of c.points) s.evaluate({ y: 0, ...p });
        tEval += cpuMs() - t2;
        tDiff += t1 - t0;
        tSimp += t2 - t1;
        results.push(s);
      });
      const ours = (tDiff + tSimp + tEval) / n;
      const ref = python<{
        total_ms: number; diff_ms: number; simplify_ms: number; evaluate_ms: number; results: (string | null)[]; sympy: string; limit_s: number; timed_out: number[];
      }>("symbolic_diff.py", [String(n)]);
      let noLarger = 0;
      let compared = 0;
      const ratios: number[] = [];
      if (ref) {
        ref.results.forEach((text, i) => {
          if (text === null) return; // SymPy hit the time limit: no result to compare
          let theirs: Expr;
          try {
            theirs = sym.parse(text);
          } catch {
            return; // a SymPy form outside the grammar (Piecewise…): not compared
          }
          compared++;
          const a = results[i].size();
          const b = theirs.size();
          ratios.push(a / b);
          if (a <= b) noLarger++;
        });
      }
      ratios.sort((a, b) => a - b);
      return {
        gradlab: ours,
        reference: ref ? ref.total_ms : null,
        referenceName: ref ? `SymPy ${ref.sympy}` : "SymPy",
        higherIsBetter: false,
        extra: {
          expressions: n,
          gradlabMs: { diff: tDiff / n, simplify: tSimp / n, evaluate: tEval / n },
          sympyMs: ref ? { diff: ref.diff_ms, simplify: ref.simplify_ms, evaluate: ref.evaluate_ms } : null,
          sympyTimeLimitS: ref?.limit_s ?? null,
          sympyTimedOut: ref ? ref.timed_out.map((i) => cases[i].expr) : null,
          sizeCompared: compared,
          noLargerThanSympy: compared ? noLarger / compared : null,
          medianSizeRatio: ratios.length ? ratios[Math.floor(ratios.length / 2)] : null,
        },
      };
    },
  },
];
