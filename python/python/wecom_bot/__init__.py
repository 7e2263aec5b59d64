"""Send messages and media to a WeCom (企业微信) group robot.

Every message type of the webhook (text, markdown, markdown_v2, image, news, file, voice and
both template cards), media uploads, validation that names the failing field, a client-side
rate limiter and safe retries — from one Rust core shared with the C, Kotlin, Swift and CLI
bindings. Network calls release the GIL, so threads sharing one :class:`Bot` send in parallel.

>>> import wecom_bot
>>> wecom_bot.Text("build #42 passed", mentioned_list=["@all"]).to_json()
'{"msgtype":"text","text":{"content":"build #42 passed","mentioned_list":["@all"]}}'

Log records go to the standard ``logging`` logger ``"wecom_bot"`` (keys masked).
"""

from wecom_bot._native import (
    Article,
    Bot,
    CardAction,
    CardImage,
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
    QuoteArea,
    RateLimit,
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
    split_text,
    truncate_to_bytes,
)
from wecom_bot.errors import (
    ApiError,
    DecodeError,
    HttpStatusError,
    InvalidArgumentError,
    IoError,
    RateLimitedError,
    TimeoutError,
    TransportError,
    ValidationError,
    WecomBotError,
)

__all__ = [
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
    "Media",
    "News",
    "NewsNoticeCard",
    "QuoteArea",
    "RateLimit",
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
    "split_text",
    "truncate_to_bytes",
    "ApiError",
    "DecodeError",
    "HttpStatusError",
    "InvalidArgumentError",
    "IoError",
    "RateLimitedError",
    "TimeoutError",
    "TransportError",
    "ValidationError",
    "WecomBotError",
]
