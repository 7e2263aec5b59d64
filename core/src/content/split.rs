//! Splitting long content into sendable chunks that each render on their own.
//!
//! Chunks break at line ends where possible and never inside a UTF-8 character or a
//! `<@userid>` mention. Structure a chunk boundary would break is repaired, per dialect:
//!
//! - text: nothing to repair.
//! - markdown (v1): nothing to repair either. The vendor's page lists no code blocks and no
//!   tables for v1, so a ``` line is plain text there and one the splitter added would show
//!   as literal backticks: v1 splits like text (at its own limit) and adds nothing
//!   (issue #15; see docs/decisions.md).
//! - markdown_v2: a code block cut by a boundary is closed at the end of one chunk and
//!   reopened (with its info string) at the top of the next; a table cut by a boundary has its
//!   header and separator rows repeated at the top of the next chunk. A table row is never cut
//!   (unless a single row is longer than a whole chunk).
//!
//! With page markers, every chunk of a split into several starts with `(i/n)` and a blank line.

use super::truncate_to_bytes;
use crate::limits::{MARKDOWN_CONTENT_MAX_BYTES, TEXT_CONTENT_MAX_BYTES};

const FENCE: &str = "```";

/// What a split repairs at chunk boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Structure {
    /// Lines only, nothing added (text, markdown v1).
    #[default]
    Lines,
    /// markdown_v2: code blocks closed and reopened, table headers repeated.
    MarkdownV2,
}

/// How to split: the byte limit of a chunk, what to repair, and whether to number the chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitOptions {
    /// The most bytes a chunk may have (markers and repaired structure included).
    pub max_bytes: usize,
    /// What a boundary must not break.
    pub structure: Structure,
    /// Start every chunk of a split into several with `(i/n)` and a blank line.
    pub page_markers: bool,
}

impl SplitOptions {
    /// Options for a limit and structure, without page markers.
    pub fn new(max_bytes: usize, structure: Structure) -> SplitOptions {
        SplitOptions { max_bytes, structure, page_markers: false }
    }

    /// The same options with page markers on or off.
    pub fn page_markers(self, on: bool) -> SplitOptions {
        SplitOptions { page_markers: on, ..self }
    }
}

/// Splits text into chunks of at most 2048 bytes, at line breaks where possible, never inside
/// a UTF-8 character or a `<@userid>`. Concatenating the chunks gives back `content`.
pub fn split_text(content: &str) -> Vec<String> {
    split(content, SplitOptions::new(TEXT_CONTENT_MAX_BYTES, Structure::Lines))
}

/// Splits markdown (v1) into chunks of at most 4096 bytes like [`split_text`]: ``` lines are
/// plain text in v1 (it has no code blocks), so nothing is added and concatenating the chunks
/// gives back `content`.
pub fn split_markdown(content: &str) -> Vec<String> {
    split(content, SplitOptions::new(MARKDOWN_CONTENT_MAX_BYTES, Structure::Lines))
}

/// Splits markdown_v2 into chunks of at most 4096 bytes, repairing code blocks and tables
/// (see the module documentation).
pub fn split_markdown_v2(content: &str) -> Vec<String> {
    split(content, SplitOptions::new(MARKDOWN_CONTENT_MAX_BYTES, Structure::MarkdownV2))
}

/// The splitter behind [`split_text`], [`split_markdown`] and [`split_markdown_v2`], with
/// explicit options (any byte limit).
pub fn split(content: &str, options: SplitOptions) -> Vec<String> {
    split_pieces(content, options).iter().map(Piece::text).collect()
}

/// The page marker that starts chunk `i` of `n`.
pub fn marker(i: usize, n: usize) -> String {
    format!("({i}/{n})\n\n")
}

/// What a line leaves open: the text repeated at the top of the next chunk if a boundary
/// falls here, and the bytes needed to close it at the end of this one.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Open {
    None,
    /// Inside a code block opened by `line` (without its line end); `close` is the room its
    /// close needs at a chunk's end: at least "\n```", and the input's own closing line when
    /// that is longer (indented, or ending in CRLF), so that the closing line still fits in
    /// the chunk its block's last line went to, instead of following alone as an empty block.
    Fence {
        line: String,
        close: usize,
    },
    /// Inside a table whose header and separator rows are these (each ending in `\n`).
    Table(String),
}

impl Open {
    fn reopen(&self) -> String {
        match self {
            Open::None => String::new(),
            Open::Fence { line, .. } => format!("{line}\n"),
            Open::Table(head) => head.clone(),
        }
    }

    /// Bytes the close of this chunk needs at most (see `Open::Fence`); nothing for a table.
    fn reserve(&self) -> usize {
        match self {
            Open::Fence { close, .. } => *close,
            _ => 0,
        }
    }
}

