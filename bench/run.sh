#!/usr/bin/env bash
# The benchmarks, in one invocation: builds the release binaries and the release wheel, makes a
# fresh venv (our wheel + requests), runs criterion, then bench/bench.py, which starts the mock
# servers, runs every client, prints the results table and writes bench/RESULTS.md. Every language:
# Rust, C (over the stripped `cmake --install`), Python (binding, requests, httpx), Kotlin and
# Java's HttpClient (JVM), Swift (in the Swift chroot), curl and the CLI, plus a perf profile.
# See bench/README.md. Installs what it needs (Debian: curl, python3-venv, gcc, binutils), idempotently.
#
#   bench/run.sh                 everything (about 5 minutes after the first build)
#   BENCH_MESSAGES=500 BENCH_REPEAT=1 bench/run.sh     a quicker, noisier run
#   BENCH_OUT=/tmp/results.md bench/run.sh             write the report (and results.json beside it) elsewhere
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
started=$(date +%s.%N)
PY=${PYTHON:-python3}
WORK=$ROOT/target/bench
BUILD_VENV=$WORK/build-venv   # maturin, cached between runs
VENV=$WORK/venv               # recreated every run: the wheel + requests, nothing else
OUT=${BENCH_OUT:-$ROOT/bench/RESULTS.md}
RAW=$(dirname -- "$OUT")/results.json  # the raw figures beside the report: --report-only RAW OUT makes it again
step() { printf -- '--- bench: %s\n' "$*" >&2; }
mkdir -p "$WORK"

