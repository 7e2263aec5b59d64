#!/usr/bin/env bash
# The shared quota's figures (issue 12), written to bench/RESULTS-stores.md:
#   1. the store work of one message (reserve a slot, stamp it) per store — the in-process
#      window (memory), a SQLite file, a Redis server on loopback — median and p99 in µs, from
#      the release build of the core (an ignored test, core/src/store/bench.rs);
#   2. delivery time against the minimum for the multi-process runs of scripts/test-stores.sh
#      (4 processes × 30 invocations on the default SQLite store; 3 network namespaces × 2
#      processes on one Redis; mock and clients at 20 per 2 s, so the minimum for 120 messages
#      is (⌈120/20⌉ − 1) × 2 s = 10 s; process start-up of 120 invocations included).
# Installs redis-server when missing (Debian). Needs root for the namespaces (as the tests do).
#   WECOM_BENCH_RESERVATIONS=5000 (default) — calls measured per store
source "$(dirname "$0")/../scripts/lib.sh"
OUT=${BENCH_OUT:-$ROOT/bench/RESULTS-stores.md}
scratch
start_redis "$tmp"
port=$REDIS_PORT

load_start=$(cut -d' ' -f1 /proc/loadavg)
step "reservation cost per store (release build)"
WECOM_BOT_TEST_REDIS=redis://127.0.0.1:$port/0 cargo test -q --release --locked -p wecom-bot --lib \
  store::bench -- --ignored --nocapture --test-threads 1 >"$tmp/cost.txt"
grep '^|' "$tmp/cost.txt" >"$tmp/table.md"
cat "$tmp/table.md"

step "delivery time of the multi-process runs (scripts/test-stores.sh)"
workspace_built
scripts/test-stores.sh >"$tmp/stores.log" 2>&1 || { tail -30 "$tmp/stores.log"; exit 1; }
sqlite_s=$(sed -n 's/^120 messages in \([0-9.]*\) s.*/\1/p' "$tmp/stores.log")
redis_s=$(sed -n 's/^120 messages from 3 hosts in \([0-9.]*\) s.*/\1/p' "$tmp/stores.log")
[[ -n $sqlite_s && -n $redis_s ]] || { echo "no times in the stores log"; tail -30 "$tmp/stores.log"; exit 1; }

{
  echo "# The shared quota: figures"
  echo
  echo "Written by \`bench/stores.sh\` on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD)," \
    "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the end, redis-server $(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-)."
  echo "The machine is shared with other engineers' builds and tests: every figure below was taken"
  echo "under that load (load average $load_start at the start), so read them as upper bounds."
  echo
  echo "## The store work of one message"
  echo
  echo "Reserve a slot before the request, stamp it at the answer; ${WECOM_BENCH_RESERVATIONS:-5000} messages per store,"
  echo "20 per robot (the server's window), each call timed alone, release build."
  echo
  cat "$tmp/table.md"
  echo
  echo "These are latencies of the store calls alone. What each store adds to a message's CPU, the"
  echo "client's loop measured whole beside the limiter-off figure, is in bench/RESULTS.md (3d); the"
  echo "server allows one message per 3 s per robot on average."
  echo
  echo "## Delivery time of many senders against the minimum"
  echo
  echo "Mock and clients at 20 messages per 2 s, 120 messages: the minimum is 10 s. Each message is a"
  echo "separate \`wecom-bot send\` process (debug build), so the time includes 120 process start-ups."
  echo
  echo "| run | time (s) | vs the minimum | 45009s |"
  echo "|---|---:|---:|---:|"
  python3 -c 'import sys; s=float(sys.argv[1]); print(f"| 4 processes × 30 invocations, default SQLite store | {s:.1f} | {s/10*100:.0f} % | 0 |")' "$sqlite_s"
  python3 -c 'import sys; s=float(sys.argv[1]); print(f"| 3 network namespaces × 2 processes × 20, one Redis | {s:.1f} | {s/10*100:.0f} % | 0 |")' "$redis_s"
  echo
  echo "(\`scripts/test-stores.sh\` fails on any 45009, lost or reordered message: the zeros are checked.)"
} >"$OUT"
step "written: $OUT"
cat "$OUT"
