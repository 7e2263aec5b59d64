//! Property tests of the content helpers over many deterministic pseudo-random inputs: lines of
//! random length made of 1- to 4-byte characters, CRLF and LF endings, lines far longer than
//! the limit, and ``` fences (bare, with an info string, indented, CRLF).
//!
//! For every input: every chunk is non-empty and within the limit; text and markdown (v1)
//! chunks concatenate to the input exactly (v1 has no code blocks: ``` is plain text and no
//! fence is ever added) and break at line ends wherever a line fits; markdown_v2 chunks have
//! balanced fences, never end with an empty code block, and with the added fence lines removed
//! concatenate to the input.

use wecom_bot::content::{split, SplitOptions, Structure};
use wecom_bot::{split_markdown, split_markdown_v2, split_text, truncate_to_bytes};

fn split_lines(content: &str, limit: usize) -> Vec<String> {
    split(content, SplitOptions::new(limit, Structure::Lines))
}

/// markdown_v2 splitting at any limit (the documents here hold no `|`, so no tables: only the
/// fence repair is exercised).
fn split_v2(content: &str, limit: usize) -> Vec<String> {
    split(content, SplitOptions::new(limit, Structure::MarkdownV2))
}

/// splitmix64: small, deterministic, good enough to vary inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ONE: &[char] = &['a', 'b', 'z', 'Q', '0', ' ', '#', '*', '`', '|', '-', '\t'];
const TWO: &[char] = &['é', 'ж', 'ß', 'ñ'];
const THREE: &[char] = &['中', '文', '€', '字'];
const FOUR: &[char] = &['😀', '𝄞', '🚀'];

fn random_char(rng: &mut Rng) -> char {
    match rng.below(10) {
        0..=4 => *rng.pick(ONE),
        5 | 6 => *rng.pick(TWO),
        7 | 8 => *rng.pick(THREE),
        _ => *rng.pick(FOUR),
    }
}

fn is_fence_line(line: &str) -> bool {
    line.trim_start().starts_with("```")
}

/// A line of `chars` random characters that is never a fence line.
fn text_line(rng: &mut Rng, chars: usize) -> String {
    let mut line: String = (0..chars).map(|_| random_char(rng)).collect();
    if is_fence_line(&line) {
        line.insert(0, 'x');
    }
    line
}

/// A short fence line: ``` with optional indentation and info string.
fn fence_line(rng: &mut Rng) -> String {
    let indent = *rng.pick(&["", "", "", " ", "  ", "   "]);
    let info = *rng.pick(&["", "", "rust", "py", "sh", "json"]);
    format!("{indent}```{info}")
}

/// A document of random lines; `limit` scales the long lines.
fn document(rng: &mut Rng, limit: usize, lines: usize, fences: bool) -> String {
    let crlf = rng.percent(20);
    let mut doc = String::new();
    for i in 0..lines {
        let line = if fences && rng.percent(12) {
            fence_line(rng)
        } else if rng.percent(4) {
            let chars = limit / 2 + rng.below(limit * 3);
            text_line(rng, chars)
        } else if rng.percent(10) {
            String::new()
        } else {
            let chars = rng.below(limit / 3 + 2);
            text_line(rng, chars)
        };
        doc.push_str(&line);
        if i + 1 < lines || rng.percent(70) {
            doc.push_str(if crlf && rng.percent(95) { "\r\n" } else { "\n" });
        }
    }
    doc
}

