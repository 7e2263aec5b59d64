//! `wecom-bot send`: every message type reaches the server as the exact JSON of the spec.

use serde_json::json;

use crate::support::{fixture, json, key, mock, scratch, sent, uploads, Cmd};

#[test]
fn text_with_mentions() {
    let server = mock();
    let k = key("text");
    let run = Cmd::new(&[
        "send",
        "text",
        "deploy finished ✅",
        "--mention",
        "alice",
        "--mention-all",
        "--mention-mobile",
        "13800001111",
    ])
    .key(&k)
    .at(&server)
    .run()
    .ok();
    assert_eq!(run.stdout, "");
    assert_eq!(
        sent(&server, &k),
        [
            json!({"msgtype": "text", "text": {"content": "deploy finished ✅", "mentioned_list": ["alice", "@all"], "mentioned_mobile_list": ["13800001111"]}})
        ]
    );
}

#[test]
fn text_from_stdin_with_the_key_and_base_url_from_the_environment() {
    let server = mock();
    let k = key("stdin");
    Cmd::new(&["send", "text", "-"])
        .env("WECOM_BOT_KEY", &k)
        .secret(&k)
        .env("WECOM_BOT_BASE_URL", &server.base_url())
        .stdin("line one\nline two 二\n\n")
        .run()
        .ok();
    assert_eq!(sent(&server, &k), [json!({"msgtype": "text", "text": {"content": "line one\nline two 二"}})]);
}

#[test]
fn markdown_to_a_full_webhook_url_from_the_environment() {
    let server = mock();
    let k = key("webhook");
    Cmd::new(&["send", "markdown", "## hi\n<font color=\"info\">ok</font>"])
        .env("WECOM_BOT_WEBHOOK", &server.send_url(&k))
        .secret(&k)
        .run()
        .ok();
    assert_eq!(
        sent(&server, &k),
        [json!({"msgtype": "markdown", "markdown": {"content": "## hi\n<font color=\"info\">ok</font>"}})]
    );
}

#[test]
fn markdown_v2_with_webhook_flag() {
    let server = mock();
    let k = key("mdv2");
    let url = server.send_url(&k);
    Cmd::new(&["send", "markdown_v2", "| a | b |\n|---|---|\n| 1 | 2 |", "--webhook", &url]).secret(&k).run().ok();
    assert_eq!(
        sent(&server, &k),
        [json!({"msgtype": "markdown_v2", "markdown_v2": {"content": "| a | b |\n|---|---|\n| 1 | 2 |"}})]
    );
}

#[test]
fn image_from_a_path_and_from_stdin() {
    let server = mock();
    let k = key("image");
    let png = std::fs::read(fixture("icon.png")).unwrap();
    let jpg = std::fs::read(fixture("banner.jpg")).unwrap();
    Cmd::new(&["send", "image", &fixture("icon.png")]).key(&k).at(&server).run().ok();
    Cmd::new(&["send", "image", "-"]).key(&k).at(&server).stdin(jpg.clone()).run().ok();
    let bodies = sent(&server, &k);
    assert_eq!(bodies.len(), 2);
    for (body, bytes) in bodies.iter().zip([&png, &jpg]) {
        let image = wecom_bot::Image::from_bytes(bytes).unwrap();
        assert_eq!(body, &json!({"msgtype": "image", "image": {"base64": image.base64(), "md5": image.md5()}}));
    }
}

#[test]
fn news_articles_keep_commas() {
    let server = mock();
    let k = key("news");
    Cmd::new(&[
        "send",
        "news",
        "--article",
        "title=Hello, world,url=https://e.test/a?b=1&c=2,description=d,picurl=https://e.test/p.png",
        "--article",
        "title=Second,url=www.qq.com",
    ])
    .key(&k)
    .at(&server)
    .run()
    .ok();
    assert_eq!(
        sent(&server, &k),
        [json!({"msgtype": "news", "news": {"articles": [
            {"title": "Hello, world", "url": "https://e.test/a?b=1&c=2", "description": "d", "picurl": "https://e.test/p.png"},
            {"title": "Second", "url": "www.qq.com"}
        ]}})]
    );
}

#[test]
fn file_uploads_then_sends_and_media_id_sends_again() {
    let server = mock();
    let k = key("file");
    let path = scratch("report-file.txt", b"a small report\n");
    Cmd::new(&["send", "file", &path]).key(&k).at(&server).run().ok();
    let up = uploads(&server, &k);
    assert_eq!(up.len(), 1);
    let part = up[0].upload.as_ref().unwrap();
    assert_eq!((part.media_type.as_str(), part.filename.as_deref(), part.size), ("file", Some("report-file.txt"), 15));
    let id = part.media_id.clone().unwrap();
    Cmd::new(&["send", "file", "--media-id", &id]).key(&k).at(&server).run().ok();
    let body = json!({"msgtype": "file", "file": {"media_id": id}});
    assert_eq!(sent(&server, &k), [body.clone(), body]);
}

