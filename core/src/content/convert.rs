//! CommonMark (as CI tools, release scripts and chat bots write it) converted to what WeCom
//! renders: markdown (v1), markdown_v2, or plain text for a text message.
//!
//! The source is parsed by pulldown-cmark into a small tree, and each target renders that
//! tree: it keeps what its dialect supports (the spec lists both), rewrites what it does not,
//! and never emits syntax the client would show as literal garbage.
//!
//! | source | markdown (v1) | markdown_v2 | plain text |
//! |---|---|---|---|
//! | heading, bold, link, inline code, quote | kept | kept | text |
//! | italic | text | kept | text |
//! | strikethrough | text | text | text |
//! | list (nested) | `•` / `◦` lines | kept | `•` / `◦` lines |
//! | code block | quoted lines of inline code | kept | its lines |
//! | table | one `• header: cell · …` line per row | kept (aligned) | like v1, unstyled |
//! | image | link | kept | `alt (url)` |
//! | HTML | tags removed (`<font color>` kept) | tags removed | tags removed |
//! | thematic break | `────────` | `---` | `────────` |

use super::html::strip_html;
use super::table::{table_rows, Align};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag};

/// A line that separates sections where the dialect has no thematic break.
const RULE_TEXT: &str = "────────";

/// Converts CommonMark to WeCom markdown (v1): headings, bold, links, inline code, quotes and
/// `<font color>` kept; everything else rewritten into those.
pub fn to_wecom_markdown(commonmark: &str) -> String {
    render(&parse(commonmark), Target::V1)
}

/// Converts CommonMark to WeCom markdown_v2: headings, emphasis, lists, quotes, links,
/// images, rules, code and tables kept (tables normalised, alignment kept); HTML reduced to
/// its text.
pub fn to_wecom_markdown_v2(commonmark: &str) -> String {
    render(&parse(commonmark), Target::V2)
}

