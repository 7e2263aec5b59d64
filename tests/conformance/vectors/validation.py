"""validation.json: every hard rule, at the limit (accepted) and one past it (rejected).
"""

from __future__ import annotations

from typing import Any

from .cards import CARD_SPEC, PIC, URL, card
from .model import ABSENT, Cases, b64, fixture, md5_hex, msg, override
from .spec import (
    ACCENT,
    CJK,
    EMOJI,
    IMAGE_MAX,
    MARKDOWN_MAX,
    S_FILE,
    S_IMAGE,
    S_MARKDOWN,
    S_MARKDOWN_V2,
    S_NEWS,
    S_NEWS_NOTICE,
    S_TEXT,
    S_TEXT_NOTICE,
    S_VOICE,
    TEXT_MAX,
    blen,
)


def byte_limit_cases(c: Cases, msgtype: str, limit: int, spec: str) -> None:
    """Content limits in UTF-8 bytes, with multi-byte characters straddling the boundary."""
    field = f"{msgtype}.content"
    p = f"val.{msgtype}.content"

    def ok(suffix: str, what: str, content: str) -> None:
        assert blen(content) <= limit
        c.ok(f"{p}.{suffix}", f"{field} of {blen(content)} bytes ({what}): accepted.", spec, msg(msgtype, {"content": content}))

    def bad(suffix: str, what: str, content: str) -> None:
        assert blen(content) > limit
        c.reject(f"{p}.{suffix}", f"{field} of {blen(content)} bytes ({what}): over the {limit}-byte limit, rejected.",
                 spec, msg(msgtype, {"content": content}), field)

    ok("ascii_at_limit", f"{limit} ASCII", "a" * limit)
    bad("ascii_over_limit", f"{limit + 1} ASCII", "a" * (limit + 1))
    ok("cjk_ends_at_limit", f"{limit - 3} ASCII + one 3-byte 中", "a" * (limit - 3) + CJK)
    bad("cjk_straddles_limit", f"{limit - 2} ASCII + one 3-byte 中 ending one byte past the limit", "a" * (limit - 2) + CJK)
    bad("cjk_straddles_limit_by_2", f"{limit - 1} ASCII + 中 ending two bytes past the limit", "a" * (limit - 1) + CJK)
    ok("emoji_ends_at_limit", f"{limit - 4} ASCII + one 4-byte emoji", "a" * (limit - 4) + EMOJI)
    bad("emoji_straddles_limit", f"{limit - 3} ASCII + one 4-byte emoji", "a" * (limit - 3) + EMOJI)
    ok("accent_ends_at_limit", f"{limit - 2} ASCII + one 2-byte é", "a" * (limit - 2) + ACCENT)
    bad("accent_straddles_limit", f"{limit - 1} ASCII + one 2-byte é", "a" * (limit - 1) + ACCENT)
    n = limit // 3
    ok("all_cjk_under_limit", f"{n} × 中 = {3 * n} bytes, {n} characters", CJK * n)
    bad("all_cjk_over_limit", f"{n + 1} × 中: few characters, too many bytes", CJK * (n + 1))
    ok("quotes_count_unescaped", f"{limit} double quotes: bytes are counted before JSON escaping doubles them",
       '"' * limit)
    ok("newlines_count_unescaped", f"{limit} newlines, counted before JSON escaping", "\n" * limit)
    bad("backslashes_over_limit", f"{limit + 1} backslashes", "\\" * (limit + 1))
    c.reject(f"{p}.empty", f"{field} empty: the content is required.", spec, msg(msgtype, {"content": ""}), field)
    c.ok(f"{p}.one_byte", f"{field} of 1 byte: accepted.", spec, msg(msgtype, {"content": "x"}))


