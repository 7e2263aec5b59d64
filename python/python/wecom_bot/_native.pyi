"""Type stubs of the native module ``wecom_bot._native`` (hand-written; checked against the
compiled module by ``python -m mypy.stubtest wecom_bot`` in scripts/test-python.sh).

Over 600 lines on purpose: one stub file per module is what type checkers and stubtest read, and
the native module holds every message class, card part, Bot, the outbox and the content helpers."""

import os
from types import TracebackType
from typing import Any, ClassVar, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Type, Union, final

from typing_extensions import Self, TypeAlias

__all__ = [
    "__version__",
    "TEXT_CONTENT_MAX_BYTES",
    "MARKDOWN_CONTENT_MAX_BYTES",
    "Bot",
    "Media",
    "RateLimit",
    "Outbox",
    "OutboxStatus",
    "DeadLetter",
    "RunReport",
    "Text",
    "Markdown",
    "MarkdownV2",
    "Image",
    "Article",
    "News",
    "File",
    "Voice",
    "TextNoticeCard",
    "NewsNoticeCard",
    "Source",
    "MainTitle",
    "EmphasisContent",
    "QuoteArea",
    "HorizontalContent",
    "Jump",
    "CardAction",
    "CardImage",
    "ImageTextArea",
    "VerticalContent",
    "split_text",
    "split_markdown",
    "truncate_to_bytes",
    "mention",
    "font_color",
    "markdown_table",
    "split_markdown_v2",
    "to_wecom_markdown",
    "to_wecom_markdown_v2",
    "to_plain_text",
    "validate_json",
    "_error_classes",
]

__version__: str
TEXT_CONTENT_MAX_BYTES: int
MARKDOWN_CONTENT_MAX_BYTES: int

_StrPath: TypeAlias = Union[str, "os.PathLike[str]"]
_BytesLike: TypeAlias = Union[bytes, bytearray, memoryview]
_PathOrBytes: TypeAlias = Union[_StrPath, _BytesLike]
_JsonDict: TypeAlias = Dict[str, Any]

# ---- parts of the template cards (a class instance or a dict of its fields) ------------

