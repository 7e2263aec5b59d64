"""wecom_bot.Outbox against the mock (issue 13): messages enqueued while the rate window is full
go out packed in one message; the context manager starts a deliverer and drains on exit; dead
letters are listed, re-queued and purged; the store's failures raise StoreError; and the
logging handler's durable mode keeps records in the outbox across a crash of the process."""

from __future__ import annotations

import logging
import subprocess
import sys
import uuid
from pathlib import Path
from typing import List

import pytest

import wecom_bot
from wecom_bot import Bot, Markdown, Outbox, RateLimit, Text
from wecom_bot.logging import OutboxQueue, WecomHandler

from conftest import Mock


def contents(mock: Mock, key: str) -> List[str]:
    out = []
    for r in mock.records(key):
        if r["delivered"]:
            body = r["body_json"]
            out.append(body[body["msgtype"]]["content"])
    return out


def store_in(tmp_path: Path) -> str:
    return f"sqlite:{tmp_path / 'outbox.sqlite3'}"


def bot(mock: Mock, key: str, store: str) -> Bot:
    """A bot whose window (2 messages per 3 s, waiting for a slot) is kept in `store`."""
    return Bot(key, base_url=mock.url, store=store, rate_limit=RateLimit(2, 3.0, max_wait=10.0))


