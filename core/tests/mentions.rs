//! One mention API on text, markdown and markdown_v2, each type using what it supports.

use wecom_bot::{ErrorKind, Markdown, MarkdownV2, Message, Rule, Text};

fn json(m: impl Into<Message>) -> String {
    m.into().to_json().unwrap()
}

fn refused(m: impl Into<Message>) -> (String, Rule) {
    let e = m.into().validate().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation, "{e}");
    (e.field().unwrap().to_owned(), e.rule().unwrap())
}

#[test]
fn text_mentions_go_into_its_lists() {
    let t = Text::new("hi").mention("alice").mention_mobile("13800001111").mention_all();
    assert_eq!(
        json(t),
        r#"{"msgtype":"text","text":{"content":"hi","mentioned_list":["alice","@all"],"mentioned_mobile_list":["13800001111"]}}"#
    );
}

#[test]
fn markdown_mentions_userids_inline() {
    let m = Markdown::new("**build failed**").mention("alice").mention("bob");
    assert_eq!(json(m), r#"{"msgtype":"markdown","markdown":{"content":"**build failed**\n<@alice> <@bob>"}}"#);
    let m = Markdown::new("ends with a newline\n").mention("alice");
    assert_eq!(json(m), r#"{"msgtype":"markdown","markdown":{"content":"ends with a newline\n<@alice>"}}"#);
}

#[test]
fn markdown_refuses_mobiles_and_all_without_a_followup() {
    assert_eq!(
        refused(Markdown::new("x").mention_mobile("13800001111")),
        ("markdown.mentioned_mobile_list".into(), Rule::AllowedValues)
    );
    assert_eq!(refused(Markdown::new("x").mention_all()), ("markdown.mentioned_list[0]".into(), Rule::AllowedValues));
    assert_eq!(refused(Markdown::new("x").mention("a b")), ("markdown.mentioned_list[0]".into(), Rule::Format));
    assert_eq!(refused(Markdown::new("x").mention("")), ("markdown.mentioned_list[0]".into(), Rule::Format));
}

#[test]
fn inline_mentions_count_towards_the_content_limit() {
    let m = Markdown::new("a".repeat(4096 - 9)).mention("alice"); // "\n<@alice>" is 9 bytes
    assert!(m.validate().is_ok());
    let m = Markdown::new("a".repeat(4096 - 8)).mention("alice");
    assert_eq!(refused(m), ("markdown.content".into(), Rule::MaxBytes));
}

#[test]
fn markdown_v2_refuses_every_mention_without_a_followup() {
    assert_eq!(
        refused(MarkdownV2::new("x").mention("alice")),
        ("markdown_v2.mentioned_list".into(), Rule::AllowedValues)
    );
    assert_eq!(
        refused(MarkdownV2::new("x").mention_mobile("13800001111")),
        ("markdown_v2.mentioned_mobile_list".into(), Rule::AllowedValues)
    );
    let e = Message::from(MarkdownV2::new("x").mention_all()).validate().unwrap_err();
    assert!(e.to_string().contains("mention_followup"), "{e}");
}

#[test]
fn a_followup_text_carries_every_mention() {
    let m = MarkdownV2::new("| a |\n| --- |\n| 1 |")
        .mention("alice")
        .mention_mobile("13800001111")
        .mention_followup("see above");
    assert_eq!(json(m.clone()), r#"{"msgtype":"markdown_v2","markdown_v2":{"content":"| a |\n| --- |\n| 1 |"}}"#);
    let f = m.followup_text().unwrap();
    assert_eq!(
        json(f),
        r#"{"msgtype":"text","text":{"content":"see above","mentioned_list":["alice"],"mentioned_mobile_list":["13800001111"]}}"#
    );
    // Markdown with a follow-up: nothing inline, everything in the text.
    let m = Markdown::new("x").mention("alice").mention_all().mention_followup("↑");
    assert_eq!(json(m.clone()), r#"{"msgtype":"markdown","markdown":{"content":"x"}}"#);
    assert_eq!(m.followup_text().unwrap().mentioned_list, ["alice", "@all"]);
    assert_eq!(Message::from(m).followup_text().unwrap().content, "↑");
    // No mentions: no follow-up, whatever was asked.
    assert!(MarkdownV2::new("x").mention_followup("↑").followup_text().is_none());
    // An empty follow-up text is refused by name.
    assert_eq!(
        refused(MarkdownV2::new("x").mention("a").mention_followup("")),
        ("markdown_v2.mention_followup".into(), Rule::Required)
    );
}

#[test]
fn parsed_markdown_has_no_mentions() {
    let m = Message::from_json(r#"{"msgtype":"markdown","markdown":{"content":"<@alice> hi"}}"#).unwrap();
    assert_eq!(m.to_json().unwrap(), r#"{"msgtype":"markdown","markdown":{"content":"<@alice> hi"}}"#);
}
