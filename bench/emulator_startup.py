#!/usr/bin/env python3
"""Time from starting `epsimo emulator start --port 0` to its first answered request.

Usage: python3 bench/emulator_startup.py [BINARY] [RUNS]
Prints the median, p90 and max over RUNS runs (default 30) and compares the median
with the 100 ms target. It is a measurement, not a test: it never fails on time.
"""
import http.client
import os
import re
import statistics
import subprocess
import sys
import time

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/epsimo"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
env = {"PATH": os.environ.get("PATH", "")}
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [binary, "emulator", "start", "--port", "0"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    port = None
    for raw in proc.stderr:
        m = re.search(rb"API:\s+http://127\.0\.0\.1:(\d+)", raw)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        proc.kill()
        sys.exit("the emulator printed no URL")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/health")
    status = conn.getresponse().status
    t1 = time.perf_counter()
    conn.close()
    proc.terminate()
    proc.wait(timeout=5)
    proc.stderr.close()
    if status != 200:
        sys.exit(f"/health answered {status}")
    times.append((t1 - t0) * 1000)

times.sort()
median = statistics.median(times)
p90 = times[int(len(times) * 0.9) - 1]
print(f"emulator start to first answer over {runs} runs: "
      f"median {median:.1f} ms, p90 {p90:.1f} ms, max {times[-1]:.1f} ms "
      f"(target: median < 100 ms: {'met' if median < 100 else 'MISSED'})")
