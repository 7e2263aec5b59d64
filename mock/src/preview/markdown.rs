//! Markdown (v1 and v2) to HTML the way the WeCom client shows it, with the parser the core's
//! conversion uses (pulldown-cmark). Safe by construction: every piece of text is escaped, raw
//! HTML is shown as text (v1's `<font color>` alone becomes a span of a fixed class), a link
//! is a link only with an http(s) URL, and an image is a placeholder naming its URL (the page
//! never fetches a remote picture). Alignment and colours are classes: the page's CSP allows no
//! inline style.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag};

use super::html::escape;

/// More markdown than this is not rendered (the rest is counted): a refused message may be
/// far longer than the 4096 bytes the server accepts.
pub(crate) const MAX_RENDERED: usize = 64 * 1024;

/// Which dialect: v1 (`markdown`) knows `<font color>` and `<@userid>`, v2 (`markdown_v2`)
/// tables, lists, images and rules and neither of v1's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    V1,
    V2,
}

/// The HTML of `source` in `dialect`.
pub(crate) fn render(source: &str, dialect: Dialect) -> String {
    let (shown, rest) = split_at_boundary(source, MAX_RENDERED);
    let opts = match dialect {
        Dialect::V1 => Options::empty(),
        Dialect::V2 => Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    };
    let mut w = Writer {
        out: String::with_capacity(shown.len() * 2),
        dialect,
        closers: Vec::new(),
        text: String::new(),
        fonts: 0,
        aligns: Vec::new(),
        cell: 0,
        in_head: false,
    };
    for event in Parser::new_ext(shown, opts) {
        w.event(event);
    }
    w.flush_text();
    for _ in 0..w.fonts {
        w.out.push_str("</span>");
    }
    while let Some(close) = w.closers.pop() {
        w.out.push_str(&close);
    }
    if !rest.is_empty() {
        w.out.push_str(&format!("<p class=\"cut\">… {} more bytes not shown</p>", rest.len()));
    }
    w.out
}

/// `s` cut at the last character boundary at or before `max` bytes, and the rest.
pub(crate) fn split_at_boundary(s: &str, max: usize) -> (&str, &str) {
    if s.len() <= max {
        return (s, "");
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    s.split_at(i)
}

struct Writer {
    out: String,
    dialect: Dialect,
    /// What closes each open element, innermost last.
    closers: Vec<String>,
    /// Adjacent text events, joined (the parser splits text at `<`, which `<@userid>` needs whole).
    text: String,
    /// `<font>` spans open.
    fonts: usize,
    aligns: Vec<Alignment>,
    cell: usize,
    in_head: bool,
}

impl Writer {
    fn v1(&self) -> bool {
        self.dialect == Dialect::V1
    }

    fn open(&mut self, html: &str, close: &str) {
        self.out.push_str(html);
        self.closers.push(close.to_string());
    }

    fn event(&mut self, event: Event<'_>) {
        if let Event::Text(t) = &event {
            self.text.push_str(t);
            return;
        }
        self.flush_text();
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(_) => {
                if let Some(close) = self.closers.pop() {
                    self.out.push_str(&close);
                }
            }
            Event::Code(c) => {
                self.out.push_str("<code>");
                self.out.push_str(&escape(&c));
                self.out.push_str("</code>");
            }
            Event::Html(h) | Event::InlineHtml(h) => self.raw_html(&h),
            Event::SoftBreak | Event::HardBreak => self.out.push_str("<br>"),
            Event::Rule => self.out.push_str("<hr>"),
            Event::TaskListMarker(done) => self.out.push_str(if done { "☑ " } else { "☐ " }),
            Event::Text(_) | Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open("<p>", "</p>"),
            Tag::Heading { level, .. } => {
                let n = level as usize;
                self.open(&format!("<h{n}>"), &format!("</h{n}>"));
            }
            Tag::BlockQuote(_) => self.open("<blockquote>", "</blockquote>"),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) if !l.is_empty() => format!(" data-lang=\"{}\"", escape(&l)),
                    _ => String::new(),
                };
                self.open(&format!("<pre{lang}><code>"), "</code></pre>");
            }
            Tag::List(Some(start)) => self.open(&format!("<ol start=\"{start}\">"), "</ol>"),
            Tag::List(None) => self.open("<ul>", "</ul>"),
            Tag::Item => self.open("<li>", "</li>"),
            Tag::Table(aligns) => {
                self.aligns = aligns;
                self.open("<div class=\"table-wrap\"><table>", "</tbody></table></div>");
            }
            Tag::TableHead => {
                self.in_head = true;
                self.cell = 0;
                self.open("<thead><tr>", "</tr></thead><tbody>");
            }
            Tag::TableRow => {
                self.in_head = false;
                self.cell = 0;
                self.open("<tr>", "</tr>");
            }
            Tag::TableCell => {
                let el = if self.in_head { "th" } else { "td" };
                let class = match self.aligns.get(self.cell) {
                    Some(Alignment::Left) => " class=\"al-left\"",
                    Some(Alignment::Center) => " class=\"al-center\"",
                    Some(Alignment::Right) => " class=\"al-right\"",
                    _ => "",
                };
                self.cell += 1;
                self.open(&format!("<{el}{class}>"), &format!("</{el}>"));
            }
            Tag::Emphasis => self.open("<em>", "</em>"),
            Tag::Strong => self.open("<strong>", "</strong>"),
            Tag::Strikethrough => self.open("<del>", "</del>"),
            Tag::Link { dest_url, .. } => {
                if is_web_url(&dest_url) {
                    let href = escape(&dest_url);
                    self.open(
                        &format!("<a href=\"{href}\" title=\"{href}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">"),
                        "</a>",
                    );
                } else {
                    let t = escape(&dest_url);
                    self.open(&format!("<span class=\"link-inert\" title=\"not a web link: {t}\">"), "</span>");
                }
            }
            Tag::Image { dest_url, .. } => {
                let url = escape(&dest_url);
                self.open(
                    &format!("<span class=\"remote-img\" data-url=\"{url}\"><span class=\"ph\">IMG</span> "),
                    &format!(" <span class=\"url\">{url}</span></span>"),
                );
            }
            // Not enabled for either dialect; kept balanced all the same.
            _ => self.open("<span>", "</span>"),
        }
    }

    fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        if self.v1() {
            self.out.push_str(&with_mentions(&text));
        } else {
            self.out.push_str(&escape(&text));
        }
    }

    /// Raw HTML is text, except v1's `<font color="info|comment|warning">` … `</font>`.
    fn raw_html(&mut self, html: &str) {
        if !self.v1() {
            self.out.push_str(&escape(html));
            return;
        }
        let mut rest = html;
        while !rest.is_empty() {
            if let Some((colour, len)) = font_open(rest) {
                self.out.push_str(&format!("<span class=\"font-{colour}\">"));
                self.fonts += 1;
                rest = &rest[len..];
            } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case("</font>") {
                if self.fonts > 0 {
                    self.fonts -= 1;
                    self.out.push_str("</span>");
                }
                rest = &rest[7..];
            } else {
                let next = rest[1..].find('<').map_or(rest.len(), |i| i + 1);
                self.out.push_str(&with_mentions(&rest[..next]));
                rest = &rest[next..];
            }
        }
    }
}

