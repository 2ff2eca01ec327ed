#!/usr/bin/env bash
# `epsimo test --junit` read by a real JUnit consumer (Python's junitparser): a
# suite with a passing test, a failing one and one that cannot run, on the
# emulator; the report must hold 3 cases, 1 <failure> and 1 <error>, each with its
# conversation. Usage: bash scripts/test/junit.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. scripts/py-venv.sh
cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > epsimo.yaml <<'YAML'
assistants:
  - name: Helper
    instructions: Echo.
YAML
cat > epsimo.test.yaml <<'YAML'
tests:
  - name: echoes
    assistant: Helper
    turns:
      - user: "hello <&> there"
        expect: [{contains: "hello <&> there"}]
  - name: offers a refund
    assistant: Helper
    turns:
      - user: "my parcel is broken"
        expect: [{contains: "refund"}]
  - name: talks to nobody
    assistant: Nobody
    turns:
      - user: "hi"
YAML
status=0
env -u EPSIMO_API_URL "$root/target/debug/epsimo" test --emulator --junit report.xml >out.txt 2>&1 || status=$?
if [ "$status" -ne 3 ]; then
  cat out.txt
  echo "junit: expected exit 3 (a test could not run: its assistant is not there), got $status" >&2
  exit 1
fi
"$venv/bin/python" - report.xml <<'PY'
import sys
from junitparser import JUnitXml, Failure, Error

xml = JUnitXml.fromfile(sys.argv[1])
cases = [c for suite in xml for c in suite]
by_name = {c.name: c for c in cases}
assert len(cases) == 3, [c.name for c in cases]
assert by_name["echoes"].is_passed, by_name["echoes"].result
assert isinstance(by_name["offers a refund"].result[0], Failure), by_name["offers a refund"].result
assert isinstance(by_name["talks to nobody"].result[0], Error), by_name["talks to nobody"].result
assert "hello <&> there" in by_name["echoes"].system_out, by_name["echoes"].system_out
assert "contains" in by_name["offers a refund"].result[0].message
suite = next(iter(xml))
assert (suite.tests, suite.failures, suite.errors) == (3, 1, 1), (suite.tests, suite.failures, suite.errors)
print("junit: ok (junitparser read 3 cases: 1 passed, 1 failure, 1 error)")
PY
