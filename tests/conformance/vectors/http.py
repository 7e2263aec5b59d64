"""http.json: every message type and upload sent to the mock server, with the exact request
it must receive, and every scripted fault with the error kind (or the bounded retry) each
language must produce."""

from __future__ import annotations

import copy

from .model import Cases, msg, wire
from .spec_examples import SPEC_NEWS_NOTICE_EXAMPLE, SPEC_TEXT_NOTICE_EXAMPLE, repair

SEND = "/cgi-bin/webhook/send"
UPLOAD = "/cgi-bin/webhook/upload_media"
BOUNDARY = "------------------------wecombotconformance"
SPEC_BOUNDARY = "-------------------------acebdf13572468"  # the spec's own upload example
CLIENT = {"multipart_boundary": BOUNDARY, "retry": False}

TEXT = {"msgtype": "text", "text": {"content": "hello world"}}


def key(case_id):
    # Keys are distinctive so a leak would be easy to spot; one per case keeps records apart.
    return "conf-" + case_id.replace(".", "-").replace("_", "-") + "-k3y5ecret"


def send_case(cid, desc, spec, message, wire, expect=None, faults=None, media=None, client=None, received=None):
    k = key(cid)
    case = {
        "id": "http." + cid,
        "description": desc,
        "spec": spec,
        "input": {"send": message, "key": k},
        "expect": expect or {"ok": True},
        "client": client or CLIENT,
    }
    mock = {}
    if faults:
        mock["faults"] = faults
    if media:
        mock["media"] = media
    if mock:
        case["mock"] = mock
    if received is None:
        received = [{"path": SEND, "query": {"key": k}, "body_json": wire}]
    case["received"] = received
    return case


def upload_case(cid, desc, upload, expect, received_content=None, filename=None, client=None, boundary=BOUNDARY):
    k = key(cid)
    case = {
        "id": "http." + cid,
        "description": desc,
        "spec": "文件上传接口",
        "input": {"upload": upload, "key": k},
        "expect": expect,
        "client": client or CLIENT,
    }
    if received_content is None:
        case["received"] = []
    else:
        case["received"] = [{
            "path": UPLOAD,
            "query": {"key": k, "type": upload["kind"]},
            "multipart": {
                "boundary": boundary,
                "filename": filename or upload["filename"],
                "content_type": "application/octet-stream",
                "content": received_content,
            },
        }]
    return case


def with_media_id(card, media_id):
    """The card with its file attachment's media id replaced (media ids are global on the server)."""
    card = copy.deepcopy(card)
    for h in card["template_card"].get("horizontal_content_list", []):
        if "media_id" in h:
            h["media_id"] = media_id
    return card


