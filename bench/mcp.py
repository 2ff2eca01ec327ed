"""`epsimo mcp` measured side by side with the CLI, in one run, against the emulator:

1. cold start: spawn `epsimo mcp`, `initialize`, `tools/list`, answer read (target:
   median under 20 ms);
2. a run: the same one-message run on the same thread through a cold `epsimo mcp`
   (spawn, initialize, `tools/call run_assistant`) and through `epsimo threads run
   --json` (target: at most 1.2 times), and through a warm session (one process, a
   call per run), alternating.

Usage: python3 bench/mcp.py [--quick] (bench/mcp.sh builds the release binary first).
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "epsimo")
QUICK = "--quick" in sys.argv
N = 5 if QUICK else 30


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rpc(id_, method, params=None):
    m = {"jsonrpc": "2.0", "method": method}
    if id_ is not None:
        m["id"] = id_
    if params is not None:
        m["params"] = params
    return (json.dumps(m) + "\n").encode()


INIT = rpc(1, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}) + rpc(None, "notifications/initialized")


def session(env):
    return subprocess.Popen([BIN, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)


def answer(p, id_):
    while True:
        line = p.stdout.readline()
        if not line:
            raise SystemExit(f"epsimo mcp ended before answering {id_}")
        m = json.loads(line)
        if m.get("id") == id_:
            if "error" in m or m.get("result", {}).get("isError"):
                raise SystemExit(f"error: {m}")
            return m


def cold(env, request):
    t = time.perf_counter()
    p = session(env)
    p.stdin.write(INIT + request)
    p.stdin.flush()
    answer(p, 1)
    answer(p, 2)
    elapsed = time.perf_counter() - t
    p.stdin.close()
    p.wait()
    return elapsed


def cli_run(env, thread):
    t = time.perf_counter()
    subprocess.run([BIN, "threads", "run", thread, "--message", "bench", "--json"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def ms(x):
    return f"{x * 1000:.1f} ms"


def main():
    if not os.path.exists(BIN):
        raise SystemExit("build first: cargo build --release (bench/mcp.sh does)")
    work = tempfile.mkdtemp()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EPSIMO_")}
    env.update({
        "EPSIMO_API_URL": f"http://127.0.0.1:{port}",
        "EPSIMO_CONFIG_DIR": os.path.join(work, "config"),
        "EPSIMO_CACHE_DIR": os.path.join(work, "cache"),
        "HOME": work,
        "NO_COLOR": "1",
    })
    emu = subprocess.Popen([BIN, "emulator", "start", "--port", str(port), "--quiet"], env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        login = dict(env, EPSIMO_EMAIL="dev@example.com", EPSIMO_PASSWORD="epsimo-dev")
        subprocess.run([BIN, "auth", "login"], env=login, check=True, stderr=subprocess.DEVNULL)
        out = lambda *a: subprocess.run([BIN, *a], env=env, check=True, capture_output=True, text=True).stdout.strip()
        env["EPSIMO_PROJECT_ID"] = out("projects", "create", "Bench")
        out("assistants", "create", "--name", "Helper")
        thread = out("threads", "create", "--assistant", "Helper")
        # Warm the caches both sides use (project token, schema) once.
        cli_run(env, thread)

        listing = rpc(2, "tools/list")
        cold(env, listing)
        starts = sorted(cold(env, listing) for _ in range(N))

        call = rpc(2, "tools/call", {"name": "run_assistant", "arguments": {"message": "bench", "thread": thread}})
        cli, mcp_cold, mcp_warm = [], [], []
        warm = session(env)
        warm.stdin.write(INIT)
        warm.stdin.flush()
        answer(warm, 1)
        for i in range(N):
            cli.append(cli_run(env, thread))
            mcp_cold.append(cold(env, call))
            t = time.perf_counter()
            warm.stdin.write(rpc(100 + i, "tools/call", {"name": "run_assistant", "arguments": {"message": "bench", "thread": thread}}))
            warm.stdin.flush()
            answer(warm, 100 + i)
            mcp_warm.append(time.perf_counter() - t)
        warm.stdin.close()
        warm.wait()
    finally:
        emu.terminate()
        emu.wait()

    start_median = statistics.median(starts)
    p90 = starts[int(len(starts) * 0.9) - 1] if len(starts) >= 10 else starts[-1]
    c, mc, mw = (statistics.median(x) for x in (cli, mcp_cold, mcp_warm))
    print(f"{N} runs each, alternating")
    print("| what | epsimo mcp | baseline | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| cold start: spawn, initialize, tools/list (p90 {ms(p90)}) | {ms(start_median)} |  |  | median < 20 ms |")
    print(f"| run_assistant, cold process vs `threads run --json` | {ms(mc)} | {ms(c)} | {mc / c:.2f} | ratio <= 1.2 |")
    print(f"| run_assistant, warm session vs `threads run --json` | {ms(mw)} | {ms(c)} | {mw / c:.2f} |  |")
    if QUICK:
        return
    failed = []
    if start_median >= 0.020:
        failed.append(f"cold start median {ms(start_median)} >= 20 ms")
    if mc / c > 1.2:
        failed.append(f"run overhead {mc / c:.2f} > 1.2")
    if failed:
        raise SystemExit("; ".join(failed))


main()