def image_cases(c: Cases) -> None:
    icon = fixture("icon.png")
    banner = fixture("banner.jpg")
    for name, raw in (("icon.png", icon), ("banner.jpg", banner)):
        padded = raw + bytes(IMAGE_MAX - len(raw))
        b = b64(padded)
        c.add(f"val.image.{name.split('.')[0]}_padded_to_limit",
              f"{name} followed by zero bytes up to exactly 2 MiB ({IMAGE_MAX} bytes), built from bytes: accepted. "
              "The body (2.8 MB of base64) is checked by its md5, length, head and tail.",
              S_IMAGE, {"message": msg("image", {"fixture": name, "pad_to": IMAGE_MAX})},
              {"image_body": {"md5": md5_hex(padded), "base64_len": len(b), "base64_head": b[:64], "base64_tail": b[-64:]}})
        c.reject(f"val.image.{name.split('.')[0]}_padded_over_limit",
                 f"{name} padded to 2 MiB + 1 byte ({IMAGE_MAX + 1}): over the limit, rejected.",
                 S_IMAGE, msg("image", {"fixture": name, "pad_to": IMAGE_MAX + 1}), "image.base64")
    gif = bytes.fromhex("474946383961010001000000002c00000000010001000002")
    c.reject("val.image.gif_rejected", "A GIF (magic GIF89a) is neither JPG nor PNG: rejected.", S_IMAGE,
             msg("image", {"bytes_hex": gif.hex()}), "image.base64")
    c.reject("val.image.text_rejected", "Plain text bytes are not an image: rejected.", S_IMAGE,
             msg("image", {"bytes_hex": b"hello, world".hex()}), "image.base64")
    c.reject("val.image.empty_bytes", "Zero bytes are not an image: rejected.", S_IMAGE,
             msg("image", {"bytes_hex": ""}), "image.base64")
    c.reject("val.image.truncated_jpeg_magic", "FF D8 alone (two of the three JPEG magic bytes): rejected.", S_IMAGE,
             msg("image", {"bytes_hex": "ffd8"}), "image.base64")
    c.reject("val.image.truncated_png_magic", "The PNG signature minus its last byte: rejected.", S_IMAGE,
             msg("image", {"bytes_hex": "89504e470d0a1a"}), "image.base64")
    ok_b64, ok_md5 = b64(icon), md5_hex(icon)
    c.ok("val.image.ready_made_ok", "Ready-made base64 + md5 that match: accepted as given.", S_IMAGE,
         msg("image", {"base64": ok_b64, "md5": ok_md5}))
    c.reject("val.image.md5_mismatch", "A well-formed md5 that is not the md5 of the image: rejected.", S_IMAGE,
             msg("image", {"base64": ok_b64, "md5": md5_hex(banner)}), "image.md5")
    c.reject("val.image.md5_bad_hex", "md5 \"MD5\" (the spec's placeholder) is not 32 hex digits: rejected.", S_IMAGE,
             msg("image", {"base64": ok_b64, "md5": "MD5"}), "image.md5")
    c.ok("val.image.md5_uppercase", "md5 in upper-case hex: accepted, sent lower-case.", S_IMAGE,
         msg("image", {"base64": ok_b64, "md5": ok_md5.upper()}), msg("image", {"base64": ok_b64, "md5": ok_md5}))
    c.reject("val.image.md5_empty", "An empty md5: rejected.", S_IMAGE,
             msg("image", {"base64": ok_b64, "md5": ""}), "image.md5")
    c.reject("val.image.md5_33_digits", "33 hex digits: rejected.", S_IMAGE,
             msg("image", {"base64": ok_b64, "md5": ok_md5 + "0"}), "image.md5")
    c.reject("val.image.bad_base64", "base64 \"DATA!!\" (the spec's placeholder, damaged) is not valid base64: rejected.",
             S_IMAGE, msg("image", {"base64": "DATA!!", "md5": ok_md5}), "image.base64")
    c.reject("val.image.base64_wrong_padding", "base64 with its padding removed from a length that needs it: rejected.",
             S_IMAGE, msg("image", {"base64": b64(icon[:10]).rstrip("="), "md5": md5_hex(icon[:10])}), "image.base64")
    c.reject("val.image.base64_empty", "An empty base64: rejected.", S_IMAGE,
             msg("image", {"base64": "", "md5": ok_md5}), "image.base64")
    c.reject("val.image.base64_of_gif", "Valid base64 (with a matching md5) of a GIF: rejected as not JPG/PNG.", S_IMAGE,
             msg("image", {"base64": b64(gif), "md5": md5_hex(gif)}), "image.base64")