@final
class Source:
    """``source``: the card's origin line (``desc_color`` 0 grey, 1 black, 2 red, 3 green)."""
    def __new__(cls, *, icon_url: Optional[str] = None, desc: Optional[str] = None, desc_color: Optional[int] = None) -> Self: ...
    @property
    def icon_url(self) -> Optional[str]: ...
    @property
    def desc(self) -> Optional[str]: ...
    @property
    def desc_color(self) -> Optional[int]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class MainTitle:
    """``main_title``: the card's title and its description."""
    def __new__(cls, title: Optional[str] = None, desc: Optional[str] = None) -> Self: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def desc(self) -> Optional[str]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class EmphasisContent:
    """``emphasis_content``: a key figure and what it means."""
    def __new__(cls, title: Optional[str] = None, desc: Optional[str] = None) -> Self: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def desc(self) -> Optional[str]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class QuoteArea:
    """``quote_area``: ``type`` 0 none, 1 url (needs ``url``), 2 mini program (needs ``appid``)."""
    def __new__(
        cls,
        *,
        type: Optional[int] = None,
        url: Optional[str] = None,
        appid: Optional[str] = None,
        pagepath: Optional[str] = None,
        title: Optional[str] = None,
        quote_text: Optional[str] = None,
    ) -> Self: ...
    @property
    def type(self) -> Optional[int]: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def appid(self) -> Optional[str]: ...
    @property
    def pagepath(self) -> Optional[str]: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def quote_text(self) -> Optional[str]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class HorizontalContent:
    """A key/value line: ``type`` 0/None plain, 1 url, 2 file (``media_id``), 3 member (``userid``)."""
    def __new__(
        cls,
        keyname: Optional[str] = None,
        value: Optional[str] = None,
        *,
        type: Optional[int] = None,
        url: Optional[str] = None,
        media_id: Optional[str] = None,
        userid: Optional[str] = None,
    ) -> Self: ...
    @property
    def keyname(self) -> str: ...
    @property
    def value(self) -> Optional[str]: ...
    @property
    def type(self) -> Optional[int]: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def media_id(self) -> Optional[str]: ...
    @property
    def userid(self) -> Optional[str]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class Jump:
    """A link of ``jump_list``: ``type`` 0/None none, 1 url (``url``), 2 mini program (``appid``)."""
    def __new__(
        cls,
        title: Optional[str] = None,
        *,
        type: Optional[int] = None,
        url: Optional[str] = None,
        appid: Optional[str] = None,
        pagepath: Optional[str] = None,
    ) -> Self: ...
    @property
    def title(self) -> str: ...
    @property
    def type(self) -> Optional[int]: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def appid(self) -> Optional[str]: ...
    @property
    def pagepath(self) -> Optional[str]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class CardAction:
    """``card_action``: ``type`` 1 url (``url``) or 2 mini program (``appid``)."""
    def __new__(
        cls,
        *,
        type: Optional[int] = None,
        url: Optional[str] = None,
        appid: Optional[str] = None,
        pagepath: Optional[str] = None,
    ) -> Self: ...
    @property
    def type(self) -> int: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def appid(self) -> Optional[str]: ...
    @property
    def pagepath(self) -> Optional[str]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class CardImage:
    """``card_image``: ``url`` required, ``aspect_ratio`` from 1.3 to 2.25."""
    def __new__(cls, url: Optional[str] = None, aspect_ratio: Optional[float] = None) -> Self: ...
    @property
    def url(self) -> str: ...
    @property
    def aspect_ratio(self) -> Optional[float]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class ImageTextArea:
    """``image_text_area``: ``image_url`` required; ``type`` as in :class:`QuoteArea`."""
    def __new__(
        cls,
        image_url: Optional[str] = None,
        *,
        type: Optional[int] = None,
        url: Optional[str] = None,
        appid: Optional[str] = None,
        pagepath: Optional[str] = None,
        title: Optional[str] = None,
        desc: Optional[str] = None,
    ) -> Self: ...
    @property
    def image_url(self) -> str: ...
    @property
    def type(self) -> Optional[int]: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def appid(self) -> Optional[str]: ...
    @property
    def pagepath(self) -> Optional[str]: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def desc(self) -> Optional[str]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class VerticalContent:
    """A block of ``vertical_content_list``: ``title`` required."""
    def __new__(cls, title: Optional[str] = None, desc: Optional[str] = None) -> Self: ...
    @property
    def title(self) -> str: ...
    @property
    def desc(self) -> Optional[str]: ...
    def to_dict(self) -> _JsonDict: ...

@final
class Article:
    """A news article: ``title`` and ``url`` required; title/description truncated like the server."""
    def __new__(
        cls,
        title: Optional[str] = None,
        url: Optional[str] = None,
        *,
        description: Optional[str] = None,
        picurl: Optional[str] = None,
    ) -> Self: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def description(self) -> Optional[str]: ...
    @property
    def picurl(self) -> Optional[str]: ...
    def to_dict(self) -> _JsonDict: ...

_SourceLike: TypeAlias = Union[Source, Mapping[str, Any]]
_MainTitleLike: TypeAlias = Union[MainTitle, Mapping[str, Any]]
_EmphasisContentLike: TypeAlias = Union[EmphasisContent, Mapping[str, Any]]
_QuoteAreaLike: TypeAlias = Union[QuoteArea, Mapping[str, Any]]
_HorizontalContentLike: TypeAlias = Union[HorizontalContent, Mapping[str, Any]]
_JumpLike: TypeAlias = Union[Jump, Mapping[str, Any]]
_CardActionLike: TypeAlias = Union[CardAction, Mapping[str, Any]]
_CardImageLike: TypeAlias = Union[CardImage, Mapping[str, Any]]
_ImageTextAreaLike: TypeAlias = Union[ImageTextArea, Mapping[str, Any]]
_VerticalContentLike: TypeAlias = Union[VerticalContent, Mapping[str, Any]]
_ArticleLike: TypeAlias = Union[Article, Mapping[str, Any]]

# ---- messages -----------------------------------------------------------------------------

class _Message:
    msgtype: ClassVar[str]
    def validate(self) -> None:
        """Checks every rule of the spec; raises ``ValidationError`` naming the field."""
    def to_json(self) -> str:
        """The exact request body (compact JSON); validates first."""
    def to_dict(self) -> _JsonDict:
        """The request body as a dict; validates first."""

