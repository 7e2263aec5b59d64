"""Independent implementations of the content helpers (split, truncate, mention, font colour,
markdown table), written from their documented behaviour (core/src/content.rs and the
README's "The content helpers, exactly") so that every runner is checked against something
independent of the Rust core.
"""

from __future__ import annotations

import re

from .spec import MARKDOWN_MAX, TEXT_MAX, blen


def truncate(s: str, max_bytes: int) -> str:
    """The longest prefix of s of at most max_bytes UTF-8 bytes that ends on a char boundary."""
    # Cutting the encoding leaves at most one incomplete character at the end; drop it.
    return s.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


FENCE = "```"
CLOSE_RESERVE = len("\n" + FENCE)  # the least a chunk keeps free while it is inside a fence
# Unicode White_Space (what Rust's str::trim_start strips), for recognising indented fences.
UNICODE_WS = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"


def lines_of(s: str) -> list[str]:
    """s cut after every '\\n' (the newline stays with its line); only '\\n' ends a line."""
    out, start = [], 0
    while start < len(s):
        end = s.find("\n", start)
        end = len(s) if end < 0 else end + 1
        out.append(s[start:end])
        start = end
    return out


def is_fence(line: str) -> bool:
    return line.lstrip(UNICODE_WS).startswith(FENCE)


def fence_reserve(lines: list[str], k: int, limit: int) -> int:
    """What a chunk keeps free inside the fence opened by lines[k] (see `split`)."""
    own = next((blen(line) for line in lines[k + 1:] if is_fence(line)), 0)
    return own if CLOSE_RESERVE < own <= limit // 4 else CLOSE_RESERVE


def no_fence_after(s: str, piece: str) -> str:
    """A cut line's piece, shortened (keeping one character) until the rest of the line, which
    starts the next chunk's line, does not start with a fence."""
    while len(piece) > 1 and is_fence(s[len(piece):]):
        piece = piece[:-1]
    return piece


def split(content: str, limit: int, fences: bool) -> list[str]:
    """The documented splitting behaviour, chunk by chunk:

    - Lines end after '\\n'. A chunk takes as many whole lines as fit in `limit` bytes.
    - When not even one line fits, the line is cut at the last character boundary that fits
      and the chunk ends there; a line longer than the limit thus always starts a new chunk,
      and its rest continues the next chunk (which then takes whole lines again).
    - Without fences (text, markdown v1) the chunks concatenate to the input. Empty input
      gives no chunks.
    - markdown_v2 (fences=True; tables are `split_markdown_v2_table`'s): a line starting
      with ``` after whitespace opens a fence, the next such line closes it. A chunk that
      ends inside a fence gets "```" appended (after a "\\n" unless it already ends with
      one) and the next chunk starts with the opening fence line (its trailing CR/LF
      removed) + "\\n". While inside a fence a chunk keeps bytes
      free for that close, whether it ends in a newline or not: len("\\n```") = 4, or the
      fence's own closing line's length when that is longer (indented, CRLF) and at most a
      quarter of the limit, so that the closing line always fits where the close would have
      gone and never follows alone as an empty code block.
      An input ending inside an unclosed fence has its last chunk closed too. A chunk never
      holds only a fence's opening line (closing it would leave an empty code block): when the
      next line does not fit after it, that line is cut into the chunk. Nor does a chunk end
      with an empty code block: when the line after a fence's opening line does not fit, the
      opening line moves on to the next chunk (unless it is the chunk's only line).
    - markdown_v2: a cut line's rest never starts with a fence (after whitespace): the cut moves
      back by whole characters (keeping one), since that rest starts a line of the next chunk.
    - A limit too small for a reopened fence line plus the close plus one character falls back
      to plain (text) splitting.
    """
    limit = max(limit, 4)  # room for any one character
    lines = lines_of(content)
    # state[k]: the opening line of the fence open before line k (None outside a fence);
    # res[k]: the bytes kept free for closing it (0 outside a fence).
    state: list[str | None] = [None]
    res: list[int] = [0]
    for k, line in enumerate(lines):
        now, r = state[-1], res[-1]
        if fences and is_fence(line):
            if now is None:
                now, r = line.rstrip("\r\n"), fence_reserve(lines, k, limit)
            else:
                now, r = None, 0
        state.append(now)
        res.append(r)

    chunks: list[str] = []
    i, off = 0, 0  # the position reached: line i, character offset off
    while i < len(lines):
        prefix = state[i] + "\n" if state[i] is not None else ""
        if prefix and blen(prefix) + res[i] + 4 > limit:
            return split(content, limit, False)
        body, j, o = "", i, off
        while j < len(lines):  # whole lines (the first may be the rest of a cut line)
            seg = lines[j][o:]
            reserve = res[j + 1]
            if blen(prefix) + blen(body) + blen(seg) + reserve > limit:
                break
            body, j, o = body + seg, j + 1, 0
        if not body:  # not even the rest of line i fits: cut it
            reserve = max(res[i], res[i + 1])
            body = truncate(lines[i][off:], limit - blen(prefix) - reserve)
            if fences:
                body = no_fence_after(lines[i][off:], body)
            if not body:
                return split(content, limit, False)
            j, o = i, off + len(body)
            inside = state[i] is not None
        elif not prefix and j == i + 1 and j < len(lines) and state[j] is not None:
            # The chunk holds only the line that opened a fence: closing it would leave an empty
            # code block, so the next line is cut into this chunk instead.
            reserve = max(res[j], res[j + 1])
            piece = truncate(lines[j], limit - blen(body) - reserve)
            piece = no_fence_after(lines[j], piece)
            body, o = body + piece, len(piece)
            inside = True
        elif j > i + 1 and j < len(lines) and state[j - 1] is None and state[j] is not None:
            # The chunk's last line opened a fence: closing it there would leave an empty code
            # block at the chunk's end, so that line moves on to start the next chunk.
            j, inside = j - 1, False
            body = body[: len(body) - len(lines[j])]
        else:
            inside = state[j] is not None
        chunk = prefix + body
        if inside:
            chunk += ("" if chunk.endswith("\n") else "\n") + FENCE
        chunks.append(chunk)
        i, off = j, o
    return chunks


