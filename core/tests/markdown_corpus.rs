//! The Markdown corpus (tests/markdown-corpus/src: documents in the shapes CI tools, alerting,
//! release scripts and chat bots produce) converted to markdown (v1), markdown_v2 and plain
//! text. Golden files pin every output; set WECOM_UPDATE_GOLDEN=1 to rewrite them after an
//! intended change (and review the diff).
//!
//! Every output, once split for its message type, fits the type's limit; every markdown_v2
//! chunk that holds table rows starts that table with its header; code fences are balanced;
//! and no output carries syntax its target would show as garbage.

use std::path::{Path, PathBuf};
use wecom_bot::content::{split, SplitOptions, Structure};
use wecom_bot::{
    split_markdown, split_markdown_v2, split_text, to_plain_text, to_wecom_markdown, to_wecom_markdown_v2,
};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/markdown-corpus")
}

fn documents() -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = std::fs::read_dir(corpus().join("src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    docs.sort();
    docs
}

fn golden(name: &str, ext: &str, actual: &str, failures: &mut Vec<String>) {
    let path = corpus().join("golden").join(format!("{name}.{ext}"));
    if std::env::var_os("WECOM_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(_) => failures.push(format!("{} differs from the conversion", path.display())),
        Err(e) => failures.push(format!("{}: {e}", path.display())),
    }
}

fn is_row(line: &str) -> bool {
    !line.trim().is_empty() && line.contains('|')
}

fn is_separator(line: &str) -> bool {
    let t = line.trim().trim_matches('|');
    !t.is_empty()
        && t.split('|').all(|c| {
            let c = c.trim().trim_start_matches(':').trim_end_matches(':');
            !c.is_empty() && c.bytes().all(|b| b == b'-')
        })
}

/// Every table in a chunk starts with a header row followed by its separator row.
fn tables_start_with_headers(chunk: &str) -> Result<(), String> {
    let lines: Vec<&str> = chunk.lines().collect();
    let mut in_table = false;
    let mut in_fence = false;
    for (i, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if !is_row(line) {
            in_table = false;
            continue;
        }
        if !in_table {
            if !lines.get(i + 1).is_some_and(|n| is_separator(n)) {
                return Err(format!("line {i} {line:?} is a table row without a header"));
            }
            in_table = true;
        }
    }
    Ok(())
}

fn fences_balanced(chunk: &str) -> bool {
    chunk.lines().filter(|l| l.trim_start().starts_with("```")).count() % 2 == 0
}

fn has_html_tag(s: &str, allow_font: bool) -> Option<String> {
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        let tail = &rest[at + 1..];
        let name: String = tail.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let allowed = allow_font && name == "font";
        if !name.is_empty() && !allowed {
            return Some(tail.chars().take(30).collect());
        }
        rest = tail;
    }
    None
}

#[test]
fn the_corpus_converts_to_golden_outputs_that_split_cleanly() {
    let docs = documents();
    assert!(docs.len() >= 30, "the corpus has {} documents; it needs at least 30", docs.len());
    let mut failures = Vec::new();
    let mut split_tables = 0;
    for (name, source) in &docs {
        let v1 = to_wecom_markdown(source);
        let v2 = to_wecom_markdown_v2(source);
        let plain = to_plain_text(source);
        golden(name, "v1.md", &v1, &mut failures);
        golden(name, "v2.md", &v2, &mut failures);
        golden(name, "txt", &plain, &mut failures);

        // v1: no code blocks, tables, images or HTML other than <font>.
        if v1.contains("```") || v1.lines().any(is_separator) || v1.contains("![") {
            failures.push(format!("{name}: v1 output holds a code block, a table or an image"));
        }
        if let Some(tag) = has_html_tag(&v1, true) {
            failures.push(format!("{name}: v1 output holds HTML <{tag}"));
        }
        // v2 and plain: no HTML, no <@userid> (neither renders it).
        for (what, out) in [("v2", &v2), ("plain", &plain)] {
            if let Some(tag) = has_html_tag(out, false) {
                failures.push(format!("{name}: {what} output holds HTML <{tag}"));
            }
            if out.contains("<@") {
                failures.push(format!("{name}: {what} output holds a <@userid> mention"));
            }
        }
        // (A document may show `**` inside inline code, which plain text keeps as is.)
        let bold_in_code = source.contains("`**");
        if (plain.contains("**") && !bold_in_code) || plain.contains("```") || plain.contains("](") {
            failures.push(format!("{name}: plain output holds markdown syntax"));
        }

        for (what, chunks, limit) in [
            ("v1", split_markdown(&v1), 4096),
            ("v2", split_markdown_v2(&v2), 4096),
            ("plain", split_text(&plain), 2048),
            ("v2 paged", split(&v2, SplitOptions::new(4096, Structure::MarkdownV2).page_markers(true)), 4096),
        ] {
            for (i, c) in chunks.iter().enumerate() {
                if c.len() > limit {
                    failures.push(format!("{name}: {what} chunk {i} is {} bytes > {limit}", c.len()));
                }
                if what.starts_with("v2") {
                    if let Err(e) = tables_start_with_headers(c) {
                        failures.push(format!("{name}: {what} chunk {i}: {e}"));
                    }
                    if !fences_balanced(c) {
                        failures.push(format!("{name}: {what} chunk {i} has unbalanced fences"));
                    }
                    if i > 0 && c.lines().any(is_separator) && what == "v2" {
                        split_tables += 1;
                    }
                }
            }
        }
    }
    for f in &failures {
        println!("FAILED {f}");
    }
    assert!(failures.is_empty(), "{} corpus checks failed (see above)", failures.len());
    assert!(split_tables > 0, "no table was split across chunks: the corpus no longer exercises header repetition");
}
