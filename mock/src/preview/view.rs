//! What the page shows for each record: the message as the WeCom client lays it out, and how
//! the mock answered. Built from the recorded bytes leniently, so that a refused message (a
//! wrong type, a missing field) is shown too, as far as it can be read.

use std::collections::HashMap;

use askama::Template;
use base64::Engine as _;
use serde::Deserialize;
use serde_json::Value;

use super::html::{self, escape};
use super::markdown::{self, Dialect};
use crate::multipart;
use crate::record::{Record, RecordKind, Reply};
use crate::redact::redact_key;

/// What an uploaded media_id refers to, for file and voice messages and card attachments.
#[derive(Clone)]
pub(crate) struct Upload {
    pub filename: Option<String>,
    pub size: usize,
    pub duration_ms: Option<u64>,
}

/// The uploads of `records` by media_id.
pub(crate) fn uploads(records: &[Record]) -> HashMap<String, Upload> {
    let mut map = HashMap::new();
    for r in records {
        let Some(u) = &r.upload else { continue };
        let Some(id) = &u.media_id else { continue };
        let duration_ms = (u.media_type == "voice")
            .then(|| media_data(r, &u.boundary).and_then(|d| html::amr_duration_ms(&d)))
            .flatten();
        map.insert(id.clone(), Upload { filename: u.filename.clone(), size: u.size, duration_ms });
    }
    map
}

fn media_data(r: &Record, boundary: &str) -> Option<Vec<u8>> {
    if !r.body_is_whole() {
        return None;
    }
    let parts = multipart::parse(&r.body, boundary).ok()?;
    parts.into_iter().find(|p| p.name.as_deref() == Some("media")).map(|p| p.data.to_vec())
}

/// One record as the page lists it.
pub(crate) struct Item {
    pub seq: u64,
    pub time: String,
    pub key_masked: String,
    pub key_id: String,
    /// `send`, `upload`
    pub kind: &'static str,
    /// The msgtype (or card type) for the DOM, `upload`, or `unknown`.
    pub msgtype: String,
    pub delivered: bool,
    /// `delivered`, `refused`, `fault`
    pub state: &'static str,
    pub verdict: Verdict,
    pub fault: Option<String>,
    pub dropped_fields: Vec<String>,
    pub body_html: String,
}

/// How the mock answered a request.
pub(crate) struct Verdict {
    pub status: Option<u16>,
    pub errcode: Option<i64>,
    pub errmsg: Option<String>,
    pub closed: bool,
    /// A body that is not the API's JSON (a scripted gateway page, a text error).
    pub other_body: Option<String>,
}

