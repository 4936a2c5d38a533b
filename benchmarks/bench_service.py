"""Load test of the web service on loopback: POST /v1/extract with real HTML reports.

    python benchmarks/bench_service.py [FOLDER] [--requests 200] [--concurrency 4] [--workers 2]
                                       [--store] [--url http://127.0.0.1:8000]

Starts `xxgk serve` (service.cli) on a free loopback port with a temporary data directory
and WORKERS extraction processes (unless --url names a running server), sends one
warm-up request per file (worker start-up and model loading; reported apart), then
REQUESTS more (bounded: at most 2000), cycling over the *.html reports of FOLDER
(default tests/data/corpus/real; samples/*.html when it has none), from CONCURRENCY client threads,
each with a keep-alive connection. Prints requests per second, latency p50/p90/p99/max,
the error count and the server's own parse-time figures from /metrics. Stateless by
default; --store sends ?store=true (the same few files: stored once, then reused).
Exit status 1 when any request failed. Not a test: pytest only collects tests/.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = REPO / "tests" / "data" / "corpus" / "real"
ADMIN = "xxgk_bench-admin-" + uuid.uuid4().hex
MAX_REQUESTS = 2000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "xxgk" + uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/html\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Client:
    """One keep-alive connection (reopened after an error)."""

    def __init__(self, base: str, token: str | None):
        u = urlsplit(base)
        self.host, self.port, self.token = u.hostname, u.port or 80, token
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, ctype: str | None = None,
                timeout: float = 300) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        headers = {}
        if ctype:
            headers["Content-Type"] = ctype
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            r = self.conn.getresponse()
            return r.status, r.read()
        except Exception:
            self.conn.close()
            self.conn = None
            raise


def start_server(workers: int, data: Path, database_url: str | None = None,
                 admin: str = ADMIN) -> tuple[subprocess.Popen, str]:
    """`xxgk serve` on a free loopback port with `admin` as its admin token; waits for /healthz."""
    port = free_port()
    env = {**os.environ, "XXGK_ADMIN_TOKEN": admin, "XXGK_EXECUTOR": "process"}
    env.pop("XXGK_DATABASE_URL", None)
    if database_url:
        env["XXGK_DATABASE_URL"] = database_url
    proc = subprocess.Popen([sys.executable, "-m", "service.cli", "--host", "127.0.0.1", "--port", str(port),
                             "--data", str(data), "--workers", str(workers), "--log-level", "warning"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=(data / "server.log").open("wb"))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    c = Client(base, None)
    while True:
        if proc.poll() is not None:
            sys.exit(f"xxgk serve exited ({proc.returncode}):\n" + (data / "server.log").read_text(errors="replace"))
        try:
            if c.request("GET", "/healthz", timeout=5)[0] == 200:
                return proc, base
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            sys.exit("xxgk serve did not come up in 120 s")
        time.sleep(0.2)


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--requests", "-n", type=int, default=200, help="timed requests (default 200, at most 2000)")
    ap.add_argument("--concurrency", "-c", type=int, default=4, help="client threads (default 4)")
    ap.add_argument("--workers", "-w", type=int, default=2, help="server extraction processes (default 2)")
    ap.add_argument("--store", action="store_true", help="POST /v1/extract?store=true")
    ap.add_argument("--url", help="use this running server instead of starting one (--store needs XXGK_TOKEN)")
    args = ap.parse_args(argv)
    n = max(1, min(args.requests, MAX_REQUESTS))
    conc = max(1, min(args.concurrency, 64))

    files = sorted(args.folder.glob("*.html")) if args.folder.is_dir() else []
    files = files or sorted((REPO / "samples").glob("*.html"))
    if not files:
        ap.error(f"no *.html reports in {args.folder} or samples/")
    bodies = [multipart(p.name, p.read_bytes()) for p in files]

    data_dir = None
    proc = None
    if args.url:
        base, token = args.url.rstrip("/"), os.environ.get("XXGK_TOKEN")
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
        t0 = time.perf_counter()
        proc, base = start_server(args.workers, data_dir)
        token = ADMIN
        print(f"server up in {time.perf_counter() - t0:.1f} s ({base}, {args.workers} worker processes)")
    path = "/v1/extract" + ("?store=true" if args.store else "")
    try:
        # warm-up: every file from as many threads as there are workers, so every worker process is
        # spawned and has loaded the model before the timing starts
        warm_errors: list[str] = []

        def warm_up() -> None:
            c = Client(base, token)
            for (body, ctype), p in zip(bodies, files):
                status, out = c.request("POST", path, body, ctype)
                if status != 200:
                    warm_errors.append(f"warm-up {p.name}: HTTP {status} {out[:300]!r}")

        t0 = time.perf_counter()
        warmers = [threading.Thread(target=warm_up) for _ in range(max(args.workers, 1))]
        for t in warmers:
            t.start()
        for t in warmers:
            t.join()
        if warm_errors:
            print("\n".join(warm_errors), file=sys.stderr)
            return 1
        print(f"warm-up: {len(files) * len(warmers)} requests in {time.perf_counter() - t0:.2f} s "
              f"({', '.join(p.name for p in files)})")

        lat: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        counter = iter(range(n))

        def run() -> None:
            cl = Client(base, token)
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                body, ctype = bodies[i % len(bodies)]
                t = time.perf_counter()
                try:
                    status, out = cl.request("POST", path, body, ctype)
                    ok = status == 200 and json.loads(out).get("template") is not None
                    why = None if ok else f"HTTP {status}: {out[:200]!r}"
                except Exception as e:  # noqa: BLE001
                    why = f"{type(e).__name__}: {e}"
                dt = time.perf_counter() - t
                with lock:
                    lat.append(dt)
                    if why:
                        errors.append(why)

        threads = [threading.Thread(target=run) for _ in range(conc)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0

        status, out = Client(base, None).request("GET", "/metrics?format=json")
        m = json.loads(out) if status == 200 else {}
        parse = m.get("parse_seconds") or {}
        ms = [x * 1000 for x in lat]
        print(f"\nPOST {path}: {n} requests, {conc} client threads, {args.workers} server workers, "
              f"HTML reports cycled: {len(files)}")
        print(f"  throughput   {n / wall:7.2f} requests/s  ({wall:.2f} s)")
        print(f"  latency ms   p50 {pct(ms, .5):7.1f}   p90 {pct(ms, .9):7.1f}   p99 {pct(ms, .99):7.1f}   "
              f"max {max(ms):7.1f}   mean {statistics.mean(ms):7.1f}")
        print(f"  errors       {len(errors)}")
        if parse.get("count"):
            print(f"  server       parse time mean {1000 * parse['sum'] / parse['count']:.1f} ms over "
                  f"{parse['count']} parses (documents_processed {m.get('documents_processed')})")
        print(f"  machine      {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        for e in errors[:10]:
            print("  error:", e)
        return 1 if errors else 0
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
