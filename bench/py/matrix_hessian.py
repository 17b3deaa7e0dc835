"""Reference for the matrix-hessian benchmark: gradient and Hessian of x'Ax and of
||Xw - y||^2 by PyTorch autograd (torch.autograd.grad, torch.autograd.functional.hessian),
timed in the same run as gradlab's derived formulas.

Usage: matrix_hessian.py DIR N   (DIR holds the inputs and gradlab's results as raw
float64 files written by bench/matrix.bench.ts). Prints one JSON line: median times in
ms and the largest differences from gradlab's results.
"""
import json
import os
import sys
import time

import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def load(d, name, shape):
    return torch.from_numpy(np.fromfile(os.path.join(d, name + ".f64"), dtype=np.float64).reshape(shape))


def median_ms(fn, repeats, warmup=1):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    ts.sort()
    return ts[len(ts) // 2]


def main():
    d, n = sys.argv[1], int(sys.argv[2])
    A, x = load(d, "A", (n, n)), load(d, "x", (n,))
    X, w, y = load(d, "X", (n, n)), load(d, "w", (n,)), load(d, "y", (n,))

    def quad(v):
        return v @ A @ v

    def lsq(v):
        r = X @ v - y
        return r @ r

    def grad_of(f, v0):
        v = v0.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(f(v), v)
        return g

    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "n": n}
    results = {}
    for name, f, v0 in (("xAx", quad, x), ("lsq", lsq, w)):
        results["grad_" + name] = grad_of(f, v0)
        out["grad_%s_ms" % name] = median_ms(lambda: grad_of(f, v0), 15, 2)
        results["hess_" + name] = torch.autograd.functional.hessian(f, v0)
        # one row per backward pass: ~20 s for x'Ax at n = 1000, so a single timed call
        out["hess_%s_ms" % name] = median_ms(lambda: torch.autograd.functional.hessian(f, v0), 1, 0)
        out["hess_%s_vectorized_ms" % name] = median_ms(lambda: torch.autograd.functional.hessian(f, v0, vectorize=True), 3)
    for key, shape in (("grad_xAx", (n,)), ("hess_xAx", (n, n)), ("grad_lsq", (n,)), ("hess_lsq", (n, n))):
        ours = load(d, "gradlab_" + key, shape)
        ref = results[key]
        out["maxdiff_" + key] = float((ours - ref).abs().max() / (1 + ref.abs().max()))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
