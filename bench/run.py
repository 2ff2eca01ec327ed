#!/usr/bin/env python3
"""The measurements behind docs/performance.md; run through bench/run.sh."""
import atexit
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

QUICK = "--quick" in sys.argv
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "epsimo")
WORK = tempfile.mkdtemp(prefix="epsimo-bench-")
atexit.register(shutil.rmtree, WORK, ignore_errors=True)  # it holds a 20 MB state
RUNS = 3 if QUICK else 30
ENV = {
    "PATH": os.environ["PATH"],
    "HOME": WORK,
    "EPSIMO_CONFIG_DIR": os.path.join(WORK, "config"),
    "NO_COLOR": "1",
}
rows = []  # (what, epsimo, baseline, ratio text, target text)


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, capture_output=True, text=True, env=ENV, **kw).stdout


def hyperfine(commands, prepare=None, runs=RUNS):
    out = os.path.join(WORK, "hf.json")
    args = ["hyperfine", "-N" if not any(c for c in commands if any(x in c for x in "|>$<")) and not prepare else "--shell=sh",
            "--runs", str(runs), "--warmup", "1" if QUICK else "3", "--export-json", out, "--style", "none"]
    if prepare:
        args += ["--prepare", prepare]
    subprocess.run(args + commands, check=True, env=ENV, capture_output=True)
    with open(out) as f:
        return json.load(f)["results"]


def med_ms(r):
    return statistics.median(r["times"]) * 1000


def row(what, ours, base, target=""):
    ratio = f"{ours / base:.2f}" if base else ""
    rows.append((what, f"{ours:.1f} ms", f"{base:.1f} ms" if base else "", ratio, target))


