"""Bot: every send method and upload input form against the mock server, and the options."""

from __future__ import annotations

import base64
import hashlib
import pathlib
import subprocess
import sys

import pytest

import wecom_bot
from wecom_bot import Bot

from conftest import FIXTURES, Mock


def sent(mock: Mock, key: str) -> list:
    return [r["body_json"] for r in mock.records(key) if r["kind"] == "send"]


def test_send_every_message_type(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url)
    bot.send_text("hello", mentioned_list=["wangqing", "@all"], mentioned_mobile_list=["13800001111"])
    bot.send_markdown("**bold** " + wecom_bot.font_color("ok", "info"))
    bot.send_markdown_v2(wecom_bot.markdown_table(["a", "b"], [["1", "2"]]))
    bot.send_news([wecom_bot.Article("title", "www.qq.com", description="d"), {"title": "t2", "url": "u2"}])
    card = wecom_bot.TextNoticeCard(
        main_title=wecom_bot.MainTitle("Build", "passed"),
        card_action=wecom_bot.CardAction(type=1, url="https://example.com"),
    )
    bot.send(card)
    bot.send({"msgtype": "text", "text": {"content": "from a dict"}})
    bot.send_json('{"msgtype":"markdown","markdown":{"content":"from JSON"}}')
    bodies = sent(mock, key)
    assert [b["msgtype"] for b in bodies] == ["text", "markdown", "markdown_v2", "news", "template_card", "text", "markdown"]
    assert bodies[0]["text"] == {"content": "hello", "mentioned_list": ["wangqing", "@all"], "mentioned_mobile_list": ["13800001111"]}
    assert bodies[1]["markdown"]["content"] == '**bold** <font color="info">ok</font>'
    assert bodies[3]["news"]["articles"][1] == {"title": "t2", "url": "u2"}
    assert bodies[4] == card.to_dict()
    assert all(r["delivered"] for r in mock.records(key))


@pytest.mark.parametrize("form", ["str", "path", "bytes", "bytearray", "memoryview"])
def test_send_image_inputs(mock: Mock, key: str, form: str) -> None:
    path = FIXTURES / "icon.png"
    raw = path.read_bytes()
    arg = {
        "str": str(path),
        "path": path,
        "bytes": raw,
        "bytearray": bytearray(raw),
        "memoryview": memoryview(raw),
    }[form]
    Bot(key, base_url=mock.url).send_image(arg)
    (body,) = sent(mock, key)
    assert body["image"] == {"base64": base64.b64encode(raw).decode(), "md5": hashlib.md5(raw).hexdigest()}


def test_image_class_forms_agree() -> None:
    path = FIXTURES / "banner.jpg"
    raw = path.read_bytes()
    a = wecom_bot.Image(path)
    assert a == wecom_bot.Image.from_path(str(path)) == wecom_bot.Image.from_bytes(raw) == wecom_bot.Image(raw)
    b = wecom_bot.Image(base64=a.base64, md5=a.md5)
    assert b.to_json() == a.to_json()
    assert a.md5 == hashlib.md5(raw).hexdigest()
    assert "base64_len" in repr(a) and a.base64[:40] not in repr(a)


