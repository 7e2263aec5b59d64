//! Behaviour pinned where mutation testing (scripts/mutants.sh) found it unpinned: each test
//! names the mutant it kills. They test behaviour through the public API, not the code.

use base64::Engine as _;
use serde_json::json;
use wecom_bot::media::{self, MediaKind};
use wecom_bot::{Error, ErrorKind, HorizontalContent, Image, Message, Rule};

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
const MIB: usize = 1 << 20;

fn png_of(len: usize) -> Vec<u8> {
    let mut bytes = PNG_MAGIC.to_vec();
    bytes.resize(len, 0);
    bytes
}

fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("mutation-pins");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn rule(e: &Error) -> (ErrorKind, Option<&str>, Option<Rule>) {
    (e.kind(), e.field(), e.rule())
}

/// image.rs: the 2 MiB boundary through `from_path` (`>` → `>=` and the size check removed).
#[test]
fn image_from_path_accepts_exactly_2_mib_and_refuses_one_byte_more() {
    let at = scratch("at-limit.png", &png_of(2 * MIB));
    let image = Image::from_path(&at).expect("exactly 2 MiB is allowed");
    assert_eq!(image.base64().len(), (2 * MIB).div_ceil(3) * 4);
    let over = scratch("over-limit.png", &png_of(2 * MIB + 1));
    let e = Image::from_path(&over).unwrap_err();
    assert_eq!(rule(&e), (ErrorKind::Validation, Some("image.base64"), Some(Rule::MaxBytes)));
    assert_eq!(e.limit(), Some(2 * MIB as u64));
    assert!(e.message().contains("2097153 bytes"), "{e}");
    // And from memory and from a stream, the same boundary.
    assert!(Image::from_bytes(&png_of(2 * MIB)).is_ok());
    assert_eq!(Image::from_bytes(&png_of(2 * MIB + 1)).unwrap_err().rule(), Some(Rule::MaxBytes));
    assert!(Image::from_reader(&png_of(2 * MIB)[..]).is_ok());
    assert_eq!(Image::from_reader(&png_of(2 * MIB + 1)[..]).unwrap_err().rule(), Some(Rule::MaxBytes));
}

/// image.rs: the accessors (replaced by "" / "xyzzy").
#[test]
fn image_accessors_return_the_encoding_and_the_md5() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/icon.png")).unwrap();
    let image = Image::from_bytes(&bytes).unwrap();
    assert_eq!(image.base64(), base64::engine::general_purpose::STANDARD.encode(&bytes));
    assert_eq!(image.md5(), "b2aaeb228c08084adb7002065e1f59e7");
    let given = Image::from_base64(image.base64(), image.md5());
    assert_eq!((given.base64(), given.md5()), (image.base64(), image.md5()));
    given.validate().unwrap();
}

/// image.rs: the md5 format check (`&&` → `||`): both a 31-digit hex string and 32 characters
/// with a non-hex one are format errors, not md5 mismatches.
#[test]
fn image_md5_must_be_32_hex_digits() {
    let b64 = base64::engine::general_purpose::STANDARD.encode(png_of(64));
    for md5 in ["b2aaeb228c08084adb7002065e1f59e", "b2aaeb228c08084adb7002065e1f59ez", ""] {
        let e = Image::from_base64(b64.clone(), md5).validate().unwrap_err();
        assert_eq!(rule(&e), (ErrorKind::Validation, Some("image.md5"), Some(Rule::Format)), "{md5:?}: {e}");
    }
    let e = Image::from_base64(b64, "0".repeat(32)).validate().unwrap_err();
    assert_eq!(e.rule(), Some(Rule::Md5Mismatch));
}

/// card.rs: `card_type` (replaced by a constant) and the news_notice match guard.
#[test]
fn card_types_parse_and_serialize_as_themselves() {
    let news = json!({"msgtype": "template_card", "template_card": {
        "card_type": "news_notice",
        "main_title": {"title": "t"},
        "card_image": {"url": "https://x/i.png"},
        "card_action": {"type": 1, "url": "https://x"}}});
    let text = json!({"msgtype": "template_card", "template_card": {
        "card_type": "text_notice",
        "main_title": {"title": "t"},
        "card_action": {"type": 1, "url": "https://x"}}});
    for body in [news, text] {
        let m = Message::from_json(&body.to_string()).unwrap();
        let out: serde_json::Value = serde_json::from_str(&m.to_json().unwrap()).unwrap();
        assert_eq!(out["template_card"]["card_type"], body["template_card"]["card_type"]);
        let Message::TemplateCard(card) = m else { panic!("a card") };
        assert_eq!(card.card_type(), body["template_card"]["card_type"]);
    }
    let bogus = json!({"msgtype": "template_card", "template_card": {"card_type": "vote_interaction"}});
    let e = Message::from_json(&bogus.to_string()).unwrap_err();
    assert_eq!(rule(&e), (ErrorKind::Validation, Some("template_card.card_type"), Some(Rule::AllowedValues)));
}

