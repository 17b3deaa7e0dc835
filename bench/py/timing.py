"""Timing shared by the Python references of the benchmarks."""
import time


def timeit(fn, min_s=0.4, batches=7):
    """Median µs per call of fn: 3 warm-up calls, then `batches` batches of n calls each,
    n doubled until a batch lasts min_s / batches (as the TypeScript harness times)."""
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
