#!/usr/bin/env bash
# The whole test suite, every language: the README's test command, and what .ci/run calls.
# Installs what it needs by itself (apt packages, Python venv + maturin, Maven dependencies,
# the Swift chroot). Each language has its own script beside this one; a suite runs when its
# script exists. Set WECOM_TEST_ONLY="rust python" to run a subset while developing.
source "$(dirname "$0")/lib.sh"
suites=(rust c python kotlin swift cli readme preview stores outbox relay fuzz)
if [[ -n "${WECOM_TEST_ONLY:-}" ]]; then read -r -a suites <<<"$WECOM_TEST_ONLY"; fi

section() { printf '\n==== %s ====\n' "$*"; }
failed=()
start_all=$SECONDS

# Each suite's output is kept for the key canary scan at the end (tests/canary/README.md).
mkdir -p target/test-logs && rm -f target/test-logs/*.log && touch target/test-logs/.start

section "prerequisites"
# A full run takes about 6 GB in the checkout (5 under target/) plus the cached toolchains:
# say how much room there is, so that a run that fails for want of disk says so first.
df -h . | sed 's/^/disk: /'
scripts/ensure-deps.sh

# Every runner writes its results afresh: stale files from an earlier run must not count.
rm -rf tests/conformance/results

section "build (once, shared by every runner)"
workspace_built   # exports WECOM_WORKSPACE_BUILT: the suites use this build

for suite in "${suites[@]}"; do
  script="scripts/test-$suite.sh"
  [[ -x "$script" ]] || { echo "no $script yet: suite $suite does not exist"; continue; }
  section "$suite"
  t0=$SECONDS
  # The default store is a per-user SQLite file: pin every suite but the stores' own to an
  # in-process window, so that suites (and CI runs on one machine) never share a window.
  store=memory
  [[ $suite == stores ]] && store=${WECOM_BOT_STORE:-}
  if WECOM_BOT_STORE=$store "$script" 2>&1 | tee "target/test-logs/$suite.log"; then echo "suite $suite: ok ($((SECONDS - t0)) s)"; else echo "suite $suite: FAILED ($((SECONDS - t0)) s)"; failed+=("$suite"); fi
done

section "conformance coverage"
# Checks the languages whose suites ran (all six in a full run; cli runs the json cases only).
langs=()
for suite in "${suites[@]}"; do case $suite in rust|c|python|kotlin|swift|cli) langs+=("$suite") ;; esac; done
if ((${#langs[@]} == 0)); then
  echo "no language runner ran in this subset: nothing to check"
elif target/debug/wecom-bot-conformance coverage "${langs[@]}"; then :; else failed+=(coverage); fi

section "key canary"
if python3 scripts/canary_scan.py --self-test \
  && python3 scripts/canary_scan.py --since target/test-logs/.start --tmp "${TMPDIR:-/tmp}" \
    target/test-logs target/tmp tests/conformance/results uniffi/kotlin/target/surefire-reports; then :
else failed+=(canary); fi

section "summary ($((SECONDS - start_all)) s)"
if ((${#failed[@]})); then echo "FAILED: ${failed[*]}"; exit 1; fi
echo "all suites passed"
