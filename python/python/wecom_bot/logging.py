"""``wecom_bot.logging.WecomHandler``: a :class:`logging.Handler` that posts records to a group.

``emit`` never blocks on the network and never raises into the application: it formats the
record and puts it on a queue. A worker thread takes what is waiting, packs it into as few
messages as the byte limits allow (4096 bytes for markdown, 2048 for text; an oversized record
is cut by the core's splitters) and sends them. ``flush()`` and
``close()`` deliver what is queued within a deadline.

The queue is pluggable (``queue=``, anything with the :class:`HandlerQueue` methods). The
default, :class:`MemoryQueue`, is in-process and bounded, and counts what it drops when full.
With a store (``store=``, or ``durable=True``) records go to :class:`OutboxQueue` instead: the
robot's durable outbox (:class:`wecom_bot.Outbox`), where a record is kept from the moment
``emit`` returns until it is delivered, by this process or, after a crash, by whichever process
delivers that robot's outbox next.
"""

from __future__ import annotations

import collections
import logging
import os
import re
import threading
import time
from typing import Any, Deque, List, NamedTuple, Optional, Protocol, Sequence, Union

from wecom_bot._native import (
    MARKDOWN_CONTENT_MAX_BYTES,
    TEXT_CONTENT_MAX_BYTES,
    Bot,
    Markdown,
    Outbox,
    Text,
    mention,
    split_markdown,
    split_text,
    to_wecom_markdown,
)
from wecom_bot.errors import InvalidArgumentError, WecomBotError

__all__ = ["WecomHandler", "HandlerQueue", "MemoryQueue", "OutboxQueue", "Entry"]

#: Records of these loggers are never posted: they come from the library itself (the native
#: core's records, this module's own reports), and posting them would loop.
_OWN_LOGGERS = ("wecom_bot",)

_report = logging.getLogger("wecom_bot.logging")


def _is_own(name: str) -> bool:
    return any(name == n or name.startswith(n + ".") for n in _OWN_LOGGERS)


class Entry(NamedTuple):
    """One formatted record, ready to pack: its text and whether it asks for a mention."""

    text: str
    mention: bool


class HandlerQueue(Protocol):
    """What :class:`WecomHandler` hands records to. ``put`` must never block for long nor
    raise; ``flush`` and ``close`` return whether everything was delivered within ``timeout``
    seconds."""

    def put(self, entry: Entry) -> bool: ...

    def flush(self, timeout: float) -> bool: ...

    def close(self, timeout: float) -> bool: ...