/// `<font color="info">` (or comment, warning; quotes optional) at the start of `s`: the colour
/// and the tag's length.
fn font_open(s: &str) -> Option<(&'static str, usize)> {
    let end = s.find('>')?;
    let tag = s[..end].to_ascii_lowercase();
    let attrs = tag.strip_prefix("<font")?.trim();
    let value = attrs.strip_prefix("color")?.trim_start().strip_prefix('=')?.trim().trim_matches(['"', '\'']);
    let colour = ["info", "comment", "warning"].into_iter().find(|c| *c == value)?;
    Some((colour, end + 1))
}

/// Escaped `text` with each `<@userid>` a highlighted mention.
pub(crate) fn with_mentions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<@") {
        let after = &rest[at + 2..];
        match after.find('>') {
            Some(end) if end > 0 && !after[..end].contains(['<', '\n', ' ']) => {
                out.push_str(&escape(&rest[..at]));
                out.push_str(&format!("<span class=\"mention\">@{}</span>", escape(&after[..end])));
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&escape(&rest[..at + 2]));
                rest = after;
            }
        }
    }
    out.push_str(&escape(rest));
    out
}

/// Whether `url` may be a link on the page: http(s) only (no `javascript:`, `data:`, …).
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_fonts_mentions_and_raw_html() {
        let h = render("a <font color=\"warning\">132例</font> <@zhangsan> <script>x()</script>", Dialect::V1);
        assert!(h.contains("<span class=\"font-warning\">132例</span>"), "{h}");
        assert!(h.contains("<span class=\"mention\">@zhangsan</span>"), "{h}");
        assert!(h.contains("&lt;script&gt;x()&lt;/script&gt;"), "{h}");
        assert!(!h.contains("<script"), "{h}");
        // v2 knows neither extension
        let h = render("<font color=\"info\">x</font> <@u>", Dialect::V2);
        assert!(h.contains("&lt;font color=&quot;info&quot;&gt;x&lt;/font&gt;"), "{h}");
        assert!(!h.contains("mention"), "{h}");
    }

    #[test]
    fn links_tables_images() {
        let h = render("[a](javascript:alert(1)) [b](https://x.example/?q=\"1\")", Dialect::V2);
        assert!(!h.contains("href=\"javascript"), "{h}");
        assert!(h.contains("href=\"https://x.example/?q=&quot;1&quot;\""), "{h}");
        let h = render("| a | b | c |\n| :-- | :-: | --: |\n| 1 | 2 | 3 |\n", Dialect::V2);
        assert!(
            h.contains("<th class=\"al-left\">a</th><th class=\"al-center\">b</th><th class=\"al-right\">c</th>"),
            "{h}"
        );
        assert!(h.contains("<td class=\"al-right\">3</td>"), "{h}");
        let h = render("![alt](https://x.example/p.png)", Dialect::V2);
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("https://x.example/p.png"), "{h}");
    }

    #[test]
    fn long_input_is_cut() {
        let h = render(&"é".repeat(MAX_RENDERED), Dialect::V2);
        assert!(h.contains("more bytes not shown"));
    }
}
