#!/usr/bin/env bash
# Outbox (issue 13) with real parts — the real `wecom-bot` binary, the real mock with a scaled
# window (20 per 2 s, the clients the same), a SQLite store shared by every process, and a real
# redis-server (installed from Debian when missing, `appendonly yes` as production needs,
# started on a free loopback port and stopped afterwards).
#   1. the core's outbox tests and the CLI's outbox tests, over SQLite and over this Redis
#      (the queue rules, send --queue / run / status / dead / retry / purge, a down store),
#      and docs/cli.md's outbox walk-through as written;
#   2. the storm at a small scale, once per store: 4 producer processes each enqueue ALERTS
#      alerts of 60–400 bytes (text and markdown mixed in runs) with `wecom-bot send --queue`,
#      all at once; then one `wecom-bot outbox run --until-empty` delivers them. Checked: every
#      alert's text appears exactly once across the delivered messages, in each producer's
#      order; no 45009; messages sent ≤ 1.2 × the packing bound (Σ bytes per type / limit,
#      rounded up per type; the issue's 1.1 × is for 1,000 alerts, bench/outbox-storm.sh);
#   3. the crash test at a small scale, once per store (scripts/outbox-crash.sh: the deliverer
#      SIGKILLed at 5 random moments during a 150-alert run, restarted each time: nothing lost,
#      order kept, duplicated messages ≤ kills; bench/outbox-crash.sh runs 20 kills / 500);
#   4. Redis across hosts: 3 network namespaces (a bridge of this script's own) × 2 producer
#      processes, each with its own XDG_STATE_HOME, enqueue into one Redis; 2 deliverers in two
#      of the namespaces; the lease holder is SIGKILLed mid-run, more alerts are enqueued, and
#      the other takes over once the lease runs out: every alert delivered, each producer's
#      order kept, the dead holder's unacknowledged alerts delivered before the newer ones.
#   5. wecom-notifier beside the outbox at a small scale (bench/notifier-compare.sh --smoke: 12
#      alerts at 20 per 2 s through wecom-notifier from PyPI, in a cached venv, and through
#      send --queue + outbox run: every alert delivered once by each; the bench runs 100 at 20/60).
# Times are printed, never asserted (bench/ measures them).
# OUTBOX_ALERTS=50 (default, per producer; the issue's full storm is 250 × 4).
source "$(dirname "$0")/lib.sh"
BIN=$ROOT/target/debug/wecom-bot
ALERTS=${OUTBOX_ALERTS:-50}
unset WECOM_BOT_WEBHOOK WECOM_BOT_KEY WECOM_BOT_BASE_URL WECOM_BOT_RATE_LIMIT
fail() { echo "test-outbox.sh: FAILED: $*" >&2; exit 1; }

workspace_built
apt_install redis-server redis-tools socat iproute2

scratch

# The namespaces' "hosts" (section 4) reach this machine at 10.231.8.1 on a bridge of this
# script's own.
make_hosts "wbo$$" 10.231.8 3
REDIS_BIND="127.0.0.1 $HOST_GW" start_redis "$tmp" --protected-mode no --appendonly yes || fail "redis-server did not start"
REDIS=redis://127.0.0.1:$REDIS_PORT/0

# --- 1. the outbox's tests over both stores ------------------------------------------------------
step "core and CLI outbox tests, over SQLite and redis-server $(redis-server --version | grep -o 'v=[0-9.]*')"
export WECOM_BOT_TEST_REDIS=$REDIS
if ! cargo test -q -p wecom-bot --locked --lib outbox:: 2>&1 | tail -n 3; then fail "core outbox tests"; fi
if ! cargo test -q -p wecom-bot-cli --locked --test cli outbox:: 2>&1 | tail -n 3; then fail "CLI outbox tests"; fi
unset WECOM_BOT_TEST_REDIS

# --- docs/cli.md's outbox walk-through, as written ------------------------------------------------
step "docs/cli.md's outbox walk-through"
python3 scripts/snippets.py files docs/cli.md "$tmp/docs" >/dev/null
# (its `mktemp -d` lands in $tmp, removed at the end)
out=$(cd "$tmp" && TMPDIR=$tmp PATH=$ROOT/target/debug:$PATH bash -eu -c 'trap "kill \$(jobs -p) 2>/dev/null || true" EXIT; source "$1"' _ "$tmp/docs/outbox-walk-through.sh" 2>&1) ||
  fail "docs/cli.md's outbox walk-through: $out"
