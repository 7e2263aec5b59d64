//! Sends of every message type over real sockets to the mock: the exact request the server
//! received (path, query, headers that matter, body), the shorthands, chunked sends, and the
//! base-URL rules.

mod client_support;

use base64::Engine as _;
use client_support::*;
use serde_json::{json, Value};
use wecom_bot::{
    Article, CardAction, CardImage, Client, ClientConfig, DescColor, EmphasisContent, ErrorKind, File,
    HorizontalContent, Image, Jump, MainTitle, Markdown, MarkdownV2, Message, News, NewsNoticeCard, ProxyConfig,
    QuoteArea, Source, TemplateCard, Text, TextNoticeCard, VerticalContent, Voice, Webhook,
};
use wecom_bot_mock::{MediaKind, Record, SEND_PATH};

/// The request must be exactly what the spec asks for, and the mock must have delivered it.
fn assert_send_request(record: &Record, key: &str, expected: &Value) {
    assert_eq!(record.method, "POST");
    assert_eq!(record.path, SEND_PATH);
    assert_eq!(record.query, format!("key={key}"));
    assert_eq!(record.headers.content_type.as_deref(), Some("application/json"));
    assert_eq!(record.headers.user_agent.as_deref(), Some(USER_AGENT));
    assert_eq!(record.headers.content_length.as_deref(), Some(record.body.len().to_string().as_str()));
    assert_eq!(record.body_json().as_ref(), Some(expected), "body sent: {}", record.body_text());
    assert!(record.delivered, "the mock did not deliver it: {:?}", record.reply);
}

fn text_notice_card() -> TextNoticeCard {
    let mut card = TextNoticeCard::new(CardAction::url("https://work.weixin.qq.com/?from=openApi"))
        .main_title("欢迎使用企业微信", Some("您的好友正在邀请您加入企业微信".into()))
        .sub_title_text("下载企业微信还能抢红包！");
    card.source = Some(Source::new(
        "https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0",
        "企业微信",
        DescColor::Black,
    ));
    card.emphasis_content = Some(EmphasisContent { title: Some("100".into()), desc: Some("数据含义".into()) });
    card.quote_area = Some(QuoteArea {
        kind: Some(1),
        url: Some("https://work.weixin.qq.com/?from=openApi".into()),
        title: Some("引用文本标题".into()),
        quote_text: Some("Jack：企业微信真的很好用~\nBalian：超级好的一款软件！".into()),
        ..QuoteArea::default()
    });
    card.horizontal_content_list = vec![
        HorizontalContent::text("邀请人", "张三"),
        HorizontalContent::url("官网", "点击访问", "https://work.weixin.qq.com/?from=openApi"),
        HorizontalContent::file("企业微信下载", "企业微信.apk", "MEDIA-CARD-1"),
    ];
    card.jump_list = vec![
        Jump::url("企业微信官网", "https://work.weixin.qq.com/?from=openApi"),
        Jump::mini_program("跳转小程序", "APPID", Some("PAGEPATH".into())),
    ];
    card
}

fn text_notice_json() -> Value {
    json!({
        "msgtype": "template_card",
        "template_card": {
            "card_type": "text_notice",
            "source": {
                "icon_url": "https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0",
                "desc": "企业微信",
                "desc_color": 1
            },
            "main_title": {"title": "欢迎使用企业微信", "desc": "您的好友正在邀请您加入企业微信"},
            "emphasis_content": {"title": "100", "desc": "数据含义"},
            "quote_area": {
                "type": 1,
                "url": "https://work.weixin.qq.com/?from=openApi",
                "title": "引用文本标题",
                "quote_text": "Jack：企业微信真的很好用~\nBalian：超级好的一款软件！"
            },
            "sub_title_text": "下载企业微信还能抢红包！",
            "horizontal_content_list": [
                {"keyname": "邀请人", "value": "张三"},
                {"keyname": "官网", "value": "点击访问", "type": 1, "url": "https://work.weixin.qq.com/?from=openApi"},
                {"keyname": "企业微信下载", "value": "企业微信.apk", "type": 2, "media_id": "MEDIA-CARD-1"}
            ],
            "jump_list": [
                {"type": 1, "url": "https://work.weixin.qq.com/?from=openApi", "title": "企业微信官网"},
                {"type": 2, "appid": "APPID", "pagepath": "PAGEPATH", "title": "跳转小程序"}
            ],
            "card_action": {"type": 1, "url": "https://work.weixin.qq.com/?from=openApi"}
        }
    })
}

