//! The Rust runner of the conformance suite (`tests/conformance/README.md`).
//!
//! `conformance_vectors` builds every message case through the typed API (constructors,
//! builders and struct fields — never `Message::from_json`), serializes it with
//! `Message::to_json` and compares the body as structure, or checks the error's kind and field;
//! it runs the split and helper cases too, writes `results/rust.json` and prints
//! `N passed, N failed`. The HTTP cases (`send`, `upload`) run against an in-process mock
//! server scripted from the vectors by the harness library, which then checks what the mock
//! received for each of them.
//!
//! `from_json_agrees_with_the_typed_api` checks that `Message::from_json` (used by the mock
//! server and the CLI's `--json`) accepts and round-trips every accepted body, and rejects
//! every rejected message with the same field as the typed API.

use base64::Engine as _;
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::PathBuf;
use wecom_bot::{
    Article, CardAction, CardImage, EmphasisContent, Error, File, FontColor, HorizontalContent, Image, ImageTextArea,
    Jump, MainTitle, Markdown, MarkdownV2, Message, News, NewsNoticeCard, QuoteArea, Source, Text, TextNoticeCard,
    VerticalContent, Voice,
};

// ---- where things are, and the cases (the harness library reads both) ---------------------

use wecom_bot_conformance::{env_path, fixtures_dir, load_cases, Case};

fn results_path() -> PathBuf {
    env_path("WECOM_CONFORMANCE_RESULTS", || wecom_bot_conformance::conformance_dir().join("results/rust.json"))
}

/// A problem with the case itself or the runner (not a library outcome): the case fails.
type R<T> = Result<T, String>;

// ---- reading a message description strictly ------------------------------------------------

/// A JSON object read field by field; `done` fails if a field was never read, so a field the
/// runner does not map can never be silently dropped.
struct Fields<'a> {
    path: String,
    map: &'a Map<String, Value>,
    used: RefCell<BTreeSet<&'a str>>,
}

impl<'a> Fields<'a> {
    fn of(path: impl Into<String>, value: &'a Value) -> R<Fields<'a>> {
        let path = path.into();
        match value {
            Value::Object(map) => Ok(Fields { path, map, used: RefCell::new(BTreeSet::new()) }),
            other => Err(format!("{path}: expected an object, got {other}")),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        let (k, v) = self.map.get_key_value(key)?;
        self.used.borrow_mut().insert(k.as_str());
        Some(v)
    }

    fn string(&self, key: &str) -> R<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!("{}.{key}: expected a string, got {other}", self.path)),
        }
    }

    /// A field the API takes as a plain string: absent is given as "" (README: required strings).
    fn required_string(&self, key: &str) -> R<String> {
        Ok(self.string(key)?.unwrap_or_default())
    }

    fn int(&self, key: &str) -> R<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_i64().map(Some).ok_or_else(|| format!("{}.{key}: expected an integer, got {v}", self.path)),
        }
    }

    fn number(&self, key: &str) -> R<Option<f64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| format!("{}.{key}: expected a number, got {v}", self.path)),
        }
    }

    fn object(&self, key: &str) -> R<Option<Fields<'a>>> {
        self.get(key).map(|v| Fields::of(format!("{}.{key}", self.path), v)).transpose()
    }

    fn list(&self, key: &str) -> R<Vec<&'a Value>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items.iter().collect()),
            Some(other) => Err(format!("{}.{key}: expected an array, got {other}", self.path)),
        }
    }

    fn objects(&self, key: &str) -> R<Vec<Fields<'a>>> {
        let path = &self.path;
        self.list(key)?.into_iter().enumerate().map(|(i, v)| Fields::of(format!("{path}.{key}[{i}]"), v)).collect()
    }

    fn strings(&self, key: &str) -> R<Vec<String>> {
        self.list(key)?
            .into_iter()
            .map(|v| {
                v.as_str().map(str::to_owned).ok_or_else(|| format!("{}.{key}: expected strings, got {v}", self.path))
            })
            .collect()
    }

    fn done(self) -> R<()> {
        let used = self.used.borrow();
        match self.map.keys().find(|k| !used.contains(k.as_str())) {
            Some(k) => Err(format!("{}.{k}: a field this runner does not map", self.path)),
            None => Ok(()),
        }
    }
}

// ---- building messages through the typed API -----------------------------------------------

