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

# ---- mock servers for the tests (the harness starts its own for the runner) ----------------
# Each runs with stdin from /dev/null (so it does not watch it) until we SIGTERM it by its pid.
mock_pids=()
cleanup() {
  for pid in "${mock_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${mock_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -z ${prefix:-} ]] || rm -rf "$prefix" "$work"
}
trap cleanup EXIT
start_mock() { # sets STARTED_URL to the base URL of a new mock server
  local out
  out=$(mktemp)
  "$LIB_DIR/wecom-bot-mock" --no-rate-limit --quiet </dev/null >"$out" &
  mock_pids+=($!)
  for _ in $(seq 200); do # the first line comes at once; wait for it at most ~10 s
    [[ -s $out ]] && break
    sleep 0.05
  done
  local line
  line=$(head -n1 "$out")
  rm -f "$out"
  STARTED_URL=${line#listening on }
  [[ $STARTED_URL == http://127.0.0.1:* ]] || { echo "the mock did not start: $line"; exit 1; }
}
start_mock
MOCK_URL=$STARTED_URL
export WECOM_MOCK_URL=$MOCK_URL WECOM_FIXTURES_DIR=$ROOT/tests/fixtures

records() { # KEY [URL]: how many delivered messages the mock at URL recorded for KEY
  curl -fsS "${2:-$MOCK_URL}/_mock/records?key=$1&delivered=true" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
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
  start_mock
  threads_url=$STARTED_URL
  WECOM_THREADS_MOCK_URL=$threads_url "${run[@]}" "$dir/test_api"
  n=$(records c-api-threads-key "$threads_url")
  [[ $n == 200 ]] || { echo "the mock recorded $n messages from the threads test, expected 200"; exit 1; }
  step "NULL test ($variant)"
  nm -D --defined-only "$LIB_DIR/libwecom_bot.so" | awk '{print $3}' | "${run[@]}" "$dir/test_null" --check-exports
  step "C++ wrapper test ($variant)"
  start_mock
  WECOM_THREADS_MOCK_URL=$STARTED_URL "${run[@]}" "$dir/test_cpp"
  n=$(records cpp-threads-key "$STARTED_URL")
  [[ $n == 40 ]] || { echo "the mock recorded $n messages from the C++ threads test, expected 40"; exit 1; }
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
cmake -S ffi-c/c -B "$BUILD/install" -DWECOM_BOT_LIB_DIR="$LIB_DIR" -DWECOM_BOT_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --install "$BUILD/install" >/dev/null
for f in lib/libwecom_bot.so lib/libwecom_bot.a include/wecom_bot.h include/wecom_bot.hpp lib/pkgconfig/wecom_bot.pc \
         lib/cmake/wecom_bot/wecom_botConfig.cmake lib/cmake/wecom_bot/wecom_botConfigVersion.cmake; do
  [[ -f $prefix/$f ]] || { echo "install: $f is missing"; exit 1; }
done
python3 ffi-c/tests/extract_examples.py docs/c.md "$work"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
reset_mock
# The C example, compiled by docs/c.md's own commands (shared, then static), then run
# against the mock; it must also pass the project's warning flags.
(cd "$work" && cc -std=c11 -Wall -Wextra -Werror -fsyntax-only $(pkg-config --cflags wecom_bot) example.c)
(cd "$work" && bash -eux build-c.sh && LD_LIBRARY_PATH=$prefix/lib WECOM_BOT_KEY=docs-example-key WECOM_BASE_URL=$MOCK_URL ./a.out)
[[ $(records docs-example-key) -eq 2 ]] || { echo "the C example did not send its 2 messages"; exit 1; }
(cd "$work" && bash -eux build-c-static.sh && WECOM_BOT_KEY=docs-example-static-key WECOM_BASE_URL=$MOCK_URL ./example-static)
if ldd "$work/example-static" | grep -q wecom_bot; then echo "example-static links libwecom_bot.so"; exit 1; fi
[[ $(records docs-example-static-key) -eq 2 ]] || { echo "the static C example did not send its 2 messages"; exit 1; }
# The C++ example with its CMakeLists.txt (find_package), with the shared and the static target.
cmake -S "$work/cpp" -B "$work/cpp/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cpp/build" -- --no-print-directory >/dev/null
(LD_LIBRARY_PATH=$prefix/lib WECOM_BOT_KEY=docs-example-cpp-key WECOM_BASE_URL=$MOCK_URL "$work/cpp/build/example")
[[ $(records docs-example-cpp-key) -eq 2 ]] || { echo "the C++ example did not send its 2 messages"; exit 1; }
sed -i 's/wecom_bot::wecom_bot)/wecom_bot::wecom_bot_static)/' "$work/cpp/CMakeLists.txt"
grep -q wecom_bot::wecom_bot_static "$work/cpp/CMakeLists.txt" || { echo "docs/c.md's CMakeLists.txt changed shape"; exit 1; }
cmake -S "$work/cpp" -B "$work/cpp/build-static" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cpp/build-static" -- --no-print-directory >/dev/null
(WECOM_BOT_KEY=docs-example-cpp-static-key WECOM_BASE_URL=$MOCK_URL "$work/cpp/build-static/example")
[[ $(records docs-example-cpp-static-key) -eq 2 ]] || { echo "the static C++ example did not send its 2 messages"; exit 1; }
echo "c: all checks passed"
