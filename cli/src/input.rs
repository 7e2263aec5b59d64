//! Reading message content and files from arguments or standard input (`-`).

use std::io::Read;

use wecom_bot::Error;

use crate::ctx::Ctx;
use crate::exit::Failure;

/// The most read from standard input (more than any message or upload may be; a larger
/// input is reported by the size rule it breaks).
const STDIN_MAX_BYTES: u64 = 64 << 20;

/// Reads standard input whole (at most [`STDIN_MAX_BYTES`] + 1).
pub fn read_stdin(ctx: &mut Ctx) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    ctx.stdin.take(STDIN_MAX_BYTES + 1).read_to_end(&mut buf).map_err(|e| Error::io("<standard input>", &e))?;
    Ok(buf)
}

/// `arg` itself, or standard input for `-` (UTF-8, trailing newlines dropped as a shell's
/// `$(…)` would).
pub fn text(arg: &str, ctx: &mut Ctx) -> Result<String, Failure> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let bytes = read_stdin(ctx)?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        Error::invalid_argument(
            "stdin",
            format!("standard input is not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    let keep = text.trim_end_matches(['\n', '\r']).len();
    text.truncate(keep);
    Ok(text)
}

/// Where an upload's bytes come from.
pub enum Source {
    /// A file on disk (streamed by the client).
    Path(String),
    /// Bytes read from standard input, with the display name.
    Bytes(Vec<u8>, String),
}

/// `PATH` or `-` (standard input, which needs a `--filename`).
pub fn source(arg: &str, filename: Option<&str>, ctx: &mut Ctx) -> Result<Source, Failure> {
    if arg == "-" {
        let name = filename
            .ok_or_else(|| Failure::Usage("reading an upload from standard input (-) needs --filename NAME".into()))?;
        return Ok(Source::Bytes(read_stdin(ctx)?, name.to_string()));
    }
    match filename {
        None => Ok(Source::Path(arg.to_string())),
        // A display name other than the file's own: send the bytes under that name.
        Some(name) => {
            let bytes = std::fs::read(arg).map_err(|e| Error::io(arg, &e))?;
            Ok(Source::Bytes(bytes, name.to_string()))
        }
    }
}
