"""truncation.json: news titles and descriptions are truncated at a character boundary.
"""

from __future__ import annotations

from .model import Cases, msg, wire
from .spec import ACCENT, CJK, DESCRIPTION_MAX, EMOJI, S_NEWS, TITLE_MAX, blen


def cases() -> Cases:
    c = Cases("news article title (128 bytes) and description (512 bytes): the server truncates longer ones, "
              "so the library truncates them itself at a UTF-8 character boundary, never splitting a character. "
              "The expected body shows the truncated value.")

    def one(id: str, what: str, **fields: str) -> None:
        a = {"title": "t", "url": "https://example.com/a"}
        a.update(fields)
        m = msg("news", {"articles": [a]})
        body = wire(m)
        for k in fields:
            got, was = body["news"]["articles"][0][k], fields[k]
            assert blen(got) <= (TITLE_MAX if k == "title" else DESCRIPTION_MAX)
            what += f"; {k} {blen(was)} → {blen(got)} bytes"
        c.ok(f"trunc.{id}", what + ".", S_NEWS, m, body)

    for field, limit in (("title", TITLE_MAX), ("description", DESCRIPTION_MAX)):
        f = field
        one(f"{f}.ascii_at_limit", f"{f} of exactly {limit} ASCII bytes: kept whole", **{f: "a" * limit})
        one(f"{f}.ascii_over_by_one", f"{f} of {limit + 1} ASCII bytes: the last byte is cut", **{f: "a" * (limit + 1)})
        one(f"{f}.ascii_long", f"{f} of {limit * 3} ASCII bytes", **{f: "b" * (limit * 3)})
        one(f"{f}.cjk_ends_at_limit", f"{f}: {limit - 3} ASCII + 中 ends exactly at {limit}: kept whole",
            **{f: "a" * (limit - 3) + CJK})
        one(f"{f}.cjk_straddles_by_one", f"{f}: {limit - 2} ASCII + 中 straddles the limit: the whole 中 is dropped",
            **{f: "a" * (limit - 2) + CJK})
        one(f"{f}.cjk_straddles_by_two", f"{f}: {limit - 1} ASCII + 中: the whole 中 is dropped",
            **{f: "a" * (limit - 1) + CJK})
        one(f"{f}.cjk_after_limit", f"{f}: {limit} ASCII + 中: cut exactly at the limit",
            **{f: "a" * limit + CJK})
        one(f"{f}.emoji_straddles", f"{f}: {limit - 2} ASCII + a 4-byte emoji: the emoji is dropped",
            **{f: "a" * (limit - 2) + EMOJI + "z"})
        one(f"{f}.emoji_ends_at_limit", f"{f}: {limit - 4} ASCII + a 4-byte emoji + more: cut right after the emoji",
            **{f: "a" * (limit - 4) + EMOJI + "zzz"})
        one(f"{f}.accent_straddles", f"{f}: {limit - 1} ASCII + é (2 bytes): é is dropped",
            **{f: "a" * (limit - 1) + ACCENT})
        n = limit // 3 + 1
        one(f"{f}.all_cjk", f"{f}: {n} × 中 ({3 * n} bytes): cut to {limit // 3} characters",
            **{f: CJK * n})
        one(f"{f}.all_emoji", f"{f}: {limit // 4 + 1} emoji: cut to {limit // 4}", **{f: EMOJI * (limit // 4 + 1)})
        one(f"{f}.all_accent_odd", f"{f}: x + {limit // 2 + 1} × é: the limit falls inside an é, which is dropped",
            **{f: "x" + ACCENT * (limit // 2 + 1)})
    one("both", "title and description both too long, with straddling characters",
        title="标" * 50, description="述" * 200)
    one("short_kept", "a short title and description are not touched", title="短标题", description="短描述")
    m = msg("news", {"articles": [{"title": f"{i}" + "中" * 60, "url": f"https://example.com/{i}",
                                  "description": "é" * 300} for i in range(8)]})
    c.ok("trunc.every_article", "Every one of 8 articles is truncated independently.", S_NEWS, m, wire(m))
    m = msg("news", {"articles": [{"title": "中" * 43, "url": "u", "picurl": "p" * 600}]})
    c.ok("trunc.other_fields_untouched", "Only title and description are truncated: a 600-byte picurl is sent whole.",
         S_NEWS, m, wire(m))
    return c
