#!/usr/bin/env bash
# Outbox (issue 13) with real parts — the real `wecom-bot` binary, the real mock with a scaled
# window (20 per 2 s, the clients the same), a SQLite store shared by every process, and a real
# redis-server (installed from Debian when missing, `appendonly yes` as production needs,
# started on a free loopback port and stopped afterwards).
#   1. the core's outbox tests and the CLI's outbox tests, over SQLite and over this Redis
#      (the queue rules, send --queue / run / status / dead / retry / purge, a down store);
#   2. the storm at a small scale, once per store: 4 producer processes each enqueue ALERTS
#      alerts of 60–400 bytes (text and markdown mixed in runs) with `wecom-bot send --queue`,
#      all at once; then one `wecom-bot outbox run --until-empty` delivers them. Checked: every
#      alert's text appears exactly once across the delivered messages, in each producer's
#      order; no 45009; messages sent ≤ 1.2 × the packing bound (Σ bytes per type / limit,
#      rounded up per type; the issue's 1.1 × is for 1,000 alerts, bench/outbox-storm.sh).
# Times are printed, never asserted (bench/ measures them).
# OUTBOX_ALERTS=50 (default, per producer; the issue's full storm is 250 × 4).
source "$(dirname "$0")/lib.sh"
BIN=$ROOT/target/debug/wecom-bot
ALERTS=${OUTBOX_ALERTS:-50}
unset WECOM_BOT_WEBHOOK WECOM_BOT_KEY WECOM_BOT_BASE_URL WECOM_BOT_RATE_LIMIT
fail() { echo "test-outbox.sh: FAILED: $*" >&2; exit 1; }

workspace_built
apt_install redis-server redis-tools

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly yes --dir "$tmp" --daemonize no \
  --loglevel warning >>"$tmp/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
redis-cli -p "$REDIS_PORT" ping >/dev/null || { cat "$tmp/redis.log"; fail "redis-server did not start"; }
REDIS=redis://127.0.0.1:$REDIS_PORT/0

# --- 1. the outbox's tests over both stores ------------------------------------------------------
step "core and CLI outbox tests, over SQLite and redis-server $(redis-server --version | grep -o 'v=[0-9.]*')"
export WECOM_BOT_TEST_REDIS=$REDIS
if ! cargo test -q -p wecom-bot --locked --lib outbox:: 2>&1 | tail -n 3; then fail "core outbox tests"; fi
if ! cargo test -q -p wecom-bot-cli --locked --test cli outbox:: 2>&1 | tail -n 3; then fail "CLI outbox tests"; fi
unset WECOM_BOT_TEST_REDIS

