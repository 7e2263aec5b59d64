//! The Markdown converter's output grows at most linearly with its input: the hostile shapes
//! the fuzz target `markdown` looks for (fuzz/fuzz_targets/markdown.rs), each of which grew as
//! the square of the input before the converter bounded it.

use wecom_bot::{to_plain_text, to_wecom_markdown, to_wecom_markdown_v2};

/// Every conversion of `source`, each at most `factor` times its size.
fn assert_linear(source: &str, factor: usize) {
    for (name, out) in
        [("v1", to_wecom_markdown(source)), ("v2", to_wecom_markdown_v2(source)), ("plain", to_plain_text(source))]
    {
        assert!(
            out.len() <= factor * source.len(),
            "{name}: {} bytes from {} (more than {factor}x)",
            out.len(),
            source.len()
        );
    }
}

#[test]
fn deep_lists_with_lazy_lines_do_not_indent_every_line_at_every_level() {
    // 2,000 nested items, then 2,000 lazy continuation lines of the innermost paragraph: each
    // level used to indent each line (≈ 16 MB out of 12 KB).
    let source = format!("{}a\n{}", "- ".repeat(2000), "b\n".repeat(2000));
    assert_linear(&source, 16);
    let v1 = to_wecom_markdown(&source);
    assert!(v1.contains('a') && v1.matches('b').count() == 2000, "no text is lost");
}

#[test]
fn deep_quotes_with_lazy_lines_stay_linear_in_markdown_v2() {
    let source = format!("{}a\n{}", ">".repeat(3000), "b\n".repeat(3000));
    assert_linear(&source, 16);
    assert_eq!(to_wecom_markdown_v2(&source).matches('b').count(), 3000);
}

#[test]
fn mixed_quote_and_list_nesting_stays_linear() {
    let source = format!("{}a\n{}", "> 1. ".repeat(800), "b\n".repeat(3000));
    assert_linear(&source, 16);
}

#[test]
fn flattened_list_items_keep_their_words_apart() {
    // Items past the nesting limit become paragraphs of their own, never run together.
    let source = format!("{}x\n{}- one\n{}- two\n", "- ".repeat(40), "  ".repeat(40), "  ".repeat(40));
    for out in [to_wecom_markdown(&source), to_wecom_markdown_v2(&source), to_plain_text(&source)] {
        assert!(out.contains("one") && out.contains("two") && !out.contains("onetwo"), "{out}");
    }
}

#[test]
fn shallow_nesting_is_rendered_as_before() {
    assert_eq!(to_wecom_markdown_v2("- a\n  - b\n    - c"), "- a\n  - b\n    - c");
    assert_eq!(to_wecom_markdown("- a\n  - b"), "• a\n  ◦ b");
    assert_eq!(to_wecom_markdown_v2("> > a"), "> > a");
}

#[test]
fn a_long_header_is_not_repeated_whole_on_every_row() {
    // One 10 KB header over 2,000 one-cell rows: each row used to repeat it (20 MB).
    let header = "h".repeat(10_000);
    let source = format!("|{header}|\n|-|\n{}", "|x|\n".repeat(2_000));
    assert_linear(&source, 16);
    let plain = to_plain_text(&source);
    let first = plain.lines().next().unwrap();
    assert!(first.starts_with("• hhhh") && first.ends_with("…: x"), "{first}");
}

#[test]
fn short_headers_still_name_each_cell() {
    assert_eq!(to_plain_text("| name | state |\n|---|---|\n| api | up |"), "• name: api · state: up");
}

#[test]
fn a_wide_table_of_short_rows_is_not_padded_past_a_budget() {
    // 200 columns over 1,000 one-cell rows: padding each row to the header's width wrote
    // 200,000 empty cells (600 KB out of 5 KB). Past the budget, trailing empty cells are left
    // out (a reader pads them back); within it, rows are padded as markdown_table pads them.
    let source = format!("{}|\n{}|\n{}", "|h".repeat(200), "|-".repeat(200), "|x|\n".repeat(1000));
    assert_linear(&source, 16);
    let v2 = to_wecom_markdown_v2(&source);
    assert_eq!(v2.lines().filter(|l| *l == "| x |").count(), 1000);

    let small = to_wecom_markdown_v2("| a | b | c |\n|---|---|---|\n| x |");
    assert_eq!(small, "| a | b | c |\n| --- | --- | --- |\n| x |  |  |");
}
