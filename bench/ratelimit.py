#!/usr/bin/env python3
"""Deploys on a free tier: N assistants against an emulator that allows 10 requests
a second per token. Wall time is compared with the ideal (requests / rate); the
429s the server sent are counted. Run through bench/ratelimit.sh."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

QUICK = "--quick" in sys.argv
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "epsimo")
RATE = 10
WORK = tempfile.mkdtemp(prefix="epsimo-bench-rate-")
ENV = {"PATH": os.environ["PATH"], "HOME": WORK, "EPSIMO_CONFIG_DIR": os.path.join(WORK, "config"), "NO_COLOR": "1"}

emu = subprocess.Popen([BIN, "emulator", "start", "--port", "0", "--faults", "--quiet", "--rate-limit", f"{RATE}/s"],
                       env=ENV, stderr=subprocess.PIPE, text=True)
url = admin = None
for line in emu.stderr:
    m = re.search(r"API:\s+(\S+)", line)
    if m:
        url = m.group(1)
    m = re.search(r"Admin token:\s+(\w+)", line)
    if m:
        admin = m.group(1)
        break


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, env=ENV, **kw).stdout


def log():
    out = subprocess.run(["curl", "-s", "-H", f"Authorization: Bearer {admin}", f"{url}/_emulator/requests"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def clear():
    subprocess.run(["curl", "-s", "-X", "DELETE", "-H", f"Authorization: Bearer {admin}", f"{url}/_emulator/requests"],
                   check=True, capture_output=True)


ENV["EPSIMO_API_URL"] = url
rows = []
try:
    ENV["EPSIMO_EMAIL"], ENV["EPSIMO_PASSWORD"] = "dev@example.com", "epsimo-dev"
    sh(BIN, "auth", "login")
    del ENV["EPSIMO_EMAIL"], ENV["EPSIMO_PASSWORD"]
    for n in ([20] if QUICK else [100, 300]):
        d = tempfile.mkdtemp(dir=WORK)
        pid = sh(BIN, "projects", "create", f"Tier{n}").strip()
        with open(os.path.join(d, "epsimo.yaml"), "w") as f:
            f.write(f"project_id: {pid}\nassistants:\n" + "".join(f"  - name: A{i:04}\n" for i in range(n)))
        time.sleep(1.1)  # a fresh window
        clear()
        t0 = time.perf_counter()
        subprocess.run([BIN, "deploy", "-q"], cwd=d, env=ENV, check=True, capture_output=True)
        wall = time.perf_counter() - t0
        entries = log()
        requests = len(entries)
        refused = sum(1 for e in entries if e.get("status") == 429)
        created = sum(1 for e in entries if e["method"] == "POST" and e["path"] == "/assistants/" and e.get("status") == 200)
        if created != n:
            sys.exit(f"deploy of {n} created {created}")
        # The ideal: every request the deploy needed, at the rate the server allows
        # (the first window is already open when the deploy starts).
        ideal = (requests - refused - 1) / RATE
        rows.append((n, requests, refused, wall, ideal, wall / ideal if ideal else 0.0))
finally:
    emu.terminate()
    emu.wait()
    shutil.rmtree(WORK, ignore_errors=True)

print(f"| assistants | requests | 429s | wall s | ideal s (requests / {RATE} per s) | ratio |")
print("|---|---|---|---|---|---|")
for n, req, refused, wall, ideal, ratio in rows:
    print(f"| {n} | {req} | {refused} | {wall:.2f} | {ideal:.2f} | {ratio:.2f} |")
if not QUICK:
    worst = max(r[5] for r in rows)
    if worst > 1.15:
        sys.exit(f"a deploy took {worst:.2f} times the ideal (target: at most 1.15)")
