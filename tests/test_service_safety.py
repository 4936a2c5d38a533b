"""Safe service defaults (issue 13, items 1 and 7): anonymous extraction off by default, a
time and memory budget per parse (the worker is stopped: `timeout` / `too_large`), requests
from other origins and unasked-for body types refused, the log-in rate limit (also in
test_service_review_actions), Swagger UI served by the service itself, a Host allow-list,
slow request bodies cut off, and pool workers that die with the server."""
import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from extractor import batch  # noqa: E402
from service.app import create_app  # noqa: E402
from service.jobs import WorkerPool  # noqa: E402
from service.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "samples" / "013.html"
ADMIN = "xxgk_test-admin-token-safety-0123456789"


def make(tmp_path, **kw) -> Settings:
    return Settings(**{"data_dir": tmp_path, "executor": "thread", "workers": 1, "admin_token": ADMIN,
                       "print_admin_token": False, **kw})


def upload() -> dict:
    return {"file": (REPORT.name, REPORT.read_bytes())}


def test_anonymous_extraction_is_off_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("XXGK_OPEN_EXTRACT", raising=False)
    assert Settings().open_extract is False
    with TestClient(create_app(make(tmp_path))) as c:
        r = c.post("/v1/extract", files=upload())
        assert r.status_code == 401 and r.json()["error"] == "unauthorized"
        assert c.post("/v1/extract", files=upload(), headers={"Authorization": f"Bearer {ADMIN}"}).status_code == 200
    monkeypatch.setenv("XXGK_OPEN_EXTRACT", "true")  # the setting that opens it
    with TestClient(create_app(Settings(data_dir=tmp_path, executor="thread", workers=1, admin_token=ADMIN,
                                        print_admin_token=False))) as c:
        assert c.post("/v1/extract", files=upload()).status_code == 200


def _slow(data, name):
    time.sleep(3)
    return {"ok": True, "report": {}}


def test_a_parse_past_its_time_budget_answers_timeout(tmp_path, monkeypatch):
    import service.app as app_module

    monkeypatch.setattr(app_module, "analyse", _slow)
    with TestClient(create_app(make(tmp_path, parse_timeout=0.5, open_extract=True))) as c:
        t0 = time.monotonic()
        r = c.post("/v1/extract", files=upload())
        assert r.status_code == 422 and r.json()["error"] == "timeout", r.text
        assert time.monotonic() - t0 < 2.5  # answered at the budget, not when the parse ended
        assert c.get("/healthz").status_code == 200


def test_process_pool_kills_a_worker_past_its_budget_and_goes_on():
    pool = WorkerPool("process", 1, warm=False, timeout=2.0)
    try:
        assert pool.call(str, "a") == "a"
        t0 = time.monotonic()
        res = pool.call(time.sleep, 60)
        assert res["ok"] is False and res["error"] == batch.TIMEOUT == "timeout"
        assert time.monotonic() - t0 < 10
        assert pool.call(str, "b") == "b"  # a fresh worker took over
        res = asyncio.run(pool.acall(time.sleep, 60))
        assert res["error"] == "timeout"
        assert asyncio.run(pool.acall(str, "c")) == "c"
    finally:
        pool.close()


def test_process_pool_caps_a_workers_memory():
    pool = WorkerPool("process", 1, warm=False, memory_mb=256)
    try:
        res = pool.call(batch.attempt, bytearray, 2 * 1024**3)  # 2 GB in a worker allowed 256 MB more
        assert res["ok"] is False and res["error"] == batch.TOO_LARGE == "too_large", res
        assert pool.call(str, "ok") == "ok"
    finally:
        pool.close()


def test_requests_from_other_origins_are_refused(tmp_path):
    with TestClient(create_app(make(tmp_path, open_extract=True))) as c:
        for headers in ({"Origin": "http://localhost:3000"}, {"Origin": "null"},
                        {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}):
            r = c.post("/v1/extract", files=upload(), headers=headers)
            assert r.status_code == 403 and r.json()["error"] == "cross_origin", headers
            r = c.post("/v1/session", json={"token": ADMIN}, headers={**headers, "X-Requested-With": "xxgk"})
            assert r.status_code == 403, headers
        # a no-cors fetch from any page: text/plain (or a form) is refused whoever sends it
        r = c.post("/v1/extract", content=REPORT.read_bytes(), headers={"Content-Type": "text/plain;charset=UTF-8"})
        assert r.status_code == 415 and r.json()["error"] == "unsafe_content_type"
        r = c.post("/v1/extract", content=b"text=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 415
        # the service's own pages (same origin) and plain API clients (no Origin) are served
        own = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
        assert c.post("/v1/extract", files=upload(), headers=own).status_code == 200
        assert c.post("/v1/extract", files=upload()).status_code == 200
        # reading is not refused: GET from anywhere gets what it would get
        assert c.get("/healthz", headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}).status_code == 200


