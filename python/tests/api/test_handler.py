"""wecom_bot.logging.WecomHandler against the mock: built by dictConfig from plain values (the
key from an environment variable), a burst of 500 records packed into few messages, flush on
close, tracebacks in code blocks split safely, mentions, the drop policy, the library's own
records never posted, and emit never raising."""

from __future__ import annotations

import logging
import logging.config
import math
import re
import uuid
from typing import Iterator, List

import pytest

import wecom_bot
from wecom_bot.logging import MemoryQueue, WecomHandler

from conftest import Mock


def contents(mock: Mock, key: str) -> List[str]:
    out = []
    for r in mock.records(key):
        assert r["delivered"], r
        body = r["body_json"]
        out.append(body[body["msgtype"]]["content"])
    return out


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    """A fresh logger of its own, not propagating (pytest's capture stays out of the way)."""
    log = logging.getLogger(f"app.{uuid.uuid4().hex}")
    log.propagate = False
    log.setLevel(logging.DEBUG)
    yield log
    for h in list(log.handlers):
        log.removeHandler(h)
        h.close()


def test_dict_config_with_the_key_from_the_environment(mock: Mock, key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ALERTS_WECOM_KEY", key)
    name = f"svc.{uuid.uuid4().hex}"
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"short": {"format": "%(levelname)s %(name)s: %(message)s"}},
            "handlers": {
                "wecom": {
                    "class": "wecom_bot.logging.WecomHandler",
                    "level": "WARNING",
                    "formatter": "short",
                    "key_env": "APP_ALERTS_WECOM_KEY",
                    "base_url": mock.url,
                    "msgtype": "text",
                    "mention_level": "ERROR",
                    "mentioned_list": ["oncall"],
                    "batch_delay": 0.1,
                    "rate_limit": False,
                }
            },
            "loggers": {name: {"handlers": ["wecom"], "level": "INFO", "propagate": False}},
        }
    )
    log = logging.getLogger(name)
    handler = log.handlers[0]
    assert isinstance(handler, WecomHandler)
    try:
        log.info("not posted: below the handler's level")
        log.warning("disk at %d%%", 91)
        handler.flush()
        log.error("disk full")
        handler.flush()
    finally:
        log.removeHandler(handler)
        handler.close()
    bodies = [r["body_json"]["text"] for r in mock.records(key)]
    assert bodies == [
        {"content": f"WARNING {name}: disk at 91%"},
        {"content": f"ERROR {name}: disk full", "mentioned_list": ["oncall"]},
    ]


def test_a_burst_of_500_records_becomes_few_messages(mock: Mock, key: str, logger: logging.Logger) -> None:
    # A long batch delay: the whole burst is one batch however slow the machine (close() does
    # not wait for it).
    handler = WecomHandler(key, base_url=mock.url, rate_limit=False, batch_delay=30.0)
    logger.addHandler(handler)
    lines = [f"request {i} failed: upstream said 503" for i in range(500)]
    for line in lines:
        logger.error(line)
    handler.close()  # delivers what is queued
    got = contents(mock, key)
    total = sum(len(f"ERROR {logger.name}: {line}\n\n") for line in lines)
    assert len(got) <= math.ceil(total / 4096) + 1, f"{len(got)} messages for 500 records ({total} bytes)"
    assert all(len(c.encode()) <= 4096 for c in got)
    posted = [m.group(1) for c in got for m in re.finditer(r"(request \d+ failed: upstream said 503)", c)]
    assert posted == lines  # every record, once, in order


def test_flush_on_close(mock: Mock, key: str, logger: logging.Logger) -> None:
    handler = WecomHandler(webhook=mock.webhook(key), batch_delay=60.0)  # would wait a minute
    logger.addHandler(handler)
    logger.warning("first")
    logger.warning("second")
    handler.close()
    assert contents(mock, key) == [f"WARNING {logger.name}: first\n\nWARNING {logger.name}: second"]
    logger.warning("after close: dropped, never raises")


def test_tracebacks_go_in_quoted_lines_split_safely(mock: Mock, key: str, logger: logging.Logger) -> None:
    handler = WecomHandler(key, base_url=mock.url, rate_limit=False)
    logger.addHandler(handler)
    detail = "detail line\n" * 600
    try:
        raise RuntimeError("boom ``` with a fence inside\n" + detail)
    except RuntimeError:
        logger.exception("the job failed")
    handler.close()
    got = contents(mock, key)
    assert len(got) >= 2, "a 7 kB traceback needs two markdown messages"
    for c in got:
        assert len(c.encode()) <= 4096
        # markdown (v1) has no code blocks: no fence line is sent, the trace is quoted lines
        assert not [line for line in c.split("\n") if line.startswith("```")], f"a fence: {c[:200]}…"
    assert got[0].startswith(f"ERROR {logger.name}: the job failed\n> `Traceback (most recent call last):`\n")
    joined = "".join(got)
    assert "\n> RuntimeError: boom ``` with a fence inside\n" in joined
    assert joined.count("> `detail line`") == 600


