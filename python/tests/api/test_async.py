"""AsyncBot: every method awaitable, the event loop never blocked (a ticker keeps ticking while
100 sends are in flight), at most max_workers requests at once, timeouts, cancellation (the
request may still complete: documented, and shown here), close and `async with`."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import List

import pytest

import wecom_bot
from wecom_bot import AsyncBot

from conftest import FIXTURES, Mock


def wait_for_records(mock: Mock, key: str, n: int) -> list:
    """The mock's records once there are `n` (waits at most 60 s; the caller asserts)."""
    deadline = time.monotonic() + 60
    records = mock.records(key)
    while len(records) < n and time.monotonic() < deadline:
        time.sleep(0.05)
        records = mock.records(key)
    return records


def test_every_method(mock: Mock, key: str) -> None:
    async def main() -> None:
        async with AsyncBot(key, base_url=mock.url) as bot:
            await bot.send(wecom_bot.Markdown("**md**"))
            await bot.send_text("text", mentioned_list=["u1"])
            await bot.send_markdown("markdown")
            await bot.send_markdown_v2("markdown_v2")
            await bot.send_image(FIXTURES / "icon.png")
            await bot.send_news([{"title": "t", "url": "u"}])
            media = await bot.send_file(b"%PDF-1.4 report", "report.pdf")
            assert media.kind == "file"
            assert (await bot.send_voice(FIXTURES / "voice-3s.amr")).kind == "voice"
            assert (await bot.upload(b"uploaded only", filename="u.txt")).kind == "file"
            assert await bot.send_text_chunked("a\n" * 1500, mentioned_list=["u2"]) == 2
            assert await bot.send_markdown_chunked("b\n" * 2500) == 2
            await bot.send_json('{"msgtype":"text","text":{"content":"json"}}')
            assert bot.masked_key in repr(bot) and key not in repr(bot)
        assert bot.closed and bot.bot.closed

    asyncio.run(main())
    sends = [r["body_json"] for r in mock.records(key) if r["kind"] == "send"]
    assert [b["msgtype"] for b in sends] == [
        "markdown", "text", "markdown", "markdown_v2", "image", "news", "file", "voice",
        "text", "text", "markdown", "markdown", "text",
    ]
    assert sends[8]["text"]["mentioned_list"] == ["u2"] and "mentioned_list" not in sends[9]["text"]


def test_100_concurrent_sends_while_the_loop_keeps_ticking(mock: Mock, key: str) -> None:
    """Each request is held 300 ms at the server, so 100 sends through 8 workers take at least
    13 rounds. A ticker task counts how far the sends had got at each tick: had the sends
    blocked the loop, it could never see a count strictly between 0 and 100. A poller thread
    watches the server: never more than 8 requests in flight, and more than one at once."""
    workers, total = 8, 100
    mock.script(key, {"kind": "delay", "ms": 300}, times=total)
    in_flight: List[int] = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            received = total - mock.pending(key)
            answered = len(mock.records(key))
            in_flight.append(received - answered)
            time.sleep(0.02)

    async def main() -> List[int]:
        seen: List[int] = []
        done = 0

        async def ticker() -> None:
            while True:
                await asyncio.sleep(0.005)
                seen.append(done)

        async def one(i: int) -> None:
            nonlocal done
            await bot.send_text(f"message {i}")
            done += 1

        bot = AsyncBot(key, base_url=mock.url, max_workers=workers, rate_limit=False)
        tick = asyncio.ensure_future(ticker())
        await asyncio.gather(*(one(i) for i in range(total)))
        tick.cancel()
        await bot.close()
        return seen

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        seen = asyncio.run(main())
    finally:
        stop.set()
        poller.join()
    between = sorted({n for n in seen if 0 < n < total})
    assert between, f"the ticker never ran while sends were in flight (saw {sorted(set(seen))})"
    assert max(in_flight) <= workers, f"more than {workers} requests in flight: {max(in_flight)}"
    assert max(in_flight) > 1, f"the sends never overlapped: {in_flight}"
    records = mock.records(key)
    assert len(records) == total and all(r["delivered"] for r in records)
    assert sorted(r["body_json"]["text"]["content"] for r in records) == sorted(f"message {i}" for i in range(total))


