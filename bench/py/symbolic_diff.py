#!/usr/bin/env python3
"""SymPy reference for bench/symbolic.bench.ts: differentiate, simplify and evaluate the
fixture expressions (test/fixtures/sympy/derivatives.json), one cold pass.

Prints one JSON line: CPU ms per expression for diff, simplify and evaluate, and each
simplified derivative as text (in gradlab's grammar) so sizes are counted by one counter.
An expression whose diff + simplify + evaluate takes more than LIMIT CPU seconds is cut off
there (some run for minutes, e.g. (tanh(2x) - x/16)(sqrt(2x) - (5/x)^3)): it counts
LIMIT seconds (less than SymPy would take, so the ratio errs in SymPy's favour), its result
is null, and `timed_out` lists it.
Usage: /usr/bin/python3 bench/py/symbolic_diff.py [count]
"""
import json
import signal
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

LIMIT = 10.0


class TimedOut(Exception):
    pass


def on_limit(*_):
    raise TimedOut()


signal.signal(signal.SIGPROF, on_limit)
clear_cache()
cpu = time.process_time
t_diff = t_simp = t_eval = 0.0
out = []
timed_out = []
for i, (c, f) in enumerate(zip(cases, exprs)):
    t0 = cpu()
    t1 = t2 = None
    signal.setitimer(signal.ITIMER_PROF, LIMIT)
    try:
        d = sp.diff(f, x)
        t1 = cpu()
        s = sp.simplify(d)
        t2 = cpu()
        for p in c["points"]:
            float(s.evalf(subs={x: p["x"], y: p.get("y", 0.0)}))
        t3 = cpu()
    except TimedOut:
        # charge the limit to the phase that was running
        t3 = t0 + LIMIT
        t1 = t1 if t1 is not None else t3
        t2 = t2 if t2 is not None else t3
        timed_out.append(i)
        s = None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    t_diff += t1 - t0
    t_simp += t2 - t1
    t_eval += t3 - t2
    out.append(None if s is None else str(s).replace("**", "^").replace("Abs(", "abs(").replace("E", "e"))
n = len(cases)
print(json.dumps({
    "count": n, "sympy": sp.__version__,
    "diff_ms": 1e3 * t_diff / n, "simplify_ms": 1e3 * t_simp / n, "evaluate_ms": 1e3 * t_eval / n,
    "total_ms": 1e3 * (t_diff + t_simp + t_eval) / n, "results": out,
    "limit_s": LIMIT, "timed_out": timed_out,
}))