@final
class Text(_Message):
    """A text message: ``content`` ≤ 2048 UTF-8 bytes; mentions by userid or mobile (``"@all"``)."""
    def __new__(
        cls,
        content: str,
        mentioned_list: Optional[Sequence[str]] = None,
        mentioned_mobile_list: Optional[Sequence[str]] = None,
    ) -> Self: ...
    @property
    def content(self) -> str: ...
    @property
    def mentioned_list(self) -> List[str]: ...
    @property
    def mentioned_mobile_list(self) -> List[str]: ...
    def mention(self, userid: str) -> Self: ...
    def mention_mobile(self, mobile: str) -> Self: ...
    def mention_all(self) -> Self: ...

@final
class Markdown(_Message):
    """A markdown message: ``content`` ≤ 4096 UTF-8 bytes."""
    def __new__(
        cls,
        content: str,
        mentioned_list: Optional[Sequence[str]] = None,
        mentioned_mobile_list: Optional[Sequence[str]] = None,
        mention_followup: Optional[str] = None,
    ) -> Self: ...
    @property
    def content(self) -> str: ...
    @property
    def mentioned_list(self) -> List[str]: ...
    @property
    def mentioned_mobile_list(self) -> List[str]: ...
    @property
    def mention_followup(self) -> Optional[str]: ...
    def mention(self, userid: str) -> Self: ...
    def mention_mobile(self, mobile: str) -> Self: ...
    def mention_all(self) -> Self: ...

@final
class MarkdownV2(_Message):
    """A markdown_v2 message: ``content`` ≤ 4096 UTF-8 bytes."""
    def __new__(
        cls,
        content: str,
        mentioned_list: Optional[Sequence[str]] = None,
        mentioned_mobile_list: Optional[Sequence[str]] = None,
        mention_followup: Optional[str] = None,
    ) -> Self: ...
    @property
    def content(self) -> str: ...
    @property
    def mentioned_list(self) -> List[str]: ...
    @property
    def mentioned_mobile_list(self) -> List[str]: ...
    @property
    def mention_followup(self) -> Optional[str]: ...
    def mention(self, userid: str) -> Self: ...
    def mention_mobile(self, mobile: str) -> Self: ...
    def mention_all(self) -> Self: ...

@final
class Image(_Message):
    """An image message: a JPG or PNG ≤ 2 MiB from a path or bytes, or ready-made base64 + md5."""
    def __new__(cls, source: Optional[_PathOrBytes] = None, *, base64: Optional[str] = None, md5: Optional[str] = None) -> Self: ...
    @staticmethod
    def from_path(path: _StrPath) -> Image: ...
    @staticmethod
    def from_bytes(data: _BytesLike) -> Image: ...
    @staticmethod
    def from_base64(base64: str, md5: str) -> Image: ...
    @property
    def base64(self) -> str: ...
    @property
    def md5(self) -> str: ...

@final
class News(_Message):
    """A news message: 1 to 8 articles."""
    def __new__(cls, articles: Sequence[_ArticleLike]) -> Self: ...
    @property
    def articles(self) -> List[Article]: ...

@final
class File(_Message):
    """A file message: the ``media_id`` of a ``"file"`` upload."""
    def __new__(cls, media_id: Optional[str] = None) -> Self: ...
    @property
    def media_id(self) -> str: ...

@final
class Voice(_Message):
    """A voice message: the ``media_id`` of a ``"voice"`` upload."""
    def __new__(cls, media_id: Optional[str] = None) -> Self: ...
    @property
    def media_id(self) -> str: ...

@final
class TextNoticeCard(_Message):
    """A ``text_notice`` template card: ``main_title.title`` or ``sub_title_text``, and ``card_action``."""
    card_type: ClassVar[str]
    def __new__(
        cls,
        *,
        source: Optional[_SourceLike] = None,
        main_title: Optional[_MainTitleLike] = None,
        emphasis_content: Optional[_EmphasisContentLike] = None,
        quote_area: Optional[_QuoteAreaLike] = None,
        sub_title_text: Optional[str] = None,
        horizontal_content_list: Optional[Sequence[_HorizontalContentLike]] = None,
        jump_list: Optional[Sequence[_JumpLike]] = None,
        card_action: Optional[_CardActionLike] = None,
    ) -> Self: ...
    @property
    def source(self) -> Optional[Source]: ...
    @property
    def main_title(self) -> Optional[MainTitle]: ...
    @property
    def emphasis_content(self) -> Optional[EmphasisContent]: ...
    @property
    def quote_area(self) -> Optional[QuoteArea]: ...
    @property
    def sub_title_text(self) -> Optional[str]: ...
    @property
    def horizontal_content_list(self) -> List[HorizontalContent]: ...
    @property
    def jump_list(self) -> List[Jump]: ...
    @property
    def card_action(self) -> Optional[CardAction]: ...

