"""spec_examples.json: every example JSON of the spec, verbatim from the page.
"""

from __future__ import annotations

import json

from .model import Cases, b64, fixture, md5_hex, msg
from .spec import (
    S_FILE,
    S_IMAGE,
    S_MARKDOWN,
    S_MARKDOWN_V2,
    S_NEWS,
    S_NEWS_NOTICE,
    S_TEXT,
    S_TEXT_NOTICE,
    S_USAGE,
    S_VOICE,
)

# The page's code blocks are copied here byte for byte (tabs included). Two kinds of damage in
# them are repaired by `repair()`, each documented in its case's description:
#  - the template-card examples have a stray "\" before some line breaks ("main_title":{\):
#    outside a JSON string that is not JSON; the backslash is dropped (pure layout).
#  - the markdown_v2 example has "| -------: |\" + line break + "| 张三 …" INSIDE the content
#    string: the page lost the "n" of a "\n" there (every other line of that string is joined
#    by "\n", and the table needs the line break to be a table); it is read as "\n".
#    Its "\/" is an ordinary JSON escape of "/", so the link is "https:work.weixin.qq.com/api/doc"
#    (the missing "//" is the page's own and is kept: the case reproduces the example).

SPEC_CURL_EXAMPLE = r'''   {
    	"msgtype": "text",
    	"text": {
        	"content": "hello world"
    	}
   }'''

SPEC_TEXT_EXAMPLE = r'''{
    "msgtype": "text",
    "text": {
        "content": "广州今日天气：29度，大部分多云，降雨概率：60%",
		"mentioned_list":["wangqing","@all"],
		"mentioned_mobile_list":["13800001111","@all"]
    }
}'''

SPEC_MARKDOWN_EXAMPLE = r'''{
    "msgtype": "markdown",
    "markdown": {
        "content": "实时新增用户反馈<font color=\"warning\">132例</font>，请相关同事注意。\n>类型:<font color=\"comment\">用户反馈</font>\n>普通用户反馈:<font color=\"comment\">117例</font>\n>VIP用户反馈:<font color=\"comment\">15例</font>"
    }
}'''

SPEC_MARKDOWN_V2_EXAMPLE = r'''{
	"msgtype": "markdown_v2",
	"markdown_v2": {
         "content": "# 一、标题\n## 二级标题\n### 三级标题\n# 二、字体\n*斜体*\n\n**加粗**\n# 三、列表 \n- 无序列表 1 \n- 无序列表 2\n  - 无序列表 2.1\n  - 无序列表 2.2\n1. 有序列表 1\n2. 有序列表 2\n# 四、引用\n> 一级引用\n>>二级引用\n>>>三级引用\n# 五、链接\n[这是一个链接](https:work.weixin.qq.com\/api\/doc)\n![](https://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png)\n# 六、分割线\n\n---\n# 七、代码\n`这是行内代码`\n```\n这是独立代码块\n```\n\n# 八、表格\n| 姓名 | 文化衫尺寸 | 收货地址 |\n| :----- | :----: | -------: |\
| 张三 | S | 广州 |\n| 李四 | L | 深圳 |\n"
	   }
}'''

SPEC_IMAGE_EXAMPLE = r'''{
    "msgtype": "image",
    "image": {
        "base64": "DATA",
		"md5": "MD5"
    }
}'''

SPEC_NEWS_EXAMPLE = r'''{
    "msgtype": "news",
    "news": {
       "articles" : [
           {
               "title" : "中秋节礼品领取",
               "description" : "今年中秋节公司有豪礼相送",
               "url" : "www.qq.com",
               "picurl" : "https://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png"
           }
        ]
    }
}'''

SPEC_FILE_EXAMPLE = r'''{
    "msgtype": "file",
    "file": {
 		"media_id": "3a8asd892asd8asd"
    }
}'''

SPEC_VOICE_EXAMPLE = r'''{
	"msgtype": "voice",
	"voice": {
		"media_id": "MEDIA_ID"
	}
}'''

SPEC_TEXT_NOTICE_EXAMPLE = r'''{
    "msgtype":"template_card",
    "template_card":{
        "card_type":"text_notice",
        "source":{
            "icon_url":"https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0",
            "desc":"企业微信",
            "desc_color":0
        },
        "main_title":{\
            "title":"欢迎使用企业微信",
            "desc":"您的好友正在邀请您加入企业微信"
        },
        "emphasis_content":{\
            "title":"100",
            "desc":"数据含义"
        },
        "quote_area":{\
            "type":1,
            "url":"https://work.weixin.qq.com/?from=openApi",
            "appid":"APPID",
            "pagepath":"PAGEPATH",
            "title":"引用文本标题",
            "quote_text":"Jack：企业微信真的很好用~\nBalian：超级好的一款软件！"
        },
        "sub_title_text":"下载企业微信还能抢红包！",
        "horizontal_content_list":[\
            {
                "keyname":"邀请人",
                "value":"张三"
            },
            {
                "keyname":"企微官网",
                "value":"点击访问",
                "type":1,
                "url":"https://work.weixin.qq.com/?from=openApi"
            },
            {
                "keyname":"企微下载",
                "value":"企业微信.apk",
                "type":2,
                "media_id":"MEDIAID"
            }
        ],
        "jump_list":[\
            {
                "type":1,
                "url":"https://work.weixin.qq.com/?from=openApi",
                "title":"企业微信官网"
            },
            {
                "type":2,
                "appid":"APPID",
                "pagepath":"PAGEPATH",
                "title":"跳转小程序"
            }
        ],
        "card_action":{\
            "type":1,
            "url":"https://work.weixin.qq.com/?from=openApi",
            "appid":"APPID",
            "pagepath":"PAGEPATH"
        }
    }
}'''

