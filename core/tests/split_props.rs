//! Property tests (proptest) of structure-aware splitting: markdown_v2 documents made of
//! paragraphs, tables, code blocks and mentions, split at random limits.
//!
//! For every input and limit: every chunk is within the limit; removing each chunk's page
//! marker, repeated table header and reopened/closed fence lines and concatenating gives back
//! the input; no chunk cuts a UTF-8 character (they are `String`s), a `<@userid>` or a table
//! row; every chunk holding table rows starts that table with its header.
//!
//! The same documents split as markdown (v1), which has no code blocks and no tables: the
//! chunks concatenate to the input exactly (no fence or header added), each within the limit,
//! no mention cut.

use proptest::prelude::*;
use wecom_bot::content::{marker, split, split_pieces, Piece, SplitOptions, Structure};

#[derive(Debug, Clone)]
enum Block {
    Para(String),
    Table(Vec<String>, Vec<Vec<String>>),
    Code(String, Vec<String>),
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z]{1,8}", "[中文字€é]{1,4}", "[a-z]{1,6}".prop_map(|u| format!("<@{u}>")), Just("😀".to_owned()),]
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..12).prop_map(|w| w.join(" "))
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        sentence().prop_map(Block::Para),
        (1usize..4, 1usize..14).prop_flat_map(|(cols, rows)| {
            (
                prop::collection::vec("[a-z中]{1,6}", cols),
                prop::collection::vec(prop::collection::vec("[a-z0-9 中é]{0,12}", cols), rows),
            )
                .prop_map(|(h, r)| Block::Table(h, r))
        }),
        (prop_oneof![Just(""), Just("rust"), Just("sh")], prop::collection::vec("[a-z =();中]{0,30}", 1..20))
            .prop_map(|(info, lines)| Block::Code(info.to_owned(), lines)),
    ]
}

fn render(blocks: &[Block]) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut heads = Vec::new();
    for b in blocks {
        match b {
            Block::Para(s) => out.push_str(&format!("{s}\n\n")),
            Block::Table(h, rows) => {
                let head = format!("| {} |\n|{}|\n", h.join(" | "), vec![" --- "; h.len()].join("|"));
                out.push_str(&head);
                heads.push(head);
                for r in rows {
                    out.push_str(&format!("| {} |\n", r.join(" | ")));
                }
                out.push('\n');
            }
            Block::Code(info, lines) => {
                out.push_str(&format!("```{info}\n"));
                for l in lines {
                    out.push_str(&format!("{l}\n"));
                }
                out.push_str("```\n\n");
            }
        }
    }
    (out, heads)
}

fn is_row(line: &str) -> bool {
    !line.trim().is_empty() && line.contains('|')
}