def _utf8_len(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


class MemoryQueue:
    """An in-process bounded queue and the worker thread that packs and sends what it holds.

    - ``capacity``: records held at most; when full, ``on_full="drop_new"`` (default) refuses
      the incoming record, ``"drop_old"`` discards the oldest. Either way ``dropped`` counts
      them and the next message says how many were lost.
    - ``batch_delay``: seconds the worker waits after the first record of a batch for more to
      arrive (a burst becomes one message, not one per record); ``flush()`` does not wait.
    - ``sent`` / ``failed``: messages delivered / refused so far (a refusal is reported on the
      ``wecom_bot.logging`` logger, which the handler never posts).
    """

    _SEPARATOR = "\n\n"

    def __init__(
        self,
        bot: Bot,
        *,
        msgtype: str = "markdown",
        mentioned_list: Sequence[str] = (),
        mentioned_mobile_list: Sequence[str] = (),
        capacity: int = 1000,
        batch_delay: float = 1.0,
        on_full: str = "drop_new",
    ) -> None:
        if msgtype not in ("markdown", "text"):
            raise InvalidArgumentError(
                f'invalid argument msgtype: must be "markdown" or "text", not {msgtype!r}', field="msgtype"
            )
        if on_full not in ("drop_new", "drop_old"):
            raise InvalidArgumentError(
                f'invalid argument on_full: must be "drop_new" or "drop_old", not {on_full!r}', field="on_full"
            )
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise InvalidArgumentError(f"invalid argument capacity: must be an int of at least 1, not {capacity!r}", field="capacity")
        if isinstance(batch_delay, bool) or not isinstance(batch_delay, (int, float)) or not 0 <= batch_delay <= 3600:
            raise InvalidArgumentError(
                f"invalid argument batch_delay: must be from 0 to 3600 seconds, not {batch_delay!r}", field="batch_delay"
            )
        if msgtype == "markdown":
            if mentioned_mobile_list:
                raise InvalidArgumentError(
                    'invalid argument mentioned_mobile_list: markdown mentions userids only; use msgtype="text"',
                    field="mentioned_mobile_list",
                )
            if "@all" in mentioned_list:
                raise InvalidArgumentError(
                    'invalid argument mentioned_list: "@all" works with msgtype="text" only', field="mentioned_list"
                )
        self._bot = bot
        self._msgtype = msgtype
        self._mentioned = list(mentioned_list)
        self._mentioned_mobile = list(mentioned_mobile_list)
        self._limit = MARKDOWN_CONTENT_MAX_BYTES if msgtype == "markdown" else TEXT_CONTENT_MAX_BYTES
        self._capacity = capacity
        self._batch_delay = float(batch_delay)
        self._drop_old = on_full == "drop_old"
        self._items: Deque[Entry] = collections.deque()
        self._cond = threading.Condition()
        self._busy = False  # the worker holds a batch it has not finished sending
        self._flushing = 0  # callers of flush() waiting: the worker sends at once
        self._stopping = False
        self._unreported_drops = 0
        self.dropped = 0
        self.sent = 0
        self.failed = 0
        self._worker = threading.Thread(target=self._run, name="wecom_bot-logging", daemon=True)
        self._worker.start()

    # ---- the application's side: O(1) under a lock the worker holds only for O(1) work ----

    def put(self, entry: Entry) -> bool:
        with self._cond:
            if self._stopping:
                self.dropped += 1
                self._unreported_drops += 1
                return False
            if len(self._items) >= self._capacity:
                self.dropped += 1
                self._unreported_drops += 1
                if not self._drop_old:
                    return False
                self._items.popleft()
            self._items.append(entry)
            self._cond.notify_all()
        return True

    def flush(self, timeout: float) -> bool:
        deadline = time.monotonic() + max(0.0, timeout)
        with self._cond:
            self._flushing += 1
            self._cond.notify_all()
            try:
                while self._items or self._busy:
                    left = deadline - time.monotonic()
                    if left <= 0 or not self._worker.is_alive():
                        return False
                    self._cond.wait(left)
                return True
            finally:
                self._flushing -= 1

    def close(self, timeout: float) -> bool:
        delivered = self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        return delivered

    # ---- the worker ---------------------------------------------------------------------

    def _take(self) -> Optional[List[Entry]]:
        """The next batch, after the batch delay (None once stopping with nothing left)."""
        with self._cond:
            while not self._items:
                if self._stopping:
                    return None
                self._cond.wait()
            first = time.monotonic()
            while not self._stopping and not self._flushing:
                left = first + self._batch_delay - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            batch = list(self._items)
            self._items.clear()
            self._busy = True
            return batch

    def _run(self) -> None:
        while True:
            batch = self._take()
            if batch is None:
                return
            try:
                with self._cond:
                    drops, self._unreported_drops = self._unreported_drops, 0
                for content, mentions in self._pack(batch, drops):
                    self._send(content, mentions)
            except BaseException as e:  # never let the worker die silently
                self.failed += 1
                _report.warning("wecom_bot.logging: could not deliver log records: %r", e)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _mention_suffix(self) -> str:
        if self._msgtype != "markdown" or not self._mentioned:
            return ""
        return "\n" + " ".join(mention(u) for u in self._mentioned)

    def _pack(self, batch: List[Entry], drops: int) -> List["tuple[str, bool]"]:
        """Whole records joined into as few messages as fit; a record too long for one message
        is cut by the core's splitter."""
        suffix = self._mention_suffix()
        room = self._limit - _utf8_len(suffix)
        split = split_markdown if self._msgtype == "markdown" else split_text
        pieces: List[Entry] = []
        if drops:
            pieces.append(Entry(f"({drops} log records dropped: the handler's queue was full)", False))
        for entry in batch:
            text = entry.text.encode("utf-8", "replace").decode("utf-8") or "(empty log record)"
            if _utf8_len(text) <= room:
                pieces.append(Entry(text, entry.mention))
            else:
                pieces.extend(Entry(chunk, entry.mention) for chunk in split(text, max_bytes=room))
        messages: List["tuple[str, bool]"] = []
        current, current_len, mentions = "", 0, False
        for piece in pieces:
            n = _utf8_len(piece.text)
            if current and current_len + len(self._SEPARATOR) + n > room:
                messages.append((current, mentions))
                current, current_len, mentions = "", 0, False
            if current:
                current += self._SEPARATOR
                current_len += len(self._SEPARATOR)
            current += piece.text
            current_len += n
            mentions = mentions or piece.mention
        if current:
            messages.append((current, mentions))
        return [(c + suffix if m else c, m) for c, m in messages]

    def _send(self, content: str, mentions: bool) -> None:
        try:
            if self._msgtype == "markdown":
                self._bot.send(Markdown(content))
            else:
                self._bot.send(
                    Text(
                        content,
                        self._mentioned if mentions else None,
                        self._mentioned_mobile if mentions else None,
                    )
                )
            self.sent += 1
        except WecomBotError as e:
            self.failed += 1
            _report.warning("wecom_bot.logging: a message of log records was not delivered: %s", e)


class OutboxQueue:
    """Records kept in the robot's durable outbox (:class:`wecom_bot.Outbox`): ``put`` stores
    the record (a write to the store, no network call to WeCom) and returns once it is
    committed, so a record survives a crash of the process from then on. A deliverer thread
    (``deliver=True``, default) sends what waits, packing bursts into few messages; with
    ``deliver=False`` another process delivers (``wecom-bot outbox run``).

    A record longer than one message is stored as several, cut by the core's splitters. A store
    that cannot be written drops the record: ``dropped`` counts them and each is reported on the
    ``wecom_bot.logging`` logger (which the handler never posts).
    """

    def __init__(
        self,
        outbox: Outbox,
        *,
        msgtype: str = "markdown",
        mentioned_list: Sequence[str] = (),
        mentioned_mobile_list: Sequence[str] = (),
        deliver: bool = True,
    ) -> None:
        if msgtype not in ("markdown", "text"):
            raise InvalidArgumentError(
                f'invalid argument msgtype: must be "markdown" or "text", not {msgtype!r}', field="msgtype"
            )
        self.outbox = outbox
        self._msgtype = msgtype
        self._mentioned = list(mentioned_list)
        self._mentioned_mobile = list(mentioned_mobile_list)
        self._limit = MARKDOWN_CONTENT_MAX_BYTES if msgtype == "markdown" else TEXT_CONTENT_MAX_BYTES
        self._lock = threading.Lock()
        self._closed = False
        self.dropped = 0
        if deliver and not outbox.running:
            outbox.start()

    def _messages(self, entry: Entry) -> "List[Union[Markdown, Text]]":
        text = entry.text.encode("utf-8", "replace").decode("utf-8") or "(empty log record)"
        if self._msgtype == "markdown":
            suffix = "\n" + " ".join(mention(u) for u in self._mentioned) if entry.mention and self._mentioned else ""
            room = self._limit - _utf8_len(suffix)
            chunks = [text] if _utf8_len(text) <= room else split_markdown(text, max_bytes=room)
            return [Markdown(c + suffix) for c in chunks]
        chunks = [text] if _utf8_len(text) <= self._limit else split_text(text, max_bytes=self._limit)
        if not entry.mention:
            return [Text(c) for c in chunks]
        return [Text(c, self._mentioned or None, self._mentioned_mobile or None) for c in chunks]

    def put(self, entry: Entry) -> bool:
        with self._lock:
            if self._closed:
                self.dropped += 1
                return False
        try:
            for message in self._messages(entry):
                self.outbox.enqueue(message)
            return True
        except WecomBotError as e:
            with self._lock:
                self.dropped += 1
            _report.warning("wecom_bot.logging: a log record could not be stored in the outbox: %s", e)
            return False

    def _wait_empty(self, deadline: float) -> bool:
        while True:
            try:
                if self.outbox.status().pending == 0:
                    return True
            except WecomBotError as e:
                _report.warning("wecom_bot.logging: the outbox's status could not be read: %s", e)
                return False
            if time.monotonic() >= deadline or not self.outbox.running:
                return False
            time.sleep(0.05)

    def flush(self, timeout: float) -> bool:
        return self._wait_empty(time.monotonic() + max(0.0, timeout))

    def close(self, timeout: float) -> bool:
        """Stops taking records and stops the deliverer, which delivers what it can within
        ``timeout`` seconds; what is left stays in the store for the next deliverer."""
        with self._lock:
            self._closed = True
        self.outbox.stop(drain=max(0.0, timeout))
        try:
            return self.outbox.status().pending == 0
        except WecomBotError:
            return False


def _level(value: Union[int, str, None], name: str) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        level = logging.getLevelName(value.upper())
        if isinstance(level, int):
            return level
        raise InvalidArgumentError(f"invalid argument {name}: unknown level {value!r}", field=name)
    raise TypeError(f"{name} must be an int or a level name (str), got {type(value).__name__}")


class WecomHandler(logging.Handler):
    """Posts log records to a WeCom group robot, without ever blocking or raising in ``emit``.

    Every argument is a plain value, so ``logging.config.dictConfig`` can build it::

        "handlers": {"wecom": {"class": "wecom_bot.logging.WecomHandler", "level": "ERROR",
                               "key_env": "WECOM_BOT_KEY", "mentioned_list": ["oncall"]}}

    - the robot: ``key`` or ``webhook`` (a secret: better not in a config file), else the
      environment variable named by ``key_env`` (a key or a webhook URL). With the default
      ``key_env``, ``WECOM_BOT_WEBHOOK`` is read first, as :meth:`Bot.from_env` does. Or a
      ready ``bot``. ``base_url``, ``store`` and any other keyword (``timeout``, ``retry``, …)
      go to :class:`Bot`.
    - ``msgtype``: ``"markdown"`` (default; tracebacks in a code block) or ``"text"``.
    - ``mention_level``: records at or above it mention ``mentioned_list`` (userids; with
      ``"text"`` also ``"@all"`` and ``mentioned_mobile_list``); ``None``: never.
    - ``capacity``, ``on_full``, ``batch_delay``: see :class:`MemoryQueue`; or ``queue``, any
      :class:`HandlerQueue`.
    - ``durable``: records go to the robot's durable outbox (:class:`OutboxQueue`) in the bot's
      store, and survive a crash. The default, ``None``, is durable when ``store`` is given.
    - ``flush_timeout``: seconds ``flush()`` and ``close()`` wait for delivery.

    Records of the ``wecom_bot`` loggers (the library's own) are never posted, so nothing
    loops. Raises ``InvalidArgumentError`` when no key is found or a value is wrong.
    """

    def __init__(
        self,
        key: Optional[str] = None,
        webhook: Optional[str] = None,
        key_env: str = "WECOM_BOT_KEY",
        base_url: Optional[str] = None,
        store: Optional[str] = None,
        msgtype: str = "markdown",
        mention_level: Union[int, str, None] = "ERROR",
        level: Union[int, str] = logging.NOTSET,
        *,
        mentioned_list: Optional[Sequence[str]] = None,
        mentioned_mobile_list: Optional[Sequence[str]] = None,
        capacity: int = 1000,
        on_full: str = "drop_new",
        batch_delay: float = 1.0,
        flush_timeout: float = 10.0,
        queue: Optional[HandlerQueue] = None,
        bot: Optional[Bot] = None,
        durable: Optional[bool] = None,
        **bot_options: Any,
    ) -> None:
        super().__init__(_level(level, "level") or logging.NOTSET)
        # The default line; a formatter from dictConfig ("formatter": …) replaces it.
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self._mention_level = _level(mention_level, "mention_level")
        self.flush_timeout = float(flush_timeout)
        self._local = threading.local()
        self._owned_bot: Optional[Bot] = None
        if durable is None:
            durable = store is not None
        elif not isinstance(durable, bool):
            raise TypeError(f"durable must be a bool or None, got {type(durable).__name__}")
        if queue is None:
            if bot is None:
                bot = self._owned_bot = self._make_bot(key, webhook, key_env, base_url, store, bot_options)
        if queue is None and durable:
            assert bot is not None
            queue = OutboxQueue(
                Outbox(bot, drain=float(flush_timeout)),
                msgtype=msgtype,
                mentioned_list=mentioned_list or (),
                mentioned_mobile_list=mentioned_mobile_list or (),
            )
        elif queue is None:
            assert bot is not None
            queue = MemoryQueue(
                bot,
                msgtype=msgtype,
                mentioned_list=mentioned_list or (),
                mentioned_mobile_list=mentioned_mobile_list or (),
                capacity=capacity,
                batch_delay=batch_delay,
                on_full=on_full,
            )
        self.queue: HandlerQueue = queue
        self._markdown = msgtype == "markdown"

    @staticmethod
    def _make_bot(
        key: Optional[str],
        webhook: Optional[str],
        key_env: str,
        base_url: Optional[str],
        store: Optional[str],
        options: "dict[str, Any]",
    ) -> Bot:
        if store is not None:
            options["store"] = store
        if base_url is not None:
            options["base_url"] = base_url
        if key is not None or webhook is not None:
            return Bot(key if key is not None else webhook, **options)  # type: ignore[arg-type]
        if key_env == "WECOM_BOT_KEY":
            return Bot.from_env(**options)
        value = os.environ.get(key_env, "").strip()
        if not value:
            raise InvalidArgumentError(
                f"invalid argument key_env: the environment variable {key_env} is not set (give key, webhook or key_env)",
                field="key_env",
            )
        return Bot(value, **options)

    @property
    def dropped(self) -> int:
        """Records dropped because the queue was full (0 for a queue that does not count)."""
        return int(getattr(self.queue, "dropped", 0))

    def format_entry(self, record: logging.LogRecord) -> Entry:
        """The record as the text of a message: the formatter's line, then the traceback (and
        stack) on the following lines: with markdown as quoted lines of inline code (markdown
        v1 has no code blocks; the core's converter writes a code block so), with text as is."""
        if record.exc_info or record.exc_text or record.stack_info:
            plain = logging.makeLogRecord(record.__dict__)
            plain.exc_info = plain.exc_text = plain.stack_info = None
            head = self.format(plain)
            fmt = self.formatter or logging.Formatter()
            trace = record.exc_text or (fmt.formatException(record.exc_info) if record.exc_info else "")
            if record.stack_info:
                trace = (trace + "\n" if trace else "") + fmt.formatStack(record.stack_info)
            if self._markdown:
                # A fence longer than any backtick run inside keeps the trace one block.
                fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", trace)), default=0))
                text = f"{head}\n" + to_wecom_markdown(f"{fence}\n{trace}\n{fence}")
            else:
                text = f"{head}\n{trace}"
        else:
            text = self.format(record)
        mentions = self._mention_level is not None and record.levelno >= self._mention_level
        return Entry(text, mentions)

    def emit(self, record: logging.LogRecord) -> None:
        """Queues the record (never blocks on the network, never raises)."""
        if _is_own(record.name) or getattr(self._local, "inside", False):
            return
        try:
            self._local.inside = True
            self.queue.put(self.format_entry(record))
        except Exception:
            self.handleError(record)
        finally:
            self._local.inside = False

    def flush(self) -> None:
        """Delivers what is queued, waiting at most ``flush_timeout`` seconds."""
        self.queue.flush(self.flush_timeout)

    def close(self) -> None:
        """Delivers what is queued (at most ``flush_timeout`` seconds), stops the worker and
        closes the bot the handler made."""
        try:
            self.queue.close(self.flush_timeout)
            if self._owned_bot is not None:
                self._owned_bot.close()
        finally:
            super().close()
