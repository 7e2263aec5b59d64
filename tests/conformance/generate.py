#!/usr/bin/env python3
"""Generates the conformance vectors of wecom-bot (tests/conformance/cases/*.json).

    python3 tests/conformance/generate.py            write the generated case files
    python3 tests/conformance/generate.py --check    exit 1 if a generated file is stale, or if
                                                     any case file breaks schema.json or reuses an id

Python 3.11, standard library only. Every expected value is computed HERE, independently of
the Rust core: the limits are restated from the spec, and the content helpers (split,
truncate, mention, font colour, markdown table) are re-implemented below from their
documented behaviour, so that every runner is checked against something independent.

Adding a case file (e.g. the HTTP cases): write a function returning a `Cases` and register
it in FILES at the bottom, for example

    def http_cases() -> Cases:
        c = Cases("HTTP: sending and uploading through the mock server")
        c.add("http.send.text", "...", "文本类型", {"send": ..., "key": "..."}, {"ok": True}, mock=...)
        return c

    FILES = {..., "http.json": http_cases}   # one more entry in the dict at the bottom

A `*.json` in cases/ that no function generates is left alone by this script (never written,
never compared) but `--check` still validates it against schema.json and checks its ids.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import json
import math
import re
import sys
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
SCHEMA_PATH = HERE / "schema.json"
FIXTURES_DIR = HERE.parent / "fixtures"

# ---- the spec's hard limits, restated (../shared/spec/group-robot-api.md, DESIGN.md §3) ----
TEXT_MAX = 2048                 # text.content, UTF-8 bytes
MARKDOWN_MAX = 4096             # markdown.content and markdown_v2.content
IMAGE_MAX = 2 * 1024 * 1024     # image raw bytes (before base64)
ARTICLES_MAX = 8                # news.articles: 1..=8
TITLE_MAX = 128                 # news title: truncated past this many bytes
DESCRIPTION_MAX = 512           # news description: truncated past this many bytes
HORIZONTAL_MAX = 6              # template_card.horizontal_content_list
JUMP_MAX = 3                    # template_card.jump_list
VERTICAL_MAX = 4                # template_card.vertical_content_list

# The spec's section headings, the allowed values of a case's "spec".
S_USAGE = "如何使用群机器人"
S_TYPES = "消息类型及数据格式"
S_TEXT = "文本类型"
S_MARKDOWN = "markdown类型"
S_MARKDOWN_V2 = "markdown_v2类型"
S_IMAGE = "图片类型"
S_NEWS = "图文类型"
S_FILE = "文件类型"
S_VOICE = "语音类型"
S_CARD = "模版卡片类型"
S_TEXT_NOTICE = "文本通知模版卡片"
S_NEWS_NOTICE = "图文展示模版卡片"


def blen(s: str) -> int:
    """Length in UTF-8 bytes: every limit of the spec counts these."""
    return len(s.encode("utf-8"))


def fixture(name: str) -> bytes:
    return (FIXTURES_DIR / name).read_bytes()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


# =============================================================================================
# Independent implementations of the content helpers (core/src/content.rs documents them)
# =============================================================================================

def truncate(s: str, max_bytes: int) -> str:
    """The longest prefix of s of at most max_bytes UTF-8 bytes that ends on a char boundary."""
    # Cutting the encoding leaves at most one incomplete character at the end; drop it.
    return s.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


FENCE = "```"
CLOSE_RESERVE = len("\n" + FENCE)  # what a chunk keeps free while it is inside a fence
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


def split(content: str, limit: int, fences: bool) -> list[str]:
    """The documented splitting behaviour, chunk by chunk:

    - Lines end after '\\n'. A chunk takes as many whole lines as fit in `limit` bytes.
    - When not even one line fits, the line is cut at the last character boundary that fits
      and the chunk ends there; a line longer than the limit thus always starts a new chunk,
      and its rest continues the next chunk (which then takes whole lines again).
    - Text chunks concatenate to the input. Empty input gives no chunks.
    - Markdown (fences=True): a line starting with ``` after whitespace opens a fence, the
      next such line closes it. A chunk that ends inside a fence gets "```" appended (after a
      "\\n" unless it already ends with one) and the next chunk starts with the opening fence
      line (its trailing CR/LF removed) + "\\n". While inside a fence a chunk keeps
      len("\\n```") = 4 bytes free for that close, whether it ends in a newline or not (so the
      fence's own closing line "```\\n" always fits where the close would have gone).
      An input ending inside an unclosed fence has its last chunk closed too. A chunk never
      holds only a fence's opening line (closing it would leave an empty code block): when the
      next line does not fit after it, that line is cut into the chunk. Nor does a chunk end
      with an empty code block: when the line after a fence's opening line does not fit, the
      opening line moves on to the next chunk (unless it is the chunk's only line).
    - A limit too small for a reopened fence line plus the close plus one character falls back
      to plain (text) splitting.
    """
    limit = max(limit, 4)  # room for any one character
    lines = lines_of(content)
    # state[k]: the opening line of the fence open before line k (None outside a fence).
    state: list[str | None] = [None]
    for line in lines:
        now = state[-1]
        if fences and line.lstrip(UNICODE_WS).startswith(FENCE):
            now = line.rstrip("\r\n") if now is None else None
        state.append(now)

    chunks: list[str] = []
    i, off = 0, 0  # the position reached: line i, character offset off
    while i < len(lines):
        prefix = state[i] + "\n" if state[i] is not None else ""
        if prefix and blen(prefix) + CLOSE_RESERVE + 4 > limit:
            return split(content, limit, False)
        body, j, o = "", i, off
        while j < len(lines):  # whole lines (the first may be the rest of a cut line)
            seg = lines[j][o:]
            reserve = CLOSE_RESERVE if state[j + 1] is not None else 0
            if blen(prefix) + blen(body) + blen(seg) + reserve > limit:
                break
            body, j, o = body + seg, j + 1, 0
        if not body:  # not even the rest of line i fits: cut it
            reserve = CLOSE_RESERVE if state[i] is not None or state[i + 1] is not None else 0
            body = truncate(lines[i][off:], limit - blen(prefix) - reserve)
            if not body:
                return split(content, limit, False)
            j, o = i, off + len(body)
            inside = state[i] is not None
        elif not prefix and j == i + 1 and j < len(lines) and state[j] is not None:
            # The chunk holds only the line that opened a fence: closing it would leave an empty
            # code block, so the next line is cut into this chunk instead.
            reserve = CLOSE_RESERVE if state[j] is not None or state[j + 1] is not None else 0
            piece = truncate(lines[j], limit - blen(body) - reserve)
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
    return split(content, MARKDOWN_MAX, True)


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


# =============================================================================================
# Case files
# =============================================================================================

ABSENT = object()  # in overrides: remove the key


class Cases:
    """One case file: a description and its cases, in order."""

    def __init__(self, description: str):
        self.description = description
        self.cases: list[dict[str, Any]] = []

    def add(self, id: str, description: str, spec: str, input: dict, expect: dict, **extra: Any) -> None:
        case = {"id": id, "description": description, "spec": spec, "input": copy.deepcopy(input),
                "expect": copy.deepcopy(expect)}
        case.update(copy.deepcopy(extra))
        self.cases.append(case)

    def ok(self, id: str, description: str, spec: str, message: dict, body: dict | None = None) -> None:
        """A message that must serialize to `body` (default: the wire form of the message)."""
        self.add(id, description, spec, {"message": message}, {"body_json": body if body is not None else wire(message)})

    def reject(self, id: str, description: str, spec: str, message: dict, field: str | None,
               kind: str = "validation") -> None:
        error: dict[str, Any] = {"kind": kind}
        if field is not None:
            error["field"] = field
        self.add(id, description, spec, {"message": message}, {"error": error})

    def doc(self) -> dict[str, Any]:
        return {"description": self.description, "cases": self.cases}


def msg(msgtype: str, body: dict) -> dict:
    return {"msgtype": msgtype, msgtype: body}


def override(base: dict, **changes: Any) -> dict:
    out = copy.deepcopy(base)
    for k, v in changes.items():
        if v is ABSENT:
            out.pop(k, None)
        else:
            out[k] = copy.deepcopy(v)
    return out


LISTS = ("mentioned_list", "mentioned_mobile_list", "horizontal_content_list", "jump_list", "vertical_content_list")


def wire(m: dict) -> dict:
    """The body a correct library sends for message M (documented normalisations only):
    empty optional lists are omitted, and news titles / descriptions are truncated to
    128 / 512 bytes at a character boundary. Image messages given by fixture are encoded."""
    m = copy.deepcopy(m)
    t = m["msgtype"]
    body = m[t]
    if t == "image":
        m[t] = image_wire(body)
    elif t == "news":
        for a in body.get("articles", []):
            if "title" in a:
                a["title"] = truncate(a["title"], TITLE_MAX)
            if "description" in a:
                a["description"] = truncate(a["description"], DESCRIPTION_MAX)
    for k in LISTS:
        if body.get(k) == []:
            del body[k]
    return m


def image_raw(body: dict) -> bytes:
    if "bytes_hex" in body:
        return bytes.fromhex(body["bytes_hex"])
    data = fixture(body["fixture"])
    if "pad_to" in body:
        data = data + bytes(body["pad_to"] - len(data))
    return data


def image_wire(body: dict) -> dict:
    if "base64" in body:
        return dict(body)
    raw = image_raw(body)
    return {"base64": b64(raw), "md5": md5_hex(raw)}


# =============================================================================================
# spec_examples.json: every example JSON of the spec, verbatim from the page
# =============================================================================================
# The page's code blocks are copied here byte for byte (tabs included). Two kinds of damage in
# them are repaired by `repair()`, each documented in its case's description:
#  - the template-card examples have a stray "\" before some line breaks ("main_title":{\):
#    outside a JSON string that is not JSON; the backslash is dropped (pure layout).
#  - the markdown_v2 example has "| -------: |\" + line break + "| 张三 …" INSIDE the content
#    string: the page lost the "n" of a "\n" there (every other line of that string is joined
#    by "\n", and the table needs the line break to be a table); it is read as "\n".
#    Its "\/" is an ordinary JSON escape of "/", so the link is "https:work.weixin.qq.com/api/doc"
#    (the missing "//" is the page's own and is kept: the case reproduces the example).

SPEC_CURL_EXAMPLE = r'''   {
    	"msgtype": "text",
    	"text": {
        	"content": "hello world"
    	}
   }'''

SPEC_TEXT_EXAMPLE = r'''{
    "msgtype": "text",
    "text": {
        "content": "广州今日天气：29度，大部分多云，降雨概率：60%",
		"mentioned_list":["wangqing","@all"],
		"mentioned_mobile_list":["13800001111","@all"]
    }
}'''

SPEC_MARKDOWN_EXAMPLE = r'''{
    "msgtype": "markdown",
    "markdown": {
        "content": "实时新增用户反馈<font color=\"warning\">132例</font>，请相关同事注意。\n>类型:<font color=\"comment\">用户反馈</font>\n>普通用户反馈:<font color=\"comment\">117例</font>\n>VIP用户反馈:<font color=\"comment\">15例</font>"
    }
}'''

SPEC_MARKDOWN_V2_EXAMPLE = r'''{
	"msgtype": "markdown_v2",
	"markdown_v2": {
         "content": "# 一、标题\n## 二级标题\n### 三级标题\n# 二、字体\n*斜体*\n\n**加粗**\n# 三、列表 \n- 无序列表 1 \n- 无序列表 2\n  - 无序列表 2.1\n  - 无序列表 2.2\n1. 有序列表 1\n2. 有序列表 2\n# 四、引用\n> 一级引用\n>>二级引用\n>>>三级引用\n# 五、链接\n[这是一个链接](https:work.weixin.qq.com\/api\/doc)\n![](https://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png)\n# 六、分割线\n\n---\n# 七、代码\n`这是行内代码`\n```\n这是独立代码块\n```\n\n# 八、表格\n| 姓名 | 文化衫尺寸 | 收货地址 |\n| :----- | :----: | -------: |\
| 张三 | S | 广州 |\n| 李四 | L | 深圳 |\n"
	   }
}'''

SPEC_IMAGE_EXAMPLE = r'''{
    "msgtype": "image",
    "image": {
        "base64": "DATA",
		"md5": "MD5"
    }
}'''

SPEC_NEWS_EXAMPLE = r'''{
    "msgtype": "news",
    "news": {
       "articles" : [
           {
               "title" : "中秋节礼品领取",
               "description" : "今年中秋节公司有豪礼相送",
               "url" : "www.qq.com",
               "picurl" : "https://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png"
           }
        ]
    }
}'''

SPEC_FILE_EXAMPLE = r'''{
    "msgtype": "file",
    "file": {
 		"media_id": "3a8asd892asd8asd"
    }
}'''

SPEC_VOICE_EXAMPLE = r'''{
	"msgtype": "voice",
	"voice": {
		"media_id": "MEDIA_ID"
	}
}'''

SPEC_TEXT_NOTICE_EXAMPLE = r'''{
    "msgtype":"template_card",
    "template_card":{
        "card_type":"text_notice",
        "source":{
            "icon_url":"https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0",
            "desc":"企业微信",
            "desc_color":0
        },
        "main_title":{\
            "title":"欢迎使用企业微信",
            "desc":"您的好友正在邀请您加入企业微信"
        },
        "emphasis_content":{\
            "title":"100",
            "desc":"数据含义"
        },
        "quote_area":{\
            "type":1,
            "url":"https://work.weixin.qq.com/?from=openApi",
            "appid":"APPID",
            "pagepath":"PAGEPATH",
            "title":"引用文本标题",
            "quote_text":"Jack：企业微信真的很好用~\nBalian：超级好的一款软件！"
        },
        "sub_title_text":"下载企业微信还能抢红包！",
        "horizontal_content_list":[\
            {
                "keyname":"邀请人",
                "value":"张三"
            },
            {
                "keyname":"企微官网",
                "value":"点击访问",
                "type":1,
                "url":"https://work.weixin.qq.com/?from=openApi"
            },
            {
                "keyname":"企微下载",
                "value":"企业微信.apk",
                "type":2,
                "media_id":"MEDIAID"
            }
        ],
        "jump_list":[\
            {
                "type":1,
                "url":"https://work.weixin.qq.com/?from=openApi",
                "title":"企业微信官网"
            },
            {
                "type":2,
                "appid":"APPID",
                "pagepath":"PAGEPATH",
                "title":"跳转小程序"
            }
        ],
        "card_action":{\
            "type":1,
            "url":"https://work.weixin.qq.com/?from=openApi",
            "appid":"APPID",
            "pagepath":"PAGEPATH"
        }
    }
}'''

SPEC_NEWS_NOTICE_EXAMPLE = r'''{
    "msgtype":"template_card",
    "template_card":{
        "card_type":"news_notice",
        "source":{
            "icon_url":"https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0",
            "desc":"企业微信",
            "desc_color":0
        },
        "main_title":{
            "title":"欢迎使用企业微信",
            "desc":"您的好友正在邀请您加入企业微信"
        },
        "card_image":{
            "url":"https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0",
            "aspect_ratio":2.25
        },
        "image_text_area":{
            "type":1,
            "url":"https://work.weixin.qq.com",
            "title":"欢迎使用企业微信",
            "desc":"您的好友正在邀请您加入企业微信",
            "image_url":"https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0"
        },
        "quote_area":{
            "type":1,
            "url":"https://work.weixin.qq.com/?from=openApi",
            "appid":"APPID",
            "pagepath":"PAGEPATH",
            "title":"引用文本标题",
            "quote_text":"Jack：企业微信真的很好用~\nBalian：超级好的一款软件！"
        },
        "vertical_content_list":[\
            {
                "title":"惊喜红包等你来拿",
                "desc":"下载企业微信还能抢红包！"
            }
        ],
        "horizontal_content_list":[\
            {
                "keyname":"邀请人",
                "value":"张三"
            },
            {
                "keyname":"企微官网",
                "value":"点击访问",
                "type":1,
                "url":"https://work.weixin.qq.com/?from=openApi"
            },
            {
                "keyname":"企微下载",
                "value":"企业微信.apk",
                "type":2,
                "media_id":"MEDIAID"
            }
        ],
        "jump_list":[\
            {
                "type":1,
                "url":"https://work.weixin.qq.com/?from=openApi",
                "title":"企业微信官网"
            },
            {
                "type":2,
                "appid":"APPID",
                "pagepath":"PAGEPATH",
                "title":"跳转小程序"
            }
        ],
        "card_action":{
            "type":1,
            "url":"https://work.weixin.qq.com/?from=openApi",
            "appid":"APPID",
            "pagepath":"PAGEPATH"
        }
    }
}'''


def repair(example: str, inside_string: bool) -> dict:
    fixed = example.replace("\\\n", "\\n" if inside_string else "\n")
    return json.loads(fixed)


def spec_examples_cases() -> Cases:
    c = Cases("Every example JSON of the spec (../shared/spec/group-robot-api.md), built through the API "
              "and serialized to exactly the example (compared as structure).")
    c.ok("spec.curl_hello_world", "The curl example of 如何使用群机器人: a text message \"hello world\".",
         S_USAGE, json.loads(SPEC_CURL_EXAMPLE))
    c.ok("spec.text", "The text example: content, mentioned_list and mentioned_mobile_list, each with \"@all\".",
         S_TEXT, json.loads(SPEC_TEXT_EXAMPLE))
    c.ok("spec.markdown", "The markdown example: font colours and quotes (\\\" and \\n are JSON escapes).",
         S_MARKDOWN, json.loads(SPEC_MARKDOWN_EXAMPLE))
    c.ok("spec.markdown_v2",
         "The markdown_v2 example. The page breaks the content string after the table's separator "
         "row with a bare \"\\\" + line break, which is not JSON: it is read as \"\\n\" (the page lost "
         "the n; the table needs that line break). \"\\/\" is a JSON escape of \"/\"; the link "
         "\"https:work.weixin.qq.com/api/doc\" keeps the page's missing \"//\".",
         S_MARKDOWN_V2, repair(SPEC_MARKDOWN_V2_EXAMPLE, inside_string=True))
    example = json.loads(SPEC_IMAGE_EXAMPLE)
    assert example["image"] == {"base64": "DATA", "md5": "MD5"}
    for name in ("icon.png", "banner.jpg"):
        raw = fixture(name)
        c.add(f"spec.image.{name.split('.')[0]}",
              f"The image example, whose \"DATA\"/\"MD5\" placeholders are filled from the real fixture "
              f"{name} (built from its path): base64 of the raw bytes and their lowercase-hex md5.",
              S_IMAGE, {"message": msg("image", {"fixture": name})},
              {"body_json": msg("image", {"base64": b64(raw), "md5": md5_hex(raw)})})
    c.ok("spec.news", "The news example; its url \"www.qq.com\" has no scheme and must be accepted as is.",
         S_NEWS, json.loads(SPEC_NEWS_EXAMPLE))
    c.ok("spec.file", "The file example (media_id \"3a8asd892asd8asd\").", S_FILE, json.loads(SPEC_FILE_EXAMPLE))
    c.ok("spec.voice", "The voice example (media_id \"MEDIA_ID\").", S_VOICE, json.loads(SPEC_VOICE_EXAMPLE))
    c.ok("spec.text_notice",
         "The text_notice card example, every field of its table. The page puts a stray \"\\\" before "
         "some line breaks ({\\ and [\\), which is not JSON; it is dropped (layout only).",
         S_TEXT_NOTICE, repair(SPEC_TEXT_NOTICE_EXAMPLE, inside_string=False))
    c.ok("spec.news_notice",
         "The news_notice card example, every field of its table; aspect_ratio 2.25 (the upper bound) "
         "is accepted. The stray \"\\\" before some line breaks is dropped as in spec.text_notice.",
         S_NEWS_NOTICE, repair(SPEC_NEWS_NOTICE_EXAMPLE, inside_string=False))
    return c


# =============================================================================================
# messages.json: every message type and every card field group
# =============================================================================================

URL = "https://work.weixin.qq.com/?from=openApi"
PIC = "https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0"
ICON = "https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0"

ACTION_URL = {"type": 1, "url": URL}
ACTION_APP = {"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/index/index"}

# The smallest valid cards; validation cases change one thing at a time.
TEXT_CARD = {"card_type": "text_notice", "main_title": {"title": "构建通知"}, "card_action": ACTION_URL}
NEWS_CARD = {"card_type": "news_notice", "main_title": {"title": "新品发布"}, "card_image": {"url": PIC},
             "card_action": ACTION_URL}
CARDS = {"text_notice": TEXT_CARD, "news_notice": NEWS_CARD}
CARD_SPEC = {"text_notice": S_TEXT_NOTICE, "news_notice": S_NEWS_NOTICE}


def card(kind: str, **changes: Any) -> dict:
    return msg("template_card", override(CARDS[kind], **changes))


def message_cases() -> Cases:
    c = Cases("Every message type and every template-card field group, built through each language's "
              "API and serialized (no network). Unset optional fields must be absent from the body.")
    # ---- text
    c.ok("msg.text.plain", "A text message with only content: no mention lists in the body.", S_TEXT,
         msg("text", {"content": "build #42 passed"}))
    c.ok("msg.text.mentioned_list", "Mentions by userid.", S_TEXT,
         msg("text", {"content": "请查看", "mentioned_list": ["wangqing", "lisi"]}))
    c.ok("msg.text.mentioned_mobile_list", "Mentions by mobile number only.", S_TEXT,
         msg("text", {"content": "请查看", "mentioned_mobile_list": ["13800001111"]}))
    c.ok("msg.text.mention_all", "\"@all\" in mentioned_list mentions everyone.", S_TEXT,
         msg("text", {"content": "全员注意", "mentioned_list": ["@all"]}))
    c.ok("msg.text.mention_all_mobile", "\"@all\" in mentioned_mobile_list.", S_TEXT,
         msg("text", {"content": "全员注意", "mentioned_mobile_list": ["@all"]}))
    c.ok("msg.text.both_lists", "Both lists, userids and mobiles mixed with \"@all\".", S_TEXT,
         msg("text", {"content": "hello", "mentioned_list": ["wangqing", "@all"],
                      "mentioned_mobile_list": ["13800001111", "@all"]}))
    c.ok("msg.text.empty_lists_omitted",
         "Empty mention lists given to the API are omitted from the body (an empty list and no list "
         "mean the same).", S_TEXT,
         msg("text", {"content": "hello", "mentioned_list": [], "mentioned_mobile_list": []}))
    c.ok("msg.text.inline_mention", "<@userid> inside text content is passed through as is.", S_TEXT,
         msg("text", {"content": f"{mention('wangqing')} 请处理工单 #7"}))
    c.ok("msg.text.escapes",
         "Quotes, backslashes, control characters, tabs, newlines, emoji and non-BMP characters survive "
         "JSON escaping unchanged.", S_TEXT,
         msg("text", {"content": "say \"hi\"\\ \t tab\nline2\r\n\u0001 😀 𝄞 </script> \u2028 end"}))
    c.ok("msg.text.whitespace", "Whitespace-only content is not empty and is sent as is.", S_TEXT,
         msg("text", {"content": " "}))
    # ---- markdown / markdown_v2
    c.ok("msg.markdown.colours", "Markdown with the three font colours, a mention, a link and a quote.",
         S_MARKDOWN,
         msg("markdown", {"content": "# 告警\n" + font_color("恢复", "info") + " " + font_color("说明", "comment")
                          + " " + font_color("严重", "warning") + "\n> 负责人 " + mention("wangqing")
                          + "\n[详情](https://work.weixin.qq.com/api/doc)"}))
    c.ok("msg.markdown.one_char", "A one-character markdown message.", S_MARKDOWN, msg("markdown", {"content": "x"}))
    c.ok("msg.markdown_v2.table", "markdown_v2 with a table built by markdown_table, a list and a code block.",
         S_MARKDOWN_V2,
         msg("markdown_v2", {"content": "## 发布\n- a\n- b\n\n" + markdown_table(["服务", "状态"], [["api", "ok"], ["web", "失败"]])
                             + "\n```\ncargo test\n```\n"}))
    c.ok("msg.markdown_v2.plain", "A short markdown_v2 message.", S_MARKDOWN_V2,
         msg("markdown_v2", {"content": "*斜体* **加粗**"}))
    # ---- image
    icon, banner = fixture("icon.png"), fixture("banner.jpg")
    icon_wire = msg("image", {"base64": b64(icon), "md5": md5_hex(icon)})
    c.ok("msg.image.png_path", "A PNG built from its file path: base64 and md5 computed by the library.",
         S_IMAGE, msg("image", {"fixture": "icon.png"}))
    c.ok("msg.image.png_bytes", "The same PNG built from its bytes: the same body.", S_IMAGE,
         msg("image", {"fixture": "icon.png", "as": "bytes"}), icon_wire)
    c.ok("msg.image.jpg_bytes", "A JPEG built from its bytes.", S_IMAGE,
         msg("image", {"fixture": "banner.jpg", "as": "bytes"}),
         msg("image", {"base64": b64(banner), "md5": md5_hex(banner)}))
    c.ok("msg.image.ready_made", "base64 and md5 computed by the caller are accepted and sent as they are.",
         S_IMAGE, icon_wire)
    tiny_jpeg = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
    c.ok("msg.image.jpeg_magic_bytes",
         "Raw bytes starting with the JPEG magic FF D8 FF are a JPG (only the magic bytes are checked).",
         S_IMAGE, msg("image", {"bytes_hex": tiny_jpeg.hex()}))
    c.ok("msg.image.png_magic_only", "The 8-byte PNG signature followed by data is a PNG.", S_IMAGE,
         msg("image", {"bytes_hex": "89504e470d0a1a0a0000000d49484452"}))
    c.reject("msg.image.missing_file", "A file path that does not exist fails with kind io before anything else.",
             S_IMAGE, msg("image", {"fixture": "does-not-exist.png"}), None, kind="io")
    # ---- news
    full = {"title": "中秋节礼品领取", "description": "今年中秋节公司有豪礼相送", "url": "https://www.qq.com",
            "picurl": "https://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png"}
    c.ok("msg.news.full_article", "One article with every field.", S_NEWS, msg("news", {"articles": [full]}))
    c.ok("msg.news.minimal_article", "title and url only: no description or picurl in the body.", S_NEWS,
         msg("news", {"articles": [{"title": "公告", "url": "https://example.com/a"}]}))
    c.ok("msg.news.description_only", "An article with a description but no picurl.", S_NEWS,
         msg("news", {"articles": [{"title": "公告", "description": "详情见内", "url": "https://example.com/a"}]}))
    c.ok("msg.news.picurl_only", "An article with a picurl but no description.", S_NEWS,
         msg("news", {"articles": [{"title": "公告", "url": "https://example.com/a", "picurl": "https://example.com/p.png"}]}))
    c.ok("msg.news.url_without_scheme", "A url without scheme (the spec's own example uses www.qq.com).",
         S_NEWS, msg("news", {"articles": [{"title": "t", "url": "www.qq.com"}]}))
    c.ok("msg.news.three_articles_in_order", "Articles keep their order.", S_NEWS,
         msg("news", {"articles": [{"title": f"第{i}条", "url": f"https://example.com/{i}"} for i in range(1, 4)]}))
    # ---- file / voice
    c.ok("msg.file", "A file message carries the media_id of an upload.", S_FILE,
         msg("file", {"media_id": "1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0"}))
    c.ok("msg.voice", "A voice message carries the media_id of a voice upload.", S_VOICE,
         msg("voice", {"media_id": "1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0"}))
    # ---- template_card: text_notice
    tn = S_TEXT_NOTICE
    c.ok("msg.text_notice.minimal", "The smallest text_notice: main_title.title and card_action.", tn, card("text_notice"))
    c.ok("msg.text_notice.sub_title_only",
         "sub_title_text instead of main_title.title (one of the two is enough); the main_title object itself "
         "is required by the spec and is sent empty.", tn,
         card("text_notice", main_title={}, sub_title_text="下载企业微信还能抢红包！"))
    c.ok("msg.text_notice.main_title_desc", "main_title with title and desc.", tn,
         card("text_notice", main_title={"title": "欢迎使用企业微信", "desc": "您的好友正在邀请您加入企业微信"}))
    for color in range(4):
        c.ok(f"msg.text_notice.source.desc_color_{color}",
             f"source with icon_url, desc and desc_color {color} (0 grey, 1 black, 2 red, 3 green).", tn,
             card("text_notice", source={"icon_url": ICON, "desc": "企业微信", "desc_color": color}))
    c.ok("msg.text_notice.source.desc_only", "source with desc only: icon_url and desc_color absent.", tn,
         card("text_notice", source={"desc": "企业微信"}))
    c.ok("msg.text_notice.emphasis_content", "emphasis_content: a key figure and its meaning.", tn,
         card("text_notice", emphasis_content={"title": "100", "desc": "数据含义"}))
    c.ok("msg.text_notice.emphasis_content.title_only", "emphasis_content with title only.", tn,
         card("text_notice", emphasis_content={"title": "99.9%"}))
    c.ok("msg.text_notice.quote_area.no_click", "quote_area without type: no click action, no url needed.", tn,
         card("text_notice", quote_area={"title": "引用文本标题", "quote_text": "Jack：企业微信真的很好用~\nBalian：超级好的一款软件！"}))
    c.ok("msg.text_notice.quote_area.type0", "quote_area type 0 (no click) needs no url.", tn,
         card("text_notice", quote_area={"type": 0, "quote_text": "引用"}))
    c.ok("msg.text_notice.quote_area.type1", "quote_area type 1 opens its url.", tn,
         card("text_notice", quote_area={"type": 1, "url": URL, "title": "t", "quote_text": "q"}))
    c.ok("msg.text_notice.quote_area.type2", "quote_area type 2 opens a mini program (appid and pagepath).", tn,
         card("text_notice", quote_area={"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/a", "quote_text": "q"}))
    c.ok("msg.text_notice.quote_area.type2_no_pagepath", "quote_area type 2 with appid only (pagepath optional).", tn,
         card("text_notice", quote_area={"type": 2, "appid": "wx1234567890abcdef"}))
    c.ok("msg.text_notice.sub_title_text", "main_title and sub_title_text together.", tn,
         card("text_notice", sub_title_text="二级普通文本"))
    horizontal = [
        {"keyname": "邀请人", "value": "张三"},
        {"keyname": "状态", "value": "成功", "type": 0},
        {"keyname": "企微官网", "value": "点击访问", "type": 1, "url": URL},
        {"keyname": "企微下载", "value": "企业微信.apk", "type": 2, "media_id": "MEDIAID"},
        {"keyname": "负责人", "value": "李四", "type": 3, "userid": "lisi"},
        {"keyname": "仅标题"},
    ]
    c.ok("msg.text_notice.horizontal_content_list", "horizontal_content_list: plain, type 0, url (1), file (2), "
         "member (3) and a keyname without value; six items, the limit.", tn,
         card("text_notice", horizontal_content_list=horizontal))
    jumps = [{"type": 1, "url": URL, "title": "企业微信官网"},
             {"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/index", "title": "跳转小程序"},
             {"title": "不是链接"}]
    c.ok("msg.text_notice.jump_list", "jump_list: url (1), mini program (2) and a plain title; three items, the limit.",
         tn, card("text_notice", jump_list=jumps))
    c.ok("msg.text_notice.jump_list.type0", "A jump of type 0 is not a link and needs no url.", tn,
         card("text_notice", jump_list=[{"type": 0, "title": "说明"}]))
    c.ok("msg.text_notice.card_action.url", "card_action type 1 with url only.", tn, card("text_notice"))
    c.ok("msg.text_notice.card_action.mini_program", "card_action type 2 with appid and pagepath.", tn,
         card("text_notice", card_action=ACTION_APP))
    c.ok("msg.text_notice.card_action.appid_only", "card_action type 2 with appid only (pagepath optional).", tn,
         card("text_notice", card_action={"type": 2, "appid": "wx1234567890abcdef"}))
    c.ok("msg.text_notice.card_action.all_fields", "card_action type 1 carrying url, appid and pagepath, as in the spec.",
         tn, card("text_notice", card_action={"type": 1, "url": URL, "appid": "APPID", "pagepath": "PAGEPATH"}))
    c.ok("msg.text_notice.empty_lists_omitted", "Empty horizontal_content_list and jump_list (the spec allows empty "
         "arrays) are omitted from the body.", tn,
         card("text_notice", horizontal_content_list=[], jump_list=[]))
    c.ok("msg.text_notice.every_field", "A text_notice with every field of its table, values unlike the spec's.", tn,
         card("text_notice", source={"icon_url": ICON, "desc": "CI", "desc_color": 3},
              main_title={"title": "发布成功", "desc": "wecom-bot v0.1.0"},
              emphasis_content={"title": "42", "desc": "通过的测试"},
              quote_area={"type": 1, "url": "https://example.com/log", "title": "日志", "quote_text": "all green"},
              sub_title_text="耗时 3 分钟", horizontal_content_list=horizontal[:3], jump_list=jumps[:2],
              card_action={"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/ci"}))
    # ---- template_card: news_notice
    nn = S_NEWS_NOTICE
    c.ok("msg.news_notice.minimal", "The smallest news_notice: main_title.title, card_image.url, card_action.", nn,
         card("news_notice"))
    c.ok("msg.news_notice.main_title_desc", "main_title with desc.", nn,
         card("news_notice", main_title={"title": "欢迎使用企业微信", "desc": "您的好友正在邀请您加入企业微信"}))
    c.ok("msg.news_notice.source", "source with every field.", nn,
         card("news_notice", source={"icon_url": ICON, "desc": "企业微信", "desc_color": 2}))
    for ratio in (1.3, 1.5, 2.25):
        c.ok(f"msg.news_notice.card_image.aspect_ratio_{ratio}", f"card_image with aspect_ratio {ratio}.", nn,
             card("news_notice", card_image={"url": PIC, "aspect_ratio": ratio}))
    c.ok("msg.news_notice.card_image.integer_ratio", "aspect_ratio 2 given as a JSON integer (numbers compare as numbers).",
         nn, card("news_notice", card_image={"url": PIC, "aspect_ratio": 2}))
    c.ok("msg.news_notice.image_text_area.no_click", "image_text_area with image_url only.", nn,
         card("news_notice", image_text_area={"image_url": PIC}))
    c.ok("msg.news_notice.image_text_area.type1", "image_text_area type 1 with url, title, desc, image_url.", nn,
         card("news_notice", image_text_area={"type": 1, "url": "https://work.weixin.qq.com", "title": "欢迎使用企业微信",
                                              "desc": "您的好友正在邀请您加入企业微信", "image_url": PIC}))
    c.ok("msg.news_notice.image_text_area.type2", "image_text_area type 2 opens a mini program.", nn,
         card("news_notice", image_text_area={"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/a", "image_url": PIC}))
    c.ok("msg.news_notice.image_text_area.type0", "image_text_area type 0 needs no url.", nn,
         card("news_notice", image_text_area={"type": 0, "title": "t", "image_url": PIC}))
    c.ok("msg.news_notice.quote_area", "quote_area on a news_notice card.", nn,
         card("news_notice", quote_area={"type": 1, "url": URL, "title": "引用文本标题", "quote_text": "引用文案"}))
    vertical = [{"title": f"惊喜红包 {i}", "desc": "下载企业微信还能抢红包！"} for i in range(1, 4)] + [{"title": "仅标题"}]
    c.ok("msg.news_notice.vertical_content_list", "vertical_content_list: four items (the limit), the last without desc.",
         nn, card("news_notice", vertical_content_list=vertical))
    c.ok("msg.news_notice.horizontal_content_list", "horizontal_content_list on a news_notice card: all four types.", nn,
         card("news_notice", horizontal_content_list=horizontal))
    c.ok("msg.news_notice.jump_list", "jump_list on a news_notice card.", nn, card("news_notice", jump_list=jumps))
    c.ok("msg.news_notice.card_action.mini_program", "card_action type 2.", nn, card("news_notice", card_action=ACTION_APP))
    c.ok("msg.news_notice.empty_lists_omitted", "Empty vertical, horizontal and jump lists are omitted from the body.",
         nn, card("news_notice", vertical_content_list=[], horizontal_content_list=[], jump_list=[]))
    c.ok("msg.news_notice.every_field", "A news_notice with every field of its table.", nn,
         card("news_notice", source={"icon_url": ICON, "desc": "企业微信", "desc_color": 1},
              main_title={"title": "新品发布", "desc": "春季新品"}, card_image={"url": PIC, "aspect_ratio": 1.75},
              image_text_area={"type": 1, "url": "https://example.com", "title": "图文", "desc": "描述", "image_url": PIC},
              quote_area={"type": 2, "appid": "wx1234567890abcdef", "title": "引用", "quote_text": "q"},
              vertical_content_list=vertical[:2], horizontal_content_list=horizontal[2:5], jump_list=jumps,
              card_action={"type": 1, "url": "https://example.com/card"}))
    return c


# =============================================================================================
# validation.json: every hard rule, at the limit (accepted) and one past it (rejected)
# =============================================================================================

CJK = "中"      # 3 UTF-8 bytes
ACCENT = "é"    # 2 UTF-8 bytes
EMOJI = "😀"    # 4 UTF-8 bytes


def byte_limit_cases(c: Cases, msgtype: str, limit: int, spec: str) -> None:
    """Content limits in UTF-8 bytes, with multi-byte characters straddling the boundary."""
    field = f"{msgtype}.content"
    p = f"val.{msgtype}.content"

    def ok(suffix: str, what: str, content: str) -> None:
        assert blen(content) <= limit
        c.ok(f"{p}.{suffix}", f"{field} of {blen(content)} bytes ({what}): accepted.", spec, msg(msgtype, {"content": content}))

    def bad(suffix: str, what: str, content: str) -> None:
        assert blen(content) > limit
        c.reject(f"{p}.{suffix}", f"{field} of {blen(content)} bytes ({what}): over the {limit}-byte limit, rejected.",
                 spec, msg(msgtype, {"content": content}), field)

    ok("ascii_at_limit", f"{limit} ASCII", "a" * limit)
    bad("ascii_over_limit", f"{limit + 1} ASCII", "a" * (limit + 1))
    ok("cjk_ends_at_limit", f"{limit - 3} ASCII + one 3-byte 中", "a" * (limit - 3) + CJK)
    bad("cjk_straddles_limit", f"{limit - 2} ASCII + one 3-byte 中 ending one byte past the limit", "a" * (limit - 2) + CJK)
    bad("cjk_straddles_limit_by_2", f"{limit - 1} ASCII + 中 ending two bytes past the limit", "a" * (limit - 1) + CJK)
    ok("emoji_ends_at_limit", f"{limit - 4} ASCII + one 4-byte emoji", "a" * (limit - 4) + EMOJI)
    bad("emoji_straddles_limit", f"{limit - 3} ASCII + one 4-byte emoji", "a" * (limit - 3) + EMOJI)
    ok("accent_ends_at_limit", f"{limit - 2} ASCII + one 2-byte é", "a" * (limit - 2) + ACCENT)
    bad("accent_straddles_limit", f"{limit - 1} ASCII + one 2-byte é", "a" * (limit - 1) + ACCENT)
    n = limit // 3
    ok("all_cjk_under_limit", f"{n} × 中 = {3 * n} bytes, {n} characters", CJK * n)
    bad("all_cjk_over_limit", f"{n + 1} × 中: few characters, too many bytes", CJK * (n + 1))
    ok("quotes_count_unescaped", f"{limit} double quotes: bytes are counted before JSON escaping doubles them",
       '"' * limit)
    ok("newlines_count_unescaped", f"{limit} newlines, counted before JSON escaping", "\n" * limit)
    bad("backslashes_over_limit", f"{limit + 1} backslashes", "\\" * (limit + 1))
    c.reject(f"{p}.empty", f"{field} empty: the content is required.", spec, msg(msgtype, {"content": ""}), field)
    c.ok(f"{p}.one_byte", f"{field} of 1 byte: accepted.", spec, msg(msgtype, {"content": "x"}))


def image_cases(c: Cases) -> None:
    icon = fixture("icon.png")
    banner = fixture("banner.jpg")
    for name, raw in (("icon.png", icon), ("banner.jpg", banner)):
        padded = raw + bytes(IMAGE_MAX - len(raw))
        b = b64(padded)
        c.add(f"val.image.{name.split('.')[0]}_padded_to_limit",
              f"{name} followed by zero bytes up to exactly 2 MiB ({IMAGE_MAX} bytes), built from bytes: accepted. "
              "The body (2.8 MB of base64) is checked by its md5, length, head and tail.",
              S_IMAGE, {"message": msg("image", {"fixture": name, "pad_to": IMAGE_MAX})},
              {"image_body": {"md5": md5_hex(padded), "base64_len": len(b), "base64_head": b[:64], "base64_tail": b[-64:]}})
        c.reject(f"val.image.{name.split('.')[0]}_padded_over_limit",
                 f"{name} padded to 2 MiB + 1 byte ({IMAGE_MAX + 1}): over the limit, rejected.",
                 S_IMAGE, msg("image", {"fixture": name, "pad_to": IMAGE_MAX + 1}), "image.base64")
    gif = bytes.fromhex("474946383961010001000000002c00000000010001000002")
    c.reject("val.image.gif_rejected", "A GIF (magic GIF89a) is neither JPG nor PNG: rejected.", S_IMAGE,
             msg("image", {"bytes_hex": gif.hex()}), "image.base64")
    c.reject("val.image.text_rejected", "Plain text bytes are not an image: rejected.", S_IMAGE,
             msg("image", {"bytes_hex": b"hello, world".hex()}), "image.base64")
    c.reject("val.image.empty_bytes", "Zero bytes are not an image: rejected.", S_IMAGE,
             msg("image", {"bytes_hex": ""}), "image.base64")
    c.reject("val.image.truncated_jpeg_magic", "FF D8 alone (two of the three JPEG magic bytes): rejected.", S_IMAGE,
             msg("image", {"bytes_hex": "ffd8"}), "image.base64")
    c.reject("val.image.truncated_png_magic", "The PNG signature minus its last byte: rejected.", S_IMAGE,
             msg("image", {"bytes_hex": "89504e470d0a1a"}), "image.base64")
    ok_b64, ok_md5 = b64(icon), md5_hex(icon)
    c.ok("val.image.ready_made_ok", "Ready-made base64 + md5 that match: accepted as given.", S_IMAGE,
         msg("image", {"base64": ok_b64, "md5": ok_md5}))
    c.reject("val.image.md5_mismatch", "A well-formed md5 that is not the md5 of the image: rejected.", S_IMAGE,
             msg("image", {"base64": ok_b64, "md5": md5_hex(banner)}), "image.md5")
    c.reject("val.image.md5_bad_hex", "md5 \"MD5\" (the spec's placeholder) is not 32 hex digits: rejected.", S_IMAGE,
             msg("image", {"base64": ok_b64, "md5": "MD5"}), "image.md5")
    c.ok("val.image.md5_uppercase", "md5 in upper-case hex: accepted, sent lower-case.", S_IMAGE,
         msg("image", {"base64": ok_b64, "md5": ok_md5.upper()}), msg("image", {"base64": ok_b64, "md5": ok_md5}))
    c.reject("val.image.md5_empty", "An empty md5: rejected.", S_IMAGE,
             msg("image", {"base64": ok_b64, "md5": ""}), "image.md5")
    c.reject("val.image.md5_33_digits", "33 hex digits: rejected.", S_IMAGE,
             msg("image", {"base64": ok_b64, "md5": ok_md5 + "0"}), "image.md5")
    c.reject("val.image.bad_base64", "base64 \"DATA!!\" (the spec's placeholder, damaged) is not valid base64: rejected.",
             S_IMAGE, msg("image", {"base64": "DATA!!", "md5": ok_md5}), "image.base64")
    c.reject("val.image.base64_wrong_padding", "base64 with its padding removed from a length that needs it: rejected.",
             S_IMAGE, msg("image", {"base64": b64(icon[:10]).rstrip("="), "md5": md5_hex(icon[:10])}), "image.base64")
    c.reject("val.image.base64_empty", "An empty base64: rejected.", S_IMAGE,
             msg("image", {"base64": "", "md5": ok_md5}), "image.base64")
    c.reject("val.image.base64_of_gif", "Valid base64 (with a matching md5) of a GIF: rejected as not JPG/PNG.", S_IMAGE,
             msg("image", {"base64": b64(gif), "md5": md5_hex(gif)}), "image.base64")


def article(i: int, **changes: Any) -> dict:
    return override({"title": f"标题 {i}", "url": f"https://example.com/{i}"}, **changes)


def news_cases(c: Cases) -> None:
    c.reject("val.news.zero_articles", "news with no article: at least 1 is required.", S_NEWS,
             msg("news", {"articles": []}), "news.articles")
    c.ok("val.news.one_article", "news with 1 article (the minimum): accepted.", S_NEWS,
         msg("news", {"articles": [article(1)]}))
    c.ok("val.news.eight_articles", "news with 8 articles (the maximum): accepted.", S_NEWS,
         msg("news", {"articles": [article(i) for i in range(8)]}))
    c.reject("val.news.nine_articles", "news with 9 articles: over the maximum of 8, rejected.", S_NEWS,
             msg("news", {"articles": [article(i) for i in range(9)]}), "news.articles")
    c.reject("val.news.title_empty", "An article with an empty title: rejected.", S_NEWS,
             msg("news", {"articles": [article(0, title="")]}), "news.articles[0].title")
    c.reject("val.news.title_absent", "An article without title (runners whose API needs a title give \"\"): rejected.",
             S_NEWS, msg("news", {"articles": [article(0, title=ABSENT)]}), "news.articles[0].title")
    c.reject("val.news.url_empty", "An article with an empty url: rejected.", S_NEWS,
             msg("news", {"articles": [article(0, url="")]}), "news.articles[0].url")
    c.reject("val.news.url_absent", "An article without url: rejected.", S_NEWS,
             msg("news", {"articles": [article(0, url=ABSENT)]}), "news.articles[0].url")
    c.reject("val.news.third_url_empty", "The third of three articles has an empty url: the path names index 2.", S_NEWS,
             msg("news", {"articles": [article(0), article(1), article(2, url="")]}), "news.articles[2].url")
    c.reject("val.news.eighth_title_empty", "The last of 8 articles has an empty title: the path names index 7.", S_NEWS,
             msg("news", {"articles": [article(i) for i in range(7)] + [article(7, title="")]}), "news.articles[7].title")
    c.ok("val.news.empty_description_kept", "An empty description is optional text, not an error: sent as \"\".",
         S_NEWS, msg("news", {"articles": [article(0, description="")]}))


def media_id_cases(c: Cases) -> None:
    for t, spec in (("file", S_FILE), ("voice", S_VOICE)):
        c.reject(f"val.{t}.media_id_empty", f"{t} with an empty media_id: rejected.", spec,
                 msg(t, {"media_id": ""}), f"{t}.media_id")
        c.reject(f"val.{t}.media_id_absent", f"{t} without media_id (\"\" where the API needs one): rejected.", spec,
                 msg(t, {}), f"{t}.media_id")
        c.ok(f"val.{t}.media_id_one_char", f"{t} with a 1-character media_id: accepted (no format is imposed).", spec,
             msg(t, {"media_id": "x"}))


def horizontal_items(n: int) -> list[dict]:
    return [{"keyname": f"键{i}", "value": f"值{i}"} for i in range(n)]


def card_cases(c: Cases) -> None:
    T = "template_card"
    for kind in ("text_notice", "news_notice"):
        spec, p = CARD_SPEC[kind], f"val.{kind}"

        def ok(id: str, what: str, **ch: Any) -> None:
            c.ok(f"{p}.{id}", f"{kind}: {what}: accepted.", spec, card(kind, **ch))

        def bad(id: str, what: str, field: str, **ch: Any) -> None:
            c.reject(f"{p}.{id}", f"{kind}: {what}: rejected at {field}.", spec, card(kind, **ch), f"{T}.{field}")

        # source.desc_color 0..=3
        ok("source.desc_color_0", "source.desc_color 0 (lowest allowed)", source={"desc": "s", "desc_color": 0})
        ok("source.desc_color_3", "source.desc_color 3 (highest allowed)", source={"desc": "s", "desc_color": 3})
        bad("source.desc_color_4", "source.desc_color 4", "source.desc_color", source={"desc": "s", "desc_color": 4})
        bad("source.desc_color_neg", "source.desc_color -1", "source.desc_color", source={"desc": "s", "desc_color": -1})
        # quote_area: type 0..=2; 1 needs url, 2 needs appid
        ok("quote_area.type_2", "quote_area.type 2 with appid", quote_area={"type": 2, "appid": "wxapp"})
        bad("quote_area.type_3", "quote_area.type 3", "quote_area.type", quote_area={"type": 3, "url": URL})
        bad("quote_area.type_neg", "quote_area.type -1", "quote_area.type", quote_area={"type": -1})
        bad("quote_area.type1_no_url", "quote_area.type 1 without url", "quote_area.url", quote_area={"type": 1, "title": "t"})
        bad("quote_area.type1_empty_url", "quote_area.type 1 with url \"\"", "quote_area.url", quote_area={"type": 1, "url": ""})
        bad("quote_area.type2_no_appid", "quote_area.type 2 without appid (a url is not enough)", "quote_area.appid",
            quote_area={"type": 2, "url": URL, "pagepath": "p"})
        ok("quote_area.type0_no_url", "quote_area.type 0 without url", quote_area={"type": 0, "title": "t"})
        # horizontal_content_list: ≤ 6, keyname required, type 0..=3 with its target
        ok("horizontal.six", "6 horizontal_content_list items (the limit)", horizontal_content_list=horizontal_items(6))
        bad("horizontal.seven", "7 horizontal_content_list items", "horizontal_content_list",
            horizontal_content_list=horizontal_items(7))
        ok("horizontal.empty", "an empty horizontal_content_list (omitted from the body)", horizontal_content_list=[])
        bad("horizontal.keyname_empty", "horizontal_content_list[1].keyname \"\"", "horizontal_content_list[1].keyname",
            horizontal_content_list=[{"keyname": "a"}, {"keyname": "", "value": "v"}])
        bad("horizontal.keyname_absent", "horizontal_content_list[0] without keyname", "horizontal_content_list[0].keyname",
            horizontal_content_list=[{"value": "v"}])
        for t, target, value in ((1, "url", URL), (2, "media_id", "MEDIAID"), (3, "userid", "zhangsan")):
            ok(f"horizontal.type{t}_{target}", f"horizontal_content_list type {t} with {target}",
               horizontal_content_list=[{"keyname": "k", "value": "v", "type": t, target: value}])
            bad(f"horizontal.type{t}_no_{target}", f"horizontal_content_list[0] type {t} without {target}",
                f"horizontal_content_list[0].{target}", horizontal_content_list=[{"keyname": "k", "value": "v", "type": t}])
            bad(f"horizontal.type{t}_empty_{target}", f"horizontal_content_list[0] type {t} with {target} \"\"",
                f"horizontal_content_list[0].{target}", horizontal_content_list=[{"keyname": "k", "type": t, target: ""}])
        bad("horizontal.type2_url_not_media_id", "horizontal_content_list type 2 needs media_id (a url does not do)",
            "horizontal_content_list[0].media_id", horizontal_content_list=[{"keyname": "k", "type": 2, "url": URL}])
        ok("horizontal.type0", "horizontal_content_list type 0 (plain) with no target",
           horizontal_content_list=[{"keyname": "k", "value": "v", "type": 0}])
        bad("horizontal.type_4", "horizontal_content_list[2].type 4", "horizontal_content_list[2].type",
            horizontal_content_list=horizontal_items(2) + [{"keyname": "k", "type": 4, "url": URL}])
        bad("horizontal.type_neg", "horizontal_content_list[0].type -1", "horizontal_content_list[0].type",
            horizontal_content_list=[{"keyname": "k", "type": -1}])
        # jump_list: ≤ 3, title required, type 0..=2 with its target
        jump = {"type": 1, "url": URL, "title": "官网"}
        ok("jump.three", "3 jump_list items (the limit)", jump_list=[jump] * 3)
        bad("jump.four", "4 jump_list items", "jump_list", jump_list=[jump] * 4)
        ok("jump.empty", "an empty jump_list (omitted from the body)", jump_list=[])
        bad("jump.title_empty", "jump_list[0].title \"\"", "jump_list[0].title", jump_list=[{"type": 1, "url": URL, "title": ""}])
        bad("jump.title_absent", "jump_list[1] without title", "jump_list[1].title", jump_list=[jump, {"type": 1, "url": URL}])
        bad("jump.type1_no_url", "jump_list[0].type 1 without url", "jump_list[0].url", jump_list=[{"type": 1, "title": "t"}])
        bad("jump.type1_empty_url", "jump_list[0].type 1 with url \"\"", "jump_list[0].url",
            jump_list=[{"type": 1, "url": "", "title": "t"}])
        bad("jump.type2_no_appid", "jump_list[2].type 2 without appid", "jump_list[2].appid",
            jump_list=[jump, jump, {"type": 2, "pagepath": "p", "title": "t"}])
        ok("jump.type2_appid_only", "jump_list type 2 with appid and no pagepath", jump_list=[{"type": 2, "appid": "wxapp", "title": "t"}])
        ok("jump.type0_no_url", "jump_list type 0 without url", jump_list=[{"type": 0, "title": "t"}])
        bad("jump.type_3", "jump_list[0].type 3", "jump_list[0].type", jump_list=[{"type": 3, "url": URL, "title": "t"}])
        bad("jump.type_neg", "jump_list[0].type -1", "jump_list[0].type", jump_list=[{"type": -1, "title": "t"}])
        # card_action: required, type ∈ {1, 2}
        bad("card_action.absent", "no card_action (required)", "card_action", card_action=ABSENT)
        bad("card_action.type_0", "card_action.type 0 (the list types' \"no click\" is not allowed here)",
            "card_action.type", card_action={"type": 0, "url": URL})
        bad("card_action.type_3", "card_action.type 3", "card_action.type", card_action={"type": 3, "url": URL})
        bad("card_action.type_neg", "card_action.type -1", "card_action.type", card_action={"type": -1, "url": URL})
        ok("card_action.type_1", "card_action.type 1 with url", card_action={"type": 1, "url": URL})
        ok("card_action.type_2", "card_action.type 2 with appid", card_action={"type": 2, "appid": "wxapp"})
        bad("card_action.type1_no_url", "card_action.type 1 without url", "card_action.url",
            card_action={"type": 1, "appid": "wxapp"})
        bad("card_action.type1_empty_url", "card_action.type 1 with url \"\"", "card_action.url", card_action={"type": 1, "url": ""})
        bad("card_action.type2_no_appid", "card_action.type 2 without appid", "card_action.appid",
            card_action={"type": 2, "url": URL, "pagepath": "p"})
        # suggested lengths ("建议不超过") are advice only
        ok("suggested.source_desc", "a 200-character source.desc (suggested ≤ 13 characters)",
           source={"desc": "企" * 200})
        ok("suggested.main_title", "a 300-character main_title.title and desc (suggested ≤ 26 / 30)",
           main_title={"title": "标" * 300, "desc": "述" * 300})
        ok("suggested.horizontal", "a 100-character keyname and 300-character value (suggested ≤ 5 / 26)",
           horizontal_content_list=[{"keyname": "键" * 100, "value": "值" * 300}])
        ok("suggested.jump_title", "a 100-character jump_list title (suggested ≤ 13)",
           jump_list=[{"type": 1, "url": URL, "title": "跳" * 100}])
        ok("suggested.quote_text", "a 3000-character quote_area.quote_text (no limit given)",
           quote_area={"title": "引" * 50, "quote_text": "文" * 3000})

    # ---- text_notice only
    tn, p = S_TEXT_NOTICE, "val.text_notice"
    c.ok(f"{p}.title_only", "text_notice: main_title.title without sub_title_text: accepted.", tn, card("text_notice"))
    c.ok(f"{p}.sub_title_only", "text_notice: sub_title_text with an empty main_title object: accepted.", tn,
         card("text_notice", main_title={}, sub_title_text="s"))
    c.reject(f"{p}.no_title_no_sub", "text_notice: neither main_title.title nor sub_title_text: rejected.", tn,
             card("text_notice", main_title={}), "template_card.main_title.title")
    c.reject(f"{p}.desc_only_no_sub", "text_notice: main_title with desc only and no sub_title_text: rejected.", tn,
             card("text_notice", main_title={"desc": "d"}), "template_card.main_title.title")
    c.reject(f"{p}.empty_title_empty_sub", "text_notice: main_title.title \"\" and sub_title_text \"\": rejected.", tn,
             card("text_notice", main_title={"title": ""}, sub_title_text=""), "template_card.main_title.title")
    c.ok(f"{p}.empty_title_with_sub", "text_notice: main_title.title \"\" but a sub_title_text: accepted (sent as given).",
         tn, card("text_notice", main_title={"title": ""}, sub_title_text="s"))
    c.ok(f"{p}.suggested.sub_title_text", "text_notice: a 1000-character sub_title_text (suggested ≤ 112): accepted.", tn,
         card("text_notice", sub_title_text="文" * 1000))
    c.ok(f"{p}.suggested.emphasis", "text_notice: 100-character emphasis_content title and desc (suggested ≤ 10 / 15): "
         "accepted.", tn, card("text_notice", emphasis_content={"title": "9" * 100, "desc": "述" * 100}))

    # ---- news_notice only
    nn, p = S_NEWS_NOTICE, "val.news_notice"
    c.reject(f"{p}.no_main_title", "news_notice without main_title: main_title.title is required.", nn,
             card("news_notice", main_title=ABSENT), "template_card.main_title.title")
    c.reject(f"{p}.main_title_desc_only", "news_notice: main_title with desc only.", nn,
             card("news_notice", main_title={"desc": "d"}), "template_card.main_title.title")
    c.reject(f"{p}.main_title_empty", "news_notice: main_title.title \"\".", nn,
             card("news_notice", main_title={"title": ""}), "template_card.main_title.title")
    c.reject(f"{p}.no_card_image", "news_notice without card_image: required.", nn,
             card("news_notice", card_image=ABSENT), "template_card.card_image")
    c.reject(f"{p}.card_image_url_empty", "news_notice: card_image.url \"\".", nn,
             card("news_notice", card_image={"url": ""}), "template_card.card_image.url")
    c.reject(f"{p}.card_image_url_absent", "news_notice: card_image without url.", nn,
             card("news_notice", card_image={"aspect_ratio": 1.5}), "template_card.card_image.url")
    for r in (1.3, 2.25, 1.31, 2.24):
        c.ok(f"{p}.aspect_ratio_{r}", f"news_notice: card_image.aspect_ratio {r}: accepted (1.3 and 2.25 inclusive).",
             nn, card("news_notice", card_image={"url": PIC, "aspect_ratio": r}))
    for r in (1.29, 2.26, 0, -1.5, 1, 3, 100):
        c.reject(f"{p}.aspect_ratio_{r}", f"news_notice: card_image.aspect_ratio {r}: outside 1.3..=2.25, rejected.",
                 nn, card("news_notice", card_image={"url": PIC, "aspect_ratio": r}), "template_card.card_image.aspect_ratio")
    c.ok(f"{p}.aspect_ratio_absent", "news_notice: no aspect_ratio (the server's default 1.3): accepted, absent from the body.",
         nn, card("news_notice", card_image={"url": PIC}))
    ita = "template_card.image_text_area"
    c.ok(f"{p}.image_text_area.type_2", "news_notice: image_text_area.type 2 with appid: accepted.", nn,
         card("news_notice", image_text_area={"type": 2, "appid": "wxapp", "image_url": PIC}))
    c.reject(f"{p}.image_text_area.type_3", "news_notice: image_text_area.type 3: rejected.", nn,
             card("news_notice", image_text_area={"type": 3, "url": URL, "image_url": PIC}), f"{ita}.type")
    c.reject(f"{p}.image_text_area.type_neg", "news_notice: image_text_area.type -1: rejected.", nn,
             card("news_notice", image_text_area={"type": -1, "image_url": PIC}), f"{ita}.type")
    c.reject(f"{p}.image_text_area.type1_no_url", "news_notice: image_text_area.type 1 without url: rejected.", nn,
             card("news_notice", image_text_area={"type": 1, "image_url": PIC}), f"{ita}.url")
    c.reject(f"{p}.image_text_area.type2_no_appid", "news_notice: image_text_area.type 2 without appid: rejected.", nn,
             card("news_notice", image_text_area={"type": 2, "url": URL, "image_url": PIC}), f"{ita}.appid")
    c.reject(f"{p}.image_text_area.image_url_empty", "news_notice: image_text_area.image_url \"\": rejected.", nn,
             card("news_notice", image_text_area={"title": "t", "image_url": ""}), f"{ita}.image_url")
    c.reject(f"{p}.image_text_area.image_url_absent", "news_notice: image_text_area without image_url: rejected.", nn,
             card("news_notice", image_text_area={"type": 0, "title": "t"}), f"{ita}.image_url")
    vertical = [{"title": f"标题{i}", "desc": "d"} for i in range(5)]
    c.ok(f"{p}.vertical.four", "news_notice: 4 vertical_content_list items (the limit): accepted.", nn,
         card("news_notice", vertical_content_list=vertical[:4]))
    c.reject(f"{p}.vertical.five", "news_notice: 5 vertical_content_list items: rejected.", nn,
             card("news_notice", vertical_content_list=vertical), "template_card.vertical_content_list")
    c.ok(f"{p}.vertical.empty", "news_notice: an empty vertical_content_list: accepted, omitted from the body.", nn,
         card("news_notice", vertical_content_list=[]))
    c.reject(f"{p}.vertical.title_empty", "news_notice: vertical_content_list[3].title \"\": rejected.", nn,
             card("news_notice", vertical_content_list=vertical[:3] + [{"title": "", "desc": "d"}]),
             "template_card.vertical_content_list[3].title")
    c.reject(f"{p}.vertical.title_absent", "news_notice: vertical_content_list[0] without title: rejected.", nn,
             card("news_notice", vertical_content_list=[{"desc": "d"}]), "template_card.vertical_content_list[0].title")
    c.ok(f"{p}.suggested.vertical", "news_notice: 300-character vertical title and 1000-character desc "
         "(suggested ≤ 26 / 112): accepted.", nn,
         card("news_notice", vertical_content_list=[{"title": "标" * 300, "desc": "文" * 1000}]))


def validation_cases() -> Cases:
    c = Cases("Every hard rule of the spec at exactly its limit (accepted) and one step past it (rejected with "
              "kind validation and the exact field path); multi-byte characters straddling byte limits; "
              "suggested lengths (建议不超过) never enforced.")
    byte_limit_cases(c, "text", TEXT_MAX, S_TEXT)
    byte_limit_cases(c, "markdown", MARKDOWN_MAX, S_MARKDOWN)
    byte_limit_cases(c, "markdown_v2", MARKDOWN_MAX, S_MARKDOWN_V2)
    image_cases(c)
    news_cases(c)
    media_id_cases(c)
    card_cases(c)
    return c


# =============================================================================================
# truncation.json: news titles and descriptions are truncated at a character boundary
# =============================================================================================

def truncation_cases() -> Cases:
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


# =============================================================================================
# content.json: the content helpers (split, mention, font colour, markdown table, truncate)
# =============================================================================================

def content_cases() -> Cases:
    c = Cases("The content helpers: split_text (≤ 2048-byte chunks) and split_markdown (≤ 4096-byte chunks, "
              "``` fences closed and reopened across chunks), mention, font_color, markdown_table and "
              "truncate. Expected values come from generate.py's own implementation of the documented behaviour.")

    def split_case(id: str, mode: str, what: str, content: str) -> None:
        chunks = split_text(content) if mode == "text" else split_markdown(content)
        limit = TEXT_MAX if mode == "text" else MARKDOWN_MAX
        assert all(0 < blen(ch) <= limit for ch in chunks), id
        if mode == "text":
            assert "".join(chunks) == content, id
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

    # ---- split_markdown
    M = MARKDOWN_MAX
    code = "".join(f"print({i})\n" for i in range(600))
    split_case("empty", "markdown", "Empty markdown gives no chunks", "")
    split_case("short", "markdown", "Short markdown is one chunk, unchanged", "# 标题\n**加粗**\n> 引用")
    split_case("exact_limit", "markdown", "Exactly 4096 bytes: one chunk", "m" * M)
    split_case("limit_plus_one", "markdown", "4097 bytes on one line: 4096 + 1", "m" * (M + 1))
    split_case("lines", "markdown", "Lines of markdown: cut after a newline", ("- 列表项 item\n") * 400)
    split_case("closed_fence_fits", "markdown", "A complete code block that fits: unchanged",
               "text\n```rust\nfn main() {}\n```\nmore\n")
    split_case("fence_across_cut", "markdown",
               "A ```python block open across the cut: the first chunk closes it with ``` and the second reopens "
               "it with \"```python\" before going on", "intro\n```python\n" + code + "```\nafter\n")
    split_case("fence_no_info", "markdown", "A bare ``` fence across the cut is reopened bare",
               "```\n" + code + "```\n")
    split_case("fence_indented", "markdown", "An indented fence (\"  ```js\") is reopened with its indentation",
               "list:\n  ```js\n" + "".join(f"  console.log({i});\n" for i in range(400)) + "  ```\n")
    split_case("fence_three_chunks", "markdown", "A code block spanning three chunks: closed and reopened twice",
               "```sh\n" + "".join(f"echo line {i:05d}\n" for i in range(700)) + "```\n")
    split_case("two_blocks", "markdown", "Two code blocks, the second open across the cut",
               "```c\nint x;\n```\n" + "text line\n" * 300 + "```go\n" + "".join(f"x := {i}\n" for i in range(300))
               + "```\ndone\n")
    split_case("unclosed_fence_short", "markdown", "An unclosed fence in short markdown is closed at the end "
               "(no chunk ends inside a fence)", "intro\n```\ncode")
    split_case("unclosed_fence_long", "markdown", "An unclosed fence across the cut: every chunk, the last included, is "
               "closed", "```py\n" + code)
    split_case("huge_line_in_fence", "markdown",
               "A 6000-byte line inside a fence: cut at character boundaries, each piece in its own reopened and "
               "closed block (a newline is added before the closing ```)", "```\n" + "w" * 6000 + "\n```\n")
    split_case("huge_line_after_crlf_fence", "markdown",
               "A 6000-byte line right after a CRLF fence line \"```py\\r\\n\": the line is cut into the first "
               "chunk (no chunk is only an empty code block); the reopened fence drops the CR",
               "```py\r\n" + "w" * 6000 + "\r\n```\r\n")
    split_case("huge_line_after_fence_mid_text", "markdown",
               "Text, then a fence whose first line is 5000 bytes: the fence's opening line moves to the second "
               "chunk (the first would otherwise end with an empty code block), which is filled with a piece "
               "of that line",
               "intro\n" + "```sql\n" + "s" * 5000 + "\n```\nend\n")
    split_case("huge_cjk_line_in_fence", "markdown", "A 9000-byte line of 中 inside a ```text fence: cuts between "
               "characters, fences balanced", "```text\n" + CJK * 3000 + "\n```\n")
    split_case("huge_line_outside_fence", "markdown", "A 9000-byte line outside any fence: cut at 4096 bytes",
               "head\n" + "h" * 9000 + "\ntail\n")
    split_case("cjk_lines", "markdown", "Lines of 3-byte characters: cut after a newline",
               ("中文内容" * 10 + "\n") * 60)
    split_case("crlf_fence", "markdown", "A CRLF fence line \"```py\\r\\n\" is reopened as \"```py\\n\" (CR dropped)",
               "```py\r\n" + "".join(f"x = {i}\r\n" for i in range(700)) + "```\r\n")
    # The close needs "```" after a chunk ending in a newline, but 4 bytes are kept free: a block
    # whose own closing line "```\n" lands exactly at the limit is not cut.
    body = "b" * 99 + "\n"
    pad = M - len("```\n") - len("```\n")
    exact = "```\n" + body * (pad // 100) + "c" * (pad % 100 - 1) + "\n" + "```\n" + "after\n"
    split_case("closing_line_at_limit", "markdown", "A code block whose closing line \"```\\n\" ends exactly at 4096: "
               "one chunk holds it whole", exact)
    split_case("fence_line_after_cut", "markdown", "A fence whose opening line does not fit starts the next chunk",
               "z" * 4090 + "\n" + "```\n" + "k\n" * 100 + "```\n")
    split_case("fence_near_cut", "markdown", "A fence opening near the end of a chunk: some code lines, the close, "
               "and the rest in a reopened block", "z" * 4000 + "\n" + "```\n" + "k\n" * 100 + "```\n")
    split_case("fence_opener_moves_on", "markdown", "A fence's opening line fits but its next line does not: the "
               "opening line moves on to the next chunk rather than end this one with an empty code block",
               "z" * 4080 + "\n" + "```\n" + "k" * 20 + "\n" + "```\n")
    split_case("inline_backticks", "markdown", "``` not at a line start (inline) is not a fence",
               ("see ```this``` inline\n") * 250)

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


# =============================================================================================
# A small JSON Schema (draft 2020-12) validator: the subset of keywords schema.json uses.
# An unknown keyword is an error, so the schema cannot silently rely on something unchecked.
# =============================================================================================

ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "$defs"}


class Validator:
    def __init__(self, schema: dict):
        self.root = schema

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported: {ref}")
        node: Any = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    @staticmethod
    def is_type(value: Any, t: str) -> bool:
        if t == "object":
            return isinstance(value, dict)
        if t == "array":
            return isinstance(value, list)
        if t == "string":
            return isinstance(value, str)
        if t == "boolean":
            return isinstance(value, bool)
        if t == "null":
            return value is None
        if t == "integer":
            return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())
        if t == "number":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        raise ValueError(f"unknown type {t}")

    @staticmethod
    def equal(a: Any, b: Any) -> bool:
        if isinstance(a, bool) or isinstance(b, bool):
            return type(a) is type(b) and a == b
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return a == b
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(Validator.equal(x, y) for x, y in zip(a, b))
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(Validator.equal(a[k], b[k]) for k in a)
        return type(a) is type(b) and a == b

    def errors(self, value: Any, schema: Any = None, path: str = "") -> list[str]:
        if schema is None:
            schema = self.root
        if schema is True:
            return []
        if schema is False:
            return [f"{path or '/'}: no value is allowed here"]
        errs: list[str] = []
        at = path or "/"
        for key, arg in schema.items():
            if key in ANNOTATIONS:
                continue
            if key == "$ref":
                errs += self.errors(value, self.resolve(arg), path)
            elif key == "type":
                types = arg if isinstance(arg, list) else [arg]
                if not any(self.is_type(value, t) for t in types):
                    errs.append(f"{at}: expected {'/'.join(types)}, got {type(value).__name__}")
            elif key == "enum":
                if not any(self.equal(value, e) for e in arg):
                    errs.append(f"{at}: {value!r} is not one of {arg}")
            elif key == "const":
                if not self.equal(value, arg):
                    errs.append(f"{at}: expected {arg!r}")
            elif key in ("properties", "additionalProperties", "required", "minProperties"):
                if not isinstance(value, dict):
                    continue
                if key == "required":
                    errs += [f"{at}: missing {k!r}" for k in arg if k not in value]
                elif key == "minProperties":
                    if len(value) < arg:
                        errs.append(f"{at}: fewer than {arg} properties")
                elif key == "properties":
                    for k, sub in arg.items():
                        if k in value:
                            errs += self.errors(value[k], sub, f"{path}/{k}")
                else:
                    known = schema.get("properties", {})
                    for k in value:
                        if k not in known:
                            if arg is False:
                                errs.append(f"{at}: unexpected property {k!r}")
                            else:
                                errs += self.errors(value[k], arg, f"{path}/{k}")
            elif key in ("items", "prefixItems", "minItems", "maxItems"):
                if not isinstance(value, list):
                    continue
                if key == "prefixItems":
                    for i, (item, sub) in enumerate(zip(value, arg)):
                        errs += self.errors(item, sub, f"{path}/{i}")
                elif key == "items":
                    for i in range(len(schema.get("prefixItems", [])), len(value)):
                        errs += self.errors(value[i], arg, f"{path}/{i}")
                elif key == "minItems" and len(value) < arg:
                    errs.append(f"{at}: fewer than {arg} items")
                elif key == "maxItems" and len(value) > arg:
                    errs.append(f"{at}: more than {arg} items")
            elif key in ("pattern", "minLength", "maxLength"):
                if not isinstance(value, str):
                    continue
                if key == "pattern" and not re.search(arg, value):
                    errs.append(f"{at}: {value[:60]!r} does not match {arg}")
                elif key == "minLength" and len(value) < arg:
                    errs.append(f"{at}: shorter than {arg}")
                elif key == "maxLength" and len(value) > arg:
                    errs.append(f"{at}: longer than {arg}")
            elif key in ("minimum", "maximum"):
                if not self.is_type(value, "number"):
                    continue
                if (key == "minimum" and value < arg) or (key == "maximum" and value > arg):
                    errs.append(f"{at}: {value} is out of range ({key} {arg})")
            elif key == "not":
                if not self.errors(value, arg, path):
                    errs.append(f"{at}: matches a schema it must not match")
            elif key == "allOf":
                for sub in arg:
                    errs += self.errors(value, sub, path)
            elif key in ("oneOf", "anyOf"):
                results = [self.errors(value, sub, path) for sub in arg]
                passing = sum(1 for r in results if not r)
                if passing == 0:
                    best = min(results, key=len)
                    errs.append(f"{at}: matches none of the {key} branches; nearest: " + "; ".join(best[:3]))
                elif key == "oneOf" and passing > 1:
                    errs.append(f"{at}: matches {passing} oneOf branches, not exactly one")
            else:
                raise ValueError(f"schema keyword {key!r} (at {at}) is not supported by generate.py's validator")
        return errs


def self_test(v: Validator, good: dict) -> list[str]:
    """The validator must reject broken variants of a good file (else it checks nothing)."""
    def broken(mutate: Callable[[dict], None]) -> dict:
        doc = copy.deepcopy(good)
        mutate(doc)
        return doc

    first = good["cases"][0]
    variants = {
        "an extra top-level key": lambda d: d.update(extra=1),
        "an upper-case id": lambda d: d["cases"][0].update(id="Bad.ID"),
        "a case without expect": lambda d: d["cases"][0].pop("expect"),
        "an unknown spec section": lambda d: d["cases"][0].update(spec="no such section"),
        "an unknown expectation": lambda d: d["cases"][0].update(expect={"nothing": True}),
        "an unknown message field": lambda d: d["cases"][0]["input"]["message"][first["input"]["message"]["msgtype"]].update(bogus=1),
        "an unknown error kind": lambda d: d["cases"][0].update(expect={"error": {"kind": "oops"}}),
        "a text_notice with card_image": lambda d: d["cases"][0]["input"].update(
            message={"msgtype": "template_card", "template_card": {"card_type": "text_notice", "card_image": {"url": "u"}}}),
        "an upload with two contents": lambda d: d["cases"][0].update(
            input={"upload": {"kind": "file", "filename": "a", "source": "bytes", "text": "x", "fixture": "y"}, "key": "k"},
            expect={"media": {"kind": "file"}}),
        "a missing upload given as bytes": lambda d: d["cases"][0].update(
            input={"upload": {"kind": "file", "filename": "a", "source": "bytes", "missing": True}, "key": "k"},
            expect={"error": {"kind": "io"}}),
        "an unknown mock fault": lambda d: d["cases"][0].update(
            input={"send": first["input"]["message"], "key": "k"}, expect={"ok": True},
            mock={"faults": [{"kind": "explode"}]}),
    }
    problems = []
    for what, mutate in variants.items():
        if not v.errors(broken(mutate)):
            problems.append(f"schema self-test: a file with {what} was accepted")
    return problems


# =============================================================================================
# Files and main
# =============================================================================================

def http_cases() -> Cases:
    """The HTTP cases, defined in http_cases.py (sent to the mock; see its docstring)."""
    import http_cases as h
    c = Cases("HTTP: every message type and upload as the mock server receives it, and every "
              "scripted server answer with the error kind (or bounded retry) it must give")
    image_body = {"fixture": "icon.png"}
    for case in h.cases(image_body, wire(msg("image", image_body)),
                        repair(SPEC_TEXT_NOTICE_EXAMPLE, inside_string=False),
                        repair(SPEC_NEWS_NOTICE_EXAMPLE, inside_string=False)):
        extra = {k: v for k, v in case.items() if k not in ("id", "description", "spec", "input", "expect")}
        c.add(case["id"], case["description"], case["spec"], case["input"], case["expect"], **extra)
    return c


FILES: dict[str, Callable[[], Cases]] = {
    "spec_examples.json": spec_examples_cases,
    "messages.json": message_cases,
    "validation.json": validation_cases,
    "truncation.json": truncation_cases,
    "content.json": content_cases,
    "http.json": http_cases,
}


def render(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if a generated file is stale or any case file is invalid")
    args = ap.parse_args()

    generated = {name: render(fn().doc()) for name, fn in FILES.items()}
    problems: list[str] = []
    if args.check:
        for name, text in generated.items():
            path = CASES_DIR / name
            if not path.exists():
                problems.append(f"{path}: missing (run {Path(__file__).name})")
            elif path.read_text(encoding="utf-8") != text:
                problems.append(f"{path}: stale, differs from what {Path(__file__).name} generates")
    else:
        CASES_DIR.mkdir(exist_ok=True)
        for name, text in generated.items():
            path = CASES_DIR / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(HERE.parent.parent)}")

    # Validate every case file (generated or hand-written) and the ids across all of them.
    validator = Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    seen: dict[str, str] = {}
    counts: dict[str, int] = {}
    for path in sorted(CASES_DIR.glob("*.json")):
        text = generated.get(path.name) if args.check and path.name in generated else path.read_text(encoding="utf-8")
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            problems.append(f"{path.name}: not JSON: {e}")
            continue
        problems += [f"{path.name}: {e}" for e in validator.errors(doc)]
        for case in doc.get("cases", []) if isinstance(doc, dict) else []:
            cid = case.get("id") if isinstance(case, dict) else None
            if cid in seen:
                problems.append(f"{path.name}: id {cid!r} is also used in {seen[cid]}")
            elif isinstance(cid, str):
                seen[cid] = path.name
        counts[path.name] = len(doc.get("cases", [])) if isinstance(doc, dict) else 0
    problems += self_test(validator, json.loads(generated["messages.json"]))

    for p in problems:
        print(p, file=sys.stderr)
    summary = ", ".join(f"{n} {c}" for n, c in counts.items())
    print(f"{sum(counts.values())} cases ({summary}); {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