@final
class NewsNoticeCard(_Message):
    """A ``news_notice`` template card: ``main_title.title``, ``card_image.url`` and ``card_action``."""
    card_type: ClassVar[str]
    def __new__(
        cls,
        *,
        source: Optional[_SourceLike] = None,
        main_title: Optional[_MainTitleLike] = None,
        card_image: Optional[_CardImageLike] = None,
        image_text_area: Optional[_ImageTextAreaLike] = None,
        quote_area: Optional[_QuoteAreaLike] = None,
        vertical_content_list: Optional[Sequence[_VerticalContentLike]] = None,
        horizontal_content_list: Optional[Sequence[_HorizontalContentLike]] = None,
        jump_list: Optional[Sequence[_JumpLike]] = None,
        card_action: Optional[_CardActionLike] = None,
    ) -> Self: ...
    @property
    def source(self) -> Optional[Source]: ...
    @property
    def main_title(self) -> Optional[MainTitle]: ...
    @property
    def card_image(self) -> Optional[CardImage]: ...
    @property
    def image_text_area(self) -> Optional[ImageTextArea]: ...
    @property
    def quote_area(self) -> Optional[QuoteArea]: ...
    @property
    def vertical_content_list(self) -> List[VerticalContent]: ...
    @property
    def horizontal_content_list(self) -> List[HorizontalContent]: ...
    @property
    def jump_list(self) -> List[Jump]: ...
    @property
    def card_action(self) -> Optional[CardAction]: ...

_AnyMessage: TypeAlias = Union[Text, Markdown, MarkdownV2, Image, News, File, Voice, TextNoticeCard, NewsNoticeCard]

# ---- the client -------------------------------------------------------------------------

@final
class RateLimit:
    """At most ``max_messages`` per ``window`` seconds per key, shared in the process;
    ``policy="wait"`` (up to ``max_wait`` s) or ``"fail_fast"``."""
    def __new__(
        cls,
        max_messages: int = 20,
        window: float = 60.0,
        *,
        policy: Literal["wait", "fail_fast"] = "wait",
        max_wait: float = 65.0,
    ) -> Self: ...
    @property
    def max_messages(self) -> int: ...
    @property
    def window(self) -> float: ...
    @property
    def policy(self) -> str: ...
    @property
    def max_wait(self) -> Optional[float]: ...

@final
class Media:
    """An upload's result: ``media_id`` (valid 3 days, this robot only), ``kind``, ``created_at``."""
    @property
    def media_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def created_at(self) -> int: ...

@final
class Bot:
    """A robot client (thread-safe; network calls release the GIL). ``repr`` masks the key."""
    def __new__(
        cls,
        key_or_webhook_url: str,
        *,
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
    ) -> Self: ...
    @classmethod
    def from_env(
        cls,
        *,
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
    ) -> Bot: ...
    @property
    def base_url(self) -> str: ...
    @property
    def masked_key(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        _exc_type: Optional[Type[BaseException]] = None,
        _exc_value: Optional[BaseException] = None,
        _traceback: Optional[TracebackType] = None,
    ) -> bool: ...
    def send(self, message: Union[_AnyMessage, Mapping[str, Any]]) -> None: ...
    def send_text(
        self,
        content: str,
        mentioned_list: Optional[Sequence[str]] = None,
        mentioned_mobile_list: Optional[Sequence[str]] = None,
    ) -> None: ...
    def send_markdown(self, content: str) -> None: ...
    def send_markdown_v2(self, content: str) -> None: ...
    def send_image(self, path_or_bytes: _PathOrBytes) -> None: ...
    def send_news(self, articles: Sequence[_ArticleLike]) -> None: ...
    def send_file(self, path_or_bytes: _PathOrBytes, filename: Optional[str] = None) -> Media: ...
    def send_voice(self, path_or_bytes: _PathOrBytes, filename: Optional[str] = None) -> Media: ...
    def upload(
        self,
        path_or_bytes: _PathOrBytes,
        kind: Literal["file", "voice"] = "file",
        filename: Optional[str] = None,
    ) -> Media: ...
    def send_text_chunked(
        self,
        content: str,
        mentioned_list: Optional[Sequence[str]] = None,
        mentioned_mobile_list: Optional[Sequence[str]] = None,
        *,
        mention_on: Literal["first", "every"] = "first",
    ) -> int: ...
    def send_markdown_chunked(self, content: str) -> int: ...
    def send_markdown_v2_chunked(self, content: str) -> int: ...
    def send_json(self, json: str) -> None: ...