def article(i: int, **changes: Any) -> dict:
    return override({"title": f"标题 {i}", "url": f"https://example.com/{i}"}, **changes)


def news_cases(c: Cases) -> None:
    c.reject("val.news.zero_articles", "news with no article: at least 1 is required.", S_NEWS,
             msg("news", {"articles": []}), "news.articles")
    c.ok("val.news.one_article", "news with 1 article (the minimum): accepted.", S_NEWS,
         msg("news", {"articles": [article(1)]}))
    c.ok("val.news.eight_articles", "news with 8 articles (the maximum): accepted.", S_NEWS,
         msg("news", {"articles": [article(i) for i in range(8)]}))
    c.reject("val.news.nine_articles", "news with 9 articles: over the maximum of 8, rejected.", S_NEWS,
             msg("news", {"articles": [article(i) for i in range(9)]}), "news.articles")
    c.reject("val.news.title_empty", "An article with an empty title: rejected.", S_NEWS,
             msg("news", {"articles": [article(0, title="")]}), "news.articles[0].title")
    c.reject("val.news.title_absent", "An article without title (runners whose API needs a title give \"\"): rejected.",
             S_NEWS, msg("news", {"articles": [article(0, title=ABSENT)]}), "news.articles[0].title")
    c.reject("val.news.url_empty", "An article with an empty url: rejected.", S_NEWS,
             msg("news", {"articles": [article(0, url="")]}), "news.articles[0].url")
    c.reject("val.news.url_absent", "An article without url: rejected.", S_NEWS,
             msg("news", {"articles": [article(0, url=ABSENT)]}), "news.articles[0].url")
    c.reject("val.news.third_url_empty", "The third of three articles has an empty url: the path names index 2.", S_NEWS,
             msg("news", {"articles": [article(0), article(1), article(2, url="")]}), "news.articles[2].url")
    c.reject("val.news.eighth_title_empty", "The last of 8 articles has an empty title: the path names index 7.", S_NEWS,
             msg("news", {"articles": [article(i) for i in range(7)] + [article(7, title="")]}), "news.articles[7].title")
    c.ok("val.news.empty_description_kept", "An empty description is optional text, not an error: sent as \"\".",
         S_NEWS, msg("news", {"articles": [article(0, description="")]}))


def media_id_cases(c: Cases) -> None:
    for t, spec in (("file", S_FILE), ("voice", S_VOICE)):
        c.reject(f"val.{t}.media_id_empty", f"{t} with an empty media_id: rejected.", spec,
                 msg(t, {"media_id": ""}), f"{t}.media_id")
        c.reject(f"val.{t}.media_id_absent", f"{t} without media_id (\"\" where the API needs one): rejected.", spec,
                 msg(t, {}), f"{t}.media_id")
        c.ok(f"val.{t}.media_id_one_char", f"{t} with a 1-character media_id: accepted (no format is imposed).", spec,
             msg(t, {"media_id": "x"}))


def horizontal_items(n: int) -> list[dict]:
    return [{"keyname": f"键{i}", "value": f"值{i}"} for i in range(n)]


