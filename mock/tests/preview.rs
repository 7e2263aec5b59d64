//! The inbox page over real HTTP: every message type shown, everything escaped, keys masked,
//! remote pictures never fetched, the Content-Security-Policy, the per-key filter, the live
//! update's version, and the static snapshot.

mod common;

use common::*;
use serde_json::json;
use wecom_bot_mock::{Fault, MediaKind, MockConfig, MockServer, INBOX_CSP, INBOX_MAX_SHOWN};

fn get(server: &MockServer, target: &str) -> Resp {
    request(server.addr(), "GET", target, &[], b"").expect("GET")
}

fn page(server: &MockServer, target: &str) -> String {
    let resp = get(server, target);
    assert_eq!(resp.status, 200, "{target}: {}", resp.text());
    assert!(resp.header("content-type").unwrap().starts_with("text/html"), "{target}");
    assert_eq!(resp.header("content-security-policy"), Some(INBOX_CSP), "{target}");
    let body = resp.text();
    assert!(!body.contains(KEY) && !body.contains(OTHER_KEY), "a key on the page {target}");
    body
}

#[test]
fn the_csp_allows_only_the_mock_and_data_images() {
    assert!(INBOX_CSP.starts_with("default-src 'self'; img-src 'self' data:"), "{INBOX_CSP}");
    let server = start(MockConfig::default());
    for target in ["/", "/inbox", "/inbox/list", "/inbox/version", "/inbox/assets/style.css", "/inbox/assets/app.js"] {
        let resp = get(&server, target);
        assert_eq!(resp.status, 200, "{target}");
        assert_eq!(resp.header("content-security-policy"), Some(INBOX_CSP), "{target}");
        assert_eq!(resp.header("x-content-type-options"), Some("nosniff"), "{target}");
    }
    let html = page(&server, "/");
    // Scripts and styles come from the mock itself; nothing inline runs.
    assert!(html.contains("<script src=\"/inbox/assets/app.js\" defer></script>"), "{html}");
    assert!(!html.contains("<script>") && !html.contains(" style="), "{html}");
    assert_eq!(get(&server, "/inbox/nope").status, 404);
    let post = request(server.addr(), "POST", "/inbox", &[], b"").unwrap();
    assert_eq!(post.status, 405);
}

#[test]
fn hostile_content_is_escaped() {
    let server = start(MockConfig::default());
    let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    send(&server, KEY, &text(hostile));
    send(
        &server,
        KEY,
        &json!({"msgtype": "markdown", "markdown": {"content": format!("[a](javascript:alert(1)) {hostile} <font color=\"info\" onclick=\"x()\">c</font> <font color=\"info\">d</font>")}}),
    );
    send(
        &server,
        KEY,
        &json!({"msgtype": "markdown_v2", "markdown_v2": {"content": format!("[b](JavaScript:alert(2)) ![i](javascript:alert(3))\n\n| {hostile} |\n| --- |\n| <b>x</b> |\n")}}),
    );
    send(
        &server,
        KEY,
        &json!({"msgtype": "news", "news": {"articles": [{"title": hostile, "url": "javascript:alert(4)", "picurl": "javascript:alert(5)"}]}}),
    );
    // refused: the body is shown as text
    send_raw(&server, KEY, format!("{{\"msgtype\": \"{hostile}\"}}").as_bytes());
    let html = page(&server, "/");
    for bad in
        ["<script>alert", "<img src=x", "href=\"javascript", "href=\"JavaScript", "src=\"javascript", "<font", "<b>"]
    {
        assert!(!html.contains(bad), "{bad} on the page");
    }
    // The only pictures are sent ones (none here); no element gets an event handler.
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains(" onerror=\"") && !html.contains(" onclick=\""), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "{html}");
    // the links are shown inert, the colour kept
    assert!(html.contains("class=\"link-inert\""), "{html}");
    assert!(html.contains("class=\"font-info\""), "{html}");
}

