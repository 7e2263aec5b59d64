#!/usr/bin/env bash
# Swift: the UniFFI binding, compiled with the real swiftc and run, inside the Debian 13 chroot
# that scripts/swift-toolchain.sh builds (once, cached outside the repo).
#  1. the package prepared by uniffi/swift/prepare.sh from the workspace debug build
#     (target/debug/libwecom_bot_uniffi.so, the library that is tested): the generated
#     Sources/WecomBot/WecomBot.swift, and the library, its header and wecom_bot_uniffi.pc in
#     target/swift/prefix; no doc comment of the generated code cites a missing file;
#  2. the module WecomBot compiled with swiftc as a library (libWecomBot.so +
#     WecomBot.swiftmodule) over the package's system-library module map (WecomBotFFI);
#  3. the conformance runner (uniffi/swift/Sources/ConformanceRunner, `import WecomBot`)
#     compiled against it and run over every vector through the harness, HTTP cases against
#     the mock; the API tests (uniffi/swift/Sources/BotTests: construction, configuration
#     errors, key hygiene); then the example program (uniffi/swift/Sources/Example) against
#     the mock;
#  4. SwiftPM: `swift test` of the package (uniffi/swift/Package.swift, XCTest, against a mock),
#     the system library found through the .pc file; then docs/swift.md's quick start as
#     written: a package depending on it (uniffi/swift/Consumer) built by `swift build` and run.
# If the toolchain cannot be had (swift-toolchain.sh exits 3) this prints why and exits 0
# without writing results: the coverage check then reports swift as not run.
source "$(dirname "$0")/lib.sh"
LIB=target/debug/libwecom_bot_uniffi.so
BINDGEN=target/debug/uniffi-bindgen
BUILD=target/swift
TOOL=scripts/swift-toolchain.sh

# --- the toolchain (exit 3: unavailable) -------------------------------------------------
step "Swift toolchain (scripts/swift-toolchain.sh ensure)"
err=$(mktemp)
rc=0
"$TOOL" ensure >/dev/null 2>"$err" || rc=$?
cat "$err" >&2
if ((rc == 3)); then
  echo "SWIFT SUITE NOT RUN: $(grep 'unavailable:' "$err" | tail -n 1)"
  echo "(no results written: the coverage check reports swift as skipped)"
  rm -f "$err"
  exit 0
fi
rm -f "$err"
((rc == 0)) || { echo "swift-toolchain.sh ensure failed with exit code $rc"; exit "$rc"; }

workspace_built

# --- bindings from the build that is tested -------------------------------------------
step "uniffi/swift/prepare.sh $LIB $BUILD/prefix"
rm -rf "$BUILD"
mkdir -p "$BUILD/lib"
uniffi/swift/prepare.sh "$LIB" "$BUILD/prefix"
GEN=uniffi/swift/Sources/WecomBot/WecomBot.swift
# Doc comments travel from the Rust sources into the generated code: any file they cite must be
# in the repository.
missing=$({ grep -ohE '[A-Za-z0-9_./-]+\.md\b' "$GEN" || true; } | sort -u | while read -r f; do
  [[ -e $f || -e docs/$f ]] || echo "$f"
done)
[[ -z $missing ]] || { echo "the generated Swift cites files outside the repository: $missing"; exit 1; }
# swiftc reaches the C module through the package's own module map (Sources/WecomBotFFI) and
# the installed header, as SwiftPM does with the .pc file's flags.
FFI=(-I uniffi/swift/Sources/WecomBotFFI -Xcc -I -Xcc "$BUILD/prefix/include/wecom_bot_uniffi")