/// Converts markdown to plain text for a text message (recipients whose client shows markdown
/// as raw text): every piece of syntax removed, links and images written as `text (url)`.
pub fn to_plain_text(markdown: &str) -> String {
    render(&parse(markdown), Target::Plain)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    V1,
    V2,
    Plain,
}

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Paragraph(Vec<Inline>),
    Heading(usize, Vec<Inline>),
    Quote(Vec<Block>),
    List(Option<u64>, Vec<Vec<Block>>),
    Code(String, String),
    Table(Vec<Align>, Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    Rule,
    Html(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Inline {
    Text(String),
    Code(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Link(String, Vec<Inline>),
    Image(String, Vec<Inline>),
    Html(String),
    Break,
    Task(bool),
}

// ---- parsing: pulldown-cmark events into the tree --------------------------------------

/// What an inline container becomes when it closes.
enum Holder {
    Paragraph,
    Heading(usize),
    Emph,
    Strong,
    Strike,
    Link(String),
    Image(String),
    Cell,
    /// Superscript, subscript, a definition title: their text only.
    Plain,
}

/// A container being filled while its events arrive.
enum Open {
    Blocks(Vec<Block>),
    Inlines(Holder, Vec<Inline>),
    Code(String, String),
    Html(String),
    Table { aligns: Vec<Align>, head: Vec<Vec<Inline>>, rows: Vec<Vec<Vec<Inline>>> },
    Row(Vec<Vec<Inline>>),
    List(Option<u64>, Vec<Vec<Block>>),
}

/// Containers (quotes, lists, list items) open at once beyond which deeper quotes and lists
/// are flattened into their parent: every level indents each line under it, so a hostile
/// document of N nested markers and N lazy continuation lines would grow as N² (1 MiB into
/// gigabytes). WeCom shows no such depth anyway.
const MAX_NESTING: usize = 12;

fn parse(source: &str) -> Vec<Block> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut stack: Vec<Open> = vec![Open::Blocks(Vec::new())];
    // For each open tag: whether it was flattened (its end closes nothing).
    let mut flattened: Vec<bool> = Vec::new();
    for event in Parser::new_ext(source, opts) {
        match event {
            Event::Start(tag) => {
                let deep = stack.len() > MAX_NESTING;
                let flatten = match tag {
                    Tag::BlockQuote(_) | Tag::List(_) => deep,
                    // An item belongs to its list: flattened exactly when the list was.
                    Tag::Item => !matches!(stack.last(), Some(Open::List(..))),
                    _ => false,
                };
                flattened.push(flatten);
                if flatten {
                    // A fresh paragraph, so that a tight item's text does not run into the last.
                    push_block(&mut stack, Block::Paragraph(Vec::new()));
                } else {
                    stack.push(open(tag));
                }
            }
            Event::End(_) => {
                if flattened.pop() != Some(true) {
                    close(&mut stack);
                }
            }
            Event::Text(t) => push_text(&mut stack, &t),
            Event::Code(c) => push_inline(&mut stack, Inline::Code(c.into_string())),
            Event::InlineMath(m) | Event::DisplayMath(m) => push_inline(&mut stack, Inline::Code(m.into_string())),
            Event::Html(h) => match stack.last_mut() {
                Some(Open::Html(buf)) => buf.push_str(&h),
                _ => push_inline(&mut stack, Inline::Html(h.into_string())),
            },
            Event::InlineHtml(h) => push_inline(&mut stack, Inline::Html(h.into_string())),
            Event::SoftBreak | Event::HardBreak => push_inline(&mut stack, Inline::Break),
            Event::Rule => push_block(&mut stack, Block::Rule),
            Event::TaskListMarker(done) => push_inline(&mut stack, Inline::Task(done)),
            Event::FootnoteReference(r) => push_inline(&mut stack, Inline::Text(format!("[{r}]"))),
        }
    }
    // The parser closes everything it opens: what is left is the document.
    match stack.into_iter().next() {
        Some(Open::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    }
}

fn open(tag: Tag<'_>) -> Open {
    let inlines = |h| Open::Inlines(h, Vec::new());
    match tag {
        Tag::Paragraph => inlines(Holder::Paragraph),
        Tag::Heading { level, .. } => inlines(Holder::Heading(level as usize)),
        Tag::Emphasis => inlines(Holder::Emph),
        Tag::Strong => inlines(Holder::Strong),
        Tag::Strikethrough => inlines(Holder::Strike),
        Tag::Link { dest_url, .. } => inlines(Holder::Link(dest_url.into_string())),
        Tag::Image { dest_url, .. } => inlines(Holder::Image(dest_url.into_string())),
        Tag::TableCell => inlines(Holder::Cell),
        Tag::Superscript | Tag::Subscript | Tag::DefinitionListTitle => inlines(Holder::Plain),
        Tag::BlockQuote(_)
        | Tag::Item
        | Tag::FootnoteDefinition(_)
        | Tag::DefinitionList
        | Tag::DefinitionListDefinition
        | Tag::MetadataBlock(_) => Open::Blocks(Vec::new()),
        Tag::CodeBlock(kind) => {
            let info = match kind {
                CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_owned(),
                CodeBlockKind::Indented => String::new(),
            };
            Open::Code(info, String::new())
        }
        Tag::HtmlBlock => Open::Html(String::new()),
        Tag::List(first) => Open::List(first, Vec::new()),
        Tag::Table(aligns) => {
            Open::Table { aligns: aligns.iter().map(|a| align_of(*a)).collect(), head: Vec::new(), rows: Vec::new() }
        }
        Tag::TableHead | Tag::TableRow => Open::Row(Vec::new()),
    }
}

fn align_of(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Closes the innermost container and hands what it built to its parent.
fn close(stack: &mut Vec<Open>) {
    if stack.len() < 2 {
        return;
    }
    let Some(done) = stack.pop() else { return };
    match done {
        Open::Inlines(holder, v) => match holder {
            Holder::Paragraph => push_block(stack, Block::Paragraph(v)),
            Holder::Heading(level) => push_block(stack, Block::Heading(level, v)),
            Holder::Emph => push_inline(stack, Inline::Emph(v)),
            Holder::Strong => push_inline(stack, Inline::Strong(v)),
            Holder::Strike => push_inline(stack, Inline::Strike(v)),
            Holder::Link(url) => push_inline(stack, Inline::Link(url, v)),
            Holder::Image(url) => push_inline(stack, Inline::Image(url, v)),
            Holder::Plain => v.into_iter().for_each(|i| push_inline(stack, i)),
            Holder::Cell => {
                if let Some(Open::Row(cells)) = stack.last_mut() {
                    cells.push(v);
                }
            }
        },
        Open::Blocks(blocks) => match stack.last_mut() {
            Some(Open::List(_, items)) => items.push(blocks),
            _ => push_block(stack, Block::Quote(blocks)),
        },
        Open::Code(info, text) => push_block(stack, Block::Code(info, text)),
        Open::Html(html) => push_block(stack, Block::Html(html)),
        Open::List(first, items) => push_block(stack, Block::List(first, items)),
        Open::Table { aligns, head, rows } => push_block(stack, Block::Table(aligns, head, rows)),
        Open::Row(cells) => {
            if let Some(Open::Table { head, rows, .. }) = stack.last_mut() {
                if head.is_empty() && rows.is_empty() {
                    *head = cells;
                } else {
                    rows.push(cells);
                }
            }
        }
    }
}

fn push_text(stack: &mut [Open], text: &str) {
    match stack.last_mut() {
        Some(Open::Code(_, buf)) | Some(Open::Html(buf)) => buf.push_str(text),
        _ => push_inline(stack, Inline::Text(text.to_owned())),
    }
}

fn push_inline(stack: &mut [Open], inline: Inline) {
    match stack.last_mut() {
        Some(Open::Inlines(_, v)) => v.push(inline),
        // Tight list items hold their text without a paragraph.
        Some(Open::Blocks(blocks)) => match blocks.last_mut() {
            Some(Block::Paragraph(v)) => v.push(inline),
            _ => blocks.push(Block::Paragraph(vec![inline])),
        },
        _ => {}
    }
}

fn push_block(stack: &mut [Open], block: Block) {
    if let Some(Open::Blocks(blocks)) = stack.last_mut() {
        blocks.push(block);
    }
}

// ---- rendering ----------------------------------------------------------------------

fn render(blocks: &[Block], target: Target) -> String {
    let mut out = render_blocks(blocks, target, 0);
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// Blocks separated by blank lines; `depth` is the list nesting level.
fn render_blocks(blocks: &[Block], target: Target, depth: usize) -> String {
    let parts: Vec<String> =
        blocks.iter().map(|b| render_block(b, target, depth)).filter(|s| !s.trim().is_empty()).collect();
    parts.join("\n\n")
}

fn render_block(block: &Block, target: Target, depth: usize) -> String {
    match block {
        Block::Paragraph(v) => inlines(v, target, false),
        Block::Heading(level, v) => match target {
            Target::Plain => inlines(v, target, false).replace('\n', " "),
            _ => format!("{} {}", "#".repeat(*level), inlines(v, target, false).replace('\n', " ")),
        },
        Block::Quote(inner) => {
            let body = match target {
                // v1 quotes have one level: nested quotes are flattened into it.
                Target::V1 => render_blocks(&flatten_quotes(inner), target, depth),
                _ => render_blocks(inner, target, depth),
            };
            body.lines()
                .filter(|l| target == Target::V2 || !l.trim().is_empty())
                .map(|l| if l.is_empty() { ">".to_owned() } else { format!("> {l}") })
                .collect::<Vec<_>>()
                .join("\n")
        }
        Block::List(first, items) => render_list(*first, items, target, depth),
        Block::Code(info, code) => render_code(info, code, target),
        Block::Table(aligns, head, rows) => render_table(aligns, head, rows, target),
        Block::Rule => match target {
            Target::V2 => "---".to_owned(),
            _ => RULE_TEXT.to_owned(),
        },
        Block::Html(html) => strip_html(html, target == Target::V1).trim().to_owned(),
    }
}

fn flatten_quotes(blocks: &[Block]) -> Vec<Block> {
    blocks
        .iter()
        .flat_map(|b| match b {
            Block::Quote(inner) => flatten_quotes(inner),
            other => vec![other.clone()],
        })
        .collect()
}

fn render_list(first: Option<u64>, items: &[Vec<Block>], target: Target, depth: usize) -> String {
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let marker = match (first, target) {
            (Some(n), _) => format!("{}. ", n + i as u64),
            (None, Target::V2) => "- ".to_owned(),
            (None, _) if depth == 0 => "• ".to_owned(),
            (None, _) => "◦ ".to_owned(),
        };
        // Continuation lines (and nested lists) are indented by the marker's width, which
        // is where CommonMark expects an item's content.
        let pad = " ".repeat(marker.chars().count());
        let body = render_item(item, target, depth + 1);
        if body.is_empty() {
            lines.push(marker.trim_end().to_owned());
        }
        for (j, line) in body.lines().enumerate() {
            if j == 0 {
                lines.push(format!("{marker}{line}"));
            } else if line.is_empty() {
                lines.push(String::new());
            } else {
                lines.push(format!("{pad}{line}"));
            }
        }
    }
    lines.join("\n")
}

/// A list item's blocks: a nested list follows its text on the next line, not after a blank.
fn render_item(blocks: &[Block], target: Target, depth: usize) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        let s = render_block(b, target, depth);
        if s.trim().is_empty() {
            continue;
        }
        if i > 0 && !out.is_empty() {
            out.push_str(if matches!(b, Block::List(..)) { "\n" } else { "\n\n" });
        }
        out.push_str(&s);
    }
    out
}

fn render_code(info: &str, code: &str, target: Target) -> String {
    let code = code.strip_suffix('\n').unwrap_or(code);
    match target {
        Target::V2 => {
            // A fence longer than any backtick run inside keeps the block closed where it ends.
            let longest = longest_run(code, '`');
            let fence = "`".repeat((longest + 1).max(3));
            format!("{fence}{info}\n{code}\n{fence}")
        }
        // v1 has no code blocks: each line becomes a quoted line of inline code, so that the
        // code's own characters are not read as markdown.
        Target::V1 => code
            .lines()
            .map(|l| {
                if l.trim().is_empty() {
                    ">".to_owned()
                } else if l.contains('`') {
                    format!("> {l}")
                } else {
                    format!("> `{l}`")
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Target::Plain => code.to_owned(),
    }
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Empty cells a table may gain by padding its rows to the header's width. The parser pads
/// short rows, so a header of n columns over n one-cell rows would grow as n²; past this
/// many, trailing empty cells are left out instead (a reader pads them back).
const MAX_PADDED_CELLS: usize = 4096;

/// The longest header name repeated before each cell of a row in markdown and plain text
/// (longer ones are cut): a long header over many rows would otherwise grow as their product.
const MAX_LABEL_BYTES: usize = 48;

fn render_table(aligns: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>], target: Target) -> String {
    let cell = |v: &Vec<Inline>| inlines(v, target, false).replace('\n', " ").trim().to_owned();
    let header: Vec<String> = head.iter().map(cell).collect();
    let mut body: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(cell).collect()).collect();
    match target {
        Target::V2 => {
            // A header cell may be empty in CommonMark; markdown_v2 needs something to show.
            let header: Vec<String> =
                header.into_iter().map(|h| if h.is_empty() { " ".to_owned() } else { h }).collect();
            let trailing_empty = |r: &Vec<String>| r.iter().rev().take_while(|c| c.is_empty()).count();
            let padded: usize = body.iter().map(|r| trailing_empty(r) + header.len().saturating_sub(r.len())).sum();
            let pad = padded <= MAX_PADDED_CELLS;
            if !pad {
                for r in &mut body {
                    let keep = (r.len() - trailing_empty(r)).max(1);
                    r.truncate(keep);
                }
            }
            table_rows(&header, &body, aligns, pad).unwrap_or_default().trim_end().to_owned()
        }
        // No tables in v1 or plain text: one line per row, each cell named by its header.
        _ => body
            .iter()
            .map(|row| {
                let pairs: Vec<String> = row
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.is_empty())
                    .map(|(i, c)| match header.get(i).filter(|h| !h.is_empty()) {
                        Some(_) if target == Target::V1 && i == 0 => format!("**{c}**"),
                        Some(h) if h.len() > MAX_LABEL_BYTES => {
                            format!("{}…: {c}", super::truncate_to_bytes(h, MAX_LABEL_BYTES))
                        }
                        Some(h) => format!("{h}: {c}"),
                        None => c.clone(),
                    })
                    .collect();
                format!("• {}", pairs.join(" · "))
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Renders inlines; `in_link` is set inside a link's text, where an image can only be its alt.
fn inlines(v: &[Inline], target: Target, in_link: bool) -> String {
    let mut out = String::new();
    for i in v {
        match i {
            Inline::Text(t) => out.push_str(t),
            Inline::Code(c) => match target {
                Target::Plain => out.push_str(c),
                _ => {
                    let ticks = "`".repeat(longest_run(c, '`') + 1);
                    let pad = if c.starts_with('`') || c.ends_with('`') { " " } else { "" };
                    out.push_str(&format!("{ticks}{pad}{c}{pad}{ticks}"));
                }
            },
            Inline::Emph(c) => match target {
                Target::V2 => wrap(&mut out, "*", &inlines(c, target, in_link)),
                _ => out.push_str(&inlines(c, target, in_link)),
            },
            Inline::Strong(c) => match target {
                Target::Plain => out.push_str(&inlines(c, target, in_link)),
                _ => wrap(&mut out, "**", &inlines(c, target, in_link)),
            },
            Inline::Strike(c) => out.push_str(&inlines(c, target, in_link)),
            Inline::Link(url, c) => {
                let text = inlines(c, target, true);
                match target {
                    Target::Plain if text.is_empty() || text == *url => out.push_str(url),
                    Target::Plain => out.push_str(&format!("{text} ({url})")),
                    _ if text.trim().is_empty() => out.push_str(&format!("[{url}]({url})")),
                    _ => out.push_str(&format!("[{text}]({url})")),
                }
            }
            Inline::Image(url, alt) => {
                let alt = inlines(alt, Target::Plain, true);
                match target {
                    _ if in_link => out.push_str(if alt.is_empty() { "image" } else { &alt }),
                    Target::V2 => out.push_str(&format!("![{alt}]({url})")),
                    Target::V1 => out.push_str(&format!("[{}]({url})", if alt.is_empty() { "image" } else { &alt })),
                    Target::Plain if alt.is_empty() => out.push_str(url),
                    Target::Plain => out.push_str(&format!("{alt} ({url})")),
                }
            }
            Inline::Html(h) => out.push_str(&strip_html(h, target == Target::V1)),
            Inline::Break => out.push('\n'),
            Inline::Task(done) => out.push_str(if *done { "☑ " } else { "☐ " }),
        }
    }
    match target {
        Target::V1 => out,
        _ => unmention(&out),
    }
}

/// `<@userid>` written as `@userid`: only text and markdown (v1) render the tag.
fn unmention(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("<@") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        match tail.find('>') {
            Some(end) if end > 0 && !tail[..end].contains(['<', ' ', '\n']) => {
                out.push('@');
                out.push_str(&tail[..end]);
                rest = &tail[end + 1..];
            }
            _ => {
                out.push_str("<@");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Wraps text in a delimiter, keeping surrounding spaces outside it (`** a **` is not bold).
fn wrap(out: &mut String, delim: &str, text: &str) {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        out.push_str(text);
        return;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    out.push_str(&format!("{lead}{delim}{trimmed}{delim}{trail}"));
}
