#!/usr/bin/env bash
# The mock's inbox page in headless Chromium (Selenium): every valid message of the conformance
# vectors shows its parts, live update, hostile messages inert, no request outside the mock,
# `wecom-bot mock --open`, `send --preview` and `--preview-html`; rewrites docs/preview/*.png.
# Installs Debian's chromium, chromium-driver and fonts-noto-cjk when missing, and Selenium in
# a venv cached outside the repo (Selenium's own browser downloads cannot work here).
source "$(dirname "$0")/lib.sh"
VENV=${WECOM_CACHE_DIR:-/var/cache/wecom-bot}/preview-venv
SELENIUM=selenium==4.51.0

apt_install chromium chromium-driver fonts-noto-cjk
cached_venv "$VENV" "$SELENIUM"
workspace_built
echo "$(chromium --version 2>/dev/null), $(chromedriver --version | cut -d' ' -f1-2), selenium ${SELENIUM#*==}"
"$VENV/bin/python" scripts/preview_browser.py
