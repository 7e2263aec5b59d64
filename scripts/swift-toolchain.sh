#!/usr/bin/env bash
# swift-toolchain.sh — a working Swift compiler on a Debian 12 host.
#
# Debian 12 has no Swift packages; Debian 13 ("trixie") ships `swiftlang`
# (6.0.x). This script bootstraps a minimal trixie chroot with swiftlang in a
# cache directory OUTSIDE the repository and runs commands inside it, with a
# host directory bind-mounted at the same absolute path. Host-built shared
# libraries (e.g. the Rust cdylib) run fine inside the chroot.
#
# Usage:
#   scripts/swift-toolchain.sh ensure
#       Build the chroot if it is missing or incomplete; print its path on
#       stdout (nothing else goes to stdout).
#   scripts/swift-toolchain.sh run [--bind DIR]... WORKDIR -- CMD [ARGS...]
#       Make WORKDIR (and each extra --bind DIR) visible at the same absolute
#       path inside the chroot, mount /proc (and /dev, /sys), run CMD there
#       with cwd WORKDIR and a clean environment (PATH, HOME=/root,
#       LANG=C.UTF-8, TERM), then unmount everything. Exits with CMD's exit
#       code; stdin/stdout/stderr are passed through. Calls `ensure` first
#       (builds if needed). Pass variables with `env`:
#         run DIR -- env LD_LIBRARY_PATH=DIR/lib ./main
#       The mounts live in a private mount namespace and CMD in a private PID
#       namespace: they vanish when CMD ends, and if `run` is killed (INT,
#       TERM, HUP) CMD and all its children are killed too (exit 128+N).
#       Concurrent runs are fine. The network is the host's (127.0.0.1 too).
#   scripts/swift-toolchain.sh status
#       Exit 0 and print the path if the toolchain is installed, else exit 1.
#   scripts/swift-toolchain.sh cleanup
#       Unmount anything left mounted under the chroot in the host's mount
#       namespace (only needed if a fallback-mode run was SIGKILLed).
#
# Exit codes: 0 ok; 2 usage error; 3 toolchain unavailable (one-line reason is
# the LAST line on stderr, prefixed "swift-toolchain: unavailable:"); for
# `run`, otherwise CMD's own exit code. (A caller that must tell CMD's 3 from
# "unavailable" should call `ensure` first.)
#
# Environment:
#   WECOM_SWIFT_CHROOT   chroot dir   (default /var/cache/wecom-bot/swift-trixie)
#   WECOM_SWIFT_MIRROR   Debian mirror (default http://deb.debian.org/debian)
#   WECOM_SWIFT_PASSENV  space-separated names of host variables to pass into
#                        `run` (default: none besides TERM)
#   WECOM_SWIFT_BUILD_TIMEOUT seconds a from-scratch build may take (1800; a
#                        normal one takes 1-3 minutes)
#   WECOM_SWIFT_LOCK_TIMEOUT  seconds to wait for another caller's build (2700)
#   WECOM_SWIFT_QUIET=1  no progress lines on stderr (errors still printed)
#
# Files next to the chroot: <chroot>.lock (flock), <chroot>.log (build log),
# <chroot>.partial (an in-progress build; discarded on the next try).
# A build is only trusted once <chroot>/.wecom-swift-toolchain.stamp exists
# and names the current RECIPE; anything else is wiped and rebuilt.
#
# Requires root (debootstrap, chroot, mount). Runs non-interactively (CI).

set -euo pipefail

PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C

CHROOT="${WECOM_SWIFT_CHROOT:-/var/cache/wecom-bot/swift-trixie}"
SUITE="trixie"
MIRROR="${WECOM_SWIFT_MIRROR:-http://deb.debian.org/debian}"
PACKAGES=(swiftlang libc6-dev)
# Bump when the package list or chroot setup changes: forces a rebuild.
RECIPE="wecom-swift-trixie-1"
STAMP_NAME=".wecom-swift-toolchain.stamp"
BUILD_TIMEOUT="${WECOM_SWIFT_BUILD_TIMEOUT:-1800}"
LOCK_TIMEOUT="${WECOM_SWIFT_LOCK_TIMEOUT:-2700}"
MIN_FREE_MB=4000   # the finished chroot is ~2.6 GB (swiftlang alone ~2.2 GB)
CHROOT_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