def test_the_librarys_own_records_never_loop(mock: Mock, key: str) -> None:
    """On the root logger with the library's logger at DEBUG: the worker's own sends log
    records (POST …) that propagate to the root; none is posted."""
    root = logging.getLogger()
    lib = logging.getLogger("wecom_bot")
    old_root, old_lib = root.level, lib.level
    handler = WecomHandler(key, base_url=mock.url, level="INFO", rate_limit=False, batch_delay=0.05)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    lib.setLevel(logging.DEBUG)
    try:
        logging.getLogger("app.loop").warning("one")
        handler.flush()
        logging.getLogger("app.loop").warning("two")
        handler.flush()
        logging.getLogger("wecom_bot.custom").error("a record of the library: never posted")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_root)
        lib.setLevel(old_lib)
        handler.close()
    got = contents(mock, key)
    assert got == ["WARNING app.loop: one", "WARNING app.loop: two"]


def test_markdown_mentions_and_levels(mock: Mock, key: str, logger: logging.Logger) -> None:
    handler = WecomHandler(key, base_url=mock.url, mention_level="CRITICAL", mentioned_list=["lead"], rate_limit=False)
    logger.addHandler(handler)
    logger.error("no mention")
    handler.flush()
    logger.critical("mention")
    handler.close()
    assert contents(mock, key) == [f"ERROR {logger.name}: no mention", f"CRITICAL {logger.name}: mention\n<@lead>"]


def test_a_full_queue_drops_and_counts(mock: Mock, key: str, logger: logging.Logger) -> None:
    handler = WecomHandler(key, base_url=mock.url, capacity=5, batch_delay=60.0, rate_limit=False)
    logger.addHandler(handler)
    for i in range(20):
        logger.warning("record %d", i)
    assert handler.dropped == 15
    handler.close()
    (content,) = contents(mock, key)
    assert content.startswith("(15 log records dropped: the handler's queue was full)")
    assert [int(n) for n in re.findall(r"record (\d+)", content)] == [0, 1, 2, 3, 4]


def test_drop_old_keeps_the_latest(mock: Mock, key: str, logger: logging.Logger) -> None:
    handler = WecomHandler(key, base_url=mock.url, capacity=3, on_full="drop_old", batch_delay=60.0, rate_limit=False)
    logger.addHandler(handler)
    for i in range(10):
        logger.warning("record %d", i)
    handler.close()
    (content,) = contents(mock, key)
    assert [int(n) for n in re.findall(r"record (\d+)", content)] == [7, 8, 9]
    assert content.startswith("(7 log records dropped")


def test_emit_never_raises(mock: Mock, key: str, logger: logging.Logger, capsys: pytest.CaptureFixture[str]) -> None:
    handler = WecomHandler(key, base_url=mock.url, rate_limit=False)
    logger.addHandler(handler)
    # A record that cannot be formatted: logging's handleError reports it on stderr.
    handler.handle(logging.makeLogRecord({"name": logger.name, "msg": "%d apples", "args": ("not a number",)}))
    mock.script(key, {"kind": "errcode", "errcode": 40058, "errmsg": "refused"})
    logger.error("refused by the server")
    handler.flush()
    assert handler.queue.failed == 1  # type: ignore[attr-defined]
    logger.error("delivered")
    handler.close()
    assert "Traceback" in capsys.readouterr().err
    records = mock.records(key)
    assert [r["delivered"] for r in records] == [False, True]
    assert records[1]["body_json"]["markdown"]["content"] == f"ERROR {logger.name}: delivered"


def test_configuration_errors_are_loud(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_WECOM_KEY", raising=False)
    with pytest.raises(wecom_bot.InvalidArgumentError, match="NO_SUCH_WECOM_KEY"):
        WecomHandler(key_env="NO_SUCH_WECOM_KEY")
    with pytest.raises(wecom_bot.InvalidArgumentError, match="msgtype"):
        WecomHandler("a-test-key", msgtype="news")
    with pytest.raises(wecom_bot.InvalidArgumentError, match="@all"):
        WecomHandler("a-test-key", mentioned_list=["@all"])
    with pytest.raises(wecom_bot.InvalidArgumentError, match="mention_level"):
        WecomHandler("a-test-key", mention_level="LOUD")


def test_a_pluggable_queue(key: str, logger: logging.Logger) -> None:
    class Collect:
        def __init__(self) -> None:
            self.entries: list = []

        def put(self, entry: object) -> bool:
            self.entries.append(entry)
            return True

        def flush(self, timeout: float) -> bool:
            return True

        def close(self, timeout: float) -> bool:
            return True

    queue = Collect()
    handler = WecomHandler(queue=queue, mention_level="ERROR")
    logger.addHandler(handler)
    logger.warning("w")
    logger.error("e")
    assert [(e.text, e.mention) for e in queue.entries] == [
        (f"WARNING {logger.name}: w", False),
        (f"ERROR {logger.name}: e", True),
    ]
    assert isinstance(MemoryQueue, type)
