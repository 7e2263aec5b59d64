"""The Python conformance runner's adapter: builds each shared vector through the idiomatic
``wecom_bot`` API (classes with keyword arguments named as the spec's fields, helpers, a
``Bot`` for HTTP cases) and checks the outcome against the case's expectation.

The contract is tests/conformance/README.md. HTTP cases send to ``$WECOM_MOCK_URL`` (the
harness starts and scripts the mock; what it received is checked by the harness).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import wecom_bot
from wecom_bot import errors

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]


def conformance_dir() -> Path:
    return Path(os.environ.get("WECOM_CONFORMANCE_DIR") or REPO / "tests" / "conformance")


def fixtures_dir() -> Path:
    return Path(os.environ.get("WECOM_FIXTURES_DIR") or REPO / "tests" / "fixtures")


def load_cases() -> List[Dict[str, Any]]:
    """Every case of every file, in file order (ids are unique across files)."""
    out: List[Dict[str, Any]] = []
    for path in sorted((conformance_dir() / "cases").glob("*.json")):
        with path.open(encoding="utf-8") as f:
            doc = json.load(f)
        for case in doc["cases"]:
            case = dict(case)
            case["_file"] = path.name
            out.append(case)
    return out


# ---- building messages through the API --------------------------------------------------

#: Card fields holding one part, and the class that builds it.
CARD_PARTS: Dict[str, Callable[..., Any]] = {
    "source": wecom_bot.Source,
    "main_title": wecom_bot.MainTitle,
    "emphasis_content": wecom_bot.EmphasisContent,
    "quote_area": wecom_bot.QuoteArea,
    "card_image": wecom_bot.CardImage,
    "image_text_area": wecom_bot.ImageTextArea,
    "card_action": wecom_bot.CardAction,
}

#: Card fields holding a list of parts.
CARD_LISTS: Dict[str, Callable[..., Any]] = {
    "horizontal_content_list": wecom_bot.HorizontalContent,
    "jump_list": wecom_bot.Jump,
    "vertical_content_list": wecom_bot.VerticalContent,
}

CARD_CLASSES = {"text_notice": wecom_bot.TextNoticeCard, "news_notice": wecom_bot.NewsNoticeCard}


def card_kwargs(body: Dict[str, Any], parts_as: str) -> Dict[str, Any]:
    """The keyword arguments of a card class; parts as class instances or as plain dicts."""
    kwargs: Dict[str, Any] = {}
    for name, value in body.items():
        if name == "card_type":
            continue
        if parts_as == "class" and name in CARD_PARTS and isinstance(value, dict):
            kwargs[name] = CARD_PARTS[name](**value)
        elif parts_as == "class" and name in CARD_LISTS and isinstance(value, list):
            kwargs[name] = [CARD_LISTS[name](**item) for item in value]
        else:
            kwargs[name] = value
    return kwargs


def image_from(body: Dict[str, Any]) -> wecom_bot.Image:
    if "base64" in body or "md5" in body:
        return wecom_bot.Image(base64=body.get("base64", ""), md5=body.get("md5", ""))
    if "bytes_hex" in body:
        return wecom_bot.Image(bytes.fromhex(body["bytes_hex"]))
    path = fixtures_dir() / body["fixture"]
    if "pad_to" in body:
        data = path.read_bytes()
        return wecom_bot.Image(data + bytes(body["pad_to"] - len(data)))
    if body.get("as") == "bytes":
        return wecom_bot.Image(path.read_bytes())
    # From the path, as a str (PathLike inputs are exercised by the uploads).
    return wecom_bot.Image(str(path))


def build_message(message: Dict[str, Any], parts_as: str = "class") -> Any:
    """A wecom_bot message object for a wire-shaped message M of the vectors."""
    msgtype = message["msgtype"]
    body = message.get(msgtype, {})
    if msgtype == "text":
        return wecom_bot.Text(**body)
    if msgtype == "markdown":
        return wecom_bot.Markdown(**body)
    if msgtype == "markdown_v2":
        return wecom_bot.MarkdownV2(**body)
    if msgtype == "image":
        return image_from(body)
    if msgtype == "news":
        articles = body.get("articles", [])
        if parts_as == "class":
            articles = [wecom_bot.Article(**a) for a in articles]
        return wecom_bot.News(articles)
    if msgtype == "file":
        return wecom_bot.File(**body)
    if msgtype == "voice":
        return wecom_bot.Voice(**body)
    if msgtype == "template_card":
        return CARD_CLASSES[body["card_type"]](**card_kwargs(body, parts_as))
    raise AssertionError(f"unknown msgtype {msgtype!r} in a vector")


# ---- uploads ------------------------------------------------------------------------------

def upload_content(spec: Dict[str, Any]) -> bytes:
    if "fixture" in spec:
        return (fixtures_dir() / spec["fixture"]).read_bytes()
    if "text" in spec:
        return spec["text"].encode("utf-8")
    if "generate" in spec:
        gen = spec["generate"]
        head = bytes.fromhex(gen.get("header_hex", ""))
        return head + bytes(gen["size"] - len(head))
    raise AssertionError(f"an upload without content: {spec}")


def run_upload(bot: wecom_bot.Bot, upload: Dict[str, Any], tmp: Path) -> wecom_bot.Media:
    kind = upload["kind"]
    if upload["source"] == "bytes":
        return bot.upload(upload_content(upload), kind=kind, filename=upload["filename"])
    path = tmp / upload["filename"]
    if not upload.get("missing"):
        path.write_bytes(upload_content(upload))
    # A pathlib.Path: os.PathLike is what callers hand over most often.
    return bot.upload(path, kind=kind)


def make_bot(case: Dict[str, Any]) -> wecom_bot.Bot:
    url = os.environ.get("WECOM_MOCK_URL")
    if not url:
        raise AssertionError("an HTTP case needs WECOM_MOCK_URL: run through the harness (wecom-bot-conformance)")
    client = case.get("client", {})
    options: Dict[str, Any] = {"base_url": url}
    if "multipart_boundary" in client:
        options["multipart_boundary"] = client["multipart_boundary"]
    if "retry" in client:
        options["retry"] = bool(client["retry"])
    if "timeout_ms" in client:
        options["timeout"] = client["timeout_ms"] / 1000
    unknown = set(client) - {"multipart_boundary", "retry", "timeout_ms"}
    if unknown:
        raise AssertionError(f"client settings this runner does not know: {sorted(unknown)}")
    return wecom_bot.Bot(case["input"]["key"], **options)


# ---- running a case -------------------------------------------------------------------------

HELPERS: Dict[str, Callable[..., Any]] = {
    "mention": wecom_bot.mention,
    "font_color": wecom_bot.font_color,
    "markdown_table": wecom_bot.markdown_table,
    "truncate": wecom_bot.truncate_to_bytes,
}

#: kind → exception class, read from the package (the native table is checked against it).
KIND_CLASSES = {
    "validation": errors.ValidationError,
    "api": errors.ApiError,
    "rate_limited": errors.RateLimitedError,
    "http_status": errors.HttpStatusError,
    "timeout": errors.TimeoutError,
    "transport": errors.TransportError,
    "decode": errors.DecodeError,
    "io": errors.IoError,
    "invalid_argument": errors.InvalidArgumentError,
}


def perform(case: Dict[str, Any], tmp: Path, parts_as: str = "class") -> Any:
    """Runs the case's input; returns its outcome (raises the library's exception on failure)."""
    inp = case["input"]
    if "message" in inp:
        msg = build_message(inp["message"], parts_as)
        as_json = json.loads(msg.to_json())
        as_dict = msg.to_dict()
        assert as_dict == as_json, f"to_dict() {as_dict!r} differs from to_json() {as_json!r}"
        return as_json
    if "split" in inp:
        split = {"text": wecom_bot.split_text, "markdown": wecom_bot.split_markdown}[inp["split"]["mode"]]
        return split(inp["split"]["content"])
    if "helper" in inp:
        return HELPERS[inp["helper"]["name"]](*inp["helper"]["args"])
    if "send" in inp:
        bot = make_bot(case)
        bot.send(build_message(inp["send"], parts_as))
        return None
    if "upload" in inp:
        bot = make_bot(case)
        return run_upload(bot, inp["upload"], tmp)
    raise AssertionError(f"unknown input {sorted(inp)}")


def short(value: Any, limit: int = 300) -> str:
    """A repr cut to `limit` characters (vectors hold strings of several kilobytes)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} chars)"


