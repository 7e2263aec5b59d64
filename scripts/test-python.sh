#!/usr/bin/env bash
# Python: builds the release abi3 wheel ONCE, tagged manylinux2014 (maturin --zig: glibc 2.17),
# and the sdist; installs the wheel in a FRESH virtual environment, proves `import wecom_bot`
# needs no Rust toolchain (cargo/rustc removed from PATH), checks the hand-written stubs against
# the compiled module (mypy.stubtest), runs the conformance runner through the harness, then the
# API tests and the docs/python.md code against the mock server. Then the sdist is installed
# with pip (Rust present) and tested, and the same wheel is installed and tested with Debian 11's
# own python3 and pip in a bullseye chroot (scripts/bullseye-chroot.sh).
source "$(dirname "$0")/lib.sh"
PY=${PYTHON:-python3}
TEST_VENV=$ROOT/target/py-test-venv     # recreated every run
WHEELS=$ROOT/target/py-wheels
MOCK_BIN=$ROOT/target/debug/wecom-bot-mock
t0=$SECONDS
workspace_built
"$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 || apt_install python3-venv

build_venv
"$BUILD_VENV/bin/maturin" --version

# The wheel users get, built once and tested everywhere below. maturin runs `python -m ziglang`
# with the first python on PATH: the build venv's.
step "release wheel, manylinux2014 (zig links against glibc 2.17), and the sdist"
rm -rf "$WHEELS"
PATH="$BUILD_VENV/bin:$PATH" maturin build --release --zig --compatibility manylinux2014 --locked \
  -m python/Cargo.toml --out "$WHEELS"
