//! One robot or route of the file, checked against the rest (keys and tokens read from the
//! environment or a file, routes naming declared robots), and the phrases errors use.

use super::*;

/// A key or token from `env` or `file`; the value itself is never reported.
pub(super) fn secret(
    raw: &RawSecret,
    what: &str,
    span: Range<usize>,
    env: &Env<'_>,
    report: &mut Report<'_>,
) -> Option<String> {
    match (&raw.env, &raw.file) {
        (Some(var), None) => {
            let v = env.get(var);
            if v.is_none() {
                report.at(Some(span), format!("{what}: the environment variable {var} is not set"));
            }
            v.map(|v| v.trim().to_owned())
        }
        (None, Some(path)) => match (env.read_file)(path) {
            Ok(v) if !v.trim().is_empty() => Some(v.trim().to_owned()),
            Ok(_) => {
                report.at(Some(span), format!("{what}: the file {path} is empty"));
                None
            }
            Err(e) => {
                report.at(Some(span), format!("{what}: the file {path} cannot be read: {e}"));
                None
            }
        },
        _ => {
            report.at(Some(span), format!("{what}: give exactly one of env = \"VARIABLE\" or file = \"PATH\""));
            None
        }
    }
}

pub(super) fn robot(
    raw: &RawRobot,
    ctx: &str,
    span: Range<usize>,
    env: &Env<'_>,
    environment: &wecom_bot::Environment,
    report: &mut Report<'_>,
) -> Option<Robot> {
    let (source, at) = match (&raw.key_env, &raw.key_file) {
        (Some(v), None) => (RawSecret { env: Some(v.get_ref().clone()), file: None }, v.span()),
        (None, Some(f)) => (RawSecret { env: None, file: Some(f.get_ref().clone()) }, f.span()),
        _ => {
            report.at(
                Some(span),
                format!("{ctx}: give the key as exactly one of key_env = \"VARIABLE\" or key_file = \"PATH\" (never the key itself)"),
            );
            return None;
        }
    };
    let key = secret(&source, ctx, at.clone(), env, report)?;
    let webhook = match Webhook::from_key(&key) {
        Ok(w) => w,
        Err(e) => {
            // The core's message names the rule, never the key.
            report.at(Some(at), format!("{ctx}: the key is not valid: {}", rule_of(&e)));
            return None;
        }
    };
    let base_url = raw.base_url.clone().or_else(|| environment.base_url.clone());
    Some(Robot { webhook, base_url })
}

pub(super) fn route(
    name: &str,
    span: Range<usize>,
    raw: RawRoute,
    config: &Config,
    declared: &std::collections::BTreeSet<String>,
    report: &mut Report<'_>,
) -> Option<Route> {
    let ctx = format!("routes.{name}");
    let before = report.errors.len();
    let known = |r: &Spanned<String>, report: &mut Report<'_>, what: &str| {
        if !declared.contains(r.get_ref()) {
            report.at(
                Some(r.span()),
                format!("{what}: no robot is named {:?} (robots: {})", r.get_ref(), names(declared)),
            );
        }
    };
    for r in &raw.robots {
        known(r, report, &format!("{ctx}.robots"));
    }
    if raw.robots.is_empty() && raw.rules.is_empty() {
        report.at(Some(span.clone()), format!("{ctx}: give robots = [\"NAME\"] or at least one [[{ctx}.rules]]"));
    }
    if let Some(t) = &raw.template {
        if !config.templates.contains_key(t.get_ref()) && !crate::render::is_builtin(t.get_ref()) {
            report.at(
                Some(t.span()),
                format!("{ctx}.template: no template is named {:?} (define it under [templates])", t.get_ref()),
            );
        }
    }
    let mut rules = Vec::new();
    for (i, rule) in raw.rules.iter().enumerate() {
        let rctx = format!("{ctx}.rules[{i}]");
        let r = rule.get_ref();
        if r.labels.is_empty() {
            report.at(Some(rule.span()), format!("{rctx}.labels: give at least one label to match"));
        }
        if r.robots.is_empty() {
            report.at(Some(rule.span()), format!("{rctx}.robots: give at least one robot"));
        }
        for robot in &r.robots {
            known(robot, report, &format!("{rctx}.robots"));
        }
        let labels = r
            .labels
            .iter()
            .map(|(k, v)| {
                let values = match v {
                    OneOrMany::One(s) => vec![s.clone()],
                    OneOrMany::Many(list) => list.clone(),
                };
                (k.clone(), values)
            })
            .collect();
        rules.push(Rule {
            labels,
            robots: r.robots.iter().map(|s| s.get_ref().clone()).collect(),
            mentions: Mentions { userids: r.mention.clone(), mobiles: r.mention_mobiles.clone() },
        });
    }
    let mentions = Mentions { userids: raw.mention, mobiles: raw.mention_mobiles };
    for u in mentions.userids.iter().chain(rules.iter().flat_map(|r| r.mentions.userids.iter())) {
        if u.is_empty() || u.chars().any(|c| c == '<' || c == '>' || c.is_whitespace()) {
            report.at(
                Some(span.clone()),
                format!("{ctx}: mention {u:?} is not a userid (empty, or holds '<', '>' or whitespace)"),
            );
        }
    }
    if let Some(t) = &raw.mention_text {
        if t.trim().is_empty() || t.len() > wecom_bot::limits::TEXT_CONTENT_MAX_BYTES {
            report.at(
                Some(span.clone()),
                format!("{ctx}.mention_text: 1 to 2048 bytes (it is a text message's content)"),
            );
        }
    }
    if report.errors.len() > before {
        return None;
    }
    Some(Route {
        robots: raw.robots.iter().map(|s| s.get_ref().clone()).collect(),
        rules,
        matching: raw.matching,
        format: raw.format,
        template: raw.template.map(|t| t.into_inner()),
        mentions,
        mention_text: raw.mention_text.unwrap_or_else(|| DEFAULT_MENTION_TEXT.to_owned()),
        card_url: raw.card_url,
    })
}

/// The rule of a core `invalid_argument` error, without its "invalid argument FIELD: " head.
pub(super) fn rule_of(e: &wecom_bot::Error) -> &str {
    let m = e.message();
    if m.starts_with("invalid argument") {
        m.split_once(": ").map_or(m, |(_, r)| r)
    } else {
        m
    }
}

fn names(set: &std::collections::BTreeSet<String>) -> String {
    if set.is_empty() {
        return "none".to_owned();
    }
    set.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
}