step "prerequisites"
need_apt=()
command -v "$PY" >/dev/null 2>&1 || need_apt+=(python3)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
command -v strip >/dev/null 2>&1 || need_apt+=(binutils)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v perf >/dev/null 2>&1 || need_apt+=(linux-perf)
command -v valgrind >/dev/null 2>&1 || need_apt+=(valgrind)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v javac >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 || need_apt+=(default-jdk-headless maven)
command -v "$PY" >/dev/null 2>&1 && "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
if ((${#need_apt[@]})); then
  step "installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null \
    || step "apt-get install ${need_apt[*]} failed: the rows needing them say so"
fi
not_run=()  # --not-run CLIENT=WHY for bench.py
command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }

step "release builds: the mock, the Rust bench clients, libwecom_bot.so, the UniFFI library, the CLI"
# One invocation, so that cargo resolves the dependencies' features once and compiles each
# dependency once (separate invocations of different packages can each rebuild ring, rustls…);
# the criterion build below then reuses all of it.
cargo build --release --locked -p wecom-bot-mock -p wecom-bot -p wecom-bot-ffi -p wecom-bot-uniffi -p wecom-bot-cli \
  --bin wecom-bot-mock --bin wecom-bot --bin uniffi-bindgen --example bench_client --example upload_rss --lib
MOCK=$ROOT/target/release/wecom-bot-mock
CLIENT=$ROOT/target/release/examples/bench_client
SO=$ROOT/target/release/libwecom_bot.so
UNIFFI=$ROOT/target/release/libwecom_bot_uniffi.so
BINDGEN=$ROOT/target/release/uniffi-bindgen
CLI=$ROOT/target/release/wecom-bot

step "C: libwecom_bot installed by cmake --install (stripped), bench/c/bench_send.c built against it"
C_PREFIX=$WORK/c-prefix C_CLIENT=$WORK/bench_send_c
rm -rf "$WORK/c-build" "$C_PREFIX"
if cmake -S ffi-c/c -B "$WORK/c-build" -DWECOM_BOT_LIB_DIR="$ROOT/target/release" -DWECOM_BOT_BUILD_TESTS=OFF >/dev/null &&
  cmake --install "$WORK/c-build" --prefix "$C_PREFIX" >/dev/null &&
  cc -O2 -Wall -Werror bench/c/bench_send.c $(PKG_CONFIG_PATH=$C_PREFIX/lib/pkgconfig pkg-config --cflags --libs wecom_bot) \
    -Wl,-rpath,"$C_PREFIX/lib" -o "$C_CLIENT"; then :; else
  step "the C client did not build"; C_CLIENT="" C_PREFIX=""; not_run+=(--not-run "c=not measured: the C client did not build")
fi

step "JVM: the Kotlin binding (release library in the jar) and Java's HttpClient (bench/jvm, Maven)"
JVM_CP="" JAR=""
rm -rf "$WORK/jvm-gen" "$WORK/jvm-lib" "$WORK/jvm"
mkdir -p "$WORK/jvm-lib" && cp "$UNIFFI" "$WORK/jvm-lib/"
if "$BINDGEN" generate --library "$UNIFFI" --language kotlin --out-dir "$WORK/jvm-gen" --no-format >/dev/null &&
  mvn -B -q -Dstyle.color=never -f bench/jvm/pom.xml package dependency:build-classpath \
    -Dmdep.outputFile="$WORK/jvm/classpath.txt" >&2; then
  JAR=$WORK/jvm/wecom-bot-bench-0.1.0.jar
  JVM_CP=$JAR:$(cat "$WORK/jvm/classpath.txt")
else
  step "the JVM clients did not build"
  not_run+=(--not-run "kotlin=not measured: the JVM clients did not build" --not-run "java=not measured: the JVM clients did not build")
fi

step "Swift: module WecomBot (-O) from the release library, bench/swift/main.swift (in the Swift chroot)"
SWIFT_CLIENT="" SWIFT_LIB=$WORK/swift/lib
rc=0
scripts/swift-toolchain.sh ensure >/dev/null 2>"$WORK/swift-ensure.log" || rc=$?
if ((rc == 0)); then
  # prepare.sh, as the swift suite uses it: the generated Sources/WecomBot/WecomBot.swift (its
  # error cases renamed for Errors.swift) and the header, from the release library.
  rm -rf "$WORK/swift" && mkdir -p "$SWIFT_LIB"
  cp "$UNIFFI" "$SWIFT_LIB/"
  swiftc() { scripts/swift-toolchain.sh run "$ROOT" -- swiftc "$@"; }
  FFI=(-I uniffi/swift/Sources/WecomBotFFI -Xcc -I -Xcc "$WORK/swift/prefix/include/wecom_bot_uniffi")
  if uniffi/swift/prepare.sh "$UNIFFI" "$WORK/swift/prefix" >/dev/null &&
    swiftc -O -emit-library -emit-module -module-name WecomBot -parse-as-library "${FFI[@]}" -L "$SWIFT_LIB" -lwecom_bot_uniffi \
      -emit-module-path "$SWIFT_LIB/WecomBot.swiftmodule" -o "$SWIFT_LIB/libWecomBot.so" \
      uniffi/swift/Sources/WecomBot/*.swift >&2 &&
    swiftc -O -module-name BenchSwift -I "$SWIFT_LIB" "${FFI[@]}" -L "$SWIFT_LIB" -lWecomBot -lwecom_bot_uniffi \
      -o "$WORK/swift/bench-swift" bench/swift/main.swift >&2; then
    SWIFT_CLIENT=$WORK/swift/bench-swift
  else
    step "the Swift client did not build"; not_run+=(--not-run "swift=not measured: the Swift client did not build")
  fi
else
  why=$(grep 'unavailable:' "$WORK/swift-ensure.log" | tail -n 1 || true)
  step "no Swift toolchain (exit $rc): ${why:-see $WORK/swift-ensure.log}"
  not_run+=(--not-run "swift=not measured: no Swift toolchain (${why:-swift-toolchain.sh exit $rc})")
fi

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

step "fresh venv: requests, httpx${wheel:+, ${wheel##*/}}"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check requests httpx ${wheel:+"$wheel"}

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
  --messages "${BENCH_MESSAGES:-2000}" --repeat "${BENCH_REPEAT:-7}" \
  --jvm-warmup "${BENCH_JVM_WARMUP:-3000}" --cli-messages "${BENCH_CLI_MESSAGES:-300}" \
  --c-client "$C_CLIENT" --c-prefix "$C_PREFIX" --jvm-classpath "$JVM_CP" --jar "$JAR" \
  --swift-client "$SWIFT_CLIENT" --swift-libdir "$SWIFT_LIB" --httpx --cli "$CLI" "${not_run[@]}" \
  --out "$OUT" --raw "$RAW" --started "$started"
step "report written to $OUT (raw figures: $RAW)"
