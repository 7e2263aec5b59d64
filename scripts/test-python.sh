#!/usr/bin/env bash
# Python: builds the abi3 wheel ONCE with maturin (reusing the workspace's debug build of the
# dependencies), installs it in a FRESH virtual environment, proves `import wecom_bot` needs no
# Rust toolchain (cargo/rustc removed from PATH), checks the hand-written stubs against the
# compiled module (mypy.stubtest), runs the conformance runner through the harness, then the API
# tests and the docs/python.md quick start against the mock server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-python3}
BUILD_VENV=$ROOT/target/py-build-venv   # cached between runs: maturin only
TEST_VENV=$ROOT/target/py-test-venv     # recreated every run
WHEELS=$ROOT/target/py-wheels
MOCK_BIN=$ROOT/target/debug/wecom-bot-mock
step() { printf -- '--- python: %s\n' "$*"; }
t0=$SECONDS

if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  step "installing python3-venv"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
fi

step "maturin (build venv, cached)"
if ! "$BUILD_VENV/bin/maturin" --version >/dev/null 2>&1; then
  rm -rf "$BUILD_VENV"
  "$PY" -m venv "$BUILD_VENV"
  "$BUILD_VENV/bin/pip" install -q --disable-pip-version-check "maturin>=1.16,<2"
fi
"$BUILD_VENV/bin/maturin" --version

step "wheel (dev profile: the workspace build already compiled every dependency)"
rm -rf "$WHEELS"
"$BUILD_VENV/bin/maturin" build --profile dev --locked -m python/Cargo.toml --out "$WHEELS"
shopt -s nullglob
wheels=("$WHEELS"/wecom_bot-*-cp39-abi3-*.whl)
if ((${#wheels[@]} != 1)); then echo "expected one abi3 wheel in $WHEELS, found: ${wheels[*]:-none}"; exit 1; fi
echo "built ${wheels[0]##*/} in $((SECONDS - t0)) s"

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
"$TEST_VENV/bin/python" - "$ROOT/docs/python.md" "$docs_blocks" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.M | re.S)
assert blocks, "docs/python.md has no python blocks"
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(blocks))
PY
(cd "$TEST_VENV" && nor env MYPY_CACHE_DIR="$ROOT/target/py-mypy-cache" \
  python -m mypy --strict --no-error-summary "$ROOT/python/tests/typing/usage.py" "$docs_blocks")

# pytest exit code 5 means no tests ran: a failure here, like any other non-zero code.
run_pytest() {
  local rc=0
  "$@" || rc=$?
  if ((rc == 5)); then echo "pytest collected no tests: failing"; fi
  return "$rc"
}

step "conformance runner through the harness"
run_pytest cargo run -q --locked -p wecom-bot-conformance -- run --lang python -- \
  "$TEST_VENV/bin/python" -m pytest python/tests/conformance -q -p no:cacheprovider --tb=line

step "API tests and the docs quick start, against the mock (no Rust toolchain on PATH)"
run_pytest nor env WECOM_MOCK_BIN="$MOCK_BIN" "$TEST_VENV/bin/python" -m pytest python/tests/api -q -p no:cacheprovider --tb=short

# The same abi3 wheel on the oldest supported Python, when this machine has one (a pyenv
# shim that is not activated does not count: the candidate must run).
py39=""
for cand in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.9*/bin/python3.9 /usr/local/bin/python3.9 /usr/bin/python3.9; do
  if [[ -z "$py39" && -x "$cand" ]] && "$cand" -c 'import sys, venv; assert sys.version_info[:2] == (3, 9)' 2>/dev/null; then
    py39=$cand
  fi
done
if [[ -n "$py39" ]]; then
  step "the same wheel on Python 3.9 ($py39): API tests"
  rm -rf "$TEST_VENV-39"
  "$py39" -m venv "$TEST_VENV-39"
  "$TEST_VENV-39/bin/pip" install -q --disable-pip-version-check "${wheels[0]}" "pytest>=8,<10"
  run_pytest nor env WECOM_MOCK_BIN="$MOCK_BIN" "$TEST_VENV-39/bin/python" -m pytest python/tests/api -q -p no:cacheprovider --tb=short
else
  step "no Python 3.9 on this machine: the abi3 wheel was tested on $("$PY" --version) only"
fi

echo "python suite: $((SECONDS - t0)) s"