def test_upload_from_a_path_names_it_after_the_file(mock: Mock, key: str, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "周报.txt"
    path.write_text("本周完成：上传接口", encoding="utf-8")
    media = Bot(key, base_url=mock.url).upload(path)
    assert media.kind == "file" and media.media_id and media.created_at > 0
    (record,) = mock.records(key)
    assert record["upload"]["filename"] == "周报.txt"
    assert record["upload"]["size"] == len(path.read_bytes())


def test_upload_bytes_needs_a_filename(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url)
    with pytest.raises(wecom_bot.ValidationError) as e:
        bot.upload(b"some bytes")
    assert e.value.field == "filename" and e.value.rule == "required"
    media = bot.upload(b"some bytes", filename="notes.txt")
    assert media.kind == "file"
    assert mock.records(key)[0]["upload"]["filename"] == "notes.txt"


def test_upload_kind_is_checked(mock: Mock, key: str) -> None:
    with pytest.raises(wecom_bot.ValidationError) as e:
        Bot(key, base_url=mock.url).upload(b"123456", kind="video", filename="x")
    assert e.value.field == "type"
    assert mock.records(key) == []


def test_send_file_and_voice(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url)
    media = bot.send_file(FIXTURES / "banner.jpg")
    voice = bot.send_voice(str(FIXTURES / "voice-3s.amr"))
    also = bot.send_file(b"report body", filename="report.txt")
    assert (media.kind, voice.kind, also.kind) == ("file", "voice", "file")
    kinds = [(r["kind"], r.get("msgtype")) for r in mock.records(key)]
    assert kinds == [("upload", None), ("send", "file"), ("upload", None), ("send", "voice"), ("upload", None), ("send", "file")]
    bodies = sent(mock, key)
    assert bodies[0] == {"msgtype": "file", "file": {"media_id": media.media_id}}
    assert bodies[1] == {"msgtype": "voice", "voice": {"media_id": voice.media_id}}
    assert all(r["delivered"] for r in mock.records(key))
    assert repr(media).startswith("Media(media_id=")


def test_upload_with_a_display_name_other_than_the_path(mock: Mock, key: str) -> None:
    Bot(key, base_url=mock.url).upload(FIXTURES / "voice-3s.amr", kind="voice", filename="memo.amr")
    assert mock.records(key)[0]["upload"]["filename"] == "memo.amr"


def test_chunked_sends(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url)
    text = "\n".join(f"line {i:04d} " + "x" * 40 for i in range(120))  # ≈ 6 KB
    n = bot.send_text_chunked(text)
    assert n == len(wecom_bot.split_text(text)) and n >= 3
    bodies = sent(mock, key)
    assert "".join(b["text"]["content"] for b in bodies) == text
    m = bot.send_markdown_chunked("```\n" + "code\n" * 2000 + "```\n")
    assert m >= 2


def test_from_env(mock: Mock, key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WECOM_BOT_KEY", raising=False)
    monkeypatch.setenv("WECOM_BOT_WEBHOOK", mock.webhook(key))
    bot = Bot.from_env()
    assert bot.base_url == mock.url
    bot.send_text("from WECOM_BOT_WEBHOOK")
    monkeypatch.delenv("WECOM_BOT_WEBHOOK")
    monkeypatch.setenv("WECOM_BOT_KEY", key)
    Bot.from_env(base_url=mock.url).send_text("from WECOM_BOT_KEY")
    assert [b["text"]["content"] for b in sent(mock, key)] == ["from WECOM_BOT_WEBHOOK", "from WECOM_BOT_KEY"]
    monkeypatch.delenv("WECOM_BOT_KEY")
    with pytest.raises(wecom_bot.InvalidArgumentError) as e:
        Bot.from_env()
    assert e.value.field == "environment"


def test_from_env_honours_the_whole_environment_contract(
    mock: Mock, key: str, monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.delenv("WECOM_BOT_WEBHOOK", raising=False)
    monkeypatch.setenv("WECOM_BOT_KEY", key)
    monkeypatch.setenv("WECOM_BOT_BASE_URL", mock.url)
    monkeypatch.setenv("WECOM_BOT_STORE", f"sqlite:{tmp_path / 'state.sqlite3'}")
    monkeypatch.setenv("WECOM_BOT_RATE_LIMIT", "20/2")
    bot = Bot.from_env()
    assert bot.base_url == mock.url
    bot.send_text("from WECOM_BOT_BASE_URL")
    assert [b["text"]["content"] for b in sent(mock, key)] == ["from WECOM_BOT_BASE_URL"]
    assert (tmp_path / "state.sqlite3").exists(), "WECOM_BOT_STORE was not used"
    monkeypatch.setenv("WECOM_BOT_RATE_LIMIT", "20")
    with pytest.raises(wecom_bot.InvalidArgumentError) as e:
        Bot.from_env()
    assert e.value.field == "WECOM_BOT_RATE_LIMIT"


def test_store_is_shared_by_processes(mock: Mock, key: str, tmp_path: pathlib.Path) -> None:
    # Two messages fill a 2-per-minute window in the SQLite file; another process naming the
    # same file (fail_fast) is refused by that window, one naming a file of its own is not.
    store = f"sqlite:{tmp_path / 'shared.sqlite3'}"
    limit = wecom_bot.RateLimit(2, 60, policy="fail_fast")
    Bot(key, base_url=mock.url, store=store, rate_limit=limit).send_text("one")
    Bot(key, base_url=mock.url, store=store, rate_limit=limit).send_text("two")
    child = (
        "import sys, wecom_bot\n"
        "bot = wecom_bot.Bot(sys.argv[1], base_url=sys.argv[2], store=sys.argv[3],\n"
        "    rate_limit=wecom_bot.RateLimit(2, 60, policy='fail_fast'))\n"
        "try:\n"
        "    bot.send_text('three')\n"
        "except wecom_bot.RateLimitedError:\n"
        "    sys.exit(7)\n"
    )
    # The key travels on argv of a child of this test only (never printed).
    shared = subprocess.run([sys.executable, "-c", child, key, mock.url, store], capture_output=True, text=True)
    assert shared.returncode == 7, shared.stderr
    own = subprocess.run(
        [sys.executable, "-c", child, key, mock.url, f"sqlite:{tmp_path / 'own.sqlite3'}"], capture_output=True, text=True
    )
    assert own.returncode == 0, own.stderr
    assert [b["text"]["content"] for b in sent(mock, key)] == ["one", "two", "three"]
    assert key not in (tmp_path / "shared.sqlite3").read_bytes().decode("latin-1")


def test_store_argument_wins_over_the_environment(
    mock: Mock, key: str, monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.setenv("WECOM_BOT_KEY", key)
    monkeypatch.setenv("WECOM_BOT_STORE", f"sqlite:{tmp_path / 'env.sqlite3'}")
    Bot.from_env(base_url=mock.url, store=f"sqlite:{tmp_path / 'arg.sqlite3'}").send_text("x")
    assert (tmp_path / "arg.sqlite3").exists() and not (tmp_path / "env.sqlite3").exists()


def test_on_store_error(mock: Mock, key: str) -> None:
    # Nothing listens on port 1: the store cannot be used.
    down = "redis://app:Hunter2Secret@127.0.0.1:1/0"
    with pytest.raises(wecom_bot.StoreError) as e:
        Bot(key, base_url=mock.url, store=down, on_store_error="fail").send_text("not sent")
    assert e.value.kind == "store" and "Hunter2Secret" not in str(e.value) and "***" in str(e.value)
    Bot(key, base_url=mock.url, store=down, on_store_error="local").send_text("sent under a local window")
    assert [b["text"]["content"] for b in sent(mock, key)] == ["sent under a local window"]


def test_webhook_url_and_default_base(key: str) -> None:
    assert Bot(key).base_url == "https://qyapi.weixin.qq.com"
    bot = Bot(f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={key}")
    assert bot.base_url == "https://qyapi.weixin.qq.com"


@pytest.mark.parametrize(
    "options, field",
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": -1.0}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
        ({"connect_timeout": 0.0}, "connect_timeout"),
        ({"upload_timeout": 1e300}, "upload_timeout"),
        ({"retry": 0}, "retry"),
        ({"retry": -5}, "retry"),
        ({"tls_roots": "mine"}, "tls_roots"),
        ({"base_url": "ftp://example.com"}, "base_url"),
        ({"base_url": "http://example.com"}, "base_url"),  # plain http only for loopback
        ({"proxy": "not a url"}, "proxy"),
        ({"multipart_boundary": "bad boundary!"}, "multipart_boundary"),
        ({"store": "postgres://db"}, "store"),
        ({"store": "sqlite:"}, "store"),
        ({"on_store_error": "ignore"}, "on_store_error"),
    ],
)
def test_bad_options_are_invalid_arguments(key: str, options: dict, field: str) -> None:
    with pytest.raises(wecom_bot.InvalidArgumentError) as e:
        Bot(key, **options)
    assert e.value.field == field
    assert isinstance(e.value, ValueError)


def test_a_timeout_error_states_the_range() -> None:
    # 1e300 is finite and above 0: the message must say what it is out of.
    with pytest.raises(wecom_bot.InvalidArgumentError) as e:
        Bot("k", upload_timeout=1e300)
    assert "below 2**64" in str(e.value) and "1e300" in str(e.value), str(e.value)


def test_good_options(mock: Mock, key: str) -> None:
    bot = Bot(
        key,
        base_url=mock.url + "/",
        timeout=5,
        connect_timeout=2.5,
        upload_timeout=60,
        proxy=False,
        rate_limit=wecom_bot.RateLimit(5, 0.5, policy="wait", max_wait=2),
        retry=2,
        tls_roots="platform",
        user_agent="my-app/1.0",
        multipart_boundary="fixed-boundary-123",
    )
    bot.send_text("hi")
    bot.upload(b"hello world", filename="h.txt")
    records = mock.records(key)
    assert records[0]["headers"]["user-agent"] == "my-app/1.0"
    assert "boundary=fixed-boundary-123" in records[1]["headers"]["content-type"]
    assert Bot(key, base_url="http://10.0.0.1:8080", allow_insecure_http=True).base_url == "http://10.0.0.1:8080"


def test_rate_limit_fail_fast_is_local(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url, rate_limit=wecom_bot.RateLimit(1, 60, policy="fail_fast"))
    bot.send_text("first")
    with pytest.raises(wecom_bot.RateLimitedError) as e:
        bot.send_text("second")
    assert e.value.errcode is None and e.value.retry_after is not None and 0 < e.value.retry_after <= 60
    assert isinstance(e.value, wecom_bot.ApiError)
    assert len(mock.records(key)) == 1
    # Shared by every Bot of the key in the process:
    with pytest.raises(wecom_bot.RateLimitedError):
        Bot(key, base_url=mock.url, rate_limit=wecom_bot.RateLimit(1, 60, policy="fail_fast")).send_text("third")
    # …but not by a bot without a limit.
    Bot(key, base_url=mock.url, rate_limit=False).send_text("unlimited")
    assert len(mock.records(key)) == 2


def test_rate_limit_class() -> None:
    r = wecom_bot.RateLimit()
    assert (r.max_messages, r.window, r.policy, r.max_wait) == (20, 60.0, "wait", 65.0)
    f = wecom_bot.RateLimit(3, 1.5, policy="fail_fast")
    assert (f.policy, f.max_wait) == ("fail_fast", None)
    assert repr(f) == "RateLimit(max_messages=3, window=1.5, policy='fail_fast')"
    assert f == wecom_bot.RateLimit(3, 1.5, policy="fail_fast")
    for bad in ({"max_messages": 0}, {"max_messages": 2**40}, {"window": float("nan")}, {"policy": "sometimes"}, {"max_wait": -1}):
        with pytest.raises(wecom_bot.InvalidArgumentError):
            wecom_bot.RateLimit(**bad)


def test_rate_limit_wait_policy_waits_then_sends(mock: Mock, key: str) -> None:
    bot = Bot(key, base_url=mock.url, rate_limit=wecom_bot.RateLimit(1, 0.3, policy="wait", max_wait=30))
    bot.send_text("first")
    bot.send_text("second, after the window frees")  # waits instead of failing
    assert [b["text"]["content"] for b in sent(mock, key)] == ["first", "second, after the window frees"]
