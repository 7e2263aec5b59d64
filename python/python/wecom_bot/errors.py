"""The exceptions of ``wecom_bot``: one class per stable error kind, all rooted in
:class:`WecomBotError`.

They are plain Python classes (not native ones) so that their attributes exist on every
supported Python with the abi3 wheel. The native module raises them through one table that maps
each error kind to its class (``python/src/errors.rs``); ``WecomBotError.kind`` is the stable
snake_case name shared with every other language binding.

Every exception carries every attribute (``None`` where it does not apply), so handlers can read
``e.field`` or ``e.errcode`` without ``getattr`` defaults. No message, ``str`` or ``repr`` ever
contains the webhook key: the core masks it (``693a…5aaa``) before any text reaches Python.
"""

from __future__ import annotations

import builtins
import os
from typing import Optional, Union

__all__ = [
    "WecomBotError",
    "ValidationError",
    "ApiError",
    "RateLimitedError",
    "HttpStatusError",
    "TimeoutError",
    "TransportError",
    "DecodeError",
    "IoError",
    "InvalidArgumentError",
    "StoreError",
]


class WecomBotError(Exception):
    """The root of every error raised by ``wecom_bot``.

    Attributes (``None`` when they do not apply to the kind):

    - ``kind``: the stable snake_case kind (``"validation"``, ``"api"``, …)
    - ``message``: the readable sentence (also ``str(e)``)
    - ``field``: the field path (validation, e.g. ``template_card.jump_list[1].url``) or the
      argument name (invalid_argument)
    - ``rule``: the broken rule (validation: ``required``, ``max_bytes``, ``range``, …)
    - ``limit``: the limit the rule enforces (bytes, items, milliseconds)
    - ``errcode`` / ``errmsg``: the server's answer (api, rate_limited from the server)
    - ``status``: the HTTP status (http_status, and decode errors that came with one)
    - ``retry_after``: seconds until a retry can succeed (rate_limited), when known
    - ``phase``: which phase timed out (``connect``, ``send``, ``receive``, ``overall``)
    - ``path``: the local file that could not be read (io)
    - ``may_have_been_delivered``: ``True`` when the request went out and no answer came back
      (a timeout waiting for the answer, a connection closed after sending): the robot may have
      posted the message, so check before sending it again. ``False`` for everything that sent
      nothing and for every other kind. The core decides it, for every language.
    """

    #: The stable kind of this class's errors.
    kind: str = "error"

    def __init__(
        self,
        message: str,
        *,
        field: Optional[str] = None,
        rule: Optional[str] = None,
        limit: Optional[int] = None,
        errcode: Optional[int] = None,
        errmsg: Optional[str] = None,
        status: Optional[int] = None,
        retry_after: Optional[float] = None,
        phase: Optional[str] = None,
        path: Optional[Union[str, "os.PathLike[str]"]] = None,
        may_have_been_delivered: bool = False,
    ) -> None:
        super().__init__(message)
        self.message: str = message
        self.field: Optional[str] = field
        self.rule: Optional[str] = rule
        self.limit: Optional[int] = limit
        self.errcode: Optional[int] = errcode
        self.errmsg: Optional[str] = errmsg
        self.status: Optional[int] = status
        self.retry_after: Optional[float] = retry_after
        self.phase: Optional[str] = phase
        self.path: Optional[str] = None if path is None else os.fspath(path)
        self.may_have_been_delivered: bool = bool(may_have_been_delivered)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Keep the attributes through pickling (multiprocessing, concurrent.futures).
        attrs = {
            name: getattr(self, name)
            for name in (
                "field",
                "rule",
                "limit",
                "errcode",
                "errmsg",
                "status",
                "retry_after",
                "phase",
                "path",
                "may_have_been_delivered",
            )
        }
        return (_rebuild, (type(self), self.message, attrs))


def _rebuild(cls: "type[WecomBotError]", message: str, attrs: "dict[str, object]") -> WecomBotError:
    return cls(message, **attrs)  # type: ignore[arg-type]


class ValidationError(WecomBotError, ValueError):
    """The message or upload breaks a rule of the spec; nothing was sent.

    ``field`` names the field (``text.content``, ``template_card.card_action.type``, ``media``),
    ``rule`` the rule and ``limit`` the limit where there is one. Also a ``ValueError``.
    """

    kind = "validation"


class ApiError(WecomBotError):
    """The server answered ``errcode != 0`` (``errcode``, ``errmsg``), or errcode 0 with a
    ``Warning`` in ``errmsg`` (then ``errcode`` is 0): the message was not delivered."""

    kind = "api"


class RateLimitedError(ApiError):
    """Too many messages: the server answered errcode 45009, or the client-side limiter refused
    (then ``errcode`` is ``None``). ``retry_after`` estimates the seconds to wait.

    A subclass of :class:`ApiError` because the server reports it as an API errcode; catch it
    before ``ApiError`` to handle it separately.
    """

    kind = "rate_limited"


class HttpStatusError(WecomBotError):
    """The server (or a gateway) answered a non-2xx HTTP ``status``."""

    kind = "http_status"


class TimeoutError(WecomBotError, builtins.TimeoutError):
    """A deadline passed; ``phase`` says which (``connect``, ``send``, ``receive``, ``overall``).

    Also the builtin ``TimeoutError`` (an ``OSError``), so generic timeout handling catches it.
    """

    kind = "timeout"


class TransportError(WecomBotError):
    """DNS, connect, TLS or a reset connection (the cause is in the message, key masked)."""

    kind = "transport"


class DecodeError(WecomBotError):
    """The response was not the JSON the API documents (``status`` is set when known)."""

    kind = "decode"


class IoError(WecomBotError, OSError):
    """A local file could not be read; ``path`` (also ``filename``) names it. Also an ``OSError``."""

    kind = "io"

    def __init__(self, message: str, **attrs: object) -> None:
        super().__init__(message, **attrs)  # type: ignore[arg-type]
        self.filename = self.path


class InvalidArgumentError(WecomBotError, ValueError):
    """Misuse of the API: a bad key or webhook URL, timeout, proxy, base URL, colour, …;
    ``field`` names the argument. Also a ``ValueError``."""

    kind = "invalid_argument"


class StoreError(WecomBotError):
    """The shared store (SQLite, Redis) could not be used under ``on_store_error="fail"``;
    ``field`` names the store (its password masked)."""

    kind = "store"
