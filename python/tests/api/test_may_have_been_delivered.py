"""``WecomBotError.may_have_been_delivered`` (read from the core's ``Error::may_have_been_delivered``):
true when the request went out and no answer came back, false when nothing was sent; kept
through pickling."""

from __future__ import annotations

import pickle

import pytest

import wecom_bot
from wecom_bot import Bot

from conftest import Mock


def test_a_timeout_after_the_request_went_out_may_have_delivered(mock: Mock, key: str) -> None:
    # The mock holds its answer 3 s (then delivers the message); the client waits 300 ms.
    mock.script(key, {"kind": "delay", "ms": 3000})
    with pytest.raises(wecom_bot.TimeoutError) as e:
        Bot(key, base_url=mock.url, timeout=0.3, rate_limit=False).send_text("slow answer")
    assert e.value.may_have_been_delivered is True
    assert pickle.loads(pickle.dumps(e.value)).may_have_been_delivered is True


def test_what_sent_nothing_did_not_deliver(key: str) -> None:
    with pytest.raises(wecom_bot.TransportError) as e:
        Bot(key, base_url="http://127.0.0.1:9", retry=False, rate_limit=False).send_text("nobody home")
    assert e.value.may_have_been_delivered is False
    with pytest.raises(wecom_bot.ValidationError) as v:
        Bot(key, rate_limit=False).send_text("")
    assert v.value.may_have_been_delivered is False
    assert wecom_bot.WecomBotError("made by hand").may_have_been_delivered is False
