"""A webhook key inside a path (a directory per robot, a file named after the key) is masked in
every `IoError`, whichever call reads the file, and the error keeps the rest of the path. The
core masks it when the error is made, so this holds in every binding."""

from __future__ import annotations

import pathlib

import pytest

import wecom_bot
from wecom_bot import Bot, errors

from conftest import Mock


def masked(key: str) -> str:
    return f"{key[:4]}…{key[-4:]}"


@pytest.mark.parametrize(
    "call",
    [
        lambda bot, path: bot.send_image(path),
        lambda bot, path: bot.send_image(str(path)),
        lambda bot, path: bot.upload(path),
        lambda bot, path: bot.send_file(path),
        lambda bot, path: wecom_bot.Image.from_path(path),
    ],
    ids=["send_image", "send_image_str", "upload", "send_file", "Image.from_path"],
)
def test_the_key_inside_a_path_is_masked(mock: Mock, key: str, tmp_path: pathlib.Path, call) -> None:
    bot = Bot(key, base_url=mock.url)
    missing = tmp_path / f"robot-{key}" / f"{key}.png"
    with pytest.raises(errors.IoError) as info:
        call(bot, missing)
    e = info.value
    assert e.kind == "io"
    for text in (str(e), repr(e), e.message, e.path or ""):
        assert key not in text, f"the key leaked: {text}"
        assert "S3CRET" not in text, f"a piece of the key leaked: {text}"
    assert e.path == str(tmp_path / f"robot-{masked(key)}" / f"{masked(key)}.png")
    assert mock.records(key) == []
