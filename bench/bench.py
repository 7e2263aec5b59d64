"""The benchmark driver (run by bench/run.sh with the benchmark venv's Python, which holds our
wheel and requests): starts the mock servers, runs every client in its own process, checks
that every message was delivered, and prints the results table beside the targets of the
benchmark issue; writes the same report to bench/RESULTS.md.

The report (the table, the targets, the observations) is made in bench/report.py from the
run's figures alone (also `--report-only RAW OUT`: the report again from a run's raw figures).

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

from report import MIB, NOT_BUILT, report

HERE = Path(__file__).resolve().parent
CLIENTS = HERE / "clients.py"
CURL_SEND = HERE / "curl_send.sh"
KEY_PREFIX = "bench-0000-4bc4-97a0-"  # any non-empty key works with the mock; one per run


# ---- processes ---------------------------------------------------------------------------


class Mock:
    """One wecom-bot-mock process; stops when its stdin closes."""

    def __init__(self, binary: str, *flags: str, cpu: "str | None" = None) -> None:
        pin = ["taskset", "-c", cpu] if cpu is not None else []
        self.proc = subprocess.Popen(
            [*pin, binary, "--quiet", *flags], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
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


def send_clients(args, mock: Mock, have_binding: bool) -> dict:
    """The keep-alive clients: key -> function of the run's key giving the command line."""
    n, py, base = str(args.messages), sys.executable, mock.base
    clients = {"floor": lambda key: [args.rust_client, "floor", base, key, n],
               "rust": lambda key: [args.rust_client, "send", base, key, n]}
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


# The clients measured again with the client and the mock pinned to cores (taskset): where the
# scheduler puts them moves a loopback round trip's CPU cost by 3-4× (bench/README.md, Findings).
PINNED_CLIENTS = ("floor", "rust", "c", "wecom_bot", "kotlin", "swift")
PLACEMENTS = {"one core": ("0", "0"), "two cores": ("0", "1")}  # name: (client's core, mock's core)


def pinned_send_benchmarks(args, have_binding: bool) -> dict:
    """send_benchmarks' keep-alive clients in each placement; {} on a single core or without taskset."""
    if (os.cpu_count() or 1) < 2 or shutil.which("taskset") is None:
        step("pinned runs skipped: they need taskset and two cores")
        return {}
    out = {}
    for placement, (client_cpu, mock_cpu) in PLACEMENTS.items():
        mock = Mock(args.mock, "--no-rate-limit", cpu=mock_cpu)
        try:
            out[placement] = send_benchmarks(args, mock, have_binding, pin=client_cpu, only=PINNED_CLIENTS)
        finally:
            mock.close()
    return out


