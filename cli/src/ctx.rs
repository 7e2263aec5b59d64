//! What a command runs with: the environment, standard input, output and error. The binary
//! passes the process's own; the demo passes its own (a made-up key, the mock's URL, buffers).

use std::io::{Read, Write};

use crate::exit::Failure;

/// The environment of one command.
pub struct Ctx<'a> {
    /// Looks up an environment variable.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// Standard input.
    pub stdin: &'a mut dyn Read,
    /// Standard output: results only (JSON of --dry-run, media ids).
    pub out: &'a mut dyn Write,
    /// Standard error: notes; every line redacted.
    pub err: &'a mut dyn Write,
}

impl Ctx<'_> {
    /// An environment variable, when set and not empty.
    pub fn var(&self, name: &str) -> Option<String> {
        (self.env)(name).filter(|v| !v.trim().is_empty())
    }

    /// Writes one line to standard output (control characters escaped: see [`crate::escape`]).
    pub fn println(&mut self, line: &str) -> Result<(), Failure> {
        writeln!(self.out, "{}", crate::escape::controls_but_newlines(line))
            .and_then(|()| self.out.flush())
            .map_err(Failure::Output)
    }

    /// Writes one note to standard error (redacted, control characters escaped; a failing
    /// stderr is ignored).
    pub fn note(&mut self, line: &str) {
        let _ = writeln!(self.err, "{}", crate::escape::controls(&crate::secret::redact(line)));
    }
}