fn build_message(m: &Value) -> R<Result<Message, Error>> {
    let top = Fields::of("message", m)?;
    let msgtype = top.string("msgtype")?.ok_or("message: no msgtype")?;
    let body = top.object(&msgtype)?.ok_or_else(|| format!("message: no \"{msgtype}\" object"))?;
    top.done()?;
    let built: Result<Message, Error> = match msgtype.as_str() {
        "text" => {
            let mut text = Text::new(body.required_string("content")?);
            for userid in body.strings("mentioned_list")? {
                text = if userid == "@all" { text.mention_all() } else { text.mention(userid) };
            }
            for mobile in body.strings("mentioned_mobile_list")? {
                text = text.mention_mobile(mobile);
            }
            Ok(text.into())
        }
        "markdown" => Ok(Markdown::new(body.required_string("content")?).into()),
        "markdown_v2" => Ok(MarkdownV2::new(body.required_string("content")?).into()),
        "image" => build_image(&body)?.map(Message::from),
        "news" => {
            let mut articles = Vec::new();
            for a in body.objects("articles")? {
                let mut article = Article::new(a.required_string("title")?, a.required_string("url")?);
                if let Some(d) = a.string("description")? {
                    article = article.description(d);
                }
                if let Some(p) = a.string("picurl")? {
                    article = article.picurl(p);
                }
                a.done()?;
                articles.push(article);
            }
            Ok(News::new(articles).into())
        }
        "file" => Ok(File::new(body.required_string("media_id")?).into()),
        "voice" => Ok(Voice::new(body.required_string("media_id")?).into()),
        "template_card" => Ok(build_card(&body)?),
        other => return Err(format!("unknown msgtype {other}")),
    };
    body.done()?;
    Ok(built)
}

fn read_fixture(name: &str) -> R<Vec<u8>> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).map_err(|e| format!("cannot read fixture {}: {e}", path.display()))
}

fn unhex(hex: &str) -> R<Vec<u8>> {
    if hex.len() % 2 != 0 {
        return Err(format!("odd-length hex {hex:?}"));
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| format!("bad hex: {e}")))
        .collect()
}

/// The raw bytes an image input stands for (not for `from_path` or ready-made base64).
fn image_bytes(f: &Fields) -> R<Option<Vec<u8>>> {
    if let Some(hex) = f.string("bytes_hex")? {
        return Ok(Some(unhex(&hex)?));
    }
    let Some(name) = f.string("fixture")? else { return Ok(None) };
    if let Some(n) = f.int("pad_to")? {
        let mut bytes = read_fixture(&name)?;
        bytes.resize(usize::try_from(n).map_err(|e| e.to_string())?, 0);
        return Ok(Some(bytes));
    }
    match f.string("as")?.as_deref() {
        Some("bytes") => Ok(Some(read_fixture(&name)?)),
        None => Ok(None),
        Some(other) => Err(format!("image.as: unknown value {other:?}")),
    }
}

fn build_image(f: &Fields) -> R<Result<Image, Error>> {
    if let Some(bytes) = image_bytes(f)? {
        return Ok(Image::from_bytes(&bytes));
    }
    if let Some(name) = f.string("fixture")? {
        return Ok(Image::from_path(fixtures_dir().join(name)));
    }
    Ok(Ok(Image::from_base64(f.required_string("base64")?, f.required_string("md5")?)))
}

fn source(f: Fields) -> R<Source> {
    let s = Source { icon_url: f.string("icon_url")?, desc: f.string("desc")?, desc_color: f.int("desc_color")? };
    f.done()?;
    Ok(s)
}

fn main_title(f: Fields) -> R<MainTitle> {
    let t = MainTitle { title: f.string("title")?, desc: f.string("desc")? };
    f.done()?;
    Ok(t)
}

fn emphasis(f: Fields) -> R<EmphasisContent> {
    let e = EmphasisContent { title: f.string("title")?, desc: f.string("desc")? };
    f.done()?;
    Ok(e)
}

fn quote_area(f: Fields) -> R<QuoteArea> {
    let q = QuoteArea {
        kind: f.int("type")?,
        url: f.string("url")?,
        appid: f.string("appid")?,
        pagepath: f.string("pagepath")?,
        title: f.string("title")?,
        quote_text: f.string("quote_text")?,
    };
    f.done()?;
    Ok(q)
}

fn horizontal(f: Fields) -> R<HorizontalContent> {
    let h = HorizontalContent {
        keyname: f.required_string("keyname")?,
        value: f.string("value")?,
        kind: f.int("type")?,
        url: f.string("url")?,
        media_id: f.string("media_id")?,
        userid: f.string("userid")?,
    };
    f.done()?;
    Ok(h)
}

