#!/usr/bin/env bash
# CI's fuzz smoke run: every cargo-fuzz target for 5 s from the committed corpora
# (scripts/fuzz.sh, which installs cargo-fuzz once into /var/cache/wecom-bot/cargo-tools; the
# long run and its results are in docs/reliability.md). Costs ≈ 3 min on a fresh machine:
# the instrumented release build (≈ 2 min on 2 idle cores), 5 s per target, and the first
# time, cargo-fuzz's own install.
source "$(dirname "$0")/lib.sh"
step "fuzzing every target for ${WECOM_FUZZ_SECONDS:-5} s"
scripts/fuzz.sh "${WECOM_FUZZ_SECONDS:-5}"
