"""The load the emulator holds, measured side by side in one run (docs/performance.md,
"The emulator under load"):

1. N concurrent streaming runs (500; 50 with --quick), each on its own thread:
   every one must end with `end` and the echo of its own message. Throughput,
   p50 and p99 time to the first `data` event, and the emulator's peak memory.
2. A store of T threads of 50 messages each (10,000; 500 with --quick), made by
   `emulator start --import` from a generated export: a project of 20 threads
   listed (`GET /threads/`) on it, beside the same list on an emulator whose store
   holds nothing else (target: within 2x); and the whole project of T listed.
3. The cost of one state write (a message appended) as a thread grows: median
   milliseconds per write at 10, 100 and 1,000 messages, in memory and with
   `--data FILE` (the file and its journal written as the emulator goes), with the
   bytes each write adds to the data file's journal.

Usage: python3 bench/load.py [--quick]   (bench/run.sh or `cargo build --release` first)
"""

import copy
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("EPSIMO_BENCH_BIN") or os.path.join(ROOT, "target", "release", "epsimo")
QUICK = "--quick" in sys.argv
RUNS = 50 if QUICK else 500
THREADS = 500 if QUICK else 10_000
MESSAGES = 50


def start(work, *extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EPSIMO_")}
    env.update({"HOME": work, "EPSIMO_CONFIG_DIR": os.path.join(work, "config"), "NO_COLOR": "1"})
    emu = subprocess.Popen(
        [BIN, "emulator", "start", "--port", "0", "--faults", "--quiet", "--thread-max", "10000000", *extra],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = admin = None
    for line in emu.stderr:
        m = re.search(r"API:\s+http://(127\.0\.0\.1):(\d+)", line)
        if m:
            url = (m.group(1), int(m.group(2)))
        m = re.search(r"Admin token:\s+(\w+)", line)
        if m:
            admin = m.group(1)
            break
    if url is None:
        sys.exit("the emulator did not start")
    # Keep reading its stderr so it never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in emu.stderr], daemon=True).start()
    return emu, url, admin


def call(url, method, path, token=None, body=None):
    c = http.client.HTTPConnection(*url, timeout=120)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    c.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {data[:200]!r}")
    return json.loads(data) if data else None


def setup(url):
    login = call(url, "POST", "/auth/login", body={"email": "dev@example.com", "password": "epsimo-dev"})
    user = login.get("access_token") or login.get("token")
    project = call(url, "POST", "/projects/", user, {"name": f"load-{uuid.uuid4().hex[:6]}"})
    pid = project["project_id"]
    full = call(url, "GET", f"/projects/{pid}", user)
    pt = full.get("access_token") or full.get("token")
    assistant = call(url, "POST", "/assistants/", pt, {"name": "Echo", "config": {"configurable": {
        "type": "agent", "type==agent/agent_type": "GPT 4o Mini", "type==agent/system_message": "x",
        "type==agent/tools": []}}})
    return user, pid, pt, assistant["assistant_id"]


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def concurrent_runs(work):
    emu, url, _ = start(work)
    try:
        _, _, pt, aid = setup(url)
        threads = [call(url, "POST", "/threads/", pt, {"name": f"t{i}", "assistant_id": aid})["thread_id"]
                   for i in range(RUNS)]
        results = [None] * RUNS
        gate = threading.Barrier(RUNS + 1)

        def one(i):
            message = f"hello number {i}"
            body = json.dumps({"thread_id": threads[i], "assistant_id": aid,
                               "input": [{"type": "human", "content": message}]})
            c = http.client.HTTPConnection(*url, timeout=300)
            gate.wait()
            t0 = time.perf_counter()
            c.request("POST", "/runs/stream", body=body,
                      headers={"Authorization": f"Bearer {pt}", "Content-Type": "application/json"})
            r = c.getresponse()
            first = None
            ended = False
            last_data = ""
            while True:
                line = r.readline()
                if not line:
                    break
                if line.startswith(b"data:") and first is None:
                    first = time.perf_counter() - t0
                if line.startswith(b"data:"):
                    last_data = line.decode()
                if line.startswith(b"event: end"):
                    ended = True
            c.close()
            total = time.perf_counter() - t0
            results[i] = (first, total, ended and f"You said: {message}" in last_data)

        workers = [threading.Thread(target=one, args=(i,)) for i in range(RUNS)]
        for w in workers:
            w.start()
        gate.wait()
        t0 = time.perf_counter()
        for w in workers:
            w.join()
        wall = time.perf_counter() - t0
        ok = sum(1 for r in results if r and r[2])
        firsts = sorted(r[0] for r in results if r and r[0] is not None)
        p50 = statistics.median(firsts) * 1000
        p99 = firsts[min(len(firsts) - 1, int(len(firsts) * 0.99))] * 1000
        return {"runs": RUNS, "complete_and_correct": ok, "wall_s": wall, "runs_per_s": RUNS / wall,
                "ttfe_p50_ms": p50, "ttfe_p99_ms": p99, "peak_mib": peak_kib(emu.pid) / 1024}
    finally:
        emu.terminate()
        emu.wait()


def many_threads(work):
    # An export of one project with an assistant and one thread, then T copies of
    # that thread with 50 messages each, imported.
    emu, url, admin = start(work)
    try:
        _, pid, pt, aid = setup(url)
        tid = call(url, "POST", "/threads/", pt, {"name": "template", "assistant_id": aid})["thread_id"]
        call(url, "POST", f"/threads/{tid}/state", pt, {"values": {"note": 1}})
        c = http.client.HTTPConnection(*url, timeout=60)
        c.request("GET", "/_emulator/export", headers={"Authorization": f"Bearer {admin}"})
        bundle = json.loads(c.getresponse().read())
    finally:
        emu.terminate()
        emu.wait()
    template = next(t for t in bundle["threads"] if t["thread_id"] == tid)
    messages = [{"type": "human" if i % 2 == 0 else "ai", "content": f"message {i} " + "x" * 80,
                 "id": str(uuid.uuid4())} for i in range(MESSAGES)]
    out = os.path.join(work, "import")
    for kind in ["users", "projects", "assistants", "files", "threads"]:
        os.makedirs(os.path.join(out, kind))
    with open(os.path.join(out, "epsimo-emulator.json"), "w") as f:
        json.dump({"format": bundle["format"], "version": bundle["version"], "seq": bundle["seq"] + THREADS}, f)
    for kind, key in [("users", "user_id"), ("projects", "project_id"), ("assistants", "assistant_id")]:
        for r in bundle[kind]:
            with open(os.path.join(out, kind, r[key] + ".json"), "w") as f:
                json.dump(r, f)
    for i in range(THREADS):
        t = copy.copy(template)
        t["thread_id"] = str(uuid.uuid4())
        t["name"] = f"thread {i}"
        t["seq"] = bundle["seq"] + i + 1
        t["values"] = {"messages": messages, "note": i}
        t["history"] = []
        t["history_sizes"] = []
        with open(os.path.join(out, "threads", t["thread_id"] + ".json"), "w") as f:
            json.dump(t, f)
    def twenty(url, user):
        # A project of 20 threads: its token.
        p = call(url, "POST", "/projects/", user, {"name": "twenty"})["project_id"]
        full = call(url, "GET", f"/projects/{p}", user)
        token = full.get("access_token") or full.get("token")
        a = call(url, "POST", "/assistants/", token, {"name": "Echo", "config": {"configurable": {
            "type": "agent", "type==agent/agent_type": "GPT 4o Mini", "type==agent/system_message": "x",
            "type==agent/tools": []}}})["assistant_id"]
        for i in range(20):
            call(url, "POST", "/threads/", token, {"name": f"t{i}", "assistant_id": a})
        return token

    def median_ms(url, token):
        samples = []
        for _ in range(10 if QUICK else 30):
            t0 = time.perf_counter()
            call(url, "GET", "/threads/", token)
            samples.append(time.perf_counter() - t0)
        return statistics.median(samples) * 1000

    def login(url):
        answer = call(url, "POST", "/auth/login", body={"email": "dev@example.com", "password": "epsimo-dev"})
        return answer.get("access_token") or answer.get("token")

    empty_emu, empty_url, _ = start(work)
    t0 = time.perf_counter()
    emu, url, _ = start(work, "--import", out)
    started = time.perf_counter() - t0
    try:
        user = login(url)
        full = call(url, "GET", f"/projects/{pid}", user)
        big = full.get("access_token") or full.get("token")
        listed = call(url, "GET", "/threads/", big)
        if len(listed) != THREADS:
            sys.exit(f"the list holds {len(listed)} threads, not {THREADS}")
        small_on_big = twenty(url, user)
        small_on_empty = twenty(empty_url, login(empty_url))
        on_big, on_empty = [], []
        for _ in range(3):
            on_big.append(median_ms(url, small_on_big))
            on_empty.append(median_ms(empty_url, small_on_empty))
        big_ms = median_ms(url, big)
        one = listed[len(listed) // 2]["thread_id"]
        t0 = time.perf_counter()
        state = call(url, "GET", f"/threads/{one}/state", big)
        read_one = time.perf_counter() - t0
        assert len(state["values"]["messages"]) == MESSAGES
        a, b = statistics.median(on_big), statistics.median(on_empty)
        return {"threads": THREADS, "messages_each": MESSAGES, "import_start_s": started,
                "list20_ms": a, "list20_empty_ms": b, "ratio": a / b, "whole_list_ms": big_ms,
                "one_state_ms": read_one * 1000, "peak_mib": peak_kib(emu.pid) / 1024}
    finally:
        for e in (emu, empty_emu):
            e.terminate()
            e.wait()


def write_cost(work, data=False):
    path = os.path.join(work, "write-cost.json")
    emu, url, _ = start(work, *(["--data", path] if data else []))
    journal = path + ".journal"
    try:
        _, _, pt, aid = setup(url)
        tid = call(url, "POST", "/threads/", pt, {"name": "growing", "assistant_id": aid})["thread_id"]
        sizes = [10, 100] if QUICK else [10, 100, 1000]
        out = {}
        count = 0
        for size in sizes:
            while count < size - 5:
                call(url, "POST", f"/threads/{tid}/state", pt,
                     {"values": {"messages": [{"type": "human", "content": f"m{count}", "id": str(uuid.uuid4())}]}})
                count += 1
            samples = []
            grown = []
            for _ in range(10):
                before = os.path.getsize(journal) if os.path.exists(journal) else 0
                t0 = time.perf_counter()
                call(url, "POST", f"/threads/{tid}/state", pt,
                     {"values": {"messages": [{"type": "human", "content": f"m{count}", "id": str(uuid.uuid4())}]}})
                samples.append(time.perf_counter() - t0)
                if os.path.exists(journal):
                    grown.append(os.path.getsize(journal) - before)
                count += 1
            out[size] = (statistics.median(samples) * 1000, statistics.median(grown) if grown else None)
        return out
    finally:
        emu.terminate()
        emu.wait()


def main():
    work = tempfile.mkdtemp(prefix="epsimo-load-")
    try:
        runs = concurrent_runs(work)
        listing = many_threads(work)
        writes = write_cost(work)
        data_writes = write_cost(work, data=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nThe emulator under load ({os.cpu_count()} cores{', quick' if QUICK else ''}):\n")
    print("| concurrent streaming runs | complete and correct | wall s | runs/s | first event p50 ms | p99 ms | peak MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {runs['runs']} | {runs['complete_and_correct']} | {runs['wall_s']:.2f} | {runs['runs_per_s']:.0f} | "
          f"{runs['ttfe_p50_ms']:.1f} | {runs['ttfe_p99_ms']:.1f} | {runs['peak_mib']:.0f} |")
    print()
    print("| store: threads x messages | import and start s | 20 threads listed, ms | the same on an empty store, ms | ratio | the whole project listed, ms | one state read, ms | peak MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {listing['threads']} x {listing['messages_each']} | {listing['import_start_s']:.1f} | {listing['list20_ms']:.2f} | "
          f"{listing['list20_empty_ms']:.2f} | {listing['ratio']:.2f} | {listing['whole_list_ms']:.1f} | {listing['one_state_ms']:.1f} | {listing['peak_mib']:.0f} |")
    print()
    print("| messages in the thread | ms per state write, in memory | with --data | journal bytes per write |")
    print("| --- | --- | --- | --- |")
    for size, (ms, _) in writes.items():
        data_ms, grown = data_writes[size]
        # A file written whole (no journal: an older build) has no journal bytes.
        print(f"| {size} | {ms:.2f} | {data_ms:.2f} | {grown if grown is not None else 'no journal'} |")
    if runs["complete_and_correct"] != runs["runs"]:
        sys.exit(f"{runs['runs'] - runs['complete_and_correct']} runs did not complete correctly")


if __name__ == "__main__":
    main()