class Redis:
    """A private redis-server on a free loopback port (no persistence), pinned like the mock."""

    def __init__(self, binary: str, workdir: Path, cpu: "str | None" = None) -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        pin = ["taskset", "-c", cpu] if cpu is not None else []
        self.proc = subprocess.Popen([*pin, binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(workdir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):  # answering within 5 s
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as c:
                    c.sendall(b"PING\r\n")
                    if c.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                time.sleep(0.05)
        else:
            self.proc.kill()
            raise SystemExit("redis-server did not answer within 5 s")
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def cpu_s(self) -> float:
        """The server's own CPU time so far (user + system; clock ticks, so 10 ms steps)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def store_benchmarks(args) -> dict:
    """The Rust client with its limiter on, its window in each store (`bench_client store`),
    in each placement, `args.repeat` times interleaved: what a store adds to a message's CPU.
    Redis (and the mock) run on the mock's core; the server's own CPU per message is kept too."""
    redis_bin = shutil.which("redis-server")
    if (os.cpu_count() or 1) < 2 or shutil.which("taskset") is None:
        return {"error": "not measured: the pinned runs need taskset and two cores"}
    n = args.messages
    out: dict = {"messages": n, "redis": "not measured: redis-server is not installed (bench/run.sh installs it)"}
    with tempfile.TemporaryDirectory(prefix="wecom-bot-bench-stores-") as tmp:
        for placement, (client_cpu, mock_cpu) in PLACEMENTS.items():
            mock = Mock(args.mock, "--no-rate-limit", cpu=mock_cpu)
            redis = Redis(redis_bin, Path(tmp), cpu=mock_cpu) if redis_bin else None
            try:
                stores = {"memory": "memory", "sqlite": f"sqlite:{tmp}/state-{mock_cpu}.sqlite3"}
                if redis:
                    stores["redis"] = redis.url
                    version = re.search(r"v=([0-9.]+)", first_line([redis_bin, "--version"]))
                    out["redis"] = f"redis-server {version.group(1) if version else 'of unknown version'}"
                runs: dict = {name: [] for name in stores}
                for rep in range(args.repeat):
                    for name, url in stores.items():
                        key = f"{KEY_PREFIX}store-{name}-{mock_cpu}-{rep}"
                        step(f"send {n} messages, window in {name}, {placement} (run {rep + 1}/{args.repeat})")
                        server0 = redis.cpu_s() if name == "redis" else 0.0
                        result, _ = run_json(["taskset", "-c", client_cpu, args.rust_client, "store", mock.base, key,
                                              str(n), url])
                        if name == "redis":
                            result["server_cpu_us_per_msg"] = (redis.cpu_s() - server0) / n * 1e6
                        check_delivered(mock, key, n + 1, f"store {name} send")
                        mock.reset()
                        result["cpu_us_per_msg"] = (result["user_s"] + result["sys_s"]) / n * 1e6
                        runs[name].append(result)
                out[placement] = {}
                for name, rs in runs.items():
                    rs.sort(key=lambda r: r["cpu_us_per_msg"])
                    med = rs[len(rs) // 2]
                    out[placement][name] = med | {"runs": len(rs), "cpu_us_min": rs[0]["cpu_us_per_msg"],
                                                  "cpu_us_max": rs[-1]["cpu_us_per_msg"], "msgs_per_s": n / med["wall_s"]}
                    if name == "redis":  # the server's figure is tick-grained: the median of its runs
                        out[placement][name]["server_cpu_us_per_msg"] = statistics.median(
                            r["server_cpu_us_per_msg"] for r in rs)
            finally:
                mock.close()
                if redis:
                    redis.close()
    return out


def send_benchmarks(args, mock: Mock, have_binding: bool, pin: "str | None" = None,
                    only: "tuple[str, ...] | None" = None) -> dict:
    """Every keep-alive client `args.repeat` times (the median run represents it), then curl and
    the CLI; with `pin`, only the clients named in `only`, each pinned to that core."""
    n = args.messages
    clients = send_clients(args, mock, have_binding)
    if only is not None:
        clients = {k: v for k, v in clients.items() if k in only}
    prefix = ["taskset", "-c", pin] if pin is not None else []
    where = f", pinned to core {pin}" if pin is not None else ""
    runs: dict = {name: [] for name in clients}
    for rep in range(args.repeat):
        for name, cmd in clients.items():
            key = f"{KEY_PREFIX}{name}-{rep}"
            step(f"send {n} messages: {name}{where} (run {rep + 1}/{args.repeat})")
            result, timing = run_json([*prefix, *cmd(key)])
            check_delivered(mock, key, n + result.get("warmup", 1), f"{name} send")  # + the warm-up messages
            mock.reset()
            result["process"] = timing
            runs[name].append(result)
    out = {}
    for name, rs in runs.items():
        # The run with the median loop CPU represents the client.
        rs.sort(key=lambda r: r["user_s"] + r["sys_s"])
        per_msg = [(r["user_s"] + r["sys_s"]) / r["messages"] * 1e6 for r in rs]
        # The spread shows how much the machine moved the figure (on a VM, a client whose
        # cores idle between round trips pays more for each wake-up: bench/README.md).
        out[name] = rs[len(rs) // 2] | {"runs": len(rs), "cpu_us_min": per_msg[0], "cpu_us_max": per_msg[-1]}
    # One process per message: a shell loop has no separate "loop": its process is the loop.
    loops = {"curl": (["bash", str(CURL_SEND), mock.base], n)} if pin is None else {}
    if args.cli and pin is None:
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


def instructions(args, have_binding: bool) -> dict:
    """User-space instructions per message of the Rust client and the Python binding, counted by
    callgrind (the machine has no hardware counters): the same figure every run, where CPU time
    moves with the scheduler. Per message = (count for 3,000 messages - count for 1,000) / 2,000,
    so start-up and the warm-up cancel out. Any failure is reported, not raised."""
    valgrind = shutil.which("valgrind")
    if not valgrind:
        return {"error": "valgrind is not installed (bench/run.sh installs it; it failed)"}
    clients = {"rust": lambda base, key, n: [args.rust_client, "send", base, key, n]}
    if have_binding:
        clients["wecom_bot"] = lambda base, key, n: [sys.executable, str(CLIENTS), "send", "wecom_bot", base, key, n]
    out: dict = {}
    mock = Mock(args.mock, "--no-rate-limit")
    try:
        for name, cmd in clients.items():
            counts = {}
            for n in (1000, 3000):
                step(f"callgrind: {name} sending {n} messages")
                run = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null",
                                      *cmd(mock.base, f"{KEY_PREFIX}callgrind-{name}-{n}", str(n))],
                                     capture_output=True, text=True)
                found = re.search(r"Collected : (\d+)", run.stderr)
                if run.returncode != 0 or not found:
                    return {"error": f"callgrind of {name} exited {run.returncode}: " + " ".join(run.stderr.split())[-600:]}
                counts[n] = int(found.group(1))
                mock.reset()
            out[name] = (counts[3000] - counts[1000]) / 2000
    finally:
        mock.close()
    out["valgrind"] = subprocess.run([valgrind, "--version"], capture_output=True, text=True).stdout.strip()
    return out


def first_line(cmd: "list[str]") -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()[0].strip()
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "unknown"


def machine() -> dict:
    model, flags = "unknown", ""
    mem_kib = 0
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = line
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])

    def read(path: str) -> str:
        try:
            return Path(path).read_text().strip()
        except OSError:
            return "unknown"

    # What a wake-up costs decides the two-core floor (bench/README.md, Findings): on a VM, an
    # idle vCPU that halts at once is woken through the host.
    idle = read("/sys/devices/system/cpu/cpuidle/current_driver")
    if idle == "haltpoll":
        idle += ", guest_halt_poll_ns " + read("/sys/module/haltpoll/parameters/guest_halt_poll_ns")
    info = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / MIB, 1),
        "kernel": platform.release(),
        "virtual machine": first_line(["systemd-detect-virt", "--vm"]) if " hypervisor" in flags else "none",
        "cpuidle driver": idle,
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
    ap.add_argument("--repeat", type=int, default=7)
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
    results["send_pinned"] = pinned_send_benchmarks(args, have_binding)
    results["stores"] = store_benchmarks(args)
    results["profile"] = profile(args, args.mock)
    results["instructions"] = instructions(args, have_binding)
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
