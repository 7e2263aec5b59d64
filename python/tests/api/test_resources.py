"""Bot as a context manager with close(); hashable immutable values; send_text_chunked with
mentions on the first or every chunk."""

from __future__ import annotations

import pytest

import wecom_bot
from wecom_bot import Bot

from conftest import FIXTURES, Mock


def test_with_closes_and_a_closed_bot_refuses_every_send(mock: Mock, key: str) -> None:
    with Bot(key, base_url=mock.url) as bot:
        assert not bot.closed
        bot.send_text("inside")
    assert bot.closed and "closed" in repr(bot) and key not in repr(bot)
    calls = [
        lambda: bot.send_text("x"),
        lambda: bot.send(wecom_bot.Markdown("x")),
        lambda: bot.send_markdown("x"),
        lambda: bot.send_markdown_v2("x"),
        lambda: bot.send_image(FIXTURES / "icon.png"),
        lambda: bot.send_news([{"title": "t", "url": "u"}]),
        lambda: bot.send_file(b"123456", "f.txt"),
        lambda: bot.send_voice(FIXTURES / "voice-3s.amr"),
        lambda: bot.upload(b"123456", filename="f.txt"),
        lambda: bot.send_text_chunked("x"),
        lambda: bot.send_markdown_chunked("x"),
        lambda: bot.send_json('{"msgtype":"text","text":{"content":"x"}}'),
    ]
    for call in calls:
        with pytest.raises(wecom_bot.InvalidArgumentError, match="this Bot is closed") as e:
            call()
        assert e.value.field == "bot" and isinstance(e.value, ValueError)
    bot.close()  # twice: harmless
    assert bot.base_url == mock.url and bot.masked_key
    assert [r["body_json"]["text"]["content"] for r in mock.records(key)] == ["inside"]


def test_an_exception_in_the_block_propagates_and_still_closes(key: str) -> None:
    with pytest.raises(KeyError):
        with Bot(key) as bot:
            raise KeyError("from the block")
    assert bot.closed


def test_immutable_values_are_hashable_consistently_with_eq() -> None:
    pairs = [
        (wecom_bot.Text("a", ["u"]), wecom_bot.Text("a", ["u"])),
        (wecom_bot.Markdown("m"), wecom_bot.Markdown("m")),
        (wecom_bot.Image(FIXTURES / "icon.png"), wecom_bot.Image.from_bytes((FIXTURES / "icon.png").read_bytes())),
        (wecom_bot.News([{"title": "t", "url": "u"}]), wecom_bot.News([wecom_bot.Article("t", "u")])),
        (wecom_bot.CardImage("u", 0.0), wecom_bot.CardImage("u", -0.0)),
        (
            wecom_bot.TextNoticeCard(main_title={"title": "t"}, jump_list=[{"title": "j", "type": 1, "url": "u"}]),
            wecom_bot.TextNoticeCard(main_title=wecom_bot.MainTitle("t"), jump_list=[wecom_bot.Jump("j", type=1, url="u")]),
        ),
        (wecom_bot.RateLimit(5, 1.0), wecom_bot.RateLimit(5, 1)),
        (wecom_bot.File("m"), wecom_bot.File("m")),
    ]
    for a, b in pairs:
        assert a == b and hash(a) == hash(b), (a, b)
    assert len({wecom_bot.Text("a"), wecom_bot.Text("a"), wecom_bot.Text("b")}) == 2
    assert wecom_bot.Text("a") != wecom_bot.Text("a", ["u"])


def test_send_text_chunked_mentions_first_or_every(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url)
    long = "line\n" * 1000  # 5000 bytes: 3 chunks
    assert bot.send_text_chunked(long, mentioned_list=["u1"], mentioned_mobile_list=["13800001111"]) == 3
    assert bot.send_text_chunked(long, ["@all"], mention_on="every") == 3
    bodies = [r["body_json"]["text"] for r in mock.records(key)]
    assert "".join(b["content"] for b in bodies[:3]) == long
    assert bodies[0]["mentioned_list"] == ["u1"] and bodies[0]["mentioned_mobile_list"] == ["13800001111"]
    assert all("mentioned_list" not in b and "mentioned_mobile_list" not in b for b in bodies[1:3])
    assert all(b["mentioned_list"] == ["@all"] for b in bodies[3:])
    with pytest.raises(wecom_bot.InvalidArgumentError, match="mention_on"):
        bot.send_text_chunked("x", ["u"], mention_on="last")  # type: ignore[arg-type]
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.send_text_chunked("", ["u"])
    assert e.value.field == "text.content"
    assert len(mock.records(key)) == 6
