"""docs/python.md's code runs as written: every ```python block, in order, in one namespace,
with WECOM_BOT_WEBHOOK pointing at the mock server and the files it names in the working
directory; the mock must have received every message the quick start sends."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, REPO, Mock

DOC = REPO / "docs" / "python.md"


def blocks() -> list:
    return re.findall(r"^```python\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.M | re.S)


def test_the_quick_start_runs_as_written(mock: Mock, key: str, tmp_path: Path) -> None:
    code = blocks()
    assert len(code) >= 2, "docs/python.md has no python blocks"
    shutil.copy(FIXTURES / "banner.jpg", tmp_path / "chart.jpg")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 a small report\n")
    script = tmp_path / "quickstart.py"
    script.write_text("\n".join(code), encoding="utf-8")
    env = dict(os.environ, WECOM_BOT_WEBHOOK=mock.webhook(key))
    env.pop("WECOM_BOT_KEY", None)
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert key not in run.stdout + run.stderr
    records = mock.records(key)
    assert records and all(r["delivered"] for r in records), records
    msgtypes = {r["msgtype"] for r in records if r["kind"] == "send"}
    assert {"text", "markdown", "image", "news", "file", "template_card"} <= msgtypes, msgtypes