fn jump(f: Fields) -> R<Jump> {
    let j = Jump {
        kind: f.int("type")?,
        url: f.string("url")?,
        appid: f.string("appid")?,
        pagepath: f.string("pagepath")?,
        title: f.required_string("title")?,
    };
    f.done()?;
    Ok(j)
}

fn card_action(f: Fields) -> R<CardAction> {
    let a = CardAction {
        kind: f.int("type")?.ok_or("card_action.type: the typed API needs a type")?,
        url: f.string("url")?,
        appid: f.string("appid")?,
        pagepath: f.string("pagepath")?,
    };
    f.done()?;
    Ok(a)
}

fn card_image(f: Fields) -> R<CardImage> {
    let mut image = CardImage::new(f.required_string("url")?);
    image.aspect_ratio = f.number("aspect_ratio")?;
    f.done()?;
    Ok(image)
}

fn image_text_area(f: Fields) -> R<ImageTextArea> {
    let a = ImageTextArea {
        kind: f.int("type")?,
        url: f.string("url")?,
        appid: f.string("appid")?,
        pagepath: f.string("pagepath")?,
        title: f.string("title")?,
        desc: f.string("desc")?,
        image_url: f.required_string("image_url")?,
    };
    f.done()?;
    Ok(a)
}

fn vertical(f: Fields) -> R<VerticalContent> {
    let v = VerticalContent { title: f.required_string("title")?, desc: f.string("desc")? };
    f.done()?;
    Ok(v)
}

fn each<T>(items: Vec<Fields>, build: fn(Fields) -> R<T>) -> R<Vec<T>> {
    items.into_iter().map(build).collect()
}

fn build_card(f: &Fields) -> R<Message> {
    let card_type = f.string("card_type")?.ok_or("template_card.card_type is missing")?;
    let source = f.object("source")?.map(source).transpose()?;
    let main_title = f.object("main_title")?.map(main_title).transpose()?;
    let quote_area = f.object("quote_area")?.map(quote_area).transpose()?;
    let horizontal_content_list = each(f.objects("horizontal_content_list")?, horizontal)?;
    let jump_list = each(f.objects("jump_list")?, jump)?;
    let card_action = f.object("card_action")?.map(card_action).transpose()?;
    Ok(match card_type.as_str() {
        "text_notice" => TextNoticeCard {
            source,
            main_title,
            emphasis_content: f.object("emphasis_content")?.map(emphasis).transpose()?,
            quote_area,
            sub_title_text: f.string("sub_title_text")?,
            horizontal_content_list,
            jump_list,
            card_action,
        }
        .into(),
        "news_notice" => NewsNoticeCard {
            source,
            main_title,
            card_image: f.object("card_image")?.map(card_image).transpose()?,
            image_text_area: f.object("image_text_area")?.map(image_text_area).transpose()?,
            quote_area,
            vertical_content_list: each(f.objects("vertical_content_list")?, vertical)?,
            horizontal_content_list,
            jump_list,
            card_action,
        }
        .into(),
        other => return Err(format!("template_card.card_type {other:?} is not text_notice or news_notice")),
    })
}

// ---- comparing -----------------------------------------------------------------------------

/// The first difference between two JSON values, as structure (numbers compare as f64).
fn diff(got: &Value, want: &Value, path: &str) -> Option<String> {
    match (got, want) {
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: {} items, expected {}", a.len(), b.len()));
            }
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| diff(x, y, &format!("{path}[{i}]")))
        }
        (Value::Object(a), Value::Object(b)) => {
            if let Some(k) = a.keys().find(|k| !b.contains_key(*k)) {
                return Some(format!("{path}.{k}: present, expected absent"));
            }
            if let Some(k) = b.keys().find(|k| !a.contains_key(*k)) {
                return Some(format!("{path}.{k}: absent, expected present"));
            }
            a.iter().find_map(|(k, v)| diff(v, &b[k], &format!("{path}.{k}")))
        }
        (a, b) if a == b => None,
        (a, b) => Some(format!("{path}: got {}, expected {}", short(a), short(b))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        format!("{}… ({} bytes)", s.chars().take(120).collect::<String>(), s.len())
    } else {
        s
    }
}

