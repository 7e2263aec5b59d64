"""The Python clients under measurement (run by bench/bench.py, one process per measurement).
Each mode prints one JSON object on standard output and exits non-zero on any failed request.

    python clients.py send   {wecom_bot,requests,httpx} BASE KEY N
    python clients.py upload {wecom_bot,requests} BASE KEY PATH
    python clients.py rate   BASE KEY N COUNT WINDOW_S
    python clients.py image  PNG_PATH REPEAT          (image-stdlib: without our binding)

`send` times only its loop, after one warm-up message that opens the keep-alive connection,
with the process's own CPU clock (getrusage: user + system, every thread). `upload` resets
the kernel's peak-RSS mark after a warm-up message, so the growth is the upload's own.
"""

import json
import os
import resource
import statistics
import sys
import time


def cpu() -> "tuple[float, float]":
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime, r.ru_stime


def status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def text_body(content: str) -> dict:
    return {"msgtype": "text", "text": {"content": content}}


class RequestsClient:
    """What many Python users run today: a requests.Session posting the JSON body and
    checking the errcode of the answer."""

    def __init__(self, base: str, key: str) -> None:
        import requests

        self.session = requests.Session()
        self.send_url = f"{base}/cgi-bin/webhook/send?key={key}"
        self.upload_url = f"{base}/cgi-bin/webhook/upload_media?key={key}&type=file"

    @staticmethod
    def _check(r) -> dict:
        r.raise_for_status()
        answer = r.json()
        if answer.get("errcode") != 0:
            raise RuntimeError(f"errcode {answer.get('errcode')}: {answer.get('errmsg')}")
        return answer

    def send_text(self, content: str) -> None:
        self._check(self.session.post(self.send_url, json=text_body(content), timeout=30))

    def upload(self, path: str) -> str:
        with open(path, "rb") as f:
            files = {"media": (os.path.basename(path), f, "application/octet-stream")}
            return self._check(self.session.post(self.upload_url, files=files, timeout=300))["media_id"]


class HttpxClient(RequestsClient):
    """httpx.Client (HTTP/1.1, kept alive), the other common choice: the same body and check."""

    def __init__(self, base: str, key: str) -> None:
        import httpx

        self.session = httpx.Client(timeout=30)
        self.send_url = f"{base}/cgi-bin/webhook/send?key={key}"
        self.upload_url = f"{base}/cgi-bin/webhook/upload_media?key={key}&type=file"


class OurClient:
    """Our Python binding, its limiter off (the mock's limit is off too) and no retries."""

    def __init__(self, base: str, key: str) -> None:
        import wecom_bot

        self.bot = wecom_bot.Bot(key, base_url=base, rate_limit=False, retry=False, store="memory")

    def send_text(self, content: str) -> None:
        self.bot.send_text(content)

    def upload(self, path: str) -> str:
        return self.bot.upload(path, "file").media_id


def make(impl: str, base: str, key: str):
    return {"wecom_bot": OurClient, "requests": RequestsClient, "httpx": HttpxClient}[impl](base, key)


def send(impl: str, base: str, key: str, n: int) -> dict:
    client = make(impl, base, key)
    client.send_text("warm-up")
    u0, s0 = cpu()
    t0 = time.perf_counter()
    for i in range(n):
        client.send_text(f"benchmark message {i}")
    wall = time.perf_counter() - t0
    u1, s1 = cpu()
    return {"messages": n, "wall_s": wall, "user_s": u1 - u0, "sys_s": s1 - s0, "peak_rss_kib": status_kib("VmHWM")}


def upload(impl: str, base: str, key: str, path: str) -> dict:
    client = make(impl, base, key)
    client.send_text("warm-up")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset the peak-RSS mark (VmHWM) to the current RSS
    before = status_kib("VmRSS")
    t0 = time.perf_counter()
    media_id = client.upload(path)
    wall = time.perf_counter() - t0
    peak = status_kib("VmHWM")
    return {
        "file_bytes": os.path.getsize(path),
        "rss_before_kib": before,
        "peak_after_kib": peak,
        "growth_kib": max(0, peak - before),
        "wall_s": wall,
        "media_id_len": len(media_id),
    }


def rate(base: str, key: str, n: int, count: int, window_s: float) -> dict:
    import wecom_bot

    limit = wecom_bot.RateLimit(count, window_s, policy="wait", max_wait=window_s * 3)
    bot = wecom_bot.Bot(key, base_url=base, rate_limit=limit)
    t0 = time.perf_counter()
    for i in range(n):
        bot.send_text(f"rate-limited message {i}")
    return {"messages": n, "wall_s": time.perf_counter() - t0}


def image(path: str, repeat: int, ours: bool = True) -> dict:
    """Median CPU seconds per image message of: our binding (base64 + md5 + JSON in Rust), and
    the standard library's C-backed hashlib + base64 + json doing the same (and each of its
    three steps alone)."""
    import base64
    import hashlib

    with open(path, "rb") as f:
        data = f.read()
    b64 = base64.b64encode(data).decode("ascii")
    digest = hashlib.md5(data).hexdigest()

    def stdlib() -> str:
        body = {"image": {"base64": base64.b64encode(data).decode("ascii"), "md5": hashlib.md5(data).hexdigest()}}
        return json.dumps({"msgtype": "image", **body}, separators=(",", ":"))

    cases = {
        "stdlib": stdlib,
        "stdlib_md5": lambda: hashlib.md5(data).hexdigest(),
        "stdlib_base64": lambda: base64.b64encode(data).decode("ascii"),
        "stdlib_json": lambda: json.dumps({"msgtype": "image", "image": {"base64": b64, "md5": digest}}, separators=(",", ":")),
    }
    if ours:
        import wecom_bot

        def binding() -> str:
            return wecom_bot.Image.from_bytes(data).to_json()

        # Both must produce the same request body, or the comparison means nothing.
        if json.loads(binding()) != json.loads(stdlib()):
            raise RuntimeError("our image body differs from the standard library's")
        cases["wecom_bot"] = binding
    result: dict = {"bytes": len(data)}
    # This thread's CPU time, as the criterion benchmarks of the Rust side measure: other work
    # on the machine's cores does not inflate it.
    for name, fn in cases.items():
        fn()  # warm-up
        times = []
        for _ in range(repeat):
            t0 = time.thread_time()
            fn()
            times.append(time.thread_time() - t0)
        result[name + "_s"] = statistics.median(times)
    return result


def main(argv: "list[str]") -> None:
    mode, rest = argv[0], argv[1:]
    if mode == "send":
        out = send(rest[0], rest[1], rest[2], int(rest[3]))
    elif mode == "upload":
        out = upload(rest[0], rest[1], rest[2], rest[3])
    elif mode == "rate":
        out = rate(rest[0], rest[1], int(rest[2]), int(rest[3]), float(rest[4]))
    elif mode == "image":
        out = image(rest[0], int(rest[1]))
    elif mode == "image-stdlib":
        out = image(rest[0], int(rest[1]), ours=False)
    else:
        raise SystemExit(__doc__)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
