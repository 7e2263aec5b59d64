"""Send messages and media to a WeCom (企业微信) group robot.

Every message type of the webhook (text, markdown, markdown_v2, image, news, file, voice and
both template cards), media uploads, validation that names the failing field, a client-side
rate limiter and safe retries — from one Rust core shared with the C, Kotlin, Swift and CLI
bindings. Network calls release the GIL, so threads sharing one :class:`Bot` send in parallel.

>>> import wecom_bot
>>> wecom_bot.Text("build #42 passed", mentioned_list=["@all"]).to_json()
'{"msgtype":"text","text":{"content":"build #42 passed","mentioned_list":["@all"]}}'

Also :class:`Outbox` (a durable queue per robot that packs bursts through the rate window),
:class:`AsyncBot` (asyncio) and :class:`wecom_bot.logging.WecomHandler` (a logging
handler that posts records to a group). Log records of the library itself go to the standard
``logging`` logger ``"wecom_bot"`` (keys masked).
"""

from typing import TYPE_CHECKING, Any

from wecom_bot._native import (
    MARKDOWN_CONTENT_MAX_BYTES,
    TEXT_CONTENT_MAX_BYTES,
    Article,
    Bot,
    CardAction,
    CardImage,
    DeadLetter,
    EmphasisContent,
    File,
    HorizontalContent,
    Image,
    ImageTextArea,
    Jump,
    MainTitle,
    Markdown,
    MarkdownV2,
    Media,
    News,
    NewsNoticeCard,
    Outbox,
    OutboxStatus,
    QuoteArea,
    RateLimit,
    RunReport,
    Source,
    Text,
    TextNoticeCard,
    VerticalContent,
    Voice,
    __version__,
    font_color,
    markdown_table,
    mention,
    split_markdown,
    split_markdown_v2,
    split_text,
    to_plain_text,
    to_wecom_markdown,
    to_wecom_markdown_v2,
    truncate_to_bytes,
    validate_json,
)
from wecom_bot.errors import (
    ApiError,
    DecodeError,
    HttpStatusError,
    InvalidArgumentError,
    IoError,
    RateLimitedError,
    StoreError,
    TimeoutError,
    TransportError,
    ValidationError,
    WecomBotError,
)

if TYPE_CHECKING:
    from wecom_bot._async import AsyncBot


def __getattr__(name: str) -> Any:
    # AsyncBot imports asyncio: loaded on first use, so `import wecom_bot` stays fast.
    if name == "AsyncBot":
        from wecom_bot._async import AsyncBot

        return AsyncBot
    raise AttributeError(f"module 'wecom_bot' has no attribute {name!r}")


__all__ = [
    "AsyncBot",
    "MARKDOWN_CONTENT_MAX_BYTES",
    "TEXT_CONTENT_MAX_BYTES",
    "Article",
    "Bot",
    "CardAction",
    "CardImage",
    "EmphasisContent",
    "File",
    "HorizontalContent",
    "Image",
    "ImageTextArea",
    "Jump",
    "MainTitle",
    "Markdown",
    "MarkdownV2",
    "DeadLetter",
    "Media",
    "News",
    "NewsNoticeCard",
    "Outbox",
    "OutboxStatus",
    "QuoteArea",
    "RateLimit",
    "RunReport",
    "Source",
    "Text",
    "TextNoticeCard",
    "VerticalContent",
    "Voice",
    "__version__",
    "font_color",
    "markdown_table",
    "mention",
    "split_markdown",
    "split_markdown_v2",
    "to_plain_text",
    "to_wecom_markdown",
    "to_wecom_markdown_v2",
    "split_text",
    "truncate_to_bytes",
    "validate_json",
    "ApiError",
    "DecodeError",
    "HttpStatusError",
    "InvalidArgumentError",
    "IoError",
    "RateLimitedError",
    "StoreError",
    "TimeoutError",
    "TransportError",
    "ValidationError",
    "WecomBotError",
]
