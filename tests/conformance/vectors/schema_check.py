"""Checks of every case file (generated or hand-written): schema.json (JSON Schema draft
2020-12, validated with the `jsonschema` package) and ids unique across all files. A self-test
proves the schema rejects broken variants of a good file, so it cannot check nothing."""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

from jsonschema import Draft202012Validator

from .model import SCHEMA_PATH


def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(v: Draft202012Validator, doc: Any) -> list[str]:
    """Every way `doc` breaks the schema, each with where (a JSON path) and why."""
    return [f"{e.json_path}: {e.message[:300]}" for e in sorted(v.iter_errors(doc), key=lambda e: e.json_path)]


def check_files(v: Draft202012Validator, docs: dict[str, str]) -> tuple[list[str], dict[str, int]]:
    """Validates the files (name → text) and the ids across them; returns the problems and
    the number of cases of each file."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    counts: dict[str, int] = {}
    for name, text in docs.items():
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            problems.append(f"{name}: not JSON: {e}")
            continue
        problems += [f"{name}: {e}" for e in errors(v, doc)]
        cases = doc.get("cases", []) if isinstance(doc, dict) else []
        for case in cases if isinstance(cases, list) else []:
            cid = case.get("id") if isinstance(case, dict) else None
            if cid in seen:
                problems.append(f"{name}: id {cid!r} is also used in {seen[cid]}")
            elif isinstance(cid, str):
                seen[cid] = name
        counts[name] = len(cases) if isinstance(cases, list) else 0
    return problems, counts


def self_test(v: Draft202012Validator, good: dict) -> list[str]:
    """The schema must reject broken variants of a good file (else it checks nothing)."""
    def broken(mutate: Callable[[dict], None]) -> dict:
        doc = copy.deepcopy(good)
        mutate(doc)
        return doc

    first = good["cases"][0]
    variants: dict[str, Callable[[dict], Any]] = {
        "an extra top-level key": lambda d: d.update(extra=1),
        "an upper-case id": lambda d: d["cases"][0].update(id="Bad.ID"),
        "a case without expect": lambda d: d["cases"][0].pop("expect"),
        "an unknown spec section": lambda d: d["cases"][0].update(spec="no such section"),
        "an unknown expectation": lambda d: d["cases"][0].update(expect={"nothing": True}),
        "an unknown message field": lambda d: d["cases"][0]["input"]["message"][
            first["input"]["message"]["msgtype"]].update(bogus=1),
        "an unknown error kind": lambda d: d["cases"][0].update(expect={"error": {"kind": "oops"}}),
        "a text_notice with card_image": lambda d: d["cases"][0]["input"].update(
            message={"msgtype": "template_card", "template_card": {"card_type": "text_notice", "card_image": {"url": "u"}}}),
        "an upload with two contents": lambda d: d["cases"][0].update(
            input={"upload": {"kind": "file", "filename": "a", "source": "bytes", "text": "x", "fixture": "y"}, "key": "k"},
            expect={"media": {"kind": "file"}}),
        "a missing upload given as bytes": lambda d: d["cases"][0].update(
            input={"upload": {"kind": "file", "filename": "a", "source": "bytes", "missing": True}, "key": "k"},
            expect={"error": {"kind": "io"}}),
        "an unknown mock fault": lambda d: d["cases"][0].update(
            input={"send": first["input"]["message"], "key": "k"}, expect={"ok": True},
            mock={"faults": [{"kind": "explode"}]}),
    }
    return [f"schema self-test: a file with {what} was accepted"
            for what, mutate in variants.items() if not errors(v, broken(mutate))]