def card_cases(c: Cases) -> None:
    T = "template_card"
    for kind in ("text_notice", "news_notice"):
        spec, p = CARD_SPEC[kind], f"val.{kind}"

        # Both are called within this iteration, so the loop variables are the current ones.
        def ok(id: str, what: str, **ch: Any) -> None:
            c.ok(f"{p}.{id}", f"{kind}: {what}: accepted.", spec, card(kind, **ch))  # noqa: B023

        def bad(id: str, what: str, field: str, **ch: Any) -> None:
            c.reject(f"{p}.{id}", f"{kind}: {what}: rejected at {field}.", spec, card(kind, **ch), f"{T}.{field}")  # noqa: B023

        # source.desc_color 0..=3
        ok("source.desc_color_0", "source.desc_color 0 (lowest allowed)", source={"desc": "s", "desc_color": 0})
        ok("source.desc_color_3", "source.desc_color 3 (highest allowed)", source={"desc": "s", "desc_color": 3})
        bad("source.desc_color_4", "source.desc_color 4", "source.desc_color", source={"desc": "s", "desc_color": 4})
        bad("source.desc_color_neg", "source.desc_color -1", "source.desc_color", source={"desc": "s", "desc_color": -1})
        # quote_area: type 0..=2; 1 needs url, 2 needs appid
        ok("quote_area.type_2", "quote_area.type 2 with appid", quote_area={"type": 2, "appid": "wxapp"})
        bad("quote_area.type_3", "quote_area.type 3", "quote_area.type", quote_area={"type": 3, "url": URL})
        bad("quote_area.type_neg", "quote_area.type -1", "quote_area.type", quote_area={"type": -1})
        bad("quote_area.type1_no_url", "quote_area.type 1 without url", "quote_area.url", quote_area={"type": 1, "title": "t"})
        bad("quote_area.type1_empty_url", "quote_area.type 1 with url \"\"", "quote_area.url", quote_area={"type": 1, "url": ""})
        bad("quote_area.type2_no_appid", "quote_area.type 2 without appid (a url is not enough)", "quote_area.appid",
            quote_area={"type": 2, "url": URL, "pagepath": "p"})
        ok("quote_area.type0_no_url", "quote_area.type 0 without url", quote_area={"type": 0, "title": "t"})
        # horizontal_content_list: ≤ 6, keyname required, type 0..=3 with its target
        ok("horizontal.six", "6 horizontal_content_list items (the limit)", horizontal_content_list=horizontal_items(6))
        bad("horizontal.seven", "7 horizontal_content_list items", "horizontal_content_list",
            horizontal_content_list=horizontal_items(7))
        ok("horizontal.empty", "an empty horizontal_content_list (omitted from the body)", horizontal_content_list=[])
        bad("horizontal.keyname_empty", "horizontal_content_list[1].keyname \"\"", "horizontal_content_list[1].keyname",
            horizontal_content_list=[{"keyname": "a"}, {"keyname": "", "value": "v"}])
        bad("horizontal.keyname_absent", "horizontal_content_list[0] without keyname", "horizontal_content_list[0].keyname",
            horizontal_content_list=[{"value": "v"}])
        for t, target, value in ((1, "url", URL), (2, "media_id", "MEDIAID"), (3, "userid", "zhangsan")):
            ok(f"horizontal.type{t}_{target}", f"horizontal_content_list type {t} with {target}",
               horizontal_content_list=[{"keyname": "k", "value": "v", "type": t, target: value}])
            bad(f"horizontal.type{t}_no_{target}", f"horizontal_content_list[0] type {t} without {target}",
                f"horizontal_content_list[0].{target}", horizontal_content_list=[{"keyname": "k", "value": "v", "type": t}])
            bad(f"horizontal.type{t}_empty_{target}", f"horizontal_content_list[0] type {t} with {target} \"\"",
                f"horizontal_content_list[0].{target}", horizontal_content_list=[{"keyname": "k", "type": t, target: ""}])
        bad("horizontal.type2_url_not_media_id", "horizontal_content_list type 2 needs media_id (a url does not do)",
            "horizontal_content_list[0].media_id", horizontal_content_list=[{"keyname": "k", "type": 2, "url": URL}])
        ok("horizontal.type0", "horizontal_content_list type 0 (plain) with no target",
           horizontal_content_list=[{"keyname": "k", "value": "v", "type": 0}])
        bad("horizontal.type_4", "horizontal_content_list[2].type 4", "horizontal_content_list[2].type",
            horizontal_content_list=horizontal_items(2) + [{"keyname": "k", "type": 4, "url": URL}])
        bad("horizontal.type_neg", "horizontal_content_list[0].type -1", "horizontal_content_list[0].type",
            horizontal_content_list=[{"keyname": "k", "type": -1}])
        # jump_list: ≤ 3, title required, type 0..=2 with its target
        jump = {"type": 1, "url": URL, "title": "官网"}
        ok("jump.three", "3 jump_list items (the limit)", jump_list=[jump] * 3)
        bad("jump.four", "4 jump_list items", "jump_list", jump_list=[jump] * 4)
        ok("jump.empty", "an empty jump_list (omitted from the body)", jump_list=[])
        bad("jump.title_empty", "jump_list[0].title \"\"", "jump_list[0].title", jump_list=[{"type": 1, "url": URL, "title": ""}])
        bad("jump.title_absent", "jump_list[1] without title", "jump_list[1].title", jump_list=[jump, {"type": 1, "url": URL}])
        bad("jump.type1_no_url", "jump_list[0].type 1 without url", "jump_list[0].url", jump_list=[{"type": 1, "title": "t"}])
        bad("jump.type1_empty_url", "jump_list[0].type 1 with url \"\"", "jump_list[0].url",
            jump_list=[{"type": 1, "url": "", "title": "t"}])
        bad("jump.type2_no_appid", "jump_list[2].type 2 without appid", "jump_list[2].appid",
            jump_list=[jump, jump, {"type": 2, "pagepath": "p", "title": "t"}])
        ok("jump.type2_appid_only", "jump_list type 2 with appid and no pagepath", jump_list=[{"type": 2, "appid": "wxapp", "title": "t"}])
        ok("jump.type0_no_url", "jump_list type 0 without url", jump_list=[{"type": 0, "title": "t"}])
        bad("jump.type_3", "jump_list[0].type 3", "jump_list[0].type", jump_list=[{"type": 3, "url": URL, "title": "t"}])
        bad("jump.type_neg", "jump_list[0].type -1", "jump_list[0].type", jump_list=[{"type": -1, "title": "t"}])
        # card_action: required, type ∈ {1, 2}
        bad("card_action.absent", "no card_action (required)", "card_action", card_action=ABSENT)
        bad("card_action.type_0", "card_action.type 0 (the list types' \"no click\" is not allowed here)",
            "card_action.type", card_action={"type": 0, "url": URL})
        bad("card_action.type_3", "card_action.type 3", "card_action.type", card_action={"type": 3, "url": URL})
        bad("card_action.type_neg", "card_action.type -1", "card_action.type", card_action={"type": -1, "url": URL})
        ok("card_action.type_1", "card_action.type 1 with url", card_action={"type": 1, "url": URL})
        ok("card_action.type_2", "card_action.type 2 with appid", card_action={"type": 2, "appid": "wxapp"})
        bad("card_action.type1_no_url", "card_action.type 1 without url", "card_action.url",
            card_action={"type": 1, "appid": "wxapp"})
        bad("card_action.type1_empty_url", "card_action.type 1 with url \"\"", "card_action.url", card_action={"type": 1, "url": ""})
        bad("card_action.type2_no_appid", "card_action.type 2 without appid", "card_action.appid",
            card_action={"type": 2, "url": URL, "pagepath": "p"})
        # suggested lengths ("建议不超过") are advice only
        ok("suggested.source_desc", "a 200-character source.desc (suggested ≤ 13 characters)",
           source={"desc": "企" * 200})
        ok("suggested.main_title", "a 300-character main_title.title and desc (suggested ≤ 26 / 30)",
           main_title={"title": "标" * 300, "desc": "述" * 300})
        ok("suggested.horizontal", "a 100-character keyname and 300-character value (suggested ≤ 5 / 26)",
           horizontal_content_list=[{"keyname": "键" * 100, "value": "值" * 300}])
        ok("suggested.jump_title", "a 100-character jump_list title (suggested ≤ 13)",
           jump_list=[{"type": 1, "url": URL, "title": "跳" * 100}])
        ok("suggested.quote_text", "a 3000-character quote_area.quote_text (no limit given)",
           quote_area={"title": "引" * 50, "quote_text": "文" * 3000})

    # ---- text_notice only
    tn, p = S_TEXT_NOTICE, "val.text_notice"
    c.ok(f"{p}.title_only", "text_notice: main_title.title without sub_title_text: accepted.", tn, card("text_notice"))
    c.ok(f"{p}.sub_title_only", "text_notice: sub_title_text with an empty main_title object: accepted.", tn,
         card("text_notice", main_title={}, sub_title_text="s"))
    c.reject(f"{p}.no_title_no_sub", "text_notice: neither main_title.title nor sub_title_text: rejected.", tn,
             card("text_notice", main_title={}), "template_card.main_title.title")
    c.reject(f"{p}.desc_only_no_sub", "text_notice: main_title with desc only and no sub_title_text: rejected.", tn,
             card("text_notice", main_title={"desc": "d"}), "template_card.main_title.title")
    c.reject(f"{p}.empty_title_empty_sub", "text_notice: main_title.title \"\" and sub_title_text \"\": rejected.", tn,
             card("text_notice", main_title={"title": ""}, sub_title_text=""), "template_card.main_title.title")
    c.ok(f"{p}.empty_title_with_sub", "text_notice: main_title.title \"\" but a sub_title_text: accepted (sent as given).",
         tn, card("text_notice", main_title={"title": ""}, sub_title_text="s"))
    c.ok(f"{p}.suggested.sub_title_text", "text_notice: a 1000-character sub_title_text (suggested ≤ 112): accepted.", tn,
         card("text_notice", sub_title_text="文" * 1000))
    c.ok(f"{p}.suggested.emphasis", "text_notice: 100-character emphasis_content title and desc (suggested ≤ 10 / 15): "
         "accepted.", tn, card("text_notice", emphasis_content={"title": "9" * 100, "desc": "述" * 100}))

    # ---- news_notice only
    nn, p = S_NEWS_NOTICE, "val.news_notice"
    c.reject(f"{p}.no_main_title", "news_notice without main_title: main_title.title is required.", nn,
             card("news_notice", main_title=ABSENT), "template_card.main_title.title")
    c.reject(f"{p}.main_title_desc_only", "news_notice: main_title with desc only.", nn,
             card("news_notice", main_title={"desc": "d"}), "template_card.main_title.title")
    c.reject(f"{p}.main_title_empty", "news_notice: main_title.title \"\".", nn,
             card("news_notice", main_title={"title": ""}), "template_card.main_title.title")
    c.reject(f"{p}.no_card_image", "news_notice without card_image: required.", nn,
             card("news_notice", card_image=ABSENT), "template_card.card_image")
    c.reject(f"{p}.card_image_url_empty", "news_notice: card_image.url \"\".", nn,
             card("news_notice", card_image={"url": ""}), "template_card.card_image.url")
    c.reject(f"{p}.card_image_url_absent", "news_notice: card_image without url.", nn,
             card("news_notice", card_image={"aspect_ratio": 1.5}), "template_card.card_image.url")
    for r in (1.3, 2.25, 1.31, 2.24):
        c.ok(f"{p}.aspect_ratio_{r}", f"news_notice: card_image.aspect_ratio {r}: accepted (1.3 and 2.25 inclusive).",
             nn, card("news_notice", card_image={"url": PIC, "aspect_ratio": r}))
    for r in (1.29, 2.26, 0, -1.5, 1, 3, 100):
        c.reject(f"{p}.aspect_ratio_{r}", f"news_notice: card_image.aspect_ratio {r}: outside 1.3..=2.25, rejected.",
                 nn, card("news_notice", card_image={"url": PIC, "aspect_ratio": r}), "template_card.card_image.aspect_ratio")
    c.ok(f"{p}.aspect_ratio_absent", "news_notice: no aspect_ratio (the server's default 1.3): accepted, absent from the body.",
         nn, card("news_notice", card_image={"url": PIC}))
    ita = "template_card.image_text_area"
    c.ok(f"{p}.image_text_area.type_2", "news_notice: image_text_area.type 2 with appid: accepted.", nn,
         card("news_notice", image_text_area={"type": 2, "appid": "wxapp", "image_url": PIC}))
    c.reject(f"{p}.image_text_area.type_3", "news_notice: image_text_area.type 3: rejected.", nn,
             card("news_notice", image_text_area={"type": 3, "url": URL, "image_url": PIC}), f"{ita}.type")
    c.reject(f"{p}.image_text_area.type_neg", "news_notice: image_text_area.type -1: rejected.", nn,
             card("news_notice", image_text_area={"type": -1, "image_url": PIC}), f"{ita}.type")
    c.reject(f"{p}.image_text_area.type1_no_url", "news_notice: image_text_area.type 1 without url: rejected.", nn,
             card("news_notice", image_text_area={"type": 1, "image_url": PIC}), f"{ita}.url")
    c.reject(f"{p}.image_text_area.type2_no_appid", "news_notice: image_text_area.type 2 without appid: rejected.", nn,
             card("news_notice", image_text_area={"type": 2, "url": URL, "image_url": PIC}), f"{ita}.appid")
    c.reject(f"{p}.image_text_area.image_url_empty", "news_notice: image_text_area.image_url \"\": rejected.", nn,
             card("news_notice", image_text_area={"title": "t", "image_url": ""}), f"{ita}.image_url")
    c.reject(f"{p}.image_text_area.image_url_absent", "news_notice: image_text_area without image_url: rejected.", nn,
             card("news_notice", image_text_area={"type": 0, "title": "t"}), f"{ita}.image_url")
    vertical = [{"title": f"标题{i}", "desc": "d"} for i in range(5)]
    c.ok(f"{p}.vertical.four", "news_notice: 4 vertical_content_list items (the limit): accepted.", nn,
         card("news_notice", vertical_content_list=vertical[:4]))
    c.reject(f"{p}.vertical.five", "news_notice: 5 vertical_content_list items: rejected.", nn,
             card("news_notice", vertical_content_list=vertical), "template_card.vertical_content_list")
    c.ok(f"{p}.vertical.empty", "news_notice: an empty vertical_content_list: accepted, omitted from the body.", nn,
         card("news_notice", vertical_content_list=[]))
    c.reject(f"{p}.vertical.title_empty", "news_notice: vertical_content_list[3].title \"\": rejected.", nn,
             card("news_notice", vertical_content_list=vertical[:3] + [{"title": "", "desc": "d"}]),
             "template_card.vertical_content_list[3].title")
    c.reject(f"{p}.vertical.title_absent", "news_notice: vertical_content_list[0] without title: rejected.", nn,
             card("news_notice", vertical_content_list=[{"desc": "d"}]), "template_card.vertical_content_list[0].title")
    c.ok(f"{p}.suggested.vertical", "news_notice: 300-character vertical title and 1000-character desc "
         "(suggested ≤ 26 / 112): accepted.", nn,
         card("news_notice", vertical_content_list=[{"title": "标" * 300, "desc": "文" * 1000}]))


def cases() -> Cases:
    c = Cases("Every hard rule of the spec at exactly its limit (accepted) and one step past it (rejected with "
              "kind validation and the exact field path); multi-byte characters straddling byte limits; "
              "suggested lengths (建议不超过) never enforced.")
    byte_limit_cases(c, "text", TEXT_MAX, S_TEXT)
    byte_limit_cases(c, "markdown", MARKDOWN_MAX, S_MARKDOWN)
    byte_limit_cases(c, "markdown_v2", MARKDOWN_MAX, S_MARKDOWN_V2)
    image_cases(c)
    news_cases(c)
    media_id_cases(c)
    card_cases(c)
    return c
