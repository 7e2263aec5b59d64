"""Mentions on every type, CommonMark conversion and markdown_v2 splitting (issue #15)."""

import pytest

import wecom_bot


def test_markdown_mentions_are_written_inline():
    m = wecom_bot.Markdown("**build failed**").mention("alice")
    assert m.to_dict() == {"msgtype": "markdown", "markdown": {"content": "**build failed**\n<@alice>"}}
    assert m.mentioned_list == ["alice"]


def test_text_mention_methods_fill_its_lists():
    t = wecom_bot.Text("hi").mention("alice").mention_mobile("13800001111").mention_all()
    assert t.to_dict()["text"] == {
        "content": "hi",
        "mentioned_list": ["alice", "@all"],
        "mentioned_mobile_list": ["13800001111"],
    }


def test_what_a_type_cannot_mention_is_a_validation_error():
    with pytest.raises(wecom_bot.ValidationError) as e:
        wecom_bot.MarkdownV2("x", mentioned_list=["alice"]).validate()
    assert e.value.field == "markdown_v2.mentioned_list"
    with pytest.raises(wecom_bot.ValidationError) as e:
        wecom_bot.Markdown("x").mention_mobile("13800001111").validate()
    assert e.value.field == "markdown.mentioned_mobile_list"
    ok = wecom_bot.MarkdownV2("x", mentioned_list=["alice"], mention_followup="see above")
    ok.validate()
    assert ok.mention_followup == "see above"


def test_conversions():
    assert wecom_bot.to_wecom_markdown_v2("| a | b |\n|---|--:|\n| 1 | 2 |\n") == "| a | b |\n| --- | ---: |\n| 1 | 2 |"
    assert wecom_bot.to_wecom_markdown("![chart](https://example.com/c.png)") == "[chart](https://example.com/c.png)"
    assert wecom_bot.to_plain_text("**a** [b](https://example.com)") == "a b (https://example.com)"


def test_split_markdown_v2_repeats_the_table_header():
    head = "| h |\n| --- |\n"
    chunks = wecom_bot.split_markdown_v2(head + "| row |\n" * 1000)
    assert len(chunks) > 1
    assert all(c.startswith(head) for c in chunks)
    assert all(len(c.encode()) <= 4096 for c in chunks)


def test_markdown_table_alignment_and_no_columns():
    table = wecom_bot.markdown_table(["a", "b", "c"], [["1", "2", "3"]], align=["left", "center", "right"])
    assert table == "| a | b | c |\n| :--- | :---: | ---: |\n| 1 | 2 | 3 |\n"
    with pytest.raises(wecom_bot.ValidationError) as e:
        wecom_bot.markdown_table([], [])
    assert e.value.field == "markdown_table.headers"
    with pytest.raises(wecom_bot.ValidationError):
        wecom_bot.markdown_table(["a"], [], align=["middle"])
