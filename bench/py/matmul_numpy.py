"""Reference for bench/matmul.bench.ts: float64 matmul GFLOP/s in numpy (OpenBLAS).

Usage: matmul_numpy.py N [seconds]  -> prints {"gflops": median, "best": best, "threads": t, "rss_mb": m}
"""
import json, resource, sys, time
import numpy as np

def main():
    n = int(sys.argv[1])
    secs = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    for _ in range(3):
        a @ b
    reps = max(1, round(2e8 / n ** 3))
    rates = []
    t_end = time.perf_counter() + secs
    while time.perf_counter() < t_end or len(rates) < 5:
        t0 = time.perf_counter()
        for _ in range(reps):
            a @ b
        rates.append(2 * n ** 3 * reps / (time.perf_counter() - t0) / 1e9)
    rates.sort()
    threads = None
    try:
        import ctypes, re
        for lib in sorted(set(re.findall(r"/\S*openblas\S*\.so\S*", open("/proc/self/maps").read()))):
            threads = ctypes.CDLL(lib).openblas_get_num_threads()
            break
    except Exception:
        pass
    print(json.dumps({"gflops": rates[len(rates) // 2], "best": rates[-1], "threads": threads,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))

if __name__ == "__main__":
    main()
