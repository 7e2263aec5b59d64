#!/usr/bin/env bash
# CLI: the wecom-bot command's integration tests (real binary, real sockets, the in-process
# mock), then the command as a shell user runs it: docs/cli.md's examples against
# `wecom-bot mock`, checked through the mock's /_mock/records, and the demo.
# Reuses the workspace build in target/debug (scripts/test.sh builds it once).
source "$(dirname "$0")/lib.sh"
BIN=$ROOT/target/debug/wecom-bot

if [[ ${1:-} != --against-mock ]]; then
  workspace_built
  cargo test -q -p wecom-bot-cli --locked
  step "the conformance suite's json cases through \`wecom-bot send --json FILE --dry-run\` (the harness judges)"
  target/debug/wecom-bot-conformance run --lang cli -- python3 cli/tests/conformance/runner.py "$BIN"
  step "docs/cli.md's commands against \`wecom-bot mock -- …\`, then the demo"
  # The rest runs under the CLI's own mock, started as a shell user would start it.
  "$BIN" mock --port 0 --quiet -- "$ROOT/scripts/test-cli.sh" --against-mock
  # The demo, as the README runs it.
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  env -u WECOM_BOT_KEY -u WECOM_BOT_BASE_URL "$BIN" demo >"$tmp/demo.txt" || { echo "the demo failed: $(tail -5 "$tmp/demo.txt")"; exit 1; }
  grep -q 'The mock received 13 requests (13 delivered) for 12 commands.' "$tmp/demo.txt" \
    || { echo "demo summary: $(tail -12 "$tmp/demo.txt")"; exit 1; }
  # docs/cli.md's walk-through, as written, with target/debug on the PATH (the block starts its
  # own mock on port 8081 and stops it; the EXIT trap stops it too if a step fails).
  python3 scripts/snippets.py files docs/cli.md "$tmp/docs" >/dev/null
  out=$(PATH=$ROOT/target/debug:$PATH bash -eu -c 'trap "kill \$(jobs -p) 2>/dev/null || true" EXIT; source "$1"' _ "$tmp/docs/try-with-the-mock.sh" 2>&1) \
    || { echo "docs/cli.md's walk-through: $out"; exit 1; }
  [[ $(tail -n 1 <<<"$out" | tr -d ' ') == 4 ]] || { echo "docs/cli.md's walk-through: the mock did not receive 4 requests: $out"; exit 1; }
  # docs/cli.md's "Many senders": three loops of sends share one window through a SQLite file
  # (its own mock on port 8082, limited to 20 per 2 s): 30 answers, all errcode 0.
  mkdir -p "$tmp/many"
  out=$(cd "$tmp/many" && PATH=$ROOT/target/debug:$PATH bash -eu -c 'trap "kill \$(jobs -p) 2>/dev/null || true" EXIT; source "$1"' _ "$tmp/docs/many-senders.sh" 2>&1) \
    || { echo "docs/cli.md's many senders: $out"; exit 1; }
  [[ $(tail -n 1 <<<"$out" | sed 's/^ *//') == '30 "errcode":0' ]] || { echo "docs/cli.md's many senders: $out"; exit 1; }
  # The README's first command shows the build's progress: no `cargo run -q`.
  first=$(sed -n '/^## Two commands/,/^```$/p' README.md | grep -m1 '^cargo run')
  [[ $first == "cargo run -p wecom-bot-cli -- demo"* ]] || { echo "README's first command is: $first"; exit 1; }
  echo "cli: shell examples, docs/cli.md's walk-through and demo ok"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test-cli.sh: FAILED: $*" >&2; exit 1; }
base=$WECOM_MOCK_URL
[[ $base == http://127.0.0.1:* ]] || fail "WECOM_MOCK_URL is $base"

key=ShellSmokeKey-7b1d2e3f-4a5b-6c7d-8e9f
export WECOM_BOT_KEY=$key WECOM_BOT_BASE_URL=$base
run() { # run CMD… and keep its stderr; the key must never appear
  "$@" 2>"$tmp/err" || { local rc=$?; cat "$tmp/err" >&2; return $rc; }
  ! grep -q "$key" "$tmp/err" || fail "the key was printed by: $*"
}

run "$BIN" send text 'deploy finished' --mention-all
printf '## Release notes\n- faster\n\n' | run "$BIN" send markdown -
id=$(run "$BIN" upload file tests/fixtures/icon.png)
run "$BIN" send file --media-id "$id"
printf '{"msgtype":"text","text":{"content":"from json"}}' >"$tmp/message.json"
dry=$(run "$BIN" send --json "$tmp/message.json" --dry-run)
[[ $dry == '{"msgtype":"text","text":{"content":"from json"}}' ]] || fail "dry run printed: $dry"
rc=0; "$BIN" send text "$(printf 'a%.0s' {1..2049})" 2>"$tmp/err" || rc=$?
[[ $rc == 10 ]] || fail "an over-long text exits $rc, not 10"
grep -qx 'error: validation: text.content is 2049 bytes; the limit is 2048; --split sends it as several messages' "$tmp/err" \
  || fail "validation message: $(cat "$tmp/err")"

# What the mock received, through its control endpoint.
records=$(curl -fsS "$base/_mock/records?key=$key&delivered=true")
got=$(python3 -c 'import json,sys; print(" ".join(r["msgtype"] or r["kind"] for r in json.load(sys.stdin)))' <<<"$records")
[[ $got == "text markdown upload file" ]] || fail "the mock received: $got"

