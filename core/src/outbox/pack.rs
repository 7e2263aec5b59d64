//! Packing: when more messages wait than the window lets out, waiting text, markdown and
//! markdown_v2 messages of one robot are merged into as few messages as the byte limits allow.
//!
//! The rules (issue 13):
//! - only messages of the same type are merged; other types always go alone;
//! - whole messages only: a message is never cut (each was validated at enqueue, so each fits
//!   alone), hence a table or a code block never straddles two merged messages;
//! - per producer, order is kept: once a producer's message is left out of a batch (another
//!   type, or it does not fit), none of that producer's later messages joins the batch — so what
//!   a batch takes of each producer is a prefix of what that producer has waiting;
//! - text mention lists are unioned (first seen first, `@all` kept), within the same limits.

use crate::limits::{MARKDOWN_CONTENT_MAX_BYTES, TEXT_CONTENT_MAX_BYTES};
use crate::{Markdown, MarkdownV2, Message, Text};
use std::collections::HashSet;

/// How waiting messages are merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packing {
    /// Off: every message goes alone.
    pub enabled: bool,
    /// Put between two merged messages' contents (counted in the byte limit).
    pub separator: String,
}

impl Default for Packing {
    /// On, with a blank line between messages (it also ends a markdown table or list).
    fn default() -> Packing {
        Packing { enabled: true, separator: "\n\n".to_owned() }
    }
}

/// A waiting message as the packer sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Waiting {
    pub id: u64,
    pub producer: String,
    pub message: Message,
}

/// One message to send and the ids of the waiting messages it carries, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Batch {
    pub message: Message,
    pub ids: Vec<u64>,
}

/// The type a message merges under, with its content and limit; `None`: it goes alone.
fn mergeable(m: &Message) -> Option<(&'static str, &str, usize)> {
    match m {
        Message::Text(t) => Some(("text", &t.content, TEXT_CONTENT_MAX_BYTES)),
        Message::Markdown(md) => Some(("markdown", &md.content, MARKDOWN_CONTENT_MAX_BYTES)),
        Message::MarkdownV2(md) => Some(("markdown_v2", &md.content, MARKDOWN_CONTENT_MAX_BYTES)),
        _ => None,
    }
}

/// The next message to send from `waiting` (in enqueue order). Each candidate batch takes,
/// per producer, a prefix of what that producer has waiting; the one holding the oldest
/// message is sent unless it would be less than 90 % full while another type's would not be
/// (then that one goes first: in a storm, runs of one type from many producers fill whole
/// messages instead of leaving many half-full ones). `None` when nothing waits.
pub(crate) fn next_batch(waiting: &[Waiting], packing: &Packing) -> Option<Batch> {
    let head = waiting.first()?;
    let alone = || Batch { message: head.message.clone(), ids: vec![head.id] };
    let Some((head_kind, _, _)) = mergeable(&head.message).filter(|_| packing.enabled) else {
        return Some(alone());
    };
    let first = candidate(waiting, head_kind, packing);
    if first.fill < FULL {
        let best = ["text", "markdown", "markdown_v2"]
            .into_iter()
            .filter(|&k| k != head_kind)
            .map(|k| candidate(waiting, k, packing))
            .filter(|c| !c.ids.is_empty())
            .max_by(|a, b| a.fill.total_cmp(&b.fill));
        if let Some(best) = best.filter(|b| b.fill >= FULL) {
            return Some(best.into_batch(waiting));
        }
    }
    Some(first.into_batch(waiting))
}

/// A batch this full (of its byte limit) is worth sending before the oldest message's.
const FULL: f64 = 0.9;

/// A candidate batch of one type: the ids, the merged content, and how full it is.
struct Candidate {
    kind: &'static str,
    ids: Vec<u64>,
    content: String,
    fill: f64,
}

/// Greedy over `waiting` in order: messages of `kind` join while they fit; a producer stops
/// joining at its first message that does not (another type, or too long), so that what the
/// batch takes of each producer is a prefix of what it has waiting.
fn candidate(waiting: &[Waiting], kind: &'static str, packing: &Packing) -> Candidate {
    let mut blocked: HashSet<&str> = HashSet::new();
    let mut ids = Vec::new();
    let mut content = String::new();
    let mut limit = usize::MAX;
    for w in waiting {
        if blocked.contains(w.producer.as_str()) {
            continue;
        }
        match mergeable(&w.message) {
            Some((k, c, l)) if k == kind => {
                let extra = if ids.is_empty() { c.len() } else { packing.separator.len() + c.len() };
                if content.len() + extra <= l {
                    if !ids.is_empty() {
                        content.push_str(&packing.separator);
                    }
                    content.push_str(c);
                    ids.push(w.id);
                    limit = l;
                    continue;
                }
                blocked.insert(&w.producer);
            }
            _ => {
                blocked.insert(&w.producer);
            }
        }
    }
    let fill = if ids.is_empty() { 0.0 } else { content.len() as f64 / limit as f64 };
    Candidate { kind, ids, content, fill }
}

