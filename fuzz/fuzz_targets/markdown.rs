//! The Markdown converter and the table builder on any text.
//!
//! Converter (CommonMark → markdown, markdown_v2, plain text): never panics; the output grows
//! at most linearly with the input (a hostile 1 MiB document must not become gigabytes); the
//! output split for its message type gives chunks within the type's byte limit, each of which
//! makes a valid message.
//!
//! Tables (`markdown_table_aligned`): the round trip. Whatever the cells hold, a CommonMark
//! parser (with tables) reads back exactly one table with the header's width in every row and
//! the same number of rows; cells without backslashes or inline syntax read back as written
//! (trimmed, line breaks as spaces).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use wecom_bot::limits::{MARKDOWN_CONTENT_MAX_BYTES, TEXT_CONTENT_MAX_BYTES};
use wecom_bot::{content, Align, Markdown, MarkdownV2, Message, Text};

/// Output bytes allowed per input byte (plus a constant): the converter's worst documented
/// growth is a table row repeating its header names, bounded by the label cut.
const GROWTH: usize = 64;

fn converter(source: &str) {
    let bound = GROWTH * source.len() + 1024;
    let v1 = content::to_wecom_markdown(source);
    let v2 = content::to_wecom_markdown_v2(source);
    let plain = content::to_plain_text(source);
    for (name, out) in [("markdown", &v1), ("markdown_v2", &v2), ("plain", &plain)] {
        assert!(out.len() <= bound, "{name}: {} bytes out of {} in", out.len(), source.len());
    }
    for c in content::split_markdown(&v1) {
        assert!(!c.is_empty() && c.len() <= MARKDOWN_CONTENT_MAX_BYTES, "markdown chunk of {} bytes", c.len());
        Message::from(Markdown::new(c)).to_json().expect("a markdown chunk is a valid message");
    }
    for c in content::split_markdown_v2(&v2) {
        assert!(!c.is_empty() && c.len() <= MARKDOWN_CONTENT_MAX_BYTES, "markdown_v2 chunk of {} bytes", c.len());
        Message::from(MarkdownV2::new(c)).to_json().expect("a markdown_v2 chunk is a valid message");
    }
    for c in content::split_text(&plain) {
        assert!(!c.is_empty() && c.len() <= TEXT_CONTENT_MAX_BYTES, "text chunk of {} bytes", c.len());
        Message::from(Text::new(c)).to_json().expect("a text chunk is a valid message");
    }
}

/// A cell as a reader of the table sees it.
fn shown(cell: &str) -> String {
    cell.replace("\r\n", " ").replace(['\r', '\n'], " ").trim_matches(' ').to_owned()
}

/// A cell whose text reads back as written: no inline syntax, escapes or entities.
fn literal(cell: &str) -> bool {
    cell.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '|' | '\r' | '\n'))
}

fn table(data: &[u8]) {
    // Rows split at 0x1e, cells at 0x1f; the first row is the header; the aligns come from
    // the first bytes.
    let text = String::from_utf8_lossy(data);
    let mut rows: Vec<Vec<&str>> = text.split('\u{1e}').map(|r| r.split('\u{1f}').collect()).collect();
    let headers = rows.remove(0);
    let aligns: Vec<Align> = data
        .iter()
        .take(headers.len())
        .map(|b| [Align::None, Align::Left, Align::Center, Align::Right][usize::from(b & 3)])
        .collect();
    let rows: Vec<Vec<&str>> = rows.into_iter().collect();
    let out = match content::markdown_table_aligned(&headers, &rows, &aligns) {
        Ok(out) => out,
        Err(e) => {
            assert!(headers.is_empty(), "refused a table with {} columns: {e}", headers.len());
            return;
        }
    };
    // Read it back: the cells of each row, as text.
    let mut read: Vec<Vec<String>> = Vec::new();
    let mut tables = 0;
    let mut cell: Option<String> = None;
    let mut plain = true; // every event inside the cells was text
    for event in Parser::new_ext(&out, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(a)) => {
                tables += 1;
                assert_eq!(a.len(), headers.len());
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => read.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => read.last_mut().expect("a row").push(cell.take().expect("a cell")),
            Event::Text(t) => match &mut cell {
                Some(c) => c.push_str(&t),
                None => panic!("text outside the table: {t:?} in {out:?}"),
            },
            Event::End(TagEnd::TableHead | TagEnd::TableRow | TagEnd::Table) => {}
            _ => plain = false,
        }
    }
    assert_eq!(tables, 1, "one table: {out:?}");
    assert_eq!(read.len(), rows.len() + 1, "every row read back: {out:?}");
    for r in &read {
        assert_eq!(r.len(), headers.len(), "a row of the header's width: {out:?}");
    }
    if !plain {
        return;
    }
    let written = std::iter::once(&headers).chain(rows.iter());
    for (got, want) in read.iter().zip(written) {
        for (i, g) in got.iter().enumerate() {
            let w = want.get(i).copied().unwrap_or("");
            if literal(w) {
                assert_eq!(*g, shown(w), "{out:?}");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode & 1 == 0 {
        if let Ok(source) = std::str::from_utf8(rest) {
            converter(source);
        }
    } else {
        table(rest);
    }
});
