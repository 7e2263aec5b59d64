#!/usr/bin/env bash
# C and C++: libwecom_bot (ffi-c) and include/wecom_bot.h / wecom_bot.hpp.
#   1. the committed header is what cbindgen generates (pinned cbindgen, gen-header feature)
#   2. only wecom_-prefixed symbols are exported, and the header declares exactly those
#   3. CMake builds the C conformance runner and the C/C++ tests (-Wall -Wextra -Werror, C11/C++17)
#      against the workspace build in target/debug
#   4. API tests, the outbox tests (packed batches checked at the mock), the NULL test, the C++ wrapper test, threads on one client (against the mock);
#      many senders: 4 processes sharing a robot's window through one SQLite store (issue 12)
#   5. the conformance runner through the harness, then again under ASan+UBSan (static lib)
#      and under valgrind (shared lib): 0 errors, 0 leaks
#   6. install to a temporary prefix; docs/c.md's examples compile as written against it
#      (C with pkg-config, C++ with find_package)
# Installs what it needs (apt: g++, libcjson-dev, …) idempotently. Steps 4–6 run under one mock
# server: the script runs itself again as `wecom-bot-mock -- test-c.sh --against-mock`.
source "$(dirname "$0")/lib.sh"
LIB_DIR=$ROOT/target/debug
BUILD=$ROOT/build/ffi-c

if [[ ${1:-} != --against-mock ]]; then
# ---- prerequisites ------------------------------------------------------------------------
apt_install g++ cmake valgrind pkg-config curl libcjson-dev
workspace_built

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

# ---- the rest runs again under one mock server (the harness starts its own for the runner)
exec "$ROOT/target/debug/wecom-bot-mock" --quiet --no-rate-limit -- "$ROOT/scripts/test-c.sh" --against-mock
fi

MOCK_URL=$WECOM_MOCK_URL
export WECOM_FIXTURES_DIR=$ROOT/tests/fixtures
cleanup() { [[ -z ${home:-} ]] || rm -rf "$home" "$work"; }
trap cleanup EXIT

records() { # KEY [URL]: how many delivered messages the mock at URL recorded for KEY
  curl -fsS "${2:-$MOCK_URL}/_mock/records?key=$1&delivered=true" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}