fn check(doc: &str, heads: &[String], limit: usize, paged: bool) -> Result<(), TestCaseError> {
    let options = SplitOptions::new(limit, Structure::MarkdownV2).page_markers(paged);
    let pieces = split_pieces(doc, options);
    let chunks = split(doc, options);
    let n = pieces.len();
    prop_assert_eq!(pieces.iter().map(Piece::text).collect::<Vec<_>>(), chunks.clone());
    // Concatenating the chunks minus what was added gives back the input.
    prop_assert_eq!(pieces.iter().map(|p| p.body.as_str()).collect::<String>(), doc);
    for (i, (piece, chunk)) in pieces.iter().zip(&chunks).enumerate() {
        prop_assert!(chunk.len() <= limit, "chunk {i} is {} bytes > {limit}", chunk.len());
        prop_assert!(!piece.body.is_empty(), "chunk {i} holds nothing of the input");
        // What was added: the marker, then a table's header or a fence line of the input.
        let mut before = piece.before.as_str();
        if paged && n > 1 {
            let m = marker(i + 1, n);
            before = before.strip_prefix(m.as_str()).ok_or_else(|| TestCaseError::fail("no page marker"))?;
        }
        prop_assert!(
            before.is_empty()
                || heads.iter().any(|h| h == before)
                || (before.starts_with("```") && doc.lines().any(|l| format!("{l}\n") == before)),
            "chunk {i} starts with {before:?}, which is neither a header nor a fence line"
        );
        prop_assert!(["", "```", "\n```"].contains(&piece.after.as_str()), "chunk {i} ends with {:?}", piece.after);
        // No mention is cut: every "<@" in the chunk closes within it.
        for (at, _) in chunk.match_indices("<@") {
            prop_assert!(chunk[at..].contains('>'), "chunk {i} cuts a mention: {chunk:?}");
        }
        // No table row is cut, and every table in a chunk starts with its header.
        let lines: Vec<&str> = chunk.lines().collect();
        let mut in_fence = false;
        let mut in_table = false;
        for (k, line) in lines.iter().enumerate() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
                in_table = false;
                continue;
            }
            if in_fence || !is_row(line) {
                in_table = false;
                continue;
            }
            if !in_table {
                let next = lines.get(k + 1).copied().unwrap_or("");
                prop_assert!(next.contains("---"), "chunk {i}: table row {line:?} without its header: {chunk:?}");
                in_table = true;
            }
        }
        if !piece.body.ends_with('\n') && i + 1 < n {
            let last = piece.body.lines().last().unwrap_or("");
            prop_assert!(!is_row(last), "chunk {i} ends inside a table row: {last:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn markdown_v2_chunks_rebuild_the_input_and_keep_structure(
        blocks in prop::collection::vec(block(), 1..12),
        limit in 160usize..700,
        paged in any::<bool>(),
    ) {
        let (doc, heads) = render(&blocks);
        check(&doc, &heads, limit, paged)?;
    }

    #[test]
    fn markdown_v1_chunks_are_the_input_exactly(
        blocks in prop::collection::vec(block(), 1..12),
        limit in 16usize..700,
        copies in 1usize..40,
    ) {
        let (doc, _) = render(&blocks);
        let check = |doc: &str, chunks: &[String], limit: usize| -> Result<(), TestCaseError> {
            prop_assert_eq!(chunks.concat(), doc);
            for c in chunks {
                prop_assert!(!c.is_empty() && c.len() <= limit, "a chunk of {} bytes > {limit}", c.len());
                for (at, _) in c.match_indices("<@") {
                    prop_assert!(c[at..].contains('>'), "a cut mention in {c:?}");
                }
            }
            Ok(())
        };
        check(&doc, &split(&doc, SplitOptions::new(limit, Structure::Lines)), limit)?;
        // At the real limit, through the public helper: enough copies to need several chunks.
        let long = doc.repeat(copies);
        check(&long, &wecom_bot::split_markdown(&long), 4096)?;
    }

    #[test]
    fn text_chunks_never_cut_a_mention_or_a_character(
        words in prop::collection::vec(word(), 1..400),
        limit in 16usize..300,
    ) {
        let doc = words.join(" ");
        let chunks = split(&doc, SplitOptions::new(limit, Structure::Lines));
        prop_assert_eq!(chunks.concat(), doc.clone());
        for pair in chunks.windows(2) {
            prop_assert!(!(pair[0].ends_with('<') && pair[1].starts_with('@')), "a mention cut after its '<'");
        }
        for c in &chunks {
            prop_assert!(c.len() <= limit);
            for (at, _) in c.match_indices("<@") {
                prop_assert!(c[at..].contains('>'), "a cut mention in {c:?}");
            }

        }
    }
}

/// Found by fuzzing (fuzz/corpus/splitters): a code block's opening line right after a table's
/// header, with no room left for it. The header ends the chunk on its own (the fence ends the
/// table, so nothing is repeated) and the block starts the next chunk; before, the fence line
/// was cut into the header's chunk and the second chunk overflowed by the closing "```".
#[test]
fn a_fence_line_after_a_table_header_starts_the_next_chunk() {
    let head = "| 服务 | 状态 | 延迟 |\n| :--- | :---: | ---: |\n";
    let doc = format!("{head}```48 | ok | 236 ms |\n");
    assert_eq!(
        split(&doc, SplitOptions::new(64, Structure::MarkdownV2)),
        [head.to_owned(), "```48 | ok | 236 ms |\n```".to_owned()]
    );
    check(&doc, &[head.to_owned()], 64, false).unwrap();
    // A paragraph line that ends a table does not get the table's header either.
    let rows = "| a | b | c |\n".repeat(3);
    let doc = format!("{head}{rows}{}\n", "段落".repeat(3));
    let chunks = split(&doc, SplitOptions::new(head.len() + rows.len() + 4, Structure::MarkdownV2));
    assert_eq!(chunks, [format!("{head}{rows}"), format!("{}\n", "段落".repeat(3))]);
    check(&doc, &[head.to_owned()], head.len() + rows.len() + 4, false).unwrap();
}