#[test]
fn file_from_stdin_needs_a_filename() {
    let server = mock();
    let k = key("filestdin");
    Cmd::new(&["send", "file", "-"]).key(&k).at(&server).stdin("data!!").run().fails(2, &["--filename"]);
    Cmd::new(&["send", "file", "-", "--filename", "notes.md"]).key(&k).at(&server).stdin("# notes\n").run().ok();
    let up = uploads(&server, &k);
    assert_eq!(up[0].upload.as_ref().unwrap().filename.as_deref(), Some("notes.md"));
    assert_eq!(sent(&server, &k).len(), 1);
}

#[test]
fn voice_uploads_then_sends() {
    let server = mock();
    let k = key("voice");
    Cmd::new(&["send", "voice", &fixture("voice-3s.amr")]).key(&k).at(&server).run().ok();
    let up = uploads(&server, &k);
    let part = up[0].upload.as_ref().unwrap();
    assert_eq!(part.media_type, "voice");
    assert_eq!(sent(&server, &k), [json!({"msgtype": "voice", "voice": {"media_id": part.media_id.clone().unwrap()}})]);
}

#[test]
fn text_notice_card_from_flags() {
    let server = mock();
    let k = key("textcard");
    Cmd::new(&[
        "send",
        "card",
        "--source-icon",
        "https://e.test/i.png",
        "--source-desc",
        "CI",
        "--source-color",
        "red",
        "--title",
        "Build",
        "--desc",
        "main",
        "--emphasis-title",
        "99%",
        "--emphasis-desc",
        "passed",
        "--sub-title",
        "sub",
        "--quote-title",
        "q",
        "--quote-text",
        "quoted",
        "--quote-url",
        "https://e.test/q",
        "--field",
        "Owner=Alice",
        "--field",
        "keyname=Who,value=Bo,userid=bo",
        "--jump",
        "Docs=https://e.test/d?x=1",
        "--action-url",
        "https://e.test/a",
    ])
    .key(&k)
    .at(&server)
    .run()
    .ok();
    assert_eq!(
        sent(&server, &k),
        [json!({"msgtype": "template_card", "template_card": {
            "card_type": "text_notice",
            "source": {"icon_url": "https://e.test/i.png", "desc": "CI", "desc_color": 2},
            "main_title": {"title": "Build", "desc": "main"},
            "emphasis_content": {"title": "99%", "desc": "passed"},
            "quote_area": {"type": 1, "url": "https://e.test/q", "title": "q", "quote_text": "quoted"},
            "sub_title_text": "sub",
            "horizontal_content_list": [{"keyname": "Owner", "value": "Alice"}, {"keyname": "Who", "value": "Bo", "type": 3, "userid": "bo"}],
            "jump_list": [{"type": 1, "url": "https://e.test/d?x=1", "title": "Docs"}],
            "card_action": {"type": 1, "url": "https://e.test/a"}
        }})]
    );
}

#[test]
fn news_notice_card_from_flags() {
    let server = mock();
    let k = key("newscard");
    Cmd::new(&[
        "send",
        "card",
        "--card-type",
        "news-notice",
        "--title",
        "Roadmap",
        "--image-url",
        "https://e.test/r.png",
        "--aspect-ratio",
        "1.3",
        "--area-image-url",
        "https://e.test/s.png",
        "--area-title",
        "t",
        "--area-url",
        "https://e.test/u",
        "--vertical",
        "Agenda=Goals, risks",
        "--vertical",
        "Notes",
        "--action-appid",
        "APPID",
        "--action-pagepath",
        "/index",
    ])
    .key(&k)
    .at(&server)
    .run()
    .ok();
    assert_eq!(
        sent(&server, &k),
        [json!({"msgtype": "template_card", "template_card": {
            "card_type": "news_notice",
            "main_title": {"title": "Roadmap"},
            "card_image": {"url": "https://e.test/r.png", "aspect_ratio": 1.3},
            "image_text_area": {"type": 1, "url": "https://e.test/u", "title": "t", "image_url": "https://e.test/s.png"},
            "vertical_content_list": [{"title": "Agenda", "desc": "Goals, risks"}, {"title": "Notes"}],
            "card_action": {"type": 2, "appid": "APPID", "pagepath": "/index"}
        }})]
    );
}