/// The input's lines, each with its end (newline included).
fn lines_of(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

// ---- text ---------------------------------------------------------------------------------------

fn check_text(content: &str, limit: usize, chunks: &[String]) {
    let ctx = || format!("limit {limit}, input {content:?}");
    if content.is_empty() {
        assert!(chunks.is_empty(), "empty input gave chunks: {}", ctx());
    }
    for c in chunks {
        assert!(!c.is_empty(), "an empty chunk: {}", ctx());
        assert!(c.len() <= limit, "a chunk of {} bytes: {}", c.len(), ctx());
    }
    assert_eq!(chunks.concat(), content, "text chunks do not concatenate to the input: {}", ctx());
    // Greedy at line ends: each chunk (but the last) ends where the next line, or the next
    // character of a line cut because it is too long, would not fit.
    let mut end = 0;
    for (i, c) in chunks.iter().enumerate().take(chunks.len().saturating_sub(1)) {
        end += c.len();
        let rest = &content[end..];
        if c.ends_with('\n') {
            let next_line = lines_of(rest)[0];
            assert!(c.len() + next_line.len() > limit, "chunk {i} ends early: the next line fit: {}", ctx());
        } else {
            assert!(!c.contains('\n'), "chunk {i} ends inside a line but is not a piece of one line: {}", ctx());
            let next_char = rest.chars().next().expect("a next character");
            assert!(c.len() + next_char.len_utf8() > limit, "chunk {i} is cut short: {}", ctx());
        }
    }
}

#[test]
fn split_text_properties() {
    let mut rng = Rng(0x5EED_0001);
    let mut cases = 0;
    for limit in [4, 5, 7, 16, 31, 64, 100, 255, 1000] {
        for _ in 0..120 {
            let n = rng.below(40);
            let doc = document(&mut rng, limit, n, false);
            check_text(&doc, limit, &split_lines(&doc, limit));
            cases += 1;
        }
    }
    for _ in 0..30 {
        let n = 50 + rng.below(400);
        let doc = document(&mut rng, 2048, n, false);
        check_text(&doc, 2048, &split_text(&doc));
        cases += 1;
    }
    assert!(cases > 1000);
}

// ---- markdown -----------------------------------------------------------------------------------

/// The fence state before each line of `content` (the opening line, CR/LF trimmed), and after
/// the last one.
fn fence_states(content: &str) -> (Vec<usize>, Vec<Option<String>>) {
    let mut starts = Vec::new();
    let mut states = vec![None];
    let mut pos = 0;
    for line in lines_of(content) {
        starts.push(pos);
        pos += line.len();
        let now = states.last().cloned().flatten();
        let next = match (now, is_fence_line(line)) {
            (None, true) => Some(line.trim_end_matches(['\n', '\r']).to_owned()),
            (Some(_), true) => None,
            (now, false) => now,
        };
        states.push(next);
    }
    (starts, states)
}

struct Markdown<'a> {
    content: &'a str,
    starts: Vec<usize>,
    states: Vec<Option<String>>,
}

impl Markdown<'_> {
    /// The fence open at byte `pos` of the input (a position inside a line counts as before it).
    fn state_at(&self, pos: usize) -> Option<&str> {
        let k = self.starts.partition_point(|&s| s <= pos);
        let k = if pos == self.content.len() { self.states.len() - 1 } else { k.saturating_sub(1) };
        self.states[k].as_deref()
    }

    /// Whether `chunks` are the input from `pos` on, each with the fence lines the splitter adds:
    /// the reopened fence line first when the input is inside a fence there, and a close at the
    /// end when the input is inside a fence where the chunk ends. Tries both readings of a
    /// trailing "\n```" (added "```" after a newline of the input, or added "\n```").
    fn rebuild(&self, chunks: &[String], pos: usize) -> bool {
        let Some((chunk, rest)) = chunks.split_first() else { return pos == self.content.len() };
        let after_reopen = match self.state_at(pos) {
            Some(f) => match chunk.strip_prefix(&format!("{f}\n")) {
                Some(r) => r,
                None => return false,
            },
            None => chunk.as_str(),
        };
        let input = &self.content[pos..];
        let mut readings: Vec<(&str, bool)> = vec![(after_reopen, false)];
        if let Some(b) = after_reopen.strip_suffix("```") {
            if b.ends_with('\n') {
                readings.push((b, true));
            }
        }
        if let Some(b) = after_reopen.strip_suffix("\n```") {
            if !b.is_empty() && !b.ends_with('\n') {
                readings.push((b, true));
            }
        }
        readings.into_iter().any(|(body, closed)| {
            let end = pos + body.len();
            let last_line = body.strip_suffix('\n').unwrap_or(body).rsplit('\n').next().unwrap_or("");
            !body.is_empty()
                && input.starts_with(body)
                && self.state_at(end).is_some() == closed
                // an added close never follows the fence's own opening line (an empty block),
                // unless the input itself ends with that line
                && !(closed && is_fence_line(last_line) && body.ends_with('\n') && end < self.content.len())
                && self.rebuild(rest, end)
        })
    }
}

fn check_markdown(content: &str, limit: usize, chunks: &[String]) {
    let ctx = || format!("limit {limit}, input {content:?}, chunks {chunks:?}");
    if content.is_empty() {
        assert!(chunks.is_empty(), "empty input gave chunks: {}", ctx());
    }
    for c in chunks {
        assert!(!c.is_empty(), "an empty chunk: {}", ctx());
        assert!(c.len() <= limit, "a chunk of {} bytes: {}", c.len(), ctx());
        let fences = lines_of(c).into_iter().filter(|l| is_fence_line(l)).count();
        assert!(fences % 2 == 0, "a chunk with unbalanced fences: {c:?}: {}", ctx());
    }
    let (starts, states) = fence_states(content);
    let md = Markdown { content, starts, states };
    assert!(md.rebuild(chunks, 0), "markdown chunks minus the added fence lines are not the input: {}", ctx());
}