for want in 'queued 3' 'pending    3 ' 'delivered 3 in 2 messages' 'errcode 93000' 're-queued 1' 'delivered  4 in 3 messages' 'dead       0'; do
  grep -qF -- "$want" <<<"$out" || fail "docs/cli.md's outbox walk-through does not print $want: $out"
done
echo "the walk-through printed what docs/cli.md says"

# --- 2. the storm, once per store ----------------------------------------------------------------
for store in "sqlite:$tmp/storm.sqlite3" "$REDIS"; do
  step "storm over ${store%%:*}: 4 producers × $ALERTS alerts with send --queue, then one deliverer"
  # At this scale one message more is 6 % of the bound: the smoke allows 1.2 × (the issue's
  # 1.1 × is for 1,000 alerts: bench/outbox-storm.sh).
  scripts/outbox-storm.sh "$store" "$ALERTS" 1.2 | grep '^storm: ' || fail "the storm over ${store%%:*}"
done
for k in $(redis-cli -p "$REDIS_PORT" --scan); do
  [[ $k != *k3yc4n4ry* ]] || fail "a key names a Redis key: $k"
  ! redis-cli -p "$REDIS_PORT" --no-raw dump "$k" | grep -q k3yc4n4ry || fail "a key is in Redis value $k"
done

# --- 3. the crash test, once per store -----------------------------------------------------------
for store in "sqlite:$tmp/crash.sqlite3" "redis://127.0.0.1:$REDIS_PORT/1"; do
  step "crash test over ${store%%:*}: 5 kills during 150 alerts"
  scripts/outbox-crash.sh "$store" 5 150 | grep '^crash: ' || fail "the crash test over ${store%%:*}"
done

# --- 4. Redis across hosts: 2 deliverers, the lease holder killed --------------------------------
step "3 network namespaces × 2 producers into one Redis, 2 deliverers, the lease holder SIGKILLed"
start_mock "$tmp" --rate-limit 20/2 || fail "the mock did not start"
MOCK_PORT=${MOCK##*:}
forward_to_hosts "$MOCK_PORT" || fail "the mock cannot be reached from the hosts"
export WECOM_BOT_KEY=OutboxHosts-k3yc4n4ry-3d4e5f6a WECOM_BOT_STORE=redis://$HOST_GW:$REDIS_PORT/3
on() { # on HOST CMD…: CMD in that namespace, talking to the mock through the bridge
  local h=$1
  shift
  ip netns exec "${HOSTS[$((h - 1))]}" env WECOM_BOT_BASE_URL="http://$HOST_GW:$MOCK_PORT" "$@"
}
produce() { # produce PHASE FIRST LAST: 3 hosts × 2 processes enqueue alerts FIRST..LAST each
  local h p producers=()
  for h in 1 2 3; do
    for p in 1 2; do
      (export XDG_STATE_HOME=$tmp/hosts-state-h$h-p$p
      for i in $(seq "$2" "$3"); do
        kind=text
        ((i % 7 < 3)) && kind=markdown
        on "$h" "$BIN" send "$kind" "h$h-p$p-$(printf %04d "$i") $1 $(head -c $((40 + i * 37 % 300)) /dev/zero | tr '\0' x)" \
          --queue --allow-insecure-http >/dev/null 2>>"$tmp/hosts-enqueue.err" || echo "h$h-p$p $i: exit $?" >>"$tmp/hosts-enqueue.err"
      done) &
      producers+=($!)
    done
  done
  wait "${producers[@]}"
  [[ ! -s $tmp/hosts-enqueue.err ]] || { head -n 5 "$tmp/hosts-enqueue.err"; fail "enqueueing from the namespaces failed"; }
}
delivered() { curl -fsS "$MOCK/_mock/records?key=$WECOM_BOT_KEY" | python3 -c 'import json, sys; print(sum(r["delivered"] for r in json.load(sys.stdin)))'; }
lease_holder() { # the process id of the deliverer holding the robot's lease (Redis names it)
  local k
  k=$(redis-cli -p "$REDIS_PORT" -n 3 --scan --pattern 'wecom-bot:*:outbox:lease')
  [[ -z $k ]] || redis-cli -p "$REDIS_PORT" -n 3 get "$k" | cut -d- -f1
}
produce old 1 30
# The deliverers send at most 4 per 2 s, so that the run lasts long enough to be interrupted.
deliverers=()
for d in 1 2; do
  # not through a shell function: $! must be the deliverer itself (ip and env exec it)
  ip netns exec "${HOSTS[$((d - 1))]}" env WECOM_BOT_BASE_URL="http://$HOST_GW:$MOCK_PORT" \
    "$BIN" outbox run --lease 2 --rate-limit 4/2 --allow-insecure-http 2>"$tmp/deliverer-$d.err" &
  PIDS+=($!)
  deliverers+=($!)
done
for _ in $(seq 400); do [[ $(delivered) -ge 4 ]] && break; sleep 0.05; done
holder=$(lease_holder)
case $holder in
  "${deliverers[0]}") survivor=1 ;;
  "${deliverers[1]}") survivor=0 ;;
  *) fail "the lease holder ${holder:-none} is neither deliverer (${deliverers[*]})" ;;