SPEC_NEWS_NOTICE_EXAMPLE = r'''{
    "msgtype":"template_card",
    "template_card":{
        "card_type":"news_notice",
        "source":{
            "icon_url":"https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0",
            "desc":"企业微信",
            "desc_color":0
        },
        "main_title":{
            "title":"欢迎使用企业微信",
            "desc":"您的好友正在邀请您加入企业微信"
        },
        "card_image":{
            "url":"https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0",
            "aspect_ratio":2.25
        },
        "image_text_area":{
            "type":1,
            "url":"https://work.weixin.qq.com",
            "title":"欢迎使用企业微信",
            "desc":"您的好友正在邀请您加入企业微信",
            "image_url":"https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0"
        },
        "quote_area":{
            "type":1,
            "url":"https://work.weixin.qq.com/?from=openApi",
            "appid":"APPID",
            "pagepath":"PAGEPATH",
            "title":"引用文本标题",
            "quote_text":"Jack：企业微信真的很好用~\nBalian：超级好的一款软件！"
        },
        "vertical_content_list":[\
            {
                "title":"惊喜红包等你来拿",
                "desc":"下载企业微信还能抢红包！"
            }
        ],
        "horizontal_content_list":[\
            {
                "keyname":"邀请人",
                "value":"张三"
            },
            {
                "keyname":"企微官网",
                "value":"点击访问",
                "type":1,
                "url":"https://work.weixin.qq.com/?from=openApi"
            },
            {
                "keyname":"企微下载",
                "value":"企业微信.apk",
                "type":2,
                "media_id":"MEDIAID"
            }
        ],
        "jump_list":[\
            {
                "type":1,
                "url":"https://work.weixin.qq.com/?from=openApi",
                "title":"企业微信官网"
            },
            {
                "type":2,
                "appid":"APPID",
                "pagepath":"PAGEPATH",
                "title":"跳转小程序"
            }
        ],
        "card_action":{
            "type":1,
            "url":"https://work.weixin.qq.com/?from=openApi",
            "appid":"APPID",
            "pagepath":"PAGEPATH"
        }
    }
}'''


def repair(example: str, inside_string: bool) -> dict:
    fixed = example.replace("\\\n", "\\n" if inside_string else "\n")
    return json.loads(fixed)


def cases() -> Cases:
    c = Cases("Every example JSON of the spec (../shared/spec/group-robot-api.md), built through the API "
              "and serialized to exactly the example (compared as structure).")
    c.ok("spec.curl_hello_world", "The curl example of 如何使用群机器人: a text message \"hello world\".",
         S_USAGE, json.loads(SPEC_CURL_EXAMPLE))
    c.ok("spec.text", "The text example: content, mentioned_list and mentioned_mobile_list, each with \"@all\".",
         S_TEXT, json.loads(SPEC_TEXT_EXAMPLE))
    c.ok("spec.markdown", "The markdown example: font colours and quotes (\\\" and \\n are JSON escapes).",
         S_MARKDOWN, json.loads(SPEC_MARKDOWN_EXAMPLE))
    c.ok("spec.markdown_v2",
         "The markdown_v2 example. The page breaks the content string after the table's separator "
         "row with a bare \"\\\" + line break, which is not JSON: it is read as \"\\n\" (the page lost "
         "the n; the table needs that line break). \"\\/\" is a JSON escape of \"/\"; the link "
         "\"https:work.weixin.qq.com/api/doc\" keeps the page's missing \"//\".",
         S_MARKDOWN_V2, repair(SPEC_MARKDOWN_V2_EXAMPLE, inside_string=True))
    example = json.loads(SPEC_IMAGE_EXAMPLE)
    assert example["image"] == {"base64": "DATA", "md5": "MD5"}
    for name in ("icon.png", "banner.jpg"):
        raw = fixture(name)
        c.add(f"spec.image.{name.split('.')[0]}",
              f"The image example, whose \"DATA\"/\"MD5\" placeholders are filled from the real fixture "
              f"{name} (built from its path): base64 of the raw bytes and their lowercase-hex md5.",
              S_IMAGE, {"message": msg("image", {"fixture": name})},
              {"body_json": msg("image", {"base64": b64(raw), "md5": md5_hex(raw)})})
    c.ok("spec.news", "The news example; its url \"www.qq.com\" has no scheme and must be accepted as is.",
         S_NEWS, json.loads(SPEC_NEWS_EXAMPLE))
    c.ok("spec.file", "The file example (media_id \"3a8asd892asd8asd\").", S_FILE, json.loads(SPEC_FILE_EXAMPLE))
    c.ok("spec.voice", "The voice example (media_id \"MEDIA_ID\").", S_VOICE, json.loads(SPEC_VOICE_EXAMPLE))
    c.ok("spec.text_notice",
         "The text_notice card example, every field of its table. The page puts a stray \"\\\" before "
         "some line breaks ({\\ and [\\), which is not JSON; it is dropped (layout only).",
         S_TEXT_NOTICE, repair(SPEC_TEXT_NOTICE_EXAMPLE, inside_string=False))
    c.ok("spec.news_notice",
         "The news_notice card example, every field of its table; aspect_ratio 2.25 (the upper bound) "
         "is accepted. The stray \"\\\" before some line breaks is dropped as in spec.text_notice.",
         S_NEWS_NOTICE, repair(SPEC_NEWS_NOTICE_EXAMPLE, inside_string=False))
    return c
