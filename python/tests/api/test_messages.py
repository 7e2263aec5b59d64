"""The message classes: keyword arguments named as the spec's fields, parts as classes or
dicts (checked against every shared vector), getters, equality, repr and to_dict."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

import wecom_bot
from wecom_bot import errors

from conftest import REPO

_spec = importlib.util.spec_from_file_location("conformance_cases", REPO / "python" / "tests" / "conformance" / "cases.py")
assert _spec and _spec.loader
cases = importlib.util.module_from_spec(_spec)
sys.modules["conformance_cases"] = cases
_spec.loader.exec_module(cases)

STRUCTURED = [
    c
    for c in cases.load_cases()
    if "message" in c["input"] and c["input"]["message"]["msgtype"] in ("template_card", "news")
]


def outcome(case: dict, parts_as: str):
    try:
        return ("ok", cases.perform(case, Path("."), parts_as))
    except errors.WecomBotError as e:
        return (e.kind, e.field)


@pytest.mark.parametrize("case", STRUCTURED, ids=[c["id"] for c in STRUCTURED])
def test_parts_as_dicts_equal_parts_as_classes(case: dict) -> None:
    assert outcome(case, "dict") == outcome(case, "class")


def test_structured_vectors_exist() -> None:
    assert len(STRUCTURED) > 50


def test_every_class_is_exported_with_its_msgtype() -> None:
    expected = {
        wecom_bot.Text: "text",
        wecom_bot.Markdown: "markdown",
        wecom_bot.MarkdownV2: "markdown_v2",
        wecom_bot.Image: "image",
        wecom_bot.News: "news",
        wecom_bot.File: "file",
        wecom_bot.Voice: "voice",
        wecom_bot.TextNoticeCard: "template_card",
        wecom_bot.NewsNoticeCard: "template_card",
    }
    for cls, msgtype in expected.items():
        assert cls.msgtype == msgtype
        assert cls.__module__ == "wecom_bot"
    assert wecom_bot.TextNoticeCard.card_type == "text_notice"
    assert wecom_bot.NewsNoticeCard.card_type == "news_notice"
    for name in wecom_bot.__all__:
        assert hasattr(wecom_bot, name), name


def test_getters_equality_and_repr() -> None:
    j = wecom_bot.Jump("Docs", type=1, url="https://example.com")
    assert (j.title, j.type, j.url, j.appid, j.pagepath) == ("Docs", 1, "https://example.com", None, None)
    assert j == wecom_bot.Jump(title="Docs", type=1, url="https://example.com")
    assert j != wecom_bot.Jump("Docs")
    assert repr(j) == "Jump(title='Docs', type=1, url='https://example.com')"
    assert j.to_dict() == {"title": "Docs", "type": 1, "url": "https://example.com"}
    h = wecom_bot.HorizontalContent("owner", "Zhang San", type=3, userid="zhangsan")
    assert (h.keyname, h.value, h.type, h.userid) == ("owner", "Zhang San", 3, "zhangsan")
    card = wecom_bot.TextNoticeCard(
        source={"icon_url": "i", "desc": "CI", "desc_color": 3},
        main_title=wecom_bot.MainTitle(title="Build", desc="main"),
        emphasis_content={"title": "100", "desc": "tests"},
        quote_area=wecom_bot.QuoteArea(type=1, url="u", quote_text="q"),
        sub_title_text="sub",
        horizontal_content_list=[h],
        jump_list=[j],
        card_action={"type": 2, "appid": "app", "pagepath": "/index"},
    )
    assert card.source == wecom_bot.Source(icon_url="i", desc="CI", desc_color=3)
    assert card.main_title.title == "Build" and card.emphasis_content.desc == "tests"
    assert card.quote_area.type == 1 and card.sub_title_text == "sub"
    assert card.horizontal_content_list == [h] and card.jump_list == [j]
    assert card.card_action == wecom_bot.CardAction(type=2, appid="app", pagepath="/index")
    body = json.loads(card.to_json())
    assert body["template_card"]["card_type"] == "text_notice"
    assert body == card.to_dict()
    assert repr(card).startswith("TextNoticeCard(")
    t = wecom_bot.Text("hi", ["@all"])
    assert (t.content, t.mentioned_list, t.mentioned_mobile_list) == ("hi", ["@all"], [])
    assert t == wecom_bot.Text("hi", mentioned_list=["@all"]) and hash(t.content)
    n = wecom_bot.NewsNoticeCard(
        main_title={"title": "t"},
        card_image=wecom_bot.CardImage("https://example.com/a.png", 1.3),
        image_text_area=wecom_bot.ImageTextArea("https://example.com/b.png", type=1, url="u", title="x", desc="d"),
        vertical_content_list=[wecom_bot.VerticalContent("v", "d")],
        card_action={"type": 1, "url": "u"},
    )
    assert n.card_image.aspect_ratio == 1.3 and n.image_text_area.image_url == "https://example.com/b.png"
    assert n.vertical_content_list[0].title == "v"
    assert json.loads(n.to_json())["template_card"]["card_image"] == {"url": "https://example.com/a.png", "aspect_ratio": 1.3}
    a = wecom_bot.Article("t", "u", description="d", picurl="p")
    assert (a.title, a.url, a.description, a.picurl) == ("t", "u", "d", "p")
    assert wecom_bot.News([a]).articles == [a]
    assert wecom_bot.File("m").media_id == "m" and wecom_bot.Voice(media_id="v").media_id == "v"


def test_messages_are_immutable() -> None:
    t = wecom_bot.Text("hi")
    with pytest.raises(AttributeError):
        t.content = "changed"  # type: ignore[misc]
    t.mentioned_list.append("x")  # a copy
    assert t.mentioned_list == []


def test_validate_to_json_and_to_dict_agree_on_errors() -> None:
    m = wecom_bot.Markdown("")
    for call in (m.validate, m.to_json, m.to_dict):
        with pytest.raises(wecom_bot.ValidationError) as e:
            call()
        assert (e.value.field, e.value.rule) == ("markdown.content", "required")


def test_helpers() -> None:
    assert wecom_bot.mention("zhangsan") == "<@zhangsan>"
    assert wecom_bot.font_color("ok", "warning") == '<font color="warning">ok</font>'
    assert wecom_bot.split_text("a\nb") == ["a\nb"]
    chunks = wecom_bot.split_text("字" * 1000)
    assert all(len(c.encode()) <= 2048 for c in chunks) and "".join(chunks) == "字" * 1000


def test_repr_evaluates_back_to_an_equal_object() -> None:
    namespace = {name: getattr(wecom_bot, name) for name in wecom_bot.__all__}
    objects = [
        wecom_bot.Text("hi", mentioned_list=["@all"]),
        wecom_bot.Markdown("**x**"),
        wecom_bot.News([wecom_bot.Article("t", "u", description="d")]),
        wecom_bot.File("m"),
        wecom_bot.TextNoticeCard(
            source={"desc": "CI", "desc_color": 3},
            main_title={"title": "Build"},
            horizontal_content_list=[{"keyname": "k", "value": "v", "type": 1, "url": "u"}],
            jump_list=[{"title": "j", "type": 2, "appid": "a", "pagepath": "/p"}],
            card_action={"type": 1, "url": "u"},
        ),
        wecom_bot.NewsNoticeCard(
            main_title={"title": "t"},
            card_image={"url": "u", "aspect_ratio": 1.5},
            image_text_area={"image_url": "i", "type": 0},
            vertical_content_list=[{"title": "v"}],
            card_action={"type": 1, "url": "u"},
        ),
    ]
    for obj in objects:
        text = repr(obj)
        assert eval(text, namespace) == obj, text
    assert repr(objects[4]).startswith("TextNoticeCard(source=Source(desc='CI', desc_color=3), main_title=MainTitle(title='Build')")


def test_the_package_docstring_example_runs() -> None:
    import doctest

    result = doctest.testmod(wecom_bot, verbose=False)
    assert result.attempted >= 1 and result.failed == 0, result


def test_every_public_item_has_a_docstring() -> None:
    missing = []
    for name in wecom_bot.__all__:
        obj = getattr(wecom_bot, name)
        if isinstance(obj, str):
            continue
        if not (obj.__doc__ or "").strip():
            missing.append(name)
        if isinstance(obj, type):
            for attr, value in vars(obj).items():
                if attr.startswith("_") or attr in ("msgtype", "card_type", "kind"):
                    continue
                if not (getattr(value, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{attr}")
    assert missing == []


def test_an_image_from_base64_is_checked_when_validated() -> None:
    import base64
    import hashlib

    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    good = wecom_bot.Image(base64=base64.b64encode(png).decode(), md5=hashlib.md5(png).hexdigest())
    good.validate()
    bad = wecom_bot.Image(base64=base64.b64encode(png).decode(), md5="0" * 32)
    with pytest.raises(errors.ValidationError) as e:
        bad.validate()
    assert e.value.field == "image.md5"
    with pytest.raises(errors.ValidationError) as e:
        bad.to_dict()  # validates first, like to_json
    assert e.value.field == "image.md5"
    assert good.to_dict() == {"msgtype": "image", "image": {"base64": good.base64, "md5": good.md5}}
    assert len({good, bad, wecom_bot.Image(base64=good.base64, md5=good.md5)}) == 2
