#!/usr/bin/env python3
"""Generates the conformance vectors of wecom-bot (tests/conformance/cases/*.json).

    python3 tests/conformance/generate.py            write the generated case files
    python3 tests/conformance/generate.py --check    exit 1 if a generated file is stale, or if
                                                     any case file breaks schema.json or reuses an id

The cases are built by the `vectors` package beside this script (one module per case file; see
its docstring for adding a family). Every expected value is computed there, independently of
the Rust core. Validation uses the `jsonschema` package (scripts/test-rust.sh installs it in a
virtual environment). A `*.json` in cases/ that no module generates is never written or
compared, but `--check` still validates it and its ids.
"""

from __future__ import annotations

import argparse
import json
import sys

from vectors import FILES
from vectors.model import CASES_DIR, HERE
from vectors.schema_check import check_files, self_test, validator


def render(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if a generated file is stale or any case file is invalid")
    args = ap.parse_args()

    generated = {name: render(fn().doc()) for name, fn in FILES.items()}
    problems: list[str] = []
    if args.check:
        for name, text in generated.items():
            path = CASES_DIR / name
            if not path.exists():
                problems.append(f"{path}: missing (run generate.py)")
            elif path.read_text(encoding="utf-8") != text:
                problems.append(f"{path}: stale, differs from what generate.py generates")
    else:
        CASES_DIR.mkdir(exist_ok=True)
        for name, text in generated.items():
            path = CASES_DIR / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(HERE.parent.parent)}")

    # Every case file (generated or hand-written), as generated when checking.
    docs = {path.name: generated[path.name] if args.check and path.name in generated
            else path.read_text(encoding="utf-8") for path in sorted(CASES_DIR.glob("*.json"))}
    v = validator()
    file_problems, counts = check_files(v, docs)
    problems += file_problems
    problems += self_test(v, json.loads(generated["messages.json"]))

    for p in problems:
        print(p, file=sys.stderr)
    summary = ", ".join(f"{n} {c}" for n, c in counts.items())
    print(f"{sum(counts.values())} cases ({summary}); {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
