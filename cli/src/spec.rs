//! Parsers for the structured option values: `--article`, `--field`, `--jump`, `--vertical`.
//!
//! `name=value,name=value` lists split at a comma only when it is followed by one of the
//! known names and `=`, so values keep their commas (`title=Hello, world,url=…`) and URLs
//! keep their `=` and `&`.

use wecom_bot::{Article, HorizontalContent, Jump, VerticalContent};

/// Splits `spec` into `(name, value)` pairs, where `names` are the only field names.
fn split_fields<'a>(spec: &'a str, names: &[&str]) -> Result<Vec<(&'a str, &'a str)>, String> {
    let starts_field = |at: &str| names.iter().any(|n| at.strip_prefix(n).is_some_and(|r| r.starts_with('=')));
    if !starts_field(spec) {
        return Err(format!("expected {}=… first (fields: {})", names[0], names.join(", ")));
    }
    let mut cuts = vec![0];
    for (i, _) in spec.match_indices(',') {
        if starts_field(&spec[i + 1..]) {
            cuts.push(i + 1);
        }
    }
    cuts.push(spec.len() + 1);
    let mut out: Vec<(&str, &str)> = Vec::new();
    for w in cuts.windows(2) {
        let part = &spec[w[0]..w[1] - 1];
        let (name, value) = part.split_once('=').expect("every part starts with name=");
        if out.iter().any(|(n, _)| *n == name) {
            return Err(format!("{name} is given twice"));
        }
        out.push((name, value));
    }
    Ok(out)
}

/// `--article title=…,url=…[,description=…][,picurl=…]`. Missing title or url are left
/// empty for validation to report (`news.articles[0].url is required`).
pub fn parse_article(spec: &str) -> Result<Article, String> {
    let mut article = Article::default();
    for (name, value) in split_fields(spec, &["title", "url", "description", "picurl"])? {
        match name {
            "title" => article.title = value.to_string(),
            "url" => article.url = value.to_string(),
            "description" => article.description = Some(value.to_string()),
            _ => article.picurl = Some(value.to_string()),
        }
    }
    Ok(article)
}

/// A `--field` value: one horizontal_content_list line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec(pub HorizontalContent);

/// `--field KEY=VALUE`, or `keyname=…,value=…[,url=…|,media_id=…|,userid=…]` (the type is
/// 1, 2 or 3 after the target given).
pub fn parse_field(spec: &str) -> Result<FieldSpec, String> {
    if !spec.starts_with("keyname=") {
        let (key, value) = spec.split_once('=').ok_or("expected KEY=VALUE")?;
        return Ok(FieldSpec(HorizontalContent::text(key, value)));
    }
    let mut h = HorizontalContent::default();
    let mut targets = 0;
    for (name, value) in split_fields(spec, &["keyname", "value", "url", "media_id", "userid"])? {
        let value = value.to_string();
        match name {
            "keyname" => h.keyname = value,
            "value" => h.value = Some(value),
            "url" => (h.kind, h.url, targets) = (Some(1), Some(value), targets + 1),
            "media_id" => (h.kind, h.media_id, targets) = (Some(2), Some(value), targets + 1),
            _ => (h.kind, h.userid, targets) = (Some(3), Some(value), targets + 1),
        }
    }
    if targets > 1 {
        return Err("give at most one of url=, media_id=, userid=".into());
    }
    Ok(FieldSpec(h))
}

/// A `--jump` value: one jump_list link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JumpSpec(pub Jump);

/// `--jump TITLE=URL` (split at the first `=`, so the URL keeps its own).
pub fn parse_jump(spec: &str) -> Result<JumpSpec, String> {
    let (title, url) = spec.split_once('=').ok_or("expected TITLE=URL")?;
    Ok(JumpSpec(Jump::url(title, url)))
}

/// A `--vertical` value: one vertical_content_list block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerticalSpec(pub VerticalContent);

/// `--vertical TITLE[=DESC]`.
pub fn parse_vertical(spec: &str) -> Result<VerticalSpec, String> {
    let (title, desc) = match spec.split_once('=') {
        Some((t, d)) => (t, Some(d.to_string())),
        None => (spec, None),
    };
    Ok(VerticalSpec(VerticalContent { title: title.to_string(), desc }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_keep_commas_and_equals() {
        let a = parse_article("title=Hello, world,url=https://x.test/a?b=1&c=2,picurl=p.png").unwrap();
        assert_eq!(a.title, "Hello, world");
        assert_eq!(a.url, "https://x.test/a?b=1&c=2");
        assert_eq!(a.picurl.as_deref(), Some("p.png"));
        assert_eq!(a.description, None);
        let a = parse_article("url=u,description=d,e,title=t").unwrap();
        assert_eq!((a.title.as_str(), a.description.as_deref()), ("t", Some("d,e")));
        assert!(parse_article("name=x").unwrap_err().contains("title=…"));
        assert!(parse_article("title=a,title=b").unwrap_err().contains("twice"));
        assert_eq!(parse_article("title=only").unwrap().url, "");
    }

    #[test]
    fn fields_jumps_verticals() {
        assert_eq!(parse_field("Owner=Alice=B").unwrap().0, HorizontalContent::text("Owner", "Alice=B"));
        assert_eq!(
            parse_field("keyname=Log,value=open,url=https://l.test/?a=1").unwrap().0,
            HorizontalContent::url("Log", "open", "https://l.test/?a=1")
        );
        assert_eq!(
            parse_field("keyname=F,value=a.txt,media_id=M").unwrap().0,
            HorizontalContent::file("F", "a.txt", "M")
        );
        assert_eq!(
            parse_field("keyname=Who,value=Bo,userid=bo").unwrap().0,
            HorizontalContent::member("Who", "Bo", "bo")
        );
        assert!(parse_field("keyname=x,url=a,userid=b").is_err());
        assert!(parse_field("novalue").is_err());
        assert_eq!(parse_jump("Docs=https://d.test/?q=a=b").unwrap().0, Jump::url("Docs", "https://d.test/?q=a=b"));
        assert!(parse_jump("nourl").is_err());
        assert_eq!(parse_vertical("T").unwrap().0.desc, None);
        assert_eq!(parse_vertical("T=d=e").unwrap().0.desc.as_deref(), Some("d=e"));
    }
}
