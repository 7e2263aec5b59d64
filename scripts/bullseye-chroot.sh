#!/usr/bin/env bash
# bullseye-chroot.sh — a Debian 11 "bullseye" root (glibc 2.31, Python 3.9, pip 20.3) to prove
# that the manylinux2014 wheel installs and works on an older Linux than ours.
#
# Usage:
#   scripts/bullseye-chroot.sh ensure
#       Build the chroot if it is missing or incomplete (debootstrap --variant=minbase, then
#       python3 python3-pip python3-venv from bullseye itself); print its path on stdout.
#   scripts/bullseye-chroot.sh run DIR -- CMD [ARGS...]
#       Run CMD inside the chroot with cwd DIR, DIR bind-mounted at the same absolute path,
#       /proc and /dev mounted, a clean environment (PATH, HOME=/root, LANG=C.UTF-8, plus the
#       host variables named in WECOM_BULLSEYE_PASSENV). The mounts live in a private mount
#       namespace and CMD in a private PID namespace: they vanish when CMD ends or `run` is
#       killed. The network is the host's (127.0.0.1 included). Exits with CMD's code.
#
# Made like the Swift chroot (scripts/swift-toolchain.sh) but sharing nothing mutable with it:
# its own directory, lock, log and stamp. Files: <chroot>.lock (flock: exclusive to build,
# shared to run), <chroot>.log (build log), <chroot>.partial (a build in progress, discarded
# by the next try). The chroot is trusted only once <chroot>/.wecom-bullseye.stamp names the
# current RECIPE. Exit 3 (last stderr line "bullseye-chroot: unavailable: …") when it cannot
# be built here. Requires root. Environment: WECOM_BULLSEYE_CHROOT (default
# /var/cache/wecom-bot/bullseye-py), WECOM_BULLSEYE_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

