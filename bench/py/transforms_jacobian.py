#!/usr/bin/python3
"""PyTorch reference for bench/transforms.bench.ts (jacobian-100): prints one JSON line.

f(x) = tanh(W x + b) * x for x in R^100, with W, b, x given by closed formulas so that
gradlab builds the same inputs; timed with torch.autograd.functional.jacobian(vectorize=True)
in reverse mode (its default) and forward mode.
"""
import json
import math
import sys

import torch

from timing import timeit
from torch.autograd.functional import jacobian

torch.set_num_threads(2)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100

W = torch.tensor([[math.sin(i * N + j) / 10 for j in range(N)] for i in range(N)], dtype=torch.float64)
b = torch.tensor([math.cos(i) for i in range(N)], dtype=torch.float64)
x = torch.tensor([math.sin(0.3 * i) for i in range(N)], dtype=torch.float64)


def f(x):
    return torch.tanh(W @ x + b) * x


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
