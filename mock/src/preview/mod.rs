//! The inbox page: `GET /` (or `/inbox`) lists what the mock received, newest first, each
//! message laid out the way the WeCom client shows it, refused ones with the errcode and
//! errmsg, scripted faults named. Keys appear masked only; the per-key filter uses an opaque
//! id. The page updates itself by polling `/inbox/version` (the mock's server answers whole
//! bodies, so no event stream) and fetching `/inbox/list` when it changed.
//!
//! Safety: the templates (askama) escape everything, markdown is rendered by our own writer
//! over pulldown-cmark's events (raw HTML shown as text), remote pictures are placeholders
//! naming their URL, and the CSP allows scripts, styles and images only from the mock (images
//! also from `data:`, for sent pictures). Assets are compiled in.

mod html;
mod markdown;
mod open;
mod view;

pub use open::{open_in_browser, wait_for_interrupt};

use askama::Template;
use serde_json::json;

use crate::query::{param, split_target};
use crate::record::Record;
use crate::serve::{Answer, Request};
use crate::state::Shared;
use view::Item;

/// The page's Content-Security-Policy when served by the mock.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
/// The CSP of a page written to a file: nothing is loaded; the style is inline.
const STATIC_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// The page lists at most this many messages, the newest: a soak run's thousands of records
/// (and their pictures) would make a page no browser wants.
pub const MAX_SHOWN: usize = 200;

const CSS: &str = include_str!("../../assets/preview/style.css");
const JS: &str = include_str!("../../assets/preview/app.js");

/// Whether `path` is one of the page's.
pub(crate) fn serves(path: &str) -> bool {
    path == "/" || path == "/inbox" || path.starts_with("/inbox/")
}

/// Answers a request for one of the page's paths.
pub(crate) fn handle(shared: &Shared, req: &Request) -> Answer {
    let (path, query) = split_target(&req.target);
    if req.method != "GET" && req.method != "HEAD" {
        return Answer::text(405, format!("{} is not allowed on {path}", req.method));
    }
    // Only a known key id is echoed: a key pasted into the URL must not land on the page.
    let key = param(query, "key").map(|k| known_id(shared, &k)).unwrap_or_default();
    match path {
        "/" | "/inbox" => page(200, "text/html; charset=UTF-8", render_page(shared, &key, false)),
        "/inbox/list" => page(200, "text/html; charset=UTF-8", render_inbox(shared, &key, false)),
        "/inbox/version" => page(200, "application/json", json!({"version": version(shared)}).to_string()),
        "/inbox/assets/style.css" => page(200, "text/css; charset=UTF-8", CSS.to_string()),
        "/inbox/assets/app.js" => page(200, "text/javascript; charset=UTF-8", JS.to_string()),
        _ => Answer::text(404, "not found"),
    }
}

fn page(status: u16, content_type: &str, body: String) -> Answer {
    Answer::RespondWith {
        status,
        content_type: content_type.into(),
        headers: vec![
            ("content-security-policy", CSP.into()),
            ("x-content-type-options", "nosniff".into()),
            ("referrer-policy", "no-referrer".into()),
            ("cache-control", "no-store".into()),
        ],
        body: body.into(),
    }
}

/// `id` when it is the id of a key in the records, else a filter that matches nothing.
fn known_id(shared: &Shared, id: &str) -> String {
    let st = shared.lock();
    let mut keys: Vec<&str> = st.records.iter().map(|r| r.key.as_str()).collect();
    keys.dedup();
    match keys.into_iter().any(|k| shared.key_id(k) == id) {
        true => id.to_string(),
        false if id.is_empty() => String::new(),
        false => UNKNOWN.to_string(),
    }
}

/// The filter of an id that names no key.
const UNKNOWN: &str = "unknown";

/// Changes whenever the list would: a record added or dropped, a reset.
fn version(shared: &Shared) -> String {
    let st = shared.lock();
    format!("{}-{}-{}", shared.generation(), st.seq, st.records.dropped())
}

#[derive(Template)]
#[template(path = "preview/page.html")]
struct PageT<'a> {
    static_page: bool,
    csp: &'a str,
    css: &'a str,
    version: String,
    selected: &'a str,
    generated: String,
    inbox_html: String,
}

struct KeyTab {
    id: String,
    masked: String,
    count: usize,
}

#[derive(Template)]
#[template(path = "preview/list.html")]
struct ListT<'a> {
    static_page: bool,
    keys: Vec<KeyTab>,
    selected: &'a str,
    total: usize,
    items: Vec<Item>,
    /// Older messages past [`MAX_SHOWN`].
    hidden: usize,
    max_shown: usize,
    dropped: u64,
    base_url: String,
}

/// The whole page; `selected` is a key id ("" for every key). `static_page`: for a file
/// (style inline, no script, no key filter).
pub(crate) fn render_page(shared: &Shared, selected: &str, static_page: bool) -> String {
    let version = version(shared);
    let generated = html::utc(crate::clock::unix_secs(std::time::SystemTime::now()));
    let inbox_html = render_inbox(shared, selected, static_page);
    let t = PageT { static_page, csp: STATIC_CSP, css: CSS, version, selected, generated, inbox_html };
    t.render().unwrap_or_else(|e| format!("cannot render the page: {}", html::escape(&e.to_string())))
}

/// The key filter and the messages, newest first.
fn render_inbox(shared: &Shared, selected: &str, static_page: bool) -> String {
    // Copied out under the lock, rendered without it.
    let (records, dropped): (Vec<Record>, u64) = {
        let st = shared.lock();
        (st.records.iter().cloned().collect(), st.records.dropped())
    };
    let uploads = view::uploads(&records);
    let mut keys: Vec<(String, KeyTab)> = Vec::new();
    for r in &records {
        match keys.iter_mut().find(|(k, _)| *k == r.key) {
            Some((_, tab)) => tab.count += 1,
            None => keys.push((
                r.key.clone(),
                KeyTab { id: shared.key_id(&r.key), masked: crate::redact::redact_key(&r.key), count: 1 },
            )),
        }
    }
    let mut matching = records.iter().rev().filter_map(|r| {
        let id = &keys.iter().find(|(k, _)| *k == r.key)?.1.id;
        (selected.is_empty() || id == selected).then_some((r, id))
    });
    let items: Vec<Item> =
        matching.by_ref().take(MAX_SHOWN).map(|(r, id)| Item::new(r, id.clone(), &uploads)).collect();
    let hidden = matching.count();
    let t = ListT {
        static_page,
        total: records.len(),
        keys: keys.into_iter().map(|(_, t)| t).collect(),
        selected,
        items,
        hidden,
        max_shown: MAX_SHOWN,
        dropped,
        base_url: format!("http://{}", shared.addr),
    };
    t.render().unwrap_or_else(|e| format!("cannot render the inbox: {}", html::escape(&e.to_string())))
}
