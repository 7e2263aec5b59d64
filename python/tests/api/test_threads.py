"""The GIL is released during network I/O: 8 threads sharing one Bot have their sends in
flight at the same time. Proven by the mock, not by durations: every request of the 8 is
scripted to wait at the server (delay fault) before being answered; the main thread sees all 8
delay scripts taken (8 requests received) while no answer has been recorded yet. With the GIL
held during a send, at most one request could be in flight, and the main thread could not even
poll."""

from __future__ import annotations

import threading
import time
from typing import Dict

from wecom_bot import Bot

from conftest import Mock

THREADS = 8


def test_eight_threads_share_one_bot_and_overlap(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url)
    # Long enough for 8 local requests to arrive; if they do not, the test fails (never passes wrongly).
    mock.script(key, {"kind": "delay", "ms": 5000}, times=THREADS)
    started: Dict[int, float] = {}
    finished: Dict[int, float] = {}
    failures: list = []
    barrier = threading.Barrier(THREADS)

    def worker(i: int) -> None:
        try:
            barrier.wait()
            started[i] = time.monotonic()
            bot.send_text(f"thread {i}")
            finished[i] = time.monotonic()
        except BaseException as e:  # reported by the main thread
            failures.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    # In flight at the server = received (delay scripts taken) - answered (records). Read
    # `pending` first: the records read after it can only have grown, so the difference never
    # overstates how many were in flight together.
    most_in_flight = 0
    t0 = time.monotonic()
    samples = []  # (seconds, received, answered): shown if the test fails
    while any(t.is_alive() for t in threads) and most_in_flight < THREADS:
        received = THREADS - mock.pending(key)
        answered = len(mock.records(key))
        samples.append((round(time.monotonic() - t0, 3), received, answered))
        most_in_flight = max(most_in_flight, received - answered)
        time.sleep(0.02)
    for t in threads:
        t.join()
    assert not failures, failures
    times = {i: (round(started[i] - t0, 3), round(finished[i] - t0, 3)) for i in started}
    assert most_in_flight == THREADS, (
        f"at most {most_in_flight} of the {THREADS} sends were in flight together; "
        f"samples {samples[:5]}…{samples[-5:]} ({len(samples)}); send times {times}"
    )
    records = mock.records(key)
    assert len(records) == THREADS and all(r["delivered"] for r in records)
    assert sorted(r["body_json"]["text"]["content"] for r in records) == sorted(f"thread {i}" for i in range(THREADS))
    # And on the client side: every send started before any finished.
    assert max(started.values()) < min(finished.values())
