//! The spec's loose ends: text_notice `main_title` always sent, image md5/base64 leniency,
//! `null` lists, and the lenient JSON mode.

use serde_json::{json, Value};
use wecom_bot::{CardAction, ErrorKind, Image, Message, Rule, TextNoticeCard, UnknownFields};

fn body(m: impl Into<Message>) -> Value {
    serde_json::from_str(&m.into().to_json().unwrap()).unwrap()
}

fn field_of(r: wecom_bot::Result<Message>) -> (Option<String>, Option<Rule>) {
    let e = r.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation, "{e}");
    (e.field().map(str::to_owned), e.rule())
}

#[test]
fn text_notice_sends_an_empty_main_title_when_only_sub_title_text_is_given() {
    let card = TextNoticeCard::new(CardAction::url("https://example.com")).sub_title_text("sub");
    let b = body(card);
    assert_eq!(b["template_card"]["main_title"], json!({}));
    assert_eq!(b["template_card"]["sub_title_text"], "sub");
}

#[test]
fn a_json_text_notice_without_main_title_is_refused() {
    let j = json!({"msgtype": "template_card", "template_card": {"card_type": "text_notice",
        "sub_title_text": "sub", "card_action": {"type": 1, "url": "u"}}});
    let (field, rule) = field_of(Message::from_json(&j.to_string()));
    assert_eq!(field.as_deref(), Some("template_card.main_title"));
    assert_eq!(rule, Some(Rule::Required));
    // The lenient mode refuses it too: a missing required object is not an unknown field.
    let e = Message::from_json_with(&j.to_string(), UnknownFields::Drop).unwrap_err();
    assert_eq!(e.field(), Some("template_card.main_title"));
}

#[test]
fn a_json_text_notice_with_an_empty_main_title_and_sub_title_text_round_trips() {
    let j = json!({"msgtype": "template_card", "template_card": {"card_type": "text_notice",
        "main_title": {}, "sub_title_text": "sub", "card_action": {"type": 1, "url": "u"}}});
    let m = Message::from_json(&j.to_string()).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&m.to_json().unwrap()).unwrap(), j);
}

fn png() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/icon.png")).unwrap()
}

#[test]
fn image_md5_in_upper_case_is_accepted_and_sent_lower_case() {
    let real = Image::from_bytes(&png()).unwrap();
    let img = Image::from_base64(real.base64(), real.md5().to_ascii_uppercase());
    let b = body(img);
    assert_eq!(b["image"]["md5"], real.md5());
    assert!(real.md5().bytes().all(|c| !c.is_ascii_uppercase()));
}

#[test]
fn image_base64_with_line_breaks_is_accepted_and_sent_stripped() {
    let real = Image::from_bytes(&png()).unwrap();
    let wrapped: String = real
        .base64()
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n\t ");
    let j = json!({"msgtype": "image", "image": {"base64": format!(" {wrapped}\n"), "md5": real.md5()}});
    let m = Message::from_json(&j.to_string()).unwrap();
    let b: Value = serde_json::from_str(&m.to_json().unwrap()).unwrap();
    assert_eq!(b["image"]["base64"], real.base64());
}

#[test]
fn null_for_an_optional_list_is_absent() {
    let j =
        json!({"msgtype": "text", "text": {"content": "hi", "mentioned_list": null, "mentioned_mobile_list": null}});
    let m = Message::from_json(&j.to_string()).unwrap();
    assert_eq!(m.to_json().unwrap(), r#"{"msgtype":"text","text":{"content":"hi"}}"#);
    let card = json!({"msgtype": "template_card", "template_card": {"card_type": "news_notice",
        "main_title": {"title": "t"}, "card_image": {"url": "i"}, "card_action": {"type": 1, "url": "u"},
        "horizontal_content_list": null, "jump_list": null, "vertical_content_list": null}});
    let b: Value = serde_json::from_str(&Message::from_json(&card.to_string()).unwrap().to_json().unwrap()).unwrap();
    assert!(b["template_card"].get("jump_list").is_none());
    // A required list stays required.
    let (field, _) = field_of(Message::from_json(r#"{"msgtype":"news","news":{"articles":null}}"#));
    assert_eq!(field.as_deref(), Some("news.articles"));
}

fn app_message_style() -> Value {
    json!({
        "msgtype": "news",
        "safe": 0,
        "enable_duplicate_check": 1,
        "news": {"articles": [{"title": "t", "url": "u", "appid": "wx1", "pagepath": "p"}]},
    })
}

#[test]
fn strict_parsing_refuses_an_unknown_field_by_name() {
    let (field, _) = field_of(Message::from_json(&app_message_style().to_string()));
    assert!(matches!(field.as_deref(), Some("safe" | "enable_duplicate_check")), "{field:?}");
    let (field, _) =
        field_of(Message::from_json(r#"{"msgtype":"news","news":{"articles":[{"title":"t","url":"u","appid":"x"}]}}"#));
    assert_eq!(field.as_deref(), Some("news.articles[0].appid"));
}

#[test]
fn lenient_parsing_drops_unknown_fields_and_names_each_one() {
    let parsed = Message::from_json_with(&app_message_style().to_string(), UnknownFields::Drop).unwrap();
    let mut dropped = parsed.dropped.clone();
    dropped.sort();
    assert_eq!(dropped, ["enable_duplicate_check", "news.articles[0].appid", "news.articles[0].pagepath", "safe"]);
    let warning = parsed.warning().unwrap();
    assert!(warning.contains("safe") && warning.contains("news.articles[0].appid"), "{warning}");
    assert_eq!(
        parsed.message.to_json().unwrap(),
        r#"{"msgtype":"news","news":{"articles":[{"title":"t","url":"u"}]}}"#
    );
}

#[test]
fn lenient_parsing_reaches_into_cards_and_keeps_every_other_rule() {
    let j = json!({"msgtype": "template_card", "template_card": {"card_type": "text_notice",
        "task_id": "t1", "main_title": {"title": "T", "colour": "red"},
        "horizontal_content_list": [{"keyname": "k", "value": "v", "extra": 1}],
        "card_action": {"type": 1, "url": "u"}}});
    let parsed = Message::from_json_with(&j.to_string(), UnknownFields::Drop).unwrap();
    let mut dropped = parsed.dropped.clone();
    dropped.sort();
    assert_eq!(
        dropped,
        ["template_card.horizontal_content_list[0].extra", "template_card.main_title.colour", "template_card.task_id"]
    );
    // A known field of the wrong type is still an error naming it.
    let bad = json!({"msgtype": "text", "x": 1, "text": {"content": 5}});
    let e = Message::from_json_with(&bad.to_string(), UnknownFields::Drop).unwrap_err();
    assert_eq!(e.field(), Some("text.content"));
    // Nothing dropped: no warning.
    let ok = Message::from_json_with(r#"{"msgtype":"text","text":{"content":"a"}}"#, UnknownFields::Drop).unwrap();
    assert!(ok.dropped.is_empty() && ok.warning().is_none());
}

#[test]
fn only_a_type_2_horizontal_line_refers_to_media() {
    let j = json!({"msgtype": "template_card", "template_card": {"card_type": "text_notice",
        "main_title": {"title": "T"}, "card_action": {"type": 1, "url": "u"},
        "horizontal_content_list": [
            {"keyname": "a", "type": 1, "url": "u", "media_id": "ignored"},
            {"keyname": "b", "type": 2, "media_id": "used"}]}});
    let m = Message::from_json(&j.to_string()).unwrap();
    assert_eq!(m.media_ids(), ["used"]);
}
