"""The spec's hard limits and section headings, restated from
../shared/spec/group-robot-api.md (DESIGN.md §3): every expected value below is computed from these.
"""

from __future__ import annotations

# ---- the spec's hard limits, restated (../shared/spec/group-robot-api.md, DESIGN.md §3) ----
TEXT_MAX = 2048                 # text.content, UTF-8 bytes
MARKDOWN_MAX = 4096             # markdown.content and markdown_v2.content
IMAGE_MAX = 2 * 1024 * 1024     # image raw bytes (before base64)
ARTICLES_MAX = 8                # news.articles: 1..=8
TITLE_MAX = 128                 # news title: truncated past this many bytes
DESCRIPTION_MAX = 512           # news description: truncated past this many bytes
HORIZONTAL_MAX = 6              # template_card.horizontal_content_list
JUMP_MAX = 3                    # template_card.jump_list
VERTICAL_MAX = 4                # template_card.vertical_content_list

# The spec's section headings, the allowed values of a case's "spec".
S_USAGE = "如何使用群机器人"
S_TYPES = "消息类型及数据格式"
S_TEXT = "文本类型"
S_MARKDOWN = "markdown类型"
S_MARKDOWN_V2 = "markdown_v2类型"
S_IMAGE = "图片类型"
S_NEWS = "图文类型"
S_FILE = "文件类型"
S_VOICE = "语音类型"
S_CARD = "模版卡片类型"
S_TEXT_NOTICE = "文本通知模版卡片"
S_NEWS_NOTICE = "图文展示模版卡片"


def blen(s: str) -> int:
    """Length in UTF-8 bytes: every limit of the spec counts these."""
    return len(s.encode("utf-8"))


# Multi-byte characters, for cases that straddle a byte limit.
CJK = "中"      # 3 UTF-8 bytes
ACCENT = "é"    # 2 UTF-8 bytes
EMOJI = "😀"    # 4 UTF-8 bytes
