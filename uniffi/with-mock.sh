# Sourced by scripts/test-kotlin.sh and scripts/test-swift.sh.
# with_mock CMD...: runs CMD with WECOM_MOCK_URL pointing at a fresh target/debug/wecom-bot-mock
# (stopped afterwards by closing its standard input); returns CMD's exit code.
with_mock() {
  local dir pid url="" rc=0
  dir=$(mktemp -d)
  mkfifo "$dir/stdin"
  target/debug/wecom-bot-mock --quiet <"$dir/stdin" >"$dir/stdout" &
  pid=$!
  exec 7>"$dir/stdin"
  for _ in $(seq 1 200); do
    url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$dir/stdout" | head -n 1)
    [[ -n $url ]] && break
    sleep 0.05
  done
  if [[ -z $url ]]; then
    echo "the mock server did not start" >&2
    rc=1
  else
    WECOM_MOCK_URL=$url "$@" || rc=$?
  fi
  exec 7>&-
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  return "$rc"
}
