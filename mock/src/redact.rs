//! Keeping webhook keys out of logs.

/// Shows a webhook key the way logs may show it: the first 4 and last 4 characters at most
/// (`693a…5aaa`), or `…` alone for a key of 8 characters or fewer.
pub fn redact_key(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 8 {
        return "…".to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts() {
        assert_eq!(redact_key("693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"), "693a…5aaa");
        assert_eq!(redact_key("short"), "…");
    }
}
