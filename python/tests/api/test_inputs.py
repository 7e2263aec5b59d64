"""Whatever a caller passes — None, NaN, infinities, huge numbers, huge strings and lists,
wrong types, lone surrogates — the result is a Python exception naming the problem, never a
crash, and nothing reaches the server."""

from __future__ import annotations

import math

import pytest

import wecom_bot
from wecom_bot import Bot

from conftest import Mock


def card(**kwargs):
    base = dict(main_title={"title": "t"}, card_image={"url": "https://example.com/a.png"}, card_action={"type": 1, "url": "u"})
    base.update(kwargs)
    return wecom_bot.NewsNoticeCard(**base)


@pytest.mark.parametrize("ratio", [float("nan"), float("inf"), float("-inf"), -0.0, 1e308, 1.29, 2.2500001])
def test_aspect_ratio_out_of_range_or_not_finite(ratio: float) -> None:
    msg = card(card_image=wecom_bot.CardImage("https://example.com/a.png", ratio))
    with pytest.raises(wecom_bot.ValidationError) as e:
        msg.to_json()
    assert (e.value.field, e.value.rule) == ("template_card.card_image.aspect_ratio", "range")
    assert repr(ratio) in repr(msg.card_image)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**200])
def test_integers_beyond_64_bits(value: int) -> None:
    with pytest.raises(OverflowError):
        wecom_bot.Jump("x", type=value)
    with pytest.raises(OverflowError):
        wecom_bot.CardAction(type=value)


@pytest.mark.parametrize("value", [2**62, -1, -(2**63)])
def test_large_integers_reach_validation(value: int) -> None:
    msg = card(jump_list=[wecom_bot.Jump("x", type=value)])
    with pytest.raises(wecom_bot.ValidationError) as e:
        msg.validate()
    assert e.value.field == "template_card.jump_list[0].type"


@pytest.mark.parametrize(
    "build",
    [
        lambda: wecom_bot.Text(None),
        lambda: wecom_bot.Text(123),
        lambda: wecom_bot.Text("x", mentioned_list="@all"),  # a str is not a list of userids
        lambda: wecom_bot.Text("x", mentioned_list=[None]),
        lambda: wecom_bot.Markdown(b"bytes"),
        lambda: wecom_bot.News("not a list"),
        lambda: wecom_bot.News([42]),
        lambda: wecom_bot.TextNoticeCard(jump_list={"title": "a dict, not a list"}),
        lambda: wecom_bot.TextNoticeCard(card_action="url"),
        lambda: wecom_bot.TextNoticeCard(card_action={"type": 1, "unknown_field": 1}),
        lambda: wecom_bot.TextNoticeCard(jump_list=[{"title": 5}]),
        lambda: wecom_bot.CardImage("u", "wide"),
        lambda: wecom_bot.Image(12345),
        lambda: wecom_bot.Image(None),
    ],
)
def test_wrong_types_raise_type_or_value_errors(build) -> None:
    with pytest.raises((TypeError, ValueError)):
        build()


def test_nested_type_errors_name_the_part() -> None:
    with pytest.raises(TypeError, match=r"template_card\.jump_list\[1\]"):
        wecom_bot.TextNoticeCard(jump_list=[{"title": "ok"}, {"title": "bad", "colour": "red"}])
    with pytest.raises(TypeError, match=r"news\.articles\[0\]"):
        wecom_bot.News([{"title": "t", "link": "u"}])


def test_none_means_absent() -> None:
    msg = wecom_bot.Text("hi", mentioned_list=None, mentioned_mobile_list=None)
    assert msg.to_dict() == {"msgtype": "text", "text": {"content": "hi"}}
    c = wecom_bot.TextNoticeCard(sub_title_text="s", card_action={"type": 1, "url": "u"}, source=None, jump_list=None)
    assert c.source is None and c.jump_list == []
    with pytest.raises(wecom_bot.ValidationError) as e:
        wecom_bot.News(None).validate()
    assert (e.value.field, e.value.rule) == ("news.articles", "min_items")
    with pytest.raises(wecom_bot.ValidationError) as e:
        wecom_bot.TextNoticeCard(sub_title_text="s").validate()
    assert e.value.field == "template_card.card_action"