fn describe(e: &Error) -> String {
    format!("{} error at {:?}: {e}", e.kind().as_str(), e.field().unwrap_or(""))
}

/// Checks a message outcome (body JSON or error) against a message case's expectation.
fn check_outcome(outcome: Result<String, Error>, expect: &Value) -> R<()> {
    if let Some(want) = expect.get("body_json") {
        let body = outcome.map_err(|e| format!("expected a body, got a {}", describe(&e)))?;
        let got: Value = serde_json::from_str(&body).map_err(|e| format!("to_json is not JSON: {e}"))?;
        return diff(&got, want, "body").map_or(Ok(()), Err);
    }
    if let Some(want) = expect.get("image_body") {
        let body = outcome.map_err(|e| format!("expected a body, got a {}", describe(&e)))?;
        return check_image_body(&body, want);
    }
    if let Some(want) = expect.get("error") {
        return match outcome {
            Ok(body) => Err(format!("expected an error, got the body {}", short(&Value::String(body)))),
            Err(e) => check_error(&e, want),
        };
    }
    Err(format!("unknown expectation for a message: {expect}"))
}

fn check_image_body(body: &str, want: &Value) -> R<()> {
    let got: Value = serde_json::from_str(body).map_err(|e| format!("to_json is not JSON: {e}"))?;
    if got["msgtype"] != "image" || got.as_object().map(Map::len) != Some(2) {
        return Err(format!("not an image message: {}", short(&got)));
    }
    let image = got["image"].as_object().ok_or("body.image is not an object")?;
    if image.len() != 2 {
        return Err(format!("body.image has fields {:?}, expected base64 and md5", image.keys().collect::<Vec<_>>()));
    }
    let b64 = image.get("base64").and_then(Value::as_str).ok_or("body.image.base64 is not a string")?;
    let md5 = image.get("md5").and_then(Value::as_str).ok_or("body.image.md5 is not a string")?;
    let text = |k: &str| want[k].as_str().unwrap_or_default().to_owned();
    if md5 != text("md5") {
        return Err(format!("body.image.md5 is {md5}, expected {}", text("md5")));
    }
    if Some(b64.len() as u64) != want["base64_len"].as_u64() {
        return Err(format!("body.image.base64 is {} bytes long, expected {}", b64.len(), want["base64_len"]));
    }
    if !b64.starts_with(&text("base64_head")) || !b64.ends_with(&text("base64_tail")) {
        return Err("body.image.base64 does not start/end as expected".into());
    }
    Ok(())
}

fn check_error(e: &Error, want: &Value) -> R<()> {
    let kind = want["kind"].as_str().unwrap_or_default();
    if e.kind().as_str() != kind {
        return Err(format!("expected a {kind} error, got a {}", describe(e)));
    }
    if let Some(field) = want.get("field").and_then(Value::as_str) {
        if e.field() != Some(field) {
            return Err(format!("expected field {field:?}, got a {}", describe(e)));
        }
    }
    if let Some(code) = want.get("errcode").and_then(Value::as_i64) {
        if e.errcode() != Some(code) {
            return Err(format!("expected errcode {code}, got a {}", describe(e)));
        }
    }
    if let Some(status) = want.get("status").and_then(Value::as_u64) {
        if e.status().map(u64::from) != Some(status) {
            return Err(format!("expected HTTP status {status}, got a {}", describe(e)));
        }
    }
    Ok(())
}

// ---- running cases ---------------------------------------------------------------------------

fn run_case(case: &Case) -> R<()> {
    let input = case.input();
    if let Some(m) = input.get("message") {
        let outcome = build_message(m)?.and_then(|msg| msg.to_json());
        return check_outcome(outcome, case.expect());
    }
    let result = if let Some(split) = input.get("split") {
        let content = split["content"].as_str().ok_or("split.content is not a string")?;
        let chunks = match split["mode"].as_str() {
            Some("text") => wecom_bot::split_text(content),
            Some("markdown") => wecom_bot::split_markdown(content),
            other => return Err(format!("unknown split mode {other:?}")),
        };
        json!({ "chunks": chunks })
    } else if let Some(helper) = input.get("helper") {
        json!({ "result": run_helper(helper)? })
    } else {
        return Err(format!("unknown input {}", short(input)));
    };
    diff(&result, case.expect(), "expect").map_or(Ok(()), Err)
}

// ---- HTTP cases against the mock ------------------------------------------------------------------

