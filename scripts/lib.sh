# scripts/lib.sh — what every test script shares; sourced, never run:
#     source "$(dirname "$0")/lib.sh"
#  - moves to the repository root ($ROOT) with `set -euo pipefail`;
#  - step MESSAGE…        a progress line: the suite's name, the message, seconds since start;
#  - apt_install PKG…     installs the Debian packages that are missing, in one apt-get run;
#  - workspace_built      the workspace's debug build in target/debug, up to date (test.sh
#                         builds it once and sets WECOM_WORKSPACE_BUILT; a suite run alone
#                         builds it here);
#  - tools_venv           a cached virtual environment with the checks' Python tools
#                         (jsonschema for the conformance schema, ruff), $TOOLS_VENV;
#  - python_wheel         the binding's abi3 wheel (built unless up to date), $WHEEL;
#  - with_mock [FLAG…] -- CMD…   runs CMD with WECOM_MOCK_URL set to a fresh mock server,
#                         which stops when CMD ends; returns CMD's exit code;
#  - free_port            prints a free TCP port on 127.0.0.1;
#  - start_redis DIR [ARG…]   a private redis-server on a free port (installed from Debian when
#                         missing; files and redis.log in DIR; listening on $REDIS_BIND, default
#                         127.0.0.1; ARGs added, e.g. --appendonly yes), answering before it
#                         returns; sets REDIS_PORT and REDIS_PID (the caller stops it).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export ROOT CARGO_TERM_COLOR=never
SUITE=$(basename "$0" .sh)
SUITE=${SUITE#test-}
_suite_start=$SECONDS

step() { printf -- '-- %s: %s (%d s)\n' "$SUITE" "$*" "$((SECONDS - _suite_start))"; }

apt_install() {
  local need=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
  ((${#need[@]})) || return 0
  step "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Another apt run on the machine holds the lock for a while: wait for it, do not fail.
  apt-get -qq -o DPkg::Lock::Timeout=600 update
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${need[@]}" >/dev/null
}

workspace_built() {
  [[ -n ${WECOM_WORKSPACE_BUILT:-} ]] && return 0
  step "cargo build --workspace --all-targets (scripts/test.sh does this once for every suite)"
  cargo build --workspace --all-targets --locked
  export WECOM_WORKSPACE_BUILT=1
}

# Pinned: a new ruff release may add findings; jsonschema's 4.x API is stable.
TOOLS_VENV=$ROOT/target/py-tools-venv
TOOLS=("jsonschema>=4.18,<5" "ruff==0.17.6")
tools_venv() {
  local stamp="$TOOLS_VENV/.tools"
  [[ -f $stamp && $(cat "$stamp") == "${TOOLS[*]}" ]] && return 0
  step "Python tools venv: ${TOOLS[*]}"
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  rm -rf "$TOOLS_VENV"
  python3 -m venv "$TOOLS_VENV"
  "$TOOLS_VENV/bin/pip" install -q --disable-pip-version-check "${TOOLS[@]}"
  echo "${TOOLS[*]}" >"$stamp"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_redis() {
  local dir=$1 _
  shift
  apt_install redis-server redis-tools
  REDIS_PORT=$(free_port)
  # shellcheck disable=SC2086 # REDIS_BIND may name several addresses
  redis-server --port "$REDIS_PORT" --bind ${REDIS_BIND:-127.0.0.1} --save '' --dir "$dir" --daemonize no \
    --loglevel warning "$@" >>"$dir/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.05; done
  cat "$dir/redis.log" >&2
  echo "redis-server did not start" >&2
  return 1
}

with_mock() {
  workspace_built
  "$ROOT/target/debug/wecom-bot-mock" --quiet "$@"
}

# python_wheel: the abi3 wheel of the Python binding (target/py-wheels), built with maturin
# from a cached venv unless the one there is whole and newer than every source it is built
# from (the Python suite's release wheel counts); sets WHEEL to its path.
python_wheel() {
  local build_venv=$ROOT/target/py-build-venv wheels=$ROOT/target/py-wheels found
  shopt -s nullglob
  found=("$wheels"/wecom_bot-*-cp39-abi3-*.whl)
  shopt -u nullglob
  if ((${#found[@]} == 1)) && python3 -m zipfile -t "${found[0]}" >/dev/null 2>&1 &&
    [[ -z $(find python core/src Cargo.lock -path python/tests -prune -o -newer "${found[0]}" -print -quit) ]]; then
    WHEEL=${found[0]}
    step "wheel: ${WHEEL##*/} (up to date)"
    return 0
  fi
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  if ! "$build_venv/bin/maturin" --version >/dev/null 2>&1; then
    step "maturin (build venv, cached)"
    rm -rf "$build_venv"
    python3 -m venv "$build_venv"
    "$build_venv/bin/pip" install -q --disable-pip-version-check "maturin>=1.16,<2"
  fi
  step "wheel ($("$build_venv/bin/maturin" --version); dev profile: the workspace build compiled every dependency)"
  rm -rf "$wheels"
  "$build_venv/bin/maturin" build --profile dev --locked -m python/Cargo.toml --out "$wheels"
  shopt -s nullglob
  found=("$wheels"/wecom_bot-*-cp39-abi3-*.whl)
  shopt -u nullglob
  ((${#found[@]} == 1)) || { echo "expected one abi3 wheel in $wheels, found: ${found[*]:-none}"; return 1; }
  WHEEL=${found[0]}
}