fn news_notice_card() -> NewsNoticeCard {
    let mut image = CardImage::new("https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0");
    image.aspect_ratio = Some(2.25);
    let mut card =
        NewsNoticeCard::new("欢迎使用企业微信", image, CardAction::mini_program("APPID", Some("PAGEPATH".into())));
    card.main_title = Some(MainTitle {
        title: Some("欢迎使用企业微信".into()),
        desc: Some("您的好友正在邀请您加入企业微信".into()),
    });
    card.vertical_content_list = vec![VerticalContent {
        title: "惊喜红包等你来拿".into(),
        desc: Some("下载企业微信还能抢红包！".into()),
    }];
    card
}

fn news_notice_json() -> Value {
    json!({
        "msgtype": "template_card",
        "template_card": {
            "card_type": "news_notice",
            "main_title": {"title": "欢迎使用企业微信", "desc": "您的好友正在邀请您加入企业微信"},
            "card_image": {"url": "https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0", "aspect_ratio": 2.25},
            "vertical_content_list": [{"title": "惊喜红包等你来拿", "desc": "下载企业微信还能抢红包！"}],
            "card_action": {"type": 2, "appid": "APPID", "pagepath": "PAGEPATH"}
        }
    })
}

#[test]
fn every_message_type_reaches_the_server_exactly_as_the_spec_shows() {
    let mock = mock();
    let key = &canary("send-every-type");
    mock.register_media(key, "MEDIA-FILE-1", MediaKind::File);
    mock.register_media(key, "MEDIA-VOICE-1", MediaKind::Voice);
    mock.register_media(key, "MEDIA-CARD-1", MediaKind::File);
    let icon = std::fs::read(fixture("icon.png")).unwrap();
    let icon_b64 = base64::engine::general_purpose::STANDARD.encode(&icon);
    let cases: Vec<(Message, Value)> = vec![
        (
            Text::new("广州今日天气：29度，大部分多云，降雨概率：60%").mention("wangqing").mention_all().mention_mobile("13800001111").into(),
            json!({"msgtype": "text", "text": {
                "content": "广州今日天气：29度，大部分多云，降雨概率：60%",
                "mentioned_list": ["wangqing", "@all"],
                "mentioned_mobile_list": ["13800001111"]
            }}),
        ),
        (
            Markdown::new("实时新增用户反馈<font color=\"warning\">132例</font>，请相关同事注意。\n>类型:<font color=\"comment\">用户反馈</font>").into(),
            json!({"msgtype": "markdown", "markdown": {"content": "实时新增用户反馈<font color=\"warning\">132例</font>，请相关同事注意。\n>类型:<font color=\"comment\">用户反馈</font>"}}),
        ),
        (
            MarkdownV2::new("# 一、标题\n| 姓名 | 文化衫尺寸 |\n| :----- | :----: |\n| 张三 | S |").into(),
            json!({"msgtype": "markdown_v2", "markdown_v2": {"content": "# 一、标题\n| 姓名 | 文化衫尺寸 |\n| :----- | :----: |\n| 张三 | S |"}}),
        ),
        (
            Image::from_path(fixture("icon.png")).unwrap().into(),
            json!({"msgtype": "image", "image": {"base64": icon_b64, "md5": "b2aaeb228c08084adb7002065e1f59e7"}}),
        ),
        (
            News::new([
                Article::new("中秋节礼品领取", "www.qq.com")
                    .description("今年中秋节公司有豪礼相送")
                    .picurl("http://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png"),
                Article::new("第二篇", "https://example.com/2"),
            ])
            .into(),
            json!({"msgtype": "news", "news": {"articles": [
                {"title": "中秋节礼品领取", "description": "今年中秋节公司有豪礼相送", "url": "www.qq.com",
                 "picurl": "http://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png"},
                {"title": "第二篇", "url": "https://example.com/2"}
            ]}}),
        ),
        (File::new("MEDIA-FILE-1").into(), json!({"msgtype": "file", "file": {"media_id": "MEDIA-FILE-1"}})),
        (Voice::new("MEDIA-VOICE-1").into(), json!({"msgtype": "voice", "voice": {"media_id": "MEDIA-VOICE-1"}})),
        (TemplateCard::TextNotice(text_notice_card()).into(), text_notice_json()),
        (TemplateCard::NewsNotice(news_notice_card()).into(), news_notice_json()),
    ];
    let bot = client(&mock, key);
    for (i, (message, expected)) in cases.iter().enumerate() {
        bot.send(message).unwrap_or_else(|e| panic!("{} failed: {e}", message.msgtype()));
        let records = mock.records(key);
        assert_eq!(records.len(), i + 1, "one request per send");
        assert_send_request(&records[i], key, expected);
    }
    let types: Vec<_> = mock.delivered(key).iter().map(|r| r.msgtype.clone().unwrap()).collect();
    assert_eq!(
        types,
        ["text", "markdown", "markdown_v2", "image", "news", "file", "voice", "template_card", "template_card"]
    );
}

