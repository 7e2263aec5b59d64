#!/usr/bin/env bash
# Mutation testing of the rate window's code (issue 12): every store's window logic must have
# no surviving mutant under cargo-mutants. Not run in CI (minutes per mutant on 2 cores): run it
# by hand and commit its summary, bench/mutants/store.txt.
#   scripts/mutants-store.sh            # window.rs, memory.rs, sqlite.rs, redis.rs
# Installs cargo-mutants (cached in /var/cache/wecom-bot/cargo-mutants) and starts its own
# redis-server on a free loopback port for the Redis store's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS=/var/cache/wecom-bot/cargo-mutants
[[ -x $TOOLS/bin/cargo-mutants ]] || cargo install --locked cargo-mutants --root "$TOOLS"
command -v redis-server >/dev/null || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null
}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --loglevel warning >/dev/null 2>&1 &
redis=$!
out=$(mktemp -d)
trap 'kill $redis 2>/dev/null || true; rm -rf "$out"' EXIT
export WECOM_BOT_TEST_REDIS=redis://127.0.0.1:$port/0 WECOM_BOT_STORE=memory
# RedisStore::run only ships the Lua script's answer (its ~80 return-tuple mutants are all
# killed by the same conformance test); the script itself is mutated by no tool.
set +e
"$TOOLS/bin/cargo-mutants" mutants -p wecom-bot \
  -f core/src/store/window.rs -f core/src/store/memory.rs -f core/src/store/sqlite.rs -f core/src/store/redis.rs \
  --exclude-re 'RedisStore::run' --output "$out" -- --lib
rc=$?
set -e
{
  echo "# cargo-mutants over the rate window's code ($(date -u +%Y-%m-%d), commit $(git -C "$ROOT" rev-parse --short HEAD))"
  echo "# exit code $rc (0: every mutant caught or unviable)"
  for f in caught missed timeout unviable; do
    [[ -f $out/mutants.out/$f.txt ]] && echo "$f: $(wc -l <"$out/mutants.out/$f.txt")"
  done
  echo
  echo "## missed"
  cat "$out/mutants.out/missed.txt" 2>/dev/null || true
  echo "## timeout"
  cat "$out/mutants.out/timeout.txt" 2>/dev/null || true
} | tee "$ROOT/bench/mutants/store.txt"
exit $rc
