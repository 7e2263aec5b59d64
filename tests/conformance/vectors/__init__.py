"""The conformance vectors, as code: one module per case file, each with a `cases()` function
returning its `Cases`; `FILES` below says which module writes which `cases/*.json`.

Adding a vector family: write `vectors/<family>.py` with

    from .model import Cases, msg
    from .spec import S_TEXT

    def cases() -> Cases:
        c = Cases("what this file covers")
        c.ok("family.some_case", "what it checks", S_TEXT, msg("text", {"content": "hi"}))
        return c

add one line to FILES, and run `python3 tests/conformance/generate.py`. Shared parts: `spec`
(limits, section names, byte lengths), `model` (Cases, message shorthands, the wire form),
`reference` (independent implementations of the content helpers), `cards` (minimal cards).
"""

from __future__ import annotations

from typing import Callable

from . import content, http, json_input, messages, spec_examples, truncation, validation
from .model import Cases

#: Every generated case file and the function that builds it.
FILES: dict[str, Callable[[], Cases]] = {
    "spec_examples.json": spec_examples.cases,
    "messages.json": messages.cases,
    "validation.json": validation.cases,
    "truncation.json": truncation.cases,
    "content.json": content.cases,
    "http.json": http.cases,
    "json_input.json": json_input.cases,
}