impl Candidate {
    fn into_batch(self, waiting: &[Waiting]) -> Batch {
        let carried = || waiting.iter().filter(|w| self.ids.contains(&w.id));
        if self.ids.len() == 1 {
            let only = carried().next().expect("the candidate's message waits");
            return Batch { message: only.message.clone(), ids: self.ids };
        }
        let message = match self.kind {
            "text" => {
                let (mut users, mut mobiles) = (Vec::new(), Vec::new());
                for w in carried() {
                    if let Message::Text(t) = &w.message {
                        union(&mut users, &t.mentioned_list);
                        union(&mut mobiles, &t.mentioned_mobile_list);
                    }
                }
                Message::Text(Text { content: self.content, mentioned_list: users, mentioned_mobile_list: mobiles })
            }
            "markdown" => Message::Markdown(Markdown::new(self.content)),
            _ => Message::MarkdownV2(MarkdownV2::new(self.content)),
        };
        Batch { message, ids: self.ids }
    }
}

fn union(into: &mut Vec<String>, more: &[String]) {
    for m in more {
        if !into.contains(m) {
            into.push(m.clone());
        }
    }
}

/// The fewest messages `waiting` can be packed into, per type (Σ bytes / limit, rounded up
/// per type, separators ignored): the bound the storm test compares against.
pub fn packing_bound<'a>(messages: impl IntoIterator<Item = &'a Message>) -> usize {
    let mut bytes = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    let mut alone = 0;
    for m in messages {
        match mergeable(m) {
            Some((kind, c, limit)) => {
                let e = bytes.entry(kind).or_insert((0, limit));
                e.0 += c.len();
            }
            None => alone += 1,
        }
    }
    alone + bytes.values().map(|(b, limit)| b.div_ceil(*limit)).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn w(id: u64, producer: &str, message: impl Into<Message>) -> Waiting {
        Waiting { id, producer: producer.to_owned(), message: message.into() }
    }

    /// Packs everything, batch after batch, as the deliverer does.
    fn drain(mut waiting: Vec<Waiting>, packing: &Packing) -> Vec<Batch> {
        let mut out = Vec::new();
        while let Some(b) = next_batch(&waiting, packing) {
            waiting.retain(|x| !b.ids.contains(&x.id));
            out.push(b);
        }
        out
    }

    fn content(m: &Message) -> &str {
        mergeable(m).map(|(_, c, _)| c).unwrap_or("")
    }

    /// The 90 % rule (pins from mutation testing): another type's batch that would be at least
    /// 90 % full goes before a thin one holding the oldest message; below that, or when the
    /// oldest's own batch is that full, the oldest's goes first.
    #[test]
    fn a_nearly_full_batch_of_another_type_goes_before_a_thin_one_of_the_oldest() {
        let p = Packing::default();
        let long = "m".repeat(1000);
        // One short text, then four 1000-byte markdowns (4006 of 4096 bytes: 98 %).
        let mut waiting = vec![w(1, "a", Text::new("short"))];
        for id in 2..=5 {
            waiting.push(w(id, "b", Markdown::new(long.clone())));
        }
        let batch = next_batch(&waiting, &p).unwrap();
        assert_eq!(batch.ids, [2, 3, 4, 5]);
        assert!(
            matches!(&batch.message, Message::Markdown(m) if m.content.len() == 4006),
            "{:?}",
            batch.message.msgtype()
        );
        // Three of them (3004 bytes: 73 %): the oldest goes first.
        waiting.truncate(4);
        assert_eq!(next_batch(&waiting, &p).unwrap().ids, [1]);
        // The oldest's own batch full (four 500-byte texts: 2006 of 2048 bytes): it goes first,
        // though the markdowns' would be full too.
        let mut waiting: Vec<Waiting> = (1..=4).map(|id| w(id, "a", Text::new("t".repeat(500)))).collect();
        for id in 5..=8 {
            waiting.push(w(id, "b", Markdown::new(long.clone())));
        }
        assert_eq!(next_batch(&waiting, &p).unwrap().ids, [1, 2, 3, 4]);
    }

    #[test]
    fn same_type_messages_merge_with_the_separator() {
        let waiting = vec![w(1, "a", Text::new("one")), w(2, "b", Text::new("two")), w(3, "a", Text::new("three"))];
        let b = next_batch(&waiting, &Packing::default()).unwrap();
        assert_eq!(b.ids, [1, 2, 3]);
        assert_eq!(content(&b.message), "one\n\ntwo\n\nthree");
    }

    #[test]
    fn other_types_go_alone_and_block_their_producer() {
        let waiting = vec![
            w(1, "a", Markdown::new("m1")),
            w(2, "a", crate::File { media_id: "f".into() }),
            w(3, "a", Markdown::new("m2")), // after a's file: must wait for it
            w(4, "b", Markdown::new("m3")),
            w(5, "b", Text::new("t")),
        ];
        let batches = drain(waiting, &Packing::default());
        let ids: Vec<Vec<u64>> = batches.iter().map(|b| b.ids.clone()).collect();
        assert_eq!(ids, [vec![1, 4], vec![2], vec![3], vec![5]]);
        assert_eq!(content(&batches[0].message), "m1\n\nm3");
    }

    #[test]
    fn packing_off_sends_each_alone() {
        let waiting = vec![w(1, "a", Text::new("one")), w(2, "a", Text::new("two"))];
        let off = Packing { enabled: false, ..Packing::default() };
        assert_eq!(drain(waiting, &off).len(), 2);
    }

    #[test]
    fn text_mentions_are_unioned() {
        let t = |c: &str, users: &[&str], mobiles: &[&str]| Text {
            content: c.to_owned(),
            mentioned_list: users.iter().map(|s| s.to_string()).collect(),
            mentioned_mobile_list: mobiles.iter().map(|s| s.to_string()).collect(),
        };
        let waiting = vec![
            w(1, "a", t("x", &["zhangsan", "@all"], &[])),
            w(2, "b", t("y", &["lisi", "zhangsan"], &["13800001111"])),
        ];
        let Message::Text(merged) = next_batch(&waiting, &Packing::default()).unwrap().message else { panic!() };
        assert_eq!(merged.mentioned_list, ["zhangsan", "@all", "lisi"]);
        assert_eq!(merged.mentioned_mobile_list, ["13800001111"]);
    }

    #[test]
    fn a_message_that_does_not_fit_starts_the_next_and_tables_stay_whole() {
        let table = format!("| a | b |\n| --- | --- |\n{}", "| 1 | 2 |\n".repeat(300)); // 3025 bytes
        let waiting = vec![
            w(1, "a", MarkdownV2::new(table.clone())),
            w(2, "b", MarkdownV2::new(table.clone())),
            w(3, "c", MarkdownV2::new("short")),
        ];
        let batches = drain(waiting, &Packing::default());
        let ids: Vec<Vec<u64>> = batches.iter().map(|b| b.ids.clone()).collect();
        assert_eq!(ids, [vec![1, 3], vec![2]]);
        assert_eq!(content(&batches[1].message), table);
        assert!(batches.iter().all(|b| b.message.validate().is_ok()));
    }

    #[test]
    fn the_bound_counts_bytes_per_type() {
        let msgs: Vec<Message> = vec![
            Text::new("x".repeat(2000)).into(),
            Text::new("x".repeat(100)).into(),
            Markdown::new("m").into(),
            crate::File { media_id: "m".into() }.into(),
        ];
        assert_eq!(packing_bound(&msgs), 2 + 1 + 1);
    }

    fn kind_strategy() -> impl Strategy<Value = (u8, usize, usize)> {
        // (type 0..3: text, markdown, markdown_v2, file), content length, producer
        (0u8..4, 1usize..1500, 0usize..4)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        /// Nothing is lost or duplicated, each producer's messages come out in its order (also
        /// inside merged messages), every sent message is valid (limits hold), and merged
        /// messages hold only one type.
        #[test]
        fn nothing_lost_nor_reordered_per_producer(specs in proptest::collection::vec(kind_strategy(), 1..60), sep in "[\n ]{0,3}") {
            let mut waiting = Vec::new();
            let mut expected: HashMap<String, Vec<String>> = HashMap::new();
            for (i, (kind, len, producer)) in specs.iter().enumerate() {
                let producer = format!("p{producer}");
                // a unique, recognisable content per message
                let tag = format!("<{i}>");
                let body = format!("{tag}{}", "y".repeat(len.saturating_sub(tag.len())));
                let message: Message = match kind {
                    0 => Text::new(body.clone()).into(),
                    1 => Markdown::new(body.clone()).into(),
                    2 => MarkdownV2::new(body.clone()).into(),
                    _ => crate::File { media_id: tag.clone() }.into(),
                };
                expected.entry(producer.clone()).or_default().push(tag);
                waiting.push(w(i as u64 + 1, &producer, message));
            }
            let by_id: HashMap<u64, String> = waiting.iter().map(|x| (x.id, x.producer.clone())).collect();
            let packing = Packing { enabled: true, separator: sep };
            let batches = drain(waiting.clone(), &packing);
            let mut seen: HashMap<String, Vec<String>> = HashMap::new();
            let mut all_ids = Vec::new();
            for b in &batches {
                prop_assert!(b.message.validate().is_ok(), "an invalid batch: {:?}", b.message);
                // the tags inside the sent message, in order
                let text = match &b.message {
                    Message::File(f) => f.media_id.clone(),
                    m => content(m).to_owned(),
                };
                let tags: Vec<String> = text.split('<').skip(1).map(|s| format!("<{}", &s[..=s.find('>').unwrap()])).collect();
                prop_assert_eq!(tags.len(), b.ids.len());
                for (tag, id) in tags.iter().zip(&b.ids) {
                    prop_assert_eq!(tag, &format!("<{}>", id - 1));
                    seen.entry(by_id[id].clone()).or_default().push(tag.clone());
                }
                all_ids.extend(b.ids.iter().copied());
            }
            all_ids.sort();
            prop_assert_eq!(all_ids, (1..=waiting.len() as u64).collect::<Vec<_>>());
            prop_assert_eq!(seen, expected);
            prop_assert!(batches.len() >= packing_bound(waiting.iter().map(|x| &x.message)));
        }
    }
}