CHROOT=$(realpath -m -- "${WECOM_BULLSEYE_CHROOT:-/var/cache/wecom-bot/bullseye-py}")
MIRROR=${WECOM_BULLSEYE_MIRROR:-http://deb.debian.org/debian}
SUITE=bullseye
PACKAGES=(python3 python3-pip python3-venv)
RECIPE="wecom-bullseye-py-1"   # bump when the package list or setup changes: forces a rebuild
STAMP=$CHROOT/.wecom-bullseye.stamp
PARTIAL=$CHROOT.partial LOCK=$CHROOT.lock LOG=$CHROOT.log
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
SELF=$(readlink -f "${BASH_SOURCE[0]}")

say() { echo "bullseye-chroot: $*" >&2; }
die() { echo "bullseye-chroot: error: $*" >&2; exit 2; }
unavailable() { echo "bullseye-chroot: unavailable: $*" >&2; exit 3; }
complete() { [[ -f $STAMP ]] && grep -qx "recipe=$RECIPE" "$STAMP" && [[ -e $CHROOT/usr/bin/python3 ]]; }

[[ $CHROOT != / ]] || die "WECOM_BULLSEYE_CHROOT must not be /"
case "$CHROOT/" in "$(cd "$(dirname "$SELF")/.." && pwd -P)"/*) die "the chroot must live outside the repository" ;; esac

# in_root ROOT CMD...: CMD inside ROOT with /proc and /dev, in private PID and mount namespaces.
in_root() {
  local root=$1; shift
  timeout --kill-after=30 900 unshare --fork --pid --kill-child --mount --propagation private -- /bin/bash -c '
    set -e; root=$1; shift
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev" 2>/dev/null || true
    exec chroot "$root" /usr/bin/env -i PATH='"$CHROOT_PATH"' HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
  ' in_root "$root" "$@"
}

build() {
  [[ $(id -u) == 0 ]] || unavailable "must run as root (debootstrap, chroot, mount)"
  command -v debootstrap >/dev/null || {
    say "installing debootstrap"
    { apt-get -q update || true; apt-get -y -q --no-install-recommends install debootstrap; } >>"$LOG" 2>&1 \
      || unavailable "could not apt-get install debootstrap (see $LOG)"
  }
  [[ -f /usr/share/debootstrap/scripts/$SUITE ]] || unavailable "this debootstrap does not know '$SUITE'"
  rm -rf --one-file-system -- "$PARTIAL" "$CHROOT"
  local attempt
  for attempt in 1 2 3; do
    say "debootstrap --variant=minbase $SUITE (attempt $attempt/3); log: $LOG"
    timeout 900 debootstrap --variant=minbase --components=main "$SUITE" "$PARTIAL" "$MIRROR" >>"$LOG" 2>&1 && break
    rm -rf --one-file-system -- "$PARTIAL"
    ((attempt < 3)) || unavailable "debootstrap $SUITE from $MIRROR failed (see $LOG)"
    sleep $((attempt * 15))
  done
  printf 'APT::Install-Recommends "false";\nAcquire::Retries "5";\nAcquire::http::Timeout "60";\n' \
    >"$PARTIAL/etc/apt/apt.conf.d/90wecom-bullseye"
  printf '#!/bin/sh\nexit 101\n' >"$PARTIAL/usr/sbin/policy-rc.d" && chmod 755 "$PARTIAL/usr/sbin/policy-rc.d"
  [[ -s $PARTIAL/etc/resolv.conf ]] || cp -L /etc/resolv.conf "$PARTIAL/etc/resolv.conf" 2>/dev/null || true
  say "apt-get install ${PACKAGES[*]} inside the chroot"
  for attempt in 1 2 3; do
    in_root "$PARTIAL" /bin/sh -c 'apt-get -q update && apt-get -q -y install "$@" && apt-get clean' \
      sh "${PACKAGES[@]}" >>"$LOG" 2>&1 && break
    ((attempt < 3)) || { rm -rf --one-file-system -- "$PARTIAL"; unavailable "apt-get install in the chroot failed (see $LOG)"; }
    sleep $((attempt * 15))
  done
  local version
  version=$(in_root "$PARTIAL" python3 --version 2>>"$LOG") || unavailable "python3 does not run in the chroot (see $LOG)"
  printf 'recipe=%s\nsuite=%s\npython=%s\nbuilt=%s\n' "$RECIPE" "$SUITE" "$version" "$(date -u +%FT%TZ)" >"$PARTIAL/${STAMP##*/}"
  mv -T -- "$PARTIAL" "$CHROOT"   # atomic: the chroot is either absent or complete
  say "ready: $version"
}

ensure() {
  if complete; then echo "$CHROOT"; return; fi
  mkdir -p -- "$(dirname "$CHROOT")"
  exec 9>>"$LOCK"
  flock -x -w 1800 9 || unavailable "timed out waiting for another build ($LOCK)"
  if ! complete; then : >"$LOG"; build; fi
  exec 9>&-
  echo "$CHROOT"
}

run() {
  local dir=${1:-}
  [[ -d $dir && ${2:-} == -- && $# -ge 3 ]] || die "usage: $0 run DIR -- CMD [ARGS...]"
  dir=$(realpath -e -- "$dir"); shift 2
  [[ $dir != / ]] || die "run: cannot bind /"
  ensure >/dev/null
  exec 9>>"$LOCK"
  flock -s -w 1800 9 || unavailable "timed out waiting for $LOCK"
  complete || unavailable "the chroot at $CHROOT was removed while waiting"
  local passenv=() v
  for v in ${WECOM_BULLSEYE_PASSENV:-}; do [[ -z ${!v+x} ]] || passenv+=("$v=${!v}"); done
  unshare --fork --pid --kill-child --mount --propagation private -- /bin/bash -c '
    set -e; root=$1 dir=$2; shift 2
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev" 2>/dev/null || true
    mkdir -p "$root$dir" && mount --bind "$dir" "$root$dir"
    exec chroot "$root" /usr/bin/env -i -C "$dir" "$@"
  ' run "$CHROOT" "$dir" PATH="$CHROOT_PATH" HOME=/root LANG=C.UTF-8 "${passenv[@]}" "$@" 9>&-
}

case "${1:-}" in
  ensure) ensure ;;
  run) shift; run "$@" ;;
  *) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$SELF" >&2; exit 2 ;;
esac
