#!/usr/bin/env bash
# Mutation testing of the core's rules (not in CI: ≈ 14 s per mutant on 2 idle cores, about a
# minute on a loaded machine). Each FILE (a glob under core/src) is one cargo-mutants run, so
# results come in pieces: each run's outcome lists stay in target/mutants/<name>/, and
# docs/mutants.txt is rewritten from every piece present after each run (committed: the last
# result; each survivor is explained in docs/reliability.md).
#   scripts/mutants.sh                       # the default scope below, file by file
#   scripts/mutants.sh core/src/media.rs …   # only these
#   scripts/mutants.sh --summary             # rewrite docs/mutants.txt from the pieces present
# Each file's mutants are judged by the core's unit tests and the integration tests that
# exercise that file (tests_for below; the whole `cargo test -p wecom-bot` is ~50 s a mutant on
# a loaded machine, most of it in tests of other modules). A mutant missed here may still be
# caught by a test left out, never the reverse: the caught count is not flattered.
# Installs cargo-mutants once into /var/cache/wecom-bot/cargo-tools. Runs niced; builds in
# target/mutants-build without debug info (linking the tests is most of a mutant's time),
# so the workspace's own target/debug is left alone. The store tests that need Redis get a
# redis-server of their own on a free loopback port (installed from Debian when missing).
source "$(dirname "$0")/lib.sh"
cargo_tool cargo-mutants

scope=("$@")
if ((${#scope[@]} == 0)); then
  scope=(core/src/media.rs core/src/rate_limit.rs core/src/input.rs 'core/src/message/*.rs'
    core/src/store/window.rs core/src/store/memory.rs core/src/store/mod.rs core/src/store/sqlite.rs
    core/src/store/redis.rs 'core/src/outbox/*.rs')
fi

# MUTANTS_TIMEOUT=60 ends a mutant's tests after 60 s (default 300): the outbox's mutants that
# loop forever each hold a job that long, and its tests take ≈ 10 s.
# MUTANTS_JOBS=2 builds two mutants at once, each in its own copy of the tree with its own
# target (one shared target directory would serialize them on cargo's lock).
jobs=${MUTANTS_JOBS:-1}
export CARGO_PROFILE_DEV_DEBUG=0 CARGO_TERM_COLOR=never
((jobs > 1)) || export CARGO_TARGET_DIR=$ROOT/target/mutants-build

scratch
start_redis "$tmp"
export WECOM_BOT_TEST_REDIS=redis://127.0.0.1:$REDIS_PORT/0
export WECOM_BOT_STORE=memory

summary() {
  {
    echo "# cargo-mutants over the core (scripts/mutants.sh): each file judged by the core's unit"
    echo "# tests and the integration tests that exercise it; one line per file: outcomes, date, commit"
    local c=0 m=0 t=0 u=0
    for d in target/mutants/*/; do
      local mo=$d/mutants.out
      [[ -f $mo/caught.txt ]] || continue
      local n=()
      for f in caught missed timeout unviable; do n+=("$(wc -l <"$mo/$f.txt" 2>/dev/null || echo 0)"); done
      printf '%-34s caught %4s  missed %3s  timeout %3s  unviable %3s  %s\n' \
        "$(cat "$d/scope")" "${n[@]}" "$(cat "$d/stamp")"
      c=$((c + n[0])) m=$((m + n[1])) t=$((t + n[2])) u=$((u + n[3]))
    done
    local viable=$((c + m + t))
    echo
    echo "total: caught $c, missed $m, timeout $t, unviable $u; caught (timeouts count as caught) $((c + t)) of $viable viable"
    echo
    echo "## missed (survivors; each explained in docs/reliability.md)"
    cat target/mutants/*/mutants.out/missed.txt 2>/dev/null || true
    echo
    echo "## timeout"
    cat target/mutants/*/mutants.out/timeout.txt 2>/dev/null || true
  } >docs/mutants.txt
}

# The integration tests (core/tests/) that exercise a file, beside the unit tests.
tests_for() {
  case $1 in
    core/src/media.rs | core/src/input.rs) echo mutation_pins client_upload conformance spec_fixes answer_reading ;;
    core/src/rate_limit.rs | core/src/store/*) echo mutation_pins client_rate client_waits client_deadline store_pins ;;
    core/src/message/*) echo mutation_pins conformance spec_fixes image_body mentions client_send ;;
    # The outbox's own integration tests live in the CLI's and the relay's packages (cli/tests/cli/
    # outbox.rs, relay/tests/relay.rs), not yet passed as judges here: its mutants are judged by the
    # core's unit tests alone, and its survivors overstate (docs/reliability.md, "The outbox").
    core/src/outbox/*) ;;
  esac
}

if [[ ${1:-} == --summary ]]; then
  summary
  cat docs/mutants.txt
  exit 0
fi

status=0
for f in "${scope[@]}"; do
  name=$(echo "$f" | sed 's|^core/src/||; s|[/*]|_|g; s|\.rs$||')
  out=target/mutants/$name
  mkdir -p "$out"
  echo "== $f ($(date -u +%H:%M))"
  # Exit 2: some mutants survived (listed in the summary); 3: some timed out.
  rc=0
  tests=()
  for t in $(tests_for "$f"); do [[ -f core/tests/$t.rs ]] && tests+=(--cargo-arg="--test=$t"); done
  nice -n 10 cargo mutants -p wecom-bot --test-workspace=false -f "$f" --output "$out" \
    --cargo-arg=--lib "${tests[@]}" --timeout "${MUTANTS_TIMEOUT:-300}" -j "$jobs" || rc=$?
  echo "$f" >"$out/scope"
  echo "$(date -u +%Y-%m-%d) $(git rev-parse --short HEAD)" >"$out/stamp"
  ((rc == 0 || rc == 2 || rc == 3)) || status=$rc
  ((rc == 2 && status == 0)) && status=2
  summary
done
cat docs/mutants.txt
exit "$status"
