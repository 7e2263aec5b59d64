//! The relay's configuration file (TOML; docs/relay.md "Configuration").
//!
//! Parsed into toml's spanned tree first, then each top-level key, robot, route and template
//! on its own: one mistake does not hide the next, and every error names its line.
//! Keys (and bearer tokens) come from an environment variable or a file, never from the file
//! itself, and no error ever quotes one.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::ops::Range;
use std::time::Duration;

use serde::Deserialize;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;
use wecom_bot::{Store, Webhook};

use parts::{robot, route, rule_of, secret};

/// Where the relay listens unless told otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9095";
/// The default request body cap: an image message (2 MiB raw, as base64 in JSON) fits.
pub const DEFAULT_MAX_BODY: usize = 4 * 1024 * 1024;
/// The largest `max_body` accepted.
pub const MAX_MAX_BODY: usize = 64 * 1024 * 1024;
/// Bearer tokens shorter than this are refused (a guessable token is no token).
pub const MIN_TOKEN_LEN: usize = 16;

/// One problem in the file, with its line when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// 1-based line.
    pub line: Option<usize>,
    /// What is wrong (never a key or token).
    pub message: String,
}

/// Every problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors {
    /// The file's name as given (for `FILE:LINE:` prefixes).
    pub file: String,
    /// The problems, in the order of the file.
    pub errors: Vec<ConfigError>,
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match e.line {
                Some(line) => write!(f, "{}:{line}: {}", self.file, e.message)?,
                None => write!(f, "{}: {}", self.file, e.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// How a route's messages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// markdown (mentions inline as `<@userid>`).
    #[default]
    Markdown,
    /// markdown_v2 (tables, no mentions: a follow-up text carries them).
    MarkdownV2,
    /// text (mentions in `mentioned_list`).
    Text,
    /// A text_notice template card (first line: the title; the rest: `sub_title_text`).
    TextNotice,
}

impl Format {
    /// The name used in the config and the built-in templates' names.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::MarkdownV2 => "markdown_v2",
            Format::Text => "text",
            Format::TextNotice => "text_notice",
        }
    }
}

/// Which rules of a route apply to an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    /// The first rule whose labels match (default).
    #[default]
    First,
    /// Every rule whose labels match.
    All,
}

/// Who a message mentions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mentions {
    /// userids; `@all` mentions everyone.
    pub userids: Vec<String>,
    /// Mobile numbers.
    pub mobiles: Vec<String>,
}

impl Mentions {
    /// Nobody.
    pub fn is_empty(&self) -> bool {
        self.userids.is_empty() && self.mobiles.is_empty()
    }

    /// Both lists, without repeats.
    pub fn merged(&self, other: &Mentions) -> Mentions {
        let mut m = self.clone();
        for u in &other.userids {
            if !m.userids.contains(u) {
                m.userids.push(u.clone());
            }
        }
        for p in &other.mobiles {
            if !m.mobiles.contains(p) {
                m.mobiles.push(p.clone());
            }
        }
        m
    }
}

/// A robot: its key (from the environment or a file) and where it is reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Robot {
    /// The robot's webhook (its `Debug` masks the key).
    pub webhook: Webhook,
    /// A base URL replacing the real server, else `WECOM_BOT_BASE_URL`.
    pub base_url: Option<String>,
}

/// A rule of a route: alerts whose labels match go to its robots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Label → the values that match (any of them).
    pub labels: BTreeMap<String, Vec<String>>,
    /// The robots.
    pub robots: Vec<String>,
    /// Added to the route's mentions for these alerts.
    pub mentions: Mentions,
}

/// A route: `POST /v1/alertmanager/{name}` and `/v1/grafana/{name}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Where alerts no rule matches go (may be empty when rules cover everything).
    pub robots: Vec<String>,
    /// Label rules, in order.
    pub rules: Vec<Rule>,
    /// First matching rule, or all.
    pub matching: Matching,
    /// How messages are written.
    pub format: Format,
    /// A template of `[templates]`, else the built-in one of the format.
    pub template: Option<String>,
    /// Who every message of the route mentions.
    pub mentions: Mentions,
    /// The content of the follow-up text that carries mentions a format cannot.
    pub mention_text: String,
    /// A card's click URL; default: the payload's `externalURL`.
    pub card_url: Option<String>,
}

