#!/usr/bin/env bash
# README: the quick-start snippets (Shell, Rust, Python) run exactly as written against a mock
# on 127.0.0.1:8080, as the README tells a newcomer to start it. Python uses the fresh venv
# that scripts/test-python.sh built from the wheel (run that suite first; test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYVENV=$ROOT/target/py-test-venv
[[ -x $PYVENV/bin/python ]] || { echo "test-readme.sh: $PYVENV is missing: run scripts/test-python.sh first"; exit 1; }
[[ -x target/debug/wecom-bot ]] || cargo build -q --locked -p wecom-bot-cli
tmp=$(mktemp -d)
mock_pid=
cleanup() { [[ -n $mock_pid ]] && kill "$mock_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
mkfifo "$tmp/in" "$tmp/out"
target/debug/wecom-bot mock --port 8080 --quiet <"$tmp/in" >"$tmp/out" &
mock_pid=$!
exec 7>"$tmp/in" 8<"$tmp/out"
read -r line <&8 || { echo "test-readme.sh: the mock did not start (is port 8080 taken?)"; exit 1; }
echo "mock: $line"
README_PYTHON=$PYVENV/bin/python python3 scripts/readme_snippets.py
