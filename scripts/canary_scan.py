#!/usr/bin/env python3
"""The key canary scan (tests/canary/README.md): fails when any file the test run produced
holds the canary marker, i.e. a test key leaked past its mask.

    scripts/canary_scan.py --since STAMP PATH...   scan PATHs (files or directories); under a
                                                   temporary directory only files newer than
                                                   STAMP count (--tmp DIR, repeatable)
    scripts/canary_scan.py --self-test             prove the scan catches a leak
"""
import argparse
import os
import pathlib
import sys
import tempfile

MARKER = b"k3yc4n4ry"
MAX_FILE = 256 << 20  # a bigger file is read in its first 256 MiB only


def scan_file(path: pathlib.Path):
    """Yields (line number, line) for every line holding the marker."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE)
    except OSError:
        return
    if MARKER not in data:
        return
    for n, line in enumerate(data.splitlines(), 1):
        if MARKER in line:
            yield n, line.decode("utf-8", "replace")[:300]


def walk(root: pathlib.Path, since: float):
    if root.is_file():
        yield root
        return
    for dirpath, _dirs, files in os.walk(root, onerror=lambda e: None):
        for name in files:
            p = pathlib.Path(dirpath) / name
            try:
                st = p.lstat()
            except OSError:
                continue
            if not p.is_symlink() and p.is_file() and st.st_mtime >= since:
                yield p


def scan(paths, tmp_dirs, since: float) -> list:
    leaks = []
    for root in paths:
        root = pathlib.Path(root)
        if root.exists():
            for f in walk(root, 0.0):
                leaks += [(f, n, line) for n, line in scan_file(f)]
    for root in tmp_dirs:
        root = pathlib.Path(root)
        if root.exists():
            for f in walk(root, since):
                leaks += [(f, n, line) for n, line in scan_file(f)]
    return leaks


def report(leaks) -> int:
    for f, n, line in leaks:
        print(f"canary: a test key leaked into {f}:{n}: {line}")
    return 1 if leaks else 0


def self_test() -> int:
    """A leaking run must fail the scan; a clean one (masked keys only) must pass it."""
    key = "py-self_test-" + MARKER.decode() + "-5aaa"
    masked = key[:4] + "…" + key[-4:]
    with tempfile.TemporaryDirectory() as d:
        d = pathlib.Path(d)
        logs, tmp = d / "logs", d / "tmp"
        (logs).mkdir()
        (tmp / "pytest-7" / "t0").mkdir(parents=True)
        stamp = d / "stamp"
        stamp.write_text("")
        since = stamp.stat().st_mtime
        (logs / "python.log").write_text(f"wecom_bot.ApiError: errcode 93000 for key={masked}\n")
        (tmp / "pytest-7" / "t0" / "out.json").write_text('{"ok": true}\n')
        clean = scan([logs], [tmp], since)
        assert clean == [], f"a clean run was flagged: {clean}"
        # The leaks: a log line, a nested temp file, a surefire report; each is found.
        (logs / "kotlin.log").write_text(f"WecomException: failed for {key}\n")
        (tmp / "pytest-7" / "t0" / "config.toml").write_text(f'webhook = "https://x/send?key={key}"\n')
        (logs / "TEST-BotTest.xml").write_bytes(f"<failure message='{key}'/>".encode())
        leaks = scan([logs], [tmp], since)
        found = sorted(str(f.name) for f, _, _ in leaks)
        assert found == ["TEST-BotTest.xml", "config.toml", "kotlin.log"], found
        # Files older than the run in a temporary directory are not the run's.
        old = tmp / "old.txt"
        old.write_text(key)
        os.utime(old, (since - 100, since - 100))
        assert [f.name for f, _, _ in scan([], [tmp], since)] == ["config.toml"]
    print("canary self-test: a leak in a log, a temp file or a report fails the scan; masked keys pass")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--since", help="a file whose mtime is the start of the run")
    ap.add_argument("--tmp", action="append", default=[], help="a temporary directory (newer files only)")
    ap.add_argument("paths", nargs="*")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    since = pathlib.Path(a.since).stat().st_mtime if a.since else 0.0
    leaks = scan(a.paths, a.tmp, since)
    n = report(leaks)
    if not n:
        print(f"canary: no test key in {len(a.paths)} output paths and {len(a.tmp)} temporary directories")
    return n


if __name__ == "__main__":
    sys.exit(main())
