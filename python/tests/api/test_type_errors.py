"""Every argument of every public callable, given an object of the wrong type, raises a
TypeError in Python's words: the argument's name, what it must be, and what it got
(`mentioned_list must be a list of str, got str`) — never PyO3's `Can't extract …`. The
callables' signatures are read at run time, so a new argument without a case fails here."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import wecom_bot
from wecom_bot import Bot

from conftest import FIXTURES


class Wrong:
    """An argument of no type any function accepts."""


PNG = str(FIXTURES / "icon.png")
PART_DEFAULTS: Dict[str, Dict[str, Any]] = {
    "Source": {},
    "MainTitle": {},
    "EmphasisContent": {},
    "QuoteArea": {},
    "HorizontalContent": {},
    "Jump": {},
    "CardAction": {},
    "CardImage": {},
    "ImageTextArea": {},
    "VerticalContent": {},
    "Article": {},
    "TextNoticeCard": {},
    "NewsNoticeCard": {},
    "Text": {"content": "c"},
    "Markdown": {"content": "c"},
    "MarkdownV2": {"content": "c"},
    "File": {},
    "Voice": {},
    "News": {"articles": []},
    "RateLimit": {},
}


def bot_methods(bot: Bot) -> Dict[str, tuple]:
    return {
        "send": (bot.send, {"message": wecom_bot.Text("x")}),
        "send_text": (bot.send_text, {"content": "c"}),
        "send_markdown": (bot.send_markdown, {"content": "c"}),
        "send_markdown_v2": (bot.send_markdown_v2, {"content": "c"}),
        "send_image": (bot.send_image, {"path_or_bytes": PNG}),
        "send_news": (bot.send_news, {"articles": []}),
        "send_file": (bot.send_file, {"path_or_bytes": PNG}),
        "send_voice": (bot.send_voice, {"path_or_bytes": PNG}),
        "upload": (bot.upload, {"path_or_bytes": PNG}),
        "send_text_chunked": (bot.send_text_chunked, {"content": "c"}),
        "send_markdown_chunked": (bot.send_markdown_chunked, {"content": "c"}),
        "send_json": (bot.send_json, {"json": "{}"}),
    }


FUNCTIONS: Dict[str, tuple] = {
    "split_text": (wecom_bot.split_text, {"content": "c"}),
    "split_markdown": (wecom_bot.split_markdown, {"content": "c"}),
    "truncate_to_bytes": (wecom_bot.truncate_to_bytes, {"text": "t", "max_bytes": 1}),
    "mention": (wecom_bot.mention, {"userid": "u"}),
    "font_color": (wecom_bot.font_color, {"text": "t", "color": "info"}),
    "markdown_table": (wecom_bot.markdown_table, {"headers": ["h"], "rows": []}),
    "Image.from_path": (wecom_bot.Image.from_path, {"path": PNG}),
    "Image.from_bytes": (wecom_bot.Image.from_bytes, {"data": b"x"}),
    "Image.from_base64": (wecom_bot.Image.from_base64, {"base64": "eA==", "md5": "0" * 32}),
    "Image": (wecom_bot.Image, {}),
    "Bot": (Bot, {"key_or_webhook_url": "a-test-key"}),
    "Bot.from_env": (Bot.from_env, {}),
}


def stub_new(cls: type) -> inspect.Signature:
    """A class's `__new__` as the stubs declare it (stubtest holds them equal to the module)."""
    tree = ast.parse(Path(wecom_bot._native.__file__).with_name("_native.pyi").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__new__":
                    item.body, item.returns, item.decorator_list = [ast.Pass()], None, []
                    for a in item.args.args + item.args.kwonlyargs:
                        a.annotation = None
                    code = compile(ast.fix_missing_locations(ast.Module(body=[item], type_ignores=[])), "<stub>", "exec")
                    scope: Dict[str, Any] = {}
                    exec(code, scope)
                    return inspect.signature(scope["__new__"])
    raise AssertionError(f"no __new__ for {cls.__name__} in the stubs")


def parameters(fn: Any) -> list:
    try:
        sig = inspect.signature(fn)
    except ValueError:  # Python < 3.10 reads no signature from a native class of an abi3 module
        sig = stub_new(fn)
    return [p for p in sig.parameters.values() if p.name not in ("self", "cls")]


def cases() -> list:
    out = []
    bot = Bot("type-errors-key")
    table = dict(FUNCTIONS)
    table.update({name: (getattr(wecom_bot, name), defaults) for name, defaults in PART_DEFAULTS.items()})
    table.update({f"Bot.{name}": v for name, v in bot_methods(bot).items()})
    for name, (fn, defaults) in sorted(table.items()):
        params = parameters(fn)
        assert params, f"{name} has no readable signature"
        for p in params:
            out.append(pytest.param(fn, p, defaults, id=f"{name}({p.name})"))
    return out


@pytest.mark.parametrize("fn, param, defaults", cases())
def test_a_wrong_type_names_the_argument(fn: Callable[..., Any], param: inspect.Parameter, defaults: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WECOM_BOT_KEY", "type-errors-key")
    monkeypatch.delenv("WECOM_BOT_WEBHOOK", raising=False)
    args = dict(defaults)
    args[param.name] = Wrong()
    positional = [args.pop(p) for p in list(args) if p == param.name and param.kind is inspect.Parameter.POSITIONAL_ONLY]
    with pytest.raises(TypeError) as e:
        fn(*positional, **args)
    message = str(e.value)
    assert re.search(rf"(^|\.|: ){re.escape(param.name)}(\[\d+\])? must be .+, got Wrong$", message), message
    assert "extract" not in message and "PyString" not in message


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: wecom_bot.Text("x", mentioned_list="@all"), "mentioned_list must be a list of str, got str"),
        (lambda: wecom_bot.Text("x", ["a", 2]), "mentioned_list[1] must be a str, got int"),
        (lambda: wecom_bot.Text(None), "content must be a str, got NoneType"),
        (lambda: wecom_bot.Jump("j", type=True), "type must be an int, got bool"),
        (lambda: wecom_bot.CardImage("u", "wide"), "aspect_ratio must be a number (int or float), got str"),
        (lambda: wecom_bot.markdown_table(["a"], [["1", 2]]), "rows[0][1] must be a str, got int"),
        (lambda: Bot("a-test-key", rate_limit=20), "rate_limit must be a bool or a RateLimit, got int"),
        (lambda: Bot("a-test-key", proxy=8080), "proxy must be a str (a proxy URL), a bool or None, got int"),
        (lambda: wecom_bot.TextNoticeCard(jump_list=[{"title": 5}]), "template_card.jump_list[0]: title must be a str, got int"),
    ],
)
def test_messages_read_as_python(call: Callable[[], Any], message: str) -> None:
    with pytest.raises(TypeError) as e:
        call()
    assert str(e.value) == message


def test_docstrings_list_what_each_method_raises() -> None:
    for name in ["send", "send_text", "send_markdown", "send_image", "send_news", "send_file", "send_voice",
                 "upload", "send_text_chunked", "send_markdown_chunked", "send_json", "__new__", "from_env"]:
        doc = (Bot.__doc__ if name == "__new__" else getattr(Bot, name).__doc__) or ""
        assert "Raises" in doc and "TypeError" in doc, f"Bot.{name} does not say what it raises"
