#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets/) for SECONDS each (default 5: CI's smoke
# run), starting from the committed seed corpora (fuzz/corpus/, made from the conformance
# vectors by fuzz/seed.py). New inputs go to target/fuzz-corpus/ (not committed). Exits non-zero
# on any crash; the crashing input is left in fuzz/artifacts/TARGET/.
#   scripts/fuzz.sh [SECONDS] [TARGET…]
# Needs the nightly toolchain (installed on our machines) and cargo-fuzz, which this script
# installs once into /var/cache/wecom-bot/cargo-tools when missing.
source "$(dirname "$0")/lib.sh"
secs=${1:-5}
shift || true

cargo_tool cargo-fuzz
# Our machines have a nightly toolchain (DESIGN.md §6); a machine without one gets a minimal one.
cargo +nightly --version >/dev/null 2>&1 || rustup toolchain install nightly --profile minimal

python3 fuzz/seed.py
targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
fi

# One build for every target: release with debug assertions and overflow checks (cargo-fuzz's
# default). No sanitizer: the code under test is safe Rust, whose oracles are panics, the
# assertions of each target, the timeout and the memory limit; ASan would halve the speed.
t0=$SECONDS
(cd fuzz && cargo +nightly fuzz build --sanitizer none)
echo "fuzz build: $((SECONDS - t0)) s"

failed=()
total=0
mkdir -p target/fuzz-logs
for t in "${targets[@]}"; do
  work=target/fuzz-corpus/$t
  mkdir -p "$work"
  log=target/fuzz-logs/$t.log
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: memory is bounded too.
  if (cd fuzz && cargo +nightly fuzz run --sanitizer none "$t" "$ROOT/$work" "$ROOT/fuzz/corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1; then
    status=ok
  else
    status=CRASH
    failed+=("$t")
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1 || true)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  total=$((total + ${runs:-0}))
  printf '%-16s %-5s %12s runs  cov %s\n' "$t" "$status" "${runs:-?}" "${cov:-?}"
  if [[ $status != ok ]]; then tail -40 "$log"; fi
done
echo "fuzz: ${#targets[@]} targets, $total runs in all, ${#failed[@]} crashing"
if ((${#failed[@]})); then
  echo "crashes: ${failed[*]} (inputs in fuzz/artifacts/)"
  exit 1
fi
