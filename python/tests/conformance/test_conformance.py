"""The Python conformance runner: one test per shared vector (tests/conformance/cases/*.json).

Run through the harness, which starts and scripts the mock server and checks what it received:
``cargo run -p wecom-bot-conformance -- run --lang python -- PYTHON -m pytest python/tests/conformance``.
The results file and the final ``N passed, N failed`` line are written by conftest.py.
"""

from __future__ import annotations

import pytest

from cases import check, load_cases

CASES = load_cases()


def test_vectors_found() -> None:
    """An empty or missing vector directory must fail, not pass with nothing to run."""
    assert len(CASES) > 0, "no conformance cases found"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict) -> None:
    check(case)
