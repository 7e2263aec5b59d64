#!/usr/bin/env bash
# Outbox: the storm test at a small scale (issue 13), with real parts — the real `wecom-bot`
# binary, the real mock with a scaled window (20 per 2 s, the clients the same), one SQLite
# store shared by every process.
#   4 producer processes each enqueue ALERTS alerts of 60–400 bytes (text and markdown mixed in
#   runs) with `wecom-bot send --queue`, all at once; then one `wecom-bot outbox run
#   --until-empty` delivers them. Checked: every alert's text appears exactly once across the
#   delivered messages, in each producer's order; no 45009; messages sent ≤ 1.2 × the packing
#   bound (Σ bytes per type / limit, rounded up per type; the issue's 1.1 × is for 1,000 alerts). The time is printed, never asserted
#   (bench/ measures it).
# OUTBOX_ALERTS=50 (default, per producer; the issue's full storm is 250 × 4).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/target/debug/wecom-bot
[[ -x $BIN ]] || cargo build -q -p wecom-bot-cli --locked
ALERTS=${OUTBOX_ALERTS:-50}
unset WECOM_BOT_WEBHOOK WECOM_BOT_KEY WECOM_BOT_BASE_URL WECOM_BOT_RATE_LIMIT
fail() { echo "test-outbox.sh: FAILED: $*" >&2; exit 1; }

tmp=$(mktemp -d)
mock_pid=
cleanup() {
  [[ -n $mock_pid ]] && kill "$mock_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

mkfifo "$tmp/mock-in" "$tmp/mock-out"
"$BIN" mock --port 0 --rate-limit 20/2 --quiet <"$tmp/mock-in" >"$tmp/mock-out" &
mock_pid=$!
exec 7>"$tmp/mock-in" 8<"$tmp/mock-out"
read -r line <&8
MOCK=${line#listening on }
[[ $MOCK == http://127.0.0.1:* ]] || fail "mock's first line: $line"

export WECOM_BOT_KEY=OutboxStorm-k3yc4n4ry-4e5f6a7b WECOM_BOT_BASE_URL=$MOCK WECOM_BOT_RATE_LIMIT=20/2
export WECOM_BOT_STORE=sqlite:$tmp/state.sqlite3

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

echo "-- 4 producers × $ALERTS alerts: send --queue"
t0=$(date +%s.%N)
producers=()
for p in 1 2 3 4; do
  (while IFS=$'\t' read -r kind content; do
    "$BIN" send "$kind" "$content" --queue >/dev/null 2>>"$tmp/enqueue-$p.err" || echo "p$p: exit $?" >>"$tmp/enqueue-$p.err"
  done <"$tmp/alerts-$p.tsv") &
  producers+=($!)
done
wait "${producers[@]}"
t1=$(date +%s.%N)
if [[ -s $tmp/enqueue-1.err || -s $tmp/enqueue-2.err || -s $tmp/enqueue-3.err || -s $tmp/enqueue-4.err ]]; then
  head -n 5 "$tmp"/enqueue-*.err; fail "enqueueing failed"
fi
"$BIN" outbox status | tee "$tmp/status.txt"
grep -q "^pending    $((4 * ALERTS)) " "$tmp/status.txt" || fail "not every alert is queued"

echo "-- one deliverer: outbox run --until-empty"
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
      f"packing bound {bound}; 0 × 45009; enqueued in {t1 - t0:.1f} s, delivered in {t2 - t1:.1f} s "
      f"(the minimum for {sent} messages at 20 per 2 s is {max(0, math.ceil(sent / 20) - 1) * 2} s)")
# Issue 13 asks 1.1 × the bound for the 1,000-alert storm. At this scale one message more
# is 6 %, and the producers interleave differently each run (17 to 19 messages seen for a
# bound of 17): the smoke run allows 1.2 ×, and prints the ratio.
assert sent <= 1.2 * bound, f"{sent} messages is more than 1.2 × the bound {bound}"
' "$tmp" "$ALERTS" "$t0" "$t1" "$t2"
"$BIN" outbox status | grep -q "^pending    0 " || fail "messages are left in the queue"
echo "outbox: storm ok"
