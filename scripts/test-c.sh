#!/usr/bin/env bash
# C and C++: libwecom_bot (ffi-c) and include/wecom_bot.h / wecom_bot.hpp.
#   1. the committed header is what cbindgen generates (pinned cbindgen, gen-header feature)
#   2. only wecom_-prefixed symbols are exported, and the header declares exactly those
#   3. CMake builds the C conformance runner and the C/C++ tests (-Wall -Wextra -Werror, C11/C++17)
#      against the workspace build in target/debug (never rebuilt here)
#   4. API tests, the NULL test, the C++ wrapper test, threads on one client (against the mock)
#   5. the conformance runner through the harness, then again under ASan+UBSan (static lib)
#      and under valgrind (shared lib): 0 errors, 0 leaks
#   6. install to a temporary prefix; docs/c.md's examples compile as written against it
#      (C with pkg-config, C++ with find_package)
# Installs what it needs (apt: g++, libcjson-dev) idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LIB_DIR=$ROOT/target/debug
BUILD=$ROOT/build/ffi-c
step() { printf -- '--- c: %s\n' "$*"; }

# ---- prerequisites ------------------------------------------------------------------------
need=()
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v valgrind >/dev/null 2>&1 || need+=(valgrind)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v curl >/dev/null 2>&1 || need+=(curl)
dpkg -s libcjson-dev >/dev/null 2>&1 || need+=(libcjson-dev)
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
for f in "$LIB_DIR/libwecom_bot.so" "$LIB_DIR/libwecom_bot.a" "$LIB_DIR/wecom-bot-mock"; do
  [[ -f $f ]] || { echo "$f is missing: scripts/test.sh builds the workspace first (cargo build --workspace)"; exit 1; }
done

step "header up to date (cbindgen =0.29.4)"
cargo run -q --locked -p wecom-bot-ffi --features gen-header --bin wecom-bot-gen-header -- --check

step "clippy (wecom-bot-ffi, with the header generator)"
cargo clippy -q --locked -p wecom-bot-ffi --all-targets --features gen-header -- -D warnings

step "exported symbols"
exports=$(nm -D --defined-only "$LIB_DIR/libwecom_bot.so" | awk '{print $3}' | sort)
foreign=$(grep -v '^wecom_' <<<"$exports" || true)
if [[ -n $foreign ]]; then echo "libwecom_bot.so exports symbols without the wecom_ prefix:"; echo "$foreign"; exit 1; fi
echo "$(wc -l <<<"$exports") symbols, all wecom_"

# ---- build --------------------------------------------------------------------------------
jobs=$(nproc 2>/dev/null || echo 2)
build() { # DIR ARGS...
  local dir=$1; shift
  cmake -S ffi-c/c -B "$dir" -DWECOM_BOT_LIB_DIR="$LIB_DIR" -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" -- --no-print-directory >/dev/null
}
step "cmake build (shared library)"
build "$BUILD/shared"
step "cmake build (static library, -fsanitize=address,undefined)"
build "$BUILD/asan" -DWECOM_BOT_LINK_STATIC=ON -DWECOM_BOT_SANITIZE=ON

# ---- the mock server for the tests (the harness starts its own for the runner) --------------
coproc MOCK { exec "$LIB_DIR/wecom-bot-mock" --no-rate-limit --quiet; }
MOCK_IN=${MOCK[1]}
trap 'exec {MOCK_IN}>&- 2>/dev/null || true; wait 2>/dev/null || true' EXIT
read -r line <&"${MOCK[0]}"
MOCK_URL=${line#listening on }
[[ $MOCK_URL == http://127.0.0.1:* ]] || { echo "the mock did not start: $line"; exit 1; }
export WECOM_MOCK_URL=$MOCK_URL WECOM_FIXTURES_DIR=$ROOT/tests/fixtures

records() { # KEY: how many delivered messages the mock recorded for KEY
  curl -fsS "$MOCK_URL/_mock/records?key=$1&delivered=true" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}
reset_mock() { curl -fsS -X POST "$MOCK_URL/_mock/reset" >/dev/null; }

# Sanitizer settings: leaks are errors; no suppressions are needed (see docs/c.md).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
VALGRIND=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect)

for variant in shared asan valgrind; do
  dir=$BUILD/$variant; run=()
  [[ $variant == valgrind ]] && { dir=$BUILD/shared; run=("${VALGRIND[@]}"); }
  step "API tests ($variant)"
  reset_mock
  "${run[@]}" "$dir/test_api"
  n=$(records c-api-threads-key)
  [[ $n == 200 ]] || { echo "the mock recorded $n messages from the threads test, expected 200"; exit 1; }
  step "NULL test ($variant)"
  nm -D --defined-only "$LIB_DIR/libwecom_bot.so" | awk '{print $3}' | "${run[@]}" "$dir/test_null" --check-exports
  step "C++ wrapper test ($variant)"
  "${run[@]}" "$dir/test_cpp"
done

step "conformance runner through the harness"
cargo run -q --locked -p wecom-bot-conformance -- run --lang c -- "$BUILD/shared/wecom_conformance_c"
step "conformance runner under ASan+UBSan"
cargo run -q --locked -p wecom-bot-conformance -- run --lang c -- "$BUILD/asan/wecom_conformance_c"
step "conformance runner under valgrind"
cargo run -q --locked -p wecom-bot-conformance -- run --lang c -- "${VALGRIND[@]}" "$BUILD/shared/wecom_conformance_c"

# ---- install + the documentation's examples --------------------------------------------------
step "install to a temporary prefix; docs/c.md examples compile as written"
prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"; exec {MOCK_IN}>&- 2>/dev/null || true; wait 2>/dev/null || true' EXIT
cmake -S ffi-c/c -B "$BUILD/install" -DWECOM_BOT_LIB_DIR="$LIB_DIR" -DWECOM_BOT_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --install "$BUILD/install" >/dev/null
for f in lib/libwecom_bot.so lib/libwecom_bot.a include/wecom_bot.h include/wecom_bot.hpp lib/pkgconfig/wecom_bot.pc \
         lib/cmake/wecom_bot/wecom_botConfig.cmake lib/cmake/wecom_bot/wecom_botConfigVersion.cmake; do
  [[ -f $prefix/$f ]] || { echo "install: $f is missing"; exit 1; }
done
python3 ffi-c/tests/extract_examples.py docs/c.md "$work"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# The C example, compiled exactly as docs/c.md says, then run against the mock.
(cd "$work" && cc -std=c11 -Wall -Wextra -Werror -o example example.c $(pkg-config --cflags --libs wecom_bot))
reset_mock
(cd "$work" && LD_LIBRARY_PATH=$prefix/lib WECOM_BOT_KEY=docs-example-key WECOM_BASE_URL=$MOCK_URL ./example)
[[ $(records docs-example-key) -ge 1 ]] || { echo "the C example sent nothing"; exit 1; }
# The C++ example with its CMakeLists.txt (find_package).
cmake -S "$work/cpp" -B "$work/cpp/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cpp/build" -- --no-print-directory >/dev/null
(LD_LIBRARY_PATH=$prefix/lib WECOM_BOT_KEY=docs-example-cpp-key WECOM_BASE_URL=$MOCK_URL "$work/cpp/build/example")
[[ $(records docs-example-cpp-key) -ge 1 ]] || { echo "the C++ example sent nothing"; exit 1; }
echo "c: all checks passed"
