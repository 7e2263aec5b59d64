"""The building blocks of a case file: `Cases` (one file), message shorthands (`msg`,
`override`), the wire form a correct library sends (`wire`), and the bytes helpers.
"""

from __future__ import annotations

import base64
import copy
import hashlib
from pathlib import Path
from typing import Any

from .reference import truncate
from .spec import DESCRIPTION_MAX, TITLE_MAX

HERE = Path(__file__).resolve().parent.parent  # tests/conformance
CASES_DIR = HERE / "cases"
SCHEMA_PATH = HERE / "schema.json"
FIXTURES_DIR = HERE.parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES_DIR / name).read_bytes()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()




ABSENT = object()  # in overrides: remove the key


class Cases:
    """One case file: a description and its cases, in order."""

    def __init__(self, description: str):
        self.description = description
        self.cases: list[dict[str, Any]] = []

    def add(self, id: str, description: str, spec: str, input: dict, expect: dict, **extra: Any) -> None:
        case = {"id": id, "description": description, "spec": spec, "input": copy.deepcopy(input),
                "expect": copy.deepcopy(expect)}
        case.update(copy.deepcopy(extra))
        self.cases.append(case)

    def ok(self, id: str, description: str, spec: str, message: dict, body: dict | None = None) -> None:
        """A message that must serialize to `body` (default: the wire form of the message)."""
        self.add(id, description, spec, {"message": message}, {"body_json": body if body is not None else wire(message)})

    def reject(self, id: str, description: str, spec: str, message: dict, field: str | None,
               kind: str = "validation") -> None:
        error: dict[str, Any] = {"kind": kind}
        if field is not None:
            error["field"] = field
        self.add(id, description, spec, {"message": message}, {"error": error})

    def doc(self) -> dict[str, Any]:
        return {"description": self.description, "cases": self.cases}


def msg(msgtype: str, body: dict) -> dict:
    return {"msgtype": msgtype, msgtype: body}


def override(base: dict, **changes: Any) -> dict:
    out = copy.deepcopy(base)
    for k, v in changes.items():
        if v is ABSENT:
            out.pop(k, None)
        else:
            out[k] = copy.deepcopy(v)
    return out


LISTS = ("mentioned_list", "mentioned_mobile_list", "horizontal_content_list", "jump_list", "vertical_content_list")


def wire(m: dict) -> dict:
    """The body a correct library sends for message M (documented normalisations only):
    empty optional lists are omitted, and news titles / descriptions are truncated to
    128 / 512 bytes at a character boundary. Image messages given by fixture are encoded."""
    m = copy.deepcopy(m)
    t = m["msgtype"]
    body = m[t]
    if t == "image":
        m[t] = image_wire(body)
    elif t == "news":
        for a in body.get("articles", []):
            if "title" in a:
                a["title"] = truncate(a["title"], TITLE_MAX)
            if "description" in a:
                a["description"] = truncate(a["description"], DESCRIPTION_MAX)
    for k in LISTS:
        if body.get(k) == []:
            del body[k]
    return m


def image_raw(body: dict) -> bytes:
    if "bytes_hex" in body:
        return bytes.fromhex(body["bytes_hex"])
    data = fixture(body["fixture"])
    if "pad_to" in body:
        data = data + bytes(body["pad_to"] - len(data))
    return data


def image_wire(body: dict) -> dict:
    if "base64" in body:
        return dict(body)
    raw = image_raw(body)
    return {"base64": b64(raw), "md5": md5_hex(raw)}
