//! A strict parser for `multipart/form-data` bodies (RFC 7578), enough for `upload_media`.

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// `name` of the `Content-Disposition`.
    pub name: Option<String>,
    /// `filename` of the `Content-Disposition`.
    pub filename: Option<String>,
    /// `filelength` of the `Content-Disposition` (a WeCom extension), as written.
    pub filelength: Option<String>,
    /// The part's `Content-Type`.
    pub content_type: Option<String>,
    /// The part's data.
    pub data: &'a [u8],
}

/// The boundary of a `multipart/form-data` content type, `None` for any other content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let mime = params.next()?.trim();
    if !mime.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case("boundary").then(|| unquote(v.trim()).to_string())
        })
        .filter(|b| !b.is_empty() && b.len() <= 200)
}

/// `value` split at every `;` outside a quoted string (a quoted filename may hold `;`: found
/// by the `multipart` fuzz target).
fn params(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&value[start..]);
    out
}

fn unquote(v: &str) -> &str {
    v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..].windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// Parses a whole body; `Err` names what is malformed.
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, String> {
    let delim = format!("--{boundary}");
    let delim = delim.as_bytes();
    // The first delimiter: at the very start or after a CRLF (a preamble is allowed).
    let mut pos = if body.starts_with(delim) {
        0
    } else {
        let crlf_delim = [b"\r\n".as_slice(), delim].concat();
        find(body, &crlf_delim, 0).ok_or("no boundary delimiter in body")? + 2
    };
    let mut parts = Vec::new();
    loop {
        pos += delim.len();
        let rest = &body[pos..];
        if rest.starts_with(b"--") {
            if parts.is_empty() {
                return Err("no part before the closing delimiter".into());
            }
            return Ok(parts);
        }
        // Transport padding, then CRLF.
        let line_end = find(body, b"\r\n", pos).ok_or("delimiter line not ended by CRLF")?;
        if body[pos..line_end].iter().any(|b| *b != b' ' && *b != b'\t') {
            return Err("garbage after a boundary delimiter".into());
        }
        let headers_start = line_end + 2;
        let headers_end = if body[headers_start..].starts_with(b"\r\n") {
            headers_start
        } else {
            find(body, b"\r\n\r\n", headers_start).ok_or("part headers not ended by a blank line")? + 2
        };
        let head = std::str::from_utf8(&body[headers_start..headers_end]).map_err(|_| "part headers are not UTF-8")?;
        let data_start = headers_end + 2;
        let next = [b"\r\n".as_slice(), delim].concat();
        let data_end = find(body, &next, data_start).ok_or("part not closed by a delimiter")?;
        let mut part = Part {
            name: None,
            filename: None,
            filelength: None,
            content_type: None,
            data: &body[data_start..data_end],
        };
        for line in head.split("\r\n").filter(|l| !l.is_empty()) {
            let (name, value) = line.split_once(':').ok_or("part header without a colon")?;
            let value = value.trim();
            if name.trim().eq_ignore_ascii_case("content-disposition") {
                let mut items = params(value).into_iter();
                let disposition = items.next().unwrap_or("").trim();
                if !disposition.eq_ignore_ascii_case("form-data") {
                    return Err(format!("part disposition is {disposition:?}, not form-data"));
                }
                for item in items {
                    let Some((k, v)) = item.split_once('=') else {
                        continue;
                    };
                    let v = unquote(v.trim()).to_string();
                    match k.trim().to_ascii_lowercase().as_str() {
                        "name" => part.name = Some(v),
                        "filename" => part.filename = Some(v),
                        "filelength" => part.filelength = Some(v),
                        _ => {}
                    }
                }
            } else if name.trim().eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.to_string());
            }
        }
        parts.push(part);
        pos = data_end + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example() {
        let ct = "multipart/form-data; boundary=-------------------------acebdf13572468";
        let b = boundary(ct).unwrap();
        let body = "---------------------------acebdf13572468\r\n\
Content-Disposition: form-data; name=\"media\";filename=\"wework.txt\"; filelength=6\r\n\
Content-Type: application/octet-stream\r\n\r\nmytext\r\n\
---------------------------acebdf13572468--\r\n";
        let parts = parse(body.as_bytes(), &b).unwrap();
        assert_eq!(parts.len(), 1);
        let p = &parts[0];
        assert_eq!(p.name.as_deref(), Some("media"));
        assert_eq!(p.filename.as_deref(), Some("wework.txt"));
        assert_eq!(p.filelength.as_deref(), Some("6"));
        assert_eq!(p.content_type.as_deref(), Some("application/octet-stream"));
        assert_eq!(p.data, b"mytext");
    }

    #[test]
    fn a_quoted_filename_may_hold_semicolons_and_equals() {
        let body = "--b\r\nContent-Disposition: form-data; name=\"media\";filename=\";a=b;.txt\"; filelength=2\r\n\r\nhi\r\n--b--\r\n";
        let parts = parse(body.as_bytes(), "b").unwrap();
        assert_eq!(parts[0].filename.as_deref(), Some(";a=b;.txt"));
        assert_eq!(parts[0].filelength.as_deref(), Some("2"));
    }

    #[test]
    fn malformed() {
        assert_eq!(boundary("application/json"), None);
        assert_eq!(boundary("multipart/form-data"), None);
        assert_eq!(boundary("multipart/form-data; boundary=\"x y\"").as_deref(), Some("x y"));
        assert!(parse(b"", "b").is_err());
        assert!(parse(b"--b\r\n\r\nabc", "b").is_err());
        assert!(parse(b"--b--\r\n", "b").is_err());
        assert!(parse(b"--b\r\nContent-Disposition: form-data; name=media\r\n\r\nabc\r\n--b--", "b").is_ok());
        // Binary data containing CR LF and dashes stays intact.
        let body = b"pre\r\n--b\r\nContent-Disposition: form-data; name=\"media\"\r\n\r\n\r\n--x\r\n\r\n--b--";
        let parts = parse(body, "b").unwrap();
        assert_eq!(parts[0].data, b"\r\n--x\r\n");
    }
}