/// A whole, checked configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The bind address.
    pub listen: SocketAddr,
    /// The store (quota and outbox); `None`: `WECOM_BOT_STORE`, else the default.
    pub store: Option<Store>,
    /// The rate window `COUNT/SECONDS`; `None`: `WECOM_BOT_RATE_LIMIT`, else 20/60.
    pub rate_limit: Option<(u32, Duration)>,
    /// Largest request body.
    pub max_body: usize,
    /// Bearer tokens senders must present (none: no check; refused beyond loopback).
    pub tokens: Vec<String>,
    /// Robots by name.
    pub robots: BTreeMap<String, Robot>,
    /// Routes by name.
    pub routes: BTreeMap<String, Route>,
    /// Templates by name (minijinja source).
    pub templates: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRobot {
    key_env: Option<Spanned<String>>,
    key_file: Option<Spanned<String>>,
    base_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    #[serde(default)]
    robots: Vec<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
    #[serde(default, rename = "match")]
    matching: Matching,
    #[serde(default)]
    format: Format,
    template: Option<Spanned<String>>,
    #[serde(default)]
    mention: Vec<String>,
    #[serde(default)]
    mention_mobiles: Vec<String>,
    mention_text: Option<String>,
    card_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    labels: BTreeMap<String, OneOrMany>,
    robots: Vec<Spanned<String>>,
    #[serde(default)]
    mention: Vec<String>,
    #[serde(default)]
    mention_mobiles: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSecret {
    env: Option<String>,
    file: Option<String>,
}

/// The default follow-up text that carries mentions.
pub const DEFAULT_MENTION_TEXT: &str = "↑ see the alert above";

/// What loading reads from outside the file.
pub struct Env<'a> {
    /// An environment variable (empty counts as unset).
    pub var: &'a dyn Fn(&str) -> Option<String>,
    /// A file's content (keys and tokens).
    pub read_file: &'a dyn Fn(&str) -> std::io::Result<String>,
}

impl Env<'_> {
    fn get(&self, name: &str) -> Option<String> {
        (self.var)(name).filter(|v| !v.trim().is_empty())
    }
}

/// Collects errors with their lines.
struct Report<'s> {
    src: &'s str,
    errors: Vec<(usize, ConfigError)>,
}

impl Report<'_> {
    fn at(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let start = span.as_ref().map_or(usize::MAX, |s| s.start);
        let line = span.map(|s| line_of(self.src, s.start));
        self.errors.push((start, ConfigError { line, message: message.into() }));
    }

    /// A toml error, at its own span, else at `fallback` (the value being decoded).
    fn toml(&mut self, context: &str, e: &toml::de::Error, fallback: Range<usize>) {
        let msg = e.message().trim_end().replace('\n', " ");
        self.at(e.span().or(Some(fallback)), if context.is_empty() { msg } else { format!("{context}: {msg}") });
    }
}

fn line_of(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

fn decode<'i, T: Deserialize<'i>>(value: &Spanned<DeValue<'i>>, context: &str, report: &mut Report<'_>) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(value.clone())) {
        Ok(v) => Some(v),
        Err(e) => {
            report.toml(context, &e, value.span());
            None
        }
    }
}

