"""The benchmark driver (run by bench/run.sh with the benchmark venv's Python, which holds our
wheel and requests): starts the mock servers, runs every client in its own process, checks
that every message was delivered, and prints the results table beside the targets of the
benchmark issue; writes the same report to bench/RESULTS.md.

Over 600 lines on purpose: bench/run.sh runs it as one file in the benchmark venv, and its
parts (servers, clients, checks, report) share the run's state.

Everything a measurement needs is passed in by run.sh (paths of the release binaries, the
wheel, the criterion output); nothing is built here.
"""

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLIENTS = HERE / "clients.py"
CURL_SEND = HERE / "curl_send.sh"
KEY_PREFIX = "bench-0000-4bc4-97a0-"  # any non-empty key works with the mock; one per run
MIB = 1024 * 1024

NOT_BUILT = "not measured: binding not built"


# ---- processes ---------------------------------------------------------------------------


class Mock:
    """One wecom-bot-mock process; stops when its stdin closes."""

    def __init__(self, binary: str, *flags: str) -> None:
        self.proc = subprocess.Popen(
            [binary, "--quiet", *flags], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.proc.kill()
            raise SystemExit(f"the mock did not start: {line!r}")
        self.base = line[len("listening on ") :]

    def _call(self, method: str, path: str):
        req = urllib.request.Request(self.base + path, method=method, data=b"" if method == "POST" else None)
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)

    def records(self, key: str) -> list:
        return self._call("GET", f"/_mock/records?key={key}")

    def reset(self) -> None:
        self._call("POST", "/_mock/reset")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def run_timed(cmd: "list[str]", env: "dict | None" = None) -> "tuple[str, dict]":
    """Runs cmd; returns its stdout and the process's wall, user and system seconds as
    wait4(2) reports them: to the microsecond, the process's own waited-for children included
    (a shell loop's curl processes). (Not its ru_maxrss: that counts the pages the child
    shared with this driver between fork and exec; the clients report their own VmHWM.)"""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if p.returncode != 0:
            raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err.read().strip()}")
        return out.read(), {"wall_s": wall, "user_s": ru.ru_utime, "sys_s": ru.ru_stime}


def run_json(cmd: "list[str]") -> "tuple[dict, dict]":
    out, timing = run_timed(cmd)
    return json.loads(out.strip().splitlines()[-1]), timing


def check_delivered(mock: Mock, key: str, expected: int, what: str) -> "list[dict]":
    records = mock.records(key)
    delivered = sum(1 for r in records if r["delivered"])
    if delivered != expected:
        raise SystemExit(f"{what}: the mock has {delivered} delivered messages, expected {expected}")
    return records


def step(msg: str) -> None:
    print(f"--- bench: {msg}", file=sys.stderr, flush=True)


# ---- measurements ------------------------------------------------------------------------


def criterion_results(criterion_dir: Path) -> dict:
    """Median and mean ns of every benchmark of core/benches/messages.rs, by 'group/name'."""
    out = {}
    for est in sorted(criterion_dir.glob("*/*/new/estimates.json")):
        group, name = est.parts[-4], est.parts[-3]
        data = json.loads(est.read_text())
        out[f"{group}/{name}"] = {"median_ns": data["median"]["point_estimate"], "mean_ns": data["mean"]["point_estimate"]}
    if not out:
        raise SystemExit(f"no criterion results under {criterion_dir}")
    return out


# The send benchmark's clients, in the order of the report: (key, label).
SEND_CLIENTS = [
    ("rust", "Rust client"),
    ("c", "C (libwecom_bot, stripped install)"),
    ("wecom_bot", "Python binding"),
    ("kotlin", "Kotlin binding (JVM, after warm-up)"),
    ("swift", "Swift binding (Swift chroot)"),
    ("requests", "Python requests.Session"),
    ("httpx", "Python httpx.Client"),
    ("java", "Java java.net.http.HttpClient (after warm-up)"),
    ("curl", "curl per message (bash loop)"),
    ("cli", "`wecom-bot send` per message (bash loop)"),
]


def send_clients(args, mock: Mock, have_binding: bool) -> dict:
    """The keep-alive clients: key -> function of the run's key giving the command line."""
    n, py, base = str(args.messages), sys.executable, mock.base
    clients = {"rust": lambda key: [args.rust_client, "send", base, key, n]}
    if args.c_client:
        clients["c"] = lambda key: [args.c_client, base, key, n]
    if have_binding:
        clients["wecom_bot"] = lambda key: [py, str(CLIENTS), "send", "wecom_bot", base, key, n]
    if args.jvm_classpath:
        w = str(args.jvm_warmup)
        clients["kotlin"] = lambda key: ["java", "-cp", args.jvm_classpath, "KotlinBenchKt", base, key, n, w]
    if args.swift_client:
        # Inside the chroot (its own PID namespace; the host's network, so the mock is reachable).
        clients["swift"] = lambda key: [args.swift_tool, "run", str(HERE.parent), "--", "env",
                                        f"LD_LIBRARY_PATH={args.swift_libdir}", args.swift_client, base, key, n]
    clients["requests"] = lambda key: [py, str(CLIENTS), "send", "requests", base, key, n]
    if args.httpx:
        clients["httpx"] = lambda key: [py, str(CLIENTS), "send", "httpx", base, key, n]
    if args.jvm_classpath:
        w = str(args.jvm_warmup)
        clients["java"] = lambda key: ["java", "-cp", args.jvm_classpath, "HttpClientBench", base, key, n, w]
    return clients


