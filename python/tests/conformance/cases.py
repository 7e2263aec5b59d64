"""The Python conformance runner's adapter: builds each shared vector through the idiomatic
``wecom_bot`` API (classes with keyword arguments named as the spec's fields, helpers, a
``Bot`` for HTTP cases) and reports what happened; the harness judges it.

The contract is tests/conformance/README.md. HTTP cases send to ``$WECOM_MOCK_URL`` (the
harness starts and scripts the mock; what it received is checked by the harness).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Dict, List

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
    "to_wecom_markdown": wecom_bot.to_wecom_markdown,
    "to_wecom_markdown_v2": wecom_bot.to_wecom_markdown_v2,
    "to_plain_text": wecom_bot.to_plain_text,
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


def body_of(msg: Any) -> str:
    """The message serialized by the library; ``to_dict()`` must agree with it."""
    body = msg.to_json()
    as_dict = msg.to_dict()
    if as_dict != json.loads(body):
        raise AssertionError(f"to_dict() {as_dict!r} differs from to_json() {body!r}")
    return body


def perform(case: Dict[str, Any], tmp: Path, parts_as: str = "class") -> Any:
    """Runs the case's input; returns its outcome (raises the library's exception on failure)."""
    inp = case["input"]
    if "message" in inp:
        return json.loads(body_of(build_message(inp["message"], parts_as)))
    if "split" in inp:
        split = {
            "text": wecom_bot.split_text,
            "markdown": wecom_bot.split_markdown,
            "markdown_v2": wecom_bot.split_markdown_v2,
        }[inp["split"]["mode"]]
        return split(inp["split"]["content"])
    if "helper" in inp:
        return HELPERS[inp["helper"]["name"]](*inp["helper"]["args"])
    if "json" in inp:
        return json.loads(wecom_bot.validate_json(inp["json"]))
    if "send" in inp:
        bot = make_bot(case)
        bot.send(build_message(inp["send"], parts_as))
        return None
    if "upload" in inp:
        bot = make_bot(case)
        return run_upload(bot, inp["upload"], tmp)
    raise AssertionError(f"unknown input {sorted(inp)}")


def error_report(e: errors.WecomBotError) -> Dict[str, Any]:
    """The ``error`` outcome of the contract for an exception of the library."""
    expected_class = KIND_CLASSES.get(e.kind)
    if expected_class is None or not isinstance(e, expected_class):
        raise AssertionError(f"{type(e).__name__} says kind {e.kind!r}, which is not its class")
    report: Dict[str, Any] = {"kind": e.kind, "message": str(e)}
    for name in ("field", "errcode", "status"):
        value = getattr(e, name, None)
        if value is not None:
            report[name] = value
    return report


def outcome(case: Dict[str, Any], tmp: Path) -> Dict[str, Any]:
    """What happened when the case ran (README, "Runner contract"): one key of
    body / chunks / result / sent / media / error, or runner_error."""
    inp = case["input"]
    try:
        try:
            if "message" in inp:
                return {"body": body_of(build_message(inp["message"]))}
            if "json" in inp:
                return {"body": wecom_bot.validate_json(inp["json"])}
            if "upload" in inp:
                media = run_upload(make_bot(case), inp["upload"], tmp)
                return {"media": {"kind": media.kind, "media_id": media.media_id}}
            result = perform(case, tmp)
        except errors.WecomBotError as e:
            return {"error": error_report(e)}
    except Exception as e:  # the runner could not run the case: reported, judged a failure
        return {"runner_error": f"{type(e).__name__}: {e}"}
    if "split" in inp:
        return {"chunks": result}
    if "helper" in inp:
        return {"result": result}
    return {"sent": True}
