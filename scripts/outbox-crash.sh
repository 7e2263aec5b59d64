#!/usr/bin/env bash
# The outbox's crash test (issue 13): the deliverer, `wecom-bot outbox run`, is killed with
# SIGKILL at KILLS random moments while 4 producer processes enqueue ALERTS alerts with
# `send --queue`, and restarted each time; then a last one runs until the queue is empty.
# Checked at the mock: every alert delivered (nothing lost), each producer's alerts first
# delivered in its order, no 45009, and duplicated messages (a delivered message whose alerts
# were delivered again, however packed the second time: a packed batch counts once) ≤ KILLS. Prints one result line:
#   crash: STORE: ALERTS alerts, KILLS kills: N messages, D duplicated (≤ KILLS), A alerts twice; …
#   scripts/outbox-crash.sh STORE_URL [KILLS [ALERTS]]     (defaults 20 and 500: the issue's run)
# The mock answers each request after 100 ms (so that kills land in flight too) at 20 per 2 s,
# the clients the same; each deliverer's lease is 1 s, so a restart takes over within a second.
# Random moments from OUTBOX_CRASH_SEED (default: the time), printed for a rerun.
source "$(dirname "$0")/lib.sh"
BIN=$ROOT/target/debug/wecom-bot
STORE=${1:?usage: outbox-crash.sh STORE_URL [KILLS [ALERTS]]}
KILLS=${2:-20}
ALERTS=${3:-500}
SEED=${OUTBOX_CRASH_SEED:-$(date +%s)}
unset WECOM_BOT_WEBHOOK WECOM_BOT_KEY WECOM_BOT_BASE_URL WECOM_BOT_RATE_LIMIT
fail() { echo "outbox-crash.sh: FAILED (seed $SEED): $*" >&2; exit 1; }

scratch
deliverer=
cleanup() {
  [[ -z $deliverer ]] || kill -9 "$deliverer" 2>/dev/null || true
  scratch_cleanup
}
trap cleanup EXIT

cat >"$tmp/scenario.json" <<'EOF'
{"script": [{"key": "*", "fault": {"kind": "delay", "ms": 100}, "times": 1000000}]}
EOF
start_mock "$tmp" --rate-limit 20/2 --scenario "$tmp/scenario.json" || fail "the mock did not start"
export WECOM_BOT_KEY=OutboxCrash-$SEED-k3yc4n4ry-7c8d9e0f WECOM_BOT_BASE_URL=$MOCK WECOM_BOT_RATE_LIMIT=20/2
export WECOM_BOT_STORE=$STORE

# The alerts (as in the storm, scripts/storm_alerts.py) and the moments of the kills, after
# each (re)start.
python3 scripts/storm_alerts.py "$tmp" --total "$ALERTS" --seed "$SEED"
python3 -c 'import random, sys; rng = random.Random(int(sys.argv[1]))
print("\n".join(f"{rng.uniform(0.1, 1.6):.3f}" for _ in range(int(sys.argv[2]))))' "$SEED" "$KILLS" >"$tmp/moments"

enqueue_storm "$tmp"

t0=$(date +%s.%N)
kills=0
while read -r moment; do
  "$BIN" outbox run --lease 1 2>>"$tmp/run.err" &
  deliverer=$!
  sleep "$moment"
  kill -9 "$deliverer"
  wait "$deliverer" 2>/dev/null || true
  deliverer=
  kills=$((kills + 1))
done <"$tmp/moments"
wait "${PRODUCERS[@]}"
if [[ -n $(cat "$tmp"/enqueue-*.err 2>/dev/null) ]]; then head -n 5 "$tmp"/enqueue-*.err >&2; fail "enqueueing failed"; fi
"$BIN" outbox run --lease 1 --until-empty 2>>"$tmp/run.err" || { tail "$tmp/run.err"; fail "the last deliverer failed"; }
t1=$(date +%s.%N)
! grep -q "$WECOM_BOT_KEY" "$tmp/run.err" || fail "the key was printed"
"$BIN" outbox status >"$tmp/status.txt"
grep -q "^pending    0 " "$tmp/status.txt" || { cat "$tmp/status.txt"; fail "messages are left in the queue"; }

curl -fsS "$MOCK/_mock/records?key=$WECOM_BOT_KEY" | python3 -c '
import collections, json, re, sys
store, kills, n, seed, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
records = json.load(sys.stdin)
codes = collections.Counter((r.get("reply") or {}).get("json", {}).get("errcode") for r in records)
assert codes.get(45009, 0) == 0, f"{codes[45009]} answers were 45009"
# A duplicated message: a delivered message whose alerts were delivered again later, however
# the second delivery packed them (a packed batch counts once).
carrier, first, resent = {}, collections.defaultdict(list), set()
messages = twice = 0
for r in records:
    if not r["delivered"]:
        continue
    body = r["body_json"]
    tags = re.findall(r"p(\d)-(\d{4}) ", body[body["msgtype"]]["content"])
    for t in tags:
        if t in carrier:
            resent.add(carrier[t])
            twice += 1
        else:
            carrier[t] = messages
            first[int(t[0])].append(int(t[1]))
    messages += 1
duplicated = len(resent)
expected = {p: n // 4 + (p <= n % 4) for p in range(1, 5)}
for p in range(1, 5):
    assert first[p] == list(range(1, expected[p] + 1)), f"producer {p}: {first[p][:20]}… is not 1..{expected[p]} in order"
print(f"crash: {store}: {n} alerts, {kills} kills: {messages} messages, {duplicated} duplicated (≤ {kills}), "
      f"{twice} alerts delivered twice; nothing lost, each producer in order, 0 × 45009; {secs:.1f} s; seed {seed}")
assert duplicated <= kills, f"{duplicated} duplicated messages for {kills} kills"
' "${STORE%%:*}" "$kills" "$ALERTS" "$SEED" "$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$t1")"
