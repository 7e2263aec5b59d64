"""The Python conformance runner: runs every shared vector (tests/conformance/cases/*.json)
through the ``wecom_bot`` API and writes what happened per case id to
``$WECOM_CONFORMANCE_RESULTS``; the harness judges it (tests/conformance/README.md).

Run through the harness, which starts and scripts the mock server and checks what it received:
``cargo run -p wecom-bot-conformance -- run --lang python -- PYTHON python/tests/conformance/runner.py``
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import load_cases, outcome  # noqa: E402


def main() -> int:
    path = os.environ.get("WECOM_CONFORMANCE_RESULTS")
    if not path:
        print("set WECOM_CONFORMANCE_RESULTS (the harness does)", file=sys.stderr)
        return 2
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="wecom-conf-") as tmp:
        for case in load_cases():
            case_dir = Path(tmp) / case["id"]
            case_dir.mkdir()
            outcomes.append({"id": case["id"], **outcome(case, case_dir)})
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"language": "python", "outcomes": outcomes}, f, ensure_ascii=False, indent=1)
    runner_errors = sum("runner_error" in o for o in outcomes)
    print(f"{len(outcomes)} cases run ({runner_errors} runner errors); the harness judges the outcomes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
