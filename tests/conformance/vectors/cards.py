"""The smallest valid template cards and the shared card parts, for messages.json and
validation.json (validation cases change one thing at a time).
"""

from __future__ import annotations

from typing import Any

from .model import msg, override
from .spec import S_NEWS_NOTICE, S_TEXT_NOTICE

URL = "https://work.weixin.qq.com/?from=openApi"
PIC = "https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0"
ICON = "https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0"

ACTION_URL = {"type": 1, "url": URL}
ACTION_APP = {"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/index/index"}

# The smallest valid cards; validation cases change one thing at a time.
TEXT_CARD = {"card_type": "text_notice", "main_title": {"title": "构建通知"}, "card_action": ACTION_URL}
NEWS_CARD = {"card_type": "news_notice", "main_title": {"title": "新品发布"}, "card_image": {"url": PIC},
             "card_action": ACTION_URL}
CARDS = {"text_notice": TEXT_CARD, "news_notice": NEWS_CARD}
CARD_SPEC = {"text_notice": S_TEXT_NOTICE, "news_notice": S_NEWS_NOTICE}


def card(kind: str, **changes: Any) -> dict:
    return msg("template_card", override(CARDS[kind], **changes))
