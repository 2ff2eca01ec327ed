# Sourced by the scripts that need Python packages from PyPI: a virtualenv in
# target/py-venv holding the official MCP SDK (`mcp`), `junitparser` and the
# official `openai` package, made on first use. Sets $venv.
venv="$(pwd)/target/py-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import mcp, junitparser, openai' 2>/dev/null; then
  echo "::: installing the Python MCP SDK, junitparser and openai into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'mcp>=1.10,<2' 'junitparser>=3,<5' 'openai>=1.40,<4'
fi