"$BUILD_VENV/bin/maturin" sdist -m python/Cargo.toml --out "$WHEELS"
shopt -s nullglob
wheels=("$WHEELS"/wecom_bot-*-cp39-abi3-manylinux*_2_17_x86_64*.whl)
if ((${#wheels[@]} != 1)); then echo "expected one manylinux2014 abi3 wheel in $WHEELS, found: $(ls "$WHEELS")"; exit 1; fi
sdists=("$WHEELS"/wecom_bot-*.tar.gz)
if ((${#sdists[@]} != 1)); then echo "expected one sdist in $WHEELS, found: $(ls "$WHEELS")"; exit 1; fi
echo "built ${wheels[0]##*/} and ${sdists[0]##*/} in $((SECONDS - t0)) s"

step "fresh venv: the wheel + test tools"
rm -rf "$TEST_VENV"
"$PY" -m venv "$TEST_VENV"
"$TEST_VENV/bin/pip" install -q --disable-pip-version-check "${wheels[0]}" "pytest>=8,<10" "mypy>=1.13,<2"

# PATH without any directory that holds cargo or rustc.
clean_path=""
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [[ -z "$d" || -e "$d/cargo" || -e "$d/rustc" ]] && continue
  clean_path="${clean_path:+$clean_path:}$d"
done
nor() { env PATH="$TEST_VENV/bin:$clean_path" RUSTUP_HOME=/nonexistent CARGO_HOME=/nonexistent "$@"; }

step "import with no Rust toolchain on PATH"
(cd "$TEST_VENV" && nor python - <<'PY'
import shutil, wecom_bot, wecom_bot._native as native
assert shutil.which("cargo") is None and shutil.which("rustc") is None, "a Rust toolchain is still on PATH"
assert ".abi3." in native.__file__, native.__file__
assert "site-packages" in wecom_bot.__file__, wecom_bot.__file__
print(f"wecom_bot {wecom_bot.__version__} from {wecom_bot.__file__}")
PY
)

step "stubtest (hand-written .pyi against the compiled module)"
(cd "$TEST_VENV" && nor env MYPY_CACHE_DIR="$ROOT/target/py-mypy-cache" \
  python -m mypy.stubtest wecom_bot --allowlist "$ROOT/python/stubtest-allowlist.txt")

step "mypy --strict on typed usage and on the docs' code, against the installed stubs"
docs_blocks="$ROOT/target/py-docs-blocks.py"
python3 scripts/snippets.py lang docs/python.md python "$docs_blocks"
(cd "$TEST_VENV" && nor env MYPY_CACHE_DIR="$ROOT/target/py-mypy-cache" \
  python -m mypy --strict --no-error-summary "$ROOT/python/tests/typing/usage.py" "$docs_blocks")

# pytest exit code 5 means no tests ran: a failure here, like any other non-zero code.
run_pytest() {
  local rc=0
  "$@" || rc=$?
  if ((rc == 5)); then echo "pytest collected no tests: failing"; fi
  return "$rc"
}

step "conformance runner through the harness (which judges its outcomes)"
target/debug/wecom-bot-conformance run --lang python -- \
  "$TEST_VENV/bin/python" python/tests/conformance/runner.py

step "API tests and the docs quick start, against the mock (no Rust toolchain on PATH)"
run_pytest nor env WECOM_MOCK_BIN="$MOCK_BIN" "$TEST_VENV/bin/python" -m pytest python/tests/api -q -p no:cacheprovider --tb=short

step "the sdist: pip install wecom_bot-*.tar.gz in a fresh venv, Rust present"
# pip builds it in an isolated environment with maturin from PyPI, exactly as a user's would;
# cargo is pointed at the workspace's target directory and dev profile so that the registry
# crates the workspace build compiled are not compiled again (only core and the binding are).
rm -rf "$TEST_VENV-sdist"
"$PY" -m venv "$TEST_VENV-sdist"
CARGO_TARGET_DIR="$ROOT/target" MATURIN_PEP517_ARGS="--profile dev" \
  "$TEST_VENV-sdist/bin/pip" install -q --disable-pip-version-check "${sdists[0]}" "pytest>=8,<10"
(cd "$TEST_VENV-sdist" && bin/python -c 'import wecom_bot._native as n, sys; assert "site-packages" in n.__file__, n.__file__; print("sdist build:", n.__file__)')
run_pytest env WECOM_MOCK_BIN="$MOCK_BIN" "$TEST_VENV-sdist/bin/python" -m pytest \
  python/tests/api/test_bot.py python/tests/api/test_resources.py -q -p no:cacheprovider --tb=short

step "the wheel on Debian 11 bullseye (glibc 2.31, Python 3.9): its own python3 -m venv and pip"
rc=0
scripts/bullseye-chroot.sh ensure >/dev/null || rc=$?
if ((rc != 0)); then echo "the bullseye chroot could not be made (exit $rc): failing"; exit 1; fi
# The mock runs here, outside the chroot (it needs the host's glibc); the tests reach it on the
# shared loopback. It exits when its standard input closes.
BULLSEYE=$ROOT/target/py-bullseye
rm -rf "$BULLSEYE" && mkdir -p "$BULLSEYE"
# The chroot's pip trusts what the host trusts (a TLS-inspecting proxy's CA included).
host_ca=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
if [[ -f $host_ca ]]; then cp "$host_ca" "$BULLSEYE/host-ca.crt"; fi
coproc MOCK_PROC { exec "$MOCK_BIN" --no-rate-limit --quiet; }
read -r line <&"${MOCK_PROC[0]}" || { echo "the mock did not start"; exit 1; }
mock_url=${line#listening on }
echo "mock outside the chroot: $mock_url"
rc=0
WECOM_TEST_MOCK_URL=$mock_url WECOM_BULLSEYE_PASSENV=WECOM_TEST_MOCK_URL scripts/bullseye-chroot.sh run "$ROOT" -- \
  /bin/sh -euc '
    python3 --version; ldd --version | head -n 1
    if [ -f "$3" ]; then export PIP_CERT="$3"; fi
    python3 -m venv "$1"
    "$1/bin/pip" --version
    "$1/bin/pip" install -q --disable-pip-version-check "$2" "pytest>=8,<10"
    "$1/bin/python" -c "import wecom_bot._native as n; print(\"bullseye:\", n.__file__)"
    exec "$1/bin/python" -m pytest python/tests/api -q -p no:cacheprovider --tb=short
  ' sh "$BULLSEYE/venv" "${wheels[0]}" "$BULLSEYE/host-ca.crt" || rc=$?
mock_pid=$MOCK_PROC_PID
eval "exec ${MOCK_PROC[1]}>&-"  # the mock's stdin: it exits
wait "$mock_pid" 2>/dev/null || true
if ((rc == 5)); then echo "pytest collected no tests: failing"; fi
((rc == 0)) || exit "$rc"

echo "python suite: $((SECONDS - t0)) s"
