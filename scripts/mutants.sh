#!/usr/bin/env bash
# Mutation testing of the core's rules (not in CI's default run; ≈ 14 s per mutant on 2 cores
# when the machine is otherwise idle): core/src/message/, media.rs, rate_limit.rs, input.rs and
# the store/outbox code when present, each mutant tested with `cargo test -p wecom-bot`.
# The summary goes to docs/mutants.txt (committed: the last result, with each survivor's
# explanation in docs/reliability.md).
#   scripts/mutants.sh [EXTRA cargo-mutants ARGS…]   e.g. -f core/src/media.rs to scope a run
# Installs cargo-mutants once into /var/cache/wecom-bot/cargo-tools when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${WECOM_CARGO_TOOLS:-/var/cache/wecom-bot/cargo-tools}
export PATH="$TOOLS/bin:$PATH"
if ! cargo mutants --version >/dev/null 2>&1; then
  echo "installing cargo-mutants into $TOOLS"
  CARGO_INSTALL_ROOT=$TOOLS CARGO_TARGET_DIR=$TOOLS/build cargo install cargo-mutants --locked
fi
files=(-f 'core/src/message/*.rs' -f core/src/media.rs -f core/src/rate_limit.rs -f core/src/input.rs)
for extra in core/src/store core/src/outbox.rs core/src/outbox; do
  if [[ -e $extra ]]; then
    if [[ -d $extra ]]; then files+=(-f "$extra/*.rs" -f "$extra/**/*.rs"); else files+=(-f "$extra"); fi
  fi
done
if (($#)); then files=("$@"); fi
out=target/mutants
status=0
# --test-workspace=false: only the core's own tests judge the core's mutants.
cargo mutants -p wecom-bot --test-workspace=false "${files[@]}" --output "$out" --timeout 300 -j 1 || status=$?
# Exit 2 means some mutants survived: the summary below says which.
mo=$out/mutants.out
{
  echo "# cargo mutants -p wecom-bot ${files[*]}  ($(date -u +%Y-%m-%d), $(git rev-parse --short HEAD))"
  for f in caught missed timeout unviable; do
    printf '%-9s %s\n' "$f" "$(wc -l <"$mo/$f.txt" 2>/dev/null || echo 0)"
  done
  echo
  echo "## missed (survivors; each explained in docs/reliability.md)"
  cat "$mo/missed.txt" 2>/dev/null || true
  echo
  echo "## timeout"
  cat "$mo/timeout.txt" 2>/dev/null || true
} >docs/mutants.txt
cat docs/mutants.txt
exit "$status"
