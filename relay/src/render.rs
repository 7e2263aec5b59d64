//! Templates (minijinja) and the messages a rendered text becomes: split by the core's
//! splitters when too long (every alert shown, pages numbered `(i/n)`), mentions through the
//! core's mention API (inline `<@userid>` in markdown, `mentioned_list` in text, a follow-up
//! text where the format cannot mention).

use std::collections::BTreeMap;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::Environment;
use wecom_bot::content::{split, SplitOptions, Structure};
use wecom_bot::limits::{MARKDOWN_CONTENT_MAX_BYTES, TEXT_CONTENT_MAX_BYTES};
use wecom_bot::{CardAction, Markdown, MarkdownV2, Message, TemplateCard, Text, TextNoticeCard, MENTION_ALL};

use crate::config::{Format, Mentions};

/// The built-in templates, one per format (docs/relay.md shows them).
pub const BUILTIN: [(&str, &str); 4] = [
    ("markdown", include_str!("../templates/markdown.j2")),
    ("markdown_v2", include_str!("../templates/markdown_v2.j2")),
    ("text", include_str!("../templates/text.j2")),
    ("text_notice", include_str!("../templates/text_notice.j2")),
];

/// Instructions one rendering may run (minijinja's fuel): a template that loops without end
/// over a big payload fails instead of holding a thread.
const FUEL: u64 = 5_000_000;

/// The largest rendered text accepted (before splitting): about 250 full messages.
pub const MAX_RENDERED: usize = 1024 * 1024;

/// Whether `name` is a built-in template.
pub fn is_builtin(name: &str) -> bool {
    BUILTIN.iter().any(|(n, _)| *n == name)
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build().expect("valid syntax"));
    env.set_fuel(Some(FUEL));
    // A markdown_v2 table cell: no `|` (it would end the cell) and no line break.
    env.add_filter("cell", |v: Value| -> String {
        let s = if v.is_undefined() || v.is_none() { String::new() } else { v.to_string() };
        s.replace('|', "\\|").replace(['\r', '\n'], " ")
    });
    env
}

/// Compiles `source` alone: a syntax error with its line in the template.
pub fn check_template(name: &str, source: &str) -> Result<(), String> {
    let mut env = environment();
    env.add_template_owned(name.to_owned(), source.to_owned()).map_err(|e| describe(&e))
}

fn describe(e: &minijinja::Error) -> String {
    let what = e.detail().map_or_else(|| e.kind().to_string(), str::to_owned);
    match e.line() {
        Some(line) => format!("template line {line}: {what}"),
        None => what,
    }
}

/// The templates of a configuration, compiled once.
pub struct Templates {
    env: Environment<'static>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Templates")
    }
}

impl Templates {
    /// The built-ins plus the configuration's own (a name of the configuration wins).
    pub fn new(own: &BTreeMap<String, String>) -> Result<Templates, String> {
        let mut env = environment();
        for (name, source) in BUILTIN {
            if !own.contains_key(name) {
                env.add_template(name, source).map_err(|e| format!("built-in template {name}: {}", describe(&e)))?;
            }
        }
        for (name, source) in own {
            env.add_template_owned(name.clone(), source.clone())
                .map_err(|e| format!("templates.{name}: {}", describe(&e)))?;
        }
        Ok(Templates { env })
    }

    /// Renders template `name` with `context`; the text is trimmed.
    pub fn render(&self, name: &str, context: &serde_json::Value) -> Result<String, String> {
        let t = self.env.get_template(name).map_err(|e| format!("template {name}: {}", describe(&e)))?;
        let out = t.render(Value::from(Serde(context))).map_err(|e| format!("template {name}: {}", describe(&e)))?;
        if out.len() > MAX_RENDERED {
            return Err(format!("template {name}: rendered {} bytes, more than {MAX_RENDERED}", out.len()));
        }
        Ok(out.trim().to_owned())
    }
}

/// How a text becomes messages.
#[derive(Debug, Clone)]
pub struct Shape<'a> {
    /// The format.
    pub format: Format,
    /// Who to mention.
    pub mentions: &'a Mentions,
    /// The follow-up text's content, when one carries the mentions.
    pub mention_text: &'a str,
    /// A card's click URL.
    pub card_url: &'a str,
}

