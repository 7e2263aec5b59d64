//! `wecom_bot._native`: the Python binding of the `wecom-bot` core (PyO3, abi3).
//!
//! The pure-Python package `wecom_bot` (python/python/wecom_bot) re-exports everything here and
//! defines the exception classes, which this module raises through one table (`errors.rs`).

mod args;
mod bot;
mod cards;
mod convert;
mod errors;
mod helpers;
mod logging;
mod messages;
mod outbox;
mod parts;
mod source;

use pyo3::prelude::*;

/// The native half of the `wecom_bot` package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    logging::install();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("TEXT_CONTENT_MAX_BYTES", wecom_bot::limits::TEXT_CONTENT_MAX_BYTES)?;
    m.add("MARKDOWN_CONTENT_MAX_BYTES", wecom_bot::limits::MARKDOWN_CONTENT_MAX_BYTES)?;
    m.add_class::<bot::PyBot>()?;
    m.add_class::<bot::PyMedia>()?;
    m.add_class::<bot::PyRateLimit>()?;
    m.add_class::<outbox::PyOutbox>()?;
    m.add_class::<outbox::PyOutboxStatus>()?;
    m.add_class::<outbox::PyDeadLetter>()?;
    m.add_class::<outbox::PyRunReport>()?;
    m.add_class::<messages::PyText>()?;
    m.add_class::<messages::PyMarkdown>()?;
    m.add_class::<messages::PyMarkdownV2>()?;
    m.add_class::<messages::PyImage>()?;
    m.add_class::<messages::PyArticle>()?;
    m.add_class::<messages::PyNews>()?;
    m.add_class::<messages::PyFile>()?;
    m.add_class::<messages::PyVoice>()?;
    m.add_class::<cards::PyTextNoticeCard>()?;
    m.add_class::<cards::PyNewsNoticeCard>()?;
    m.add_class::<cards::PySource>()?;
    m.add_class::<cards::PyMainTitle>()?;
    m.add_class::<cards::PyEmphasisContent>()?;
    m.add_class::<cards::PyQuoteArea>()?;
    m.add_class::<cards::PyHorizontalContent>()?;
    m.add_class::<cards::PyJump>()?;
    m.add_class::<cards::PyCardAction>()?;
    m.add_class::<cards::PyCardImage>()?;
    m.add_class::<cards::PyImageTextArea>()?;
    m.add_class::<cards::PyVerticalContent>()?;
    m.add_function(wrap_pyfunction!(helpers::split_text, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::split_markdown, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::truncate_to_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::mention, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::font_color, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::markdown_table, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::split_markdown_v2, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::to_wecom_markdown, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::to_wecom_markdown_v2, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::to_plain_text, m)?)?;
    m.add_function(wrap_pyfunction!(helpers::validate_json, m)?)?;
    m.add_function(wrap_pyfunction!(errors::_error_classes, m)?)?;
    Ok(())
}
