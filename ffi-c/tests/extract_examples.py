#!/usr/bin/env python3
"""Writes the code blocks of a Markdown file that follow a `<!-- file: PATH -->` (a source
file) or `<!-- script: PATH -->` (shell commands, e.g. the compile line) line to OUT_DIR/PATH,
exactly as written, so that the test command compiles the documentation's examples with the
documentation's own commands, as a reader would copy them.

    extract_examples.py docs/c.md OUT_DIR
"""
import re
import sys
from pathlib import Path

doc, out = Path(sys.argv[1]), Path(sys.argv[2])
text = doc.read_text(encoding="utf-8")
blocks = re.findall(r"<!-- (?:file|script): ([\w./-]+) -->\s*\n```[\w+]*\n(.*?)\n```", text, flags=re.S)
if not blocks:
    sys.exit(f"{doc}: no `<!-- file: ... -->` / `<!-- script: ... -->` code blocks found")
for name, code in blocks:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code + "\n", encoding="utf-8")
    print(f"{doc}: {name} ({code.count(chr(10)) + 1} lines)")
