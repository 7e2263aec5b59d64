#!/usr/bin/env bash
# Rust: formatting (rustfmt.toml), lints, unit and integration tests (core, mock, client against
# the mock, CLI), the Rust conformance runner, the conformance vectors' up-to-date check, and
# ruff over the Python code.
source "$(dirname "$0")/lib.sh"
tools_venv
step "conformance vectors up to date and valid (generate.py --check, jsonschema)"
"$TOOLS_VENV/bin/python" tests/conformance/generate.py --check
step "ruff over the repository's Python code (ruff.toml)"
"$TOOLS_VENV/bin/ruff" check --no-cache .
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
