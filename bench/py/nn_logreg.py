"""Reference for bench/nn.bench.ts: 200 iterations of logistic-regression gradient descent
on 10,000 x 100 synthetic float64 data (two Gaussian blobs), with autograd, in PyTorch.

Usage: nn_logreg.py DATA [iterations] -> prints {"seconds": s, "loss": final loss, "peak_rss_mb": m}
DATA (written by the benchmark): a JSON header line {"n": n, "d": d}, then float64 X (n x d)
and float64 y (n), little-endian, so both sides fit the same data and end at the same loss.
"""
import json, resource, sys, time
import numpy as np
import torch

def main():
    path = sys.argv[1]
    iters = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    torch.set_default_dtype(torch.float64)
    with open(path, "rb") as f:
        head = json.loads(f.readline())
        n, d = head["n"], head["d"]
        X = torch.from_numpy(np.frombuffer(f.read(8 * n * d), dtype="<f8").reshape(n, d).copy())
        y = torch.from_numpy(np.frombuffer(f.read(8 * n), dtype="<f8").copy())
    w = torch.zeros(d, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    lr = 0.5

    def run(k):
        for _ in range(k):
            p = torch.sigmoid(X @ w + b)
            loss = torch.nn.functional.binary_cross_entropy(p, y)
            gw, gb = torch.autograd.grad(loss, [w, b])
            with torch.no_grad():
                w.sub_(lr * gw)
                b.sub_(lr * gb)
        return loss.item()

    run(5)
    t0 = time.perf_counter()
    loss = run(iters)
    secs = time.perf_counter() - t0
    print(json.dumps({"seconds": secs, "loss": loss, "threads": torch.get_num_threads(),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))

if __name__ == "__main__":
    main()