/// A document with fences and without `|` (so without tables).
fn fenced_document(rng: &mut Rng, limit: usize, lines: usize) -> String {
    document(rng, limit, lines, true).replace('|', "/")
}

#[test]
fn split_markdown_v2_fence_properties() {
    let mut rng = Rng(0x5EED_0002);
    let mut cases = 0;
    // Fence lines are at most 13 bytes, so from 32 bytes on a reopened fence always leaves room.
    for limit in [32, 33, 40, 57, 64, 100, 128, 255, 1000] {
        for _ in 0..150 {
            let n = rng.below(50);
            let doc = fenced_document(&mut rng, limit, n);
            check_markdown(&doc, limit, &split_v2(&doc, limit));
            cases += 1;
        }
    }
    for _ in 0..30 {
        let n = 100 + rng.below(600);
        let doc = fenced_document(&mut rng, 4096, n);
        check_markdown(&doc, 4096, &split_markdown_v2(&doc));
        cases += 1;
    }
    assert!(cases > 1000);
}

/// Markdown (v1) has no code blocks: with ``` lines of every kind in the input, the chunks are
/// exactly the text splitter's (within the limit, greedy at line ends) and concatenate to the
/// input; no fence is added.
#[test]
fn split_markdown_v1_adds_nothing() {
    let mut rng = Rng(0x5EED_0005);
    let mut cases = 0;
    for limit in [4, 5, 16, 32, 57, 100, 255, 1000] {
        for _ in 0..150 {
            let n = rng.below(50);
            let doc = document(&mut rng, limit, n, true);
            check_text(&doc, limit, &split_lines(&doc, limit));
            cases += 1;
        }
    }
    for _ in 0..30 {
        let n = 100 + rng.below(600);
        let doc = document(&mut rng, 4096, n, true);
        let chunks = split_markdown(&doc);
        check_text(&doc, 4096, &chunks);
        let fences = |s: &str| lines_of(s).into_iter().filter(|l| is_fence_line(l)).count();
        assert_eq!(chunks.iter().map(|c| fences(c)).sum::<usize>(), fences(&doc), "a fence was added");
        cases += 1;
    }
    assert!(cases > 1000);
}

#[test]
fn split_markdown_v2_without_fences_or_tables_is_split_text() {
    let mut rng = Rng(0x5EED_0003);
    for limit in [16, 64, 300] {
        for _ in 0..100 {
            let n = rng.below(40);
            let doc = document(&mut rng, limit, n, false).replace('|', "/");
            assert_eq!(split_v2(&doc, limit), split_lines(&doc, limit), "input {doc:?}");
        }
    }
}

#[test]
fn truncate_properties() {
    let mut rng = Rng(0x5EED_0004);
    for _ in 0..2000 {
        let chars = rng.below(40);
        let s = text_line(&mut rng, chars);
        let max = rng.below(s.len() + 3);
        let t = truncate_to_bytes(&s, max);
        assert!(s.starts_with(t) && t.len() <= max, "truncate({s:?}, {max}) = {t:?}");
        if t.len() < s.len() {
            let next = s[t.len()..].chars().next().unwrap();
            assert!(t.len() + next.len_utf8() > max, "truncate({s:?}, {max}) = {t:?} stops early");
        }
    }
}

/// A closing fence longer than "```\n" (indented, or CRLF) that lands exactly at a chunk
/// boundary goes with its block's last line: no chunk is an empty code block (the reopened
/// fence line followed by the closing one).
#[test]
fn a_long_closing_fence_at_the_boundary_adds_no_empty_block() {
    for (open, close, eol) in [("```js", "  ```", "\n"), ("```js", "```", "\r\n"), ("  ```", "  ```", "\r\n")] {
        for limit in 24..64 {
            for n in 1..limit {
                let content = format!("{open}{eol}{}{eol}{close}{eol}after{eol}", "x".repeat(n));
                let pieces =
                    wecom_bot::content::split_pieces(&content, SplitOptions::new(limit, Structure::MarkdownV2));
                let body: String = pieces.iter().map(|p| p.body.as_str()).collect();
                assert_eq!(body, content, "the bodies give back the input");
                for p in &pieces {
                    let text = p.text();
                    assert!(text.len() <= limit, "{limit}: chunk over the limit: {text:?}");
                    let only_fences = text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with("```"));
                    assert!(!only_fences, "{limit}/{n}: an empty code block: {text:?} in {pieces:?}");
                }
            }
        }
    }
}