#[test]
fn shorthands_send_the_same_requests() {
    let mock = mock();
    let key = &canary("send-shorthands");
    let bot = client(&mock, key);
    bot.send_text("hello").unwrap();
    bot.send_markdown("**bold**").unwrap();
    bot.send_markdown_v2("`code`").unwrap();
    bot.send_image(fixture("banner.jpg")).unwrap();
    bot.send_news([Article::new("t", "u")]).unwrap();
    bot.send_json(r#"{"msgtype":"text","text":{"content":"from json"}}"#).unwrap();
    let banner = std::fs::read(fixture("banner.jpg")).unwrap();
    let expected = [
        json!({"msgtype": "text", "text": {"content": "hello"}}),
        json!({"msgtype": "markdown", "markdown": {"content": "**bold**"}}),
        json!({"msgtype": "markdown_v2", "markdown_v2": {"content": "`code`"}}),
        json!({"msgtype": "image", "image": {
            "base64": base64::engine::general_purpose::STANDARD.encode(&banner),
            "md5": "7600d5a48018f4f84deaaffe97aced74"
        }}),
        json!({"msgtype": "news", "news": {"articles": [{"title": "t", "url": "u"}]}}),
        json!({"msgtype": "text", "text": {"content": "from json"}}),
    ];
    let records = mock.records(key);
    assert_eq!(records.len(), expected.len());
    for (record, expected) in records.iter().zip(&expected) {
        assert_send_request(record, key, expected);
    }
}

#[test]
fn invalid_messages_are_refused_before_any_request() {
    let mock = mock();
    let key = &canary("send-invalid");
    let bot = client(&mock, key);
    let e = bot.send_text("").unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Validation, Some("text.content")));
    let e = bot.send_text(&"x".repeat(2049)).unwrap_err();
    assert_eq!((e.kind(), e.field(), e.limit()), (ErrorKind::Validation, Some("text.content"), Some(2048)));
    let e = bot.send_news(Vec::<Article>::new()).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Validation, Some("news.articles")));
    let e = bot.send_json(r#"{"msgtype":"text","text":{}}"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let e = bot.send_image(fixture("voice-3s.amr")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let e = bot.send_image(fixture("no-such-file.png")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    let e = bot.send_text_chunked("").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(mock.all_records().is_empty(), "nothing may reach the server");
}

#[test]
fn chunked_sends_deliver_every_chunk_in_order() {
    let mock = mock();
    let key = &canary("send-chunked");
    let bot = client(&mock, key);
    let line = "第一行：这是一段很长的文字，用来测试分段发送。\n";
    let text: String = std::iter::repeat_n(line, 80).collect();
    assert!(text.len() > 2 * 2048);
    let n = bot.send_text_chunked(&text).unwrap();
    assert!(n >= 3);
    let records = mock.delivered(key);
    assert_eq!(records.len(), n);
    let mut joined = String::new();
    for r in &records {
        let body = r.body_json().unwrap();
        assert_eq!(body["msgtype"], "text");
        let content = body["text"]["content"].as_str().unwrap();
        assert!(content.len() <= 2048);
        joined.push_str(content);
    }
    assert_eq!(joined, text, "the chunks, in the order received, give back the text");

    let key = &canary("send-chunked-md");
    let bot = client(&mock, key);
    let markdown = format!("# report\n```rust\n{}```\n", "let x = 1; // a line of code in a fence\n".repeat(250));
    let n = bot.send_markdown_chunked(&markdown).unwrap();
    assert!(n >= 2);
    let records = mock.delivered(key);
    assert_eq!(records.len(), n);
    let mut joined = String::new();
    for r in &records {
        let content = r.body_json().unwrap()["markdown"]["content"].as_str().unwrap().to_owned();
        assert!(content.len() <= 4096);
        joined.push_str(&content);
    }
    // markdown (v1) has no code blocks: no fence is added, the chunks give back the input.
    assert_eq!(joined, markdown, "the markdown chunks, in order, give back the input");

    let key = &canary("send-chunked-md2");
    let bot = client(&mock, key);
    let n = bot.send_markdown_v2_chunked(&markdown).unwrap();
    assert!(n >= 2);
    for r in &mock.delivered(key) {
        let content = r.body_json().unwrap()["markdown_v2"]["content"].as_str().unwrap().to_owned();
        assert!(content.len() <= 4096);
        assert_eq!(content.matches("```").count() % 2, 0, "every markdown_v2 chunk's fences are balanced");
    }
}