SELF="$(readlink -f "${BASH_SOURCE[0]}")"

say() { [ "${WECOM_SWIFT_QUIET:-0}" = 1 ] || echo "swift-toolchain: $*" >&2; }
die() { echo "swift-toolchain: error: $*" >&2; exit 2; }
unavailable() { echo "swift-toolchain: unavailable: $*" >&2; exit 3; }

# --- paths -------------------------------------------------------------------

normalize_chroot() {
  case "$CHROOT" in
    /*) ;;
    *) die "WECOM_SWIFT_CHROOT must be an absolute path (got '$CHROOT')" ;;
  esac
  CHROOT="$(realpath -m -- "$CHROOT")"
  [ "$CHROOT" != / ] || die "WECOM_SWIFT_CHROOT must not be /"
  # Never inside the repository (it is ~2.6 GB and full of root-owned files).
  local repo
  repo="$(cd "$(dirname "$SELF")/.." && pwd -P)"
  case "$CHROOT/" in
    "$repo"/*) die "WECOM_SWIFT_CHROOT ($CHROOT) must live outside the repository ($repo)" ;;
  esac
  STAMP="$CHROOT/$STAMP_NAME"
  PARTIAL="$CHROOT.partial"
  LOCK="$CHROOT.lock"
  LOG="$CHROOT.log"
}

is_complete() {
  [ -f "$STAMP" ] && grep -qx "recipe=$RECIPE" "$STAMP" 2>/dev/null \
    && { [ -L "$CHROOT/usr/bin/swiftc" ] || [ -x "$CHROOT/usr/bin/swiftc" ]; }
  # (-L: the chroot's symlinks may be absolute, so they cannot be followed here)
}

# --- mount helpers (act on the CURRENT mount namespace) ----------------------

# Mount points at or below $1, deepest first.
mounts_under() {
  local prefix=$1 m
  findmnt -rn -o TARGET 2>/dev/null | while IFS= read -r m; do
    m="$(printf '%b' "$m")"   # findmnt -r escapes odd characters as \xHH
    case "$m" in "$prefix" | "$prefix"/*) printf '%s\n' "$m" ;; esac
  done | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-
}

umount_under() {
  local prefix=$1 m left
  for _ in 1 2 3 4 5; do
    left="$(mounts_under "$prefix")"
    [ -n "$left" ] || return 0
    while IFS= read -r m; do
      umount -- "$m" 2>/dev/null || umount -l -- "$m" 2>/dev/null || true
    done <<<"$left"
  done
  [ -z "$(mounts_under "$prefix")" ]
}

# rm -rf a (partial) chroot, but only once nothing is mounted inside it:
# a leftover bind mount of a host directory would otherwise be deleted too.
safe_remove() {
  local dir=$1
  [ -e "$dir" ] || return 0
  umount_under "$dir" \
    || unavailable "cannot unmount leftovers under $dir; refusing to delete it (see: findmnt | grep $dir)"
  rm -rf --one-file-system -- "$dir"
}

# --- namespaces ----------------------------------------------------------------

NS_FLAGS=(--fork --pid --kill-child --mount --propagation private)

proc_running() { # pid exists and is not a zombie
  local st
  st="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)"
  [ -n "$st" ] && [ "$st" != Z ]
}

# ns_wait DEADLINE CMD...: run CMD in fresh PID and mount namespaces and wait.
# If DEADLINE seconds (0 = none) pass, or we get INT/TERM/HUP, the namespace
# is killed: every process in it dies and its mounts vanish. (unshare --fork
# itself ignores INT/TERM while it waits, hence the KILL, which --kill-child
# passes on to the namespace's init.) Returns CMD's exit status, 124 after the
# deadline, 128+N after signal N.
ns_wait() {
  local deadline=$1; shift
  local upid rc=0 end=0
  NS_SIG=""
  unshare "${NS_FLAGS[@]}" -- "$@" <&0 &
  upid=$!
  # shellcheck disable=SC2064
  { trap "NS_SIG=130; kill -KILL $upid 2>/dev/null" INT
    trap "NS_SIG=143; kill -KILL $upid 2>/dev/null" TERM
    trap "NS_SIG=129; kill -KILL $upid 2>/dev/null" HUP; }
  if [ "$deadline" -gt 0 ]; then
    end=$((SECONDS + deadline))
    while proc_running "$upid" && [ -z "$NS_SIG" ]; do
      if [ "$SECONDS" -ge "$end" ]; then NS_SIG=124; kill -KILL "$upid" 2>/dev/null; break; fi
      sleep 1 & wait $! || true
    done
  fi
  wait "$upid" 2>/dev/null || rc=$?
  if [ -n "$NS_SIG" ]; then wait "$upid" 2>/dev/null || true; rc=$NS_SIG; fi
  trap - INT TERM HUP
  return "$rc"
}

# --- build ---------------------------------------------------------------------

retry() { # retry N CMD... : run CMD up to N times with growing pauses
  local n=$1 i=1; shift
  while :; do
    "$@" && return 0
    [ "$i" -lt "$n" ] || return 1
    say "attempt $i/$n failed: $*; retrying in $((i * 10))s"
    sleep $((i * 10)); i=$((i + 1))
  done
}

host_apt_install() {
  local opts=(-y -q -o DPkg::Lock::Timeout=600 -o Acquire::Retries=5
              -o Acquire::http::Timeout=60 --no-install-recommends)
  # An unreachable third-party repo makes `update` fail; that is not fatal.
  retry 2 timeout 900 apt-get -q -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 update >>"$LOG" 2>&1 || true
  retry 3 timeout 900 apt-get "${opts[@]}" install "$@" >>"$LOG" 2>&1
}

last_error_line() { # most telling line of the build log, for the one-line reason
  { grep -E '^(E:|W: Failure|W: Couldn|Err:)|Failed|Could not|Couldn.t|Temporary failure|Unable' "$LOG" 2>/dev/null || true; } \
    | tail -n 1 | tr -s '[:space:]' ' ' | sed 's/ $//' | cut -c1-200
}

# Run a command inside the partial chroot in a private mount namespace with
# /proc and /dev available; the mounts vanish with the namespace.
in_partial() {
  timeout --kill-after=30 1200 unshare --mount --propagation private -- /bin/bash -c '
    set -e
    root=$1; shift
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev" 2>/dev/null || true
    exec chroot "$root" /usr/bin/env -i PATH='"$CHROOT_PATH"' HOME=/root LANG=C.UTF-8 \
      DEBIAN_FRONTEND=noninteractive "$@"
  ' in_partial "$PARTIAL" "$@"
}

build() {
  local reason
  : >"$LOG"
  say "building Swift chroot ($SUITE + ${PACKAGES[*]}) in $CHROOT; log: $LOG"

  [ "$(id -u)" = 0 ] || unavailable "must run as root (needs debootstrap, chroot, mount)"
  command -v unshare >/dev/null && command -v chroot >/dev/null && command -v flock >/dev/null \
    || unavailable "util-linux/coreutils tools unshare, chroot, flock are required"

  local free_mb
  free_mb="$(df -Pm -- "$(dirname "$CHROOT")" | awk 'NR==2 { print $4 }')"
  [ "${free_mb:-0}" -ge "$MIN_FREE_MB" ] \
    || unavailable "only ${free_mb:-?} MB free under $(dirname "$CHROOT"), need ${MIN_FREE_MB} MB"

  if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap on the host"
    host_apt_install debootstrap || unavailable "could not apt-get install debootstrap: $(last_error_line)"
    command -v debootstrap >/dev/null || unavailable "debootstrap still not found after installing it"
  fi
  [ -f /usr/share/debootstrap/scripts/$SUITE ] \
    || unavailable "this debootstrap does not know '$SUITE' (upgrade debootstrap)"

  # Fail fast (exit 3) when the mirror is unreachable, instead of letting
  # debootstrap's wget retry for many minutes.
  case "$MIRROR" in
    http://* | https://*)
      command -v wget >/dev/null || host_apt_install wget || true
      if command -v wget >/dev/null \
         && ! retry 2 timeout 90 wget -q -T 20 -t 2 -O /dev/null "$MIRROR/dists/$SUITE/InRelease" >>"$LOG" 2>&1; then
        unavailable "Debian mirror $MIRROR is unreachable (could not fetch dists/$SUITE/InRelease)"
      fi ;;
  esac

  safe_remove "$CHROOT"     # an incomplete or outdated chroot is never trusted
  local attempt
  for attempt in 1 2 3; do
    safe_remove "$PARTIAL"
    say "debootstrap --variant=minbase $SUITE (attempt $attempt/3)"
    if timeout 900 debootstrap --variant=minbase --components=main \
         "$SUITE" "$PARTIAL" "$MIRROR" >>"$LOG" 2>&1; then
      break
    fi
    reason="$(last_error_line)"
    [ "$attempt" -lt 3 ] || { safe_remove "$PARTIAL"; unavailable "debootstrap $SUITE from $MIRROR failed: ${reason:-see $LOG}"; }
    say "debootstrap failed (${reason:-see $LOG}); retrying in $((attempt * 15))s"
    sleep $((attempt * 15))
  done

  # apt inside the chroot: retries, timeouts, no recommends, no docs/man/locales.
  cat >"$PARTIAL/etc/apt/apt.conf.d/90wecom-swift" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Retries "5";
Acquire::http::Timeout "60";
Acquire::https::Timeout "60";
Dpkg::Options { "--force-confdef"; "--force-confold"; };
EOF
  cat >"$PARTIAL/etc/dpkg/dpkg.cfg.d/90wecom-swift-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
EOF
  printf '#!/bin/sh\nexit 101\n' >"$PARTIAL/usr/sbin/policy-rc.d"   # never start services
  chmod 755 "$PARTIAL/usr/sbin/policy-rc.d"
  [ -s "$PARTIAL/etc/resolv.conf" ] || cp -L /etc/resolv.conf "$PARTIAL/etc/resolv.conf" 2>/dev/null || true

  say "apt-get install ${PACKAGES[*]} inside the chroot (~450 MB download)"
  if ! retry 3 in_partial /bin/sh -c \
      'apt-get -q update && apt-get -q -y install "$@"' sh "${PACKAGES[@]}" >>"$LOG" 2>&1; then
    reason="$(last_error_line)"
    safe_remove "$PARTIAL"
    unavailable "apt-get install ${PACKAGES[*]} in the $SUITE chroot failed: ${reason:-see $LOG}"
  fi
  in_partial apt-get clean >>"$LOG" 2>&1 || true

  local version
  if ! version="$(in_partial swiftc --version 2>>"$LOG" | head -n 1)" || [ -z "$version" ]; then
    safe_remove "$PARTIAL"
    unavailable "swiftc installed but does not run inside the chroot (see $LOG)"
  fi

  {
    echo "recipe=$RECIPE"
    echo "suite=$SUITE"
    echo "mirror=$MIRROR"
    echo "packages=${PACKAGES[*]}"
    echo "swiftc=$version"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  } >"$PARTIAL/$STAMP_NAME.tmp"
  mv -f "$PARTIAL/$STAMP_NAME.tmp" "$PARTIAL/$STAMP_NAME"
  sync -f "$PARTIAL/$STAMP_NAME" 2>/dev/null || sync
  mv -T -- "$PARTIAL" "$CHROOT"    # atomic: $CHROOT is either absent or complete
  say "ready: $version"
}

cmd_ensure() {
  normalize_chroot
  if is_complete; then echo "$CHROOT"; return 0; fi    # fast path, no lock
  mkdir -p -- "$(dirname "$CHROOT")"
  exec 9>>"$LOCK"
  if ! flock -x -w "$LOCK_TIMEOUT" 9; then
    unavailable "timed out after ${LOCK_TIMEOUT}s waiting for another build to release $LOCK"
  fi
  if ! is_complete; then
    # Leftovers of a killed fallback-mode run, in the host namespace. Safe:
    # we hold the exclusive lock and `run` needs a complete chroot.
    umount_under "$CHROOT" && umount_under "$PARTIAL" \
      || unavailable "cannot unmount leftovers under $CHROOT (see: findmnt | grep $CHROOT)"
    # The build runs as its own process under a deadline, in private PID and
    # mount namespaces: when it ends or is killed, every process it started
    # (debootstrap, dpkg, apt) dies with it and every mount it made vanishes.
    # `exit 3` in build ends only it.
    [ "$(id -u)" = 0 ] || unavailable "must run as root (needs debootstrap, chroot, mount)"
    unshare "${NS_FLAGS[@]}" -- true 2>/dev/null \
      || unavailable "cannot create PID/mount namespaces (unshare --pid --mount failed; no CAP_SYS_ADMIN?)"
    local rc=0
    ns_wait "$BUILD_TIMEOUT" "$SELF" __build || rc=$?
    case "$rc" in
      0) ;;
      124) unavailable "building the Swift chroot took longer than ${BUILD_TIMEOUT}s (see $LOG)" ;;
      129 | 130 | 143)
        echo "swift-toolchain: interrupted; the partial build will be redone next time" >&2
        exit "$rc" ;;
      *) exit "$rc" ;;
    esac
    is_complete || unavailable "build finished but $STAMP is missing (see $LOG)"
  fi
  exec 9>&-
  echo "$CHROOT"
}

# --- run -----------------------------------------------------------------------

# Executed (by cmd_run) inside a fresh private mount namespace, or, where that
# is impossible, in the host namespace with a trap that unmounts everything.
#   __inner MODE WORKDIR BIND... -- CMD ARGS...   (WORKDIR is among the BINDs,
#   or inside one of them)
cmd_inner() {
  local mode=$1 workdir=$2; shift 2
  local binds=() d
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do binds+=("$1"); shift; done
  shift   # --

  MOUNTED=()
  cleanup_mounts() {
    local i
    for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
      umount -R -- "${MOUNTED[$i]}" 2>/dev/null || umount -R -l -- "${MOUNTED[$i]}" 2>/dev/null || true
    done
    MOUNTED=()
  }
  if [ "$mode" = host ]; then
    trap cleanup_mounts EXIT
    trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP
  fi

  # Start from a clean slate: anything already mounted under the chroot (left
  # by an earlier, killed run) is removed. In namespace mode this only touches
  # our private copy of the mount table.
  umount_under "$CHROOT" || die "cannot unmount leftovers under $CHROOT"

  mount -t proc proc "$CHROOT/proc"; MOUNTED+=("$CHROOT/proc")
  if mount --rbind /dev "$CHROOT/dev" 2>/dev/null; then
    mount --make-rslave "$CHROOT/dev" 2>/dev/null || true
    MOUNTED+=("$CHROOT/dev")
  fi
  if mount -t sysfs -o ro sysfs "$CHROOT/sys" 2>/dev/null; then MOUNTED+=("$CHROOT/sys"); fi

  for d in "${binds[@]}"; do
    local target="$CHROOT$d"
    # The target must not leave the chroot through a symlink, nor hide the
    # chroot's own files (e.g. WORKDIR=/usr/lib). Directories holding only
    # (empty) directories, left by earlier binds, are fine; so is /tmp.
    if [ -e "$target" ] || [ -L "$target" ]; then
      [ -d "$target" ] && [ ! -L "$target" ] \
        || die "cannot bind $d: $target exists in the chroot and is not a directory"
      if [ "$d" != /tmp ] && [ -n "$(find "$target" -mindepth 1 ! -type d -print -quit 2>/dev/null)" ]; then
        die "cannot bind $d: it would hide files of the chroot's own $d"
      fi
    fi
    mkdir -p -- "$target"
    [ "$(realpath -e -- "$target")" = "$target" ] \
      || die "cannot bind $d: its path resolves through a symlink inside the chroot"
    mount --bind -- "$d" "$target"; MOUNTED+=("$target")
  done

  local passenv=() v
  for v in TERM ${WECOM_SWIFT_PASSENV:-}; do
    if [ -n "${!v+x}" ]; then passenv+=("$v=${!v}"); fi
  done

  local rc=0
  chroot "$CHROOT" /usr/bin/env -i -C "$workdir" PATH="$CHROOT_PATH" HOME=/root \
    LANG=C.UTF-8 "${passenv[@]}" "$@" 9>&- || rc=$?
  [ "$mode" = host ] && cleanup_mounts
  exit "$rc"
}

cmd_run() {
  local binds=() workdir="" d
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --bind) [ "$#" -ge 2 ] || die "--bind needs a directory"; binds+=("$2"); shift 2 ;;
      --bind=*) binds+=("${1#--bind=}"); shift ;;
      --) break ;;
      -*) die "run: unknown option $1" ;;
      *) [ -z "$workdir" ] || die "run: unexpected '$1' (missing '--' before CMD? use --bind DIR for more dirs)"
         workdir=$1; shift ;;
    esac
  done
  [ -n "$workdir" ] || die "usage: $0 run [--bind DIR]... WORKDIR -- CMD [ARGS...]"
  [ "${1:-}" = "--" ] || die "usage: $0 run [--bind DIR]... WORKDIR -- CMD [ARGS...]"
  shift
  [ "$#" -gt 0 ] || die "run: no command given after --"

  local all=() real=() a covered
  for d in "$workdir" "${binds[@]}"; do
    [ -d "$d" ] || die "run: $d is not a directory"
    d="$(realpath -e -- "$d")"
    [ "$d" != / ] || die "run: cannot bind / into the chroot"
    real+=("$d")
  done
  workdir=${real[0]}
  # Bind parents first, and skip directories already inside a bound one.
  while IFS= read -r d; do
    covered=0
    for a in "${all[@]}"; do case "$d/" in "$a"/*) covered=1 ;; esac; done
    [ "$covered" = 1 ] || all+=("$d")
  done < <(printf '%s\n' "${real[@]}" | awk '{ print length($0) "\t" $0 }' | sort -n | cut -f2- | uniq)

  cmd_ensure >/dev/null     # builds if needed; exits 3 if unavailable
  case "$workdir/" in "$CHROOT"/*) die "run: WORKDIR must not be inside the chroot" ;; esac

  # A shared lock for the duration: a rebuild (exclusive) waits for running
  # commands, and we wait for a build in progress.
  exec 9>>"$LOCK"
  flock -s -w "$LOCK_TIMEOUT" 9 || unavailable "timed out waiting for $LOCK"
  is_complete || unavailable "the chroot at $CHROOT was removed while waiting"

  export WECOM_SWIFT_CHROOT="$CHROOT"
  if unshare "${NS_FLAGS[@]}" -- true 2>/dev/null; then
    # PID namespace too: if we are killed, CMD and its children die with us.
    local rc=0
    ns_wait 0 "$SELF" __inner ns "$workdir" "${all[@]}" -- "$@" || rc=$?
    exit "$rc"
  fi
  # Fallback: host namespace. Serialise runs, since each one cleans up
  # leftovers under the chroot and would otherwise unmount a sibling's mounts.
  say "no mount namespaces here; mounting in the host namespace"
  exec 8>>"$LOCK.run"
  flock -x -w "$LOCK_TIMEOUT" 8 || unavailable "timed out waiting for $LOCK.run"
  "$SELF" __inner host "$workdir" "${all[@]}" -- "$@"
}

cmd_status() {
  normalize_chroot
  if is_complete; then echo "$CHROOT"; grep -E '^(swiftc|built)=' "$STAMP" >&2 || true; return 0; fi
  echo "swift-toolchain: not installed at $CHROOT (run: $0 ensure)" >&2
  return 1
}

cmd_cleanup() {
  normalize_chroot
  [ -d "$CHROOT" ] || return 0
  exec 8>>"$LOCK.run"
  flock -x -w "$LOCK_TIMEOUT" 8 || die "timed out waiting for $LOCK.run"
  umount_under "$CHROOT" || die "some mounts under $CHROOT could not be removed"
}

main() {
  local sub=${1:-}
  [ "$#" -gt 0 ] && shift
  case "$sub" in
    ensure) [ "$#" -eq 0 ] || die "ensure takes no arguments"; cmd_ensure ;;
    run) cmd_run "$@" ;;
    status) cmd_status ;;
    cleanup) cmd_cleanup ;;
    __inner) normalize_chroot; cmd_inner "$@" ;;
    __build)   # internal: called by ensure with the lock held
      normalize_chroot
      set -E   # an unexpected failure still gives exit 3 and a one-line reason
      trap 'unavailable "unexpected failure at line $LINENO of $SELF (see $LOG)"' ERR
      build ;;
    -h | --help | help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$SELF" ;;
    *) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$SELF" >&2; exit 2 ;;
  esac
}

main "$@"