def test_swagger_ui_is_served_by_the_service_itself(tmp_path):
    with TestClient(create_app(make(tmp_path))) as c:
        r = c.get("/docs")
        assert r.status_code == 200 and "text/html" in r.headers["content-type"]
        page = r.text
        assert "/review/static/swagger-ui-bundle.js" in page and "/review/static/swagger-ui.css" in page
        assert "http://" not in page and "https://" not in page and "cdn" not in page.lower()
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-eval" not in csp
        js = c.get("/review/static/swagger-ui-bundle.js")
        assert js.status_code == 200 and "SwaggerUIBundle" in js.text[:2000]
        assert c.get("/review/static/docs.js").status_code == 200
        assert c.get("/redoc").status_code == 404  # ReDoc would load from a CDN: not offered


def test_host_allow_list(tmp_path):
    with TestClient(create_app(make(tmp_path, allowed_hosts=["xxgk.example.org"])),
                    base_url="http://xxgk.example.org") as c:
        assert c.get("/healthz").status_code == 200
        assert c.get("/healthz", headers={"Host": "attacker.example"}).status_code == 400
    with TestClient(create_app(make(tmp_path))) as c:  # no list: any Host
        assert c.get("/healthz", headers={"Host": "anything.example"}).status_code == 200
    os.environ["XXGK_ALLOWED_HOSTS"] = "a.example, 127.0.0.1"
    try:
        assert Settings().allowed_hosts == ["a.example", "127.0.0.1"]
    finally:
        del os.environ["XXGK_ALLOWED_HOSTS"]


def test_a_slow_request_body_is_cut_off(tmp_path):
    """A client that sends a body and then stalls (slowloris) gets 408, and the request ends."""
    app = create_app(make(tmp_path, body_timeout=0.3, open_extract=True))

    async def run() -> list:
        sent: list = []
        chunks = [{"type": "http.request", "body": b"x" * 100, "more_body": True}]

        async def receive():
            if chunks:
                return chunks.pop(0)
            await asyncio.sleep(30)  # never sends the rest
            return {"type": "http.disconnect"}

        async def send(msg):
            sent.append(msg)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": "/v1/extract", "raw_path": b"/v1/extract", "query_string": b"name=a.txt",
                 "root_path": "", "headers": [(b"host", b"testserver"), (b"content-type", b"application/octet-stream"),
                                              (b"content-length", b"100000")],
                 "client": ("127.0.0.1", 1), "server": ("testserver", 80), "state": {}}
        await asyncio.wait_for(app(scope, receive, send), 5)
        return sent

    with TestClient(app):  # start the app (lifespan)
        t0 = time.monotonic()
        sent = asyncio.run(run())
        assert time.monotonic() - t0 < 3
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 408 and b"body_timeout" in body


WATCH = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from service.jobs import WorkerPool
    pool = WorkerPool("process", 1, warm=False)
    print(pool.call(os.getpid), flush=True)   # the worker's pid
    pool.submit(time.sleep, 600)               # busy when the server dies
    time.sleep(0.5)
    os.kill(os.getpid(), 9)                    # the server is killed: no clean-up runs
""")


def test_pool_workers_die_with_the_server(tmp_path):
    proc = subprocess.run([sys.executable, "-c", WATCH.format(root=str(ROOT))], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    worker = int(proc.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        # a zombie (already dead, waiting to be reaped by init) counts as gone
        try:
            if Path(f"/proc/{worker}/stat").read_text().split()[2] == "Z":
                break
        except OSError:
            break
        time.sleep(0.1)
    else:
        os.kill(worker, signal.SIGKILL)
        pytest.fail(f"worker {worker} outlived the server")