impl Item {
    pub fn new(r: &Record, key_id: String, uploads: &HashMap<String, Upload>) -> Item {
        let json = r.reply.json();
        let verdict = Verdict {
            status: match &r.reply {
                Reply::Http { status, .. } => Some(*status),
                Reply::Closed => None,
            },
            errcode: json.as_ref().and_then(|j| j.get("errcode")?.as_i64()),
            errmsg: json.as_ref().and_then(|j| Some(j.get("errmsg")?.as_str()?.to_string())),
            closed: r.reply == Reply::Closed,
            other_body: match (&r.reply, &json) {
                (Reply::Http { body, .. }, None) => Some(shorten(body, 2000)),
                _ => None,
            },
        };
        let (msgtype, body_html) = match r.kind {
            RecordKind::Upload => ("upload".to_string(), upload_html(r)),
            RecordKind::Send => message_html(r, uploads),
        };
        let state = match (r.delivered, &r.fault) {
            (true, _) => "delivered",
            (false, Some(_)) => "fault",
            (false, None) => "refused",
        };
        Item {
            seq: r.seq,
            time: html::utc(r.received_at),
            key_masked: redact_key(&r.key),
            key_id,
            kind: r.kind.as_str(),
            msgtype,
            delivered: r.delivered,
            state,
            verdict,
            fault: r.fault.as_ref().map(|f| serde_json::to_string(f).unwrap_or_default()),
            dropped_fields: r.dropped_fields.clone(),
            body_html,
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    let (head, rest) = markdown::split_at_boundary(s, max);
    if rest.is_empty() {
        head.to_string()
    } else {
        format!("{head}… ({} more bytes)", rest.len())
    }
}

fn render(t: &impl Template) -> String {
    t.render().unwrap_or_else(|e| format!("<p class=\"cut\">cannot render: {}</p>", escape(&e.to_string())))
}

/// The body as JSON or text, when it cannot be shown as a message.
#[derive(Template)]
#[template(path = "preview/raw.html")]
struct RawT {
    why: String,
    body: String,
}

fn raw(r: &Record, why: &str) -> String {
    let body = if r.body_is_whole() {
        shorten(&r.body_text(), 8192)
    } else {
        format!("{} (first {} of {} bytes)", shorten(&r.body_text(), 8192), r.body.len(), r.body_size)
    };
    render(&RawT { why: why.to_string(), body })
}

fn message_html(r: &Record, uploads: &HashMap<String, Upload>) -> (String, String) {
    let Some(v) = r.body_json() else {
        let why = if r.body_is_whole() { "not JSON" } else { "too long to keep whole" };
        return ("unknown".into(), raw(r, why));
    };
    let msgtype = v.get("msgtype").and_then(Value::as_str).unwrap_or("unknown").to_string();
    let part = v.get(&msgtype).cloned().unwrap_or(Value::Null);
    let html = match msgtype.as_str() {
        "text" => serde_json::from_value::<TextMsg>(part).ok().map(|m| render(&m.view())),
        "markdown" | "markdown_v2" => serde_json::from_value::<MarkdownMsg>(part).ok().map(|m| {
            let dialect = if msgtype == "markdown" { Dialect::V1 } else { Dialect::V2 };
            format!("<div class=\"md\">{}</div>", markdown::render(&m.content, dialect))
        }),
        "image" => serde_json::from_value::<ImageMsg>(part).ok().map(|m| render(&m.view())),
        "news" => serde_json::from_value::<NewsMsg>(part).ok().map(|m| render(&m.view())),
        "file" | "voice" => serde_json::from_value::<MediaMsg>(part).ok().map(|m| {
            let up = uploads.get(&m.media_id).cloned();
            render(&MediaT { voice: msgtype == "voice", media_id: m.media_id, up })
        }),
        "template_card" => serde_json::from_value::<Card>(part).ok().map(|c| {
            let t = CardT::new(c, uploads);
            render(&t)
        }),
        _ => None,
    };
    let msgtype = match (&*msgtype, v.pointer("/template_card/card_type").and_then(Value::as_str)) {
        ("template_card", Some(t @ ("text_notice" | "news_notice"))) => t.to_string(),
        _ => msgtype,
    };
    match html {
        Some(h) => (msgtype, h),
        None => (msgtype, raw(r, "not a message the client can show")),
    }
}

#[derive(Template)]
#[template(path = "preview/upload.html")]
struct UploadT {
    media_type: String,
    filename: Option<String>,
    size: String,
    media_id: Option<String>,
}

fn upload_html(r: &Record) -> String {
    match &r.upload {
        Some(u) => render(&UploadT {
            media_type: u.media_type.clone(),
            filename: u.filename.clone(),
            size: html::size(u.size),
            media_id: u.media_id.clone(),
        }),
        None => raw(r, "no media part"),
    }
}

#[derive(Deserialize)]
struct TextMsg {
    content: String,
    #[serde(default)]
    mentioned_list: Vec<String>,
    #[serde(default)]
    mentioned_mobile_list: Vec<String>,
}

#[derive(Template)]
#[template(path = "preview/text.html")]
struct TextT {
    content_html: String,
    mentions: Vec<String>,
}

impl TextMsg {
    fn view(self) -> TextT {
        // `@all` is written with its @ already.
        let mentions = (self.mentioned_list.into_iter().chain(self.mentioned_mobile_list))
            .map(|m| if m.starts_with('@') { m } else { format!("@{m}") })
            .collect();
        let (shown, rest) = markdown::split_at_boundary(&self.content, markdown::MAX_RENDERED);
        let mut content_html = markdown::with_mentions(shown);
        if !rest.is_empty() {
            content_html.push_str(&format!("… ({} more bytes)", rest.len()));
        }
        TextT { content_html, mentions }
    }
}

#[derive(Deserialize)]
struct MarkdownMsg {
    content: String,
}

#[derive(Deserialize)]
struct ImageMsg {
    base64: String,
    #[serde(default)]
    md5: String,
}

#[derive(Template)]
#[template(path = "preview/image.html")]
struct ImageT {
    /// A `data:` URL of the picture, when it is a JPG or PNG.
    src: Option<String>,
    size: String,
    md5: String,
}

impl ImageMsg {
    fn view(self) -> ImageT {
        let bytes = base64::engine::general_purpose::STANDARD.decode(self.base64.as_bytes()).unwrap_or_default();
        let src = html::picture_type(&bytes).map(|mime| format!("data:{mime};base64,{}", self.base64));
        ImageT { src, size: html::size(bytes.len()), md5: self.md5 }
    }
}

#[derive(Deserialize)]
struct NewsMsg {
    articles: Vec<Article>,
}

#[derive(Deserialize)]
struct Article {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    url: String,
    #[serde(default)]
    picurl: Option<String>,
}

#[derive(Template)]
#[template(path = "preview/news.html")]
struct NewsT {
    articles: Vec<Article>,
}

impl NewsMsg {
    fn view(self) -> NewsT {
        NewsT { articles: self.articles }
    }
}

#[derive(Deserialize)]
struct MediaMsg {
    media_id: String,
}

#[derive(Template)]
#[template(path = "preview/media.html")]
struct MediaT {
    voice: bool,
    media_id: String,
    up: Option<Upload>,
}

impl MediaT {
    fn name(&self) -> String {
        self.up.as_ref().and_then(|u| u.filename.clone()).unwrap_or_else(|| self.media_id.clone())
    }

    fn size(&self) -> Option<String> {
        self.up.as_ref().map(|u| html::size(u.size))
    }

    fn duration(&self) -> Option<String> {
        let ms = self.up.as_ref()?.duration_ms?;
        Some(format!("{}\"", ms.div_ceil(1000)))
    }
}

// ---- template cards -------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct Source {
    icon_url: Option<String>,
    desc: Option<String>,
    desc_color: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TitleDesc {
    title: Option<String>,
    desc: Option<String>,
}

/// Where a tap on a part goes (`type` 1: url, 2: mini program).
#[derive(Deserialize, Default)]
#[serde(default)]
struct Action {
    #[serde(rename = "type")]
    kind: Option<i64>,
    url: Option<String>,
    appid: Option<String>,
    pagepath: Option<String>,
}

impl Action {
    /// What the client would open, as text.
    fn target(&self) -> Option<String> {
        match self.kind {
            Some(1) => self.url.clone(),
            Some(2) => Some(format!(
                "mini program {}{}",
                self.appid.as_deref().unwrap_or("?"),
                self.pagepath.as_deref().map(|p| format!(" {p}")).unwrap_or_default()
            )),
            _ => None,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Quote {
    #[serde(flatten)]
    action: Action,
    title: Option<String>,
    quote_text: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Horizontal {
    #[serde(rename = "type")]
    kind: Option<i64>,
    keyname: String,
    value: Option<String>,
    url: Option<String>,
    media_id: Option<String>,
    userid: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Jump {
    #[serde(flatten)]
    action: Action,
    title: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CardImage {
    url: String,
    aspect_ratio: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ImageTextArea {
    #[serde(flatten)]
    action: Action,
    title: Option<String>,
    desc: Option<String>,
    image_url: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Card {
    card_type: String,
    source: Option<Source>,
    main_title: Option<TitleDesc>,
    emphasis_content: Option<TitleDesc>,
    quote_area: Option<Quote>,
    sub_title_text: Option<String>,
    horizontal_content_list: Vec<Horizontal>,
    jump_list: Vec<Jump>,
    card_action: Option<Action>,
    card_image: Option<CardImage>,
    image_text_area: Option<ImageTextArea>,
    vertical_content_list: Vec<TitleDesc>,
}

/// A horizontal row as shown: its value, and what tapping it does.
struct Row {
    keyname: String,
    value: String,
    /// `link`, `file`, `member` or `` (plain)
    class: &'static str,
    target: Option<String>,
}

#[derive(Template)]
#[template(path = "preview/card.html")]
struct CardT {
    card: Card,
    rows: Vec<Row>,
    /// The card image's width and height for the placeholder's viewBox (its aspect ratio).
    ratio_box: Option<(u32, u32)>,
    /// The aspect ratio as sent (1.3 when absent, the spec's default).
    ratio_label: String,
    action: Option<String>,
}

impl CardT {
    fn new(card: Card, uploads: &HashMap<String, Upload>) -> CardT {
        let rows = card
            .horizontal_content_list
            .iter()
            .map(|h| {
                let (class, target) = match h.kind {
                    Some(1) => ("link", h.url.clone()),
                    Some(2) => (
                        "file",
                        h.media_id.as_ref().map(|id| match uploads.get(id) {
                            Some(u) => {
                                format!("attachment {} ({})", u.filename.as_deref().unwrap_or(id), html::size(u.size))
                            }
                            None => format!("attachment {id}"),
                        }),
                    ),
                    Some(3) => ("member", h.userid.as_ref().map(|u| format!("member {u}"))),
                    _ => ("", None),
                };
                Row { keyname: h.keyname.clone(), value: h.value.clone().unwrap_or_default(), class, target }
            })
            .collect();
        // The spec's default ratio is 1.3; the box keeps what was sent, within sane bounds.
        let ratio = card.card_image.as_ref().and_then(|ci| ci.aspect_ratio);
        let ratio_box = card.card_image.as_ref().map(|_| {
            let r = ratio.filter(|r| r.is_finite()).unwrap_or(1.3).clamp(0.2, 5.0);
            (1000, (1000.0 / r).round() as u32)
        });
        let ratio_label = ratio.unwrap_or(1.3).to_string();
        let action = card.card_action.as_ref().and_then(Action::target);
        CardT { card, rows, ratio_box, ratio_label, action }
    }

    fn source_colour(&self) -> &'static str {
        match self.card.source.as_ref().and_then(|s| s.desc_color) {
            Some(1) => "black",
            Some(2) => "red",
            Some(3) => "green",
            _ => "grey",
        }
    }
}
