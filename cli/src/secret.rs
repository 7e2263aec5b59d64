//! The webhook key is a secret: every line the command writes to standard error passes
//! through [`redact`], which replaces every key it was given (on the command line or in the
//! environment) with its masked form (`693a…5aaa`). The library never puts the key in its
//! errors or logs; this is the second line of defence (e.g. for an HTTP library's own logs).

use std::ffi::OsString;
use std::sync::{Mutex, OnceLock};

use wecom_bot::webhook::mask;
use wecom_bot::Webhook;

/// Shorter values are not blindly replaced in output (they would mangle ordinary words);
/// real keys are 36 characters.
const MIN_SECRET_LEN: usize = 8;

fn secrets() -> &'static Mutex<Vec<String>> {
    static SECRETS: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    SECRETS.get_or_init(Mutex::default)
}

/// Registers a `--key`/`--webhook` value or an environment variable's value as secret: the
/// key itself (parsed from a URL when it is one), and the raw value.
pub fn register(value: &str) {
    let mut found = vec![value.trim().to_string()];
    if let Ok(w) = Webhook::parse(value) {
        found.push(w.expose_key().to_string());
    } else if let Some(i) = value.find("key=") {
        let rest = &value[i + 4..];
        found.push(rest.split(['&', '#', ' ']).next().unwrap_or("").to_string());
    }
    let mut list = secrets().lock().unwrap_or_else(|p| p.into_inner());
    for s in found {
        if s.len() >= MIN_SECRET_LEN && !list.contains(&s) {
            list.push(s);
        }
    }
    // Longest first, so that a URL is replaced before the key inside it.
    list.sort_by_key(|s| std::cmp::Reverse(s.len()));
}

/// Registers the values of `--key`/`--webhook` (both `--key V` and `--key=V` forms) in raw
/// command-line arguments, before they are parsed, so that even a usage error cannot echo them.
pub fn register_from_args(args: &[OsString]) {
    let mut take_next = false;
    for arg in args {
        let Some(arg) = arg.to_str() else {
            take_next = false;
            continue;
        };
        if take_next {
            register(arg);
            take_next = false;
        } else if arg == "--key" || arg == "--webhook" {
            take_next = true;
        } else if let Some(v) = arg.strip_prefix("--key=").or_else(|| arg.strip_prefix("--webhook=")) {
            register(v);
        }
    }
}

/// `text` with every registered secret replaced by its masked form.
pub fn redact(text: &str) -> String {
    let list = secrets().lock().unwrap_or_else(|p| p.into_inner());
    let mut out = text.to_string();
    for s in list.iter() {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), &mask(s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_keys_and_urls() {
        register("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=RedactMeKey0123456789");
        register_from_args(&[
            "x".into(),
            "--key=AnotherSecretKey42".into(),
            "--key".into(),
            "ThirdSecretKeyZZZ".into(),
        ]);
        let line = redact("a RedactMeKey0123456789 b AnotherSecretKey42 c ThirdSecretKeyZZZ");
        assert!(!line.contains("RedactMeKey0123456789"));
        assert!(!line.contains("AnotherSecretKey42"));
        assert!(!line.contains("ThirdSecretKeyZZZ"));
        assert!(line.contains("Reda…6789"), "{line}");
        register("short");
        assert_eq!(redact("short"), "short");
    }
}
