"""Kernel latency through jupyter_client: start -> first result, and warm per-cell latency.

Usage: kernel_latency.py KERNEL_NAME CELLS CWD [IMPORT_CODE]   (kernelspecs from JUPYTER_PATH)
Prints one JSON line: {"first_cell_s", "first_cell_cpu_s", "cell_median_ms", "cell_cpu_ms",
"cell_p90_ms", and with IMPORT_CODE "import_cell_ms", "imported_cell_median_ms",
"imported_cell_cpu_ms"}. The CPU figures are the kernel process's own user+system time
(from /proc), which a loaded machine disturbs much less than wall-clock time.
"""
import os
import json
import statistics
import sys
import time

from jupyter_client.manager import KernelManager


def run(kc, code):
    """Execute and wait for the reply and the idle status; returns the reply content."""
    mid = kc.execute(code)
    reply = None
    idle = False
    while reply is None or not idle:
        if not idle:
            try:
                msg = kc.get_iopub_msg(timeout=0.005)
                if msg["parent_header"].get("msg_id") == mid and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
            except Exception:
                pass
        if reply is None:
            try:
                msg = kc.get_shell_msg(timeout=0.001)
                if msg["parent_header"].get("msg_id") == mid:
                    reply = msg["content"]
            except Exception:
                pass
    if reply["status"] != "ok":
        raise RuntimeError(f"{code!r} failed: {reply}")
    return reply


def cpu_seconds(pid):
    """User + system CPU time of a process, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cells_timing(kc, pid, n, tag):
    """Median and p90 wall time per trivial cell, and CPU time per cell, over n cells."""
    c0 = cpu_seconds(pid)
    times = []
    for i in range(n):
        t1 = time.perf_counter()
        run(kc, f"{i} * 2 // {tag}")
        times.append((time.perf_counter() - t1) * 1000)
    cpu = (cpu_seconds(pid) - c0) * 1000 / n
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))], cpu


def main():
    name, cells, cwd = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    import_code = sys.argv[4] if len(sys.argv) > 4 else None
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        run(kc, "1 + 1")
        first = time.perf_counter() - t0
        pid = km.provisioner.process.pid
        first_cpu = cpu_seconds(pid)
        for i in range(5):
            run(kc, f"{i} + 1")
        med, p90, cpu = cells_timing(kc, pid, cells, "plain")
        out = {"first_cell_s": first, "first_cell_cpu_s": first_cpu, "cell_median_ms": med, "cell_p90_ms": p90, "cell_cpu_ms": cpu}
        if import_code:
            t1 = time.perf_counter()
            run(kc, import_code)
            out["import_cell_ms"] = (time.perf_counter() - t1) * 1000
            for i in range(3):
                run(kc, f"{i} + 2")
            med, p90, cpu = cells_timing(kc, pid, cells, "imported")
            out.update({"imported_cell_median_ms": med, "imported_cell_cpu_ms": cpu})
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(out))


main()
