"""messages.json: every message type and every template-card field group.
"""

from __future__ import annotations

from .cards import ACTION_APP, ICON, PIC, URL, card
from .model import Cases, b64, fixture, md5_hex, msg
from .reference import font_color, markdown_table, mention
from .spec import S_FILE, S_IMAGE, S_MARKDOWN, S_MARKDOWN_V2, S_NEWS, S_NEWS_NOTICE, S_TEXT, S_TEXT_NOTICE, S_VOICE


def cases() -> Cases:
    c = Cases("Every message type and every template-card field group, built through each language's "
              "API and serialized (no network). Unset optional fields must be absent from the body.")
    # ---- text
    c.ok("msg.text.plain", "A text message with only content: no mention lists in the body.", S_TEXT,
         msg("text", {"content": "build #42 passed"}))
    c.ok("msg.text.mentioned_list", "Mentions by userid.", S_TEXT,
         msg("text", {"content": "请查看", "mentioned_list": ["wangqing", "lisi"]}))
    c.ok("msg.text.mentioned_mobile_list", "Mentions by mobile number only.", S_TEXT,
         msg("text", {"content": "请查看", "mentioned_mobile_list": ["13800001111"]}))
    c.ok("msg.text.mention_all", "\"@all\" in mentioned_list mentions everyone.", S_TEXT,
         msg("text", {"content": "全员注意", "mentioned_list": ["@all"]}))
    c.ok("msg.text.mention_all_mobile", "\"@all\" in mentioned_mobile_list.", S_TEXT,
         msg("text", {"content": "全员注意", "mentioned_mobile_list": ["@all"]}))
    c.ok("msg.text.both_lists", "Both lists, userids and mobiles mixed with \"@all\".", S_TEXT,
         msg("text", {"content": "hello", "mentioned_list": ["wangqing", "@all"],
                      "mentioned_mobile_list": ["13800001111", "@all"]}))
    c.ok("msg.text.empty_lists_omitted",
         "Empty mention lists given to the API are omitted from the body (an empty list and no list "
         "mean the same).", S_TEXT,
         msg("text", {"content": "hello", "mentioned_list": [], "mentioned_mobile_list": []}))
    c.ok("msg.text.inline_mention", "<@userid> inside text content is passed through as is.", S_TEXT,
         msg("text", {"content": f"{mention('wangqing')} 请处理工单 #7"}))
    c.ok("msg.text.escapes",
         "Quotes, backslashes, control characters, tabs, newlines, emoji and non-BMP characters survive "
         "JSON escaping unchanged.", S_TEXT,
         msg("text", {"content": "say \"hi\"\\ \t tab\nline2\r\n\u0001 😀 𝄞 </script> \u2028 end"}))
    c.ok("msg.text.whitespace", "Whitespace-only content is not empty and is sent as is.", S_TEXT,
         msg("text", {"content": " "}))
    # ---- markdown / markdown_v2
    c.ok("msg.markdown.colours", "Markdown with the three font colours, a mention, a link and a quote.",
         S_MARKDOWN,
         msg("markdown", {"content": "# 告警\n" + font_color("恢复", "info") + " " + font_color("说明", "comment")
                          + " " + font_color("严重", "warning") + "\n> 负责人 " + mention("wangqing")
                          + "\n[详情](https://work.weixin.qq.com/api/doc)"}))
    c.ok("msg.markdown.one_char", "A one-character markdown message.", S_MARKDOWN, msg("markdown", {"content": "x"}))
    c.ok("msg.markdown_v2.table", "markdown_v2 with a table built by markdown_table, a list and a code block.",
         S_MARKDOWN_V2,
         msg("markdown_v2", {"content": "## 发布\n- a\n- b\n\n" + markdown_table(["服务", "状态"], [["api", "ok"], ["web", "失败"]])
                             + "\n```\ncargo test\n```\n"}))
    c.ok("msg.markdown_v2.plain", "A short markdown_v2 message.", S_MARKDOWN_V2,
         msg("markdown_v2", {"content": "*斜体* **加粗**"}))
    # ---- image
    icon, banner = fixture("icon.png"), fixture("banner.jpg")
    icon_wire = msg("image", {"base64": b64(icon), "md5": md5_hex(icon)})
    c.ok("msg.image.png_path", "A PNG built from its file path: base64 and md5 computed by the library.",
         S_IMAGE, msg("image", {"fixture": "icon.png"}))
    c.ok("msg.image.png_bytes", "The same PNG built from its bytes: the same body.", S_IMAGE,
         msg("image", {"fixture": "icon.png", "as": "bytes"}), icon_wire)
    c.ok("msg.image.jpg_bytes", "A JPEG built from its bytes.", S_IMAGE,
         msg("image", {"fixture": "banner.jpg", "as": "bytes"}),
         msg("image", {"base64": b64(banner), "md5": md5_hex(banner)}))
    c.ok("msg.image.ready_made", "base64 and md5 computed by the caller are accepted and sent as they are.",
         S_IMAGE, icon_wire)
    tiny_jpeg = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
    c.ok("msg.image.jpeg_magic_bytes",
         "Raw bytes starting with the JPEG magic FF D8 FF are a JPG (only the magic bytes are checked).",
         S_IMAGE, msg("image", {"bytes_hex": tiny_jpeg.hex()}))
    c.ok("msg.image.png_magic_only", "The 8-byte PNG signature followed by data is a PNG.", S_IMAGE,
         msg("image", {"bytes_hex": "89504e470d0a1a0a0000000d49484452"}))
    c.reject("msg.image.missing_file", "A file path that does not exist fails with kind io before anything else.",
             S_IMAGE, msg("image", {"fixture": "does-not-exist.png"}), None, kind="io")
    # ---- news
    full = {"title": "中秋节礼品领取", "description": "今年中秋节公司有豪礼相送", "url": "https://www.qq.com",
            "picurl": "https://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png"}
    c.ok("msg.news.full_article", "One article with every field.", S_NEWS, msg("news", {"articles": [full]}))
    c.ok("msg.news.minimal_article", "title and url only: no description or picurl in the body.", S_NEWS,
         msg("news", {"articles": [{"title": "公告", "url": "https://example.com/a"}]}))
    c.ok("msg.news.description_only", "An article with a description but no picurl.", S_NEWS,
         msg("news", {"articles": [{"title": "公告", "description": "详情见内", "url": "https://example.com/a"}]}))
    c.ok("msg.news.picurl_only", "An article with a picurl but no description.", S_NEWS,
         msg("news", {"articles": [{"title": "公告", "url": "https://example.com/a", "picurl": "https://example.com/p.png"}]}))
    c.ok("msg.news.url_without_scheme", "A url without scheme (the spec's own example uses www.qq.com).",
         S_NEWS, msg("news", {"articles": [{"title": "t", "url": "www.qq.com"}]}))
    c.ok("msg.news.three_articles_in_order", "Articles keep their order.", S_NEWS,
         msg("news", {"articles": [{"title": f"第{i}条", "url": f"https://example.com/{i}"} for i in range(1, 4)]}))
    # ---- file / voice
    c.ok("msg.file", "A file message carries the media_id of an upload.", S_FILE,
         msg("file", {"media_id": "1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0"}))
    c.ok("msg.voice", "A voice message carries the media_id of a voice upload.", S_VOICE,
         msg("voice", {"media_id": "1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0"}))
    # ---- template_card: text_notice
    tn = S_TEXT_NOTICE
    c.ok("msg.text_notice.minimal", "The smallest text_notice: main_title.title and card_action.", tn, card("text_notice"))
    c.ok("msg.text_notice.sub_title_only",
         "sub_title_text instead of main_title.title (one of the two is enough); the main_title object itself "
         "is required by the spec and is sent empty.", tn,
         card("text_notice", main_title={}, sub_title_text="下载企业微信还能抢红包！"))
    c.ok("msg.text_notice.main_title_desc", "main_title with title and desc.", tn,
         card("text_notice", main_title={"title": "欢迎使用企业微信", "desc": "您的好友正在邀请您加入企业微信"}))
    for color in range(4):
        c.ok(f"msg.text_notice.source.desc_color_{color}",
             f"source with icon_url, desc and desc_color {color} (0 grey, 1 black, 2 red, 3 green).", tn,
             card("text_notice", source={"icon_url": ICON, "desc": "企业微信", "desc_color": color}))
    c.ok("msg.text_notice.source.desc_only", "source with desc only: icon_url and desc_color absent.", tn,
         card("text_notice", source={"desc": "企业微信"}))
    c.ok("msg.text_notice.emphasis_content", "emphasis_content: a key figure and its meaning.", tn,
         card("text_notice", emphasis_content={"title": "100", "desc": "数据含义"}))
    c.ok("msg.text_notice.emphasis_content.title_only", "emphasis_content with title only.", tn,
         card("text_notice", emphasis_content={"title": "99.9%"}))
    c.ok("msg.text_notice.quote_area.no_click", "quote_area without type: no click action, no url needed.", tn,
         card("text_notice", quote_area={"title": "引用文本标题", "quote_text": "Jack：企业微信真的很好用~\nBalian：超级好的一款软件！"}))
    c.ok("msg.text_notice.quote_area.type0", "quote_area type 0 (no click) needs no url.", tn,
         card("text_notice", quote_area={"type": 0, "quote_text": "引用"}))
    c.ok("msg.text_notice.quote_area.type1", "quote_area type 1 opens its url.", tn,
         card("text_notice", quote_area={"type": 1, "url": URL, "title": "t", "quote_text": "q"}))
    c.ok("msg.text_notice.quote_area.type2", "quote_area type 2 opens a mini program (appid and pagepath).", tn,
         card("text_notice", quote_area={"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/a", "quote_text": "q"}))
    c.ok("msg.text_notice.quote_area.type2_no_pagepath", "quote_area type 2 with appid only (pagepath optional).", tn,
         card("text_notice", quote_area={"type": 2, "appid": "wx1234567890abcdef"}))
    c.ok("msg.text_notice.sub_title_text", "main_title and sub_title_text together.", tn,
         card("text_notice", sub_title_text="二级普通文本"))
    horizontal = [
        {"keyname": "邀请人", "value": "张三"},
        {"keyname": "状态", "value": "成功", "type": 0},
        {"keyname": "企微官网", "value": "点击访问", "type": 1, "url": URL},
        {"keyname": "企微下载", "value": "企业微信.apk", "type": 2, "media_id": "MEDIAID"},
        {"keyname": "负责人", "value": "李四", "type": 3, "userid": "lisi"},
        {"keyname": "仅标题"},
    ]
    c.ok("msg.text_notice.horizontal_content_list", "horizontal_content_list: plain, type 0, url (1), file (2), "
         "member (3) and a keyname without value; six items, the limit.", tn,
         card("text_notice", horizontal_content_list=horizontal))
    jumps = [{"type": 1, "url": URL, "title": "企业微信官网"},
             {"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/index", "title": "跳转小程序"},
             {"title": "不是链接"}]
    c.ok("msg.text_notice.jump_list", "jump_list: url (1), mini program (2) and a plain title; three items, the limit.",
         tn, card("text_notice", jump_list=jumps))
    c.ok("msg.text_notice.jump_list.type0", "A jump of type 0 is not a link and needs no url.", tn,
         card("text_notice", jump_list=[{"type": 0, "title": "说明"}]))
    c.ok("msg.text_notice.card_action.url", "card_action type 1 with url only.", tn, card("text_notice"))
    c.ok("msg.text_notice.card_action.mini_program", "card_action type 2 with appid and pagepath.", tn,
         card("text_notice", card_action=ACTION_APP))
    c.ok("msg.text_notice.card_action.appid_only", "card_action type 2 with appid only (pagepath optional).", tn,
         card("text_notice", card_action={"type": 2, "appid": "wx1234567890abcdef"}))
    c.ok("msg.text_notice.card_action.all_fields", "card_action type 1 carrying url, appid and pagepath, as in the spec.",
         tn, card("text_notice", card_action={"type": 1, "url": URL, "appid": "APPID", "pagepath": "PAGEPATH"}))
    c.ok("msg.text_notice.empty_lists_omitted", "Empty horizontal_content_list and jump_list (the spec allows empty "
         "arrays) are omitted from the body.", tn,
         card("text_notice", horizontal_content_list=[], jump_list=[]))
    c.ok("msg.text_notice.every_field", "A text_notice with every field of its table, values unlike the spec's.", tn,
         card("text_notice", source={"icon_url": ICON, "desc": "CI", "desc_color": 3},
              main_title={"title": "发布成功", "desc": "wecom-bot v0.1.0"},
              emphasis_content={"title": "42", "desc": "通过的测试"},
              quote_area={"type": 1, "url": "https://example.com/log", "title": "日志", "quote_text": "all green"},
              sub_title_text="耗时 3 分钟", horizontal_content_list=horizontal[:3], jump_list=jumps[:2],
              card_action={"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/ci"}))
    # ---- template_card: news_notice
    nn = S_NEWS_NOTICE
    c.ok("msg.news_notice.minimal", "The smallest news_notice: main_title.title, card_image.url, card_action.", nn,
         card("news_notice"))
    c.ok("msg.news_notice.main_title_desc", "main_title with desc.", nn,
         card("news_notice", main_title={"title": "欢迎使用企业微信", "desc": "您的好友正在邀请您加入企业微信"}))
    c.ok("msg.news_notice.source", "source with every field.", nn,
         card("news_notice", source={"icon_url": ICON, "desc": "企业微信", "desc_color": 2}))
    for ratio in (1.3, 1.5, 2.25):
        c.ok(f"msg.news_notice.card_image.aspect_ratio_{ratio}", f"card_image with aspect_ratio {ratio}.", nn,
             card("news_notice", card_image={"url": PIC, "aspect_ratio": ratio}))
    c.ok("msg.news_notice.card_image.integer_ratio", "aspect_ratio 2 given as a JSON integer (numbers compare as numbers).",
         nn, card("news_notice", card_image={"url": PIC, "aspect_ratio": 2}))
    c.ok("msg.news_notice.image_text_area.no_click", "image_text_area with image_url only.", nn,
         card("news_notice", image_text_area={"image_url": PIC}))
    c.ok("msg.news_notice.image_text_area.type1", "image_text_area type 1 with url, title, desc, image_url.", nn,
         card("news_notice", image_text_area={"type": 1, "url": "https://work.weixin.qq.com", "title": "欢迎使用企业微信",
                                              "desc": "您的好友正在邀请您加入企业微信", "image_url": PIC}))
    c.ok("msg.news_notice.image_text_area.type2", "image_text_area type 2 opens a mini program.", nn,
         card("news_notice", image_text_area={"type": 2, "appid": "wx1234567890abcdef", "pagepath": "pages/a", "image_url": PIC}))
    c.ok("msg.news_notice.image_text_area.type0", "image_text_area type 0 needs no url.", nn,
         card("news_notice", image_text_area={"type": 0, "title": "t", "image_url": PIC}))
    c.ok("msg.news_notice.quote_area", "quote_area on a news_notice card.", nn,
         card("news_notice", quote_area={"type": 1, "url": URL, "title": "引用文本标题", "quote_text": "引用文案"}))
    vertical = [{"title": f"惊喜红包 {i}", "desc": "下载企业微信还能抢红包！"} for i in range(1, 4)] + [{"title": "仅标题"}]
    c.ok("msg.news_notice.vertical_content_list", "vertical_content_list: four items (the limit), the last without desc.",
         nn, card("news_notice", vertical_content_list=vertical))
    c.ok("msg.news_notice.horizontal_content_list", "horizontal_content_list on a news_notice card: all four types.", nn,
         card("news_notice", horizontal_content_list=horizontal))
    c.ok("msg.news_notice.jump_list", "jump_list on a news_notice card.", nn, card("news_notice", jump_list=jumps))
    c.ok("msg.news_notice.card_action.mini_program", "card_action type 2.", nn, card("news_notice", card_action=ACTION_APP))
    c.ok("msg.news_notice.empty_lists_omitted", "Empty vertical, horizontal and jump lists are omitted from the body.",
         nn, card("news_notice", vertical_content_list=[], horizontal_content_list=[], jump_list=[]))
    c.ok("msg.news_notice.every_field", "A news_notice with every field of its table.", nn,
         card("news_notice", source={"icon_url": ICON, "desc": "企业微信", "desc_color": 1},
              main_title={"title": "新品发布", "desc": "春季新品"}, card_image={"url": PIC, "aspect_ratio": 1.75},
              image_text_area={"type": 1, "url": "https://example.com", "title": "图文", "desc": "描述", "image_url": PIC},
              quote_area={"type": 2, "appid": "wx1234567890abcdef", "title": "引用", "quote_text": "q"},
              vertical_content_list=vertical[:2], horizontal_content_list=horizontal[2:5], jump_list=jumps,
              card_action={"type": 1, "url": "https://example.com/card"}))
    return c