# What test_outbox must have delivered: two direct texts then one message packing the five
# texts queued while the window was full; the same for the three markdowns of the deliverer;
# the dead letter once re-queued.
check_outbox_records() {
  curl -fsS "$MOCK_URL/_mock/records?delivered=true" | python3 -c '
import json, sys
records = json.load(sys.stdin)
def contents(key):
    out = []
    for r in records:
        if r.get("key") == key:
            body = r["body_json"]
            out.append(body[body["msgtype"]]["content"])
    return out
want = {
    "c-outbox-pack-key": ["direct 1", "direct 2", "\n\n".join(f"alert {i}" for i in range(1, 6))],
    "c-outbox-deliverer-key": ["direct 1", "direct 2", "**disk** full on db1\n\n**cpu** high on db2\n\ndb1 ok"],
    "c-outbox-dead-key": ["to a deleted robot"],
}
for key, expected in want.items():
    got = contents(key)
    if got != expected:
        sys.exit(f"the mock received {got!r} for {key}, expected {expected!r}")
print("outbox: the mock received the packed batches")
'
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
  curl -fsS -X POST "$MOCK_URL/_mock/script" -d '{"key":"c-api-maybe-key","fault":{"kind":"delay","ms":3000},"times":1}' >/dev/null
  "${run[@]}" "$dir/test_api"
  n=$(records c-api-threads-key)
  [[ $n == 200 ]] || { echo "the mock recorded $n messages from the threads test, expected 200"; exit 1; }
  step "outbox tests ($variant)"
  reset_mock
  curl -fsS -X POST "$MOCK_URL/_mock/script" -d '{"key":"c-outbox-dead-key","fault":{"kind":"errcode","errcode":93000},"times":1}' >/dev/null
  "${run[@]}" "$dir/test_outbox"
  check_outbox_records
  step "NULL test ($variant)"
  nm -D --defined-only "$LIB_DIR/libwecom_bot.so" | awk '{print $3}' | "${run[@]}" "$dir/test_null" --check-exports
  step "C++ wrapper test ($variant)"
  "${run[@]}" "$dir/test_cpp"
  n=$(records cpp-threads-key)
  [[ $n == 40 ]] || { echo "the mock recorded $n messages from the C++ threads test, expected 40"; exit 1; }
done

# The shared quota (issue 12): 4 processes, each its own XDG_STATE_HOME, one robot, the window
# in one SQLite file; a mock of their own allowing 20 per 2 s (the clients the same).
for variant in shared asan; do
  step "many senders ($variant): 4 processes x 15 texts, one SQLite store, mock and clients at 20 per 2 s"
  states=$(mktemp -d)
  "$ROOT/target/debug/wecom-bot-mock" --quiet --rate-limit 20/2 -- bash -c \
    '"$1" "sqlite:$2/shared.sqlite3" "$2" && python3 scripts/check_many_senders.py "$WECOM_MOCK_URL" c-many-senders-key 60' \
    _ "$BUILD/$variant/test_many_senders" "$states"
  rm -rf "$states"
done

step "conformance runner through the harness"
target/debug/wecom-bot-conformance run --lang c -- "$BUILD/shared/wecom_conformance_c"
step "conformance runner under ASan+UBSan"
target/debug/wecom-bot-conformance run --lang c -- "$BUILD/asan/wecom_conformance_c"
step "conformance runner under valgrind"
target/debug/wecom-bot-conformance run --lang c -- "${VALGRIND[@]}" "$BUILD/shared/wecom_conformance_c"

# ---- install + the documentation's examples --------------------------------------------------
# docs/c.md's own commands, as written, with HOME pointing at a fresh directory: the prefix
# ("$HOME/.local") is chosen only at install time, after configuring. The release build runs at
# opt-level 0 (CARGO_PROFILE_RELEASE_OPT_LEVEL): the same commands, a faster compile for CI.
step "docs/c.md: build, install to a prefix chosen after configuring"
home=$(mktemp -d)
work=$(mktemp -d)
prefix=$home/.local
python3 scripts/snippets.py files docs/c.md "$work"
as_reader() { # runs a docs/c.md script in DIR with HOME=$home (the toolchains keep their homes)
  local dir=$1; shift
  (cd "$dir" && env HOME="$home" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"     CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false "$@")
}
rm -rf build/c
as_reader "$ROOT" bash -eu "$work/install.sh" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
for f in lib/libwecom_bot.so lib/libwecom_bot.so.0.1 lib/libwecom_bot.so.0.1.0 lib/libwecom_bot.a include/wecom_bot.h \
         include/wecom_bot.hpp lib/pkgconfig/wecom_bot.pc lib/cmake/wecom_bot/wecom_botConfig.cmake \
         lib/cmake/wecom_bot/wecom_botConfigVersion.cmake; do
  [[ -e $prefix/$f ]] || { echo "install: $f is missing"; exit 1; }
done
soname=$(readelf -d "$prefix/lib/libwecom_bot.so.0.1.0" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[[ $soname == libwecom_bot.so.0.1 ]] || { echo "SONAME is '$soname', expected libwecom_bot.so.0.1"; exit 1; }
[[ $(readlink "$prefix/lib/libwecom_bot.so") == libwecom_bot.so.0.1 ]] || { echo "libwecom_bot.so does not link to the SONAME"; exit 1; }
grep -qx 'prefix=${pcfiledir}/../..' "$prefix/lib/pkgconfig/wecom_bot.pc" || { echo "wecom_bot.pc is not relocatable"; exit 1; }
# Installed stripped (ffi-c/c/CMakeLists.txt): no static symbol table, the dynamic one kept.
if readelf -S "$prefix/lib/libwecom_bot.so.0.1.0" | grep -q '\.symtab'; then echo "the installed libwecom_bot.so is not stripped"; exit 1; fi
exports=$(nm -D --defined-only "$prefix/lib/libwecom_bot.so.0.1.0")  # whole (grep -q would cut the pipe)
grep -q ' T wecom_client_send_text$' <<<"$exports" || { echo "the installed .so lost its exports"; exit 1; }

c_examples() { # PREFIX TAG: docs/c.md's C and C++ examples, compiled by its commands against PREFIX, run against the mock
  local pre=$1 tag=$2 w
  w=$(mktemp -d)
  cp -a "$work/." "$w/"
  reset_mock
  (cd "$w" && HOME=$home && source env.sh &&
    { [[ $pre == "$home/.local" ]] || export PKG_CONFIG_PATH=$pre/lib/pkgconfig LD_LIBRARY_PATH=$pre/lib; } &&
    cc -std=c11 -Wall -Wextra -Werror -fsyntax-only $(pkg-config --cflags wecom_bot) example.c &&
    bash -eu build-c.sh &&
    readelf -d a.out | grep -q 'NEEDED.*libwecom_bot.so.0.1' &&
    WECOM_BOT_KEY=docs-example-$tag-key WECOM_BOT_BASE_URL=$MOCK_URL ./a.out) \
    || { echo "docs/c.md's C example failed ($tag)"; exit 1; }
  [[ $(records "docs-example-$tag-key") -eq 2 ]] || { echo "the C example did not send its 2 messages ($tag)"; exit 1; }
  (cd "$w" && PKG_CONFIG_PATH=$pre/lib/pkgconfig bash -eu build-c-static.sh &&
    WECOM_BOT_KEY=docs-example-static-$tag-key WECOM_BOT_BASE_URL=$MOCK_URL ./example-static) \
    || { echo "docs/c.md's static C example failed ($tag)"; exit 1; }
  if ldd "$w/example-static" | grep -q wecom_bot; then echo "example-static links libwecom_bot.so"; exit 1; fi
  [[ $(records "docs-example-static-$tag-key") -eq 2 ]] || { echo "the static C example did not send its 2 messages ($tag)"; exit 1; }
  # The C++ example with its CMakeLists.txt (find_package) and docs/c.md's cmake line, shared and static.
  sed -i "s#\$HOME/.local#$pre#" "$w/cpp/build.sh"
  as_reader "$w/cpp" bash -eu build.sh >/dev/null
  (LD_LIBRARY_PATH=$pre/lib WECOM_BOT_KEY=docs-example-cpp-$tag-key WECOM_BOT_BASE_URL=$MOCK_URL "$w/cpp/build/example")
  [[ $(records "docs-example-cpp-$tag-key") -eq 2 ]] || { echo "the C++ example did not send its 2 messages ($tag)"; exit 1; }
  sed -i 's/wecom_bot::wecom_bot)/wecom_bot::wecom_bot_static)/' "$w/cpp/CMakeLists.txt"
  grep -q wecom_bot::wecom_bot_static "$w/cpp/CMakeLists.txt" || { echo "docs/c.md's CMakeLists.txt changed shape"; exit 1; }
  cmake -S "$w/cpp" -B "$w/cpp/build-static" -DCMAKE_PREFIX_PATH="$pre" >/dev/null
  cmake --build "$w/cpp/build-static" -- --no-print-directory >/dev/null
  (WECOM_BOT_KEY=docs-example-cpp-static-$tag-key WECOM_BOT_BASE_URL=$MOCK_URL "$w/cpp/build-static/example")
  [[ $(records "docs-example-cpp-static-$tag-key") -eq 2 ]] || { echo "the static C++ example did not send its 2 messages ($tag)"; exit 1; }
  rm -rf "$w"
}
step "docs/c.md examples compiled as written against the installed prefix, run against the mock"
c_examples "$prefix" installed
step "docs/c.md's outbox example: 30 alerts through a 20-per-minute window arrive packed in one message"
w=$(mktemp -d)
cp -a "$work/." "$w/"
reset_mock
(cd "$w" && HOME=$home && source env.sh && bash -eu build-outbox.sh &&
  WECOM_BOT_KEY=docs-outbox-key WECOM_BOT_BASE_URL=$MOCK_URL WECOM_BOT_STORE=sqlite:$w/outbox.sqlite3 ./outbox) \
  | tee "$w/out.txt" || { echo "docs/c.md's outbox example failed"; exit 1; }
grep -qx "delivered 30 alerts in 1 message(s); 0 waiting, 0 dead" "$w/out.txt" || { echo "unexpected output"; exit 1; }
[[ $(records docs-outbox-key) -eq 1 ]] || { echo "the outbox example did not send 1 packed message"; exit 1; }
rm -rf "$w"
step "the installed tree moved elsewhere still works (relocatable pkg-config file and CMake package)"
mv "$home/.local" "$home/moved"
c_examples "$home/moved" moved
echo "c: all checks passed"
