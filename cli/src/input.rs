//! Reading message content and files from arguments or standard input (`-`), every read
//! through the core's bounded reader ([`wecom_bot::input`]): nothing past its limit is read,
//! and an input over it is refused, never cut.

use std::path::Path;

use wecom_bot::input as bounded;
use wecom_bot::media::{self, MediaKind};
use wecom_bot::{Error, Rule};

use crate::ctx::Ctx;
use crate::exit::Failure;

/// The most text read from standard input: 1 MiB is 512 text messages with `--split`
/// (≈ 26 minutes of one robot's quota); more is refused, not cut.
pub const STDIN_TEXT_MAX_BYTES: u64 = 1 << 20;

/// Reads standard input whole, refusing more than `limit` bytes with `too_large(size)`.
fn read_stdin(ctx: &mut Ctx, limit: u64, too_large: impl FnOnce(u64) -> Error) -> Result<Vec<u8>, Failure> {
    let read = bounded::read_limited(&mut *ctx.stdin, limit).map_err(|e| Error::io("<standard input>", &e))?;
    Ok(read.or_else(too_large)?)
}

/// The error for an input over a limit that is the CLI's, not the spec's.
fn over(what: &'static str, field: &'static str, limit: u64) -> impl FnOnce(u64) -> Error {
    move |_| {
        Error::validation(
            field,
            Rule::MaxBytes,
            format!("{what} is more than {limit} bytes, the most read; nothing was sent"),
        )
        .with_limit(limit)
    }
}

/// `arg` itself, or standard input for `-` (at most [`STDIN_TEXT_MAX_BYTES`], UTF-8, trailing
/// newlines dropped as a shell's `$(…)` would).
pub fn text(arg: &str, ctx: &mut Ctx) -> Result<String, Failure> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let bytes = read_stdin(ctx, STDIN_TEXT_MAX_BYTES, over("standard input", "stdin", STDIN_TEXT_MAX_BYTES))?;
    let mut text = utf8(bytes, "stdin", "standard input")?;
    let keep = text.trim_end_matches(['\n', '\r']).len();
    text.truncate(keep);
    Ok(text)
}

fn utf8(bytes: Vec<u8>, argument: &str, what: &str) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid_argument(
            argument,
            format!("{what} is not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        )
        .into()
    })
}

/// A message's wire JSON from FILE or `-`, at most [`bounded::MESSAGE_JSON_MAX_BYTES`].
pub fn message_json(arg: &str, ctx: &mut Ctx) -> Result<String, Failure> {
    let limit = bounded::MESSAGE_JSON_MAX_BYTES;
    let too_large = over("the message JSON", "json", limit);
    let bytes = if arg == "-" {
        read_stdin(ctx, limit, too_large)?
    } else {
        bounded::read_file(Path::new(arg), limit)?.or_else(too_large)?
    };
    utf8(bytes, "json", "the message JSON")
}

/// An image's raw bytes from standard input (at most 2 MiB; more is refused by the size rule).
pub fn image_stdin(ctx: &mut Ctx) -> Result<wecom_bot::Image, Failure> {
    Ok(wecom_bot::Image::from_reader(&mut *ctx.stdin)?)
}

/// Where an upload's bytes come from.
pub enum Source {
    /// A file on disk (streamed by the client).
    Path(String),
    /// Bytes read from standard input, with the display name.
    Bytes(Vec<u8>, String),
}

/// `PATH` or `-` (standard input, which needs a `--filename`). Bytes are read only up to the
/// kind's size limit; a larger input is refused by the size rule.
pub fn source(arg: &str, filename: Option<&str>, kind: MediaKind, ctx: &mut Ctx) -> Result<Source, Failure> {
    if arg == "-" {
        let name = filename
            .ok_or_else(|| Failure::Usage("reading an upload from standard input (-) needs --filename NAME".into()))?;
        let bytes = read_stdin(ctx, kind.max_bytes(), |len| media::upload_too_large(kind, len))?;
        return Ok(Source::Bytes(bytes, name.to_string()));
    }
    match filename {
        None => Ok(Source::Path(arg.to_string())),
        // A display name other than the file's own: send the bytes under that name.
        Some(name) => Ok(Source::Bytes(media::read_upload(kind, Path::new(arg))?, name.to_string())),
    }
}
