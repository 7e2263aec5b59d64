#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the conformance vectors and the fixtures.

Run by scripts/fuzz.sh before fuzzing; idempotent (files are named by the sha1 of their
content), so the committed corpora only grow.
"""
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "conformance" / "cases"
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "fuzz" / "corpus"
MARKDOWN = ROOT / "tests" / "markdown-corpus" / "src"
MAX_SEED = 16 * 1024  # keep the committed corpora small


def put(target: str, data: bytes) -> None:
    if len(data) > MAX_SEED:
        return
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def cases():
    for f in sorted(CASES.glob("*.json")):
        yield from json.loads(f.read_text(encoding="utf-8"))["cases"]


def main() -> None:
    for case in cases():
        inp, exp = case["input"], case["expect"]
        for m in (inp.get("message"), inp.get("send"), exp.get("body_json")):
            if isinstance(m, dict):
                put("message_json", json.dumps(m, ensure_ascii=False).encode())
        split = inp.get("split")
        if isinstance(split, dict) and isinstance(split.get("content"), str):
            limit = 255 if split.get("mode") == "markdown" else 63
            put("splitters", bytes([limit]) + split["content"].encode())
        helper = inp.get("helper")
        if isinstance(helper, dict):
            args = helper.get("args") or []
            if helper.get("name", "").startswith("to_") and args and isinstance(args[0], str):
                put("markdown", b"\x00" + args[0].encode())
            if helper.get("name") == "markdown_table" and len(args) >= 2:
                rows = [args[0], *args[1]]
                table = "\x1e".join("\x1f".join(map(str, r)) for r in rows)
                put("markdown", b"\x01" + table.encode())
        upload = inp.get("upload")
        if isinstance(upload, dict):
            name = str(upload.get("filename", "a.txt")).encode()[:255]
            put("multipart", bytes([len(name)]) + name + b"hello world\r\n--x")
    for amr in sorted(FIXTURES.glob("*.amr")):
        data = amr.read_bytes()
        put("amr_duration", data[:4096])
        put("amr_duration", data[6:400])
    boundary = "wecombot-seed"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"media\";filename=\"a.txt\"; filelength=5\r\n"
        f"Content-Type: application/octet-stream\r\n\r\nhello\r\n--{boundary}--\r\n"
    )
    put("upload_parser", f"multipart/form-data; boundary={boundary}\n{body}".encode())
    put("upload_parser", f'multipart/form-data; boundary="{boundary}"\npreamble\r\n{body}'.encode())
    for doc in sorted(MARKDOWN.glob("*.md")):
        put("markdown", b"\x00" + doc.read_bytes()[: MAX_SEED - 1])
    # A hostile table, a cell that tries to break its row, and deep nesting with lazy lines.
    put("markdown", b"\x01" + "\x1f".join(["h"] * 40).encode() + b"\x1ex\x1ea|b\\|c\x1f\r\nd")
    put("markdown", b"\x00" + b"- " * 30 + b"a\n" + b"b\n" * 30 + b"\n" + b">" * 30 + b" q\nr\n")
    # The server's answers: status (0x00 0x00 = 200, else 0x80|hi lo), kind (0 send, 1 file,
    # 2 voice), then the body. "KEY" is replaced by the target's canary key.
    answers = [
        (200, 0, '{"errcode":0,"errmsg":"ok"}'),
        (200, 1, '{"errcode":0,"errmsg":"ok","type":"file","media_id":"3a8asd892asd8asd","created_at":"1380000000"}'),
        (200, 2, '{"errcode":0,"errmsg":"ok","type":"voice","media_id":"m1","created_at":1380000000}'),
        (200, 1, '{"errcode":0,"errmsg":"ok","type":"voice","media_id":"m1","created_at":"1"}'),
        (200, 0, '{"errcode":45009,"errmsg":"api freq out of limit"}'),
        (200, 0, '{"errcode":-1,"errmsg":"system busy"}'),
        (200, 0, '{"errcode":93000,"errmsg":"invalid webhook url, key KEY"}'),
        (200, 0, '{"errcode":0,"errmsg":"ok. Warning: wrong json format. "}'),
        (200, 0, 'not json KEY \u001b[31m'),
        (502, 0, '<html><body>502 Bad Gateway</body></html>'),
        (429, 1, '{"errcode":0,"errmsg":"ok"}'),
    ]
    for status, kind, body in answers:
        head = bytes([0, 0]) if status == 200 else bytes([0x80 | status >> 8, status & 0xFF])
        put("answer", head + bytes([kind]) + body.encode())
    put("multipart", bytes([8]) + b"icon.png" + (FIXTURES / "icon.png").read_bytes()[:512])


if __name__ == "__main__":
    main()
