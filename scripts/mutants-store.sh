#!/usr/bin/env bash
# Mutation testing of the rate window's code of every store (issue 12: "the window code of every
# store has no surviving mutant"): core/src/store/window.rs (the rule), memory.rs, sqlite.rs and
# redis.rs (the rows each store keeps). Not in CI (≈ 30-60 s a mutant on the shared 2 cores):
# run it by hand; it rewrites the "store windows" block at the end of docs/mutants.txt
# (survivors explained in docs/reliability.md).
#   scripts/mutants-store.sh                 # every window mutant (≈ 95)
#   scripts/mutants-store.sh -F 'memory.rs'  # extra cargo-mutants arguments (a re-run of some)
# Each mutant is judged by the store's unit tests (`store::`: the conformance of every store
# against the shared rules, the Redis store's against a redis-server of this script's own on a
# free loopback port) and the window pins through the public API (core/tests/store_window_pins.rs,
# `window_pins::`), nothing else, so that a mutant's test run stays short. The outbox (also in
# sqlite.rs and redis.rs, in its own modules) is not in scope: `--exclude-re outbox`.
# RedisStore::run only ships the Lua script's answer (its ~80 return-tuple mutants are all
# killed by the same conformance test); the script itself is mutated by no tool.
# Installs cargo-mutants once into /var/cache/wecom-bot/cargo-tools (scripts/mutants.sh's), runs
# niced, builds in target/mutants-build without debug info (one copy of the tree at a time).
source "$(dirname "$0")/lib.sh"
cargo_tool cargo-mutants
scratch
start_redis "$tmp"
export WECOM_BOT_TEST_REDIS=redis://127.0.0.1:$REDIS_PORT/0 WECOM_BOT_STORE=memory
export CARGO_TARGET_DIR=$ROOT/target/mutants-build CARGO_PROFILE_DEV_DEBUG=0 CARGO_TERM_COLOR=never
out=target/mutants/store-window
# the tree cargo-mutants copies: this commit, plus what is not committed yet
tree=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core || echo ' + uncommitted changes under core/')
mkdir -p "$out"
rc=0
nice -n 10 cargo mutants -p wecom-bot --test-workspace=false \
  -f core/src/store/window.rs -f core/src/store/memory.rs -f core/src/store/sqlite.rs -f core/src/store/redis.rs \
  --exclude-re 'RedisStore::run' --exclude-re 'outbox' \
  --cargo-arg=--lib --cargo-arg=--test=store_window_pins --timeout 120 -j 1 --output "$out" "$@" \
  -- -- store:: window_pins:: || rc=$?
# 0: all caught; 2: some survived; 3: some timed out (caught, counted apart)
((rc == 0 || rc == 2 || rc == 3)) || exit "$rc"

mo=$out/mutants.out
count() { if [[ -f $mo/$1.txt ]]; then wc -l <"$mo/$1.txt"; else echo 0; fi; }
block=$(
  echo "## store windows (scripts/mutants-store.sh $*; $(date -u +%Y-%m-%d), tree $tree)"
  echo "# window.rs, memory.rs, sqlite.rs, redis.rs without the outbox and RedisStore::run; tests: store:: and window_pins::"
  echo "caught $(count caught), missed $(count missed), timeout $(count timeout), unviable $(count unviable)"
  echo "missed:"
  cat "$mo/missed.txt" 2>/dev/null || true
)
# Replace the block (from its heading to the end of the file) or append it.
python3 - "$block" <<'EOF'
import sys, pathlib
p = pathlib.Path("docs/mutants.txt")
text = p.read_text()
head = text.split("\n## store windows (", 1)[0].rstrip("\n")
p.write_text(head + "\n\n" + sys.argv[1].rstrip("\n") + "\n")
EOF
echo "$block"
exit "$rc"
