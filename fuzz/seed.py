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
    put("multipart", bytes([8]) + b"icon.png" + (FIXTURES / "icon.png").read_bytes()[:512])


if __name__ == "__main__":
    main()
