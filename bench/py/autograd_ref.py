#!/usr/bin/python3
"""PyTorch references for bench/autograd.bench.ts: prints one JSON line of µs per iteration."""
import json
import time

import torch

torch.set_num_threads(2)


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