esac
kill -9 "$holder"
echo "killed the lease holder (pid $holder) after $(delivered) messages"
for _ in $(seq 200); do [[ $(lease_holder) == "${deliverers[$survivor]}" ]] && break; sleep 0.05; done
[[ $(lease_holder) == "${deliverers[$survivor]}" ]] || fail "the other deliverer did not take the lease over"
echo "the other deliverer (pid ${deliverers[$survivor]}) took the lease over; 60 more alerts enqueued"
produce new 31 40
stream=$(redis-cli -p "$REDIS_PORT" -n 3 --scan --pattern 'wecom-bot:*:outbox')
for _ in $(seq 1200); do [[ $(redis-cli -p "$REDIS_PORT" -n 3 xlen "$stream") == 0 ]] && break; sleep 0.05; done
kill -TERM "${deliverers[$survivor]}"
wait "${deliverers[$survivor]}" || fail "the surviving deliverer did not exit 0 on SIGTERM"
grep -q 'delivered' "$tmp/deliverer-$((survivor + 1)).err" ||
  fail "the surviving deliverer delivered nothing: $(cat "$tmp/deliverer-$((survivor + 1)).err")"
! grep -q "$WECOM_BOT_KEY" "$tmp"/deliverer-*.err || fail "the key was printed"
curl -fsS "$MOCK/_mock/records?key=$WECOM_BOT_KEY" | python3 -c '
import collections, json, re, sys
records = json.load(sys.stdin)
codes = collections.Counter((r.get("reply") or {}).get("json", {}).get("errcode") for r in records)
assert codes.get(45009, 0) == 0, f"{codes[45009]} answers were 45009"
seen, first, last_old, first_new, dup = set(), collections.defaultdict(list), -1, None, 0
messages = [r["body_json"] for r in records if r["delivered"]]
for m, body in enumerate(messages):
    tags = re.findall(r"(h\d-p\d)-(\d{4}) (old|new) ", body[body["msgtype"]]["content"])
    dup += any((p, i) in seen for p, i, _ in tags)
    for p, i, phase in tags:
        if (p, i) not in seen:
            seen.add((p, i))
            first[p].append(int(i))
        if phase == "old":
            last_old = m
        elif first_new is None:
            first_new = m
for p in [f"h{h}-p{q}" for h in (1, 2, 3) for q in (1, 2)]:
    assert first[p] == list(range(1, 41)), f"{p}: {first[p]} is not 1..40 in order"
assert first_new is not None and last_old < first_new, f"an alert enqueued after the kill went out (message {first_new}) before the dead holder'"'"'s last (message {last_old})"
assert dup <= 1, f"{dup} duplicated messages for one kill"
print(f"240 alerts from 6 producers on 3 hosts in {len(messages)} messages ({dup} duplicated), each producer in order, "
      "the dead holder'"'"'s unacknowledged alerts before the newer ones, 0 × 45009")
'
for h in 1 2 3; do for p in 1 2; do
  [[ ! -e $tmp/hosts-state-h$h-p$p/wecom-bot/state.sqlite3 ]] || fail "a redis:// producer wrote a SQLite file"
done; done
# --- 5. wecom-notifier beside the outbox --------------------------------------------------------
step "the same alerts through wecom-notifier and the outbox: bench/notifier-compare.sh --smoke"
bench/notifier-compare.sh --smoke | tail -n 4 || fail "bench/notifier-compare.sh --smoke"
echo "outbox: tests over both stores, the storm and the crash test over each, Redis across hosts, beside wecom-notifier ok"