/// The messages `content` becomes, in sending order, each validated.
pub fn messages(content: &str, shape: &Shape<'_>) -> Result<Vec<Message>, wecom_bot::Error> {
    if content.trim().is_empty() {
        return Err(wecom_bot::Error::invalid_argument("template", "the template rendered nothing"));
    }
    let m = shape.mentions;
    let out: Vec<Message> = match shape.format {
        Format::Markdown => {
            // `<@userid>` inline when every mention can be written so (and the tags take at most
            // a quarter of a message); else all of them in a follow-up text.
            let tags: usize = m.userids.iter().map(|u| wecom_bot::mention(u).len() + 1).sum::<usize>() + 1;
            let inline = m.mobiles.is_empty()
                && !m.userids.iter().any(|u| u == MENTION_ALL)
                && tags <= MARKDOWN_CONTENT_MAX_BYTES / 4;
            let suffix = if inline && !m.userids.is_empty() { tags } else { 0 };
            let chunks = pages(content, MARKDOWN_CONTENT_MAX_BYTES - suffix, Structure::Lines);
            let n = chunks.len();
            chunks
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut md = Markdown::new(c);
                    if !m.is_empty() && ((inline && i == 0) || (!inline && i + 1 == n)) {
                        md = with_mentions(md, m, |md, u| md.mention(u), |md, p| md.mention_mobile(p));
                        if !inline {
                            md = md.mention_followup(shape.mention_text);
                        }
                    }
                    Message::Markdown(md)
                })
                .collect()
        }
        Format::MarkdownV2 => {
            let chunks = pages(content, MARKDOWN_CONTENT_MAX_BYTES, Structure::MarkdownV2);
            let n = chunks.len();
            chunks
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut md = MarkdownV2::new(c);
                    if !m.is_empty() && i + 1 == n {
                        md = with_mentions(md, m, |md, u| md.mention(u), |md, p| md.mention_mobile(p))
                            .mention_followup(shape.mention_text);
                    }
                    Message::MarkdownV2(md)
                })
                .collect()
        }
        Format::Text => pages(content, TEXT_CONTENT_MAX_BYTES, Structure::Lines)
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let mut t = Text::new(c);
                if i == 0 {
                    t.mentioned_list.clone_from(&m.userids);
                    t.mentioned_mobile_list.clone_from(&m.mobiles);
                }
                Message::Text(t)
            })
            .collect(),
        Format::TextNotice => {
            let (title, body) = content.split_once('\n').unwrap_or((content, ""));
            let title = title.trim().trim_start_matches('#').trim();
            let body = body.trim();
            let bodies = if body.is_empty() {
                vec![String::new()]
            } else {
                pages(body, TEXT_CONTENT_MAX_BYTES, Structure::Lines)
            };
            let mut cards: Vec<Message> = bodies
                .into_iter()
                .map(|b| {
                    let mut card = TextNoticeCard::new(CardAction::url(shape.card_url)).main_title(title, None);
                    if !b.is_empty() {
                        card = card.sub_title_text(b);
                    }
                    Message::TemplateCard(TemplateCard::TextNotice(card))
                })
                .collect();
            if !m.is_empty() {
                let mut t = Text::new(shape.mention_text);
                t.mentioned_list.clone_from(&m.userids);
                t.mentioned_mobile_list.clone_from(&m.mobiles);
                cards.push(Message::Text(t));
            }
            cards
        }
    };
    for msg in &out {
        msg.validate()?;
    }
    Ok(out)
}

fn with_mentions<T>(mut x: T, m: &Mentions, user: impl Fn(T, &str) -> T, mobile: impl Fn(T, &str) -> T) -> T {
    for u in &m.userids {
        x = user(x, u);
    }
    for p in &m.mobiles {
        x = mobile(x, p);
    }
    x
}

/// `content` in chunks of at most `max` bytes, numbered `(i/n)` when there are several.
fn pages(content: &str, max: usize, structure: Structure) -> Vec<String> {
    split(content, SplitOptions::new(max, structure).page_markers(true))
}

#[cfg(test)]
mod tests;