def http_cases(image_body, image_wire, text_notice, news_notice):
    """image_body/image_wire: an image input and its wire JSON; the two cards: full spec cards."""
    text_notice = with_media_id(text_notice, "conf-card-media-text")
    news_notice = with_media_id(news_notice, "conf-card-media-news")
    out = []
    # --- every message type delivered -------------------------------------------------
    out.append(send_case("send.text", "a text message with mentions reaches the server as the exact JSON", "文本类型",
                         {"msgtype": "text", "text": {"content": "广州今日天气：29度", "mentioned_list": ["wangqing", "@all"], "mentioned_mobile_list": ["13800001111"]}},
                         {"msgtype": "text", "text": {"content": "广州今日天气：29度", "mentioned_list": ["wangqing", "@all"], "mentioned_mobile_list": ["13800001111"]}}))
    md = {"msgtype": "markdown", "markdown": {"content": "**build** <font color=\"info\">passed</font>"}}
    out.append(send_case("send.markdown", "a markdown message", "markdown类型", md, md))
    md2 = {"msgtype": "markdown_v2", "markdown_v2": {"content": "| a | b |\n| --- | --- |\n| 1 | 2 |\n"}}
    out.append(send_case("send.markdown_v2", "a markdown_v2 message", "markdown_v2类型", md2, md2))
    out.append(send_case("send.image", "an image built from a file: base64 and md5 computed by the library", "图片类型",
                         {"msgtype": "image", "image": image_body}, image_wire))
    news = {"msgtype": "news", "news": {"articles": [{"title": "中秋节礼品领取", "description": "今年中秋节公司有豪礼相送", "url": "www.qq.com", "picurl": "https://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png"}]}}
    out.append(send_case("send.news", "a news message", "图文类型", news, news))
    f = {"msgtype": "file", "file": {"media_id": "conf-file-media-1"}}
    out.append(send_case("send.file", "a file message with a media id the server knows", "文件类型", f, f,
                         media=[{"media_id": "conf-file-media-1", "type": "file"}]))
    v = {"msgtype": "voice", "voice": {"media_id": "conf-voice-media-1"}}
    out.append(send_case("send.voice", "a voice message with a media id the server knows", "语音类型", v, v,
                         media=[{"media_id": "conf-voice-media-1", "type": "voice"}]))
    out.append(send_case("send.text_notice", "the spec's text_notice card, delivered (its file attachment's media id is known)", "文本通知模版卡片",
                         text_notice, text_notice, media=[{"media_id": "conf-card-media-text", "type": "file"}]))
    out.append(send_case("send.news_notice", "the spec's news_notice card, delivered", "图文展示模版卡片",
                         news_notice, news_notice, media=[{"media_id": "conf-card-media-news", "type": "file"}]))
    # --- the server's answers -------------------------------------------------------------
    out.append(send_case("send.unknown_media", "a file message with a media id the server does not know: api error 40007", "文件类型",
                         {"msgtype": "file", "file": {"media_id": "never-uploaded"}}, {"msgtype": "file", "file": {"media_id": "never-uploaded"}},
                         expect={"error": {"kind": "api", "errcode": 40007}}))
    out.append(send_case("send.invalid_key", "errcode 93000 (the key is wrong) is an api error", "如何使用群机器人", TEXT, TEXT,
                         expect={"error": {"kind": "api", "errcode": 93000}}, faults=[{"kind": "errcode", "errcode": 93000}]))
    out.append(send_case("send.rate_limited", "errcode 45009 without retries is rate_limited", "消息发送频率限制", TEXT, TEXT,
                         expect={"error": {"kind": "rate_limited", "errcode": 45009}}, faults=[{"kind": "errcode", "errcode": 45009}]))
    out.append(send_case("send.busy_no_retry", "errcode -1 (system busy) without retries is an api error", "如何使用群机器人", TEXT, TEXT,
                         expect={"error": {"kind": "api", "errcode": -1}}, faults=[{"kind": "errcode", "errcode": -1}]))
    out.append(send_case("send.busy_then_ok", "errcode -1 is retried (nothing was delivered) and the second attempt succeeds", "如何使用群机器人", TEXT, TEXT,
                         faults=[{"kind": "errcode", "errcode": -1}], client={"retry": True},
                         received=[{"path": SEND, "query": {"key": key("send.busy_then_ok")}, "body_json": TEXT}] * 2))
    out.append(send_case("send.http_502", "HTTP 502 from a gateway is http_status, never retried (it may have been delivered)", "如何使用群机器人", TEXT, TEXT,
                         expect={"error": {"kind": "http_status", "status": 502}}, faults=[{"kind": "http_status", "status": 502}], client={"retry": True}))
    out.append(send_case("send.not_json", "an answer that is not JSON is a decode error", "如何使用群机器人", TEXT, TEXT,
                         expect={"error": {"kind": "decode"}}, faults=[{"kind": "not_json"}]))
    out.append(send_case("send.warning", "errcode 0 with a Warning in errmsg is a failure (api)", "如何使用群机器人", TEXT, TEXT,
                         expect={"error": {"kind": "api", "errcode": 0}}, faults=[{"kind": "warning"}]))
    out.append(send_case("send.closed", "a connection closed without an answer is a transport error, not retried", "如何使用群机器人", TEXT, TEXT,
                         expect={"error": {"kind": "transport"}}, faults=[{"kind": "close"}], client={"retry": True}))
    out.append(send_case("send.timeout", "an answer slower than the timeout is a timeout error, not retried", "如何使用群机器人", TEXT, TEXT,
                         expect={"error": {"kind": "timeout"}}, faults=[{"kind": "delay", "ms": 1500}], client={"retry": True, "timeout_ms": 400}))
    out.append(send_case("send.too_long", "a text over 2048 bytes is refused before any network use", "文本类型",
                         {"msgtype": "text", "text": {"content": "a" * 2049}}, None,
                         expect={"error": {"kind": "validation", "field": "text.content"}}, received=[]))
    out.append(send_case("send.bad_key", "a key with characters no key has is refused before any network use", "如何使用群机器人", TEXT, None,
                         expect={"error": {"kind": "invalid_argument"}}, received=[]))
    out[-1]["input"]["key"] = "not a key/../"
    # --- uploads -----------------------------------------------------------------------
    out.append(upload_case("upload.spec_example", "the spec's own upload example, byte for byte (its boundary, wework.txt, 'mytext': 220 bytes)",
                           {"kind": "file", "filename": "wework.txt", "source": "bytes", "text": "mytext"},
                           {"media": {"kind": "file"}}, {"text": "mytext"},
                           client={"multipart_boundary": SPEC_BOUNDARY, "retry": False}, boundary=SPEC_BOUNDARY))
    out.append(upload_case("upload.file_path", "a file uploaded from a path: the display name is the path's file name",
                           {"kind": "file", "filename": "banner.jpg", "source": "path", "fixture": "banner.jpg"},
                           {"media": {"kind": "file"}}, {"fixture": "banner.jpg"}))
    out.append(upload_case("upload.file_utf8_name", "a file with a UTF-8 display name, from bytes",
                           {"kind": "file", "filename": "周报-第3周.txt", "source": "bytes", "text": "本周完成：上传接口"},
                           {"media": {"kind": "file"}}, {"text": "本周完成：上传接口"}))
    out.append(upload_case("upload.voice_3s", "a 3 s AMR voice from a path",
                           {"kind": "voice", "filename": "voice-3s.amr", "source": "path", "fixture": "voice-3s.amr"},
                           {"media": {"kind": "voice"}}, {"fixture": "voice-3s.amr"}))
    out.append(upload_case("upload.voice_60s", "a voice of exactly 60 s is accepted",
                           {"kind": "voice", "filename": "voice-60s.amr", "source": "bytes", "fixture": "voice-60s.amr"},
                           {"media": {"kind": "voice"}}, {"fixture": "voice-60s.amr"}))
    out.append(upload_case("upload.voice_too_long", "a voice of 60.02 s is refused before any network use",
                           {"kind": "voice", "filename": "voice-60s-plus-one-frame.amr", "source": "path", "fixture": "voice-60s-plus-one-frame.amr"},
                           {"error": {"kind": "validation", "field": "media"}}))
    out.append(upload_case("upload.voice_not_amr", "a voice that is not AMR is refused before any network use",
                           {"kind": "voice", "filename": "icon.png", "source": "bytes", "fixture": "icon.png"},
                           {"error": {"kind": "validation", "field": "media"}}))
    out.append(upload_case("upload.file_6_bytes", "6 bytes: the smallest upload accepted (more than 5)",
                           {"kind": "file", "filename": "six.txt", "source": "bytes", "text": "123456"},
                           {"media": {"kind": "file"}}, {"text": "123456"}))
    out.append(upload_case("upload.file_5_bytes", "5 bytes is refused: uploads must be more than 5 bytes",
                           {"kind": "file", "filename": "five.txt", "source": "bytes", "text": "12345"},
                           {"error": {"kind": "validation", "field": "media"}}))
    out.append(upload_case("upload.file_over_20mib", "a file of 20 MiB + 1 byte is refused before any network use (checked from the path's size)",
                           {"kind": "file", "filename": "big.bin", "source": "path", "generate": {"size": 20 * 1024 * 1024 + 1}},
                           {"error": {"kind": "validation", "field": "media"}}))
    out.append(upload_case("upload.voice_over_2mib", "a voice over 2 MiB is refused before any network use",
                           {"kind": "voice", "filename": "big.amr", "source": "bytes", "generate": {"size": 2 * 1024 * 1024 + 1, "header_hex": "2321414d520a"}},
                           {"error": {"kind": "validation", "field": "media"}}))
    out.append(upload_case("upload.missing_file", "a path that does not exist is an io error",
                           {"kind": "file", "filename": "does-not-exist.bin", "source": "path", "missing": True},
                           {"error": {"kind": "io"}}))
    return out


def cases() -> Cases:
    """The HTTP cases (http.json), as a case file."""
    c = Cases("HTTP: every message type and upload as the mock server receives it, and every "
              "scripted server answer with the error kind (or bounded retry) it must give")
    image_body = {"fixture": "icon.png"}
    for case in http_cases(image_body, wire(msg("image", image_body)),
                           repair(SPEC_TEXT_NOTICE_EXAMPLE, inside_string=False),
                           repair(SPEC_NEWS_NOTICE_EXAMPLE, inside_string=False)):
        extra = {k: v for k, v in case.items() if k not in ("id", "description", "spec", "input", "expect")}
        c.add(case["id"], case["description"], case["spec"], case["input"], case["expect"], **extra)
    return c
