"""Typed usage of the public API, checked with `mypy --strict` against the installed stubs
(scripts/test-python.sh): the stubs must accept what the docs show and give precise types."""

from __future__ import annotations

import pathlib
from typing import List

import wecom_bot
from wecom_bot import Bot, Media, errors


def typed_usage(bot: Bot, path: pathlib.Path) -> List[str]:
    bot.send(wecom_bot.Text("hi", mentioned_list=["@all"]))
    bot.send({"msgtype": "text", "text": {"content": "a dict"}})
    bot.send_image(path)
    bot.send_image(b"\x89PNG")
    media: Media = bot.upload(path, kind="voice")
    bot.send(wecom_bot.Voice(media.media_id))
    card = wecom_bot.NewsNoticeCard(
        main_title={"title": "t"},
        card_image=wecom_bot.CardImage("https://example.com/a.png", 1.5),
        jump_list=[wecom_bot.Jump("j", type=1, url="u"), {"title": "k"}],
        card_action=wecom_bot.CardAction(type=1, url="u"),
    )
    ratio: float | None = card.card_image.aspect_ratio if card.card_image else None
    del ratio
    count: int = bot.send_text_chunked("long text")
    del count
    try:
        bot.send_markdown("x")
    except errors.RateLimitedError as e:
        wait: float | None = e.retry_after
        del wait
    except wecom_bot.ValidationError as e:
        field: str | None = e.field
        del field
    bot2 = Bot.from_env(rate_limit=wecom_bot.RateLimit(10, 30.0, policy="fail_fast"), retry=False, proxy=False)
    del bot2
    return wecom_bot.split_markdown("# title") + [wecom_bot.mention("u"), wecom_bot.font_color("x", "info")]
