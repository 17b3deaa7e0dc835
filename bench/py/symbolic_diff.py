#!/usr/bin/env python3
"""SymPy reference for bench/symbolic.bench.ts: differentiate, simplify and evaluate the
fixture expressions (test/fixtures/sympy/derivatives.json), one cold pass.

Prints one JSON line: CPU ms per expression for diff, simplify and evaluate, and each
simplified derivative as text (in gradlab's grammar) so sizes are counted by one counter.
Usage: /usr/bin/python3 bench/py/symbolic_diff.py [count]
"""
import json
import sys
import time
from pathlib import Path

import sympy as sp
from sympy.core.cache import clear_cache
from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication_application, parse_expr,
                                        standard_transformations)

ROOT = Path(__file__).resolve().parents[2]
cases = json.loads((ROOT / "test/fixtures/sympy/derivatives.json").read_text())["cases"]
if len(sys.argv) > 1:
    cases = cases[: int(sys.argv[1])]

x, y = sp.symbols("x y", real=True)
local = {
    "x": x, "y": y, "ln": sp.log, "abs": sp.Abs, "pi": sp.pi, "e": sp.E,
    "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),
    "log": lambda a, b=None: sp.log(a) if b is None else sp.log(b) / sp.log(a),
}
T = standard_transformations + (implicit_multiplication_application, convert_xor)
exprs = [parse_expr(c["expr"], local_dict=local, transformations=T) for c in cases]

clear_cache()
cpu = time.process_time
t_diff = t_simp = t_eval = 0.0
out = []
for c, f in zip(cases, exprs):
    t0 = cpu()
    d = sp.diff(f, x)
    t1 = cpu()
    s = sp.simplify(d)
    t2 = cpu()
    for p in c["points"]:
        float(s.evalf(subs={x: p["x"], y: p.get("y", 0.0)}))
    t3 = cpu()
    t_diff += t1 - t0
    t_simp += t2 - t1
    t_eval += t3 - t2
    out.append(str(s).replace("**", "^").replace("Abs(", "abs(").replace("E", "e"))
n = len(cases)
print(json.dumps({
    "count": n, "sympy": sp.__version__,
    "diff_ms": 1e3 * t_diff / n, "simplify_ms": 1e3 * t_simp / n, "evaluate_ms": 1e3 * t_eval / n,
    "total_ms": 1e3 * (t_diff + t_simp + t_eval) / n, "results": out,
}))
