"""``AsyncBot``: the methods of :class:`wecom_bot.Bot`, awaitable.

The core is synchronous. Each call runs on a small thread pool of the ``AsyncBot`` (at most
``max_workers`` requests at once; more wait their turn) while the native call releases the GIL,
so the event loop keeps running while requests are in flight.
"""

from __future__ import annotations

import asyncio
import functools
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Literal, Mapping, Optional, Sequence, TypeVar, Union

from wecom_bot._native import Article, Bot, Media, RateLimit
from wecom_bot.errors import InvalidArgumentError

__all__ = ["AsyncBot"]

_T = TypeVar("_T")
_StrPath = Union[str, "os.PathLike[str]"]
_PathOrBytes = Union[_StrPath, bytes, bytearray, memoryview]


def _check_workers(max_workers: int) -> int:
    if isinstance(max_workers, bool) or not isinstance(max_workers, int):
        raise TypeError(f"max_workers must be an int, got {type(max_workers).__name__}")
    if not 1 <= max_workers <= 256:
        raise InvalidArgumentError(
            f"invalid argument max_workers: must be from 1 to 256, not {max_workers}", field="max_workers"
        )
    return max_workers


class AsyncBot:
    """A robot client for asyncio: the methods of :class:`Bot`, as coroutines.

    ``AsyncBot(key_or_webhook_url, *, max_workers=4, **options)`` takes the options of
    :class:`Bot`. Calls run on the bot's own pool of ``max_workers`` threads (the bound on
    requests in flight; further calls queue), with the GIL released during network I/O, so the
    event loop is never blocked. An async context manager: ``async with AsyncBot(...) as bot:``
    closes it at the end of the block.

    Cancelling an awaiting call (``task.cancel()``, ``asyncio.wait_for`` timing out) stops the
    wait, not the request: a call still queued for a thread is dropped, but one already running
    finishes in its thread, and the message **may still be delivered**. Bound a request itself
    with the ``timeout`` option (it raises :class:`wecom_bot.TimeoutError`).

    Every method raises what the same method of :class:`Bot` raises.
    """

    def __init__(
        self,
        key_or_webhook_url: str,
        *,
        max_workers: int = 4,
        base_url: Optional[str] = None,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        upload_timeout: float = 300.0,
        proxy: Union[str, bool, None] = None,
        rate_limit: Union[RateLimit, bool] = True,
        retry: Union[bool, int] = True,
        tls_roots: Literal["bundled", "platform"] = "bundled",
        allow_insecure_http: bool = False,
        user_agent: Optional[str] = None,
        multipart_boundary: Optional[str] = None,
        store: Optional[str] = None,
        on_store_error: Literal["local", "fail"] = "local",
    ) -> None:
        workers = _check_workers(max_workers)
        bot = Bot(
            key_or_webhook_url,
            base_url=base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            upload_timeout=upload_timeout,
            proxy=proxy,
            rate_limit=rate_limit,
            retry=retry,
            tls_roots=tls_roots,
            allow_insecure_http=allow_insecure_http,
            user_agent=user_agent,
            multipart_boundary=multipart_boundary,
            store=store,
            on_store_error=on_store_error,
        )
        self._init(bot, workers)

    def _init(self, bot: Bot, max_workers: int) -> None:
        self._bot = bot
        self._closed = False
        self._executor = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="wecom_bot-async")

    @classmethod
    def from_env(
        cls,
        *,
        max_workers: int = 4,
        base_url: Optional[str] = None,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        upload_timeout: float = 300.0,
        proxy: Union[str, bool, None] = None,
        rate_limit: Union[RateLimit, bool] = True,
        retry: Union[bool, int] = True,
        tls_roots: Literal["bundled", "platform"] = "bundled",
        allow_insecure_http: bool = False,
        user_agent: Optional[str] = None,
        multipart_boundary: Optional[str] = None,
        store: Optional[str] = None,
        on_store_error: Literal["local", "fail"] = "local",
    ) -> "AsyncBot":
        """An ``AsyncBot`` from the environment, as :meth:`Bot.from_env`."""
        workers = _check_workers(max_workers)
        bot = Bot.from_env(
            base_url=base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            upload_timeout=upload_timeout,
            proxy=proxy,
            rate_limit=rate_limit,
            retry=retry,
            tls_roots=tls_roots,
            allow_insecure_http=allow_insecure_http,
            user_agent=user_agent,
            multipart_boundary=multipart_boundary,
            store=store,
            on_store_error=on_store_error,
        )
        self = cls.__new__(cls)
        self._init(bot, workers)
        return self

    @property
    def bot(self) -> Bot:
        """The synchronous :class:`Bot` underneath (its connections and rate limit are shared)."""
        return self._bot

    @property
    def base_url(self) -> str:
        """The base URL requests go to."""
        return self._bot.base_url

    @property
    def masked_key(self) -> str:
        """The key as it may be shown: ``693a…5aaa``."""
        return self._bot.masked_key

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    async def _call(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        if self._closed:
            raise InvalidArgumentError(
                "invalid argument bot: this AsyncBot is closed (close() was called): make a new one", field="bot"
            )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    async def send(self, message: Any) -> None:
        """Validates and sends any message object (or a dict shaped like the request body)."""
        await self._call(self._bot.send, message)

    async def send_text(
        self,
        content: str,
        mentioned_list: Optional[Sequence[str]] = None,
        mentioned_mobile_list: Optional[Sequence[str]] = None,
    ) -> None:
        """Sends a text message (≤ 2048 bytes), optionally mentioning members."""
        await self._call(self._bot.send_text, content, mentioned_list, mentioned_mobile_list)

    async def send_markdown(self, content: str) -> None:
        """Sends a markdown message (≤ 4096 bytes)."""
        await self._call(self._bot.send_markdown, content)

    async def send_markdown_v2(self, content: str) -> None:
        """Sends a markdown_v2 message (≤ 4096 bytes)."""
        await self._call(self._bot.send_markdown_v2, content)

    async def send_image(self, path_or_bytes: _PathOrBytes) -> None:
        """Sends a JPG or PNG (a path, or its bytes; ≤ 2 MiB); read and hashed off the loop."""
        await self._call(self._bot.send_image, path_or_bytes)

    async def send_news(self, articles: Sequence[Union[Article, Mapping[str, Any]]]) -> None:
        """Sends a news message: 1 to 8 articles."""
        await self._call(self._bot.send_news, articles)

    async def send_file(self, path_or_bytes: _PathOrBytes, filename: Optional[str] = None) -> Media:
        """Uploads a file and sends it as a file message; returns the upload's ``Media``."""
        return await self._call(self._bot.send_file, path_or_bytes, filename)

    async def send_voice(self, path_or_bytes: _PathOrBytes, filename: Optional[str] = None) -> Media:
        """Uploads an AMR voice and sends it as a voice message; returns the upload's ``Media``."""
        return await self._call(self._bot.send_voice, path_or_bytes, filename)

    async def upload(
        self,
        path_or_bytes: _PathOrBytes,
        kind: Literal["file", "voice"] = "file",
        filename: Optional[str] = None,
    ) -> Media:
        """Uploads a file or voice and returns its ``Media``."""
        return await self._call(self._bot.upload, path_or_bytes, kind, filename)

    async def send_text_chunked(
        self,
        content: str,
        mentioned_list: Optional[Sequence[str]] = None,
        mentioned_mobile_list: Optional[Sequence[str]] = None,
        *,
        mention_on: Literal["first", "every"] = "first",
    ) -> int:
        """Sends long text as ≤ 2048-byte text messages; returns how many."""
        return await self._call(
            self._bot.send_text_chunked, content, mentioned_list, mentioned_mobile_list, mention_on=mention_on
        )

    async def send_markdown_chunked(self, content: str) -> int:
        """Sends long markdown as ≤ 4096-byte markdown messages; returns how many."""
        return await self._call(self._bot.send_markdown_chunked, content)

    async def send_markdown_v2_chunked(self, content: str) -> int:
        """Sends long markdown_v2 as ≤ 4096-byte markdown_v2 messages (table headers repeated,
        code blocks closed and reopened); returns how many."""
        return await self._call(self._bot.send_markdown_v2_chunked, content)

    async def send_json(self, json: str) -> None:
        """Sends a request body given as JSON text (parsed strictly and validated first)."""
        await self._call(self._bot.send_json, json)

    async def close(self) -> None:
        """Refuses new calls, waits (without blocking the loop) for the calls already made,
        then closes the bot. Closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._executor.shutdown, True)
        self._bot.close()

    async def __aenter__(self) -> "AsyncBot":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        closed = ", closed" if self._closed else ""
        return f"AsyncBot(key={self.masked_key!r}, base_url={self.base_url!r}{closed})"
