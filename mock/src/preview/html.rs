//! Small helpers for the page's HTML: escaping, times, sizes, picture types.

/// `s` escaped for HTML text and quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Unix seconds as `YYYY-MM-DD HH:MM:SS` UTC.
pub(crate) fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60)
}

/// A byte count as people read it (`812 B`, `1.5 KB`, `2.0 MB`).
pub(crate) fn size(n: usize) -> String {
    match n {
        n if n < 1024 => format!("{n} B"),
        n if n < 1024 * 1024 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{:.1} MB", n as f64 / (1024.0 * 1024.0)),
    }
}

/// The MIME type of a picture the client shows (JPG, PNG), from its first bytes.
pub(crate) fn picture_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else {
        None
    }
}

/// The length of an AMR-NB recording in milliseconds (20 ms a frame), when `bytes` is one.
pub(crate) fn amr_duration_ms(bytes: &[u8]) -> Option<u64> {
    // Frame sizes (without the header byte) by frame type, RFC 4867 §5.3; 0 = none/invalid.
    const SIZES: [usize; 16] = [12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0];
    let mut rest = bytes.strip_prefix(b"#!AMR\n")?;
    let mut frames = 0u64;
    while let Some((&head, tail)) = rest.split_first() {
        let ft = usize::from((head >> 3) & 0x0f);
        let len = if ft == 15 { 0 } else { SIZES[ft] };
        if (9..15).contains(&ft) || tail.len() < len {
            break;
        }
        rest = &tail[len..];
        frames += 1;
    }
    Some(frames * 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
        assert_eq!(utc(0), "1970-01-01 00:00:00");
        assert_eq!(utc(1_796_236_837), "2026-12-02 18:40:37");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(size(812), "812 B");
        assert_eq!(size(1536), "1.5 KB");
        assert_eq!(picture_type(b"\x89PNG\r\n\x1a\nxx"), Some("image/png"));
        assert_eq!(picture_type(b"GIF89a"), None);
        let mut amr = b"#!AMR\n".to_vec();
        for _ in 0..50 {
            amr.push(7 << 3 | 4);
            amr.extend([0u8; 31]);
        }
        assert_eq!(amr_duration_ms(&amr), Some(1000));
        assert_eq!(amr_duration_ms(b"not amr"), None);
    }
}
