//! Which robots an alert goes to: a route's rules match the alert's labels (first match, or
//! every match); an alert no rule matches goes to the route's own robots.

use std::collections::BTreeMap;

use crate::config::{Matching, Mentions, Route, Rule};

fn matches(rule: &Rule, labels: &BTreeMap<String, String>) -> bool {
    rule.labels.iter().all(|(k, values)| labels.get(k).is_some_and(|v| values.iter().any(|want| want == v)))
}

/// The robots (with who to mention) for an alert with `labels`; empty when nothing matches
/// and the route has no robots of its own.
pub fn destinations(route: &Route, labels: &BTreeMap<String, String>) -> Vec<(String, Mentions)> {
    let mut out: Vec<(String, Mentions)> = Vec::new();
    let mut add = |robot: &str, mentions: &Mentions| match out.iter_mut().find(|(r, _)| r == robot) {
        Some((_, m)) => *m = m.merged(mentions),
        None => out.push((robot.to_owned(), mentions.clone())),
    };
    let mut matched = false;
    for rule in route.rules.iter().filter(|r| matches(r, labels)) {
        matched = true;
        let mentions = route.mentions.merged(&rule.mentions);
        for robot in &rule.robots {
            add(robot, &mentions);
        }
        if route.matching == Matching::First {
            break;
        }
    }
    if !matched {
        for robot in &route.robots {
            add(robot, &route.mentions);
        }
    }
    out
}

/// The alerts (indices into `labels`) each robot gets, in payload order, with the mentions of
/// all of them merged; robots in the order first met.
pub fn group(route: &Route, labels: &[&BTreeMap<String, String>]) -> (Vec<(String, Vec<usize>, Mentions)>, usize) {
    let mut out: Vec<(String, Vec<usize>, Mentions)> = Vec::new();
    let mut unrouted = 0;
    for (i, l) in labels.iter().enumerate() {
        let dest = destinations(route, l);
        if dest.is_empty() {
            unrouted += 1;
        }
        for (robot, mentions) in dest {
            match out.iter_mut().find(|(r, _, _)| *r == robot) {
                Some((_, idx, m)) => {
                    idx.push(i);
                    *m = m.merged(&mentions);
                }
                None => out.push((robot, vec![i], mentions)),
            }
        }
    }
    (out, unrouted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Format;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn rule(k: &str, values: &[&str], robots: &[&str], mention: &[&str]) -> Rule {
        Rule {
            labels: [(k.to_owned(), values.iter().map(|s| s.to_string()).collect())].into(),
            robots: robots.iter().map(|s| s.to_string()).collect(),
            mentions: Mentions { userids: mention.iter().map(|s| s.to_string()).collect(), mobiles: vec![] },
        }
    }

    fn route(matching: Matching) -> Route {
        Route {
            robots: vec!["ops".into()],
            rules: vec![
                rule("severity", &["critical", "page"], &["oncall"], &["lisi"]),
                rule("team", &["db"], &["dba", "oncall"], &["wangwu"]),
            ],
            matching,
            format: Format::Markdown,
            template: None,
            mentions: Mentions { userids: vec!["zhangsan".into()], mobiles: vec![] },
            mention_text: String::new(),
            card_url: None,
        }
    }

    #[test]
    fn first_match_all_matches_and_the_fallback() {
        let crit_db = labels(&[("severity", "page"), ("team", "db")]);
        let first = destinations(&route(Matching::First), &crit_db);
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].0, "oncall");
        assert_eq!(first[0].1.userids, ["zhangsan", "lisi"]);
        let all = destinations(&route(Matching::All), &crit_db);
        let robots: Vec<&str> = all.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(robots, ["oncall", "dba"]);
        assert_eq!(all[0].1.userids, ["zhangsan", "lisi", "wangwu"], "oncall is reached by both rules");
        let other = destinations(&route(Matching::All), &labels(&[("severity", "warning")]));
        assert_eq!(other, vec![("ops".to_owned(), route(Matching::All).mentions)]);
        let mut no_fallback = route(Matching::First);
        no_fallback.robots.clear();
        assert!(destinations(&no_fallback, &labels(&[])).is_empty());
    }

    #[test]
    fn grouping_keeps_payload_order() {
        let a = labels(&[("severity", "critical")]);
        let b = labels(&[("severity", "info")]);
        let c = labels(&[("severity", "page")]);
        let (groups, unrouted) = group(&route(Matching::First), &[&a, &b, &c]);
        assert_eq!(unrouted, 0);
        assert_eq!(groups[0].0, "oncall");
        assert_eq!(groups[0].1, [0, 2]);
        assert_eq!(groups[1].0, "ops");
        assert_eq!(groups[1].1, [1]);
    }
}