def send_benchmarks(args, mock: Mock, have_binding: bool) -> dict:
    n = args.messages
    clients = send_clients(args, mock, have_binding)
    runs: dict = {name: [] for name in clients}
    for rep in range(args.repeat):
        for name, cmd in clients.items():
            key = f"{KEY_PREFIX}{name}-{rep}"
            step(f"send {n} messages: {name} (run {rep + 1}/{args.repeat})")
            result, timing = run_json(cmd(key))
            check_delivered(mock, key, n + result.get("warmup", 1), f"{name} send")  # + the warm-up messages
            mock.reset()
            result["process"] = timing
            runs[name].append(result)
    out = {}
    for name, rs in runs.items():
        # The run with the median loop CPU represents the client.
        rs.sort(key=lambda r: r["user_s"] + r["sys_s"])
        out[name] = rs[len(rs) // 2] | {"runs": len(rs)}
    # One process per message: a shell loop has no separate "loop": its process is the loop.
    loops = {"curl": (["bash", str(CURL_SEND), mock.base], n)}
    if args.cli:
        loops["cli"] = (["bash", str(HERE / "cli_send.sh"), args.cli, mock.base], args.cli_messages)
    for name, (cmd, count) in loops.items():
        step(f"send {count} messages: {name}, one process per message")
        key = f"{KEY_PREFIX}{name}"
        _, timing = run_timed([*cmd, key, str(count)])
        check_delivered(mock, key, count, f"{name} send")
        mock.reset()
        out[name] = {"messages": count, "wall_s": timing["wall_s"], "user_s": timing["user_s"], "sys_s": timing["sys_s"],
                     "process": timing, "runs": 1}
    for r in out.values():
        m = r["messages"]
        r["cpu_us_per_msg"] = (r["user_s"] + r["sys_s"]) / m * 1e6
        r["msgs_per_s"] = m / r["wall_s"]
        r["process_cpu_us_per_msg"] = (r["process"]["user_s"] + r["process"]["sys_s"]) / m * 1e6
    return out


def upload_benchmarks(args, mock: Mock, have_binding: bool, path: Path) -> dict:
    py = sys.executable
    clients = {
        "rust": lambda key: [args.rust_client, "upload", mock.base, key, str(path)],
        "wecom_bot": lambda key: [py, str(CLIENTS), "upload", "wecom_bot", mock.base, key, str(path)],
        "requests": lambda key: [py, str(CLIENTS), "upload", "requests", mock.base, key, str(path)],
    }
    if not have_binding:
        del clients["wecom_bot"]
    out = {}
    for name, cmd in clients.items():
        key = f"{KEY_PREFIX}up-{name}"
        step(f"upload 20 MiB: {name}")
        result, timing = run_json(cmd(key))
        records = mock.records(key)
        uploads = [r for r in records if r["kind"] == "upload" and r["delivered"]]
        if len(uploads) != 1 or uploads[0]["upload"]["size"] != path.stat().st_size:
            raise SystemExit(f"{name} upload: the mock did not store one {path.stat().st_size}-byte file")
        mock.reset()
        result["process"] = timing
        out[name] = result
    out["upload_rss"] = upload_rss_example(args.upload_rss)
    return out


def upload_rss_example(binary: str) -> dict:
    """core/examples/upload_rss (the client tests' own measurement, with its own mock process):
    growth of a path upload, of a bytes upload, and its control (holding 20 MiB more)."""
    step("upload 20 MiB: core/examples/upload_rss (cross-check, with its control)")
    out, _ = run_timed([binary])
    figures = {}
    for label, key in (("from a path", "path_mib"), ("from bytes", "bytes_mib"), ("control", "control_mib")):
        m = re.search(re.escape(label) + r"[^\n]*?([0-9]+\.[0-9]+) MiB", out)
        if not m:
            raise SystemExit(f"upload_rss printed no figure for {label!r}:\n{out}")
        figures[key] = float(m.group(1))
    return figures


def image_benchmarks(args, have_binding: bool, crit: dict) -> dict:
    out = {"rust_s": crit["image_2mib/from_bytes_to_json"]["median_ns"] / 1e9}
    for part in ("md5", "base64", "json"):
        k = f"image_2mib/{part}_only"
        if k in crit:
            out[f"rust_{part}_s"] = crit[k]["median_ns"] / 1e9
    if have_binding:
        step("2 MiB image message: Python (our binding, and hashlib + base64 + json)")
        result, _ = run_json([sys.executable, str(CLIENTS), "image", args.png, "30"])
        out.update(result)
    else:
        step("2 MiB image message: Python's hashlib + base64 + json only (no binding)")
        result, _ = run_json([sys.executable, str(CLIENTS), "image-stdlib", args.png, "30"])
        out.update(result)
    return out


def import_times(have_binding: bool, runs: int) -> dict:
    """Median cumulative import time (python -X importtime) and median wall time of
    `python -c "import M"` minus `python -c pass`, over `runs` interleaved runs."""
    py = sys.executable
    modules = ["wecom_bot", "requests"] if have_binding else ["requests"]
    for m in modules:  # write the .pyc files first: a user's second import onwards
        subprocess.run([py, "-c", f"import {m}"], check=True)
    cumulative: dict = {m: [] for m in modules}
    native: "list[int]" = []
    wall: dict = {m: [] for m in [*modules, "pass"]}
    for _ in range(runs):
        for m in modules:
            p = subprocess.run([py, "-X", "importtime", "-c", f"import {m}"], capture_output=True, text=True, check=True)
            cumulative[m].append(top_level_import_us(p.stderr, m))
            if m == "wecom_bot":
                native.append(import_us(p.stderr, "wecom_bot._native"))
        for m in wall:
            code = "pass" if m == "pass" else f"import {m}"
            t0 = time.perf_counter()
            subprocess.run([py, "-c", code], check=True)
            wall[m].append(time.perf_counter() - t0)
    base = statistics.median(wall["pass"])
    out = {
        m: {"importtime_ms": statistics.median(cumulative[m]) / 1000, "wall_ms": (statistics.median(wall[m]) - base) * 1000}
        for m in modules
    }
    if native:
        out["wecom_bot"]["native_ms"] = statistics.median(native) / 1000
    return out


def import_us(stderr: str, module: str) -> int:
    """Cumulative µs of a module's import, at whatever depth."""
    for line in stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() == module:
            return int(parts[1].strip())
    raise SystemExit(f"no import of {module} in -X importtime output")


def top_level_import_us(stderr: str, module: str) -> int:
    for line in stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() == module and parts[2].startswith(" " + module):
            return int(parts[1].strip())
    raise SystemExit(f"no top-level import of {module} in -X importtime output")


def rate_benchmarks(args, have_binding: bool) -> dict:
    n, count, window = 100, 20, 1.0
    minimum = (math.ceil(n / count) - 1) * window
    mock = Mock(args.mock, f"--rate-limit={count}/{window:g}")
    out = {"messages": n, "count": count, "window_s": window, "minimum_s": minimum}
    try:
        w = str(int(window * 1000))
        clients = {"rust": lambda key: [args.rust_client, "rate", mock.base, key, str(n), str(count), w]}
        if have_binding:
            clients["wecom_bot"] = lambda key: [sys.executable, str(CLIENTS), "rate", mock.base, key, str(n), str(count), str(window)]
        for name, cmd in clients.items():
            key = f"{KEY_PREFIX}rate-{name}"
            step(f"{n} messages through a mock enforcing {count} per {window:g} s: {name}")
            result, _ = run_json(cmd(key))
            records = check_delivered(mock, key, n, f"{name} rate")
            result["answers_45009"] = sum(1 for r in records if (r["reply"]["json"] or {}).get("errcode") == 45009)
            result["requests"] = len(records)
            result["ratio"] = result["wall_s"] / minimum
            out[name] = result
            mock.reset()
            time.sleep(window)  # nothing of this client's window leaks into the next one's
    finally:
        mock.close()
    return out


def stripped_size(path: Path) -> "int | None":
    strip = shutil.which("strip")
    if not strip:
        return None
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / path.name
        subprocess.run([strip, "--strip-all", "-o", str(out), str(path)], check=True)
        return out.stat().st_size


def sizes(args) -> dict:
    """Bytes of what users get: the wheel, the jar, the C library as cargo builds it and as
    `cmake --install` installs it (stripped), the UniFFI library (symbols kept: UniFFI reads
    its metadata from them), the CLI binary (release, and what `strip` would make of it)."""
    out: dict = {}
    so = Path(args.so)
    out["so_cargo"] = so.stat().st_size
    out["a_cargo"] = (so.parent / "libwecom_bot.a").stat().st_size
    if args.c_prefix:
        lib = Path(args.c_prefix) / "lib"
        out["so_installed"] = (lib / "libwecom_bot.so.0.1.0").stat().st_size
        out["a_installed"] = (lib / "libwecom_bot.a").stat().st_size
    uniffi = so.parent / "libwecom_bot_uniffi.so"
    if uniffi.exists():
        out["uniffi_so"] = uniffi.stat().st_size
    if args.cli:
        out["cli"] = Path(args.cli).stat().st_size
        out["cli_stripped"] = stripped_size(Path(args.cli))
    if args.jar:
        out["jar"] = Path(args.jar).stat().st_size
    if args.wheel:
        out["wheel_bytes"] = Path(args.wheel).stat().st_size
        out["wheel_name"] = Path(args.wheel).name
    return out


def profile(args, mock_binary: str) -> dict:
    """`perf record` of the Rust bench client's send loop (the per-message path): where its
    CPU time goes, by shared object and by symbol. Any failure is reported, not raised."""
    perf = shutil.which("perf")
    if not perf:
        return {"error": "perf is not installed (bench/run.sh installs linux-perf; it failed)"}
    n = str(args.profile_messages)
    mock = Mock(mock_binary, "--no-rate-limit")
    try:
        with tempfile.TemporaryDirectory() as d:
            data = str(Path(d) / "perf.data")
            step(f"perf record: the Rust client sending {n} messages")
            rec = subprocess.run([perf, "record", "-F", "4999", "-g", "-o", data, "--", args.rust_client, "send", mock.base,
                                  f"{KEY_PREFIX}perf", n], capture_output=True, text=True)
            if rec.returncode != 0:
                return {"error": f"`perf record` exited {rec.returncode}: " + " ".join(rec.stderr.split())[:600]}
            out = {}
            for sort, key, limit in (("dso", "by_dso", "1"), ("dso,sym", "by_symbol", "0.7")):
                rep = subprocess.run([perf, "report", "-i", data, "--stdio", "--no-children", "--sort", sort, "-g", "none",
                                      "--percent-limit", limit], capture_output=True, text=True)
                if rep.returncode != 0:
                    return {"error": f"`perf report` exited {rep.returncode}: " + " ".join(rep.stderr.split())[:600]}
                out[key] = [ln.rstrip() for ln in rep.stdout.splitlines() if ln.strip() and not ln.startswith("#")]
            out["messages"] = int(n)
            out["perf"] = subprocess.run([perf, "--version"], capture_output=True, text=True).stdout.strip()
            return out
    finally:
        mock.close()


def machine() -> dict:
    def first_line(cmd: "list[str]") -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()[0].strip()
        except (OSError, subprocess.CalledProcessError, IndexError):
            return "unknown"

    model = "unknown"
    mem_kib = 0
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    info = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / MIB, 1),
        "kernel": platform.release(),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "rustc": first_line(["rustc", "-V"]),
        "python": platform.python_version(),
        "curl": first_line(["curl", "--version"]).split(" (")[0],
        "maturin": os.environ.get("BENCH_MATURIN_VERSION", "unknown"),
        "git": first_line(["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"]),
        "load average (1, 5, 15 min) at start": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    try:
        import requests

        info["requests"] = requests.__version__
    except ImportError:
        info["requests"] = "missing"
    try:
        import wecom_bot

        info["wecom_bot"] = wecom_bot.__version__
    except ImportError:
        info["wecom_bot"] = NOT_BUILT
    return info