# --- 2. the storm, once per store ----------------------------------------------------------------
mkfifo "$tmp/mock-in" "$tmp/mock-out"
"$BIN" mock --port 0 --rate-limit 20/2 --quiet <"$tmp/mock-in" >"$tmp/mock-out" &
pids+=($!)
exec 7>"$tmp/mock-in" 8<"$tmp/mock-out"
read -r line <&8
MOCK=${line#listening on }
[[ $MOCK == http://127.0.0.1:* ]] || fail "mock's first line: $line"
export WECOM_BOT_BASE_URL=$MOCK WECOM_BOT_RATE_LIMIT=20/2

# The alerts: "p<producer>-<n> " then filler, 60–400 bytes, text or markdown in runs of 10–40.
python3 - "$tmp" "$ALERTS" <<'EOF'
import random, sys
tmp, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(13)
for p in range(1, 5):
    kind, left, lines = "text", 0, []
    for i in range(1, n + 1):
        if left == 0:
            kind, left = rng.choice(["text", "markdown"]), rng.randint(10, 40)
        left -= 1
        tag = f"p{p}-{i:04d} "
        size = rng.randint(60, 400)
        lines.append(f"{kind}\t{tag}{'x' * (size - len(tag))}")
    open(f"{tmp}/alerts-{p}.tsv", "w").write("\n".join(lines) + "\n")
EOF

storm() { # storm NAME STORE
  local name=$1 p
  export WECOM_BOT_KEY=OutboxStorm-$name-k3yc4n4ry-4e5f6a7b WECOM_BOT_STORE=$2
  step "storm over $name: 4 producers × $ALERTS alerts with send --queue"
  local t0 t1 t2 producers=()
  t0=$(date +%s.%N)
  for p in 1 2 3 4; do
    (while IFS=$'\t' read -r kind content; do
      "$BIN" send "$kind" "$content" --queue >/dev/null 2>>"$tmp/enqueue-$name-$p.err" || echo "p$p: exit $?" >>"$tmp/enqueue-$name-$p.err"
    done <"$tmp/alerts-$p.tsv") &
    producers+=($!)
  done
  wait "${producers[@]}"
  t1=$(date +%s.%N)
  if [[ -n $(cat "$tmp"/enqueue-"$name"-*.err 2>/dev/null) ]]; then
    head -n 5 "$tmp"/enqueue-"$name"-*.err; fail "enqueueing failed"
  fi
  "$BIN" outbox status | tee "$tmp/status.txt"
  grep -q "^pending    $((4 * ALERTS)) " "$tmp/status.txt" || fail "not every alert is queued"

  step "storm over $name: one deliverer, outbox run --until-empty"
  "$BIN" outbox run --until-empty 2>"$tmp/run.err" || { cat "$tmp/run.err"; fail "outbox run failed"; }
  t2=$(date +%s.%N)
  tail -n 1 "$tmp/run.err"
  ! grep -q "$WECOM_BOT_KEY" "$tmp/run.err" "$tmp/status.txt" || fail "the key was printed"

  curl -fsS "$MOCK/_mock/records?key=$WECOM_BOT_KEY" | python3 -c '
import collections, json, math, re, sys
tmp, n, t0, t1, t2 = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:])
records = json.load(sys.stdin)
codes = collections.Counter((r.get("reply") or {}).get("json", {}).get("errcode") for r in records)
assert codes.get(45009, 0) == 0, f"{codes[45009]} answers were 45009"
delivered = [r["body_json"] for r in records if r["delivered"]]
seen = collections.defaultdict(list)
for body in delivered:
    content = body[body["msgtype"]]["content"]
    for p, i in re.findall(r"p(\d)-(\d{4}) ", content):
        seen[int(p)].append(int(i))
for p in range(1, 5):
    assert seen[p] == list(range(1, n + 1)), f"producer {p}: {seen[p][:20]}… is not 1..{n} exactly once in order"
size = collections.Counter()
for p in range(1, 5):
    for line in open(f"{tmp}/alerts-{p}.tsv"):
        kind, content = line.rstrip("\n").split("\t")
        size[kind] += len(content.encode())
bound = math.ceil(size["text"] / 2048) + math.ceil(size["markdown"] / 4096)
sent = len(delivered)
text_bytes, markdown_bytes = size["text"], size["markdown"]
print(f"{4 * n} alerts ({text_bytes} bytes of text, {markdown_bytes} of markdown) in {sent} messages; "
      f"packing bound {bound} ({sent / bound:.2f} ×); 0 × 45009; enqueued in {t1 - t0:.1f} s, delivered in {t2 - t1:.1f} s "
      f"(the minimum for {sent} messages at 20 per 2 s is {max(0, math.ceil(sent / 20) - 1) * 2} s)")
# Issue 13 asks 1.1 × the bound for the 1,000-alert storm. At this scale one message more
# is 6 %: the smoke run allows 1.2 ×, and prints the ratio.
assert sent <= 1.2 * bound, f"{sent} messages is more than 1.2 × the bound {bound}"
' "$tmp" "$ALERTS" "$t0" "$t1" "$t2"
  "$BIN" outbox status | grep -q "^pending    0 " || fail "messages are left in the queue"
}

storm sqlite "sqlite:$tmp/state.sqlite3"
storm redis "$REDIS"
for k in $(redis-cli -p "$REDIS_PORT" --scan); do
  [[ $k != *k3yc4n4ry* ]] || fail "a key names a Redis key: $k"
  ! redis-cli -p "$REDIS_PORT" --no-raw dump "$k" | grep -q k3yc4n4ry || fail "a key is in Redis value $k"
done
echo "outbox: tests over both stores and the storm over each ok"
