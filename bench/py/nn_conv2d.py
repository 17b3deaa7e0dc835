"""Reference for bench/nn.bench.ts: the UFLDL convolution layer in PyTorch float64,
forward + backward (weight and bias gradients), batch 256, 1x28x28 -> 20x20x20, 9x9 kernels.

Usage: nn_conv2d.py [seconds] -> prints {"ms": median ms per forward+backward, "peak_rss_mb": m}
"""
import json, resource, sys, time
import torch

def main():
    secs = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    torch.manual_seed(0)
    torch.set_default_dtype(torch.float64)
    x = torch.rand(256, 1, 28, 28)
    conv = torch.nn.Conv2d(1, 20, 9)
    g = torch.randn(256, 20, 20, 20)

    def step():
        conv.zero_grad()
        (conv(x) * g).sum().backward()

    for _ in range(3):
        step()
    times = []
    t_end = time.perf_counter() + secs
    while time.perf_counter() < t_end or len(times) < 5:
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(json.dumps({"ms": times[len(times) // 2], "threads": torch.get_num_threads(),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))

if __name__ == "__main__":
    main()