def check(case: Dict[str, Any], parts_as: str = "class") -> None:
    """Runs the case and asserts its expectation."""
    expect = case["expect"]
    with tempfile.TemporaryDirectory(prefix="wecom-conf-") as tmp:
        if "error" in expect:
            want = expect["error"]
            try:
                outcome = perform(case, Path(tmp), parts_as)
            except errors.WecomBotError as e:
                check_error(e, want, case)
                return
            raise AssertionError(f"expected a {want['kind']} error, got success: {short(outcome)}")
        outcome = perform(case, Path(tmp), parts_as)
    if "body_json" in expect:
        assert outcome == expect["body_json"], f"body {short(outcome)} != expected {short(expect['body_json'])}"
    elif "image_body" in expect:
        want = expect["image_body"]
        assert outcome["msgtype"] == "image" and set(outcome) == {"msgtype", "image"}, short(outcome)
        image = outcome["image"]
        assert set(image) == {"base64", "md5"}, sorted(image)
        assert image["md5"] == want["md5"], f"md5 {image['md5']} != {want['md5']}"
        assert len(image["base64"]) == want["base64_len"], f"base64 length {len(image['base64'])} != {want['base64_len']}"
        assert image["base64"].startswith(want["base64_head"]), "base64 head differs"
        assert image["base64"].endswith(want["base64_tail"]), "base64 tail differs"
    elif "chunks" in expect:
        assert outcome == expect["chunks"], f"chunks {short(outcome)} != expected {short(expect['chunks'])}"
    elif "result" in expect:
        assert outcome == expect["result"], f"result {short(outcome)} != expected {short(expect['result'])}"
    elif "ok" in expect:
        assert outcome is None
    elif "media" in expect:
        assert isinstance(outcome, wecom_bot.Media), outcome
        assert outcome.media_id, "empty media_id"
        assert outcome.kind == expect["media"]["kind"], outcome
    else:
        raise AssertionError(f"unknown expectation {sorted(expect)}")


def check_error(e: errors.WecomBotError, want: Dict[str, Any], case: Dict[str, Any]) -> None:
    assert e.kind == want["kind"], f"error kind {e.kind!r} != {want['kind']!r}: {e}"
    assert isinstance(e, KIND_CLASSES[want["kind"]]), f"{type(e).__name__} is not a {KIND_CLASSES[want['kind']].__name__}"
    if "field" in want:
        assert e.field == want["field"], f"field {e.field!r} != {want['field']!r}: {e}"
    if "errcode" in want:
        assert e.errcode == want["errcode"], f"errcode {e.errcode!r} != {want['errcode']!r}: {e}"
    if "status" in want:
        assert e.status == want["status"], f"status {e.status!r} != {want['status']!r}: {e}"
    key = case["input"].get("key")
    if key:
        for text in (str(e), repr(e), e.errmsg or ""):
            assert key not in text, "the key leaked into the exception"
