//! markdown_v2 tables: a header row, a separator row that carries each column's alignment,
//! then the rows.

use crate::error::{Error, Result, Rule};

/// A column's alignment, written in the separator row as the spec's example does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Align {
    /// `---`
    #[default]
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

impl Align {
    /// The separator cell for this alignment.
    pub fn separator(self) -> &'static str {
        match self {
            Align::None => "---",
            Align::Left => ":---",
            Align::Center => ":---:",
            Align::Right => "---:",
        }
    }

    /// Parses `"none"`, `"left"`, `"center"` or `"right"` (what the bindings pass).
    pub fn parse(s: &str) -> Result<Align> {
        match s {
            "" | "none" => Ok(Align::None),
            "left" => Ok(Align::Left),
            "center" => Ok(Align::Center),
            "right" => Ok(Align::Right),
            other => Err(Error::validation(
                "markdown_table.align",
                Rule::AllowedValues,
                format!("markdown_table.align {other:?} is not one of none, left, center, right"),
            )),
        }
    }
}

/// A markdown_v2 table with every column unaligned (`---`); see [`markdown_table_aligned`].
pub fn markdown_table<S: AsRef<str>>(headers: &[S], rows: &[Vec<S>]) -> Result<String> {
    markdown_table_aligned(headers, rows, &[])
}

/// A markdown_v2 table: a header row, a separator row (`---`, `:---`, `:---:`, `---:` per
/// column; columns past the end of `aligns` are unaligned), then the rows. A `|` inside a cell
/// is escaped and line breaks become spaces, so a cell can never break the table. Rows shorter
/// than the header are padded with empty cells; longer rows are cut to its width. A table
/// without columns is an error (it would render as stray pipes).
pub fn markdown_table_aligned<S: AsRef<str>>(headers: &[S], rows: &[Vec<S>], aligns: &[Align]) -> Result<String> {
    table_rows(headers, rows, aligns, true)
}

/// [`markdown_table_aligned`]; with `pad` false, a row shorter than the header keeps only its
/// own cells (at least one), as CommonMark allows.
pub(super) fn table_rows<S: AsRef<str>>(headers: &[S], rows: &[Vec<S>], aligns: &[Align], pad: bool) -> Result<String> {
    if headers.is_empty() {
        return Err(Error::validation(
            "markdown_table.headers",
            Rule::Required,
            "markdown_table.headers is empty: a table needs at least one column",
        ));
    }
    let cell = |s: &str| s.replace('|', "\\|").replace("\r\n", " ").replace(['\n', '\r'], " ");
    let mut out = String::new();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = String>| {
        out.push('|');
        for c in cells {
            out.push(' ');
            out.push_str(&c);
            out.push_str(" |");
        }
        out.push('\n');
    };
    line(&mut out, &mut headers.iter().map(|h| cell(h.as_ref())));
    line(&mut out, &mut (0..headers.len()).map(|i| aligns.get(i).copied().unwrap_or_default().separator().to_owned()));
    for row in rows {
        let width = if pad { headers.len() } else { row.len().clamp(1, headers.len()) };
        line(&mut out, &mut (0..width).map(|i| row.get(i).map(|c| cell(c.as_ref())).unwrap_or_default()));
    }
    Ok(out)
}
