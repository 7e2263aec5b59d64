#!/usr/bin/env bash
# Installs what every suite needs and this machine may lack. Idempotent and quiet when all is there.
set -euo pipefail
need_apt=()
for cmd_pkg in cc:gcc cmake:cmake valgrind:valgrind pkg-config:pkg-config curl:curl; do
  command -v "${cmd_pkg%%:*}" >/dev/null 2>&1 || need_apt+=("${cmd_pkg#*:}")
done
if ((${#need_apt[@]})); then
  echo "installing: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
command -v cargo >/dev/null || { echo "cargo is missing (rustup is part of our machine image)"; exit 1; }
rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy
