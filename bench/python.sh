#!/usr/bin/env bash
# The Python package's figures (bench/python_extras.py): builds the manylinux2014 wheel and the
# sdist as scripts/test-python.sh does (release, --zig), installs the wheel in a fresh venv,
# starts the mock, and writes bench/RESULTS-python.md. Not part of the test command.
source "$(dirname "$0")/../scripts/lib.sh"
PY=${PYTHON:-python3}
WORK=$ROOT/target/bench-python
OUT=${BENCH_PYTHON_OUT:-bench/RESULTS-python.md}
build_venv
rm -rf "$WORK" && mkdir -p "$WORK"
PATH="$BUILD_VENV/bin:$PATH" maturin build --release --zig --compatibility manylinux2014 --locked \
  -m python/Cargo.toml --out "$WORK/wheels" >&2
"$BUILD_VENV/bin/maturin" sdist -m python/Cargo.toml --out "$WORK/wheels" >&2
# The figures are the application's side of a logging call: the mock's speed only moves the
# flush time, so the workspace's debug build of the mock does.
cargo build -q --locked -p wecom-bot-mock
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --disable-pip-version-check "$WORK"/wheels/*.whl
start_mock "$WORK" --no-rate-limit
"$WORK/venv/bin/python" bench/python_extras.py --wheels "$WORK/wheels" --mock-url "$MOCK" | tee "$OUT"
