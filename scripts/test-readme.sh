#!/usr/bin/env bash
# README: the quick-start snippets (Shell, Rust, Python) run exactly as written against a mock
# on 127.0.0.1:8080, as the README tells a newcomer to start it. Python runs in a fresh venv
# with the binding's wheel (built here when the Python suite has not built it already).
source "$(dirname "$0")/lib.sh"
workspace_built
python_wheel
venv=$ROOT/target/py-readme-venv
step "fresh venv with ${WHEEL##*/}"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "$WHEEL"
step "the snippets, against a mock on port 8080"
with_mock --port 8080 -- env README_PYTHON="$venv/bin/python" python3 scripts/readme_snippets.py
# bench/RESULTS.md is made by bench/run.sh (minutes of measuring, not run here); its raw figures
# are committed beside it, so that the report code stays what made the committed report: a
# change to bench/report.py that breaks a row, or a report edited by hand, fails here.
step "bench/RESULTS.md is what bench/bench.py --report-only makes of bench/results.json"
python3 bench/bench.py --report-only bench/results.json "$ROOT/target/bench-report.md" >/dev/null
if ! diff -u bench/RESULTS.md "$ROOT/target/bench-report.md"; then
  echo "bench/RESULTS.md differs from what bench/report.py makes of bench/results.json:" \
    "run bench/run.sh again, or regenerate the report with --report-only (bench/README.md)"
  exit 1
fi