/// A unit of the input that is never split across chunks unless it alone is too long: a
/// line, or a table's header and separator rows together.
struct Unit<'a> {
    text: &'a str,
    /// What is open after this unit.
    after: Open,
    /// This unit opens what it leaves open (a fence's first line, a table's header).
    opens: bool,
}

fn is_fence(line: &str) -> bool {
    line.trim_start().starts_with(FENCE)
}

/// A GFM delimiter row: cells of `-` with optional `:` ends, separated by `|`.
fn is_table_separator(line: &str) -> bool {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    !t.is_empty()
        && (line.contains('|') || t.contains('-'))
        && t.split('|').all(|c| {
            let c = c.trim();
            let c = c.strip_prefix(':').unwrap_or(c);
            let c = c.strip_suffix(':').unwrap_or(c);
            !c.is_empty() && c.bytes().all(|b| b == b'-')
        })
}

fn is_table_row(line: &str) -> bool {
    !line.trim().is_empty() && line.contains('|')
}

/// The room to keep for closing a code block whose opening line is `lines[i]`: "\n```", or
/// the block's own closing line if longer — unless that line would take more than a quarter
/// of a chunk (then a rare empty block beats wasting the room).
fn fence_close(lines: &[&str], i: usize, max_bytes: usize) -> usize {
    let own = lines[i + 1..].iter().find(|l| is_fence(l)).map_or(0, |l| l.len());
    let minimum = FENCE.len() + 1;
    if own > minimum && own <= max_bytes / 4 {
        own
    } else {
        minimum
    }
}

fn units(content: &str, structure: Structure, max_bytes: usize) -> Vec<Unit<'_>> {
    let lines: Vec<&str> = content.split_inclusive('\n').collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut open = Open::None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let bare = line.trim_end_matches(['\n', '\r']);
        if structure == Structure::Lines {
            out.push(Unit { text: line, after: Open::None, opens: false });
            i += 1;
            continue;
        }
        match &open {
            Open::Fence { .. } if is_fence(line) => open = Open::None,
            Open::Fence { .. } => {}
            _ if is_fence(line) => {
                open = Open::Fence { line: bare.to_owned(), close: fence_close(&lines, i, max_bytes) };
                out.push(Unit { text: line, after: open.clone(), opens: true });
                i += 1;
                continue;
            }
            Open::Table(_) if is_table_row(line) => {}
            _ => {
                open = Open::None;
                let head_ends = line.ends_with('\n');
                if is_table_row(line)
                    && head_ends
                    && lines.get(i + 1).is_some_and(|next| next.ends_with('\n') && is_table_separator(next))
                {
                    let end = line.len() + lines[i + 1].len();
                    let start = line.as_ptr() as usize - content.as_ptr() as usize;
                    let text = &content[start..start + end];
                    open = Open::Table(text.to_owned());
                    out.push(Unit { text, after: open.clone(), opens: true });
                    i += 2;
                    continue;
                }
            }
        }
        out.push(Unit { text: line, after: open.clone(), opens: false });
        i += 1;
    }
    out
}

/// One chunk as the splitter built it: what it repeated at the top (page marker, table header
/// or reopened fence line), the input's own bytes, and what it added at the bottom (a closing
/// fence). Concatenating every `body` gives back the input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Piece {
    /// Added at the top.
    pub before: String,
    /// A slice of the input.
    pub body: String,
    /// Added at the bottom.
    pub after: String,
}

impl Piece {
    fn len(&self) -> usize {
        self.before.len() + self.body.len()
    }

    fn is_empty(&self) -> bool {
        self.before.is_empty() && self.body.is_empty()
    }

    /// The chunk's text.
    pub fn text(&self) -> String {
        format!("{}{}{}", self.before, self.body, self.after)
    }
}

/// Splits like [`split`], returning each chunk's parts (see [`Piece`]).
pub fn split_pieces(content: &str, options: SplitOptions) -> Vec<Piece> {
    let max = options.max_bytes.max(4); // room for at least one character
    let pieces = split_structured(content, max, options.structure);
    if !options.page_markers || pieces.len() < 2 {
        return pieces;
    }
    // Reserve room for the marker and split again until the count (and so the marker's
    // width) is stable; a limit too small for markers leaves the chunks unmarked.
    let mut n = pieces.len();
    loop {
        let reserve = marker(n, n).len();
        if max < reserve + 8 {
            return pieces;
        }
        let mut again = split_structured(content, max - reserve, options.structure);
        if marker(again.len(), again.len()).len() <= reserve {
            let total = again.len();
            for (i, p) in again.iter_mut().enumerate() {
                p.before.insert_str(0, &marker(i + 1, total));
            }
            return again;
        }
        n = again.len();
    }
}