# ---- the emulator --------------------------------------------------------------------
emu = subprocess.Popen([BIN, "emulator", "start", "--port", "0", "--faults", "--thread-max", "1000000"], env=ENV,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
url = None
admin = None
for line in emu.stderr:
    m = re.search(r"API:\s+(http://127\.0\.0\.1:\d+)", line)
    if m:
        url = m.group(1)
    m = re.search(r"Admin token:\s+(\w+)", line)
    if m:
        admin = m.group(1)
        break
# The admin endpoints want the token the banner printed.
ADMIN = f"-H 'Authorization: Bearer {admin}'"
ENV["EPSIMO_API_URL"] = url
# Tokens in the file, where this script reads the project token (not a keychain).
ENV["EPSIMO_AUTH_STORAGE"] = "file"
try:
    ENV["EPSIMO_EMAIL"], ENV["EPSIMO_PASSWORD"] = "dev@example.com", "epsimo-dev"
    sh(f"{BIN} auth login")
    del ENV["EPSIMO_EMAIL"], ENV["EPSIMO_PASSWORD"]
    token = sh(f"{BIN} auth token").strip()
    pid = sh(f"{BIN} projects create Bench").strip()
    ENV["EPSIMO_PROJECT_ID"] = pid
    aid = sh(f"{BIN} assistants create --name Bench").strip()
    creds = json.load(open(os.path.join(WORK, "config", "credentials.json")))
    # The login went to the active profile (`local`: the emulator is on this machine).
    profile = creds.get("active") or "default"
    ptoken = creds["profiles"][profile]["project_tokens"][pid]["token"]

    # ---- start-up ---------------------------------------------------------------------
    r = hyperfine([f"{BIN} --version", f"{BIN} --help", "python3 -c 'import requests, yaml'"])
    version, helptext, python = (med_ms(x) for x in r)
    row("start-up: --version vs python3 -c 'import requests, yaml'", version, python, "< 5 ms; >= 30x faster")
    row("start-up: --help", helptext, 0, "< 5 ms")

    # ---- one request --------------------------------------------------------------------
    r = hyperfine([f"{BIN} projects --json", f"curl -s -H 'Authorization: Bearer {token}' {url}/projects/"])
    row("one request: projects --json vs curl", med_ms(r[0]), med_ms(r[1]), "ratio <= 1.5")
    r = hyperfine([f"{BIN} assistants --json", f"curl -s -H 'Authorization: Bearer {ptoken}' {url}/assistants/"])
    row("project-scoped list, cached project token, vs curl", med_ms(r[0]), med_ms(r[1]), "ratio <= 1.5")

    # ---- completion ---------------------------------------------------------------------
    r = hyperfine([f"sh -c 'COMPLETE=fish {BIN} -- epsimo threads --project-id \"\" >/dev/null'"])
    row("dynamic completion of --project-id", med_ms(r[0]), 0, "< 50 ms")

    # ---- streaming ----------------------------------------------------------------------
    tid_file = os.path.join(WORK, "tid")
    prepare = f"{BIN} threads create --assistant-id {aid} > {tid_file}"
    sizes = [1000] if QUICK else [1000, 5000, 20000]
    cpu = []
    for n in sizes:
        payload = os.path.join(WORK, f"run-{n}.json")
        curl = (f"curl -sN -X POST -H 'Authorization: Bearer {ptoken}' -H 'Content-Type: application/json' "
                f"-d \"{{\\\"thread_id\\\": \\\"$(cat {tid_file})\\\", \\\"assistant_id\\\": \\\"{aid}\\\", "
                f"\\\"input\\\": [{{\\\"type\\\": \\\"human\\\", \\\"content\\\": \\\"/long {n}\\\"}}]}}\" {url}/runs/stream > /dev/null")
        ours = f"{BIN} threads run $(cat {tid_file}) --message '/long {n}' > /dev/null"
        runs = RUNS if n <= 5000 else max(3, RUNS // 6)
        r = hyperfine([ours, curl], prepare=prepare, runs=runs)
        sh(prepare)
        wire = int(sh(curl.replace("> /dev/null", "| wc -c")).strip())
        user_sys = r[0]["user"] + r[0]["system"]
        cpu.append((n, wire, user_sys))
        row(f"stream of {n} tokens to /dev/null vs curl -N", med_ms(r[0]), med_ms(r[1]), "ratio <= 1.5" if n == 5000 else "")
    # ---- deploy scaling -----------------------------------------------------------------
    deploy_rows = []
    # Each deploy goes to the project its epsimo.yaml names, a fresh one per size:
    # EPSIMO_PROJECT_ID would win over the manifest (and be warned about).
    deploy_env = {k: v for k, v in ENV.items() if k != "EPSIMO_PROJECT_ID"}
    for n in ([1, 10] if QUICK else [1, 10, 100]):
        d = tempfile.mkdtemp(dir=WORK)
        p = sh(f"{BIN} projects create Deploy{n}").strip()
        sh(f"{BIN} api /assistants/ --project-id {p}")  # caches the project token
        with open(os.path.join(d, "epsimo.yaml"), "w") as f:
            f.write(f"project_id: {p}\nassistants:\n" + "".join(f"  - name: A{i}\n    tools: [retrieval]\n" for i in range(n)))
        sh(f"curl -s {ADMIN} -X DELETE {url}/_emulator/requests")
        sh(f"curl -s {ADMIN} -X POST {url}/_emulator/faults -d '{{\"path\": \"*\", \"times\": 0, \"action\": \"delay\", \"ms\": 20}}'")
        t0 = time.perf_counter()
        subprocess.run([BIN, "deploy", "-q"], cwd=d, env=deploy_env, check=True, capture_output=True)
        wall = time.perf_counter() - t0
        requests = len(json.loads(sh(f"curl -s {ADMIN} {url}/_emulator/requests")))
        sh(f"curl -s {ADMIN} -X DELETE {url}/_emulator/requests")
        subprocess.run([BIN, "deploy", "-q"], cwd=d, env=deploy_env, check=True, capture_output=True)
        noop = [f"{x['method']} {x['path']}" for x in json.loads(sh(f"curl -s {ADMIN} {url}/_emulator/requests"))]
        sh(f"curl -s {ADMIN} -X DELETE {url}/_emulator/faults")
        # The plan's requests: one list, one create per assistant, and the list again
        # that checks for duplicates a concurrent deploy made; 20 ms each.
        if requests != n + 2:
            sys.exit(f"deploy of {n} sent {requests} requests, not the plan's {n + 2}")
        sequential = (n + 2) * 0.020
        deploy_rows.append((n, wall, sequential, requests, noop))
        row(f"deploy {n} assistants, 20 ms latency per request", wall * 1000, sequential * 1000,
            "ratio <= 0.35 at 100 (baseline: the sequential sum)")
    # ---- a large database ---------------------------------------------------------------
    mb = 2 if QUICK else 20
    tid = sh(f"{BIN} threads create --assistant-id {aid}").strip()
    big = os.path.join(WORK, "big.json")
    with open(big, "w") as f:
        json.dump({"values": {f"key{i}": "x" * 20_000 for i in range(mb * 50)}, "config": {}}, f)
    sh(f"curl -s -X POST -H 'Authorization: Bearer {ptoken}' -H 'Content-Type: application/json' --data-binary @{big} {url}/threads/{tid}/state")
    size = int(sh(f"curl -s -H 'Authorization: Bearer {ptoken}' {url}/threads/{tid}/state | wc -c").strip())
    r = hyperfine([f"{BIN} db query --thread-id {tid} --json > /dev/null",
                   f"curl -s -H 'Authorization: Bearer {ptoken}' {url}/threads/{tid}/state > /dev/null"],
                  runs=RUNS)
    row(f"db query --json of a {size / 1e6:.0f} MB state vs curl", med_ms(r[0]), med_ms(r[1]), "ratio <= 1.5")
    rss = subprocess.run(["/usr/bin/time", "-f", "%M", BIN, "db", "query", "--thread-id", tid, "--json"],
                         env=ENV, check=True, capture_output=True, text=True).stderr.strip().splitlines()[-1]
    peak = int(rss) * 1024
finally:
    emu.terminate()
    emu.wait()

size_mb = os.path.getsize(BIN) / 1e6
print(f"\nepsimo {sh(BIN + ' --version').split()[-1]} on {os.cpu_count()} cores; runs per case: {RUNS}{' (quick)' if QUICK else ''}\n")
print("| what | epsimo | baseline | ratio | target |")
print("| --- | --- | --- | --- | --- |")
for r in rows:
    print("| " + " | ".join(r) + " |")
print("\nStreaming CPU (user + system) against the bytes on the wire (the format repeats cumulative content):")
print("| tokens | wire bytes | CPU s | CPU ns per wire byte |")
print("| --- | --- | --- | --- |")
for n, wire, c in cpu:
    print(f"| {n} | {wire} | {c:.3f} | {c / wire * 1e9:.1f} |")
print("\nDeploy scaling (20 ms injected per request):")
print("| assistants | requests logged | wall s | sequential s | ratio | no-op redeploy requests |")
print("| --- | --- | --- | --- | --- | --- |")
for n, wall, seq, req, noop in deploy_rows:
    print(f"| {n} | {req} | {wall:.2f} | {seq:.2f} | {wall / seq:.2f} | {len(noop)}: {', '.join(noop)} |")
print(f"\nLarge database: peak RSS of `db query --json` {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB state ({peak / size:.2f}x the payload; target <= 3x)")
print(f"Release binary: {size_mb:.1f} MB; `cargo build --release` in this run: {os.environ.get('EPSIMO_BENCH_BUILD_SECONDS', '?')} s")