#[test]
fn every_message_type_is_shown() {
    let server = start(MockConfig::default());
    server.register_media(KEY, "MEDIA_FILE", MediaKind::File);
    let up = upload(&server, KEY, "file", "report.pdf", &[7u8; 3000]).json();
    let file_id = up["media_id"].as_str().unwrap().to_string();
    send(
        &server,
        KEY,
        &json!({"msgtype": "text", "text": {"content": "hello <@zhangsan>", "mentioned_list": ["wangqing", "@all"], "mentioned_mobile_list": ["13800001111"]}}),
    );
    send(
        &server,
        KEY,
        &json!({"msgtype": "markdown", "markdown": {"content": "# H1\n**bold** <font color=\"warning\">132例</font>\n> quote"}}),
    );
    send(
        &server,
        KEY,
        &json!({"msgtype": "markdown_v2", "markdown_v2": {"content": "| a | b |\n| :-: | --: |\n| 1 | 2 |\n\n- x\n- y\n\n```\ncode\n```\n\n---\n![pic](https://example.invalid/p.png)"}}),
    );
    send(&server, KEY, &image(&fixture("icon.png")));
    send(
        &server,
        KEY,
        &json!({"msgtype": "news", "news": {"articles": [
        {"title": "T1", "description": "D1", "url": "https://example.invalid/1", "picurl": "https://example.invalid/1.png"},
        {"title": "T2", "url": "https://example.invalid/2"}]}}),
    );
    send(&server, KEY, &json!({"msgtype": "file", "file": {"media_id": file_id}}));
    send(&server, KEY, &json!({"msgtype": "file", "file": {"media_id": "MEDIA_FILE"}}));
    send(
        &server,
        KEY,
        &json!({"msgtype": "template_card", "template_card": {
        "card_type": "news_notice",
        "source": {"icon_url": "https://example.invalid/icon", "desc": "SRC", "desc_color": 2},
        "main_title": {"title": "MAIN", "desc": "MAIN_DESC"},
        "card_image": {"url": "https://example.invalid/card.png", "aspect_ratio": 2.0},
        "image_text_area": {"type": 1, "url": "https://example.invalid/ita", "title": "ITA", "desc": "ITA_DESC", "image_url": "https://example.invalid/ita.png"},
        "quote_area": {"type": 2, "appid": "APPID", "title": "QT", "quote_text": "QTEXT"},
        "vertical_content_list": [{"title": "VT", "desc": "VD"}],
        "horizontal_content_list": [{"keyname": "K1", "value": "V1"}, {"keyname": "K2", "value": "V2", "type": 1, "url": "https://example.invalid/h"}],
        "jump_list": [{"type": 1, "url": "https://example.invalid/j", "title": "JUMP"}],
        "card_action": {"type": 1, "url": "https://example.invalid/act"}}}),
    );
    send(
        &server,
        KEY,
        &json!({"msgtype": "template_card", "template_card": {
        "card_type": "text_notice",
        "main_title": {"title": "TN"},
        "emphasis_content": {"title": "100", "desc": "EMPH"},
        "sub_title_text": "SUB",
        "card_action": {"type": 1, "url": "https://example.invalid/act"}}}),
    );
    let html = page(&server, "/inbox");
    for (what, needle) in [
        ("mention in text", "<span class=\"mention\">@zhangsan</span>"),
        ("mentioned_list", "<span class=\"mention\">@wangqing</span>"),
        ("mentioned mobile", "@13800001111"),
        ("@all once", "<span class=\"mention\">@all</span>"),
        ("heading", "<h1>H1</h1>"),
        ("bold", "<strong>bold</strong>"),
        ("font colour", "<span class=\"font-warning\">132例</span>"),
        ("quote", "<blockquote>"),
        ("table alignment", "<th class=\"al-center\">a</th><th class=\"al-right\">b</th>"),
        ("list", "<li>x</li>"),
        ("code block", "<pre><code>code"),
        ("rule", "<hr>"),
        ("md image placeholder", "data-url=\"https://example.invalid/p.png\""),
        ("image from data:", "src=\"data:image/png;base64,"),
        ("news", "T1"),
        ("news second", "T2"),
        ("uploaded file name", "report.pdf"),
        ("uploaded file size", "2.9 KB"),
        ("registered file", "registered media, no upload recorded"),
        ("source colour", "colour-red"),
        ("card image ratio", "viewBox=\"0 0 1000 500\""),
        ("image text area", "ITA_DESC"),
        ("quote", "QTEXT"),
        ("mini program", "mini program APPID"),
        ("vertical", "VD"),
        ("horizontal link", "class=\"value link\""),
        ("jump", "JUMP"),
        ("emphasis", "EMPH"),
        ("sub title", "SUB"),
        ("card action", "tap: https://example.invalid/act"),
        ("upload", "upload (file)"),
    ] {
        assert!(html.contains(needle), "{what}: {needle} missing");
    }
    assert!(!html.contains("@@all"), "@all is shown once");
    // No remote picture is ever an <img>.
    assert!(!html.contains("<img class=\"picture\" alt=\"the image sent\" src=\"http"), "{html}");
    assert!(!html.contains("src=\"https://"), "{html}");
    // Newest first.
    let tn = html.find("data-msgtype=\"text_notice\"").unwrap();
    let text = html.find("data-msgtype=\"text\"").unwrap();
    assert!(tn < text);
}

