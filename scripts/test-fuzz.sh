#!/usr/bin/env bash
# CI's fuzz smoke run: every cargo-fuzz target for 5 s from the committed corpora
# (scripts/fuzz.sh; the long run and its results are in docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fuzz.sh "${WECOM_FUZZ_SECONDS:-5}"
