#!/usr/bin/env bash
# The soak run (not in CI's default run; its last result is in docs/reliability.md):
# 50,000 messages from 8 threads through one client against the in-process mock, with random
# scripted faults (errcode -1, 45009, 502, a delay beyond the timeout, close before/after
# processing, garbage, a Warning), a rate window scaled to 20 per 50 ms. See
# core/examples/soak.rs for the rules each message's outcome is checked against.
#   scripts/soak.sh [MESSAGES] [THREADS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
cargo build -q --locked -p wecom-bot --example soak
target/debug/examples/soak "$@" | tee target/soak.log
