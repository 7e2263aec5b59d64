#!/usr/bin/env python3
"""The one Markdown snippet extractor: the fenced code blocks of a document, each with the
`<!-- KIND: ARGS -->` marker on the line before it (blank lines allowed in between), if any.
The code is exactly as written, every line ending in a newline.

    snippets.py files DOC OUT_DIR    writes each block marked `<!-- file: PATH -->` or
                                     `<!-- script: PATH -->` to OUT_DIR/PATH (docs/c.md)
    snippets.py lang DOC LANG OUT    writes every ```LANG block, in order, to OUT (docs/python.md)

scripts/readme_snippets.py imports `blocks` for the README's `<!-- readme-test: … -->` blocks.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

MARKER = re.compile(r"<!--\s*([\w-]+):\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(`{3,})([\w+-]*)\s*$")


@dataclass
class Block:
    kind: str | None  # the marker's kind (`file`, `script`, `readme-test`), if marked
    args: list[str]  # the marker's words after the kind
    lang: str  # the fence's info string (`c`, `python`, …), may be empty
    code: str


def blocks(text: str) -> list[Block]:
    """Every fenced block of `text`, in order."""
    out: list[Block] = []
    lines = text.split("\n")
    marker: re.Match[str] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            close = fence.group(1)
            end = i + 1
            while end < len(lines) and lines[end].strip() != close:
                end += 1
            if end == len(lines):
                raise ValueError(f"line {i + 1}: a code block that is never closed")
            code = "".join(f"{code_line}\n" for code_line in lines[i + 1:end])
            kind, args = (marker.group(1), marker.group(2).split()) if marker else (None, [])
            out.append(Block(kind, args, fence.group(2), code))
            marker = None
            i = end + 1
            continue
        if line.strip():
            marker = MARKER.match(line.strip())
        i += 1
    return out


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "files":
        doc, out = Path(argv[1]), Path(argv[2])
        found = [b for b in blocks(doc.read_text(encoding="utf-8")) if b.kind in ("file", "script") and b.args]
        if not found:
            sys.exit(f"{doc}: no `<!-- file: ... -->` / `<!-- script: ... -->` code blocks found")
        for b in found:
            path = out / b.args[0]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(b.code, encoding="utf-8")
            print(f"{doc}: {b.args[0]} ({b.code.count(chr(10))} lines)")
        return 0
    if len(argv) == 4 and argv[0] == "lang":
        doc, lang, out = Path(argv[1]), argv[2], Path(argv[3])
        found = [b.code for b in blocks(doc.read_text(encoding="utf-8")) if b.lang == lang]
        if not found:
            sys.exit(f"{doc}: no ```{lang} blocks found")
        out.write_text("\n".join(found), encoding="utf-8")
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