/// Decodes a table field by field as far as serde lets it: on an error, the field it lies in
/// is reported and left out, and the rest is decoded again, so every wrong field of a robot
/// or route is reported (not only the first). `None` when any field was wrong.
fn decode_fields<'i, T: Deserialize<'i>>(
    value: &Spanned<DeValue<'i>>,
    context: &str,
    report: &mut Report<'_>,
) -> Option<T> {
    let DeValue::Table(table) = value.get_ref() else {
        return decode(value, context, report);
    };
    let mut table = table.clone();
    let mut failed = false;
    loop {
        let whole = Spanned::new(value.span(), DeValue::Table(table.clone()));
        match T::deserialize(ValueDeserializer::from(whole)) {
            Ok(v) => return (!failed).then_some(v),
            Err(e) => {
                report.toml(context, &e, value.span());
                failed = true;
                let at = e.span()?;
                let inside = |k: &Spanned<toml::de::DeString<'i>>, v: &Spanned<DeValue<'i>>| {
                    k.span().contains(&at.start) || v.span().contains(&at.start)
                };
                let before = table.len();
                table = table.iter().filter(|(k, v)| !inside(k, v)).map(|(k, v)| (k.clone(), v.clone())).collect();
                if table.len() == before {
                    return None;
                }
            }
        }
    }
}

/// A robot, route or template name: it appears in URL paths and metric labels.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

