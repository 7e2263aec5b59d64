//! The wecom-bot command (work in progress).
fn main() {}
