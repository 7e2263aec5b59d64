# scripts/lib.sh — what every test script shares; sourced, never run:
#     source "$(dirname "$0")/lib.sh"
#  - moves to the repository root ($ROOT) with `set -euo pipefail`;
#  - step MESSAGE…        a progress line: the suite's name, the message, seconds since start;
#  - apt_install PKG…     installs the Debian packages that are missing, in one apt-get run;
#  - workspace_built      the workspace's debug build in target/debug, up to date (test.sh
#                         builds it once and sets WECOM_WORKSPACE_BUILT; a suite run alone
#                         builds it here);
#  - cached_venv DIR SPEC…  a virtual environment at DIR holding the pip SPECs, made anew only
#                         when missing, broken or made for other SPECs;
#  - tools_venv           the cached venv of the checks' Python tools (jsonschema for the
#                         conformance schema, ruff), $TOOLS_VENV;
#  - build_venv           the cached venv with maturin and ziglang, $BUILD_VENV;
#  - cargo_tool CRATE     a cargo subcommand (cargo-fuzz, cargo-mutants) installed once into
#                         $CARGO_TOOLS (/var/cache/wecom-bot/cargo-tools, outside the
#                         repository), whose bin/ is put first on PATH;
#  - python_wheel         the binding's abi3 wheel (built unless up to date), $WHEEL;
#  - with_mock [FLAG…] -- CMD…   runs CMD with WECOM_MOCK_URL set to a fresh mock server,
#                         which stops when CMD ends; returns CMD's exit code;
#  - scratch              a fresh temp dir in $tmp, and an EXIT trap (scratch_cleanup) that
#                         stops the processes in PIDS (start_redis, start_mock and
#                         forward_to_hosts add theirs; a script adds its own), removes the hosts
#                         of make_hosts and $tmp;
#  - docs_snippets_ran EXT OUTPUT   the docs' Tour/Errors/Announce/Storm snippets (Kotlin's .kt,
#                         Swift's .swift: the same four in both guides) printed what each must;
#                         says what is missing and returns 1 otherwise;
#  - free_port            prints a free TCP port on 127.0.0.1;
#  - start_redis DIR [ARG…]   a private redis-server on a free port (installed from Debian when
#                         missing; files and redis.log in DIR; listening on $REDIS_BIND, default
#                         127.0.0.1; ARGs added, e.g. --appendonly yes), answering before it
#                         returns; sets REDIS_PORT and REDIS_PID (in PIDS: stopped at exit);
#  - restart_redis DIR [ARG…] the same, again on $REDIS_PORT (a restart after the caller
#                         stopped it: clients keep their redis:// URL);
#  - make_hosts NAME NET N  N network namespaces as "hosts" (NAME-host1…), each on a bridge of
#                         the caller's own (NAME-br) at NET.1<i>; the bridge is NET.1, $HOST_GW:
#                         this machine as the hosts see it; sets HOSTS (the namespaces' names);
#                         drop_hosts removes them all (for the caller's EXIT trap);
#  - forward_to_hosts PORT   127.0.0.1:PORT answers at $HOST_GW:PORT too (socat), ready when it
#                         returns; sets FORWARD_PID (in PIDS);
#  - enqueue_storm DIR      the storm's 4 producers (scripts/storm_alerts.py's DIR/alerts-<p>.tsv),
#                         each a background loop of `wecom-bot send KIND CONTENT --queue`;
#                         sets PRODUCERS (their pids); failures land in DIR/enqueue-<p>.err;
#  - start_mock DIR [ARG…] a mock server of the caller's own on a free loopback port, with ARGs
#                         (e.g. --rate-limit 20/2), kept until stop_mock or the script's end
#                         (for scripts that read its records afterwards, which with_mock does
#                         not allow); sets MOCK (its base URL) and MOCK_PID (in PIDS). $MOCK_BIN, default
#                         the workspace's wecom-bot-mock.
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

