#!/usr/bin/env python3
"""Runs the README's quick-start snippets exactly as written, against a mock server on
127.0.0.1:8080 that the caller started, and checks what the mock received.

A snippet is the fenced block right after a `<!-- readme-test: LANG [FILE] -->` line (read
by scripts/snippets.py, the one Markdown extractor):
`sh` runs with bash, `python` with $README_PYTHON, `rust` must equal FILE (a cargo example,
which is then run). Prints `N passed, N failed`; exits 1 on any failure."""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from snippets import blocks

ROOT = Path(__file__).resolve().parent.parent
MOCK = "http://127.0.0.1:8080"
KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"


def records():
    with urllib.request.urlopen(f"{MOCK}/_mock/records?key={KEY}", timeout=10) as r:
        return [rec["body_json"] for rec in json.load(r)]


def run(lang, file, code, tmp):
    if lang == "sh":
        env = dict(os.environ, PATH=f"{ROOT}/target/debug:{os.environ['PATH']}")
        return subprocess.run(["bash", "-euo", "pipefail", "-c", code], cwd=tmp, env=env, capture_output=True, text=True)
    if lang == "python":
        return subprocess.run([os.environ["README_PYTHON"], "-c", code], cwd=tmp, capture_output=True, text=True)
    if lang == "rust":
        if (ROOT / file).read_text() != code:
            return subprocess.CompletedProcess([], 1, "", f"the README's Rust snippet differs from {file}")
        return subprocess.run(["cargo", "run", "-q", "--locked", "-p", "wecom-bot", "--example", Path(file).stem],
                              cwd=ROOT, capture_output=True, text=True)
    raise SystemExit(f"unknown snippet language {lang}")


# What each snippet must deliver, in order (the --dry-run line must deliver nothing).
# The CLI drops the one trailing newline of content read from standard input.
EXPECTED = {
    "sh": [{"msgtype": "text", "text": {"content": "deploy finished", "mentioned_list": ["@all"]}},
           {"msgtype": "markdown", "markdown": {"content": "## Nightly report\n- 42 tests passed"}}],
    "rust": [{"msgtype": "text", "text": {"content": "deploy finished", "mentioned_list": ["@all"]}},
             {"msgtype": "markdown", "markdown": {"content": "**build #42** <font color=\"info\">passed</font>"}}],
    "python": [{"msgtype": "text", "text": {"content": "deploy finished", "mentioned_list": ["@all"]}}],
    # "Many senders": two invocations through one SQLite store, then `quota status`
    "sh many-senders": [{"msgtype": "text", "text": {"content": "from one process"}},
                        {"msgtype": "text", "text": {"content": "from another, same window"}}],
}


def name(lang, file):
    """A snippet's name: its language, or `sh NAME` for a further shell snippet."""
    return f"{lang} {file}" if lang == "sh" and file else lang


def main():
    readme = (ROOT / "README.md").read_text()
    snippets = [(b.args[0], b.args[1] if len(b.args) > 1 else "", b.code)
                for b in blocks(readme) if b.kind == "readme-test" and b.args]
    langs = [name(s[0], s[1]) for s in snippets]
    passed = failed = 0
    if sorted(langs) != sorted(EXPECTED):
        print(f"FAILED: the README's tested snippets are {langs}, expected one each of {sorted(EXPECTED)}")
        failed += 1
    with tempfile.TemporaryDirectory() as tmp:
        for lang, file, code in snippets:
            before = len(records())
            p = run(lang, file, code, tmp)
            got = records()[before:]
            problems = []
            if p.returncode != 0:
                problems.append(f"exit {p.returncode}: {p.stderr.strip()[-800:]}")
            if KEY in p.stdout + p.stderr:
                problems.append("the key was printed")
            if got != EXPECTED.get(name(lang, file)):
                problems.append(f"the mock received {got}, expected {EXPECTED.get(name(lang, file))}")
            if problems:
                failed += 1
                print(f"FAILED readme {name(lang, file)} snippet: " + "; ".join(problems))
            else:
                passed += 1
                print(f"ok readme {name(lang, file)} snippet ({len(got)} message(s) delivered)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