/// A client for an HTTP case: the mock's base URL and the case's `client` settings.
fn http_client(case: &Case, mock_url: &str) -> R<Result<wecom_bot::Client, Error>> {
    let key = case.input()["key"].as_str().ok_or("an HTTP case needs a key")?;
    let settings = &case.json["client"];
    let mut config = wecom_bot::ClientConfig { base_url: Some(mock_url.to_owned()), ..Default::default() };
    if let Some(b) = settings.get("multipart_boundary").and_then(Value::as_str) {
        config.multipart_boundary = Some(b.to_owned());
    }
    if settings.get("retry") == Some(&Value::Bool(false)) {
        config.retry = wecom_bot::RetryPolicy::none();
    }
    if let Some(ms) = settings.get("timeout_ms").and_then(Value::as_u64) {
        config.timeout = std::time::Duration::from_millis(ms);
    }
    Ok(wecom_bot::Webhook::parse(key).and_then(|w| wecom_bot::Client::with_config(w, config)))
}

fn run_http_case(case: &Case, mock_url: &str) -> R<()> {
    let client = http_client(case, mock_url)?;
    if let Some(m) = case.input().get("send") {
        let message = build_message(m)?;
        let outcome = client.and_then(|c| c.send(&message?));
        return match (outcome, case.expect()) {
            (Ok(()), e) if e.get("ok").is_some() => Ok(()),
            (Ok(()), e) => Err(format!("the send succeeded, expected {e}")),
            (Err(err), e) => match e.get("error") {
                Some(want) => check_error(&err, want),
                None => Err(format!("expected success, got a {}", describe(&err))),
            },
        };
    }
    let upload = case.input().get("upload").ok_or("not an HTTP input")?;
    let kind = wecom_bot::MediaKind::parse(upload["kind"].as_str().unwrap_or_default()).map_err(|e| e.to_string())?;
    let filename = upload["filename"].as_str().ok_or("upload.filename missing")?;
    let dir = std::env::temp_dir().join(format!("wecom-conformance-{}-{}", std::process::id(), case.id));
    let outcome = match upload["source"].as_str() {
        Some("path") => {
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let path = dir.join(filename);
            if upload.get("missing") != Some(&Value::Bool(true)) {
                std::fs::write(&path, wecom_bot_conformance::content_bytes(upload)?).map_err(|e| e.to_string())?;
            }
            client.and_then(|c| c.upload_path(kind, &path))
        }
        Some("bytes") => {
            let bytes = wecom_bot_conformance::content_bytes(upload)?;
            client.and_then(|c| c.upload_bytes(kind, &bytes, filename))
        }
        other => return Err(format!("unknown upload source {other:?}")),
    };
    let _ = std::fs::remove_dir_all(&dir);
    match (outcome, case.expect()) {
        (Ok(media), e) if e.get("media").is_some() => {
            let want = e["media"]["kind"].as_str().unwrap_or_default();
            if media.kind.as_str() != want || media.media_id.is_empty() {
                return Err(format!("expected a {want} media with an id, got {media:?}"));
            }
            Ok(())
        }
        (Ok(media), e) => Err(format!("the upload succeeded ({media:?}), expected {e}")),
        (Err(err), e) => match e.get("error") {
            Some(want) => check_error(&err, want),
            None => Err(format!("expected success, got a {}", describe(&err))),
        },
    }
}

fn run_helper(helper: &Value) -> R<String> {
    let args = helper["args"].as_array().ok_or("helper.args is not an array")?;
    let string = |i: usize| args.get(i).and_then(Value::as_str).ok_or(format!("helper.args[{i}] is not a string"));
    let strings = |v: &Value| -> R<Vec<String>> {
        v.as_array()
            .ok_or("not an array")?
            .iter()
            .map(|s| s.as_str().map(str::to_owned).ok_or_else(|| "not a string".to_owned()))
            .collect()
    };
    Ok(match helper["name"].as_str() {
        Some("mention") => wecom_bot::mention(string(0)?),
        Some("font_color") => {
            let color = match string(1)? {
                "info" => FontColor::Info,
                "comment" => FontColor::Comment,
                "warning" => FontColor::Warning,
                other => return Err(format!("unknown colour {other}")),
            };
            wecom_bot::font_color(string(0)?, color)
        }
        Some("markdown_table") => {
            let headers = strings(&args[0])?;
            let rows = args[1].as_array().ok_or("rows are not an array")?.iter().map(strings).collect::<R<Vec<_>>>()?;
            wecom_bot::markdown_table(&headers, &rows).map_err(|e| e.to_string())?
        }
        Some("truncate") => {
            let max = args.get(1).and_then(Value::as_u64).ok_or("helper.args[1] is not a byte count")?;
            wecom_bot::truncate_to_bytes(string(0)?, max as usize).to_owned()
        }
        other => return Err(format!("unknown helper {other:?}")),
    })
}