impl Config {
    /// Parses and checks `src` (the file `file`); `listen` overrides the file's `listen`.
    /// Every problem is reported, each with its line.
    pub fn parse(src: &str, file: &str, listen: Option<SocketAddr>, env: &Env<'_>) -> Result<Config, ConfigErrors> {
        let mut report = Report { src, errors: Vec::new() };
        let (root, syntax) = DeTable::parse_recoverable(src);
        for e in &syntax {
            report.toml("", e, 0..0);
        }
        let environment = wecom_bot::Environment::read_with(|n| (env.var)(n)).unwrap_or_else(|e| {
            report.at(None, format!("the environment: {e}"));
            wecom_bot::Environment::default()
        });
        let mut config = Config {
            listen: DEFAULT_LISTEN.parse().expect("a valid address"),
            store: None,
            rate_limit: None,
            max_body: DEFAULT_MAX_BODY,
            tokens: Vec::new(),
            robots: BTreeMap::new(),
            routes: BTreeMap::new(),
            templates: BTreeMap::new(),
        };
        let root = root.into_inner();
        let mut listen_span = None;
        let mut robots_seen = false;
        // Robot names as declared, loaded or not: a route naming a robot whose key failed to
        // load is not reported a second time.
        let mut declared = std::collections::BTreeSet::new();
        let mut raw_routes = Vec::new();
        let mut template_spans = BTreeMap::new();
        for (key, value) in root.iter() {
            let name: &str = key.get_ref();
            let ctx = name.to_owned();
            match name {
                "listen" => {
                    listen_span = Some(value.span());
                    if let Some(s) = decode::<String>(value, &ctx, &mut report) {
                        match s.trim().parse::<SocketAddr>() {
                            Ok(a) => config.listen = a,
                            Err(_) => report.at(Some(value.span()), format!("listen: {s:?} is not ADDRESS:PORT, e.g. {DEFAULT_LISTEN}")),
                        }
                    }
                }
                "store" => {
                    if let Some(s) = decode::<String>(value, &ctx, &mut report) {
                        match Store::parse(&s) {
                            Ok(store) => config.store = Some(store),
                            Err(e) => report.at(Some(value.span()), format!("store: {}", rule_of(&e))),
                        }
                    }
                }
                "rate_limit" => {
                    if let Some(s) = decode::<String>(value, &ctx, &mut report) {
                        match wecom_bot::env::parse_rate_limit(&s) {
                            Ok(r) => config.rate_limit = Some(r),
                            Err(e) => report.at(Some(value.span()), format!("rate_limit: {}", rule_of(&e))),
                        }
                    }
                }
                "max_body" => {
                    if let Some(n) = decode::<u64>(value, &ctx, &mut report) {
                        if n == 0 || n > MAX_MAX_BODY as u64 {
                            report.at(Some(value.span()), format!("max_body: must be 1..={MAX_MAX_BODY} bytes"));
                        } else {
                            config.max_body = n as usize;
                        }
                    }
                }
                "tokens" => {
                    if let Some(list) = decode::<Vec<Spanned<RawSecret>>>(value, &ctx, &mut report) {
                        for (i, t) in list.iter().enumerate() {
                            let what = format!("tokens[{i}]");
                            if let Some(token) = secret(t.get_ref(), &what, t.span(), env, &mut report) {
                                if token.len() < MIN_TOKEN_LEN {
                                    report.at(Some(t.span()), format!("{what}: a token needs at least {MIN_TOKEN_LEN} characters"));
                                } else {
                                    config.tokens.push(token);
                                }
                            }
                        }
                    }
                }
                "robots" => {
                    robots_seen = true;
                    let Some(DeValue::Table(table)) = Some(value.get_ref()) else {
                        report.at(Some(value.span()), "robots: must be a table of robots ([robots.NAME])");
                        continue;
                    };
                    for (rname, rvalue) in table.iter() {
                        let rname: &str = rname.get_ref();
                        declared.insert(rname.to_owned());
                        let ctx = format!("robots.{rname}");
                        if !valid_name(rname) {
                            report.at(Some(rvalue.span()), format!("{ctx}: a name has 1 to 64 of A-Z a-z 0-9 - _ ."));
                        }
                        if let Some(raw) = decode_fields::<RawRobot>(rvalue, &ctx, &mut report) {
                            if let Some(robot) = robot(&raw, &ctx, rvalue.span(), env, &environment, &mut report) {
                                config.robots.insert(rname.to_owned(), robot);
                            }
                        }
                    }
                }
                "routes" => {
                    let Some(DeValue::Table(table)) = Some(value.get_ref()) else {
                        report.at(Some(value.span()), "routes: must be a table of routes ([routes.NAME])");
                        continue;
                    };
                    for (rname, rvalue) in table.iter() {
                        let rname: &str = rname.get_ref();
                        let ctx = format!("routes.{rname}");
                        if !valid_name(rname) {
                            report.at(Some(rvalue.span()), format!("{ctx}: a name has 1 to 64 of A-Z a-z 0-9 - _ ."));
                        }
                        if let Some(raw) = decode_fields::<RawRoute>(rvalue, &ctx, &mut report) {
                            raw_routes.push((rname.to_owned(), rvalue.span(), raw));
                        }
                    }
                }
                "templates" => {
                    let Some(DeValue::Table(table)) = Some(value.get_ref()) else {
                        report.at(Some(value.span()), "templates: must be a table of NAME = \"\"\"template\"\"\"");
                        continue;
                    };
                    for (tname, tvalue) in table.iter() {
                        let tname: &str = tname.get_ref();
                        let ctx = format!("templates.{tname}");
                        if let Some(source) = decode::<String>(tvalue, &ctx, &mut report) {
                            if let Err(e) = crate::render::check_template(tname, &source) {
                                report.at(Some(tvalue.span()), format!("{ctx}: {e}"));
                            }
                            template_spans.insert(tname.to_owned(), tvalue.span());
                            config.templates.insert(tname.to_owned(), source);
                        }
                    }
                }
                other => report.at(
                    Some(key.span()),
                    format!("unknown key {other:?}: expected listen, store, rate_limit, max_body, tokens, robots, routes or templates"),
                ),
            }
        }
        if !robots_seen {
            report.at(None, "no robot: add one, e.g. [robots.ops] with key_env = \"WECOM_BOT_KEY\"");
        }
        for (name, span, raw) in raw_routes {
            if let Some(route) = route(&name, span, raw, &config, &declared, &mut report) {
                config.routes.insert(name, route);
            }
        }
        if let Some(a) = listen {
            config.listen = a;
            listen_span = None;
        }
        if !config.listen.ip().is_loopback() && config.tokens.is_empty() {
            report.at(
                listen_span,
                format!(
                    "listen: {} is beyond loopback: senders must present a bearer token (add tokens = [{{ env = \"RELAY_TOKEN\" }}])",
                    config.listen
                ),
            );
        }
        if report.errors.is_empty() {
            return Ok(config);
        }
        let mut errors = report.errors;
        errors.sort_by_key(|(start, _)| *start);
        Err(ConfigErrors { file: file.to_owned(), errors: errors.into_iter().map(|(_, e)| e).collect() })
    }
}

mod parts;
#[cfg(test)]
mod tests;
