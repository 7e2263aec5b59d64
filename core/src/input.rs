//! The one bounded reader for local inputs (image files, uploads read into memory, message
//! JSON, standard input): whatever the caller names, nothing is read past `limit + 1` bytes,
//! and nothing that is not a regular file is read at all.
//!
//! Why each step: a path is opened once (no check-then-open race) and without blocking (a FIFO
//! would otherwise hang the open), then required to be a regular file (`/dev/zero`, a FIFO or
//! a directory are refused), then read through `take(limit + 1)` so that a file growing
//! while read, or lying about its size, is still refused instead of truncated.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// The largest message given as wire JSON (`send --json FILE`): every valid message is far
/// smaller (the largest, a 2 MiB image, is ≈ 2.8 MB of base64).
pub const MESSAGE_JSON_MAX_BYTES: u64 = 8 << 20;

/// What a bounded read found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bounded {
    /// The whole content: at most `limit` bytes.
    Bytes(Vec<u8>),
    /// The input is larger than `limit`: its size when known (a file's), else `limit + 1`.
    /// Nothing past `limit + 1` bytes was read.
    TooLarge(u64),
}

impl Bounded {
    /// The bytes, or `too_large(size)` as the error.
    pub fn or_else(self, too_large: impl FnOnce(u64) -> Error) -> Result<Vec<u8>> {
        match self {
            Bounded::Bytes(b) => Ok(b),
            Bounded::TooLarge(n) => Err(too_large(n)),
        }
    }
}

/// Reads at most `limit` bytes of a regular file; an `io` error (carrying the path) when it
/// cannot be opened, is not a regular file, or fails while read.
pub fn read_file(path: &Path, limit: u64) -> Result<Bounded> {
    let file = open_regular(path)?;
    let len = file.metadata().map_err(|e| Error::io(path, &e))?.len();
    if len > limit {
        // Refused from its size alone: not one byte read.
        return Ok(Bounded::TooLarge(len));
    }
    read_limited(file, limit).map_err(|e| Error::io(path, &e))
}

/// Reads at most `limit` bytes from a stream (standard input, a pipe).
pub fn read_limited(reader: impl Read, limit: u64) -> std::io::Result<Bounded> {
    let mut buf = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Ok(Bounded::TooLarge(buf.len() as u64));
    }
    Ok(Bounded::Bytes(buf))
}

/// Opens `path` once, without blocking, and requires a regular file.
pub fn open_regular(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Opening a FIFO for reading blocks until a writer comes; O_NONBLOCK makes it return
        // at once (it changes nothing for a regular file, which is all that is read).
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| Error::io(path, &e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, &e))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a directory" } else { "not a regular file" };
        return Err(Error::io(path, &std::io::Error::new(std::io::ErrorKind::InvalidInput, what)));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// A file holding `bytes` in a directory of its own, removed when the guard drops.
    fn temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::Builder::new().prefix("wecom-bot-input-").tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        (dir, p)
    }

    #[test]
    fn reads_up_to_the_limit_and_refuses_one_byte_more() {
        let (_dir, p) = temp("ten", b"0123456789");
        assert_eq!(read_file(&p, 10).unwrap(), Bounded::Bytes(b"0123456789".to_vec()));
        assert_eq!(read_file(&p, 9).unwrap(), Bounded::TooLarge(10));
        assert_eq!(read_limited(&b"0123456789"[..], 10).unwrap(), Bounded::Bytes(b"0123456789".to_vec()));
        assert_eq!(read_limited(&b"0123456789"[..], 9).unwrap(), Bounded::TooLarge(10));
        assert_eq!(read_limited(&b""[..], 0).unwrap(), Bounded::Bytes(Vec::new()));
    }

    #[test]
    fn an_endless_stream_is_read_only_to_the_limit() {
        // /dev/zero-like: never ends; take(limit + 1) stops it.
        assert_eq!(read_limited(std::io::repeat(0), 1000).unwrap(), Bounded::TooLarge(1001));
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_directories_are_refused_without_reading() {
        let e = read_file(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io);
        assert!(e.message().contains("not a regular file"), "{e}");
        let (_dir, dir) = temp("d", b"x");
        let e = read_file(dir.parent().unwrap(), 10).unwrap_err();
        assert!(e.message().contains("a directory"), "{e}");
        // A FIFO with no writer: opening it for reading would block forever without O_NONBLOCK.
        let fifo = dir.with_file_name("fifo");
        let _ = std::fs::remove_file(&fifo);
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        let e = read_file(&fifo, 10).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io);
        assert!(e.message().contains("not a regular file"), "{e}");
    }

    #[test]
    fn a_missing_file_is_an_io_error_with_its_path() {
        let e = read_file(Path::new("/nonexistent/wecom-bot/x.png"), 10).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io);
        assert_eq!(e.path(), Some(Path::new("/nonexistent/wecom-bot/x.png")));
    }
}
