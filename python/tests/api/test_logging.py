"""Log records of the core reach Python's logging (logger "wecom_bot"), with the key masked."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from wecom_bot import Bot, Outbox, RateLimit, Text, errors

from conftest import Mock


def test_debug_records_reach_the_wecom_bot_logger_masked(mock: Mock, key: str, caplog: pytest.LogCaptureFixture) -> None:
    bot = Bot(key, base_url=mock.url)
    with caplog.at_level(logging.DEBUG, logger="wecom_bot"):
        bot.send_text("logged")
        mock.script(key, {"kind": "errcode", "errcode": 40058, "errmsg": f"echo {key}"})
        with pytest.raises(errors.ApiError):
            bot.send_text("refused")
    records = [r for r in caplog.records if r.name == "wecom_bot"]
    assert records, "no log record from wecom_bot"
    text = "\n".join(r.getMessage() for r in records)
    assert "POST" in text and "/cgi-bin/webhook/send" in text
    assert key not in text and "S3CRET" not in text
    assert bot.masked_key in text
    assert all(r.levelno == logging.DEBUG for r in records)


def test_nothing_is_emitted_above_the_level(mock: Mock, key: str, caplog: pytest.LogCaptureFixture) -> None:
    bot = Bot(key, base_url=mock.url)
    with caplog.at_level(logging.WARNING, logger="wecom_bot"):
        bot.send_text("quiet")
    assert [r for r in caplog.records if r.name == "wecom_bot"] == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_broken_handler_does_not_break_a_send(mock: Mock, key: str) -> None:
    class Broken(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler failure")

        def handleError(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler failure")

    logger = logging.getLogger("wecom_bot")
    handler = Broken()
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        Bot(key, base_url=mock.url).send_text("still sent")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    assert len(mock.records(key)) == 1


def test_a_short_key_is_masked_by_the_cores_one_rule(mock: Mock, caplog: pytest.LogCaptureFixture) -> None:
    # The bridge used to skip keys under 8 characters; the core's rule (wecom_bot::secret)
    # masks every key of the process, shown as "…" below 16 characters.
    key = "Sh0rtK7"
    bot = Bot(key, base_url=mock.url)
    assert bot.masked_key == "…"
    with caplog.at_level(logging.DEBUG, logger="wecom_bot"):
        mock.script(key, {"kind": "errcode", "errcode": 40058, "errmsg": f"echo {key}"})
        with pytest.raises(errors.ApiError):
            bot.send_text("refused")
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "wecom_bot")
    assert "/cgi-bin/webhook/send" in text
    assert key not in text


def test_a_change_of_level_is_seen_by_the_next_call(mock: Mock, key: str, caplog: pytest.LogCaptureFixture) -> None:
    # The bridge reads the logger's threshold when a call starts (a record below it is dropped
    # without taking the GIL): each change between calls is seen by the next one.
    bot = Bot(key, base_url=mock.url)
    logger = logging.getLogger("wecom_bot")

    def records_of(send: str) -> int:
        caplog.clear()
        bot.send_text(send)
        return len([r for r in caplog.records if r.name == "wecom_bot"])

    with caplog.at_level(logging.DEBUG, logger="wecom_bot"):
        assert records_of("debug on") > 0
        logger.setLevel(logging.INFO)
        assert records_of("debug off") == 0
        logging.disable(logging.DEBUG)
        logger.setLevel(logging.DEBUG)
        try:
            assert records_of("logging disabled") == 0
        finally:
            logging.disable(logging.NOTSET)
        assert records_of("debug on again") > 0
        logger.disabled = True
        try:
            assert records_of("logger disabled") == 0
        finally:
            logger.disabled = False


def test_a_background_deliverer_follows_a_level_set_after_the_last_call(
    mock: Mock, key: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The deliverer starts while the logger drops debug (its reading says so), then the level
    # changes with no call of ours after it: the deliverer's next delivery record reads the
    # logger anew, and the sends after it log their debug records.
    bot = Bot(key, base_url=mock.url, store=f"sqlite:{tmp_path / 'o.sqlite3'}", rate_limit=RateLimit(1, 1.5, max_wait=10.0))
    outbox = Outbox(bot, packing=False, poll=0.05)
    logger = logging.getLogger("wecom_bot")

    def delivered() -> int:
        return sum(1 for r in mock.records(key) if r["delivered"])

    def wait_for(n: int) -> None:
        deadline = time.monotonic() + 30
        while delivered() < n:
            assert time.monotonic() < deadline, f"{delivered()} of {n} delivered"
            time.sleep(0.05)

    with caplog.at_level(logging.DEBUG, logger="wecom_bot"):  # the capturing handler's level
        logger.setLevel(logging.WARNING)
        for i in range(1, 4):
            outbox.enqueue(Text(f"m {i}"))
        outbox.start()
        try:
            wait_for(1)
            caplog.clear()
            logger.setLevel(logging.DEBUG)  # no call of ours from here on
            wait_for(3)
            time.sleep(0.2)  # the last delivery's records
        finally:
            outbox.stop()
    ours = [r for r in caplog.records if r.name == "wecom_bot"]
    infos = [r.getMessage() for r in ours if r.levelno == logging.INFO]
    assert any(m.startswith("delivered 1 message") for m in infos), infos
    # m 3's send logs its request at debug (m 2's may not: it can go out before the reading).
    assert any(r.levelno == logging.DEBUG and r.getMessage().startswith("POST ") for r in ours), [r.getMessage() for r in ours]
    assert all(key not in r.getMessage() for r in ours)
