"""Request bodies given as JSON text to a binding's JSON entry point (`{"json": TEXT}`), parsed
strictly, validated and serialized: unknown fields refused by name (including the app-message
API's `safe`, `enable_duplicate_check`, article `appid`), `null` for an optional list read as
absent, a text_notice card without `main_title` refused, wrong types and broken JSON refused.

Kotlin and Swift have no JSON entry point: they report these cases as skipped, which the
harness allows for them only (`ALLOWED_SKIPS` in harness/src/judge.rs).
"""

from __future__ import annotations

import json
from typing import Any

from .cards import ACTION_URL, card
from .model import Cases, b64, fixture, md5_hex, msg
from .spec import S_IMAGE, S_NEWS, S_TEXT, S_TEXT_NOTICE, S_TYPES


def text(body: Any) -> str:
    """The JSON text of a body, compact (the runner hands exactly this string over)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def cases() -> Cases:
    c = Cases("request bodies as JSON text, through each binding's JSON entry point (strict)")

    def accept(id: str, description: str, spec: str, body: Any, want: dict) -> None:
        c.add(f"json.{id}", description, spec, {"json": text(body) if not isinstance(body, str) else body},
              {"body_json": want})

    def refuse(id: str, description: str, spec: str, body: Any, field: str | None) -> None:
        error: dict[str, Any] = {"kind": "validation"}
        if field is not None:
            error["field"] = field
        c.add(f"json.{id}", description, spec, {"json": text(body) if not isinstance(body, str) else body},
              {"error": error})

    plain = msg("text", {"content": "构建成功"})
    accept("text.plain", "a plain text body is sent as it came", S_TEXT, plain, plain)
    accept("text.null_lists", "null for an optional list is absent, not a format error", S_TEXT,
           msg("text", {"content": "hi", "mentioned_list": None, "mentioned_mobile_list": None}),
           msg("text", {"content": "hi"}))
    accept("text.key_order", "keys in any order; the body is the same message", S_TEXT,
           '{"text":{"mentioned_list":["wangqing"],"content":"hi"},"msgtype":"text"}',
           msg("text", {"content": "hi", "mentioned_list": ["wangqing"]}))
    refuse("news.articles_null", "null for a required list is still missing", S_NEWS,
           msg("news", {"articles": None}), "news.articles")

    refuse("unknown.top_level", "an unknown field beside msgtype is refused by name (the app-message "
           "API's `safe`)", S_TYPES, {**plain, "safe": 0}, "safe")
    refuse("unknown.duplicate_check", "the app-message API's `enable_duplicate_check` is refused by name",
           S_TYPES, {**plain, "enable_duplicate_check": 1}, "enable_duplicate_check")
    refuse("unknown.in_text", "an unknown field inside the text object is refused with its path", S_TEXT,
           msg("text", {"content": "hi", "mentioned_userid_list": ["a"]}), "text.mentioned_userid_list")
    refuse("unknown.article_appid", "an article's `appid` (app-message API) is refused with its path",
           S_NEWS, msg("news", {"articles": [{"title": "t", "url": "https://example.com", "appid": "wx1"}]}),
           "news.articles[0].appid")
    refuse("unknown.card_task_id", "a card's `task_id` (app-message API) is refused with its path",
           S_TEXT_NOTICE, card("text_notice", task_id="t1"),
           "template_card.task_id")

    no_title = {"card_type": "text_notice", "sub_title_text": "sub", "card_action": ACTION_URL}
    refuse("card.text_notice_without_main_title", "main_title is required (必须 = 是) for a text_notice "
           "card given as JSON", S_TEXT_NOTICE, msg("template_card", no_title), "template_card.main_title")
    with_empty_title = {**no_title, "main_title": {}}
    accept("card.text_notice_empty_main_title", "an empty main_title with sub_title_text is accepted and "
           "sent as given", S_TEXT_NOTICE, msg("template_card", with_empty_title),
           msg("template_card", with_empty_title))

    refuse("type.content_number", "a known field of the wrong type is refused by name", S_TEXT,
           msg("text", {"content": 5}), "text.content")
    refuse("msgtype.missing", "a body without msgtype", S_TYPES, {"text": {"content": "hi"}}, "msgtype")
    refuse("msgtype.unknown", "a msgtype the spec does not define", S_TYPES,
           {"msgtype": "video", "video": {}}, "msgtype")
    refuse("msgtype.body_missing", "msgtype without its object", S_TEXT, {"msgtype": "text"}, "text")
    refuse("malformed", "text that is not JSON", S_TYPES, '{"msgtype": "text", "text": {', None)
    refuse("not_an_object", "JSON that is not an object", S_TYPES, '["text"]', None)

    png = fixture("icon.png")
    accept("image.md5_upper_case", "an upper-case md5 is accepted and sent lower-case", S_IMAGE,
           msg("image", {"base64": b64(png), "md5": md5_hex(png).upper()}),
           msg("image", {"base64": b64(png), "md5": md5_hex(png)}))
    wrapped = "\r\n".join(b64(png)[i:i + 76] for i in range(0, len(b64(png)), 76))
    accept("image.base64_line_breaks", "base64 with line breaks is accepted and sent stripped", S_IMAGE,
           msg("image", {"base64": wrapped + "\n", "md5": md5_hex(png)}),
           msg("image", {"base64": b64(png), "md5": md5_hex(png)}))
    return c
