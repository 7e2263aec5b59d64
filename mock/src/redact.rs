//! Keeping webhook keys out of logs: the mock shows a key the way the library does, with the
//! core's one masking rule (`693a…5aaa`, or `…` for a key too short to abbreviate safely).

pub use wecom_bot::secret::mask as redact_key;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts() {
        assert_eq!(redact_key("693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"), "693a…5aaa");
        assert_eq!(redact_key("short"), "…");
        assert_eq!(redact_key("0123456789abcde"), "…");
    }
}
