#!/usr/bin/env python3
"""Differential-test fixtures for gradlab's symbolic engine, made with SymPy.

Run with Debian's Python (python3-sympy):  /usr/bin/python3 scripts/make-sympy-fixtures.py
Writes test/fixtures/sympy/derivatives.json: random expressions in gradlab's grammar, the
variables, SymPy's first derivative (as text), and at sample points the values of f,
df/dx, d2f/dx2 (and d2f/dxdy when y occurs), evaluated with 30-digit arithmetic.

A point is kept only when every value is real and finite, of moderate size, and
well conditioned (a float64 evaluation of SymPy's own formula agrees to 1e-11), so a
1e-9 relative comparison judges the derivative and not round-off.
"""
import json
import math
import random
import sys
from pathlib import Path

import sympy as sp

SEED = 11
COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "sympy" / "derivatives.json"

x, y = sp.symbols("x y", real=True)


def sigmoid(u):
    return 1 / (1 + sp.exp(-u))


def _sigmoid(v):
    return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))


UNARY = [
    # (gradlab name, sympy function, float function, weight)
    ("sin", sp.sin, math.sin, 4), ("cos", sp.cos, math.cos, 4), ("tan", sp.tan, math.tan, 1), ("exp", sp.exp, math.exp, 4),
    ("ln", sp.log, math.log, 3), ("sqrt", sp.sqrt, math.sqrt, 2), ("atan", sp.atan, math.atan, 1), ("asin", sp.asin, math.asin, 1),
    ("acos", sp.acos, math.acos, 1), ("sinh", sp.sinh, math.sinh, 1), ("cosh", sp.cosh, math.cosh, 1), ("tanh", sp.tanh, math.tanh, 1),
    ("abs", sp.Abs, abs, 1), ("sigmoid", sigmoid, _sigmoid, 1),
]
UNARY_W = [w for *_, w in UNARY]


def wrap(s):
    """Parenthesize unless s is a name, a number or one function call."""
    if s.isidentifier() or s.replace(".", "").isdigit():
        return s
    head = s.split("(", 1)[0]
    if head.isalpha() and s.endswith(")"):
        depth = 0
        for i, c in enumerate(s):
            depth += c == "("
            depth -= c == ")"
            if depth == 0 and i >= len(head) and i < len(s) - 1:
                return f"({s})"
        return s
    return f"({s})"


def is_sum(s):
    """True when s has a + or - outside parentheses (a sum, to wrap before * or /)."""
    depth = 0
    for i, c in enumerate(s):
        depth += c == "("
        depth -= c == ")"
        if depth == 0 and c in "+-" and i > 0:
            return True
    return False


def leaf(rng, use_y):
    r = rng.random()
    if r < 0.55 or (r < 0.7 and not use_y):
        return "x", x, lambda env: env["x"]
    if r < 0.7:
        return "y", y, lambda env: env["y"]
    if r < 0.95:
        k = rng.randint(1, 5)
        return str(k), sp.Integer(k), lambda env: float(k)
    if r < 0.98:
        return "pi", sp.pi, lambda env: math.pi
    return "1/2", sp.Rational(1, 2), lambda env: 0.5


def gen(rng, depth, use_y):
    """A random expression as (gradlab text, SymPy expression, float function of env).

    The float function evaluates the text as written (math raises on ln of a negative
    number, as gradlab gives NaN), since SymPy may rewrite exp(ln(u)) to u on its own.
    """
    if depth == 0 or rng.random() < 0.2:
        return leaf(rng, use_y)
    r = rng.random()
    if r < 0.3:
        name, f, ff, _ = rng.choices(UNARY, UNARY_W)[0]
        s, e, g = gen(rng, depth - 1, use_y)
        return f"{name}({s})", f(e), lambda env: ff(g(env))
    if r < 0.4:
        # integer, negative and fractional powers; a^u with a constant base
        s, e, g = gen(rng, depth - 1, use_y)
        k = rng.choice([2, 2, 3, 4, -1, -2, "1/2", "3/2", "u"])
        if k == "u":
            b = rng.choice([2, 3])
            return f"{b}^{wrap(s)}", sp.Integer(b) ** e, lambda env: math.pow(b, g(env))
        kk = sp.Rational(k)
        kf = float(kk)
        text = f"{wrap(s)}^({k})" if isinstance(k, str) or k < 0 else f"{wrap(s)}^{k}"
        return text, e ** kk, lambda env: math.pow(g(env), kf)
    if r < 0.43:
        s, e, g = gen(rng, depth - 1, use_y)
        b = rng.choice([2, 10])
        return f"log({b}, {s})", sp.log(e) / sp.log(b), lambda env: math.log(g(env)) / math.log(b)
    a_s, a, ga = gen(rng, depth - 1, use_y)
    b_s, b, gb = gen(rng, depth - 1, use_y)
    op = rng.choice(["+", "-", "*", "*", "/"])
    if op == "*" and a_s.isdigit() and b_s[0].isalpha() and wrap(b_s) == b_s and rng.random() < 0.5:
        return f"{a_s}{b_s}", a * b, lambda env: ga(env) * gb(env)  # implicit multiplication: 3x, 2sin(x)
    e = {"+": a + b, "-": a - b, "*": a * b, "/": a / b}[op]
    fl = {
        "+": lambda env: ga(env) + gb(env), "-": lambda env: ga(env) - gb(env),
        "*": lambda env: ga(env) * gb(env), "/": lambda env: ga(env) / gb(env),
    }[op]
    if op == "+":
        return f"{a_s} + {b_s}", e, fl
    if op == "-":
        return f"{a_s} - {wrap(b_s)}", e, fl
    left = wrap(a_s) if is_sum(a_s) else a_s
    return f"{left} {op} {wrap(b_s)}", e, fl


