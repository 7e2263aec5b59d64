#!/usr/bin/env bash
# CLI: the wecom-bot command's integration tests (real binary, real sockets, the in-process
# mock), then the command as a shell user runs it: docs/cli.md's examples against
# `wecom-bot mock`, checked through the mock's /_mock/records, and the demo.
# Reuses the workspace build in target/debug (scripts/test.sh builds it once).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test -q -p wecom-bot-cli --locked

BIN=$PWD/target/debug/wecom-bot
[[ -x $BIN ]] || cargo build -q -p wecom-bot-cli --locked
tmp=$(mktemp -d)
mock_pid=
cleanup() {
  if [[ -n $mock_pid ]]; then kill "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "test-cli.sh: FAILED: $*" >&2; exit 1; }

# The mock as its own process; it stops when its standard input (this fifo) closes.
mkfifo "$tmp/mock-in" "$tmp/mock-out"
"$BIN" mock --port 0 --quiet <"$tmp/mock-in" >"$tmp/mock-out" &
mock_pid=$!
exec 7>"$tmp/mock-in" 8<"$tmp/mock-out"
read -r line <&8
base=${line#listening on }
[[ $base == http://127.0.0.1:* ]] || fail "mock's first line: $line"

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

exec 7>&-   # end of the mock's standard input: it stops by itself
wait "$mock_pid" || fail "the mock exited $?"
mock_pid=

# The demo, as the README runs it.
env -u WECOM_BOT_KEY -u WECOM_BOT_BASE_URL "$BIN" demo >"$tmp/demo.txt" || fail "the demo failed: $(tail -5 "$tmp/demo.txt")"
grep -q 'The mock received 13 requests (13 delivered) for 12 commands.' "$tmp/demo.txt" || fail "demo summary: $(tail -12 "$tmp/demo.txt")"
# docs/cli.md's walk-through, as written, with target/debug on the PATH (the block starts its own
# mock on port 8081 and stops it; the EXIT trap stops it too if a step fails).
python3 ffi-c/tests/extract_examples.py docs/cli.md "$tmp/docs" >/dev/null
out=$(cd "$PWD" && PATH=$PWD/target/debug:$PATH bash -eu -c 'trap "kill \$(jobs -p) 2>/dev/null || true" EXIT; source "$1"' _ "$tmp/docs/try-with-the-mock.sh" 2>&1) \
  || fail "docs/cli.md's walk-through: $out"
[[ $(tail -n 1 <<<"$out" | tr -d ' ') == 4 ]] || fail "docs/cli.md's walk-through: the mock did not receive 4 requests: $out"

# The README's first command shows the build's progress: no `cargo run -q`.
first=$(sed -n '/^## Two commands/,/^```$/p' README.md | grep -m1 '^cargo run')
[[ $first == "cargo run -p wecom-bot-cli -- demo"* ]] || fail "README's first command is: $first"
echo "cli: shell examples, docs/cli.md's walk-through and demo ok"
