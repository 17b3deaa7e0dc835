#!/usr/bin/python3
"""PyTorch reference for bench/transforms.bench.ts (jacobian-100): prints one JSON line.

f(x) = tanh(W x + b) * x for x in R^100, with W, b, x given by closed formulas so that
gradlab builds the same inputs; timed with torch.autograd.functional.jacobian(vectorize=True)
in reverse mode (its default) and forward mode.
"""
import json
import math
import sys
import time

import torch
from torch.autograd.functional import jacobian

torch.set_num_threads(2)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100

W = torch.tensor([[math.sin(i * N + j) / 10 for j in range(N)] for i in range(N)], dtype=torch.float64)
b = torch.tensor([math.cos(i) for i in range(N)], dtype=torch.float64)
x = torch.tensor([math.sin(0.3 * i) for i in range(N)], dtype=torch.float64)


def f(x):
    return torch.tanh(W @ x + b) * x


def timeit(fn, min_s=0.4, batches=7):
    for _ in range(3):
        fn()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t0 >= min_s / batches or n >= 1 << 24:
            break
        n *= 2
    per = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        per.append((time.perf_counter() - t0) / n * 1e6)
    per.sort()
    return per[len(per) // 2]


import warnings

warnings.filterwarnings("ignore")
J = jacobian(f, x, vectorize=True)
out = {
    "rev_us": timeit(lambda: jacobian(f, x, vectorize=True)),
    "fwd_us": timeit(lambda: jacobian(f, x, vectorize=True, strategy="forward-mode")),
    "sum": float(J.sum()),
    "abs_sum": float(J.abs().sum()),
    "torch": torch.__version__,
}
print(json.dumps(out))
