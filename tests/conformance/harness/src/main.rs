//! Conformance harness (work in progress).
fn main() {}
