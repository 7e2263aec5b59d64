"""Fixtures of the API tests: the mock server (the real `wecom-bot-mock` binary, started once)
and a distinctive key per test, so that a leak of it anywhere is easy to spot."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"


class Mock:
    """A running mock server and its control endpoints (tests/… use them to script faults and
    read what was received)."""

    def __init__(self, url: str, process: "subprocess.Popen[bytes]") -> None:
        self.url = url
        self.process = process

    def _call(self, method: str, path: str, body: Optional[Any] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())

    def records(self, key: str) -> List[Dict[str, Any]]:
        """What the server received for `key`, in order."""
        return self._call("GET", "/_mock/records?key=" + key)

    def script(self, key: str, fault: Dict[str, Any], times: int = 1) -> None:
        """Applies `fault` to the next `times` requests of `key`."""
        self._call("POST", "/_mock/script", {"key": key, "fault": fault, "times": times})

    def pending(self, key: str) -> int:
        """How many scripted faults of `key` have not been taken by a request yet."""
        return sum(s["times"] for s in self._call("GET", "/_mock/script")["pending"] if s["key"] == key)

    def webhook(self, key: str) -> str:
        return f"{self.url}/cgi-bin/webhook/send?key={key}"


@pytest.fixture(scope="session")
def mock() -> Iterator[Mock]:
    # A mock started by the caller (the bullseye chroot test: the mock binary needs the host's
    # newer glibc, so it runs outside the chroot, on the shared loopback).
    if os.environ.get("WECOM_TEST_MOCK_URL"):
        yield Mock(os.environ["WECOM_TEST_MOCK_URL"], None)  # type: ignore[arg-type]
        return
    binary = os.environ.get("WECOM_MOCK_BIN") or str(REPO / "target" / "debug" / "wecom-bot-mock")
    if not Path(binary).is_file():
        pytest.fail(f"the mock server binary {binary} does not exist (cargo build --workspace first)")
    process = subprocess.Popen([binary, "--no-rate-limit", "--quiet"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdout is not None and process.stdin is not None
    line = process.stdout.readline().decode().strip()
    prefix = "listening on "
    if not line.startswith(prefix):
        process.kill()
        pytest.fail(f"the mock server said {line!r} instead of 'listening on URL'")
    yield Mock(line[len(prefix):], process)
    process.stdin.close()  # the mock exits when its standard input closes
    process.wait(timeout=10)


@pytest.fixture
def key(request: pytest.FixtureRequest) -> str:
    """A distinctive key for this test alone (`S3CRET` inside: grep-able if it ever leaks)."""
    name = "".join(c if c.isalnum() else "-" for c in request.node.name)[:40]
    return f"py-{name}-S3CRET-k3yc4n4ry-{uuid.uuid4().hex}"