swift() { "$TOOL" run "$ROOT" -- "$@"; }
step "swiftc: module WecomBot"
swift swiftc -emit-library -emit-module -module-name WecomBot -parse-as-library \
  "${FFI[@]}" -L target/debug -lwecom_bot_uniffi \
  -emit-module-path "$BUILD/lib/WecomBot.swiftmodule" -o "$BUILD/lib/libWecomBot.so" \
  uniffi/swift/Sources/WecomBot/*.swift
step "swiftc: conformance runner"
swift swiftc -module-name ConformanceRunner -I "$BUILD/lib" "${FFI[@]}" \
  -L "$BUILD/lib" -lWecomBot -L target/debug -lwecom_bot_uniffi \
  -o "$BUILD/conformance-runner" uniffi/swift/Sources/ConformanceRunner/*.swift
step "swiftc: API tests"
swift swiftc -module-name BotTests -I "$BUILD/lib" "${FFI[@]}" \
  -L "$BUILD/lib" -lWecomBot -L target/debug -lwecom_bot_uniffi \
  -o "$BUILD/bot-tests" uniffi/swift/Sources/BotTests/main.swift
step "swiftc: example program"
swift swiftc -module-name Example -I "$BUILD/lib" "${FFI[@]}" \
  -L "$BUILD/lib" -lWecomBot -L target/debug -lwecom_bot_uniffi \
  -o "$BUILD/example" uniffi/swift/Sources/Example/main.swift

step "API tests (inside the chroot)"
swift env LD_LIBRARY_PATH="$ROOT/$BUILD/lib:$ROOT/target/debug" "$ROOT/$BUILD/bot-tests"

# --- run, through the harness: it starts and scripts the mock, sets WECOM_MOCK_URL /
# WECOM_CONFORMANCE_DIR / WECOM_FIXTURES_DIR / WECOM_CONFORMANCE_RESULTS, then judges what the
# runner reported and what the mock received --------------------------------------------------
step "conformance runner (inside the chroot, through the harness)"
target/debug/wecom-bot-conformance run --lang swift -- uniffi/swift/run-conformance.sh

step "example program (inside the chroot, against the mock)"
# a distinctive key: the program fails if it shows up in what the library prints
# (the example reads the environment contract: WECOM_BOT_BASE_URL is the mock's URL)
with_mock -- env WECOM_BOT_KEY=swift-example-k3y5ecret-0042 WECOM_SWIFT_PASSENV="WECOM_BOT_BASE_URL WECOM_BOT_KEY" \
  sh -c 'WECOM_BOT_BASE_URL=$WECOM_MOCK_URL exec "$@"' sh \
  "$TOOL" run "$ROOT" -- env LD_LIBRARY_PATH="$ROOT/$BUILD/lib:$ROOT/target/debug" "$ROOT/$BUILD/example"

step "docs/swift.md's snippets (Tour, Errors, Announce), compiled and run as written"
snip=$BUILD/docs-snippets
mkdir -p "$snip/run"
python3 scripts/snippets.py files docs/swift.md "$snip" >/dev/null
swift swiftc -module-name DocsSnippets -I "$BUILD/lib" "${FFI[@]}" \
  -L "$BUILD/lib" -lWecomBot -L target/debug -lwecom_bot_uniffi -o "$BUILD/docs-snippets-run" \
  "$snip/Tour.swift" "$snip/Errors.swift" "$snip/Announce.swift" "$snip/Storm.swift" uniffi/swift/Sources/DocsSnippets/main.swift
cp tests/fixtures/icon.png "$snip/run/chart.png"
cp tests/fixtures/voice-3s.amr "$snip/run/note.amr"
printf '%%PDF-1.4 a short report\n' >"$snip/run/report.pdf"
out=$(with_mock -- env WECOM_SWIFT_PASSENV=WECOM_MOCK_URL "$TOOL" run --bind "$ROOT" "$ROOT/$snip/run" -- \
  env LD_LIBRARY_PATH="$ROOT/$BUILD/lib:$ROOT/target/debug" "$ROOT/$BUILD/docs-snippets-run" 2>&1) \
  || { echo "$out"; echo "docs/swift.md's snippets failed"; exit 1; }
echo "$out"
docs_snippets_ran swift "$out" || exit 1

# --- SwiftPM: the package's own tests, then a package that depends on it ----------------------
step "SwiftPM: swift test of uniffi/swift (XCTest, against the mock)"
out=$(with_mock -- env PKG_CONFIG_PATH="$ROOT/$BUILD/prefix/lib/pkgconfig" LD_LIBRARY_PATH="$ROOT/$BUILD/prefix/lib" \
  WECOM_SWIFT_PASSENV="WECOM_MOCK_URL PKG_CONFIG_PATH LD_LIBRARY_PATH" \
  "$TOOL" run "$ROOT" -- swift test --package-path uniffi/swift --scratch-path "$ROOT/$BUILD/spm" 2>&1) \
  || { echo "$out"; echo "swift test failed"; exit 1; }
# XCTest's closing line: every test ran, none failed.
grep -E "Executed [0-9]+ tests?, with 0 failures" <<<"$out" | tail -n 1
grep -qE "Executed 7 tests, with 0 failures" <<<"$out" || { echo "$out" | tail -n 30; echo "swift test: not 7 tests without failure"; exit 1; }

step "docs/swift.md quick start, as written (SwiftPM, a dependent package; its mock on port 8091)"
docs=$(mktemp -d)
trap 'rm -rf "$docs"' EXIT
python3 scripts/snippets.py files docs/swift.md "$docs" >/dev/null
out=$(bash -eu -c 'trap "kill \$(jobs -p) 2>/dev/null || true" EXIT; source "$1"' _ "$docs/quickstart.sh" 2>&1) \
  || { echo "$out"; echo "docs/swift.md's quick start failed"; exit 1; }
echo "$out" | tail -n 4
grep -qx ok <<<"$out" || { echo "the program did not finish with ok"; exit 1; }
grep -q 'refused: field=text.content rule=required' <<<"$out" || { echo "the refusal line is missing"; exit 1; }
! grep -q my-test-key-0001 <<<"$out" || { echo "the key was printed"; exit 1; }
step "done"
