//! The Rust runner of the conformance suite (`tests/conformance/README.md`).
//!
//! `conformance_vectors` builds every message case through the typed API (constructors,
//! builders and struct fields — never `Message::from_json`) and serializes it with
//! `Message::to_json`; it runs the split, helper and HTTP cases too (HTTP against an in-process
//! mock scripted from the vectors by the harness library). Like every runner it only reports
//! what happened, per case id, in `results/rust.json`; the harness library judges the
//! outcomes (and what the mock received), here in the same process.
//!
//! `from_json_agrees_with_the_typed_api` checks that `Message::from_json` (used by the mock
//! server and the CLI's `--json`) accepts and round-trips every accepted body, and rejects
//! every rejected message with the same field as the typed API: its outcomes are judged by the
//! same harness against the same expectations.

use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::PathBuf;
use wecom_bot::{
    Article, CardAction, CardImage, EmphasisContent, Error, File, FontColor, HorizontalContent, Image, ImageTextArea,
    Jump, MainTitle, Markdown, MarkdownV2, Message, News, NewsNoticeCard, QuoteArea, Source, Text, TextNoticeCard,
    VerticalContent, Voice,
};
use wecom_bot_conformance::{
    content_bytes, env_path, fixtures_dir, image_bytes, judge, load_cases, wire_message, write_results, Case,
    ErrorReport, Outcome,
};

fn results_path() -> PathBuf {
    env_path("WECOM_CONFORMANCE_RESULTS", || wecom_bot_conformance::results_dir().join("rust.json"))
}

/// A problem with the case itself or the runner (not a library outcome): reported as a
/// runner error, which fails the case.
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

/// A markdown or markdown_v2 message with the mentions of the input's lists.
macro_rules! with_mentions {
    ($md:expr, $body:expr) => {{
        let mut md = $md;
        for userid in $body.strings("mentioned_list")? {
            md = if userid == "@all" { md.mention_all() } else { md.mention(userid) };
        }
        for mobile in $body.strings("mentioned_mobile_list")? {
            md = md.mention_mobile(mobile);
        }
        md
    }};
}

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
        // The same mention API on both markdown types (a macro: they share no trait).
        "markdown" => Ok(with_mentions!(Markdown::new(body.required_string("content")?), body).into()),
        "markdown_v2" => Ok(with_mentions!(MarkdownV2::new(body.required_string("content")?), body).into()),
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

fn build_image(f: &Fields) -> R<Result<Image, Error>> {
    // The shorthand's keys are all read (so `done` passes); its bytes come from the harness
    // library's one reading of it.
    for key in ["bytes_hex", "fixture", "pad_to", "as"] {
        f.get(key);
    }
    if let Some(bytes) = image_bytes(&Value::Object(f.map.clone()), false)? {
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

// ---- running cases: what happened, as an outcome ------------------------------------------------

fn error_outcome(e: &Error) -> Outcome {
    Outcome::Error(ErrorReport {
        kind: e.kind().as_str().to_owned(),
        field: e.field().map(str::to_owned),
        errcode: e.errcode(),
        status: e.status().map(u64::from),
        message: Some(e.to_string()),
    })
}

fn body_outcome(body: Result<String, Error>) -> Outcome {
    body.map_or_else(|e| error_outcome(&e), Outcome::Body)
}

fn run_case(case: &Case, mock_url: &str) -> R<Outcome> {
    let input = case.input();
    if let Some(m) = input.get("message") {
        return Ok(body_outcome(build_message(m)?.and_then(|msg| msg.to_json())));
    }
    if let Some(split) = input.get("split") {
        let content = split["content"].as_str().ok_or("split.content is not a string")?;
        return match split["mode"].as_str() {
            Some("text") => Ok(Outcome::Chunks(wecom_bot::split_text(content))),
            Some("markdown") => Ok(Outcome::Chunks(wecom_bot::split_markdown(content))),
            Some("markdown_v2") => Ok(Outcome::Chunks(wecom_bot::split_markdown_v2(content))),
            other => Err(format!("unknown split mode {other:?}")),
        };
    }
    if let Some(helper) = input.get("helper") {
        return run_helper(helper).map(Outcome::Result);
    }
    if let Some(json) = input.get("json") {
        let json = json.as_str().ok_or("json is not a string")?;
        return Ok(body_outcome(Message::from_json(json).and_then(|m| m.to_json())));
    }
    if case.is_http() {
        return run_http_case(case, mock_url);
    }
    Err(format!("unknown input {input}"))
}

// ---- HTTP cases against the mock ------------------------------------------------------------------

/// A client for an HTTP case: the mock's base URL and the case's `client` settings.
fn http_client(case: &Case, mock_url: &str) -> R<Result<wecom_bot::Client, Error>> {
    let key = case.key().ok_or("an HTTP case needs a key")?;
    let mut config = wecom_bot::ClientConfig { base_url: Some(mock_url.to_owned()), ..Default::default() };
    for (name, v) in case.json["client"].as_object().into_iter().flatten() {
        match (name.as_str(), v) {
            ("multipart_boundary", Value::String(b)) => config.multipart_boundary = Some(b.clone()),
            ("retry", Value::Bool(false)) => config.retry = wecom_bot::RetryPolicy::none(),
            ("retry", Value::Bool(true)) => {}
            ("timeout_ms", v) if v.is_u64() => config.timeout = std::time::Duration::from_millis(v.as_u64().unwrap()),
            _ => return Err(format!("client setting {name}: {v} is not known to the Rust runner")),
        }
    }
    Ok(wecom_bot::Webhook::parse(key).and_then(|w| wecom_bot::Client::with_config(w, config)))
}

fn run_http_case(case: &Case, mock_url: &str) -> R<Outcome> {
    let client = http_client(case, mock_url)?;
    if let Some(m) = case.input().get("send") {
        let message = build_message(m)?;
        return Ok(client.and_then(|c| c.send(&message?)).map_or_else(|e| error_outcome(&e), |()| Outcome::Sent));
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
                std::fs::write(&path, content_bytes(upload)?).map_err(|e| e.to_string())?;
            }
            client.and_then(|c| c.upload_path(kind, &path))
        }
        Some("bytes") => {
            let bytes = content_bytes(upload)?;
            client.and_then(|c| c.upload_bytes(kind, &bytes, filename))
        }
        other => return Err(format!("unknown upload source {other:?}")),
    };
    let _ = std::fs::remove_dir_all(&dir);
    Ok(outcome.map_or_else(
        |e| error_outcome(&e),
        |media| Outcome::Media { kind: media.kind.as_str().to_owned(), media_id: media.media_id },
    ))
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
        Some("to_wecom_markdown") => wecom_bot::to_wecom_markdown(string(0)?),
        Some("to_wecom_markdown_v2") => wecom_bot::to_wecom_markdown_v2(string(0)?),
        Some("to_plain_text") => wecom_bot::to_plain_text(string(0)?),
        other => return Err(format!("unknown helper {other:?}")),
    })
}

