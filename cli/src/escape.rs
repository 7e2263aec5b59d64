//! Text from the server (errmsg, media_id, the start of a gateway's HTML page) reaches the
//! terminal. Its control characters could move the cursor, retitle the window, hide text or
//! forge lines (ANSI CSI/OSC escapes, CR, LF, C1 codes), so every line the command writes shows
//! them as JSON-style escapes (`\u001b`) instead: a JSON line stays valid JSON with the same
//! value, and plain text stays readable.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `s` with every control character (C0, DEL, C1) written as `\uXXXX`.
pub fn controls(s: &str) -> Cow<'_, str> {
    escape_if(s, char::is_control)
}

/// Like [`controls`], but keeping line feeds: for output the command lays out in several
/// lines itself (the demo), where server text was already escaped.
pub fn controls_but_newlines(s: &str) -> Cow<'_, str> {
    escape_if(s, |c| c.is_control() && c != '\n')
}

fn escape_if(s: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if escape(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::controls;

    #[test]
    fn escapes_c0_del_and_c1_and_nothing_else() {
        assert_eq!(controls("plain 文字 ok"), "plain 文字 ok");
        assert!(matches!(controls("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(controls("\u{1b}[31mred\u{1b}]0;title\u{7}"), "\\u001b[31mred\\u001b]0;title\\u0007");
        assert_eq!(controls("a\nb\rc\td\u{7f}e\u{9b}f"), "a\\u000ab\\u000dc\\u0009d\\u007fe\\u009bf");
        assert_eq!(super::controls_but_newlines("a\nb\rc"), "a\nb\\u000dc");
    }

    #[test]
    fn a_json_line_keeps_its_value() {
        let line = serde_json::json!({"media_id": "m\u{9b}2J"}).to_string();
        let escaped = controls(&line);
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back["media_id"], "m\u{9b}2J");
    }
}
