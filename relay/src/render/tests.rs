use super::*;
use serde_json::json;

fn group(n: usize, status: &str) -> serde_json::Value {
    let alerts: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "status": status,
                "labels": { "alertname": format!("Alert{i:03}"), "severity": "critical", "instance": format!("host-{i}.example:9100") },
                "annotations": { "summary": format!("disk {i} is {}% full", 90 + i % 10) },
                "startsAt": "2026-12-02T22:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "http://prom.example/graph"
            })
        })
        .collect();
    let firing: Vec<_> = alerts.iter().filter(|a| a["status"] == "firing").cloned().collect();
    let resolved: Vec<_> = alerts.iter().filter(|a| a["status"] == "resolved").cloned().collect();
    json!({ "alerts": alerts, "firing": firing, "resolved": resolved, "group": "DiskFull", "truncatedAlerts": 0 })
}

fn templates() -> Templates {
    Templates::new(&BTreeMap::new()).unwrap()
}

fn none() -> Mentions {
    Mentions::default()
}

fn shape(format: Format, mentions: &Mentions) -> Shape<'_> {
    Shape { format, mentions, mention_text: "see above", card_url: "http://am.example" }
}

fn contents(ms: &[Message]) -> Vec<String> {
    ms.iter()
        .map(|m| {
            let v: serde_json::Value = serde_json::from_str(&m.to_json().unwrap()).unwrap();
            v[m.msgtype()]["content"].as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())
        })
        .collect()
}

#[test]
fn every_builtin_renders_every_alert_with_its_labels() {
    let t = templates();
    for format in [Format::Markdown, Format::MarkdownV2, Format::Text, Format::TextNotice] {
        let text = t.render(format.as_str(), &group(3, "firing")).unwrap();
        for i in 0..3 {
            assert!(text.contains(&format!("Alert{i:03}")), "{format:?}: {text}");
            assert!(text.contains(&format!("host-{i}.example:9100")), "{format:?}: {text}");
        }
        assert!(text.contains("FIRING 3"), "{format:?}: {text}");
        assert!(!text.contains("more"), "no truncation note without truncatedAlerts: {text}");
        let resolved = t.render(format.as_str(), &group(2, "resolved")).unwrap();
        assert!(resolved.contains("RESOLVED 2") && !resolved.contains("FIRING"), "{format:?}: {resolved}");
    }
}

#[test]
fn truncated_alerts_are_counted_only_when_alertmanager_says_so() {
    let mut ctx = group(1, "firing");
    ctx["truncatedAlerts"] = json!(7);
    for format in ["markdown", "markdown_v2", "text", "text_notice"] {
        assert!(templates().render(format, &ctx).unwrap().contains("…and 7 more"), "{format}");
    }
}

#[test]
fn a_long_group_is_split_with_every_alert_shown() {
    let t = templates();
    let ctx = group(200, "firing");
    for (format, limit) in [(Format::Markdown, 4096), (Format::MarkdownV2, 4096), (Format::Text, 2048)] {
        let text = t.render(format.as_str(), &ctx).unwrap();
        let ms = messages(&text, &shape(format, &none())).unwrap();
        assert!(ms.len() > 2, "{format:?}: {} messages", ms.len());
        let all = contents(&ms).join("\n");
        for i in 0..200 {
            assert!(all.contains(&format!("Alert{i:03}")), "{format:?}: Alert{i:03} missing");
        }
        for (i, c) in contents(&ms).iter().enumerate() {
            assert!(c.len() <= limit, "{format:?}: {} bytes", c.len());
            assert!(c.starts_with(&format!("({}/{})", i + 1, ms.len())), "{format:?}: page marker: {c:.40}");
        }
    }
    let text = t.render("markdown_v2", &ctx).unwrap();
    for c in contents(&messages(&text, &shape(Format::MarkdownV2, &none())).unwrap()) {
        assert!(c.contains("| alert | labels |"), "each page repeats the table header");
    }
    let text = t.render("text_notice", &ctx).unwrap();
    let cards = messages(&text, &shape(Format::TextNotice, &none())).unwrap();
    assert!(cards.len() > 1 && cards.iter().all(|m| m.msgtype() == "template_card"));
}