def test_a_request_timeout_raises_wecom_timeout_error(mock: Mock, key: str) -> None:
    mock.script(key, {"kind": "delay", "ms": 3000})

    async def main() -> None:
        async with AsyncBot(key, base_url=mock.url, timeout=0.5, retry=False) as bot:
            with pytest.raises(wecom_bot.TimeoutError) as e:
                await bot.send_text("too slow")
            assert e.value.kind == "timeout" and key not in str(e.value)

    asyncio.run(main())


def test_wait_for_timing_out_does_not_stop_the_request(mock: Mock, key: str) -> None:
    """asyncio.wait_for gives up waiting; the request already running still completes."""
    mock.script(key, {"kind": "delay", "ms": 1500})

    async def main() -> None:
        bot = AsyncBot(key, base_url=mock.url)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(bot.send_text("delivered anyway"), 0.2)
        await bot.close()  # waits for the running request

    asyncio.run(main())
    records = wait_for_records(mock, key, 1)
    assert [r["body_json"]["text"]["content"] for r in records] == ["delivered anyway"]
    assert records[0]["delivered"]


def test_cancelling_a_running_send_may_still_deliver_and_a_queued_one_is_dropped(mock: Mock, key: str) -> None:
    """One worker: the first send runs (held at the server), the second waits for the worker.
    Cancelling both: the running one is delivered all the same, the queued one never leaves."""
    mock.script(key, {"kind": "delay", "ms": 1500})

    async def main() -> None:
        bot = AsyncBot(key, base_url=mock.url, max_workers=1)
        running = asyncio.ensure_future(bot.send_text("running"))
        queued = asyncio.ensure_future(bot.send_text("queued"))
        deadline = time.monotonic() + 60
        while mock.pending(key) != 0:  # until the first request has reached the server
            assert time.monotonic() < deadline, "the first request never reached the mock"
            await asyncio.sleep(0.01)
        running.cancel()
        queued.cancel()
        for task in (running, queued):
            with pytest.raises(asyncio.CancelledError):
                await task
        await bot.close()

    asyncio.run(main())
    records = wait_for_records(mock, key, 1)
    assert [r["body_json"]["text"]["content"] for r in records] == ["running"]


def test_errors_come_through_await(mock: Mock, key: str) -> None:
    async def main() -> None:
        async with AsyncBot(key, base_url=mock.url) as bot:
            with pytest.raises(wecom_bot.ValidationError) as e:
                await bot.send_text("x" * 3000)
            assert e.value.field == "text.content"
            with pytest.raises(TypeError, match="mentioned_list must be a list of str, got str"):
                await bot.send_text("x", mentioned_list="@all")

    asyncio.run(main())
    assert mock.records(key) == []


def test_a_closed_async_bot_refuses_sends(mock: Mock, key: str) -> None:
    async def main() -> None:
        bot = AsyncBot(key, base_url=mock.url)
        await bot.send_text("before")
        await bot.close()
        await bot.close()  # harmless
        with pytest.raises(wecom_bot.InvalidArgumentError, match="closed") as e:
            await bot.send_text("after")
        assert e.value.field == "bot"
        with pytest.raises(wecom_bot.InvalidArgumentError, match="closed"):
            bot.bot.send_text("after, through the sync bot")

    asyncio.run(main())
    assert [r["body_json"]["text"]["content"] for r in mock.records(key)] == ["before"]


def test_from_env_and_options(mock: Mock, key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WECOM_BOT_WEBHOOK", mock.webhook(key))
    monkeypatch.delenv("WECOM_BOT_KEY", raising=False)

    async def main() -> None:
        async with AsyncBot.from_env(max_workers=2) as bot:
            await bot.send_text("from env")

    asyncio.run(main())
    assert len(mock.records(key)) == 1
    with pytest.raises(wecom_bot.InvalidArgumentError):
        AsyncBot(key, max_workers=0)
    with pytest.raises(TypeError, match="max_workers must be an int, got str"):
        AsyncBot(key, max_workers="4")  # type: ignore[arg-type]
