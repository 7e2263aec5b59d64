#!/usr/bin/env bash
# Rust: formatting (rustfmt.toml), lints, unit and integration tests (core, mock, client against the mock, CLI), the Rust
# conformance runner, and the conformance vectors' up-to-date check.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 tests/conformance/generate.py --check
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
