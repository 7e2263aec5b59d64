#!/usr/bin/env bash
# The outbox's storm (issue 13): 4 producer processes each enqueue PER alerts of 60–400 bytes
# (text and markdown mixed in runs of 10–40) with `wecom-bot send --queue`, all at once; then
# one `wecom-bot outbox run --until-empty` delivers them, the mock and the client at 20 per 2 s.
# Checked at the mock: every alert's text appears exactly once across the delivered messages,
# in each producer's order; no 45009; messages sent ≤ RATIO × the packing bound (Σ bytes per
# type / limit, rounded up per type). Prints one result line (times are measured, never
# asserted: bench/outbox-storm.sh compares them with the minimum):
#   storm: STORE: N alerts (T bytes of text, M of markdown) in S messages; bound B (R ×); …
#   scripts/outbox-storm.sh STORE_URL [PER [RATIO [MODE]]]   (defaults 250, 1.1, after: the issue's storm)
# MODE `after`: the deliverer starts once everything is queued; `live`: it already runs while
# the producers enqueue (then it sends the first alerts alone while the window has room, and
# packs once more wait than it lets out; the ratio is reported, the order and exactly-once
# still asserted).
source "$(dirname "$0")/lib.sh"
BIN=$ROOT/target/debug/wecom-bot
STORE=${1:?usage: outbox-storm.sh STORE_URL [PER [RATIO]]}
PER=${2:-250}
RATIO=${3:-1.1}
MODE=${4:-after}
unset WECOM_BOT_WEBHOOK WECOM_BOT_KEY WECOM_BOT_BASE_URL WECOM_BOT_RATE_LIMIT
fail() { echo "outbox-storm.sh: FAILED: $*" >&2; exit 1; }

scratch
start_mock "$tmp" --rate-limit 20/2 || fail "the mock did not start"
export WECOM_BOT_BASE_URL=$MOCK WECOM_BOT_RATE_LIMIT=20/2 WECOM_BOT_STORE=$STORE
export WECOM_BOT_KEY=OutboxStorm-$(date +%s%N)-k3yc4n4ry-4e5f6a7b

# The alerts: "p<producer>-<n> " then filler, 60–400 bytes, text or markdown in runs of 10–40.
python3 scripts/storm_alerts.py "$tmp" "$PER"

live=
if [[ $MODE == live ]]; then
  "$BIN" outbox run 2>"$tmp/run.err" &
  live=$!
fi
t0=$(date +%s.%N)
enqueue_storm "$tmp"
wait "${PRODUCERS[@]}"
t1=$(date +%s.%N)
if [[ -n $(cat "$tmp"/enqueue-*.err 2>/dev/null) ]]; then head -n 5 "$tmp"/enqueue-*.err >&2; fail "enqueueing failed"; fi
"$BIN" outbox status >"$tmp/status.txt"
if [[ -n $live ]]; then
  # (the status is read whole before grep: `grep -q` stops reading at its match)
  until grep -q "^pending    0 " <<<"$("$BIN" outbox status)"; do sleep 0.05; done
  t2=$(date +%s.%N)
  kill -TERM "$live"
  wait "$live" || { cat "$tmp/run.err" >&2; fail "outbox run did not exit 0 on SIGTERM"; }
else
  grep -q "^pending    $((4 * PER)) " "$tmp/status.txt" || { cat "$tmp/status.txt" >&2; fail "not every alert is queued"; }
  "$BIN" outbox run --until-empty 2>"$tmp/run.err" || { cat "$tmp/run.err" >&2; fail "outbox run failed"; }
  t2=$(date +%s.%N)
fi
! grep -q "$WECOM_BOT_KEY" "$tmp/run.err" "$tmp/status.txt" || fail "the key was printed"
grep -q "^pending    0 " <<<"$("$BIN" outbox status)" || fail "messages are left in the queue"

curl -fsS "$MOCK/_mock/records?key=$WECOM_BOT_KEY" | python3 -c '
import collections, json, math, re, sys
tmp, store, mode, n, ratio, t0, t1, t2 = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), *map(float, sys.argv[6:])
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
minimum = max(0, math.ceil(sent / 20) - 1) * 2
text_bytes, markdown_bytes = size["text"], size["markdown"]
delivery = t2 - (t0 if mode == "live" else t1)  # live: from the first enqueue
print(f"storm: {store} {mode}: {4 * n} alerts ({text_bytes} bytes of text, {markdown_bytes} of markdown) in {sent} messages; "
      f"bound {bound} ({sent / bound:.3f} ×); 0 × 45009; each producer in order; enqueued in {t1 - t0:.1f} s; "
      f"delivered in {delivery:.2f} s (minimum {minimum} s)")
assert mode == "live" or sent <= ratio * bound, f"{sent} messages is more than {ratio} × the bound {bound}"
' "$tmp" "${STORE%%:*}" "$MODE" "$PER" "$RATIO" "$t0" "$t1" "$t2"