def test_messages_queued_while_the_window_is_full_go_out_packed(mock: Mock, key: str, tmp_path: Path) -> None:
    b = bot(mock, key, store_in(tmp_path))
    outbox = Outbox(b)
    b.send_text("direct 1")
    b.send_text("direct 2")  # the window is full now
    ids = [outbox.enqueue(Text(f"alert {i}")) for i in range(1, 6)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    with pytest.raises(wecom_bot.ValidationError) as bad:
        outbox.enqueue(Text(""))
    assert bad.value.field == "text.content"
    status = outbox.status()
    assert (status.pending, status.delivered, status.sent, status.dead) == (5, 0, 0, 0)
    assert status.oldest is not None and status.oldest >= 0
    assert status.store == store_in(tmp_path)

    report = outbox.run_until_empty(timeout=60)
    assert (report.delivered, report.sent) == (5, 1)
    assert contents(mock, key) == ["direct 1", "direct 2", "alert 1\n\nalert 2\n\nalert 3\n\nalert 4\n\nalert 5"]
    status = outbox.status()
    assert (status.pending, status.oldest, status.delivered, status.sent) == (0, None, 5, 1)


def test_the_context_manager_delivers_and_drains(mock: Mock, key: str, tmp_path: Path) -> None:
    b = bot(mock, key, store_in(tmp_path))
    b.send_text("direct 1")
    b.send_text("direct 2")
    outbox = Outbox(b, poll=0.05, drain=30)
    # Enqueued before the deliverer starts: its first step sees all three and packs them.
    for m in (Markdown("**disk** full on db1"), {"msgtype": "markdown", "markdown": {"content": "**cpu** high"}}):
        outbox.enqueue(m)
    outbox.enqueue(Markdown("db1 ok"))
    with outbox as o:
        assert o is outbox and o.running
        with pytest.raises(wecom_bot.InvalidArgumentError):
            o.start()  # one deliverer per outbox
    assert not outbox.running
    assert contents(mock, key)[2:] == ["**disk** full on db1\n\n**cpu** high\n\ndb1 ok"]
    assert outbox.stop() is None  # nothing left running


def test_dead_letters_are_listed_requeued_and_purged(mock: Mock, key: str, tmp_path: Path) -> None:
    outbox = Outbox(bot(mock, key, store_in(tmp_path)))
    mock.script(key, {"kind": "errcode", "errcode": 93000})
    first = outbox.enqueue(Text("to a deleted robot"))
    report = outbox.run_until_empty()
    assert (report.delivered, report.dead) == (0, 1)
    (dead,) = outbox.dead_letters()
    assert dead.id == first and "93000" in dead.error and key not in dead.error
    assert '"to a deleted robot"' in dead.body and dead.enqueued_at > 1.7e9
    assert outbox.status().dead == 1
    assert outbox.retry_dead([first + 1000]) == 0
    assert outbox.retry_dead([first]) == 1
    assert outbox.run_until_empty().delivered == 1
    assert contents(mock, key) == ["to a deleted robot"]
    outbox.enqueue(Text("never sent"))
    assert outbox.purge() == 0
    assert outbox.purge(all=True) == 1
    assert outbox.status().pending == 0


def test_bad_options_and_an_unusable_store(mock: Mock, key: str, tmp_path: Path) -> None:
    b = bot(mock, key, "memory")
    with pytest.raises(wecom_bot.InvalidArgumentError) as e:
        Outbox(b, on_uncertain="ignore")
    assert e.value.field == "on_uncertain"
    with pytest.raises(wecom_bot.InvalidArgumentError):
        Outbox(b, lease=0)
    with pytest.raises(wecom_bot.InvalidArgumentError):
        Outbox(b, initial_backoff=5, max_backoff=1)
    with pytest.raises(TypeError, match="bot must be a Bot"):
        Outbox("not a bot")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ids"):
        Outbox(b).retry_dead("1")  # type: ignore[arg-type]
    # A store that cannot be opened: the error says so and never shows the password or the key.
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    with pytest.raises(wecom_bot.StoreError) as e2:
        Outbox(b, store=f"sqlite:{blocked}/outbox.sqlite3").enqueue(Text("not queued"))
    assert key not in str(e2.value)
    down = "redis://app:Hunter2Secret@127.0.0.1:1/0"
    with pytest.raises((wecom_bot.StoreError, wecom_bot.InvalidArgumentError)) as e3:
        Outbox(b, store=down).enqueue(Text("not queued"))
    assert "Hunter2Secret" not in str(e3.value) and key not in str(e3.value)
    # A closed bot makes no outbox.
    b.close()
    with pytest.raises(wecom_bot.InvalidArgumentError, match="closed"):
        Outbox(b)


CRASHING_PRODUCER = """
import logging, os, sys
from wecom_bot import Bot, Outbox
from wecom_bot.logging import OutboxQueue, WecomHandler
key, url, store = sys.argv[1:4]
outbox = Outbox(Bot(key, base_url=url, store=store))
log = logging.getLogger("app.crash")
log.propagate = False
# deliver=False: this process only enqueues; another delivers (as `wecom-bot outbox run` would).
log.addHandler(WecomHandler(queue=OutboxQueue(outbox, msgtype="text", deliver=False)))
for i in range(5):
    log.error("crash record %d", i)
os._exit(0)  # no close(), no flush: the records must already be in the store
"""


def test_the_handlers_durable_mode_survives_a_crash(mock: Mock, key: str, tmp_path: Path) -> None:
    store = store_in(tmp_path)
    subprocess.run([sys.executable, "-c", CRASHING_PRODUCER, key, mock.url, store], check=True, timeout=60)
    assert contents(mock, key) == []
    outbox = Outbox(Bot(key, base_url=mock.url, store=store, rate_limit=False))
    assert outbox.status().pending == 5
    assert outbox.run_until_empty().delivered == 5
    assert contents(mock, key) == [f"ERROR app.crash: crash record {i}" for i in range(5)]


def test_a_store_makes_the_handler_durable(mock: Mock, key: str, tmp_path: Path) -> None:
    log = logging.getLogger(f"app.{uuid.uuid4().hex}")
    log.propagate = False
    handler = WecomHandler(
        key, base_url=mock.url, store=store_in(tmp_path), rate_limit=RateLimit(2, 3.0, max_wait=10.0),
        mention_level="ERROR", mentioned_list=["oncall"], flush_timeout=60.0,
    )
    assert isinstance(handler.queue, OutboxQueue)
    log.addHandler(handler)
    lines = [f"request {i} failed: upstream said 503" for i in range(200)]
    for line in lines:
        log.warning(line)
    log.error("disk full")
    handler.close()  # delivers what is queued within flush_timeout
    got = contents(mock, key)
    posted = [line for c in got for line in c.split("\n\n")]
    assert posted == [f"WARNING {log.name}: {line}" for line in lines] + [f"ERROR {log.name}: disk full\n<@oncall>"]
    # 201 records of ~60 bytes, a burst the window (2 per 3 s) cannot let out one by one: each
    # request carries what waits (about 6 when the burst is enqueued within a window or two; the
    # bound leaves room for a slow machine, where the deliverer sees the burst in more slices).
    assert len(got) <= len(lines) // 5, f"{len(got)} messages for 201 records"
    in_memory = WecomHandler(key, base_url=mock.url, store="memory", durable=False)
    assert type(in_memory.queue).__name__ == "MemoryQueue"
    in_memory.close()
