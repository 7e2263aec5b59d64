//! The webhook key is a secret: every line the command writes to standard error passes
//! through [`redact`], which replaces every key it was given (on the command line or in the
//! environment) with its masked form (`693a…5aaa`). The keys and the masking rule are the
//! core's ([`wecom_bot::secret`]), so the library's errors and these lines agree; this is the
//! second line of defence (e.g. for an HTTP library's own logs).

use std::ffi::OsString;

use wecom_bot::Webhook;

/// Registers a `--key`/`--webhook` value or an environment variable's value as secret: the
/// key itself (parsed from a URL when it is one), or else the raw value.
pub fn register(value: &str) {
    let value = value.trim();
    // A valid key or webhook URL registers its key as it is parsed.
    if Webhook::parse(value).is_ok() {
        return;
    }
    match value.find("key=") {
        Some(i) => wecom_bot::secret::register(value[i + 4..].split(['&', '#', ' ']).next().unwrap_or("")),
        None => wecom_bot::secret::register(value),
    }
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
    wecom_bot::secret::redact(text).into_owned()
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
        // The core's one rule: a key too short to abbreviate safely is shown as `…`, and a
        // value that is no valid key is still a secret.
        register("short");
        assert_eq!(redact("a short b"), "a … b");
        register("not a key!");
        assert_eq!(redact("[not a key!]"), "[…]");
    }
}