def split_text(content: str) -> list[str]:
    return split(content, TEXT_MAX, False)


def split_markdown(content: str) -> list[str]:
    """markdown (v1) has no code blocks (the vendor's page lists none): ``` is plain text, so
    v1 splits like text at its own limit and adds nothing."""
    return split(content, MARKDOWN_MAX, False)


def split_markdown_v2_fences(content: str) -> list[str]:
    """split_markdown_v2 of content without tables: code blocks closed and reopened."""
    assert "|" not in content, "a table-free input"
    return split(content, MARKDOWN_MAX, True)


def split_markdown_v2_table(head: str, rows: list[str], before: str = "") -> list[str]:
    """split_markdown_v2 of `before` (short text without tables or fences) + a table (`head`:
    its header and separator rows; `rows`: whole rows, each ending in a newline): chunks take
    as many whole rows as fit in 4096 bytes, and each chunk after the first starts with
    `head` again. The header rows never end a chunk without a row after them."""
    chunks: list[str] = []
    cur = before + head
    for row in rows:
        if blen(cur) + blen(row) > MARKDOWN_MAX:
            chunks.append(cur)
            cur = head
        cur += row
    chunks.append(cur)
    return chunks


def mention(userid: str) -> str:
    return f"<@{userid}>"


def font_color(text: str, color: str) -> str:
    assert color in ("info", "comment", "warning")
    return f'<font color="{color}">{text}</font>'


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """Header row, a `---` separator, then rows padded (with empty cells) or cut to the
    header's width; in a cell `|` becomes `\\|` and CRLF, LF and CR each become one space."""
    def cell(s: str) -> str:
        return re.sub(r"\r\n|\r|\n", " ", s.replace("|", "\\|"))

    def row(cells: list[str]) -> str:
        return "|" + "".join(f" {c} |" for c in cells) + "\n"

    width = len(headers)
    out = row([cell(h) for h in headers]) + row(["---"] * width)
    for r in rows:
        out += row([cell(c) for c in (r + [""] * width)[:width]])
    return out