def value(e, env):
    try:
        v = e.evalf(30, subs=env)
    except (ZeroDivisionError, ValueError, OverflowError, TypeError):
        return None
    if not v.is_number:
        return None
    if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    re_, im_ = v.as_real_imag()
    try:
        if abs(float(im_)) > 1e-25:
            return None
        f = float(re_)
    except TypeError:
        return None
    return f if math.isfinite(f) else None


def well_conditioned(e, env, ref):
    extra = {"sign": lambda v: float((v > 0) - (v < 0)), "DiracDelta": lambda *a: 0.0, "Heaviside": lambda v, h=0.5: float(v > 0)}
    fn = sp.lambdify([x, y], e, [extra, "math"])
    try:
        v = fn(env[x], env.get(y, 0.0))
    except (ValueError, ZeroDivisionError, OverflowError, TypeError, NameError):
        return False
    if isinstance(v, complex) or not math.isfinite(v):
        return False
    return abs(v - ref) <= 1e-11 * abs(ref)


def make_case(rng):
    use_y = rng.random() < 0.25
    s, f, ff = gen(rng, rng.randint(2, 4), use_y)
    if not f.has(x) or len(s) > 120 or f.has(sp.zoo, sp.nan):
        return None
    syms = sorted(str(v) for v in f.free_symbols)
    d1 = sp.diff(f, x)
    d2 = sp.diff(d1, x)
    dxy = sp.diff(d1, y) if "y" in syms else None
    if d1 == 0:
        return None
    points, vals = [], {"f": [], "d1": [], "d2": [], "dxy": []}
    for _ in range(30):
        if len(points) == 3:
            break
        env = {x: sp.Float(round(rng.uniform(-2.5, 2.5), 3), 30)}
        if "y" in syms:
            env[y] = sp.Float(round(rng.uniform(-2.5, 2.5), 3), 30)
        got = {}
        for k, e in (("f", f), ("d1", d1), ("d2", d2), ("dxy", dxy)):
            if e is None:
                continue
            v = value(e, env)
            if v is None or not (1e-6 <= abs(v) <= 1e6) or not well_conditioned(e, {x: float(env[x]), y: float(env.get(y, 0))}, v):
                got = None
                break
            got[k] = v
        if got is None:
            continue
        try:
            as_written = ff({"x": float(env[x]), "y": float(env.get(y, 0))})
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        if not abs(as_written - got["f"]) <= 1e-11 * abs(got["f"]):
            continue
        points.append({str(k): float(v) for k, v in env.items()})
        for k, v in got.items():
            vals[k].append(v)
    if len(points) < 3:
        return None
    case = {"expr": s, "vars": syms, "sympy_d1": str(d1).replace("**", "^"), "points": points, "f": vals["f"], "d1": vals["d1"], "d2": vals["d2"]}
    if dxy is not None:
        case["dxy"] = vals["dxy"]
    return case


def main():
    rng = random.Random(SEED)
    cases, seen = [], set()
    while len(cases) < COUNT:
        c = make_case(rng)
        if c is None or c["expr"] in seen:
            continue
        seen.add(c["expr"])
        cases.append(c)
        if len(cases) % 100 == 0:
            print(f"{len(cases)} cases", file=sys.stderr)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "about": "made by scripts/make-sympy-fixtures.py; values at 30 digits, rounded to float64",
        "sympy": sp.__version__,
        "seed": SEED,
        "cases": cases,
    }
    body = ",\n".join(json.dumps(c) for c in cases)
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"})[:-1]
    OUT.write_text(f'{head}, "cases": [\n{body}\n]}}\n')
    print(f"wrote {OUT} ({len(cases)} cases)", file=sys.stderr)


if __name__ == "__main__":
    main()