#[test]
fn conformance_vectors() {
    let cases = load_cases();
    let mock = wecom_bot_mock::MockServer::start(wecom_bot_mock::MockConfig::new()).expect("the mock server starts");
    wecom_bot_conformance::script_mock(&mock, &cases).expect("the mock accepts every case's script");
    let (mut ran, mut failed, skipped) = (Vec::new(), Vec::new(), Vec::<Value>::new());
    for case in &cases {
        ran.push(case.id.clone());
        let outcome = if case.is_http() {
            run_http_case(case, &mock.base_url()).and_then(|()| {
                wecom_bot_conformance::check_received(&mock, case).map_err(|e| format!("server side: {e}"))
            })
        } else {
            run_case(case)
        };
        if let Err(reason) = outcome {
            failed.push(json!({ "id": case.id, "reason": format!("{}: {reason}", case.file) }));
        }
    }
    let results = json!({ "language": "rust", "ran": ran, "failed": failed, "skipped": skipped });
    let path = results_path();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    let text = serde_json::to_string_pretty(&results).expect("results serialize") + "\n";
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));

    for f in &failed {
        println!("FAILED {}: {}", f["id"].as_str().unwrap_or_default(), f["reason"].as_str().unwrap_or_default());
    }
    println!("{} passed, {} failed", ran.len() - failed.len(), failed.len());
    assert!(failed.is_empty(), "{} of {} conformance cases failed (see above)", failed.len(), ran.len());
}

// ---- from_json agrees with the typed API --------------------------------------------------------

/// The wire JSON for a message input: image inputs given as a fixture or bytes are encoded the
/// way the spec says (base64 of the raw bytes, lowercase-hex md5). `None`: not expressible as
/// JSON (an image path that does not exist).
fn wire_of(m: &Value) -> R<Option<Value>> {
    let Some(image) = m.get("image") else { return Ok(Some(m.clone())) };
    if image.get("base64").is_some() {
        return Ok(Some(m.clone()));
    }
    let f = Fields::of("image", image)?;
    let bytes = match image_bytes(&f)? {
        Some(bytes) => bytes,
        None => {
            let name = f.string("fixture")?.ok_or("image: no fixture")?;
            match std::fs::read(fixtures_dir().join(&name)) {
                Ok(bytes) => bytes,
                Err(_) => return Ok(None),
            }
        }
    };
    let md5 = {
        use md5::Digest as _;
        md5::Md5::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok(Some(json!({ "msgtype": "image", "image": { "base64": b64, "md5": md5 } })))
}

fn from_json_case(case: &Case) -> R<bool> {
    let Some(wire) = wire_of(&case.input()["message"])? else { return Ok(false) };
    let parse_and_serialize = |v: &Value| Message::from_json(&v.to_string()).and_then(|m| m.to_json());
    if let Some(body) = case.expect().get("body_json") {
        // The message as given, and the expected body itself, both come back as that body.
        check_outcome(parse_and_serialize(&wire), case.expect()).map_err(|e| format!("from_json(message): {e}"))?;
        check_outcome(parse_and_serialize(body), case.expect()).map_err(|e| format!("from_json(body_json): {e}"))?;
    } else {
        check_outcome(parse_and_serialize(&wire), case.expect()).map_err(|e| format!("from_json(message): {e}"))?;
    }
    Ok(true)
}

#[test]
fn from_json_agrees_with_the_typed_api() {
    let cases = load_cases();
    let (mut checked, mut failed) = (0, Vec::new());
    for case in cases.iter().filter(|c| c.input().get("message").is_some()) {
        match from_json_case(case) {
            Ok(true) => checked += 1,
            Ok(false) => {}
            Err(reason) => failed.push(format!("{} ({}): {reason}", case.id, case.file)),
        }
    }
    for f in &failed {
        println!("FAILED {f}");
    }
    println!("{} passed, {} failed", checked, failed.len());
    assert!(checked > 0, "no message case was checked");
    assert!(failed.is_empty(), "{} message cases disagree between from_json and the typed API", failed.len());
}