fn split_structured(content: &str, max_bytes: usize, structure: Structure) -> Vec<Piece> {
    let mut chunks: Vec<Piece> = Vec::new();
    let mut cur = Piece::default();
    let mut open = Open::None; // what is open before the next unit
    let mut opener_at: Option<usize> = None; // where the last unit starts in `cur.body`, if it opened something

    for unit in units(content, structure, max_bytes) {
        let line = unit.text;
        let fits = |cur: &Piece| cur.len() + line.len() + unit.after.reserve() <= max_bytes;
        if fits(&cur) {
            opener_at = unit.opens.then_some(cur.body.len());
            cur.body.push_str(line);
            open = unit.after;
            continue;
        }
        // Does the unit continue what is open (a line of the code block, a row of the table)?
        // Only then is that repeated at the top of the next chunk: a line that ends a table
        // (a fence, a paragraph) starts the next chunk without the table's header.
        let carried = match &open {
            Open::Fence { .. } => open.clone(),
            Open::Table(_) if !unit.opens && unit.after == open => open.clone(),
            _ => Open::None,
        };
        let reopen = carried.reopen();
        if carried != Open::None && max_bytes < reopen.len() + carried.reserve() + 4 {
            // A limit too small for the repair to leave room for content.
            return split_structured(content, max_bytes, Structure::Lines);
        }
        // Close the current chunk, unless it holds only structure (a repeated header or fence
        // line, or a unit that opened what this unit continues): closing it would leave an
        // empty code block or a bare header, so the unit is cut into it instead.
        let only_structure = cur.body.is_empty() || (opener_at == Some(0) && carried != Open::None);
        if !cur.is_empty() && !only_structure {
            if let Some(at) = opener_at.take().filter(|&at| at > 0 && carried != Open::None) {
                // The chunk would end with what its last unit opened, empty: move it on.
                let opener = cur.body.split_off(at);
                finish(&mut chunks, &mut cur, &Open::None);
                cur.body = opener;
            } else {
                finish(&mut chunks, &mut cur, &open);
                cur.before = reopen;
            }
        }
        if fits(&cur) {
            opener_at = unit.opens.then_some(cur.body.len());
            cur.body.push_str(line);
            open = unit.after;
            continue;
        }
        // The unit alone is too long: cut it at character boundaries, never in a mention.
        opener_at = None;
        let inside = if carried != Open::None { carried } else { unit.after.clone() };
        // The last piece ends in what the unit leaves open (a fence line cut inside a table
        // opens a block whose close needs room), the others in `inside`: keep room for both.
        let reserve = inside.reserve().max(unit.after.reserve());
        let mut rest = line;
        while !rest.is_empty() {
            let room = max_bytes.saturating_sub(cur.len() + reserve);
            let piece = cut(rest, room);
            let piece = if structure == Structure::Lines { piece } else { no_fence_after(rest, piece) };
            if piece.is_empty() {
                if cur.body.is_empty() {
                    // Not even one character fits after the repeated structure.
                    return split_structured(content, max_bytes, Structure::Lines);
                }
                finish(&mut chunks, &mut cur, &inside);
                cur.before = inside.reopen();
                continue;
            }
            cur.body.push_str(piece);
            rest = &rest[piece.len()..];
            if !rest.is_empty() {
                finish(&mut chunks, &mut cur, &inside);
                cur.before = inside.reopen();
            }
        }
        open = unit.after;
    }
    if !cur.body.is_empty() {
        finish(&mut chunks, &mut cur, &open);
    }
    chunks
}

/// The longest prefix of `s` within `room` bytes that ends on a character boundary and not
/// inside a `<@userid>` (unless the mention alone is longer than `room`).
fn cut(s: &str, room: usize) -> &str {
    let piece = truncate_to_bytes(s, room);
    if piece.len() == s.len() {
        return piece;
    }
    // A `<@` in the piece whose `>` is not in it: cut before it, if that leaves something.
    if let Some(at) = piece.rfind("<@") {
        if !piece[at..].contains('>') && at > 0 {
            return &piece[..at];
        }
    }
    // The piece may end right after `<` of a mention that starts at the cut.
    if piece.ends_with('<') && s[piece.len()..].starts_with('@') && piece.len() > 1 {
        return &piece[..piece.len() - 1];
    }
    piece
}

/// `piece` (a prefix of `s`), shortened by whole characters (keeping at least one) until the rest
/// of `s` does not start with a fence: the rest starts the next chunk's line, where "```" would
/// open or close a code block the input does not have there.
fn no_fence_after<'a>(s: &'a str, mut piece: &'a str) -> &'a str {
    while is_fence(&s[piece.len()..]) {
        match piece.char_indices().last() {
            Some((at, _)) if at > 0 => piece = &piece[..at],
            _ => break,
        }
    }
    piece
}

fn finish(chunks: &mut Vec<Piece>, cur: &mut Piece, open: &Open) {
    if let Open::Fence { .. } = open {
        let ends_in_newline = if cur.body.is_empty() { cur.before.ends_with('\n') } else { cur.body.ends_with('\n') };
        if !ends_in_newline {
            cur.after.push('\n');
        }
        cur.after.push_str(FENCE);
    }
    chunks.push(std::mem::take(cur));
}
