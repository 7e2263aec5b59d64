#!/usr/bin/env bash
# Soak: runs the mock's connection regression test (mock/tests/connections.rs) RUNS times in a
# row (default 30) and prints how many runs passed. Too long for CI, which runs it once with
# the other mock tests; the result of the last full run is in mock/soak/RESULTS.md.
#   mock/soak/connections.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-30}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo test -q --locked -p wecom-bot-mock --test connections --no-run 2>"$log" || { cat "$log"; exit 1; }
passed=0
for i in $(seq 1 "$runs"); do
    if cargo test -q --locked -p wecom-bot-mock --test connections >"$log" 2>&1; then
        passed=$((passed + 1))
    else
        echo "run $i failed:"
        cat "$log"
    fi
done
echo "connections soak: $passed of $runs runs passed"
[ "$passed" -eq "$runs" ]
