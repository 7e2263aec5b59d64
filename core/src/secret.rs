//! The webhook key is a secret (DESIGN.md §3). This module holds the one rule for showing a key
//! ([`mask`]) and the process-wide list of keys that every error is scrubbed of.
//!
//! Every [`Webhook`](crate::Webhook) registers its key when it is made. From then on no
//! [`Error`](crate::Error) made in this process can hold that key: its constructors pass every
//! text they store (message, field, errmsg, path) through here. So no entry point of the
//! client, and no binding, has to remember to redact: an error cannot carry the key in the
//! first place. The CLI registers the keys it is given the same way and redacts its output
//! with [`redact`]; the mock shows keys with [`mask`].
//!
//! The list only grows (one entry per distinct key, a few dozen bytes each): a key seen once
//! stays a secret for the life of the process, whatever still holds it in a path or a log.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::RwLock;

/// The shortest key shown abbreviated: first 4 and last 4 characters, so at least half of it
/// stays hidden. A shorter key is shown as `…` alone. Real keys have 36 characters.
pub const MIN_ABBREVIATED_CHARS: usize = 16;

/// The keys registered so far, longest first (a key that contains another is replaced first).
static KEYS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// How a key may be shown: `693a…5aaa` (first 4, last 4) for a key of at least
/// [`MIN_ABBREVIATED_CHARS`] characters, else `…`.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < MIN_ABBREVIATED_CHARS {
        return "…".to_owned();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// Makes `key` a secret of this process: every error made from now on, and every text passed
/// to [`redact`], shows it masked. Empty keys are ignored.
pub fn register(key: &str) {
    if key.is_empty() || keys().iter().any(|k| k == key) {
        return;
    }
    let mut list = KEYS.write().unwrap_or_else(|p| p.into_inner());
    if !list.iter().any(|k| k == key) {
        list.push(key.to_owned());
        list.sort_by_key(|k| std::cmp::Reverse(k.len()));
    }
}

fn keys() -> std::sync::RwLockReadGuard<'static, Vec<String>> {
    KEYS.read().unwrap_or_else(|p| p.into_inner())
}

/// `text` with every registered key replaced by its [`mask`].
pub fn redact(text: &str) -> Cow<'_, str> {
    let list = keys();
    let mut out = Cow::Borrowed(text);
    for key in list.iter() {
        if out.contains(key.as_str()) {
            out = Cow::Owned(out.replace(key.as_str(), &mask(key)));
        }
    }
    out
}

/// [`redact`] of an owned string (what error constructors store).
pub(crate) fn scrub(text: String) -> String {
    match redact(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

/// A path with every registered key inside it masked (a file named after the key, a directory
/// per robot …). Non-UTF-8 paths are scrubbed byte-wise on Unix, so the key cannot hide behind
/// an invalid byte elsewhere in the path.
pub(crate) fn scrub_path(path: PathBuf) -> PathBuf {
    if let Some(text) = path.to_str() {
        return match redact(text) {
            Cow::Borrowed(_) => path,
            Cow::Owned(clean) => PathBuf::from(clean),
        };
    }
    scrub_non_utf8(path)
}

#[cfg(unix)]
fn scrub_non_utf8(path: PathBuf) -> PathBuf {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let mut bytes = path.into_os_string().into_vec();
    for key in keys().iter() {
        bytes = replace_bytes(&bytes, key.as_bytes(), mask(key).as_bytes());
    }
    PathBuf::from(std::ffi::OsStr::from_bytes(&bytes))
}

#[cfg(not(unix))]
fn scrub_non_utf8(path: PathBuf) -> PathBuf {
    // Elsewhere a path that is not Unicode cannot be edited in place: show it lossily if that
    // is what it takes to hide a key.
    let lossy = path.to_string_lossy().into_owned();
    match redact(&lossy) {
        Cow::Borrowed(_) => path,
        Cow::Owned(clean) => PathBuf::from(clean),
    }
}

#[cfg(unix)]
fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if !needle.is_empty() && haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_threshold_for_every_key() {
        assert_eq!(mask("693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"), "693a…5aaa");
        assert_eq!(mask("0123456789abcdef"), "0123…cdef", "16 characters: 8 shown, 8 hidden");
        assert_eq!(mask("0123456789abcde"), "…", "15 characters would show more than half");
        assert_eq!(mask("short"), "…");
        assert_eq!(mask(""), "…");
        assert_eq!(mask("密钥密钥密钥密钥密钥密钥密钥密钥"), "密钥密钥…密钥密钥", "characters, not bytes");
    }

    #[test]
    fn registered_keys_are_redacted_whatever_their_length() {
        register("SecretModuleKey-0123456789");
        register("tiny7");
        let text = redact("a SecretModuleKey-0123456789 b tiny7 c");
        assert_eq!(text, "a Secr…6789 b … c");
        assert!(matches!(redact("nothing here"), Cow::Borrowed(_)));
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_paths_are_scrubbed_bytewise() {
        use std::os::unix::ffi::OsStrExt;
        register("PathSecretKey-abcdefghijkl");
        let raw = b"/tmp/\xff/PathSecretKey-abcdefghijkl.png";
        let clean = scrub_path(PathBuf::from(std::ffi::OsStr::from_bytes(raw)));
        let bytes = clean.as_os_str().as_bytes();
        assert!(!bytes.windows(26).any(|w| w == b"PathSecretKey-abcdefghijkl"), "{clean:?}");
        assert!(bytes.ends_with("Path…ijkl.png".as_bytes()), "{clean:?}");
    }
}
