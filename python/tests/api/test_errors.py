"""The exceptions: one class per kind through one native table, the hierarchy, every kind
produced by a real situation (the mock's faults, a missing file, bad input), and the key never
shown in any of them."""

from __future__ import annotations

import builtins
import pickle

import pytest

import wecom_bot
from wecom_bot import Bot, _native, errors

from conftest import FIXTURES, Mock

KINDS = [
    "validation", "api", "rate_limited", "http_status", "timeout", "transport", "decode", "io", "invalid_argument", "store",
]


def test_the_native_table_covers_every_kind_with_the_right_class() -> None:
    table = _native._error_classes()
    assert [kind for kind, _ in table] == KINDS
    for kind, name in table:
        cls = getattr(errors, name)
        assert cls.kind == kind
        assert issubclass(cls, errors.WecomBotError)
        assert getattr(wecom_bot, name) is cls


def test_hierarchy() -> None:
    assert issubclass(errors.ValidationError, ValueError)
    assert issubclass(errors.InvalidArgumentError, ValueError)
    assert issubclass(errors.RateLimitedError, errors.ApiError)
    assert issubclass(errors.TimeoutError, builtins.TimeoutError)
    assert issubclass(errors.TimeoutError, OSError)
    assert issubclass(errors.IoError, OSError)
    assert errors.TimeoutError is not builtins.TimeoutError


def test_attributes_and_pickling() -> None:
    e = errors.ValidationError("text.content is too long", field="text.content", rule="max_bytes", limit=2048)
    assert (e.kind, e.field, e.rule, e.limit, e.errcode, e.status) == ("validation", "text.content", "max_bytes", 2048, None, None)
    assert str(e) == "text.content is too long" and repr(e) == "ValidationError('text.content is too long')"
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is errors.ValidationError and (back.field, back.rule, back.limit) == ("text.content", "max_bytes", 2048)
    io = errors.IoError("cannot read x", path="x")
    assert io.filename == "x" and io.path == "x"
    assert pickle.loads(pickle.dumps(io)).path == "x"


def expect_error(cls: type, kind: str, call, key: str):
    with pytest.raises(cls) as info:
        call()
    e = info.value
    assert e.kind == kind, e
    assert isinstance(e, errors.WecomBotError)
    for text in (str(e), repr(e), e.message, e.errmsg or "", e.path or ""):
        assert key not in text, f"the key leaked: {text}"
    assert "S3CRET" not in str(e)
    return e


@pytest.mark.parametrize(
    "fault, cls, kind, attrs",
    [
        ({"kind": "errcode", "errcode": 93000}, errors.ApiError, "api", {"errcode": 93000}),
        ({"kind": "errcode", "errcode": 45009}, errors.RateLimitedError, "rate_limited", {"errcode": 45009}),
        ({"kind": "errcode", "errcode": -1}, errors.ApiError, "api", {"errcode": -1}),
        ({"kind": "warning"}, errors.ApiError, "api", {"errcode": 0}),
        ({"kind": "http_status", "status": 502}, errors.HttpStatusError, "http_status", {"status": 502}),
        ({"kind": "not_json"}, errors.DecodeError, "decode", {"status": 200}),
        ({"kind": "close"}, errors.TransportError, "transport", {}),
        ({"kind": "delay", "ms": 1500}, errors.TimeoutError, "timeout", {}),
    ],
)
def test_server_faults_raise_their_class(mock: Mock, key: str, fault: dict, cls: type, kind: str, attrs: dict) -> None:
    mock.script(key, fault)
    bot = Bot(key, base_url=mock.url, retry=False, timeout=0.4)
    e = expect_error(cls, kind, lambda: bot.send_text("hello"), key)
    for name, value in attrs.items():
        assert getattr(e, name) == value, (name, e)
    if kind == "rate_limited":
        assert e.retry_after is not None and e.retry_after >= 0
    if kind == "timeout":
        assert isinstance(e, builtins.TimeoutError) and e.phase in ("receive", "overall")
    if kind == "api":
        assert e.errmsg is not None


def test_key_in_the_servers_errmsg_is_masked(mock: Mock, key: str) -> None:
    mock.script(key, {"kind": "errcode", "errcode": 40058, "errmsg": f"bad request for key {key}"})
    e = expect_error(errors.ApiError, "api", lambda: Bot(key, base_url=mock.url).send_text("x"), key)
    assert key[:4] + "…" + key[-4:] in e.errmsg


def test_local_errors(key: str) -> None:
    bot = Bot(key, base_url="http://127.0.0.1:9")
    e = expect_error(errors.ValidationError, "validation", lambda: bot.send_text("a" * 2049), key)
    assert (e.field, e.rule, e.limit) == ("text.content", "max_bytes", 2048)
    e = expect_error(errors.IoError, "io", lambda: bot.send_image(FIXTURES / "missing.png"), key)
    assert e.path and e.path.endswith("missing.png") and isinstance(e, OSError)
    e = expect_error(errors.IoError, "io", lambda: bot.upload(FIXTURES / "missing.bin"), key)
    e = expect_error(errors.TransportError, "transport", lambda: Bot(key, base_url="http://127.0.0.1:9", retry=False).send_text("x"), key)
    e = expect_error(errors.InvalidArgumentError, "invalid_argument", lambda: Bot("not a key/../"), key)
    assert e.field == "key"
    e = expect_error(errors.InvalidArgumentError, "invalid_argument", lambda: Bot(f"https://example.com/wrong/path?key={key}"), key)
    e = expect_error(errors.InvalidArgumentError, "invalid_argument", lambda: wecom_bot.font_color("x", "purple"), key)
    assert e.field == "color"


def test_bot_repr_masks_the_key(key: str) -> None:
    bot = Bot(key)
    for text in (repr(bot), str(bot), bot.masked_key):
        assert key not in text and "S3CRET" not in text
    assert bot.masked_key == key[:4] + "…" + key[-4:]
    assert repr(bot) == f"Bot(key='{bot.masked_key}', base_url='https://qyapi.weixin.qq.com')"
