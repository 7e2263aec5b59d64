#!/usr/bin/env bash
# The outbox's crash test at the issue's scale (issue 13), written to bench/RESULTS-outbox-crash.md:
# the deliverer SIGKILLed at 20 random moments during a 500-alert run and restarted each time,
# over a SQLite file and over a Redis server (appendonly yes), OUTBOX_CRASH_RUNS runs each
# (default 3; scripts/outbox-crash.sh is the test, the outbox suite runs it at 5 kills / 150 alerts).
# Installs redis-server when missing (Debian).
source "$(dirname "$0")/../scripts/lib.sh"
OUT=${BENCH_OUT:-$ROOT/bench/RESULTS-outbox-crash.md}
RUNS=${OUTBOX_CRASH_RUNS:-3}
cargo build -q --locked -p wecom-bot-cli
scratch
start_redis "$tmp" --appendonly yes
port=$REDIS_PORT

lines=()
for run in $(seq "$RUNS"); do
  for store in "sqlite:$tmp/crash-$run.sqlite3" "redis://127.0.0.1:$port/$run"; do
    echo "--- bench/outbox-crash: run $run, ${store%%:*}" >&2
    line=$(scripts/outbox-crash.sh "$store" 20 500 | grep '^crash: ')
    echo "$line" >&2
    lines+=("$line")
  done
done

{
  echo "# The outbox's crash test: figures"
  echo
  echo "Written by \`bench/outbox-crash.sh\` on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD)," \
    "$(nproc) cores, redis-server $(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-) (appendonly yes)."
  echo
  echo "Each run: 4 producer processes enqueue 500 alerts (60–400 bytes, text and markdown in runs)"
  echo "with \`wecom-bot send --queue\` while the deliverer, \`wecom-bot outbox run --lease 1\`, is"
  echo "SIGKILLed 20 times at random moments (0.1–1.6 s after each start) and restarted; then one"
  echo "more runs until the queue is empty. The mock answers every request after 100 ms, at 20"
  echo "per 2 s. Checked: every alert delivered, each producer's alerts first delivered in its"
  echo "order, no 45009, duplicated messages (a delivered message whose alerts were delivered again,"
  echo "however packed the second time: a packed batch counts once) ≤ kills."
  echo
  echo "| store | alerts | kills | messages | duplicated messages | alerts delivered twice | seconds | seed |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for l in "${lines[@]}"; do
    python3 -c '
import re, sys
m = re.match(r"crash: (\w+): (\d+) alerts, (\d+) kills: (\d+) messages, (\d+) duplicated .*?, (\d+) alerts delivered twice; .*; ([\d.]+) s; seed (\d+)", sys.argv[1])
print("| " + " | ".join(m.groups()) + " |")' "$l"
  done
  echo
  echo "A duplicate comes from a kill after the mock took a request and before the store's mark:"
  echo "the next deliverer sends that batch again (at-least-once, as documented). A kill while"
  echo "waiting for the window or for the lease costs nothing but time."
} >"$OUT"
cat "$OUT"
