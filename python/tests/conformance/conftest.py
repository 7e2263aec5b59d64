"""Reporting for the conformance runner, per tests/conformance/README.md: the results file
(``$WECOM_CONFORMANCE_RESULTS``) with every case id run, failed or skipped, and
``N passed, N failed`` as the very last line of output."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Dict, List

import pytest

_ran: List[str] = []
_failed: List[Dict[str, str]] = []
_skipped: List[Dict[str, str]] = []
_written = False


def _case_id(report: pytest.TestReport) -> Any:
    return dict(report.user_properties).get("conformance_id")


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "case" in callspec.params:
            item.user_properties.append(("conformance_id", callspec.params["case"]["id"]))


def _reason(report: pytest.TestReport) -> str:
    text = report.longreprtext.strip().splitlines()
    errors = [line for line in text if line.startswith("E ")]
    return (errors[0][1:].strip() if errors else (text[-1] if text else report.outcome))[:500]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    cid = _case_id(report)
    if cid is None:
        return
    if report.skipped:
        _skipped.append({"id": cid, "reason": _reason(report)})
    elif report.when == "call":
        _ran.append(cid)
        if report.failed:
            _failed.append({"id": cid, "reason": _reason(report)})
    elif report.failed:  # setup or teardown error
        if cid not in _ran:
            _ran.append(cid)
        _failed.append({"id": cid, "reason": f"{report.when}: {_reason(report)}"})


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _written
    path = os.environ.get("WECOM_CONFORMANCE_RESULTS")
    if path:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        doc = {"language": "python", "ran": _ran, "failed": _failed, "skipped": _skipped}
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
        _written = True
    if _skipped or not _ran:
        # No case may be skipped, and running none is a failure (pytest says 5; be explicit).
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    # After pytest's own summary: the contract's last line.
    passed = len(_ran) - len({f["id"] for f in _failed})
    failed = len({f["id"] for f in _failed}) + len(_skipped)
    sys.stdout.write(f"{passed} passed, {failed} failed\n")
    sys.stdout.flush()
