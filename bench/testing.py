"""`epsimo test` in parallel against sequential, side by side in one run: N one-turn
tests (100; 20 with --quick) against the emulator with 50 ms injected on every
request, with --jobs 8 and with --jobs 1. Target: the parallel wall time at most
0.2 of the sequential one.

Usage: python3 bench/testing.py [--quick]   (bench/testing.sh builds the release binary)
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "epsimo")
QUICK = "--quick" in sys.argv
N = 20 if QUICK else 100


def main():
    work = tempfile.mkdtemp()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EPSIMO_")}
    env.update({"EPSIMO_CONFIG_DIR": os.path.join(work, "config"), "EPSIMO_CACHE_DIR": os.path.join(work, "cache"), "HOME": work, "NO_COLOR": "1"})
    emu = subprocess.Popen([BIN, "emulator", "start", "--port", "0", "--faults", "--quiet", "--thread-max", "1000000"], env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = admin = None
    for line in emu.stderr:
        m = re.search(r"API:\s+(http://127\.0\.0\.1:\d+)", line)
        url = m.group(1) if m else url
        m = re.search(r"Admin token:\s+(\w+)", line)
        if m:
            admin = m.group(1)
            break
    env["EPSIMO_API_URL"] = url

    def fault(method, body=None):
        req = urllib.request.Request(f"{url}/_emulator/faults", method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {admin}", "Content-Type": "application/json"})
        urllib.request.urlopen(req).read()

    try:
        def run(*a, cwd=None):
            return subprocess.run([BIN, *a], env=env, cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()

        login = dict(env, EPSIMO_EMAIL="dev@example.com", EPSIMO_PASSWORD="epsimo-dev")
        subprocess.run([BIN, "auth", "login"], env=login, check=True, capture_output=True)
        pid = run("projects", "create", "Bench tests")
        with open(os.path.join(work, "epsimo.yaml"), "w") as f:
            f.write(f"project_id: {pid}\nassistants:\n  - name: Helper\n    instructions: Echo.\n")
        run("deploy", "-q", cwd=work)
        with open(os.path.join(work, "epsimo.test.yaml"), "w") as f:
            f.write("tests:\n" + "".join(
                f"  - name: test {i}\n    assistant: Helper\n    turns:\n      - user: question {i}\n        expect: [{{contains: \"question {i}\"}}]\n"
                for i in range(N)))
        fault("POST", {"path": "*", "times": 0, "action": "delay", "ms": 50})
        times = {}
        for jobs in (8, 1):
            t0 = time.perf_counter()
            out = run("test", "--jobs", str(jobs), cwd=work)
            times[jobs] = time.perf_counter() - t0
            if f"{N} passed, 0 failed" not in out:
                raise SystemExit(f"--jobs {jobs}: not every test passed:\n{out}")
        fault("DELETE")
    finally:
        emu.terminate()
        emu.wait()
    ratio = times[8] / times[1]
    print(f"{N} one-turn tests, 50 ms injected on every request")
    print("| what | --jobs 8 | --jobs 1 (sequential) | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| epsimo test, {N} tests | {times[8]:.2f} s | {times[1]:.2f} s | {ratio:.2f} | ratio <= 0.2 |")
    if not QUICK and ratio > 0.2:
        raise SystemExit(f"parallel runs took {ratio:.2f} of the sequential time (target 0.2)")


main()
