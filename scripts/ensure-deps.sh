#!/usr/bin/env bash
# Installs what every suite needs and this machine may lack. Idempotent and quiet when all is there.
source "$(dirname "$0")/lib.sh"
apt_install gcc cmake valgrind pkg-config curl
command -v cargo >/dev/null || { echo "cargo is missing (rustup is part of our machine image)"; exit 1; }
rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt
tools_venv