#[test]
fn mentions_use_what_each_format_supports() {
    let users = Mentions { userids: vec!["zhangsan".into()], mobiles: vec![] };
    let ms = messages("hello", &shape(Format::Markdown, &users)).unwrap();
    assert_eq!(contents(&ms), ["hello\n<@zhangsan>"]);
    let everyone = Mentions { userids: vec!["@all".into()], mobiles: vec!["13800001111".into()] };
    let ms = messages("hello", &shape(Format::Markdown, &everyone)).unwrap();
    let followup = ms[0].followup_text().expect("a follow-up carries @all and mobiles");
    assert_eq!(followup.content, "see above");
    assert_eq!(
        (followup.mentioned_list, followup.mentioned_mobile_list),
        (everyone.userids.clone(), everyone.mobiles.clone())
    );
    let ms = messages("hello", &shape(Format::MarkdownV2, &users)).unwrap();
    assert_eq!(ms[0].followup_text().unwrap().mentioned_list, ["zhangsan"]);
    let ms = messages("hello", &shape(Format::Text, &everyone)).unwrap();
    let json = ms[0].to_json().unwrap();
    assert!(json.contains(r#""mentioned_list":["@all"]"#) && json.contains("13800001111"), "{json}");
    let ms = messages("Title\nbody", &shape(Format::TextNotice, &users)).unwrap();
    assert_eq!(ms.len(), 2);
    assert_eq!(
        ms[1].to_json().unwrap(),
        r#"{"msgtype":"text","text":{"content":"see above","mentioned_list":["zhangsan"]}}"#
    );
    let card = ms[0].to_json().unwrap();
    assert!(card.contains(r#""title":"Title""#) && card.contains(r#""sub_title_text":"body""#), "{card}");
}

#[test]
fn inline_mentions_leave_room_in_the_first_chunk() {
    let users = Mentions { userids: vec!["zhangsan".into(), "lisi".into()], mobiles: vec![] };
    let long: String = (0..400).map(|i| format!("line {i:04} of the alert text\n")).collect();
    let ms = messages(&long, &shape(Format::Markdown, &users)).unwrap();
    let c = contents(&ms);
    assert!(c[0].ends_with("<@zhangsan> <@lisi>") && c[0].len() <= 4096, "{}", c[0].len());
}

#[test]
fn bad_templates_and_empty_output_are_errors() {
    assert!(check_template("t", "{{ x").unwrap_err().contains("template line 1"));
    let own: BTreeMap<String, String> = [("t".to_owned(), "{{ 1 / 0 }}".to_owned())].into();
    let t = Templates::new(&own).unwrap();
    assert!(t.render("t", &json!({})).is_err());
    let own: BTreeMap<String, String> = [("t".to_owned(), "{% if false %}x{% endif %}".to_owned())].into();
    let text = Templates::new(&own).unwrap().render("t", &json!({})).unwrap();
    assert!(messages(&text, &shape(Format::Markdown, &none())).is_err());
    let loop_forever: BTreeMap<String, String> = [(
        "t".to_owned(),
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}".to_owned(),
    )]
    .into();
    assert!(Templates::new(&loop_forever).unwrap().render("t", &json!({})).is_err(), "out of fuel");
}

#[test]
fn many_mentions_go_to_a_follow_up() {
    let crowd = Mentions { userids: (0..400).map(|i| format!("user{i:04}")).collect(), mobiles: vec![] };
    let ms = messages("hello", &shape(Format::Markdown, &crowd)).unwrap();
    assert_eq!(contents(&ms), ["hello"]);
    assert_eq!(ms[0].followup_text().unwrap().mentioned_list.len(), 400);
}
