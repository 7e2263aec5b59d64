"""content.json: the content helpers (split, mention, font colour, markdown table, truncate).
"""

from __future__ import annotations

from .model import HERE, Cases, msg
from .reference import (
    font_color,
    markdown_table,
    mention,
    split_markdown,
    split_markdown_v2_fences,
    split_markdown_v2_table,
    split_text,
    truncate,
)
from .spec import ACCENT, CJK, EMOJI, MARKDOWN_MAX, S_MARKDOWN, S_MARKDOWN_V2, S_NEWS, S_TEXT, S_TYPES, TEXT_MAX, blen


def cases() -> Cases:
    c = Cases("The content helpers: split_text (≤ 2048-byte chunks), split_markdown (≤ 4096-byte chunks, split "
              "like text: v1 has no code blocks, so ``` is plain text and no fence is added) and split_markdown_v2 "
              "(code blocks closed and reopened, table headers repeated), mention, font_color, markdown_table "
              "and truncate. Expected values come from generate.py's own implementation of the documented "
              "behaviour.")

    def split_case(id: str, mode: str, what: str, content: str) -> None:
        chunks = split_text(content) if mode == "text" else split_markdown(content)
        limit = TEXT_MAX if mode == "text" else MARKDOWN_MAX
        assert all(0 < blen(ch) <= limit for ch in chunks), id
        assert "".join(chunks) == content, id  # text and markdown (v1) add nothing
        sizes = f"chunks of {', '.join(str(blen(ch)) for ch in chunks)} bytes" if chunks else "no chunks"
        c.add(f"content.split_{mode}.{id}", f"{what} ({blen(content)} bytes → {sizes}).",
              S_TEXT if mode == "text" else S_MARKDOWN, {"split": {"mode": mode, "content": content}}, {"chunks": chunks})

    # ---- split_text
    T = TEXT_MAX
    split_case("empty", "text", "Empty content gives no chunks", "")
    split_case("short", "text", "Short content is one chunk, unchanged", "hello\nworld")
    split_case("exact_limit", "text", "Exactly 2048 bytes on one line: one chunk", "a" * T)
    split_case("limit_plus_one", "text", "2049 bytes on one line: 2048 + 1", "a" * (T + 1))
    split_case("exact_limit_lines", "text", "Lines adding up to exactly 2048 bytes: one chunk", ("x" * 63 + "\n") * 32)
    split_case("lines", "text", "30 lines of 100 bytes: 20 whole lines fit, the cut is after a newline",
               ("y" * 99 + "\n") * 30)
    split_case("prefers_line_break", "text", "A 2001-byte line then 100 bytes: cut after the newline, not at 2048",
               "a" * 2000 + "\n" + "b" * 100)
    split_case("newline_at_limit", "text", "The 2048th byte is a newline: the first chunk ends exactly there",
               "a" * (T - 1) + "\n" + "b")
    split_case("newline_past_limit", "text", "The newline is the 2049th byte: the line alone does not fit and is cut",
               "a" * T + "\n" + "b")
    split_case("huge_line", "text", "A 5000-byte line between short lines starts its own chunk, is cut at 2048 bytes, "
               "and its rest continues with the next lines", "intro\n" + "y" * 5000 + "\n" + "outro\n")
    split_case("huge_line_no_newline", "text", "7000 bytes without any newline: cut at every 2048 bytes", "z" * 7000)
    split_case("cjk_at_cut", "text", "700 × 中 with no newline: the cut falls inside a character, so it moves back "
               "to 2046 bytes", CJK * 700)
    split_case("cjk_after_ascii", "text", "2047 ASCII + 中: 中 cannot be split and goes to the next chunk",
               "a" * (T - 1) + CJK + "tail")
    split_case("emoji_at_cut", "text", "2046 ASCII + a 4-byte emoji straddling 2048: the emoji moves whole",
               "a" * (T - 2) + EMOJI + "b")
    split_case("accent_at_cut", "text", "é × 1100 (2200 bytes, even boundaries): cut at 2048", ACCENT * 1100)
    split_case("odd_accent_at_cut", "text", "x + é × 1100: the limit falls inside an é", "x" + ACCENT * 1100)
    split_case("crlf_lines", "text", "CRLF lines: the cut is after the LF, CR stays with its line", "line\r\n" * 500)
    split_case("only_newlines", "text", "3000 newlines", "\n" * 3000)
    split_case("mixed_scripts", "text", "Lines mixing ASCII, 2-, 3- and 4-byte characters",
               "".join(f"{i:03d} é中😀 {'ж' * (i % 40)} {'字' * (i % 25)}\n" for i in range(120)))
    split_case("no_trailing_newline", "text", "The last line has no newline and the last chunk keeps it so",
               ("q" * 99 + "\n") * 25 + "end")
    split_case("three_chunks", "text", "About three chunks' worth of 50-byte lines", ("p" * 49 + "\n") * 120)
    split_case("fence_is_plain_text", "text", "``` has no meaning in text: no fence is added",
               "```\n" + ("c" * 99 + "\n") * 30 + "```\n")

    # ---- split_markdown (v1): no code blocks in v1 (the vendor's page lists none), so ``` is
    # plain text and splitting adds nothing. Each fence_case pins that for v1 and repeats the
    # same input as markdown_v2, where the code block is closed and reopened.
    fenced: list[tuple[str, str, str]] = []

    def fence_case(id: str, v2_what: str, content: str) -> None:
        split_case(id, "markdown", "``` is plain text in markdown (v1), which has no code blocks: no fence is "
                   f"added or reopened and the chunks concatenate to the input (as markdown_v2, "
                   f"content.split_markdown_v2.{id}, the block is repaired)", content)
        fenced.append((id, v2_what, content))

    M = MARKDOWN_MAX
    code = "".join(f"print({i})\n" for i in range(600))
    split_case("empty", "markdown", "Empty markdown gives no chunks", "")
    split_case("short", "markdown", "Short markdown is one chunk, unchanged", "# 标题\n**加粗**\n> 引用")
    split_case("exact_limit", "markdown", "Exactly 4096 bytes: one chunk", "m" * M)
    split_case("limit_plus_one", "markdown", "4097 bytes on one line: 4096 + 1", "m" * (M + 1))
    split_case("lines", "markdown", "Lines of markdown: cut after a newline", ("- 列表项 item\n") * 400)
    split_case("closed_fence_fits", "markdown", "A complete code block that fits: unchanged",
               "text\n```rust\nfn main() {}\n```\nmore\n")
    fence_case("fence_across_cut",
               "A ```python block open across the cut: the first chunk closes it with ``` and the second reopens "
               "it with \"```python\" before going on", "intro\n```python\n" + code + "```\nafter\n")
    fence_case("fence_no_info", "A bare ``` fence across the cut is reopened bare",
               "```\n" + code + "```\n")
    fence_case("fence_indented", "An indented fence (\"  ```js\") is reopened with its indentation",
               "list:\n  ```js\n" + "".join(f"  console.log({i});\n" for i in range(400)) + "  ```\n")
    fence_case("fence_three_chunks", "A code block spanning three chunks: closed and reopened twice",
               "```sh\n" + "".join(f"echo line {i:05d}\n" for i in range(700)) + "```\n")
    fence_case("two_blocks", "Two code blocks, the second open across the cut",
               "```c\nint x;\n```\n" + "text line\n" * 300 + "```go\n" + "".join(f"x := {i}\n" for i in range(300))
               + "```\ndone\n")
    fence_case("unclosed_fence_short", "An unclosed fence in short markdown is closed at the end "
               "(no chunk ends inside a fence)", "intro\n```\ncode")
    fence_case("unclosed_fence_long", "An unclosed fence across the cut: every chunk, the last included, is "
               "closed", "```py\n" + code)
    fence_case("huge_line_in_fence",
               "A 6000-byte line inside a fence: cut at character boundaries, each piece in its own reopened and "
               "closed block (a newline is added before the closing ```)", "```\n" + "w" * 6000 + "\n```\n")
    fence_case("huge_line_after_crlf_fence",
               "A 6000-byte line right after a CRLF fence line \"```py\\r\\n\": the line is cut into the first "
               "chunk (no chunk is only an empty code block); the reopened fence drops the CR",
               "```py\r\n" + "w" * 6000 + "\r\n```\r\n")
    fence_case("indented_close_at_boundary",
               "An indented closing fence (\"  ```\", 6 bytes) right where the chunk is full: the chunk keeps room "
               "for it, so no chunk is an empty code block (reopened fence + closing line)",
               "```js\n" + "x" * 4085 + "\n  ```\nafter\n")
    fence_case("crlf_close_at_boundary",
               "A CRLF closing fence (\"```\\r\\n\", 5 bytes) right where the chunk is full: no empty code block",
               "```py\r\n" + "x" * 4083 + "\r\n```\r\nafter\r\n")
    fence_case("huge_line_after_fence_mid_text",
               "Text, then a fence whose first line is 5000 bytes: the fence's opening line moves to the second "
               "chunk (the first would otherwise end with an empty code block), which is filled with a piece "
               "of that line",
               "intro\n" + "```sql\n" + "s" * 5000 + "\n```\nend\n")
    fence_case("huge_cjk_line_in_fence", "A 9000-byte line of 中 inside a ```text fence: cuts between "
               "characters, fences balanced", "```text\n" + CJK * 3000 + "\n```\n")
    split_case("huge_line_outside_fence", "markdown", "A 9000-byte line outside any fence: cut at 4096 bytes",
               "head\n" + "h" * 9000 + "\ntail\n")
    split_case("cjk_lines", "markdown", "Lines of 3-byte characters: cut after a newline",
               ("中文内容" * 10 + "\n") * 60)
    fence_case("crlf_fence", "A CRLF fence line \"```py\\r\\n\" is reopened as \"```py\\n\" (CR dropped)",
               "```py\r\n" + "".join(f"x = {i}\r\n" for i in range(700)) + "```\r\n")
    # The close needs "```" after a chunk ending in a newline, but 4 bytes are kept free: a block
    # whose own closing line "```\n" lands exactly at the limit is not cut.
    body = "b" * 99 + "\n"
    pad = M - len("```\n") - len("```\n")
    exact = "```\n" + body * (pad // 100) + "c" * (pad % 100 - 1) + "\n" + "```\n" + "after\n"
    fence_case("closing_line_at_limit", "A code block whose closing line \"```\\n\" ends exactly at 4096: "
               "one chunk holds it whole", exact)
    fence_case("fence_line_after_cut", "A fence whose opening line does not fit starts the next chunk",
               "z" * 4090 + "\n" + "```\n" + "k\n" * 100 + "```\n")
    fence_case("fence_near_cut", "A fence opening near the end of a chunk: some code lines, the close, "
               "and the rest in a reopened block", "z" * 4000 + "\n" + "```\n" + "k\n" * 100 + "```\n")
    fence_case("fence_opener_moves_on", "A fence's opening line fits but its next line does not: the "
               "opening line moves on to the next chunk rather than end this one with an empty code block",
               "z" * 4080 + "\n" + "```\n" + "k" * 20 + "\n" + "```\n")
    split_case("inline_backticks", "markdown", "``` not at a line start (inline) is not a fence",
               ("see ```this``` inline\n") * 250)

    # ---- split_markdown_v2: a table cut by a boundary repeats its header and separator rows;
    # a code block cut by a boundary is closed and reopened.
    def split_v2_case(id: str, what: str, content: str, chunks: list[str]) -> None:
        assert all(0 < blen(ch) <= MARKDOWN_MAX for ch in chunks), id
        sizes = ", ".join(str(blen(ch)) for ch in chunks) or "none"
        c.add(f"content.split_markdown_v2.{id}", f"{what} ({blen(content)} bytes → chunks of {sizes} bytes).",
              S_MARKDOWN_V2, {"split": {"mode": "markdown_v2", "content": content}}, {"chunks": chunks})

    head = "| 服务 | 状态 | 延迟 |\n| :--- | :---: | ---: |\n"
    rows = [f"| svc-{i:03d} | ok | {i * 7 % 300} ms |\n" for i in range(260)]
    split_v2_case("table_header_repeated", "A long table: every chunk after the first starts with the header and "
                  "separator rows, rows are never cut", head + "".join(rows), split_markdown_v2_table(head, rows))
    intro = "## 测试报告\n\n"
    split_v2_case("table_after_text", "Text, then a long table: the header repeats in every later chunk",
                  intro + head + "".join(rows), split_markdown_v2_table(head, rows, intro))
    split_v2_case("short", "Short markdown_v2 is one chunk, unchanged", head + rows[0], [head + rows[0]])
    split_v2_case("empty", "Empty content gives no chunks", "", [])
    code = "```py\n" + "".join(f"print({i})\n" for i in range(900)) + "```\n"
    split_v2_case("code_block", "A long code block and no table: closed and reopened",
                  code, split_markdown_v2_fences(code))
    for id, what, content in fenced:
        split_v2_case(id, what, content, split_markdown_v2_fences(content))

    # ---- conversion: small documents of the Markdown corpus (tests/markdown-corpus), whose
    # outputs the core's corpus test pins as golden files; every binding must give the same.
    corpus = HERE.parent / "markdown-corpus"
    for name in ("12-headings-all-levels", "13-emphasis-mix", "18-empty-cells", "20-task-list", "25-indented-code",
                 "31-link-variants", "32-ordered-start"):
        source = (corpus / "src" / f"{name}.md").read_text(encoding="utf-8")
        slug = name.split("-", 1)[1].replace("-", "_")
        for helper, ext, section, what in (("to_wecom_markdown", "v1.md", S_MARKDOWN, "WeCom markdown (v1)"),
                                           ("to_wecom_markdown_v2", "v2.md", S_MARKDOWN_V2, "markdown_v2"),
                                           ("to_plain_text", "txt", S_TEXT, "plain text")):
            golden = (corpus / "golden" / f"{name}.{ext}").read_text(encoding="utf-8")
            c.add(f"content.{helper}.{slug}", f"tests/markdown-corpus/src/{name}.md converted to {what} "
                  f"(the corpus's golden file {name}.{ext}).", section,
                  {"helper": {"name": helper, "args": [source]}}, {"result": golden})
    for helper, source, result, section in (
            ("to_wecom_markdown", "![chart](https://example.com/c.png)", "[chart](https://example.com/c.png)", S_MARKDOWN),
            ("to_wecom_markdown_v2", "<b>ok</b>", "ok", S_MARKDOWN_V2),
            ("to_plain_text", "**a** [b](https://example.com)", "a b (https://example.com)", S_TEXT)):
        c.add(f"content.{helper}.small", f"{helper}({source!r}) = {result!r}.", section,
              {"helper": {"name": helper, "args": [source]}}, {"result": result})

    # ---- mentions on markdown (inline <@userid>) and markdown_v2 (none): `mentioned_list` /
    # `mentioned_mobile_list` in a markdown message are the binding's mention API, not wire fields.
    c.add("content.mention.markdown_inline", "A markdown mention is written inline: <@userid> on a line of its own "
          "after the content (the spec: markdown supports <@userid>).", S_MARKDOWN,
          {"message": msg("markdown", {"content": "**构建失败**", "mentioned_list": ["wangqing", "张三"]})},
          {"body_json": msg("markdown", {"content": "**构建失败**\n<@wangqing> <@张三>"})})
    c.add("content.mention.markdown_after_newline", "Content ending in a newline: the mentions follow directly.",
          S_MARKDOWN, {"message": msg("markdown", {"content": "done\n", "mentioned_list": ["lisi"]})},
          {"body_json": msg("markdown", {"content": "done\n<@lisi>"})})
    for id, body, field, what in (
            ("markdown_mobile", {"content": "x", "mentioned_mobile_list": ["13800001111"]}, "markdown.mentioned_mobile_list",
             "markdown has no syntax for a mobile number"),
            ("markdown_all", {"content": "x", "mentioned_list": ["@all"]}, "markdown.mentioned_list[0]",
             "markdown has no @all (the spec defines it only for text's lists)")):
        c.add(f"content.mention.{id}", f"A validation error, not a silent no-op: {what}.", S_MARKDOWN,
              {"message": msg("markdown", body)}, {"error": {"kind": "validation", "field": field}})
    for id, body, field in (("v2_userid", {"content": "x", "mentioned_list": ["wangqing"]}, "markdown_v2.mentioned_list"),
                            ("v2_mobile", {"content": "x", "mentioned_mobile_list": ["13800001111"]},
                             "markdown_v2.mentioned_mobile_list")):
        c.add(f"content.mention.{id}", "markdown_v2 cannot mention (the spec: no <@userid> in markdown_v2): a "
              "validation error naming the list.", S_MARKDOWN_V2,
              {"message": msg("markdown_v2", body)}, {"error": {"kind": "validation", "field": field}})

    # ---- mention
    for id, userid in (("ascii", "wangqing"), ("cjk", "张三"), ("all", "@all"), ("digits", "13800001111")):
        c.add(f"content.mention.{id}", f"mention({userid!r}) gives <@{userid}>.", S_TYPES,
              {"helper": {"name": "mention", "args": [userid]}}, {"result": mention(userid)})
    # ---- font_color
    for colour in ("info", "comment", "warning"):
        c.add(f"content.font_color.{colour}", f"font_color with colour {colour}.", S_MARKDOWN,
              {"helper": {"name": "font_color", "args": ["132例", colour]}}, {"result": font_color("132例", colour)})
    c.add("content.font_color.raw_text", "font_color does not escape the text (markdown is the caller's).", S_MARKDOWN,
          {"helper": {"name": "font_color", "args": ["**a** <b> \"q\"", "warning"]}},
          {"result": font_color("**a** <b> \"q\"", "warning")})
    c.add("content.font_color.empty", "font_color of empty text.", S_MARKDOWN,
          {"helper": {"name": "font_color", "args": ["", "info"]}}, {"result": font_color("", "info")})

    # ---- markdown_table
    def table(id: str, what: str, headers: list[str], rows: list[list[str]]) -> None:
        c.add(f"content.markdown_table.{id}", what, S_MARKDOWN_V2,
              {"helper": {"name": "markdown_table", "args": [headers, rows]}}, {"result": markdown_table(headers, rows)})

    table("spec_table", "The spec's table (姓名 / 文化衫尺寸 / 收货地址), with a plain --- separator.",
          ["姓名", "文化衫尺寸", "收货地址"], [["张三", "S", "广州"], ["李四", "L", "深圳"]])
    table("pipe_in_cell", "A | inside a cell is escaped as \\| so it cannot split the cell.",
          ["expr", "value"], [["a|b", "x || y"]])
    table("newlines_in_cell", "LF, CR and CRLF inside a cell each become one space.",
          ["k", "v"], [["line1\nline2", "a\r\nb\rc"]])
    table("short_row_padded", "A row shorter than the header is padded with empty cells.", ["a", "b", "c"], [["1"]])
    table("long_row_cut", "A row longer than the header is cut to the header's width.", ["a", "b"], [["1", "2", "3", "4"]])
    table("no_rows", "A header and separator only.", ["only"], [])
    table("empty_cells", "Empty strings as cells.", ["", "h"], [["", ""]])
    table("pipe_in_header", "Headers are escaped like cells.", ["a|b", "c\nd"], [["1", "2"]])
    table("backslash_cell", "A backslash is not escaped; only | is.", ["p"], [["C:\\dir\\"]])

    # ---- truncate
    for id, s, n in (("fits", "hello", 10), ("exact", "hello", 5), ("ascii_cut", "hello", 4),
                     ("cjk_exact", "中文", 6), ("cjk_boundary", "中文", 3), ("cjk_inside_1", "中文", 4),
                     ("cjk_inside_2", "中文", 5), ("cjk_too_small", "中文", 2), ("emoji_inside", "😀a", 3),
                     ("emoji_whole", "😀a", 4), ("empty", "", 0), ("zero", "abc", 0), ("accent", "éé", 3),
                     ("mixed", "a中😀é", 8), ("mixed_inside", "a中😀é", 7)):
        c.add(f"content.truncate.{id}", f"truncate({s!r}, {n}) = {truncate(s, n)!r}: the longest prefix of at most "
              f"{n} bytes ending on a character boundary.", S_NEWS,
              {"helper": {"name": "truncate", "args": [s, n]}}, {"result": truncate(s, n)})
    return c