# ---- the outbox ------------------------------------------------------------------------------

@final
class OutboxStatus:
    """The state of a robot's outbox: messages waiting, seconds the oldest has waited (``None``
    when none waits), delivered (each once), requests sent, dead letters, possible duplicates."""
    @property
    def pending(self) -> int: ...
    @property
    def oldest(self) -> Optional[float]: ...
    @property
    def delivered(self) -> int: ...
    @property
    def sent(self) -> int: ...
    @property
    def dead(self) -> int: ...
    @property
    def possible_duplicates(self) -> int: ...
    @property
    def store(self) -> str: ...

@final
class DeadLetter:
    """A message the outbox gave up on: its id, request body (JSON), the last error, and when it
    was enqueued (Unix seconds)."""
    @property
    def id(self) -> int: ...
    @property
    def body(self) -> str: ...
    @property
    def error(self) -> str: ...
    @property
    def enqueued_at(self) -> float: ...

@final
class RunReport:
    """What a delivery run did."""
    @property
    def delivered(self) -> int: ...
    @property
    def sent(self) -> int: ...
    @property
    def dead(self) -> int: ...
    @property
    def retries(self) -> int: ...
    @property
    def store_errors(self) -> int: ...

@final
class Outbox:
    """A robot's durable outbox: ``enqueue`` stores at once, a deliverer sends and packs. A
    context manager: starts a deliverer thread, stops it draining for ``drain`` seconds."""
    def __new__(
        cls,
        bot: Bot,
        *,
        store: Optional[str] = None,
        packing: bool = True,
        separator: str = "\n\n",
        max_age: float = 86400.0,
        on_uncertain: Literal["retry", "dead_letter"] = "retry",
        lease: float = 30.0,
        poll: float = 0.2,
        initial_backoff: float = 1.0,
        max_backoff: float = 60.0,
        drain: float = 10.0,
    ) -> Self: ...
    def enqueue(self, message: Union[_AnyMessage, Mapping[str, Any]]) -> int: ...
    def status(self) -> OutboxStatus: ...
    def dead_letters(self) -> List[DeadLetter]: ...
    def retry_dead(self, ids: Optional[Sequence[int]] = None) -> int: ...
    def purge(self, all: bool = False) -> int: ...
    def run_until_empty(self, timeout: float = 60.0) -> RunReport: ...
    def start(self) -> None: ...
    def stop(self, drain: Optional[float] = None) -> Optional[RunReport]: ...
    @property
    def running(self) -> bool: ...
    @property
    def store(self) -> str: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        _exc_type: Optional[Type[BaseException]] = None,
        _exc_value: Optional[BaseException] = None,
        _traceback: Optional[TracebackType] = None,
    ) -> bool: ...

# ---- helpers ------------------------------------------------------------------------------

def split_text(content: str, max_bytes: Optional[int] = None) -> List[str]: ...
def split_markdown(content: str, max_bytes: Optional[int] = None) -> List[str]: ...
def truncate_to_bytes(text: str, max_bytes: int) -> str: ...
def mention(userid: str) -> str: ...
def font_color(text: str, color: Literal["info", "comment", "warning"]) -> str: ...
def markdown_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Optional[Sequence[Literal["none", "left", "center", "right"]]] = None,
) -> str: ...
def split_markdown_v2(content: str) -> List[str]: ...
def to_wecom_markdown(commonmark: str) -> str: ...
def to_wecom_markdown_v2(commonmark: str) -> str: ...
def to_plain_text(markdown: str) -> str: ...
def validate_json(json: str) -> str: ...
def _error_classes() -> List[Tuple[str, str]]: ...