#[test]
fn the_page_lists_the_newest_messages_only() {
    let server = start(MockConfig { rate_limit: None, ..MockConfig::default() });
    for i in 0..INBOX_MAX_SHOWN + 5 {
        send(&server, KEY, &text(&format!("message {i}.")));
    }
    let html = page(&server, "/");
    assert_eq!(html.matches("<article ").count(), INBOX_MAX_SHOWN);
    assert!(html.contains(&format!("message {}.", INBOX_MAX_SHOWN + 4)) && !html.contains("message 4."));
    assert!(html.contains("5 older messages are not shown"), "{html}");
}

#[test]
fn a_voice_shows_its_duration_and_name() {
    let server = start(MockConfig::default());
    let up = upload(&server, KEY, "voice", "standup.amr", &fixture("voice-3s.amr")).json();
    let id = up["media_id"].as_str().expect("media_id").to_string();
    send(&server, KEY, &json!({"msgtype": "voice", "voice": {"media_id": id}}));
    send(&server, KEY, &json!({"msgtype": "file", "file": {"media_id": "never-uploaded"}}));
    let html = page(&server, "/");
    assert!(html.contains("<span class=\"duration\">3&#34;</span>"), "{html}");
    assert!(html.contains("standup.amr"), "{html}");
    // an unknown media_id is refused, and shown with its errcode
    assert!(html.contains("errcode 40007"), "{html}");
}

#[test]
fn refused_messages_and_faults_are_shown_with_their_answer() {
    let server = start(MockConfig::default());
    send(&server, KEY, &json!({"msgtype": "text", "text": {}}));
    server.script(KEY, Fault::Errcode { errcode: -1, errmsg: None }, 1);
    send(&server, KEY, &text("busy"));
    server.script(KEY, Fault::HttpStatus { status: 502, body: Some("<b>gateway</b>".into()) }, 1);
    send(&server, KEY, &text("gw"));
    let html = page(&server, "/");
    assert!(html.contains("data-state=\"refused\""), "{html}");
    assert!(html.contains("errcode 44004"), "{html}");
    assert!(html.contains("errcode -1"), "{html}");
    assert!(html.contains("system busy"), "{html}");
    assert!(html.contains("scripted fault <code>{&#34;kind&#34;:&#34;errcode&#34;"), "{html}");
    assert!(html.contains("HTTP 502") && html.contains("&#60;b&#62;gateway&#60;/b&#62;"), "{html}");
    assert!(!html.contains("<b>gateway"), "{html}");
}

#[test]
fn keys_are_masked_and_filtered_by_an_opaque_id() {
    let server = start(MockConfig::default());
    send(&server, KEY, &text("for the first key"));
    send(&server, OTHER_KEY, &text("for the other key"));
    let html = page(&server, "/");
    assert!(html.contains("693a…5aaa") && html.contains("0f1e…e0ff"), "{html}");
    let id = html.split("data-key-id=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(id.len(), 16);
    let one = page(&server, &format!("/inbox?key={id}"));
    let (mine, theirs) = if one.contains("for the first key") { ("first", "other") } else { ("other", "first") };
    assert!(one.contains(&format!("for the {mine} key")) && !one.contains(&format!("for the {theirs} key")));
    // a key itself is no filter
    let by_key = page(&server, &format!("/inbox?key={KEY}"));
    assert!(!by_key.contains("for the first key") && by_key.contains("No key matches this filter"), "{by_key}");
}

#[test]
fn the_version_changes_with_records_and_resets() {
    let server = start(MockConfig::default());
    let version = || get(&server, "/inbox/version").json()["version"].as_str().unwrap().to_string();
    let v0 = version();
    send(&server, KEY, &text("one"));
    let v1 = version();
    assert_ne!(v0, v1);
    assert_eq!(v1, version());
    server.reset();
    send(&server, KEY, &text("one again"));
    assert_ne!(v1, version(), "same seq after a reset");
    let list = get(&server, "/inbox/list").text();
    assert!(list.contains("one again") && !list.contains("<html"), "{list}");
}

#[test]
fn the_static_snapshot_loads_nothing() {
    let server = start(MockConfig::default());
    send(&server, KEY, &image(&fixture("icon.png")));
    send(&server, KEY, &text("<script>x</script>"));
    let html = server.inbox_html();
    assert!(!html.contains(KEY));
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;"),
        "{}",
        &html[..600]
    );
    assert!(!html.contains("<script") && !html.contains("<link"), "{html}");
    assert!(html.contains("<style>") && html.contains("src=\"data:image/png;base64,"));
    assert!(!html.contains("href=\"/inbox"), "no filter links in a file");
}
