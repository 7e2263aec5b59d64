#!/usr/bin/env bash
# Side by side (issue 13): the same 100-alert storm through wecom-notifier (a Python client on
# PyPI with its own 20-per-60-s limiter and a 65 s back-off on 45009) and through our outbox,
# each against a fresh `wecom-bot-mock --rate-limit 20/60` (the real server's window) on
# loopback. Writes bench/RESULTS-notifier.md (BENCH_OUT) and prints the same table.
#
#   bench/notifier-compare.sh            the real window: about 5 minutes, most of them waiting
#   bench/notifier-compare.sh --smoke    12 alerts at 20 per 2 s, debug build, asserts that
#                                        both paths delivered every alert once; no results file
# BENCH_BIN_DIR: take wecom-bot and wecom-bot-mock from there instead of building them.
#
# The alerts are scripts/outbox-storm.sh's (scripts/storm_alerts.py, 4 × 25: 60–400 bytes,
# text and markdown in runs). (a) One Python process submits all of them at once to one
# wecom_notifier.WeComNotifier (async_send=True, as its README shows; the webhook URL is the
# mock's base URL + /cgi-bin/webhook/send?key=…) and waits for every result, up to NOTIFIER_CAP
# seconds (default 900). (b) `wecom-bot send KIND CONTENT --queue` for each, then
# `wecom-bot outbox run --until-empty`, the client's window the mock's. Counted from the mock's
# records: alerts delivered exactly once, messages delivered, requests, 45009 answers; and the
# wall time from the first submission to the last delivery. Our path's exactly-once and
# 0 × 45009 are asserted; wecom-notifier's figures are reported as measured.
#
# wecom-notifier is installed (pinned) into a venv of its own, cached outside the repository:
# $WECOM_BOT_CACHE/notifier-venv (default /var/cache/wecom-bot), made when missing.
source "$(dirname "$0")/../scripts/lib.sh"
SMOKE=
case ${1:-} in
  --smoke) SMOKE=1 ;;
  "") ;;
  *) echo "usage: bench/notifier-compare.sh [--smoke]" >&2; exit 2 ;;
esac
NOTIFIER_SPEC="wecom-notifier==0.3.2"
NOTIFIER_VENV=${WECOM_BOT_CACHE:-/var/cache/wecom-bot}/notifier-venv
if [[ -n $SMOKE ]]; then
  PER=3 RATE=20/2 CAP=${NOTIFIER_CAP:-60} OUT=${BENCH_OUT:-}
else
  PER=25 RATE=20/60 CAP=${NOTIFIER_CAP:-900} OUT=${BENCH_OUT:-$ROOT/bench/RESULTS-notifier.md}
fi
if [[ -n ${BENCH_BIN_DIR:-} ]]; then # wecom-bot and wecom-bot-mock already built there
  BIN_DIR=$(cd "$BENCH_BIN_DIR" && pwd)
elif [[ -n $SMOKE ]]; then
  workspace_built
  BIN_DIR=$ROOT/target/debug
else
  step "cargo build --release -p wecom-bot-cli -p wecom-bot-mock"
  cargo build -q --release --locked -p wecom-bot-cli -p wecom-bot-mock
  BIN_DIR=$ROOT/target/release
fi
unset WECOM_BOT_WEBHOOK WECOM_BOT_KEY WECOM_BOT_BASE_URL WECOM_BOT_RATE_LIMIT WECOM_BOT_STORE
fail() { echo "notifier-compare.sh: FAILED: $*" >&2; exit 1; }

# --- wecom-notifier in a cached venv of its own ----------------------------------------------------
cached_venv "$NOTIFIER_VENV" "$NOTIFIER_SPEC"
NPY=$NOTIFIER_VENV/bin/python

scratch
KEY=NotifierCompare-$(date +%s%N)-k3yc4n4ry-5a6b7c8d
MOCK_BIN=$BIN_DIR/wecom-bot-mock
records() { curl -fsS "$MOCK/_mock/records?key=$KEY" | python3 bench/notifier_compare.py count "$tmp/alerts.tsv"; }
now() { date +%s.%N; }

python3 scripts/storm_alerts.py "$tmp" "$PER"
cat "$tmp"/alerts-{1,2,3,4}.tsv >"$tmp/alerts.tsv"
ALERTS=$(wc -l <"$tmp/alerts.tsv")

# --- (a) wecom-notifier --------------------------------------------------------------------------
start_mock "$tmp" --rate-limit "$RATE" || fail "the mock did not start"
step "(a) $ALERTS alerts through $NOTIFIER_SPEC at a mock of $RATE (cap $CAP s)"
t0=$(now)
NOTIFIER_WEBHOOK_URL="$MOCK/cgi-bin/webhook/send?key=$KEY" \
  "$NPY" bench/notifier_compare.py notifier "$tmp/alerts.tsv" "$CAP" >"$tmp/notifier.json" 2>"$tmp/notifier.log" ||
  { tail -n 20 "$tmp/notifier.log" >&2; fail "the wecom-notifier driver failed"; }
