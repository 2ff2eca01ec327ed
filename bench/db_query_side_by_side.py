"""`db query --json` of a 20 MB state, two builds side by side in one hyperfine run,
beside curl (docs/performance.md, issue 29).

Usage: python3 bench/db_query_side_by_side.py BEFORE_BIN AFTER_BIN [RUNS]
"""
import json, os, re, subprocess, tempfile, shutil, sys
W = tempfile.mkdtemp()
ENV = {"PATH": os.environ["PATH"], "HOME": W, "EPSIMO_CONFIG_DIR": os.path.join(W, "config"), "NO_COLOR": "1", "EPSIMO_AUTH_STORAGE": "file"}
if len(sys.argv) < 3:
    sys.exit(__doc__)
OLD, NEW = sys.argv[1], sys.argv[2]
def sh(c): return subprocess.run(c, shell=True, check=True, capture_output=True, text=True, env=ENV).stdout
emu = subprocess.Popen([NEW, "emulator", "start", "--port", "0", "--quiet"], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
url = None
for line in emu.stderr:
    m = re.search(r"API:\s+(http://\S+)", line)
    if m: url = m.group(1); break
import threading; threading.Thread(target=lambda: [None for _ in emu.stderr], daemon=True).start()
ENV["EPSIMO_API_URL"] = url
try:
    ENV["EPSIMO_EMAIL"], ENV["EPSIMO_PASSWORD"] = "dev@example.com", "epsimo-dev"
    sh(f"{NEW} auth login"); del ENV["EPSIMO_EMAIL"], ENV["EPSIMO_PASSWORD"]
    pid = sh(f"{NEW} projects create Bench").strip(); ENV["EPSIMO_PROJECT_ID"] = pid
    aid = sh(f"{NEW} assistants create --name Bench").strip()
    creds = json.load(open(os.path.join(W, "config", "credentials.json")))
    ptoken = creds["profiles"][creds.get("active") or "default"]["project_tokens"][pid]["token"]
    tid = sh(f"{NEW} threads create --assistant-id {aid}").strip()
    big = os.path.join(W, "big.json")
    json.dump({"values": {f"key{i}": "x" * 20_000 for i in range(1000)}, "config": {}}, open(big, "w"))
    sh(f"curl -s -X POST -H 'Authorization: Bearer {ptoken}' -H 'Content-Type: application/json' --data-binary @{big} {url}/threads/{tid}/state")
    out = os.path.join(W, "hf.json")
    subprocess.run(["hyperfine", "--shell=sh", "--runs", sys.argv[3] if len(sys.argv) > 3 else "40", "--warmup", "3", "--export-json", out, "--style", "none",
                    f"{OLD} db query --thread-id {tid} --json > /dev/null",
                    f"{NEW} db query --thread-id {tid} --json > /dev/null",
                    f"curl -s -H 'Authorization: Bearer {ptoken}' {url}/threads/{tid}/state > /dev/null"], check=True, env=ENV)
    r = json.load(open(out))["results"]
    med = [x["median"] * 1000 for x in r]
    print(f"before {med[0]:.1f} ms ({med[0]/med[2]:.2f}x curl), after {med[1]:.1f} ms ({med[1]/med[2]:.2f}x curl), curl {med[2]:.1f} ms")
finally:
    emu.terminate(); emu.wait(); shutil.rmtree(W, ignore_errors=True)
