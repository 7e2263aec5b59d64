"""The CLI's conformance runner: every `{"json": TEXT}` case through `wecom-bot send --json FILE
--dry-run` (the CLI's JSON entry point: parsed strictly and validated, printed, nothing sent).

Usage: runner.py WECOM_BOT_BINARY (through the harness: `wecom-bot-conformance run --lang cli --
python3 cli/tests/conformance/runner.py target/debug/wecom-bot`). The CLI runs the json cases
only (PARTIAL_RUNNERS in the harness); like every runner it compares nothing and writes what
happened to $WECOM_CONFORMANCE_RESULTS:

- exit 0: `body`, the one line printed on standard output;
- a failure: `error` with the kind of the line `error: KIND: MESSAGE` on standard error (which
  must agree with the exit code of that kind), `field` when the line ends in `(field F)`, else
  none (the harness then checks that MESSAGE names the expected field), and MESSAGE.

Every run has a webhook key in its environment (holding the canary `k3yc4n4ry`): output that
shows it is a runner_error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# cli/src/exit.rs EXIT_CODES (docs/cli.md shows the same table, and a test checks the two agree).
EXIT_CODES = {
    "validation": 10,
    "api": 11,
    "rate_limited": 12,
    "http_status": 13,
    "timeout": 14,
    "transport": 15,
    "decode": 16,
    "io": 17,
    "invalid_argument": 18,
    "store": 19,
}
KEY = "cli-conformance-k3yc4n4ry-7f3e9a1c"
ERROR_LINE = re.compile(r"error: ([a-z_]+): (.*)")
FIELD_SUFFIX = re.compile(r"(.*) \(field ([^()\s]+)\)$")


def outcome(binary: str, text: str, tmp: Path) -> dict:
    path = tmp / "message.json"
    path.write_bytes(text.encode("utf-8"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("WECOM_BOT_")}
    env["WECOM_BOT_KEY"] = KEY
    run = subprocess.run([binary, "send", "--json", str(path), "--dry-run"], capture_output=True, env=env,
                         timeout=60)
    out, err = run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace")
    if KEY in out or KEY in err:
        return {"runner_error": "the key appears in the CLI's output"}
    if run.returncode == 0:
        lines = out.split("\n")
        if err or len(lines) != 2 or lines[1]:
            return {"runner_error": f"exit 0 but not one line of JSON and a quiet stderr: {out[:200]!r} {err[:200]!r}"}
        return {"body": lines[0]}
    last = err.rstrip("\n").split("\n")[-1]
    m = ERROR_LINE.fullmatch(last)
    if out or not m:
        return {"runner_error": f"exit {run.returncode} without one error line: {out[:200]!r} {err[:300]!r}"}
    kind, message = m.group(1), m.group(2)
    if EXIT_CODES.get(kind) != run.returncode:
        return {"runner_error": f"a {kind} error exited {run.returncode}, not {EXIT_CODES.get(kind)}"}
    report = {"kind": kind, "message": message}
    suffix = FIELD_SUFFIX.fullmatch(message)
    if suffix:
        report["field"] = suffix.group(2)
    return {"error": report}


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: runner.py WECOM_BOT_BINARY", file=sys.stderr)
        return 2
    binary = sys.argv[1]
    cases_dir = Path(os.environ["WECOM_CONFORMANCE_DIR"]) / "cases"
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="wecom-cli-conformance-") as tmp:
        for file in sorted(cases_dir.glob("*.json")):
            for case in json.loads(file.read_text(encoding="utf-8"))["cases"]:
                if "json" not in case["input"]:
                    continue  # the CLI runs the json kind only (PARTIAL_RUNNERS)
                outcomes.append({"id": case["id"], **outcome(binary, case["input"]["json"], Path(tmp))})
    if not outcomes:
        print("runner.py: no json cases found", file=sys.stderr)
        return 1
    Path(os.environ["WECOM_CONFORMANCE_RESULTS"]).write_text(
        json.dumps({"language": "cli", "outcomes": outcomes}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"cli runner: {len(outcomes)} json cases run", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
