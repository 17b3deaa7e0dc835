#!/usr/bin/python3
"""PyTorch references for bench/autograd.bench.ts: prints one JSON line of µs per iteration."""
import json

import torch

from timing import timeit

torch.set_num_threads(2)


x = torch.randn(10, dtype=torch.float64, requires_grad=True)


def overhead():
    y = torch.sin(2 * x + 1).sum()
    y.backward()


s = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)


def chain():
    y = s
    for i in range(10000):
        y = y * 1.0001 if i % 2 else y + 0.0001
    y.backward()


print(json.dumps({"overhead_us": timeit(overhead), "chain_us": timeit(chain, min_s=2.0, batches=5), "torch": torch.__version__}))
