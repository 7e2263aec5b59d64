#!/usr/bin/env bash
# Peak-memory benchmark of a 20 MiB upload to the mock (a measurement, not a timed test):
# prints how much the client's peak RSS grew; fails if a path upload grew it by more than
# MAX_GROWTH_MIB (default 8). Linux only (reads VmHWM from /proc/self/status).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --locked -p wecom-bot --example upload_rss
exec target/debug/examples/upload_rss --max-growth-mib "${MAX_GROWTH_MIB:-8}"
