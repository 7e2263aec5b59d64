#!/usr/bin/env bash
# The benchmarks, in one invocation: builds the release binaries and the release wheel, makes a
# fresh venv (our wheel + requests), runs criterion, then bench/bench.py, which starts the mock
# servers, runs every client, prints the results table and writes bench/RESULTS.md.
# See bench/README.md. Installs what it needs (Debian: curl, python3-venv, gcc, binutils), idempotently.
#
#   bench/run.sh                 everything (about 5 minutes after the first build)
#   BENCH_MESSAGES=500 BENCH_REPEAT=1 bench/run.sh     a quicker, noisier run
#   BENCH_OUT=/tmp/results.md bench/run.sh             write the report elsewhere
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
started=$(date +%s.%N)
PY=${PYTHON:-python3}
WORK=$ROOT/target/bench
BUILD_VENV=$WORK/build-venv   # maturin, cached between runs
VENV=$WORK/venv               # recreated every run: the wheel + requests, nothing else
OUT=${BENCH_OUT:-$ROOT/bench/RESULTS.md}
step() { printf -- '--- bench: %s\n' "$*" >&2; }
mkdir -p "$WORK"

step "prerequisites"
need_apt=()
command -v "$PY" >/dev/null 2>&1 || need_apt+=(python3)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
command -v strip >/dev/null 2>&1 || need_apt+=(binutils)
command -v "$PY" >/dev/null 2>&1 && "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
if ((${#need_apt[@]})); then
  step "installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }

step "release builds: the mock, the Rust bench clients, libwecom_bot.so"
# One invocation, so that cargo resolves the dependencies' features once and compiles each
# dependency once (separate invocations of different packages can each rebuild ring, rustls…);
# the criterion build below then reuses all of it.
cargo build --release --locked -p wecom-bot-mock -p wecom-bot -p wecom-bot-ffi \
  --bin wecom-bot-mock --example bench_client --example upload_rss --lib
MOCK=$ROOT/target/release/wecom-bot-mock
CLIENT=$ROOT/target/release/examples/bench_client
SO=$ROOT/target/release/libwecom_bot.so

step "release wheel (maturin)"
if ! "$BUILD_VENV/bin/maturin" --version >/dev/null 2>&1; then
  rm -rf "$BUILD_VENV"
  "$PY" -m venv "$BUILD_VENV"
  "$BUILD_VENV/bin/pip" install -q --disable-pip-version-check "maturin>=1.16,<2"
fi
rm -rf "$WORK/wheels"
wheel=""
if "$BUILD_VENV/bin/maturin" build --release --locked -m python/Cargo.toml --out "$WORK/wheels" >&2; then
  shopt -s nullglob
  wheels=("$WORK"/wheels/wecom_bot-*-cp39-abi3-*.whl)
  shopt -u nullglob
  if ((${#wheels[@]} == 1)); then wheel=${wheels[0]}; fi
fi
[[ -n $wheel ]] || step "NO WHEEL: the Python binding did not build; its rows will say so"

step "fresh venv: requests${wheel:+ + ${wheel##*/}}"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check requests ${wheel:+"$wheel"}

step "inputs: a 2 MiB PNG, a 20 MiB file"
"$VENV/bin/python" bench/gen_png.py "$WORK/image-2mib.png"
head -c $((20 * 1024 * 1024)) /dev/urandom >"$WORK/upload-20mib.bin"

step "criterion: build + validate + serialize every message type, the 2 MiB image"
rm -rf "$ROOT/target/criterion"
WECOM_BENCH_PNG=$WORK/image-2mib.png cargo bench --locked -p wecom-bot --bench messages -- \
  --warm-up-time 1 --measurement-time 2 >&2

# The venv first on PATH: its python runs the clients. `rustc` stays reachable for the report.
BENCH_MATURIN_VERSION=$("$BUILD_VENV/bin/maturin" --version) PATH="$VENV/bin:$PATH" "$VENV/bin/python" bench/bench.py \
  --mock "$MOCK" --rust-client "$CLIENT" --upload-rss "$ROOT/target/release/examples/upload_rss" --so "$SO" --wheel "$wheel" \
  --criterion-dir "$ROOT/target/criterion" --png "$WORK/image-2mib.png" --upload-file "$WORK/upload-20mib.bin" \
  --messages "${BENCH_MESSAGES:-2000}" --repeat "${BENCH_REPEAT:-3}" \
  --out "$OUT" --raw "$WORK/results.json" --started "$started"
step "report written to $OUT (raw figures: $WORK/results.json)"