#[test]
fn conformance_vectors() {
    let cases = load_cases();
    let mock = wecom_bot_mock::MockServer::start(wecom_bot_mock::MockConfig::new()).expect("the mock server starts");
    wecom_bot_conformance::script_mock(&mock, &cases).expect("the mock accepts every case's script");
    let outcomes: Vec<(String, Outcome)> = cases
        .iter()
        .map(|case| (case.id.clone(), run_case(case, &mock.base_url()).unwrap_or_else(Outcome::RunnerError)))
        .collect();
    let path = results_path();
    write_results(&path, "rust", &outcomes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));

    // The judging, by the harness library.
    let mut failed = Vec::new();
    for (case, (_, outcome)) in cases.iter().zip(&outcomes) {
        let verdict = judge(case, outcome).and_then(|()| {
            if case.is_http() {
                wecom_bot_conformance::check_received(&mock, case).map_err(|e| format!("server side: {e}"))
            } else {
                Ok(())
            }
        });
        if let Err(why) = verdict {
            failed.push(format!("{} ({}): {why}", case.id, case.file));
        }
    }
    for f in &failed {
        println!("FAILED {f}");
    }
    println!("{} passed, {} failed", cases.len() - failed.len(), failed.len());
    assert!(failed.is_empty(), "{} of {} conformance cases failed (see above)", failed.len(), cases.len());
}

// ---- from_json agrees with the typed API --------------------------------------------------------

/// The outcomes of `Message::from_json` for a message case: of the message's wire form, and
/// for an accepted message of the expected body itself. Empty when the message has no wire
/// form (an image path that does not exist).
fn from_json_outcomes(case: &Case) -> Vec<(&'static str, Outcome)> {
    let parse_and_serialize = |v: &Value| body_outcome(Message::from_json(&v.to_string()).and_then(|m| m.to_json()));
    let mut out = Vec::new();
    // No wire form: an image path that does not exist, or a markdown message's mention lists
    // (the typed API's; only its body_json, with the inline <@userid>, is wire).
    if let Some(wire) = wire_message(&case.input()["message"]) {
        out.push(("from_json(message)", parse_and_serialize(&wire)));
    }
    if let Some(body) = case.expect().get("body_json") {
        out.push(("from_json(body_json)", parse_and_serialize(body)));
    }
    out
}

#[test]
fn from_json_agrees_with_the_typed_api() {
    let cases = load_cases();
    let (mut checked, mut failed) = (0, Vec::new());
    for case in cases.iter().filter(|c| c.input().get("message").is_some()) {
        for (what, outcome) in from_json_outcomes(case) {
            checked += 1;
            if let Err(why) = judge(case, &outcome) {
                failed.push(format!("{} ({}): {what}: {why}", case.id, case.file));
            }
        }
    }
    for f in &failed {
        println!("FAILED {f}");
    }
    println!("{} passed, {} failed", checked - failed.len(), failed.len());
    assert!(checked > 0, "no message case was checked");
    assert!(failed.is_empty(), "{} message cases disagree between from_json and the typed API", failed.len());
}