# The SPECs are stamped in DIR/.specs; a lock beside DIR (DIR.lock) lets runs from several
# worktrees share one under /var/cache. Made with $PYTHON (default python3).
cached_venv() {
  local dir=$1 lock
  shift
  mkdir -p "$(dirname "$dir")"
  exec {lock}>"$dir.lock"
  flock "$lock"
  if [[ $(cat "$dir/.specs" 2>/dev/null) != "$*" ]] || ! "$dir/bin/python" -c '' 2>/dev/null; then
    step "venv ${dir#"$ROOT"/}: $*"
    "${PYTHON:-python3}" -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
    rm -rf "$dir"
    "${PYTHON:-python3}" -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check "$@"
    echo "$*" >"$dir/.specs"
  fi
  exec {lock}>&-
}

# Pinned: a new ruff release may add findings; jsonschema's 4.x API is stable.
TOOLS_VENV=$ROOT/target/py-tools-venv
tools_venv() { cached_venv "$TOOLS_VENV" "jsonschema>=4.18,<5" "ruff==0.17.6"; }

# maturin builds the Python binding; ziglang links the release wheel against glibc 2.17.
BUILD_VENV=$ROOT/target/py-build-venv
build_venv() { cached_venv "$BUILD_VENV" "maturin>=1.16,<2" "ziglang>=0.13,<1"; }

CARGO_TOOLS=${WECOM_CARGO_TOOLS:-/var/cache/wecom-bot/cargo-tools}
cargo_tool() {
  export PATH="$CARGO_TOOLS/bin:$PATH"
  cargo "${1#cargo-}" --version >/dev/null 2>&1 && return 0
  step "installing $1 into $CARGO_TOOLS"
  CARGO_INSTALL_ROOT=$CARGO_TOOLS CARGO_TARGET_DIR=$CARGO_TOOLS/build cargo install "$1" --locked
}

docs_snippets_ran() {
  local ext=$1 out=$2
  grep -q '^fix template_card' <<<"$out" || { echo "Errors.$ext did not report the missing title"; return 1; }
  ! grep -q 'not sent\|failed' <<<"$out" || { echo "a snippet's send failed"; return 1; }
  grep -qx '30 alerts in 1 message(s)' <<<"$out" || { echo "Storm.$ext's alerts were not packed in one message"; return 1; }
  grep -qx 'pending 0, delivered 31, dead 0' <<<"$out" || { echo "Storm.$ext's outbox did not deliver everything"; return 1; }
  grep -qx 'docs snippets: done' <<<"$out" || { echo "the snippets did not finish"; return 1; }
}

PIDS=()
scratch() {
  tmp=$(mktemp -d)
  trap scratch_cleanup EXIT
}

scratch_cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  drop_hosts
  [[ -z ${tmp:-} ]] || rm -rf "$tmp"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_redis() {
  REDIS_PORT=$(free_port)
  restart_redis "$@"
}

restart_redis() {
  local dir=$1 _
  shift
  apt_install redis-server redis-tools
  # shellcheck disable=SC2086 # REDIS_BIND may name several addresses
  redis-server --port "$REDIS_PORT" --bind ${REDIS_BIND:-127.0.0.1} --save '' --dir "$dir" --daemonize no \
    --loglevel warning "$@" >>"$dir/redis.log" 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.05; done
  cat "$dir/redis.log" >&2
  echo "redis-server did not start" >&2
  return 1
}

# NAME stays short: interface names are at most 15 characters (NAME-h<i>p).
HOSTS=()
HOST_BRIDGE=
make_hosts() {
  local name=$1 net=$2 n=$3 h ns
  apt_install iproute2
  HOST_BRIDGE=$name-br HOST_GW=$net.1
  ip link add "$HOST_BRIDGE" type bridge
  ip addr add "$HOST_GW/24" dev "$HOST_BRIDGE"
  ip link set "$HOST_BRIDGE" up
  for h in $(seq "$n"); do
    ns=$name-host$h
    HOSTS+=("$ns")
    ip netns add "$ns"
    ip link add "$name-h$h" type veth peer name "$name-h${h}p"
    ip link set "$name-h${h}p" netns "$ns"
    ip link set "$name-h$h" master "$HOST_BRIDGE" up
    ip netns exec "$ns" ip addr add "$net.1$h/24" dev "$name-h${h}p"
    ip netns exec "$ns" ip link set "$name-h${h}p" up
    ip netns exec "$ns" ip link set lo up
  done
}