# ---- the report --------------------------------------------------------------------------


def us(ns: float) -> str:
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"


def ms(s: float) -> str:
    return f"{s * 1000:.2f} ms"


def mib(kib: float) -> str:
    return f"{kib / 1024:.2f} MiB"


def verdict(ok: bool, why: str = "") -> str:
    return "**beat**" if ok else f"**missed**: {why}"


MESSAGE_ROWS = [
    ("text", "text (2 mentions)"),
    ("markdown", "markdown"),
    ("markdown_v2", "markdown_v2 (heading, table, code)"),
    ("image_1x1_png", "image from a 1×1 PNG's bytes"),
    ("image_from_base64_1x1", "image from base64 + md5 (decoded and checked)"),
    ("news_8_articles", "news, 8 articles"),
    ("file", "file (media_id)"),
    ("voice", "voice (media_id)"),
    ("text_notice_full", "template_card text_notice, every field"),
    ("news_notice_full", "template_card news_notice, every field"),
]


def report(r: dict) -> str:
    m, crit, have = r["machine"], r["criterion"], r["have_binding"]
    rows = []  # (#, figure, measured, compared with, target, verdict)

    # 1. build + validate + serialize
    for key, label in MESSAGE_ROWS:
        ns = crit[f"message/{key}"]["median_ns"]
        if key == "text":
            rows.append(("1", f"build + validate + serialize: {label}", us(ns), "", "< 5 µs", verdict(ns < 5000, f"{ns / 5000:.2f}× the budget")))
        else:
            rows.append(("1", f"build + validate + serialize: {label}", us(ns), "", "", ""))

    # 2. the 2 MiB image
    img = r["image"]
    std = img["stdlib_s"]
    parts = f"md5 {ms(img.get('rust_md5_s', float('nan')))} vs {ms(img['stdlib_md5_s'])}, " \
            f"base64 {ms(img.get('rust_base64_s', float('nan')))} vs {ms(img['stdlib_base64_s'])}, " \
            f"JSON {ms(img.get('rust_json_s', float('nan')))} vs {ms(img['stdlib_json_s'])} (ours vs stdlib)"
    rows.append(("2", "2 MiB PNG → image message (base64 + md5 + JSON): Rust core", ms(img["rust_s"]),
                 f"Python hashlib + base64 + json: {ms(std)}", "no slower than Python's C modules",
                 verdict(img["rust_s"] <= std, f"{img['rust_s'] / std:.2f}× the stdlib's time; {parts}")))
    if have:
        rows.append(("2", "… the same through our Python binding", ms(img["wecom_bot_s"]),
                     f"Python hashlib + base64 + json: {ms(std)}", "no slower than Python's C modules",
                     verdict(img["wecom_bot_s"] <= std, f"{img['wecom_bot_s'] / std:.2f}× the stdlib's time; {parts}")))
    else:
        rows.append(("2", "… the same through our Python binding", NOT_BUILT, f"{ms(std)}", "no slower than Python's C modules", ""))

    body_key = "image_2mib/from_bytes_json_body"
    if body_key in crit:
        body = crit[body_key]["median_ns"] / 1e9
        rows.append(("2", "2 MiB PNG → the request body the client sends (`Image::from_bytes` + `json_body`)", ms(body), "",
                     "≤ 4.5 ms", verdict(body <= 0.0045, f"{body / 0.0045:.2f}× the budget")))
        if have:
            rows.append(("2", "… through the Python binding (`Image.from_bytes(data).to_json()`, a `str` out)", ms(img["wecom_bot_s"]),
                         f"Rust {ms(body)}", "≤ Rust + 2 ms",
                         verdict(img["wecom_bot_s"] <= body + 0.002, f"Rust + {ms(img['wecom_bot_s'] - body)}")))

    # 3. 2,000 messages over keep-alive, every language against the same mock
    s = r["send"]
    n = r["messages"]
    rust, req = s["rust"], s["requests"]
    cpu = {k: v["cpu_us_per_msg"] for k, v in s.items()}
    rows.append(("3a", f"{n} text messages, Rust client: CPU per message", f"{cpu['rust']:.1f} µs",
                 f"requests {cpu['requests']:.1f} µs, curl {cpu['curl']:.0f} µs", "≤ 40 µs",
                 verdict(cpu["rust"] <= 40, f"{cpu['rust'] / 40:.2f}× the budget")))
    if have:
        py = s["wecom_bot"]
        third = req["cpu_us_per_msg"] / 3
        over = py["cpu_us_per_msg"] - rust["cpu_us_per_msg"]
        rows.append(("3b", f"{n} text messages, Python binding: CPU per message", f"{py['cpu_us_per_msg']:.1f} µs",
                     f"requests.Session {req['cpu_us_per_msg']:.1f} µs", "≤ 40 µs",
                     verdict(py["cpu_us_per_msg"] <= 40, f"{py['cpu_us_per_msg'] / 40:.2f}× the budget")))
        rows.append(("3b", "… Python binding vs requests.Session", f"{py['cpu_us_per_msg'] / req['cpu_us_per_msg']:.2f}×",
                     f"requests.Session {req['cpu_us_per_msg']:.1f} µs", f"≤ ⅓ of requests ({third:.1f} µs)",
                     verdict(py["cpu_us_per_msg"] <= third, f"{py['cpu_us_per_msg'] / req['cpu_us_per_msg']:.2f}× requests")))
        rows.append(("3b", "… Python binding vs the Rust client", f"{py['cpu_us_per_msg'] / rust['cpu_us_per_msg']:.2f}×",
                     f"Rust {rust['cpu_us_per_msg']:.1f} µs", "≤ 1.5× Rust",
                     verdict(py["cpu_us_per_msg"] <= 1.5 * rust["cpu_us_per_msg"],
                             f"the Python layer adds {over:.1f} µs per message over the Rust client's {rust['cpu_us_per_msg']:.1f} µs")))
        if "httpx" in s:
            rows.append(("3b", "… Python binding vs httpx.Client", f"{py['cpu_us_per_msg'] / cpu['httpx']:.2f}×",
                         f"httpx.Client {cpu['httpx']:.1f} µs", "", ""))
    else:
        rows.append(("3b", f"{n} text messages, Python binding: CPU per message", NOT_BUILT,
                     f"requests.Session {req['cpu_us_per_msg']:.1f} µs", "≤ 40 µs; ≤ ⅓ of requests; ≤ 1.5× Rust", ""))
    # The other bindings: the Python binding's rule (≤ 1.5× the Rust client); Kotlin also
    # against the JVM's own HTTP client.
    for k, label in (("c", "C program over libwecom_bot"), ("kotlin", "Kotlin binding (JVM, after warm-up)"),
                     ("swift", "Swift binding")):
        if k not in s:
            rows.append(("3c", f"{n} text messages, {label}: CPU per message", r["not_run"].get(k, "not measured"), "", "≤ 1.5× Rust", ""))
            continue
        x = cpu[k]
        vs = f"Rust {cpu['rust']:.1f} µs"
        if k == "kotlin" and "java" in cpu:
            vs += f", Java HttpClient {cpu['java']:.1f} µs"
        rows.append(("3c", f"{n} text messages, {label}: CPU per message", f"{x:.1f} µs ({x / cpu['rust']:.2f}× Rust)", vs,
                     "≤ 1.5× Rust", verdict(x <= 1.5 * cpu["rust"], f"{x - cpu['rust']:.1f} µs per message over the Rust client")))
    if "kotlin" in s and "java" in s:
        rows.append(("3c", "… Kotlin binding vs Java's java.net.http.HttpClient (the JVM yardstick)",
                     f"{cpu['kotlin'] / cpu['java']:.2f}×", f"HttpClient {cpu['java']:.1f} µs", "≤ 1× HttpClient",
                     verdict(cpu["kotlin"] <= cpu["java"], f"{cpu['kotlin'] - cpu['java']:.1f} µs per message more")))
    ours = ", ".join(f"{name} {s[k]['msgs_per_s']:,.0f}" for k, name in (("rust", "Rust"), ("c", "C"), ("wecom_bot", "Python binding"),
                                                                          ("kotlin", "Kotlin"), ("swift", "Swift")) if k in s)
    theirs = ", ".join(f"{name} {s[k]['msgs_per_s']:,.0f}" for k, name in (("requests", "requests"), ("httpx", "httpx"),
                                                                            ("java", "Java HttpClient"), ("curl", "curl")) if k in s)
    rows.append(("3", f"{n} text messages: messages per second (wall clock, under load)", ours, theirs, "", ""))

    # 4. 20 MiB upload
    u = r["upload"]
    rows.append(("4", "20 MiB upload: peak-RSS growth, Rust client", mib(u["rust"]["growth_kib"]),
                 f"requests files=: {mib(u['requests']['growth_kib'])}", "≤ 4 MiB",
                 verdict(u["rust"]["growth_kib"] <= 4096, f"grew {mib(u['rust']['growth_kib'])} while streaming a {u['rust']['file_bytes'] / MIB:.0f} MiB file")))
    if have:
        rows.append(("4", "20 MiB upload: peak-RSS growth, Python binding", mib(u["wecom_bot"]["growth_kib"]),
                     f"requests files=: {mib(u['requests']['growth_kib'])}", "≤ 4 MiB",
                     verdict(u["wecom_bot"]["growth_kib"] <= 4096, f"grew {mib(u['wecom_bot']['growth_kib'])} while streaming a {u['wecom_bot']['file_bytes'] / MIB:.0f} MiB file")))
    else:
        rows.append(("4", "20 MiB upload: peak-RSS growth, Python binding", NOT_BUILT,
                     f"requests files=: {mib(u['requests']['growth_kib'])}", "≤ 4 MiB", ""))

    # 5. import, sizes
    imp, sz = r["imports"], r["sizes"]
    if have:
        w, q = imp["wecom_bot"], imp["requests"]
        rows.append(("5", "`import wecom_bot` (-X importtime, median)", f"{w['importtime_ms']:.1f} ms",
                     f"`import requests`: {q['importtime_ms']:.1f} ms", "no slower than `import requests`",
                     verdict(w["importtime_ms"] <= q["importtime_ms"],
                             f"{w.get('native_ms', float('nan')):.1f} ms of it is loading the extension module wecom_bot._native")))
        rows.append(("5", "… wall time of `python -c 'import X'` minus `python -c pass`", f"{w['wall_ms']:.1f} ms",
                     f"requests: {q['wall_ms']:.1f} ms", "", ""))
        rows.append(("5", "wheel size", f"{sz['wheel_bytes'] / MIB:.2f} MiB", f"`{sz['wheel_name']}` (release)", "", ""))
    else:
        q = imp["requests"]
        rows.append(("5", "`import wecom_bot`", NOT_BUILT, f"`import requests`: {q['importtime_ms']:.1f} ms",
                     "no slower than `import requests`", ""))
        rows.append(("5", "wheel size", NOT_BUILT, "", "", ""))
    def size(b: "int | None") -> str:
        return "—" if b is None else f"{b / MIB:.2f} MiB"

    rows.append(("5", "libwecom_bot.so as `cmake --install` installs it (stripped)", size(sz.get("so_installed")),
                 f"cargo's release build: {size(sz['so_cargo'])} (symbols kept)", "stripped when installed",
                 verdict(sz.get("so_installed", sz["so_cargo"]) < sz["so_cargo"], "the installed .so is not smaller than cargo's")))
    rows.append(("5", "libwecom_bot.a as installed (debug sections stripped)", size(sz.get("a_installed")),
                 f"cargo's release build: {size(sz['a_cargo'])}", "", ""))
    if "uniffi_so" in sz:
        rows.append(("5", "libwecom_bot_uniffi.so (Kotlin/Swift; release, symbols kept for UniFFI)", size(sz["uniffi_so"]), "", "", ""))
    if "jar" in sz:
        rows.append(("5", "Kotlin jar (bindings + release libwecom_bot_uniffi.so at linux-x86-64/)", size(sz["jar"]),
                     "as the Kotlin suite packs it, plus the 3 bench classes", "", ""))
    if "cli" in sz:
        rows.append(("5", "`wecom-bot` CLI binary (release)", size(sz["cli"]), f"stripped: {size(sz.get('cli_stripped'))}", "", ""))

    # 6. rate limit
    rl = r["rate"]
    for name, label in (("rust", "Rust client"), ("wecom_bot", "Python binding")):
        if name not in rl:
            rows.append(("6", f"{rl['messages']} messages, mock at {rl['count']}/{rl['window_s']:g} s: {label}", NOT_BUILT, "", "", ""))
            continue
        x = rl[name]
        ok = x["answers_45009"] == 0 and x["ratio"] <= 1.05
        why = []
        if x["answers_45009"]:
            why.append(f"{x['answers_45009']} answers 45009")
        if x["ratio"] > 1.05:
            why.append(f"{x['ratio'] * 100:.1f} % of the minimum")
        rows.append(("6", f"{rl['messages']} messages, mock at {rl['count']}/{rl['window_s']:g} s: {label}",
                     f"{x['answers_45009']} × 45009, {x['wall_s']:.3f} s ({x['ratio'] * 100:.1f} % of the minimum)",
                     f"minimum (⌈{rl['messages']}/{rl['count']}⌉−1)×{rl['window_s']:g} s = {rl['minimum_s']:.3f} s",
                     "0 × 45009, ≤ 105 %", verdict(ok, "; ".join(why))))

    # 7. the CLI's cold start: one process per message, against curl doing the same
    if "cli" in s:
        c, k = s["cli"], s["curl"]
        rows.append(("7", "`wecom-bot send text` per invocation (cold start + one message): CPU",
                     f"{c['cpu_us_per_msg']:.0f} µs", f"curl {k['cpu_us_per_msg']:.0f} µs", "≤ curl",
                     verdict(c["cpu_us_per_msg"] <= k["cpu_us_per_msg"], f"{c['cpu_us_per_msg'] / k['cpu_us_per_msg']:.2f}× curl")))
        rows.append(("7", "… wall time per invocation (under load)", f"{c['wall_s'] / c['messages'] * 1000:.2f} ms",
                     f"curl {k['wall_s'] / k['messages'] * 1000:.2f} ms", "", ""))

    head = ["#", "figure", "measured", "compared with", "target", "verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    table = "\n".join(lines)

    # details
    det = ["| client | loop CPU µs/msg (user + sys) | messages/s | whole process CPU µs/msg (startup included) | process peak RSS (VmHWM) | runs (median shown) |",
           "|---|---|---|---|---|---|"]
    for k, label in SEND_CLIENTS:
        if k not in s:
            det.append(f"| {label} | {r['not_run'].get(k, NOT_BUILT)} | | | | |")
            continue
        x = s[k]
        count = x["messages"]
        det.append(f"| {label} | {x['cpu_us_per_msg']:.1f} ({x['user_s'] / count * 1e6:.1f} + {x['sys_s'] / count * 1e6:.1f}) | "
                   f"{x['msgs_per_s']:,.0f} | {x['process_cpu_us_per_msg']:.1f} | {mib(x['peak_rss_kib']) if 'peak_rss_kib' in x else '—'} | "
                   f"{x['runs']} × {count}{' after ' + str(x['warmup']) + ' warm-up' if x.get('warmup', 1) > 1 else ''} |")
    up = ["| client | RSS before | peak during upload | growth | upload wall time |", "|---|---|---|---|---|"]
    x = u["upload_rss"]
    rss_check = (f"Cross-check, `core/examples/upload_rss` (the client tests' measurement, its own mock process): "
                 f"path upload {x['path_mib']:.2f} MiB, upload of bytes already in memory {x['bytes_mib']:.2f} MiB, "
                 f"and its control, holding 20 MiB more, {x['control_mib']:.2f} MiB (the instrument sees 20 MiB).")
    for k, label in (("rust", "Rust client"), ("wecom_bot", "Python binding"), ("requests", "requests files=")):
        if k not in u:
            up.append(f"| {label} | {NOT_BUILT} | | | |")
            continue
        x = u[k]
        up.append(f"| {label} | {mib(x['rss_before_kib'])} | {mib(x['peak_after_kib'])} | {mib(x['growth_kib'])} | "
                  f"{ms(x['wall_s'])} |")
    cr = ["| benchmark | median | mean |", "|---|---|---|"]
    for k, v in crit.items():
        cr.append(f"| {k} | {us(v['median_ns'])} | {us(v['mean_ns'])} |")

    notes = observations(r)
    where = where_the_time_goes(r["profile"], r["send"]["rust"])
    machine_lines = "\n".join(f"- {k}: {v}" for k, v in m.items())
    return f"""# Benchmark results

Produced by `bench/run.sh` (see bench/README.md) in one invocation, every client against the
same `wecom-bot-mock --no-rate-limit` release build on this machine (section 6: a second mock
enforcing {rl['count']} messages per {rl['window_s']:g} s). Run time: {r['elapsed_s']:.0f} s.

## Machine

{machine_lines}

## Results against the targets

{table}

## Observations (computed from this run)

{notes}

## Where the time goes (the per-message path)

{where}

## Details

### 3. {n} text messages over keep-alive (mock's rate limit off)

Loop CPU: the client process's own `getrusage` user + system time around the send loop, after
one warm-up message that opens the connection (every thread counted); the JVM clients send
{r['jvm_warmup']} warm-up messages first (the JIT) and read the process's CPU clock, split into user
and system in the proportion of `/proc/self/stat`'s ticks. For curl and `wecom-bot send`, the
whole bash loop with one process per message (`wait4`). Whole-process CPU adds interpreter,
JVM or program start-up and imports, as `wait4` reports it (for Swift: the chroot's wrapper too).
Every client: limiter off, no retries, store `memory` where the client has one.

{chr(10).join(det)}

### 4. Uploading a 20 MiB file

Growth: the kernel's peak-RSS mark (VmHWM, reset through `/proc/self/clear_refs` after a
warm-up message) after the upload, minus VmRSS just before it.

{chr(10).join(up)}

{rss_check}

### 1–2. criterion (core/benches/messages.rs)

{chr(10).join(cr)}
"""


def where_the_time_goes(p: dict, rust: dict) -> str:
    if "error" in p:
        return f"Not profiled: {p['error']}"
    return f"""`perf record -F 4999 -g` of `bench_client send` ({p['messages']} messages to the same mock; {p['perf']}),
`perf report --no-children`: by shared object (over 1 % of the samples), then by symbol (over 0.7 %). The loop's CPU
per message in section 3 is {rust['cpu_us_per_msg']:.1f} µs ({rust['user_s'] / rust['messages'] * 1e6:.1f} user +
{rust['sys_s'] / rust['messages'] * 1e6:.1f} system).

```text
{chr(10).join(p['by_dso'])}
```

```text
{chr(10).join(p['by_symbol'])}
```

Reading it: the samples in the kernel are the socket write and read of each request and the wait
for the answer; `finish_task_switch` is where a `cpu-clock` sample lands once a thread is switched
back in after blocking on the mock's answer (interrupts are off during the switch itself), so it
stands for the sleep/wake pair of every round trip. What is left in user space is the HTTP
exchange (ureq), allocation and copying: the library's own message building is well under a
microsecond (section 1).
"""


def observations(r: dict) -> str:
    out = []
    img, s, u, have = r["image"], r["send"], r["upload"], r["have_binding"]
    if "rust_md5_s" in img:
        steps = [(p, img[f"rust_{p}_s"], img[f"stdlib_{p}_s"]) for p in ("md5", "base64", "json")]
        parts = "; ".join(f"{p}: ours {ms(a)}, stdlib {ms(b)} ({'faster' if a <= b else 'slower'})" for p, a, b in steps)
        out.append(f"- The 2 MiB image, step by step (CPU time): {parts}. Python's md5 is OpenSSL's assembly; "
                   "ours is the pure-Rust md-5 crate.")
        if have:
            extra = img["wecom_bot_s"] - img["rust_s"]
            out.append(f"- Through the binding the image costs {ms(extra)} more than in Rust: copying the 2 MiB "
                       "`bytes` in, and the 2.8 MB JSON `str` out.")
    rust = s["rust"]
    n = r["messages"]
    user, sys_ = rust["user_s"] / n * 1e6, rust["sys_s"] / n * 1e6
    out.append(f"- The Rust client's {rust['cpu_us_per_msg']:.1f} µs per message split {user:.1f} µs user + {sys_:.1f} µs "
               "system (the kernel samples the split at its tick; the sum is exact); the section below shows where it goes. "
               "ureq's thread per request (its resolver) is gone since core/src/client/resolve.rs (bench/README.md, Findings).")
    if have:
        d = s["wecom_bot"]["cpu_us_per_msg"] - rust["cpu_us_per_msg"]
        if d > 0:
            out.append(f"- The Python binding adds {d:.1f} µs of CPU per message to the Rust client's "
                       f"{rust['cpu_us_per_msg']:.1f} µs (argument conversion, the GIL released and taken back).")
        else:
            out.append(f"- The Python binding used {-d:.1f} µs per message *less* than the Rust program: the same "
                       "Rust code; within the noise of a loaded machine.")
    req = s["requests"]
    out.append(f"- requests spends {req['user_s'] / n * 1e6:.0f} µs of user CPU per message in Python (building the "
               "request, its headers and adapters, parsing the answer); curl pays a fork + exec per message "
               f"({s['curl']['cpu_us_per_msg']:.0f} µs).")
    out.append(f"- requests with `files=` reads the whole file and builds the whole multipart body in memory: "
               f"{mib(u['requests']['growth_kib'])} for a {u['requests']['file_bytes'] / MIB:.0f} MiB file. "
               "Our clients stream it from disk with a Content-Length.")
    out.append("- **Taken under load**: 2 cores shared with other engineers building and testing at the same time "
               "(load averages above). ")
    out.append("- Sections 1, 2 and 3's CPU figures are CPU time of the measured process or thread, so other work on "
               "the machine barely moves them; messages per second, import times and section 6 are wall-clock "
               "figures and do (see the load averages above).")
    return "\n".join(out)


# ---- main --------------------------------------------------------------------------------


def main() -> None:
    if sys.argv[1:2] == ["--report-only"]:  # --report-only RAW OUT: the report again from a run's raw figures
        Path(sys.argv[3]).write_text(report(json.loads(Path(sys.argv[2]).read_text())))
        return
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mock", required=True)
    ap.add_argument("--rust-client", required=True)
    ap.add_argument("--upload-rss", required=True)
    ap.add_argument("--so", required=True)
    ap.add_argument("--wheel", default="")
    ap.add_argument("--criterion-dir", required=True)
    ap.add_argument("--png", required=True)
    ap.add_argument("--upload-file", required=True)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", required=True)
    ap.add_argument("--raw", required=True)
    ap.add_argument("--started", type=float, default=time.time())
    # The other languages (each optional: an empty value leaves its rows "not measured")
    ap.add_argument("--c-client", default="", help="bench/c/bench_send.c, built against the installed library")
    ap.add_argument("--c-prefix", default="", help="where `cmake --install` put libwecom_bot (stripped)")
    ap.add_argument("--jvm-classpath", default="", help="classpath of KotlinBenchKt and HttpClientBench")
    ap.add_argument("--jvm-warmup", type=int, default=3000, help="messages the JVM clients send before timing")
    ap.add_argument("--jar", default="")
    ap.add_argument("--swift-client", default="", help="the Swift bench program (runs inside the Swift chroot)")
    ap.add_argument("--swift-libdir", default="")
    ap.add_argument("--swift-tool", default=str(HERE.parent / "scripts" / "swift-toolchain.sh"))
    ap.add_argument("--httpx", action="store_true", help="httpx is installed in this venv")
    ap.add_argument("--cli", default="", help="the release wecom-bot binary")
    ap.add_argument("--cli-messages", type=int, default=300)
    ap.add_argument("--profile-messages", type=int, default=20000)
    ap.add_argument("--not-run", action="append", default=[], metavar="CLIENT=WHY", help="why a client has no figures")
    args = ap.parse_args()

    try:
        import wecom_bot  # noqa: F401

        have_binding = bool(args.wheel)
    except ImportError:
        have_binding = False
    if not have_binding:
        step(f"the Python binding is not installed: its rows say '{NOT_BUILT}'")

    results: dict = {"have_binding": have_binding, "messages": args.messages, "machine": machine(),
                     "jvm_warmup": args.jvm_warmup, "not_run": dict(x.split("=", 1) for x in args.not_run)}
    results["criterion"] = criterion_results(Path(args.criterion_dir))
    results["image"] = image_benchmarks(args, have_binding, results["criterion"])
    mock = Mock(args.mock, "--no-rate-limit")
    try:
        results["send"] = send_benchmarks(args, mock, have_binding)
        results["upload"] = upload_benchmarks(args, mock, have_binding, Path(args.upload_file))
    finally:
        mock.close()
    results["profile"] = profile(args, args.mock)
    step("import times")
    results["imports"] = import_times(have_binding, 15)
    results["sizes"] = sizes(args)
    results["rate"] = rate_benchmarks(args, have_binding)
    results["elapsed_s"] = time.time() - args.started
    results["machine"]["load average (1, 5, 15 min) at end"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())

    Path(args.raw).write_text(json.dumps(results, indent=2))  # first: a report can be made again from it
    text = report(results)
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