#[test]
fn json_from_a_file_and_from_stdin() {
    let server = mock();
    let k = key("json");
    let card = r#"{"msgtype":"template_card","template_card":{"card_type":"text_notice","main_title":{"title":"t"},
        "jump_list":[{"type":2,"appid":"wx1","pagepath":"/p","title":"mini"}],"card_action":{"type":1,"url":"u"}}}"#;
    let path = scratch("card.json", card.as_bytes());
    Cmd::new(&["send", "--json", &path]).key(&k).at(&server).run().ok();
    Cmd::new(&["send", "--json", "-"])
        .key(&k)
        .at(&server)
        .stdin(r#"{"msgtype":"text","text":{"content":"from stdin"}}"#)
        .run()
        .ok();
    assert_eq!(sent(&server, &k), [json(card), json!({"msgtype": "text", "text": {"content": "from stdin"}})]);
}

#[test]
fn dry_run_prints_the_exact_json_and_sends_nothing() {
    let server = mock();
    let k = key("dryrun");
    let run = Cmd::new(&["send", "--dry-run", "text", "hello", "--mention-all"]).key(&k).at(&server).run().ok();
    assert_eq!(run.stdout, "{\"msgtype\":\"text\",\"text\":{\"content\":\"hello\",\"mentioned_list\":[\"@all\"]}}\n");
    // No key at all is needed for a dry run.
    let run = Cmd::new(&["send", "news", "--article", "title=T,url=U", "--dry-run"]).run().ok();
    assert_eq!(run.stdout, "{\"msgtype\":\"news\",\"news\":{\"articles\":[{\"title\":\"T\",\"url\":\"U\"}]}}\n");
    let run = Cmd::new(&["send", "--json", "-", "--dry-run"])
        .stdin(r#"{ "msgtype" : "markdown", "markdown": {"content": "x"} }"#)
        .run()
        .ok();
    assert_eq!(run.stdout, "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"x\"}}\n");
    let run = Cmd::new(&["send", "file", &fixture("icon.png"), "--dry-run"]).key(&k).at(&server).run().ok();
    assert_eq!(run.stdout, "{\"msgtype\":\"file\",\"file\":{\"media_id\":\"MEDIA_ID_FROM_UPLOAD\"}}\n");
    assert!(run.stderr.contains("would upload \"icon.png\""), "{run:?}");
    assert!(server.all_records().is_empty(), "a dry run sends nothing");
}

#[test]
fn split_delivers_every_chunk_in_order() {
    let server = mock();
    let k = key("split");
    let content: String = (0..400).map(|i| format!("line {i:03} 行\n")).collect();
    let content = content.trim_end().to_string();
    assert!(content.len() > 2 * 2048);
    // Dry run: one JSON line per chunk.
    let dry =
        Cmd::new(&["send", "text", "-", "--split", "--mention", "ops", "--dry-run"]).stdin(content.clone()).run().ok();
    let printed: Vec<serde_json::Value> = dry.stdout.lines().map(json).collect();
    assert!(printed.len() >= 3);
    Cmd::new(&["send", "text", "-", "--split", "--mention", "ops"])
        .key(&k)
        .at(&server)
        .stdin(content.clone())
        .run()
        .ok();
    let bodies = sent(&server, &k);
    assert_eq!(bodies, printed, "what was sent is what the dry run printed");
    let joined: String = bodies.iter().map(|b| b["text"]["content"].as_str().unwrap()).collect();
    assert_eq!(joined, content, "the chunks, in order, are the content");
    assert_eq!(bodies[0]["text"]["mentioned_list"], json!(["ops"]));
    assert!(
        bodies[1..].iter().all(|b| b["text"].get("mentioned_list").is_none()),
        "mentions go with the first chunk only"
    );
    for b in &bodies {
        assert!(b["text"]["content"].as_str().unwrap().len() <= 2048);
    }
}

/// markdown (v1) has no code blocks: `--split` adds no fence (the parts join to the input);
/// markdown-v2 closes and reopens the block in every part.
#[test]
fn markdown_split_adds_no_fences_markdown_v2_keeps_them_balanced() {
    let server = mock();
    let code: String = (0..400).map(|i| format!("let x{i} = {i};\n")).collect();
    let content = format!("# log\n```rust\n{code}```\ndone");
    let k = key("mdsplit");
    Cmd::new(&["send", "markdown", "-", "--split"]).key(&k).at(&server).stdin(content.clone()).run().ok();
    let parts: Vec<String> =
        sent(&server, &k).iter().map(|b| b["markdown"]["content"].as_str().unwrap().to_owned()).collect();
    assert!(parts.len() >= 2);
    assert!(parts.iter().all(|c| c.len() <= 4096));
    assert_eq!(parts.concat(), content, "the parts join to the input: no fence added");
    let k = key("md2split");
    Cmd::new(&["send", "markdown-v2", "-", "--split"]).key(&k).at(&server).stdin(content).run().ok();
    let bodies = sent(&server, &k);
    assert!(bodies.len() >= 2);
    for b in &bodies {
        let c = b["markdown_v2"]["content"].as_str().unwrap();
        assert!(c.len() <= 4096);
        assert_eq!(c.matches("```").count() % 2, 0, "fences balanced in {c:?}");
    }
}
