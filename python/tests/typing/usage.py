"""Typed usage of the public API, checked with `mypy --strict` against the installed stubs
(scripts/test-python.sh): the stubs must accept what the docs show and give precise types."""

from __future__ import annotations

import logging
import pathlib
from typing import List, Optional

import wecom_bot
from wecom_bot import Bot, Media, errors
from wecom_bot.logging import OutboxQueue, WecomHandler


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


def typed_resources(bot: Bot) -> int:
    with Bot("a-key", rate_limit=False) as short:
        short.send_text("x")
    closed: bool = short.closed
    del closed
    n: int = bot.send_text_chunked("long", ["u"], mention_on="every")
    hashes = {wecom_bot.Text("a"), wecom_bot.Markdown("b")}
    del hashes
    return n + wecom_bot.TEXT_CONTENT_MAX_BYTES + len(wecom_bot.split_text("x", max_bytes=10))


async def typed_async() -> wecom_bot.Media:
    async with wecom_bot.AsyncBot("a-key", max_workers=2, timeout=5.0) as abot:
        await abot.send_text("x", mentioned_list=["u"])
        sent: int = await abot.send_markdown_chunked("# md")
        del sent
        return await abot.upload(b"bytes", kind="file", filename="f.txt")


def typed_handler() -> logging.Handler:
    handler = WecomHandler(key_env="MY_KEY", msgtype="text", mention_level=logging.ERROR, mentioned_list=["u"])
    dropped: int = handler.dropped
    del dropped
    handler.flush()
    return handler


def typed_outbox(bot: wecom_bot.Bot) -> Optional[wecom_bot.RunReport]:
    with wecom_bot.Outbox(bot, store="memory", on_uncertain="dead_letter", drain=5) as outbox:
        first: int = outbox.enqueue(wecom_bot.Text("x"))
        status: wecom_bot.OutboxStatus = outbox.status()
        oldest: Optional[float] = status.oldest
        dead: List[wecom_bot.DeadLetter] = outbox.dead_letters()
        del oldest, dead
        outbox.retry_dead([first])
        outbox.purge(all=True)
        report: wecom_bot.RunReport = outbox.run_until_empty(timeout=1.0)
        del report
    return outbox.stop()


def typed_durable_handler(bot: wecom_bot.Bot) -> logging.Handler:
    queue = OutboxQueue(wecom_bot.Outbox(bot), msgtype="markdown", deliver=False)
    return WecomHandler(queue=queue, durable=None)