/// card.rs: `HorizontalContent::member` (replaced by `Default::default()`).
#[test]
fn a_member_line_is_type_3_with_its_userid() {
    let line = HorizontalContent::member("owner", "Zhang San", "zhangsan");
    assert_eq!(
        serde_json::to_value(&line).unwrap(),
        json!({"keyname": "owner", "value": "Zhang San", "type": 3, "userid": "zhangsan"})
    );
}

/// media.rs: the upload size boundaries (`>` → `>=`, `<=` → `<`).
#[test]
fn upload_sizes_at_and_past_each_limit() {
    for (kind, max) in [(MediaKind::File, 20 << 20), (MediaKind::Voice, 2 << 20)] {
        media::validate_upload_len(kind, max).unwrap();
        let e = media::validate_upload_len(kind, max + 1).unwrap_err();
        assert_eq!((e.rule(), e.limit()), (Some(Rule::MaxBytes), Some(max)));
        media::validate_upload_len(kind, 6).unwrap();
        let e = media::validate_upload_len(kind, 5).unwrap_err();
        assert_eq!((e.rule(), e.limit()), (Some(Rule::MinBytes), Some(5)));
    }
    assert_eq!(media::upload_too_large(MediaKind::Voice, 9).limit(), Some(2 << 20));
}

/// media.rs: `MediaKind`'s `Display` (→ `Ok(Default::default())`, which writes nothing): the
/// kind shows in error messages and is the upload URL's `type`.
#[test]
fn a_media_kind_displays_as_its_type() {
    assert_eq!(MediaKind::File.to_string(), "file");
    assert_eq!(format!("{}", MediaKind::Voice), "voice");
    let e = media::upload_too_large(MediaKind::Voice, 3 << 20);
    assert!(e.message().contains("the voice is 3145728 bytes"), "{}", e.message());
}

/// input.rs: `MESSAGE_JSON_MAX_BYTES` (`8 << 20` → `8 >> 20`, i.e. 0): the largest valid
/// message, a 2 MiB image, is read whole as wire JSON through the bounded reader.
#[test]
fn the_largest_valid_message_fits_the_wire_json_limit() {
    let message = Message::from(Image::from_bytes(&png_of(2 * MIB)).unwrap());
    let json = message.to_json().unwrap();
    let path = scratch("largest-message.json", json.as_bytes());
    match wecom_bot::input::read_file(&path, wecom_bot::input::MESSAGE_JSON_MAX_BYTES).unwrap() {
        wecom_bot::input::Bounded::Bytes(b) => assert_eq!(b.len(), json.len()),
        other => panic!("a valid message was refused: {other:?}"),
    }
}

/// message/mod.rs: a markdown_v2 message's follow-up text (the match arm deleted in
/// `Message::followup_text`): the client and the outbox send what this returns after it.
#[test]
fn a_markdown_v2_message_hands_over_its_followup_text() {
    let message: Message =
        wecom_bot::MarkdownV2::new("**deploy** done").mention("alice").mention_followup("see above").into();
    let text = message.followup_text().expect("a follow-up was asked for");
    assert_eq!((text.content.as_str(), text.mentioned_list.as_slice()), ("see above", ["alice".to_owned()].as_slice()));
    let plain: Message = wecom_bot::MarkdownV2::new("no mentions").mention_followup("see above").into();
    assert_eq!(plain.followup_text(), None, "nobody to mention: no follow-up");
}

/// message/mod.rs: a voice message names its media id (the match arm deleted in
/// `Message::media_ids`), as a file message does.
#[test]
fn voice_and_file_messages_name_their_media_id() {
    let voice: Message = wecom_bot::Voice { media_id: "3voice".into() }.into();
    let file: Message = wecom_bot::File { media_id: "3file".into() }.into();
    assert_eq!((voice.media_ids(), file.media_ids()), (vec!["3voice"], vec!["3file"]));
    assert!(Message::from(wecom_bot::Text::new("hi")).media_ids().is_empty());
}

