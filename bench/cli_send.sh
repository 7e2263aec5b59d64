#!/usr/bin/env bash
# The CLI's cold start: one `wecom-bot send text` process per message, as curl_send.sh does with
# curl (limiter off, store memory: the same client settings as the other send benchmarks).
#   cli_send.sh WECOM_BOT_BINARY BASE_URL KEY N
set -euo pipefail
bin=$1 base=$2 n=$4
export WECOM_BOT_KEY=$3
for ((i = 0; i < n; i++)); do
  "$bin" send --base-url "$base" --no-rate-limit --store memory -q text "benchmark message $i" >/dev/null
done
