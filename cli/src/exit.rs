//! Exit codes and the one-line error report.
//!
//! [`EXIT_CODES`] is THE table of exit codes per error kind; `docs/cli.md` shows the same
//! table and a test checks that the two agree.

use std::fmt;
use std::process::ExitCode;

use wecom_bot::ErrorKind;

/// Success.
pub const EXIT_OK: u8 = 0;
/// A failure that is none of the error kinds (e.g. an error kind added to the library later).
pub const EXIT_OTHER: u8 = 1;
/// A usage error: unknown option, missing argument, bad option value (clap's own code).
pub const EXIT_USAGE: u8 = 2;

/// The exit code of each error kind, one distinct code per kind, in `ErrorKind::ALL` order.
pub const EXIT_CODES: [(ErrorKind, u8); 10] = [
    (ErrorKind::Validation, 10),
    (ErrorKind::Api, 11),
    (ErrorKind::RateLimited, 12),
    (ErrorKind::HttpStatus, 13),
    (ErrorKind::Timeout, 14),
    (ErrorKind::Transport, 15),
    (ErrorKind::Decode, 16),
    (ErrorKind::Io, 17),
    (ErrorKind::InvalidArgument, 18),
    (ErrorKind::Store, 19),
];

/// The exit code for an error kind.
pub fn exit_code(kind: ErrorKind) -> u8 {
    EXIT_CODES.iter().find(|(k, _)| *k == kind).map_or(EXIT_OTHER, |(_, code)| *code)
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// An error of the library (or one the CLI raised with a library kind).
    Error(wecom_bot::Error),
    /// A usage error found after parsing (exit code 2), e.g. a flag that does not apply.
    Usage(String),
    /// Standard output could not be written (e.g. a closed pipe); exit code of `io`.
    Output(std::io::Error),
    /// A failure of the library after `sent` of `total` split messages were delivered.
    Partial {
        /// The error.
        error: wecom_bot::Error,
        /// Messages delivered before it.
        sent: usize,
        /// Messages in all.
        total: usize,
    },
}

impl From<wecom_bot::Error> for Failure {
    fn from(e: wecom_bot::Error) -> Failure {
        Failure::Error(e)
    }
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Error(e) | Failure::Partial { error: e, .. } => exit_code(e.kind()),
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Output(_) => exit_code(ErrorKind::Io),
        }
    }

    /// The exit code as an [`ExitCode`].
    pub fn to_exit(&self) -> ExitCode {
        ExitCode::from(self.exit_code())
    }
}

impl fmt::Display for Failure {
    /// One line: `error: KIND: MESSAGE`, naming the field (and for byte limits, offering `--split`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(msg) => write!(f, "error: usage: {}", one_line(msg)),
            Failure::Error(e) => write!(f, "error: {}", describe(e)),
            Failure::Output(e) => write!(f, "error: {}: cannot write standard output: {e}", ErrorKind::Io),
            Failure::Partial { error, sent, total } => {
                write!(f, "error: {} ({sent} of {total} messages were sent before this failure)", describe(error))
            }
        }
    }
}

/// `KIND: MESSAGE`, with the field appended when the message does not name it.
fn describe(e: &wecom_bot::Error) -> String {
    let mut line = format!("{}: {}", e.kind(), one_line(e.message()));
    if let Some(field) = e.field().filter(|f| !f.is_empty() && !e.message().contains(*f)) {
        line.push_str(&format!(" (field {field})"));
    }
    if e.kind() == ErrorKind::Validation
        && e.rule() == Some(wecom_bot::Rule::MaxBytes)
        && e.field().is_some_and(|f| f.ends_with(".content"))
    {
        line.push_str("; --split sends it as several messages");
    }
    if matches!(e.kind(), ErrorKind::Transport | ErrorKind::Timeout | ErrorKind::HttpStatus | ErrorKind::Decode) {
        if let Some(host) = crate::conn::host() {
            line.push_str(&format!(" (host {host})"));
        }
    }
    if e.may_have_been_delivered() {
        line.push_str(
            "; the request went out but no answer came back, so the message may have been delivered: \
             check the chat before sending it again",
        );
    }
    line
}

/// Newlines and tabs folded into spaces, so that an error is always one line; any other
/// control character (from the server's text) escaped.
pub fn one_line(s: &str) -> String {
    let line = s.split(['\n', '\r', '\t']).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
    crate::escape::controls(&line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_kind_has_a_distinct_code() {
        let codes: HashSet<u8> = EXIT_CODES.iter().map(|(_, c)| *c).collect();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        for (i, kind) in ErrorKind::ALL.into_iter().enumerate() {
            assert_eq!(EXIT_CODES[i].0, kind, "EXIT_CODES follows ErrorKind::ALL");
            let code = exit_code(kind);
            assert!(![EXIT_OK, EXIT_OTHER, EXIT_USAGE].contains(&code));
        }
    }

    /// docs/cli.md carries the same table: `| 10 | validation | … |` rows.
    #[test]
    fn docs_table_matches() {
        let doc = include_str!("../../docs/cli.md");
        let mut rows = Vec::new();
        for line in doc.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() > 3 {
                if let Ok(code) = cells[1].parse::<u8>() {
                    rows.push((code, cells[2].trim_matches('`').to_string()));
                }
            }
        }
        let mut expected =
            vec![(EXIT_OK, "ok".to_string()), (EXIT_OTHER, "other".into()), (EXIT_USAGE, "usage".into())];
        expected.extend(EXIT_CODES.iter().map(|(k, c)| (*c, k.as_str().to_string())));
        assert_eq!(rows, expected, "the exit-code table in docs/cli.md must match EXIT_CODES");
    }

    #[test]
    fn messages_are_one_line_and_name_the_field() {
        let e = wecom_bot::Error::validation(
            "text.content",
            wecom_bot::Rule::MaxBytes,
            "text.content is 2051 bytes;\nthe limit is 2048",
        );
        let line = Failure::Error(e).to_string();
        assert_eq!(
            line,
            "error: validation: text.content is 2051 bytes; the limit is 2048; --split sends it as several messages"
        );
        let e = wecom_bot::Error::validation("news.articles", wecom_bot::Rule::MinItems, "needs one");
        assert_eq!(Failure::Error(e).to_string(), "error: validation: needs one (field news.articles)");
    }
}
