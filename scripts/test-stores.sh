#!/usr/bin/env bash
# Stores: the shared rate window (issue 12) with real parts — the real `wecom-bot` binary, the
# real mock with a scaled window (20 per 2 s, the clients the same), SQLite files shared by
# processes, a real redis-server (installed from Debian when missing, started on a free loopback
# port and stopped afterwards), and three network namespaces as "hosts".
#   1. store-level unit tests, the Redis store's against this script's Redis;
#   2. 4 processes × 30 `wecom-bot send` with the default store (one XDG_STATE_HOME): 120
#      delivered, no 45009;
#   3. "hosts": 3 namespaces × 2 processes, each its own XDG_STATE_HOME, one redis:// store: no
#      45009, all delivered, each sender's order kept, the window visible in Redis;
#   4. Redis killed: `local` completes with a warning, `fail` exits 19 (store) at once; a
#      restarted Redis is used again;
#   5. the key is in no SQLite file, no Redis key or value (--scan + DUMP), no output;
#   6. rediss:// with a self-signed certificate when Debian's redis-server has TLS.
# Times are printed, never asserted (bench/ measures them).
source "$(dirname "$0")/lib.sh"
BIN=$ROOT/target/debug/wecom-bot
unset WECOM_BOT_STORE WECOM_BOT_WEBHOOK WECOM_BOT_KEY WECOM_BOT_BASE_URL WECOM_BOT_RATE_LIMIT
fail() { echo "test-stores.sh: FAILED: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }

workspace_built
apt_install redis-server redis-tools socat iproute2 openssl

scratch

# protected mode off: the namespaces' "hosts" connect through the bridge address (only
# loopback and that address are bound)
redis_args=(--protected-mode no)
stop_redis() { kill -9 "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; }
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }

# The mock, 20 per 2 s, until the script ends.
start_mock "$tmp" --rate-limit 20/2 || fail "the mock did not start"
export WECOM_BOT_RATE_LIMIT=20/2

# records KEY: the mock's records of KEY as JSON lines "seq errcode delivered content"
check() { # check KEY EXPECTED [ordered-senders]: all delivered once, no 45009, senders' order kept
  curl -fsS "$MOCK/_mock/records?key=$1" | python3 -c '
import json, sys, re, collections
key, expected = sys.argv[1], int(sys.argv[2])
records = json.load(sys.stdin)
codes = collections.Counter((r.get("reply") or {}).get("json", {}).get("errcode") for r in records)
delivered = [r["body_json"]["text"]["content"] for r in records if r["delivered"]]
print(f"{len(records)} requests, answers {dict(codes)}, {len(delivered)} delivered")
assert codes.get(45009, 0) == 0, f"{codes.get(45009)} answers were 45009"
assert len(delivered) == expected and len(set(delivered)) == expected, "each message delivered exactly once"
senders = collections.defaultdict(list)
for c in delivered:
    s, n = c.rsplit(" ", 1)
    senders[s].append(int(n))
for s, ns in senders.items():
    assert ns == sorted(ns), f"{s}: out of order: {ns}"
print(f"{len(senders)} senders, each in its own order")
' "$1" "$2"
}

# --- 1. store-level unit tests ------------------------------------------------------------------
step "store unit tests (memory, sqlite, and redis against redis-server $(redis-server --version | grep -o 'v=[0-9.]*'))"
start_redis "$tmp" "${redis_args[@]}" || fail "redis-server did not start"
WECOM_BOT_TEST_REDIS=redis://127.0.0.1:$REDIS_PORT/0 cargo test -q -p wecom-bot --locked --lib store:: 2>&1 | tail -3
# the window pins through the public API (core/tests/store_window_pins.rs), Redis included
WECOM_BOT_TEST_REDIS=redis://127.0.0.1:$REDIS_PORT/0 cargo test -q -p wecom-bot --locked --test store_window_pins 2>&1 | tail -3
ok "store unit tests"

# --- 2. one host: 4 processes × 30 invocations, the default store ------------------------------
step "4 processes × 30 wecom-bot send, default store (one XDG_STATE_HOME)"
key=StoresSqlite-k3yc4n4ry-5f1e2d3c
export XDG_STATE_HOME=$tmp/state-shared
t0=$(date +%s.%N)
senders=()
for p in 1 2 3 4; do
  (for i in $(seq -w 1 30); do
    WECOM_BOT_KEY=$key WECOM_BOT_BASE_URL=$MOCK "$BIN" send text "p$p $i" 2>>"$tmp/sqlite-p$p.err" || echo "p$p $i: exit $?" >>"$tmp/sqlite-p$p.err"
  done) &
  senders+=($!)
done
wait "${senders[@]}"
t1=$(date +%s.%N)
head -q -n 5 "$tmp"/sqlite-p*.err 2>/dev/null || true
check "$key" 120
python3 -c "import sys; print(f'120 messages in {float(sys.argv[2]) - float(sys.argv[1]):.1f} s (the minimum is 10 s)')" "$t0" "$t1"
db=$XDG_STATE_HOME/wecom-bot/state.sqlite3
[[ -f $db ]] || fail "the default store $db was not created"
! grep -a -q "$key" "$db" "$db"-* 2>/dev/null || fail "the key is in the SQLite file"
! grep -q "$key" "$tmp"/sqlite-p*.err 2>/dev/null || fail "the key was printed"
WECOM_BOT_KEY=$key WECOM_BOT_BASE_URL=$MOCK "$BIN" quota status | tee "$tmp/status.txt"
grep -q "^store   sqlite:$db$" "$tmp/status.txt" || fail "quota status does not name the default store"
! grep -q "$key" "$tmp/status.txt" || fail "quota status printed the key"
ok "sqlite: 120 delivered, no 45009, key in no file or output"
unset XDG_STATE_HOME

# --- 3. three "hosts" (network namespaces), one Redis --------------------------------------------
step "3 network namespaces × 2 processes, redis:// store, each process its own XDG_STATE_HOME"
stop_redis
# The hosts reach Redis and the mock at the bridge's address on this machine; nothing else.
make_hosts "wbq$$" 10.231.7 3
REDIS_BIND="127.0.0.1 $HOST_GW" restart_redis "$tmp" "${redis_args[@]}" || fail "redis-server did not start"
MOCK_PORT=${MOCK##*:}
forward_to_hosts "$MOCK_PORT" || fail "the mock cannot be reached from the hosts"
key=StoresRedis-k3yc4n4ry-9a8b7c6d
t0=$(date +%s.%N)
senders=()
for h in 1 2 3; do
  for p in 1 2; do
    (export XDG_STATE_HOME=$tmp/state-h$h-p$p
    for i in $(seq -w 1 20); do
      ip netns exec "${HOSTS[$((h - 1))]}" env WECOM_BOT_KEY=$key WECOM_BOT_BASE_URL="http://$HOST_GW:$MOCK_PORT" \
        WECOM_BOT_STORE="redis://$HOST_GW:$REDIS_PORT/0" "$BIN" send text "h$h-p$p $i" --allow-insecure-http \
        2>>"$tmp/redis-h$h-p$p.err" || echo "h$h-p$p $i: exit $?" >>"$tmp/redis-h$h-p$p.err"
    done) &
    senders+=($!)
  done
done
wait "${senders[@]}"
t1=$(date +%s.%N)
head -q -n 5 "$tmp"/redis-h*.err 2>/dev/null || true
check "$key" 120
python3 -c "import sys; print(f'120 messages from 3 hosts in {float(sys.argv[2]) - float(sys.argv[1]):.1f} s (the minimum is 10 s)')" "$t0" "$t1"
windows=$(rcli --scan --pattern 'wecom-bot:*:window')
[[ -n $windows ]] || fail "no window in Redis"
echo "in Redis: $windows (TTL $(rcli pttl "$windows") ms, $(rcli zcard "$windows") slots)"
for k in $(rcli --scan); do
  [[ $k != *"$key"* ]] || fail "the key names a Redis key"
  ! rcli --no-raw dump "$k" | grep -q "$key" || fail "the key is in Redis value $k"
done
! grep -q "$key" "$tmp"/redis-h*.err 2>/dev/null || fail "the key was printed"
for h in 1 2 3; do for p in 1 2; do
  [[ ! -e $tmp/state-h$h-p$p/wecom-bot/state.sqlite3 ]] || fail "a redis:// sender wrote a SQLite file"
done; done
ok "redis across 3 namespaces: 120 delivered, no 45009, order kept, window in Redis, key nowhere"

# --- 4. Redis killed in the middle of a run -----------------------------------------------------
step "Redis killed: local keeps sending (warning), fail exits 19 at once; a restart is used again"
export WECOM_BOT_STORE=redis://127.0.0.1:$REDIS_PORT/0 WECOM_BOT_BASE_URL=$MOCK
key=StoresOutage-k3yc4n4ry-1b2c3d4e
export WECOM_BOT_KEY=$key
for i in 01 02 03; do "$BIN" send text "before $i"; done
[[ $(rcli --scan --pattern 'wecom-bot:*:window' | wc -l) -ge 2 ]] || fail "the sends before the kill did not use Redis"
stop_redis
for i in 04 05 06; do "$BIN" send text "local $i" 2>>"$tmp/outage.err"; done
grep -q "cannot be used" "$tmp/outage.err" || fail "no warning when Redis was down: $(cat "$tmp/outage.err")"
grep -m1 "cannot be used" "$tmp/outage.err"
set +e
timeout 20 "$BIN" send text "fail 07" --on-store-error fail 2>"$tmp/fail.err"
rc=$?
set -e
[[ $rc == 19 ]] || fail "with --on-store-error fail and Redis down: exit $rc, not 19: $(cat "$tmp/fail.err")"
grep -q "^error: store: the store redis://127.0.0.1:$REDIS_PORT/0 cannot be used" "$tmp/fail.err" || fail "store error: $(cat "$tmp/fail.err")"
cat "$tmp/fail.err"
REDIS_BIND="127.0.0.1 $HOST_GW" restart_redis "$tmp" "${redis_args[@]}" || fail "redis-server did not start"
before=$(rcli --scan --pattern 'wecom-bot:*:window' | wc -l)
[[ $before == 0 ]] || fail "a fresh Redis already holds a window"
"$BIN" send text "after 08" --on-store-error fail
[[ $(rcli --scan --pattern 'wecom-bot:*:window' | wc -l) == 1 ]] || fail "the restarted Redis is not used"
"$BIN" quota status | tee "$tmp/status.txt"
grep -q "^store   redis://127.0.0.1:$REDIS_PORT/0$" "$tmp/status.txt" || fail "quota status: not the shared Redis store"
! grep -q "$key" "$tmp"/outage.err "$tmp"/fail.err "$tmp/status.txt" || fail "the key was printed"
curl -fsS "$MOCK/_mock/records?key=$key" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert [x["body_json"]["text"]["content"] for x in r if x["delivered"]] == ["before 01", "before 02", "before 03", "local 04", "local 05", "local 06", "after 08"], r'
ok "outage: local completes with one warning per process, fail is exit 19, a restarted Redis is shared again"

# A password never shows: in an error, in quota status
set +e
"$BIN" send text x --store "redis://app:Hunter2Secret@127.0.0.1:1/0" --on-store-error fail 2>"$tmp/pw.err"
rc=$?
set -e
[[ $rc == 19 ]] || fail "unreachable Redis with fail: exit $rc"
! grep -q Hunter2Secret "$tmp/pw.err" || fail "the Redis password was printed: $(cat "$tmp/pw.err")"
grep -q 'redis://app:\*\*\*@127.0.0.1:1/0' "$tmp/pw.err" || fail "the store is not named (masked): $(cat "$tmp/pw.err")"
ok "a Redis password is masked in errors"
unset WECOM_BOT_STORE WECOM_BOT_BASE_URL WECOM_BOT_KEY

# --- 6. rediss:// -----------------------------------------------------------------------------
step "rediss:// with a self-signed certificate"
# A build without TLS refuses the directive; one with TLS only misses the key file.
if ! timeout 5 redis-server --port 0 --tls-port 1 --tls-cert-file /nonexistent 2>&1 | grep -q 'Bad directive'; then
  # A CA of our own and a server certificate it signs (webpki refuses a CA as the end entity).
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=wecom-bot-test-ca -keyout "$tmp/ca.key" -out "$tmp/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout "$tmp/tls.key" -out "$tmp/tls.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' >"$tmp/tls.ext"
  openssl x509 -req -in "$tmp/tls.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial -days 1 \
    -extfile "$tmp/tls.ext" -out "$tmp/tls.crt" 2>/dev/null
  TLS_PORT=$(free_port)
  redis-server --port 0 --tls-port "$TLS_PORT" --bind 127.0.0.1 --tls-cert-file "$tmp/tls.crt" --tls-key-file "$tmp/tls.key" \
    --tls-auth-clients no --save '' --appendonly no --dir "$tmp" --loglevel warning >>"$tmp/redis-tls.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do redis-cli --tls --cacert "$tmp/ca.crt" -p "$TLS_PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
  key=StoresTls-k3yc4n4ry-2c3d4e5f
  SSL_CERT_FILE=$tmp/ca.crt WECOM_BOT_KEY=$key WECOM_BOT_BASE_URL=$MOCK \
    "$BIN" send text "tls 1" --store "rediss://127.0.0.1:$TLS_PORT/0" --on-store-error fail
  [[ $(redis-cli --tls --cacert "$tmp/ca.crt" -p "$TLS_PORT" --scan --pattern 'wecom-bot:*:window' | wc -l) == 1 ]] ||
    fail "no window in the TLS Redis"
  set +e
  WECOM_BOT_KEY=$key WECOM_BOT_BASE_URL=$MOCK "$BIN" send text "tls 2" --store "rediss://127.0.0.1:$TLS_PORT/0" \
    --on-store-error fail 2>"$tmp/tls.err"
  rc=$?
  set -e
  [[ $rc == 19 ]] || fail "an untrusted certificate was accepted (exit $rc)"
  ok "rediss:// (our CA trusted through SSL_CERT_FILE; without it the certificate is refused)"
else
  echo "this redis-server has no TLS: rediss:// is untested here (see docs/decisions.md)"
fi

echo
echo "stores: $passed passed, 0 failed"