drop_hosts() {
  local ns
  for ns in "${HOSTS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  [[ -z $HOST_BRIDGE ]] || ip link del "$HOST_BRIDGE" 2>/dev/null || true
}

forward_to_hosts() {
  local port=$1 _
  apt_install socat
  socat "TCP-LISTEN:$port,bind=$HOST_GW,fork,reuseaddr" "TCP:127.0.0.1:$port" &
  FORWARD_PID=$!
  PIDS+=("$FORWARD_PID")
  for _ in $(seq 100); do
    ip netns exec "${HOSTS[0]}" bash -c "exec 3<>/dev/tcp/$HOST_GW/$port" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "the forward to $HOST_GW:$port does not answer" >&2
  return 1
}

enqueue_storm() {
  local dir=$1 p
  PRODUCERS=()
  for p in 1 2 3 4; do
    (while IFS=$'\t' read -r kind content; do
      "$ROOT/target/debug/wecom-bot" send "$kind" "$content" --queue >/dev/null 2>>"$dir/enqueue-$p.err" ||
        echo "p$p: exit $?" >>"$dir/enqueue-$p.err"
    done <"$dir/alerts-$p.tsv") &
    PRODUCERS+=($!)
  done
}

# The mock stops when its standard input closes: a FIFO in DIR whose writing end this shell
# holds (closed by stop_mock, or by the shell's exit). The reading end of its output stays
# open too, so that a later line never meets a closed pipe.
start_mock() {
  local dir=$1 line=
  shift
  rm -f "$dir/mock-in" "$dir/mock-out"
  mkfifo "$dir/mock-in" "$dir/mock-out"
  "${MOCK_BIN:-$ROOT/target/debug/wecom-bot-mock}" --port 0 --quiet "$@" <"$dir/mock-in" >"$dir/mock-out" &
  MOCK_PID=$!
  PIDS+=("$MOCK_PID")
  exec {_mock_in}>"$dir/mock-in" {_mock_out}<"$dir/mock-out"
  read -r -t 30 line <&"$_mock_out" || true
  if [[ $line != "listening on http://127.0.0.1:"* ]]; then
    echo "the mock did not start (its first line: ${line:-none})" >&2
    return 1
  fi
  MOCK=${line#listening on }
}

stop_mock() {
  exec {_mock_in}>&- {_mock_out}<&-
  wait "$MOCK_PID" || true
  MOCK_PID=
}

with_mock() {
  workspace_built
  "$ROOT/target/debug/wecom-bot-mock" --quiet "$@"
}

# python_wheel: the abi3 wheel of the Python binding (target/py-wheels), built with maturin
# from a cached venv unless the one there is whole and newer than every source it is built
# from (the Python suite's release wheel counts); sets WHEEL to its path.
python_wheel() {
  local wheels=$ROOT/target/py-wheels found
  shopt -s nullglob
  found=("$wheels"/wecom_bot-*-cp39-abi3-*.whl)
  shopt -u nullglob
  if ((${#found[@]} == 1)) && python3 -m zipfile -t "${found[0]}" >/dev/null 2>&1 &&
    [[ -z $(find python core/src Cargo.lock -path python/tests -prune -o -newer "${found[0]}" -print -quit) ]]; then
    WHEEL=${found[0]}
    step "wheel: ${WHEEL##*/} (up to date)"
    return 0
  fi
  build_venv
  step "wheel ($("$BUILD_VENV/bin/maturin" --version); dev profile: the workspace build compiled every dependency)"
  rm -rf "$wheels"
  "$BUILD_VENV/bin/maturin" build --profile dev --locked -m python/Cargo.toml --out "$wheels"
  shopt -s nullglob
  found=("$wheels"/wecom_bot-*-cp39-abi3-*.whl)
  shopt -u nullglob
  ((${#found[@]} == 1)) || { echo "expected one abi3 wheel in $wheels, found: ${found[*]:-none}"; return 1; }
  WHEEL=${found[0]}
}
