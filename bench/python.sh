#!/usr/bin/env bash
# The Python package's figures (bench/python_extras.py): builds the manylinux2014 wheel and the
# sdist as scripts/test-python.sh does (release, --zig), installs the wheel in a fresh venv,
# starts the mock, and writes bench/RESULTS-python.md. Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-python3}
BUILD_VENV=$ROOT/target/py-build-venv
WORK=$ROOT/target/bench-python
OUT=${BENCH_PYTHON_OUT:-bench/RESULTS-python.md}
if ! "$BUILD_VENV/bin/maturin" --version >/dev/null 2>&1 || ! "$BUILD_VENV/bin/python" -m ziglang version >/dev/null 2>&1; then
  rm -rf "$BUILD_VENV" && "$PY" -m venv "$BUILD_VENV"
  "$BUILD_VENV/bin/pip" install -q --disable-pip-version-check "maturin>=1.16,<2" "ziglang>=0.13,<1"
fi
rm -rf "$WORK" && mkdir -p "$WORK"
PATH="$BUILD_VENV/bin:$PATH" maturin build --release --zig --compatibility manylinux2014 --locked \
  -m python/Cargo.toml --out "$WORK/wheels" >&2
"$BUILD_VENV/bin/maturin" sdist -m python/Cargo.toml --out "$WORK/wheels" >&2
# The figures are the application's side of a logging call: the mock's speed only moves the
# flush time, so the workspace's debug build of the mock does.
cargo build -q --locked -p wecom-bot-mock
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --disable-pip-version-check "$WORK"/wheels/*.whl
coproc MOCK { exec target/debug/wecom-bot-mock --no-rate-limit --quiet; }
read -r line <&"${MOCK[0]}"
"$WORK/venv/bin/python" bench/python_extras.py --wheels "$WORK/wheels" --mock-url "${line#listening on }" | tee "$OUT"
