#!/usr/bin/env bash
# Relay (issue 14): the real pipeline on free loopback ports, with real parts — Debian's
# prometheus and prometheus-alertmanager (installed when missing), the real `wecom-bot relay`
# started from docs/relay.md's first config exactly as written, the real mock with its window
# scaled to 20 per 2 s (the relay's client the same, WECOM_BOT_RATE_LIMIT), a SQLite store.
#   1. pipeline: a metric this script serves flips to 1 → Prometheus's rule fires →
#      Alertmanager → relay → mock: rendered markdown with the alert's labels; flipped back →
#      the resolved message arrives;
#   2. storm through Alertmanager: 200 alerts in one group, then 20 groups of 10: every alert
#      name delivered, 0 × 45009;
#   3. Grafana's sample payload (tests/relay/grafana.json) delivered;
#   4. docs/relay.md: the Alertmanager snippet passes amtool, the systemd unit passes
#      systemd-analyze verify (where systemd-analyze exists), --check-config reports lines;
#   5. Prometheus scrapes the relay's /metrics (the OpenMetrics text it serves parses);
#   6. the key is in no line the relay wrote;
#   7. scale-out: two relays sharing one redis:// store (redis-server installed when missing),
#      each receiving half of a storm: every alert exactly once, 0 × 45009, nothing left.
# Waits are bounded (a failure, never a hang); times are printed, never asserted.
source "$(dirname "$0")/lib.sh"
apt_install prometheus prometheus-alertmanager redis-server redis-tools
workspace_built
BIN=$ROOT/target/debug/wecom-bot
unset WECOM_BOT_WEBHOOK WECOM_BOT_KEY WECOM_BOT_BASE_URL WECOM_BOT_RATE_LIMIT
fail() { echo "test-relay.sh: FAILED: $*" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT


# Starts "$@" in the background with its stdout on a FIFO; sets FIRST to its first line.
start_reading() {
  local name=$1; shift
  mkfifo "$tmp/$name.out"
  "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  exec {fd}<"$tmp/$name.out"
  read -r -t 30 FIRST <&"$fd" || { cat "$tmp/$name.err"; fail "$name did not start"; }
}

step "mock (rate limit 20/2 s)"
start_reading mock "$BIN" mock --port 0 --rate-limit 20/2 --quiet
MOCK=${FIRST#listening on }
[[ $MOCK == http://127.0.0.1:* ]] || fail "mock's first line: $FIRST"

export WECOM_BOT_KEY=RelaySuite-k3yc4n4ry-0c1d2e3f WECOM_BOT_BASE_URL=$MOCK WECOM_BOT_RATE_LIMIT=20/2
export WECOM_BOT_STORE=sqlite:$tmp/state.sqlite3

step "docs/relay.md's snippets"
python3 scripts/snippets.py files docs/relay.md "$tmp/docs"
for f in relay.toml try.sh relay-full.toml relay-redis.toml alertmanager.yml wecom-bot-relay.service; do [[ -s $tmp/docs/$f ]] || fail "docs/relay.md has no $f snippet"; done
for t in relay/templates/*.j2; do
  cmp -s "$t" "$tmp/docs/templates/${t##*/}" || fail "docs/relay.md does not show $t as the binary ships it"
done
"$BIN" relay --config "$tmp/docs/relay.toml" --check-config || fail "the docs' first config does not check"
RELAY_TOKEN=a-token-of-the-docs-0123 "$BIN" relay --config "$tmp/docs/relay-redis.toml" --check-config \
  || fail "the docs' scale-out config does not check"
# The docs' every-key example: nothing wrong but the two files it names.
if RELAY_TOKEN=a-token-of-the-docs-0123 "$BIN" relay --config "$tmp/docs/relay-full.toml" --check-config 2>"$tmp/full.err"; then
  [[ -e /etc/wecom-bot/token && -e /etc/wecom-bot/dba.key ]] || fail "relay-full.toml names files that do not exist, yet passed"
else
  grep -v -e 'tokens\[1\]: the file /etc/wecom-bot/token cannot be read' -e 'robots.dba: the file /etc/wecom-bot/dba.key cannot be read' \
    "$tmp/full.err" && fail "docs/relay.md's every-key example has other errors (above)"
  [[ $(wc -l <"$tmp/full.err") -eq 2 ]] || { cat "$tmp/full.err"; fail "relay-full.toml's check"; }
fi
amtool check-config "$tmp/docs/alertmanager.yml" >/dev/null || fail "the docs' Alertmanager snippet"
if command -v systemd-analyze >/dev/null; then
  # The unit as written, with ExecStart's binary and config pointed at this build.
  mkdir -p "$tmp/unit"
  sed -e "s|/usr/local/bin/wecom-bot|$BIN|" -e "s|/etc/wecom-bot/relay.toml|$tmp/docs/relay.toml|" \
    "$tmp/docs/wecom-bot-relay.service" >"$tmp/unit/wecom-bot-relay.service"
  systemd-analyze verify "$tmp/unit/wecom-bot-relay.service" 2>"$tmp/unit.err" || { cat "$tmp/unit.err"; fail "systemd-analyze verify"; }
  step "systemd unit verified"
else
  step "systemd-analyze is not installed: the unit is not verified"
fi
printf '[robots.ops]\nkey_env = "WECOM_BOT_KEY"\n\n[routes.x]\nrobots = ["nobody"]\nformat = "pdf"\n' >"$tmp/bad.toml"
if "$BIN" relay --config "$tmp/bad.toml" --check-config 2>"$tmp/bad.err"; then fail "a bad config passed --check-config"; fi
grep -q "bad.toml:6: routes.x: unknown variant \`pdf\`" "$tmp/bad.err" || { cat "$tmp/bad.err"; fail "--check-config's report"; }

step "docs/relay.md's try-it script, as written (ports 8080 and 9095)"
(cd "$tmp/docs" && PATH=$ROOT/target/debug:$PATH WECOM_BOT_STORE=sqlite:$tmp/try.sqlite3 bash -e try.sh >"$tmp/try.out" 2>&1) \
  || { cat "$tmp/try.out"; fail "docs/relay.md's try.sh"; }
grep -q '"robot":"ops"' "$tmp/try.out" || { cat "$tmp/try.out"; fail "try.sh's answer"; }

step "relay (docs/relay.md's first config, as written)"
start_reading relay "$BIN" relay --config "$tmp/docs/relay.toml" --listen 127.0.0.1:0
RELAY=${FIRST#listening on }
[[ $RELAY == http://127.0.0.1:* ]] || fail "relay's first line: $FIRST"
curl -fsS "$RELAY/readyz" >/dev/null || fail "relay not ready"

# The metric Prometheus scrapes: relay_test_flag, read from a file the script flips.
echo 0 >"$tmp/flag"
FLAG_PORT=$(free_port) PROM_PORT=$(free_port) AM_PORT=$(free_port)
python3 - "$tmp/flag" "$FLAG_PORT" >"$tmp/flag.log" 2>&1 <<'EOF' &
import http.server, sys
path, port = sys.argv[1], int(sys.argv[2])
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"# TYPE relay_test_flag gauge\nrelay_test_flag {open(path).read().strip()}\n".encode()
        self.send_response(200); self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
EOF
pids+=($!)

cat >"$tmp/rules.yml" <<'EOF'
groups:
  - name: relay-test
    interval: 1s
    rules:
      - alert: RelayPipelineTest
        expr: relay_test_flag == 1
        labels: { severity: critical, team: relay-test, group: pipeline }
        annotations: { summary: "the test flipped relay_test_flag to 1" }
EOF
cat >"$tmp/prometheus.yml" <<EOF
global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [ "$tmp/rules.yml" ]
scrape_configs:
  - job_name: flag
    static_configs: [ { targets: [ "127.0.0.1:$FLAG_PORT" ] } ]
  - job_name: relay
    static_configs: [ { targets: [ "${RELAY#http://}" ] } ]
alerting:
  alertmanagers:
    - static_configs: [ { targets: [ "127.0.0.1:$AM_PORT" ] } ]
EOF
cat >"$tmp/alertmanager.yml" <<EOF
route:
  receiver: wecom
  group_by: [ group ]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: wecom
    webhook_configs:
      - url: "$RELAY/v1/alertmanager/default"
        send_resolved: true
EOF
step "prometheus :$PROM_PORT, alertmanager :$AM_PORT, metric :$FLAG_PORT"
prometheus-alertmanager --config.file="$tmp/alertmanager.yml" --storage.path="$tmp/am" \
  --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= >"$tmp/am.log" 2>&1 &
pids+=($!)
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/prom" \
  --web.listen-address="127.0.0.1:$PROM_PORT" >"$tmp/prom.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$AM_PORT/-/ready" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && break
  sleep 0.3
done
curl -fsS "http://127.0.0.1:$AM_PORT/-/ready" >/dev/null || { tail "$tmp/am.log"; fail "alertmanager not ready"; }
curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null || { tail "$tmp/prom.log"; fail "prometheus not ready"; }

# wait_for SECONDS PYTHON-CONDITION: polls the mock's records for this key until the condition
# (over `contents`, the delivered messages' text, and `codes`, the errcodes answered) holds.
wait_for() {
  local limit=$1 cond=$2
  python3 - "$MOCK" "${WAIT_KEY:-$WECOM_BOT_KEY}" "$limit" "$cond" <<'EOF'
import collections, json, sys, time, urllib.request
mock, key, limit, cond = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
deadline = time.monotonic() + limit
while True:
    records = json.load(urllib.request.urlopen(f"{mock}/_mock/records?key={key}"))
    delivered = [r["body_json"] for r in records if r["delivered"]]
    contents = [json.dumps(b[b["msgtype"]], ensure_ascii=False) if b["msgtype"] == "template_card" else b[b["msgtype"]]["content"] for b in delivered]
    codes = collections.Counter((r.get("reply") or {}).get("json", {}).get("errcode") for r in records)
    if eval(cond):
        sys.exit(0)
    if time.monotonic() > deadline:
        print(f"not within {limit:.0f} s: {cond}\n{len(contents)} delivered; errcodes {dict(codes)}", file=sys.stderr)
        for c in contents[-3:]:
            print("---", c[:600], file=sys.stderr)
        sys.exit(1)
    time.sleep(0.3)
EOF
}

step "pipeline: flag → 1"
t0=$SECONDS
echo 1 >"$tmp/flag"
wait_for 60 'any("FIRING 1" in c and "RelayPipelineTest" in c and "team=`relay-test`" in c and "severity=`critical`" in c and "the test flipped" in c for c in contents)' \
  || { tail -n 5 "$tmp/relay.err" "$tmp/am.log"; fail "the firing alert did not arrive"; }
step "firing message delivered $((SECONDS - t0)) s after the flip; flag → 0"
t1=$SECONDS
echo 0 >"$tmp/flag"
wait_for 60 'any("RESOLVED 1" in c and "RelayPipelineTest" in c and "team=`relay-test`" in c for c in contents)' \
  || fail "the resolved alert did not arrive"
step "resolved message delivered $((SECONDS - t1)) s after the flip back"

# post_alerts GROUP:PREFIX:N…: N alerts PREFIX-001… with label group=GROUP per argument, all in
# one request straight into Alertmanager's API (as Prometheus would send them).
post_alerts() {
  python3 - "http://127.0.0.1:$AM_PORT/api/v2/alerts" "$@" <<'EOF'
import datetime, json, sys, urllib.request
url = sys.argv[1]
now = datetime.datetime.now(datetime.timezone.utc)
ends = (now + datetime.timedelta(hours=1)).isoformat()
alerts = []
for spec in sys.argv[2:]:
    group, prefix, n = spec.split(":")
    alerts += [{"labels": {"alertname": f"{prefix}-{i:03d}", "group": group, "severity": "warning", "instance": f"node-{i}.storm:9100"},
                "annotations": {"summary": f"{prefix}-{i:03d}: disk usage above the threshold on node-{i}"},
                "startsAt": now.isoformat(), "endsAt": ends, "generatorURL": "http://prometheus.invalid/graph"}
               for i in range(1, int(n) + 1)]
req = urllib.request.Request(url, json.dumps(alerts).encode(), {"Content-Type": "application/json"})
urllib.request.urlopen(req).read()
EOF
}

step "storm: 200 alerts in one group"
t2=$SECONDS
post_alerts storm-one:StormA:200
wait_for 120 'all(any(f"StormA-{i:03d}" in c for c in contents) for i in range(1, 201))' || fail "not every StormA alert arrived"
step "200 alerts delivered in $((SECONDS - t2)) s"
step "storm: 20 groups of 10"
t3=$SECONDS
# shellcheck disable=SC2046
post_alerts $(for g in $(seq -w 1 20); do echo "storm-$g:StormB$g:10"; done)
wait_for 120 'all(any(f"StormB{g:02d}-{i:03d}" in c for c in contents) for g in range(1, 21) for i in range(1, 11))' \
  || fail "not every StormB alert arrived"
step "20 groups delivered in $((SECONDS - t3)) s"

step "Grafana's sample"
curl -fsS -X POST -H 'Content-Type: application/json' --data-binary @tests/relay/grafana.json "$RELAY/v1/grafana/default" >/dev/null
wait_for 30 'any("HighMemoryUsage" in c and "zone=`cn-sh-1`" in c and "DiskAlmostFull" in c for c in contents)' || fail "Grafana's sample"

wait_for 5 'codes.get(45009, 0) == 0' || fail "the mock answered 45009"
curl -fsS "$RELAY/metrics" >"$tmp/metrics.txt"
grep -E '^wecom_relay_(messages_(enqueued|delivered|packed)_total|rate_limited_total|sends_total)' "$tmp/metrics.txt"
grep -q '^wecom_relay_rate_limited_total{robot="ops"} 0$' "$tmp/metrics.txt" || fail "the relay saw a 45009"
python3 - "$MOCK" "$WECOM_BOT_KEY" <<'EOF'
import json, sys, urllib.request
records = json.load(urllib.request.urlopen(f"{sys.argv[1]}/_mock/records?key={sys.argv[2]}"))
d = [r for r in records if r["delivered"]]
print(f"relay: {len(d)} messages delivered, {len(records) - len(d)} refused (none is a 45009)")
EOF

step "Prometheus scrapes the relay's /metrics"
python3 - "http://127.0.0.1:$PROM_PORT" <<'EOF' || fail "Prometheus did not scrape the relay's metrics"
import json, sys, time, urllib.parse, urllib.request
q = urllib.parse.quote('wecom_relay_messages_delivered_total{job="relay",robot="ops"}')
deadline = time.monotonic() + 20
while True:
    r = json.load(urllib.request.urlopen(f"{sys.argv[1]}/api/v1/query?query={q}"))["data"]["result"]
    if r and float(r[0]["value"][1]) > 0:
        print(f"prometheus: wecom_relay_messages_delivered_total = {r[0]['value'][1]}")
        sys.exit(0)
    if time.monotonic() > deadline:
        sys.exit(1)
    time.sleep(0.5)
EOF

step "SIGHUP: a bad file is refused (the old config stays), a good one is applied"
cp "$tmp/docs/relay.toml" "$tmp/good.toml"
printf '\n[routes.broken]\nrobots = ["nobody"]\n' >>"$tmp/docs/relay.toml"
kill -HUP "${pids[1]}"
for _ in $(seq 50); do grep -q "reload failed" "$tmp/relay.err" && break; sleep 0.2; done
grep -q 'reload failed, the running config stays: .*relay.toml:8: routes.broken.robots: no robot is named "nobody"' "$tmp/relay.err" \
  || { cat "$tmp/relay.err"; fail "a bad reload was not refused with its line"; }
curl -fsS -X POST -H 'Content-Type: text/plain' --data 'after a bad reload' "$RELAY/v1/robots/ops/messages" >/dev/null
cp "$tmp/good.toml" "$tmp/docs/relay.toml"
kill -HUP "${pids[1]}"
for _ in $(seq 50); do grep -q "reloaded" "$tmp/relay.err" && break; sleep 0.2; done
grep -q "reloaded" "$tmp/relay.err" || fail "a good reload was not applied"
wait_for 30 '"after a bad reload" in contents' || fail "the relay stopped delivering after a reload"

step "stop (SIGTERM drains)"
kill -TERM "${pids[1]}"
wait "${pids[1]}" || fail "the relay did not exit 0 on SIGTERM"
cat "$tmp/relay.err"
! grep -q "k3yc4n4ry" "$tmp/relay.err" "$tmp/metrics.txt" || fail "the key is in the relay's output"

# Scale-out: two relays, one redis:// store (the quota's window and the outbox's stream), each
# receiving half of a storm at once; one of them holds the robot's lease and delivers all.
start_redis "$tmp" --appendonly yes || fail "redis-server did not start"
pids+=("$REDIS_PID")
SCALE_KEY=RelayScale-k3yc4n4ry-4a5b6c7d
step "scale-out: two relays on redis-server $(redis-server --version | grep -o 'v=[0-9.]*'), 30 groups of 10 alerts, half to each"
scale_env=(env WECOM_BOT_KEY=$SCALE_KEY WECOM_BOT_STORE=redis://127.0.0.1:$REDIS_PORT/0)
start_reading relayA "${scale_env[@]}" "$BIN" relay --config "$tmp/docs/relay.toml" --listen 127.0.0.1:0
RELAY_A=${FIRST#listening on } PID_A=${pids[-1]}
start_reading relayB "${scale_env[@]}" "$BIN" relay --config "$tmp/docs/relay.toml" --listen 127.0.0.1:0
RELAY_B=${FIRST#listening on } PID_B=${pids[-1]}
post_groups() {
  python3 - "$1/v1/alertmanager/default" "$2" "$3" <<'EOF'
import json, sys, urllib.request
url, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for g in range(first, last + 1):
    alerts = [{"status": "firing", "labels": {"alertname": f"ScaleG{g:02d}-{i:03d}", "group": f"scale-{g:02d}", "instance": f"node-{i}:9100"},
               "annotations": {"summary": f"group {g} alert {i}"}, "startsAt": "2026-12-02T22:00:00Z",
               "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus.invalid/graph"} for i in range(1, 11)]
    body = {"version": "4", "status": "firing", "receiver": "wecom", "groupKey": f"scale-{g:02d}", "truncatedAlerts": 0,
            "groupLabels": {"group": f"scale-{g:02d}"}, "commonLabels": {}, "commonAnnotations": {},
            "externalURL": "http://alertmanager.invalid", "alerts": alerts}
    req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    assert urllib.request.urlopen(req).status == 202
EOF
}
t4=$SECONDS
post_groups "$RELAY_A" 1 15 & a=$!
post_groups "$RELAY_B" 16 30 & b=$!
wait "$a" && wait "$b" || fail "a relay refused a group"
WAIT_KEY=$SCALE_KEY wait_for 120 'all(sum(c.count(f"ScaleG{g:02d}-{i:03d}") for c in contents) == 1 for g in range(1, 31) for i in range(1, 11))' \
  || fail "not every alert of the scale-out storm arrived exactly once"
WAIT_KEY=$SCALE_KEY wait_for 5 'codes.get(45009, 0) == 0' || fail "the mock answered 45009 to the two relays"
step "300 alerts through two relays delivered in $((SECONDS - t4)) s, each exactly once, 0 × 45009"
for r in "$RELAY_A" "$RELAY_B"; do curl -fsS "$r/metrics"; done >"$tmp/scale.txt"
python3 - "$tmp/scale.txt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def total(name):
    return sum(float(v) for v in re.findall(rf'^{name}{{robot="ops"}} (\S+)$', text, re.M))
enq, dlv, pending = total("wecom_relay_messages_enqueued_total"), total("wecom_relay_messages_delivered_total"), total("wecom_relay_outbox_pending")
print(f"two relays: {enq:.0f} enqueued, {dlv:.0f} delivered, {pending:.0f} pending, {total('wecom_relay_rate_limited_total'):.0f} × 45009")
assert enq == 30 and dlv == enq and pending == 0, "something was lost"
EOF
for p in $PID_A $PID_B; do kill -TERM "$p"; wait "$p" || fail "a scale-out relay did not exit 0"; done
for k in $(redis-cli -p "$REDIS_PORT" --scan); do
  ! redis-cli -p "$REDIS_PORT" --no-raw dump "$k" | grep -q k3yc4n4ry || fail "a key is in Redis value $k"
done
! grep -q "k3yc4n4ry" "$tmp/relayA.err" "$tmp/relayB.err" "$tmp/scale.txt" || fail "the key is in a scale-out relay's output"
echo "relay: pipeline, storm, Grafana and scale-out ok"