fn base_url_of(base: &str) -> Result<String, wecom_bot::Error> {
    let cfg = ClientConfig { base_url: Some(base.to_owned()), proxy: ProxyConfig::None, ..ClientConfig::default() };
    Client::with_config(Webhook::from_key("base-url-key").unwrap(), cfg).map(|c| c.base_url().to_owned())
}

#[test]
fn base_url_is_normalized_and_requests_keep_the_api_paths() {
    let mock = mock();
    let port = mock.port();
    assert_eq!(base_url_of(&format!("http://127.0.0.1:{port}/")).unwrap(), format!("http://127.0.0.1:{port}"));
    assert_eq!(base_url_of(&format!("  http://127.0.0.1:{port}//  ")).unwrap(), format!("http://127.0.0.1:{port}"));
    assert_eq!(base_url_of("https://gateway.example.com").unwrap(), "https://gateway.example.com");
    assert_eq!(base_url_of("https://gateway.example.com:8443/").unwrap(), "https://gateway.example.com:8443");
    for bad in [
        "127.0.0.1:8080",
        "ftp://example.com",
        "https://example.com/prefix",
        "https://user@example.com",
        "https://",
        "https://a.com?x=1",
        "",
    ] {
        let e = base_url_of(bad).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidArgument, Some("base_url")), "{bad:?}");
    }

    // A base URL with a trailing slash still posts to /cgi-bin/webhook/send.
    let key = &canary("base-url-send");
    let bot = client_with(&mock, key, |c| c.base_url = Some(format!("http://127.0.0.1:{port}/")));
    bot.send_text("hi").unwrap();
    assert_eq!(only_record(&mock, key).path, SEND_PATH);

    // A full webhook URL gives both the key and the base URL.
    let key = &canary("full-url-key");
    let cfg = ClientConfig { proxy: ProxyConfig::None, rate_limit: None, ..ClientConfig::default() };
    let bot = Client::with_config(Webhook::parse(&mock.send_url(key)).unwrap(), cfg).unwrap();
    assert_eq!(bot.base_url(), mock.base_url());
    bot.send_text("via the full url").unwrap();
    let r = only_record(&mock, key);
    assert_eq!((r.path.as_str(), r.query.as_str()), (SEND_PATH, format!("key={key}").as_str()));
    // An explicit base URL wins over the URL's host.
    let other = wecom_bot_mock::MockServer::start(wecom_bot_mock::MockConfig::new()).unwrap();
    let cfg = ClientConfig {
        base_url: Some(mock.base_url()),
        proxy: ProxyConfig::None,
        rate_limit: None,
        ..ClientConfig::default()
    };
    let bot = Client::with_config(Webhook::parse(&other.send_url("explicit-wins")).unwrap(), cfg).unwrap();
    bot.send_text("to the explicit base").unwrap();
    assert_eq!(mock.records("explicit-wins").len(), 1);
    assert!(other.all_records().is_empty());
}

#[test]
fn plain_http_only_for_loopback_unless_allowed() {
    for ok in [
        "http://127.0.0.1:1",
        "http://127.8.9.10",
        "http://localhost:8080",
        "http://LOCALHOST",
        "http://[::1]:9",
        "https://example.com",
    ] {
        assert!(base_url_of(ok).is_ok(), "{ok} should be accepted");
    }
    for refused in [
        "http://example.com",
        "http://10.0.0.1:8080",
        "http://localhost.example.com",
        "http://[2001:db8::1]:80",
        "http://0.0.0.0",
    ] {
        let e = base_url_of(refused).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidArgument, Some("base_url")), "{refused}");
        assert!(e.to_string().contains("allow_insecure_http"), "the error says how to allow it: {e}");
    }
    // The same rule applies to the host of a full webhook URL.
    let e = Client::new("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-def").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    // Explicitly allowed: accepted.
    let cfg = ClientConfig {
        base_url: Some("http://gateway.internal:8080".into()),
        allow_insecure_http: true,
        proxy: ProxyConfig::None,
        ..ClientConfig::default()
    };
    let bot = Client::with_config(Webhook::from_key("k-insecure").unwrap(), cfg).unwrap();
    assert_eq!(bot.base_url(), "http://gateway.internal:8080");
    // The default base URL is the real server over https.
    let bot = Client::new("k-default").unwrap();
    assert_eq!(bot.base_url(), "https://qyapi.weixin.qq.com");
}

#[test]
fn user_agent_can_be_replaced() {
    let mock = mock();
    let key = &canary("send-user-agent");
    let bot = client_with(&mock, key, |c| c.user_agent = "my-app/2.0".into());
    bot.send_text("hi").unwrap();
    assert_eq!(only_record(&mock, key).headers.user_agent.as_deref(), Some("my-app/2.0"));
}
