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
# One malloc arena: glibc's per-thread arenas (8 sending threads, the mock's connection threads)
# fragment and make RSS creep up by ≈ 2 MiB per 5,000 messages for a long while, which would
# hide a real leak (docs/reliability.md shows both series). Override to see the default.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}
target/debug/examples/soak "$@" | tee target/soak.log
