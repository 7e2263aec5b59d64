#!/usr/bin/env bash
# The shell-script way: one curl process per message, checking each answer's errcode.
#   curl_send.sh BASE_URL KEY N
set -euo pipefail
base=$1 key=$2 n=$3
url="$base/cgi-bin/webhook/send?key=$key"
for ((i = 0; i < n; i++)); do
  body=$(printf '{"msgtype":"text","text":{"content":"benchmark message %d"}}' "$i")
  answer=$(curl -sS --fail --max-time 30 -H 'Content-Type: application/json' --data-binary "$body" "$url")
  [[ $answer == *'"errcode":0,'* ]] || { echo "message $i: $answer" >&2; exit 1; }
done
