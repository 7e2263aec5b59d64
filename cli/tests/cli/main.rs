//! Integration tests of the `wecom-bot` binary: the real executable, over real sockets,
//! against the in-process mock server. Every run checks that the distinctive key it was given
//! appears nowhere in standard output or standard error.

mod support;

mod demo_mock;
mod errors;
mod feedback;
mod hardening;
mod outbox;
mod quota;
mod send;
mod upload;
