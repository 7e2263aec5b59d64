#!/usr/bin/env bash
# Runs the compiled Swift conformance runner inside the Swift chroot (scripts/swift-toolchain.sh),
# passing it the harness's environment. The chroot sees only bind-mounted directories: the
# repository (at its own path) and, if the harness put it elsewhere, the results directory.
# The mock server listens on the host's loopback, which the chroot shares.
# Usage (from the repo root, through the harness):
#   cargo run -p wecom-bot-conformance -- run --lang swift -- uniffi/swift/run-conformance.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
BUILD=$ROOT/target/swift
binds=()
if [[ -n ${WECOM_CONFORMANCE_RESULTS:-} ]]; then
  dir=$(dirname "$WECOM_CONFORMANCE_RESULTS")
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  case "$dir/" in "$ROOT"/*) ;; *) binds+=(--bind "$dir") ;; esac
fi
export WECOM_SWIFT_PASSENV="WECOM_MOCK_URL WECOM_CONFORMANCE_DIR WECOM_FIXTURES_DIR WECOM_CONFORMANCE_RESULTS"
exec "$ROOT/scripts/swift-toolchain.sh" run "${binds[@]}" "$ROOT" -- \
  env LD_LIBRARY_PATH="$BUILD/lib:$ROOT/target/debug" "$BUILD/conformance-runner"
