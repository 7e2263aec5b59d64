#!/usr/bin/env bash
# The mock's inbox page in headless Chromium (Selenium): every valid message of the conformance
# vectors shows its parts, live update, hostile messages inert, no request outside the mock,
# `wecom-bot mock --open`, `send --preview` and `--preview-html`; rewrites docs/preview/*.png.
# Installs Debian's chromium, chromium-driver and fonts-noto-cjk when missing, and Selenium in
# a venv cached outside the repo (Selenium's own browser downloads cannot work here).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${WECOM_CACHE_DIR:-/var/cache/wecom-bot}
VENV=$CACHE/preview-venv
SELENIUM=selenium==4.51.0

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  t0=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  echo "installed in $((SECONDS - t0)) s"
fi
if ! "$VENV/bin/python" -c "import selenium, sys; sys.exit(selenium.__version__ != '${SELENIUM#*==}')" 2>/dev/null; then
  mkdir -p "$CACHE"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "$SELENIUM"
fi
[[ -x target/debug/wecom-bot && -x target/debug/wecom-bot-mock ]] || cargo build -q --locked -p wecom-bot-cli -p wecom-bot-mock
echo "$(chromium --version 2>/dev/null), $(chromedriver --version | cut -d' ' -f1-2), selenium ${SELENIUM#*==}"
"$VENV/bin/python" scripts/preview_browser.py