t1=$(now)
records >"$tmp/notifier-count.json"
stop_mock
cat "$tmp/notifier.json" "$tmp/notifier-count.json"
NOTIFIER_WALL=$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$t0" "$t1")
NOTIFIER_KEY_LOGGED=no
grep -q k3yc4n4ry "$tmp/notifier.log" && NOTIFIER_KEY_LOGGED=yes
NOTIFIER_LOG_LINES=$(wc -l <"$tmp/notifier.log")

# --- (b) our outbox ------------------------------------------------------------------------------
start_mock "$tmp" --rate-limit "$RATE" || fail "the mock did not start"
step "(b) $ALERTS alerts through wecom-bot send --queue + outbox run --until-empty at a mock of $RATE"
ours() {
  WECOM_BOT_BASE_URL=$MOCK WECOM_BOT_KEY=$KEY WECOM_BOT_RATE_LIMIT=$RATE \
    WECOM_BOT_STORE=sqlite:$tmp/outbox.sqlite3 XDG_STATE_HOME=$tmp/state "$BIN_DIR/wecom-bot" "$@"
}
t0=$(now)
while IFS=$'\t' read -r kind content; do
  ours send "$kind" "$content" --queue >/dev/null 2>>"$tmp/enqueue.err" || echo "exit $?: $kind" >>"$tmp/enqueue.err"
done <"$tmp/alerts.tsv"
t1=$(now)
[[ ! -s $tmp/enqueue.err ]] || { head -n 5 "$tmp/enqueue.err" >&2; fail "enqueueing failed"; }
ours outbox run --until-empty 2>"$tmp/run.err" || { cat "$tmp/run.err" >&2; fail "outbox run failed"; }
t2=$(now)
ours outbox status >"$tmp/status.txt"
records >"$tmp/outbox-count.json"
stop_mock
cat "$tmp/outbox-count.json"
grep -q "^pending    0 " "$tmp/status.txt" || { cat "$tmp/status.txt" >&2; fail "alerts are left in the outbox"; }
! grep -q k3yc4n4ry "$tmp/run.err" "$tmp/status.txt" || fail "wecom-bot printed the key"
OUTBOX_ENQUEUE=$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$t0" "$t1")
OUTBOX_WALL=$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$t0" "$t2")