def test_huge_inputs(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url)
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.send_text("字" * 5_000_000)  # 15 MB
    assert (e.value.field, e.value.limit) == ("text.content", 2048)
    bot.send_text("x", mentioned_list=["u"] * 20_000)  # no limit on mentions in the spec: sent
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.send(wecom_bot.TextNoticeCard(sub_title_text="s", card_action={"type": 1, "url": "u"}, jump_list=[{"title": "j"}] * 100_000))
    assert (e.value.field, e.value.rule, e.value.limit) == ("template_card.jump_list", "max_items", 3)
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.send_news([{"title": "t", "url": "u"}] * 10_000)
    assert e.value.field == "news.articles"
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.send_image(b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024))
    assert (e.value.field, e.value.rule) == ("image.base64", "max_bytes")
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.upload(bytes(20 * 1024 * 1024 + 1), filename="big.bin")
    assert (e.value.field, e.value.rule) == ("media", "max_bytes")
    sends = [r for r in mock.records(key)]
    assert len(sends) == 1 and sends[0]["body_json"]["text"]["content"] == "x"


def test_send_dict_inputs(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url)
    with pytest.raises(wecom_bot.InvalidArgumentError):
        bot.send({"msgtype": "news", "news": {"articles": [{"title": "t", "url": "u", "n": math.nan}]}})
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.send({"msgtype": "text", "text": {"content": "x", "extra": 1}})
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.send({"msgtype": "nope"})
    assert e.value.field == "msgtype"
    deep: dict = {}
    cur = deep
    for _ in range(10_000):
        cur["a"] = {}
        cur = cur["a"]
    with pytest.raises(wecom_bot.InvalidArgumentError):
        bot.send(deep)
    with pytest.raises(TypeError):
        bot.send({1: 2})
    with pytest.raises(TypeError):
        bot.send(object())
    with pytest.raises(TypeError):
        bot.send(None)
    with pytest.raises(wecom_bot.ValidationError):
        bot.send_json("{not json")
    assert mock.records(key) == []


def test_surrogates_and_nul(mock: Mock, key: str, tmp_path) -> None:
    bot = Bot(key, base_url=mock.url)
    with pytest.raises(UnicodeEncodeError) as e:
        bot.send_text("\ud800")
    assert "content: surrogates not allowed" in str(e.value) and e.value.start == 0, str(e.value)
    with pytest.raises(UnicodeEncodeError) as e:
        wecom_bot.Text("ok", mentioned_list=["u", "x\udfff"])
    assert "mentioned_list[1]: " in str(e.value) and e.value.object == "x\udfff", str(e.value)
    with pytest.raises((wecom_bot.IoError, ValueError)):
        bot.upload("bad\0path")
    with pytest.raises(wecom_bot.ValidationError):
        bot.upload(b"123456", filename='quote".txt')
    with pytest.raises(wecom_bot.IoError):
        bot.upload(tmp_path)  # a directory
    with pytest.raises((wecom_bot.IoError, wecom_bot.InvalidArgumentError)):
        bot.upload("")
    assert mock.records(key) == []


def test_helpers_on_odd_input() -> None:
    assert wecom_bot.split_text("") == []
    assert wecom_bot.truncate_to_bytes("字字", 4) == "字"
    assert wecom_bot.truncate_to_bytes("abc", 10**12) == "abc"
    with pytest.raises(wecom_bot.InvalidArgumentError):
        wecom_bot.truncate_to_bytes("abc", -1)
    with pytest.raises(OverflowError):
        wecom_bot.truncate_to_bytes("abc", 2**64)
    assert wecom_bot.markdown_table(["a"], []) == "| a |\n| --- |\n"
    with pytest.raises(TypeError):
        wecom_bot.markdown_table("ab", [])
    big = wecom_bot.split_markdown("```\n" + "line\n" * 200_000 + "```\n")
    assert all(len(c.encode()) <= 4096 for c in big)


@pytest.mark.parametrize("filename", [None, "shown-name.bin"])
def test_a_huge_file_is_refused_from_its_size_without_reading_it(mock: Mock, key: str, tmp_path, filename) -> None:
    path = tmp_path / "huge.bin"
    with open(path, "wb") as f:
        f.truncate(5 * 1024**3)  # 5 GiB, sparse: reading it would take GBs of memory
    bot = Bot(key, base_url=mock.url)
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.upload(path, filename=filename)
    assert (e.value.field, e.value.rule, e.value.limit) == ("media", "max_bytes", 20 * 1024 * 1024)
    with pytest.raises(wecom_bot.ValidationError):
        bot.send_image(path)
    with pytest.raises(wecom_bot.ValidationError):
        bot.send_voice(path, filename=filename)
    assert mock.records(key) == []
