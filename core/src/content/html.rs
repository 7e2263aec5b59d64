//! HTML inside Markdown (blocks and inline tags) reduced to text for the converter: WeCom's
//! clients render no HTML, except markdown v1's `<font color=…>`.

/// HTML reduced to its text: comments and tags removed, `<br>` and block tags as line breaks,
/// the common entities decoded. With `keep_font`, `<font color="info|comment|warning">` and
/// `</font>` survive (markdown v1 renders them).
pub(super) fn strip_html(html: &str, keep_font: bool) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt..];
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let Some(gt) = after.find('>') else {
            out.push_str(&decode_entities(after));
            rest = "";
            break;
        };
        let tag = &after[..=gt];
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            // Not a tag (`a < b`, `<@userid>`): keep it as text.
            out.push('<');
            rest = &after[1..];
            continue;
        }
        if keep_font && name == "font" && is_wecom_font_tag(tag) {
            out.push_str(tag);
        } else if matches!(name.as_str(), "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
            && !out.ends_with('\n')
            && !out.is_empty()
        {
            out.push('\n');
        }
        rest = &after[gt + 1..];
    }
    out.push_str(&decode_entities(rest));
    out
}

fn is_wecom_font_tag(tag: &str) -> bool {
    tag == "</font>"
        || ["info", "comment", "warning"]
            .iter()
            .any(|c| tag == format!("<font color=\"{c}\">") || tag == format!("<font color='{c}'>"))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}