# --- the table -----------------------------------------------------------------------------------
NOTIFIER_VERSIONS=$("$NPY" -c 'import platform; from importlib.metadata import version as v
print("wecom-notifier %s (requests %s, loguru %s, CPython %s)" % (v("wecom-notifier"), v("requests"), v("loguru"), platform.python_version()))')
OURS_VERSION=$("$BIN_DIR/wecom-bot" --version)
# The packing bound of these alerts: Σ bytes per type / its limit, rounded up per type.
BOUND=$(python3 -c '
import math, sys
size = {"text": 0, "markdown": 0}
for line in open(sys.argv[1]):
    kind, content = line.rstrip("\n").split("\t", 1)
    size[kind] += len(content.encode())
print(math.ceil(size["text"] / 2048) + math.ceil(size["markdown"] / 4096))' "$tmp/alerts.tsv")
OURS_MESSAGES=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["messages"])' "$tmp/outbox-count.json")
table=$(python3 - "$tmp" "$ALERTS" "$RATE" "$NOTIFIER_WALL" "$OUTBOX_WALL" "$OUTBOX_ENQUEUE" "$SMOKE" <<'EOF'
import json, math, sys
tmp, alerts, rate, n_wall, o_wall, o_enq, smoke = sys.argv[1:]
alerts, n_wall, o_wall, o_enq = int(alerts), float(n_wall), float(o_wall), float(o_enq)
count, window = rate.split("/")
count, window = int(count), float(window)
n = json.load(open(f"{tmp}/notifier.json"))
nc = json.load(open(f"{tmp}/notifier-count.json"))
oc = json.load(open(f"{tmp}/outbox-count.json"))

def minimum(messages):
    return max(0, math.ceil(messages / count) - 1) * window

def row(name, c, told, wall):
    lost = f", {c['missing']} missing" if c["missing"] else ""
    dup = f", {c['duplicated']} twice or more" if c["duplicated"] else ""
    print(f"| {name} | {c['once']} of {alerts}{lost}{dup} | {told} | {c['messages']} | {c['requests']} | "
          f"{c['e45009']} | {wall / 60:.2f} ({wall:.1f} s) | {minimum(c['messages']) / 60:.2f} |")

print(f"| {alerts} alerts, mock and clients at {rate} s | alerts delivered exactly once | the caller was told sent | "
      "messages delivered | requests | 45009 answers | minutes, first submission to last delivery | "
      "minimum minutes for those messages |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
told = f"{n['reported_sent']}" + (f" ({n['reported_failed']} failed, {n['unfinished']} unfinished at the cap)"
                                  if n["reported_failed"] or n["unfinished"] else "")
row("wecom-notifier: one process, all submitted at once", nc, told, n_wall)
row(f"wecom-bot outbox: send --queue × {alerts} ({o_enq:.1f} s), then outbox run --until-empty", oc,
    f"{alerts} queued", o_wall)
if smoke:
    assert nc["once"] == alerts and nc["e45009"] == 0, f"wecom-notifier at the smoke's scale: {nc}, {n}"
assert oc["once"] == alerts and oc["e45009"] == 0 and oc["stray"] == 0, f"the outbox: {oc}"
EOF
) || { echo "$table" >&2; fail "the results"; }
echo
echo "$table"

if [[ -n $OUT ]]; then
  {
    echo "# The same storm through wecom-notifier and through our outbox"
    echo
    echo "Written by \`bench/notifier-compare.sh\` on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD)," \
      "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the end; $OURS_VERSION (release build);" \
      "$NOTIFIER_VERSIONS from PyPI, in a venv of its own."
    echo
    echo "$table"
    echo
    echo "The $ALERTS alerts are the outbox storm's (\`scripts/storm_alerts.py\`: 4 × $PER, 60–400 bytes, text and"
    echo "markdown in runs of 10–40), sent in the same order both times, each time to a fresh"
    echo "\`wecom-bot-mock --rate-limit $RATE\` (the real server's window: 20 messages per 60 s per robot) on 127.0.0.1."
    echo "Counted from the mock's records: an alert is delivered when its whole text (tag and filler)"
    echo "is found exactly once across the delivered messages; requests include the refused ones."
    echo "The minimum for S messages is (⌈S/20⌉ − 1) × 60 s."
    echo
    echo "- **wecom-notifier** needed no patch to reach the mock: it posts to whatever webhook URL it is"
    echo "  given, so the mock's base URL + \`/cgi-bin/webhook/send?key=…\` is its webhook. Driven as its"
    echo "  README shows (\`bench/notifier_compare.py\`): one \`WeComNotifier()\`, \`send_text\` or \`send_markdown\`"
    echo "  with \`async_send=True\` for every alert at once, then \`SendResult.wait()\` on each (cap ${CAP} s)."
    echo "  It sends one message per alert (its \`send_markdown\` sends \`markdown_v2\`), from an in-memory"
    echo "  queue per webhook behind a sliding 20-per-60-s window of its own (+ 0.1 s), and sleeps 65 s"
    echo "  on a 45009 (up to 5 times per message). Its loguru output (the library's default sink,"
    echo "  standard error) was $NOTIFIER_LOG_LINES lines; the key in it: $NOTIFIER_KEY_LOGGED."
    echo "- **wecom-bot**: \`wecom-bot send KIND CONTENT --queue\` per alert (one process each, SQLite"
    echo "  store, committed before it exits), then \`wecom-bot outbox run --until-empty\` with"
    echo "  \`WECOM_BOT_RATE_LIMIT=$RATE\`: with more waiting than the window lets out, it packs text into"
    echo "  text ≤ 2048 bytes and markdown into markdown ≤ 4096. Its minutes include the enqueueing."
    echo "  It packs only while more wait than the window lets out now, and sends the rest one alert"
    echo "  per message once they fit in the window's free slots: so it sent $OURS_MESSAGES messages where"
    echo "  $BOUND would have carried these alerts (the packing bound: Σ bytes per type / limit);"
    echo "  it merges only as much as the window requires. One shell enqueued every alert, so all are one"
    echo "  producer, whose order is kept: a run of one type ends a packed message."
    echo
    echo "Not measured here, read in wecom-notifier's source: its queue and its window live in the"
    echo "process (alerts still queued when it exits are lost; two processes sending to one robot each"
    echo "count 20 per minute of their own, and their 45009s cost 65 s each); ours are in the store,"
    echo "shared by every process of the host (SQLite) or of many hosts (Redis)."
    echo
    echo "Run it: \`bench/notifier-compare.sh\` (about 5 minutes: release build of the CLI and the mock,"
    echo "the venv made on first use, then the real window). \`bench/notifier-compare.sh --smoke\` runs"
    echo "12 alerts at 20 per 2 s and asserts that both paths delivered every alert once."
  } >"$OUT"
  ! grep -q k3yc4n4ry "$OUT" || fail "the key is in $OUT"
  echo
  echo "written: ${OUT#"$ROOT"/}"
fi