/// image.rs: an image's Debug output shows its size and md5, never its megabytes of base64 (the
/// `Debug` impl replaced by an empty one).
#[test]
fn an_image_debugs_as_its_size_and_md5() {
    let image = Image::from_bytes(&png_of(1000)).unwrap();
    let shown = format!("{image:?}");
    assert!(shown.contains(image.md5()) && shown.contains(&format!("base64_len: {}", image.base64().len())), "{shown}");
    assert!(!shown.contains(image.base64()), "the payload itself is not shown");
}

/// image.rs: an oversize base64 payload is refused by its size before it is decoded, so it is
/// a size error even when it is not valid base64 either (`>` → `==` in the early size check).
#[test]
fn oversize_base64_is_a_size_error_before_any_decoding() {
    let mut base64 = "A".repeat((2 * MIB + 4) / 3 * 4);
    base64.push_str("!!!!");
    let e = Message::from(Image::from_base64(base64, "0".repeat(32))).validate().unwrap_err();
    assert_eq!(rule(&e), (ErrorKind::Validation, Some("image.base64"), Some(Rule::MaxBytes)));
    // The size it names is the one the base64's length stands for: 2796212 / 4 * 3 bytes.
    assert!(e.to_string().contains("the image is 2097159 bytes"), "{e}");
}

/// message/json.rs: in the lenient parse (unknown fields dropped), a JSON null in an optional
/// field is that field left out, as in the strict parse (the `Value::Null` arm of
/// `deserialize_option` deleted).
#[test]
fn the_lenient_parse_reads_null_as_an_absent_optional_field() {
    let strict = r#"{"msgtype":"template_card","template_card":{"card_type":"text_notice","main_title":{"title":"t"},"sub_title_text":null,"card_action":{"type":1,"url":"https://example.com"}}}"#;
    let lenient = strict.replace(r#""sub_title_text":null"#, r#""sub_title_text":null,"safe":0"#);
    let parsed = Message::from_json_with(&lenient, wecom_bot::UnknownFields::Drop).unwrap();
    assert_eq!(parsed.dropped, ["template_card.safe"]);
    assert_eq!(parsed.message, Message::from_json(strict).unwrap());
}

/// message/json.rs: a dropped field's path names its own array element (`+=` → `*=` on the
/// element index of the lenient parse left every path at `[0]`).
#[test]
fn dropped_fields_name_their_array_element() {
    let article = |t: &str| json!({"title": t, "url": "https://example.com", "appid": "wx1"});
    let body = json!({"msgtype": "news", "news": {"articles": [article("a"), article("b"), article("c")]}});
    let parsed = Message::from_json_with(&body.to_string(), wecom_bot::UnknownFields::Drop).unwrap();
    assert_eq!(parsed.dropped, ["news.articles[0].appid", "news.articles[1].appid", "news.articles[2].appid"]);
}

/// message/mention.rs: a markdown mention cannot hold '<' (nor '>'), each refused alone
/// (`||` → `&&` between the two made both pass).
#[test]
fn a_markdown_mention_with_an_angle_bracket_is_refused() {
    for userid in ["a<b", "a>b"] {
        let e = Message::from(wecom_bot::Markdown::new("hi").mention(userid)).validate().unwrap_err();
        assert_eq!(
            rule(&e),
            (ErrorKind::Validation, Some("markdown.mentioned_list[0]"), Some(Rule::Format)),
            "{userid}"
        );
    }
}

/// message/news.rs: `News::article` adds the article (replaced by an empty `News`).
#[test]
fn news_article_adds_an_article() {
    let news = wecom_bot::News::new([wecom_bot::Article::new("a", "https://example.com/a")])
        .article(wecom_bot::Article::new("b", "https://example.com/b"));
    assert_eq!(news.articles.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(), ["a", "b"]);
}

/// store/mod.rs: `WECOM_BOT_STORE` names the store when set, and a blank value counts as unset
/// (the guard `!v.trim().is_empty()` replaced by `true` or by `false`).
#[test]
fn wecom_bot_store_names_the_store_and_blank_means_unset() {
    use wecom_bot::Store;
    let state = tempfile::tempdir().unwrap();
    let state_dir = state.path().to_str().unwrap().to_owned();
    let env = |store: &'static str| {
        let state_dir = state_dir.clone();
        move |name: &str| match name {
            "WECOM_BOT_STORE" => Some(store.to_owned()),
            "XDG_STATE_HOME" => Some(state_dir.clone()),
            _ => None,
        }
    };
    assert_eq!(Store::Default.resolve_with(env("memory")).unwrap(), Store::Memory);
    let default = Store::Default.resolve_with(env("  ")).unwrap();
    assert!(matches!(&default, Store::Sqlite(p) if p.starts_with(state.path())), "{default:?}");
}
