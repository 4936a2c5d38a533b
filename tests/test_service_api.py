"""The web service (service/): every endpoint through FastAPI's TestClient on a temporary
data directory, on real corpus documents (samples/, annotations/sources/).

Every test that touches the database runs twice: on SQLite (the default, a file in the data
directory) and on PostgreSQL at XXGK_TEST_POSTGRES_URL (each module run and each fresh app
gets a database of its own on that server, dropped afterwards). Without that variable the
PostgreSQL runs are skipped, except under XXGK_CI=1 (.ci/run, which starts a server), where
they fail."""
import hashlib
import json
import os
import time
import uuid
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("sqlalchemy")
pytest.importorskip("alembic")
pytest.importorskip("multipart")
pytest.importorskip("pydantic_settings")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from service import review, schemas  # noqa: E402
from service.app import create_app  # noqa: E402
from service.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SOURCES = ROOT / "annotations" / "sources"
ANNOTATIONS = ROOT / "annotations"
DOCX = ROOT / "tests" / "data" / "docx" / "001_libreoffice.docx"
JPEG = ROOT / "tests" / "data" / "scan" / "active_table.jpg"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + b"\x00" * 32  # a picture no loader reads
ADMIN = "xxgk_test-admin-token-0123456789abcdef"
LIMIT = 1024 * 1024  # upload limit of the test service

# stored by the `stored` fixture: the samples plus labelled reports whose reviews differ
CORPUS = [SAMPLES / n for n in ("000_26fa7c73a70403e4.txt", "003_2b6abe27bfe85e6a.txt", "005.txt", "008.html",
                                "010.md", "013.html")] + \
         [SOURCES / n for n in ("001.txt", "001_ae5d534637d2dda6.txt", "002_ee8fa3a975bc8fe4.txt", "003.txt", "009.md")]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def upload(path: Path, name: str | None = None, ctype: str = "application/octet-stream") -> dict:
    return {"file": (name or path.name, path.read_bytes(), ctype)}


def settings(data: Path, database_url: str | None = None, **kw) -> Settings:
    base = dict(data_dir=data, database_url=database_url, executor="thread", workers=2, admin_token=ADMIN,
                print_admin_token=False, max_upload_bytes=LIMIT, open_extract=True)
    return Settings(**{**base, **kw})


# --- the databases: SQLite always, PostgreSQL when a server is given ------------------------------

PG_URL = os.environ.get("XXGK_TEST_POSTGRES_URL")
CI = os.environ.get("XXGK_CI") == "1"


class Databases:
    """Fresh databases of one kind: None (SQLite in the data dir) or a new PostgreSQL database."""

    def __init__(self, kind: str):
        self.kind, self.made = kind, []
        if kind == "postgresql":
            from sqlalchemy import create_engine

            self.admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)

    def new(self) -> str | None:
        if self.kind == "sqlite":
            return None
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        name = f"xxgk_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.made.append(name)
        return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    def drop(self) -> None:
        if self.kind != "postgresql":
            return
        from sqlalchemy import text

        with self.admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def databases(request):
    if request.param == "postgresql":
        why = None
        if not PG_URL:
            why = "XXGK_TEST_POSTGRES_URL is not set (.ci/run starts a PostgreSQL server and sets it)"
        else:
            try:
                import psycopg  # noqa: F401
            except ImportError:
                why = "the PostgreSQL driver is not installed: pip install -e '.[service]'"
        if why:
            if CI:
                pytest.fail(f"the PostgreSQL tests must run in CI: {why}", pytrace=False)
            pytest.skip(why)
    dbs = Databases(request.param)
    yield dbs
    dbs.drop()


@pytest.fixture
def fresh_db(databases) -> str | None:
    """A database URL for an app of the test's own (None: SQLite in its data dir)."""
    return databases.new()


def db_query(data: Path, url: str | None, sql: str, **params) -> list[tuple]:
    """Rows of a query on a service database (SQLite file in `data`, or `url`)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url or f"sqlite:///{data / 'xxgk.db'}")
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, databases) -> Path:
    return tmp_path_factory.mktemp(f"xxgk-data-{databases.kind}")


@pytest.fixture(scope="module")
def db_url(databases) -> str | None:
    return databases.new()


@pytest.fixture(scope="module")
def client(data_dir, db_url):
    app = create_app(settings(data_dir, db_url))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def reviewer(client) -> str:
    r = client.post("/v1/tokens", json={"name": "rita", "role": "reviewer"}, headers=bearer(ADMIN))
    assert r.status_code == 201, r.text
    return r.json()["token"]


@pytest.fixture(scope="module")
def stored(client, reviewer) -> dict[str, str]:
    """{file name: document id} of CORPUS, stored through POST /v1/extract?store=true."""
    ids = {}
    for p in CORPUS:
        r = client.post("/v1/extract?store=true", files=upload(p), headers=bearer(reviewer))
        assert r.status_code == 200, (p, r.text)
        ids[p.name] = r.json()["service"]["document_id"]
    return ids


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- schema, health, metrics -------------------------------------------------------------------------


def test_openapi_schema_documents_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path, method in [("/v1/extract", "post"), ("/v1/jobs", "post"), ("/v1/jobs", "get"),
                         ("/v1/jobs/{job_id}", "get"), ("/v1/review/queue", "get"), ("/v1/documents", "get"),
                         ("/v1/documents/{doc_id}", "get"), ("/v1/documents/{doc_id}/source", "get"),
                         ("/v1/documents/{doc_id}/corrections", "post"), ("/v1/documents/{doc_id}/accept", "post"),
                         ("/v1/tokens", "get"), ("/v1/tokens", "post"), ("/v1/tokens/{name}", "delete"),
                         ("/v1/whoami", "get"), ("/healthz", "get"), ("/metrics", "get"),
                         ("/v1/documents/{doc_id}/recheck", "post"), ("/v1/documents/{doc_id}/render", "get"),
                         ("/v1/documents/{doc_id}/pages/{page}", "get"), ("/v1/review/layout", "get"),
                         ("/v1/session", "post"), ("/v1/session", "get"), ("/v1/session", "delete")]:
        assert method in paths.get(path, {}), (method, path)
    body = paths["/v1/extract"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(body)
    assert "files" in paths["/v1/jobs"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    refs = set()

    def walk(o):
        if isinstance(o, dict):
            refs.update([o["$ref"]] if isinstance(o.get("$ref"), str) else [])
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(spec)
    assert refs and all(r.rsplit("/", 1)[-1] in spec["components"]["schemas"] for r in refs)
    ok = paths["/v1/extract"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/ReportOut"}
    assert client.get("/docs").status_code == 200


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["database"] == "ok"


def test_metrics_count_documents_review_rate_and_latency(client, stored):
    before = client.get("/metrics?format=json").json()
    r = client.post("/v1/extract", files=upload(SAMPLES / "008.html"))  # needs review
    assert r.status_code == 200
    after = client.get("/metrics", headers={"Accept": "application/json"}).json()
    assert after["documents_processed"]["ok"] == before["documents_processed"]["ok"] + 1
    assert 0 < after["review_rate"] <= 1
    assert after["parse_seconds"]["count"] >= 1 and after["parse_seconds"]["sum"] > 0
    assert after["stored"]["documents"] >= len(stored)
    routes = {(x["method"], x["route"]) for x in after["request_seconds"]}
    assert ("POST", "/v1/extract") in routes
    text = client.get("/metrics").text
    for name in ("xxgk_documents_processed_total", "xxgk_review_rate", "xxgk_parse_seconds_bucket",
                 'xxgk_http_request_seconds_count{method="POST",route="/v1/extract"}', "xxgk_review_queue",
                 "xxgk_documents_stored"):
        assert name in text, name


# --- auth -----------------------------------------------------------------------------------------


def test_auth_required_and_forbidden(client, reviewer):
    sample = SAMPLES / "013.html"
    some_id = "0" * 64
    needs_token = [("get", "/v1/review/queue"), ("get", "/v1/documents"), ("get", f"/v1/documents/{some_id}"),
                   ("get", f"/v1/documents/{some_id}/source"), ("post", f"/v1/documents/{some_id}/accept"),
                   ("get", "/v1/jobs"), ("get", f"/v1/jobs/{'0' * 32}"), ("get", "/v1/tokens"), ("get", "/v1/whoami")]
    for method, url in needs_token:
        r = client.request(method, url)
        assert r.status_code == 401, (url, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
        assert r.json()["error"] == "unauthorized" and "token" in r.json()["message"]
        assert client.request(method, url, headers=bearer("xxgk_not-a-token")).status_code == 401
    assert client.post("/v1/extract?store=true", files=upload(sample)).status_code == 401
    assert client.post("/v1/jobs", files=[("files", (sample.name, sample.read_bytes()))]).status_code == 401
    assert client.post(f"/v1/documents/{some_id}/corrections", json={"a": 1}).status_code == 401
    # a reviewer reviews but does not manage tokens
    assert client.get("/v1/whoami", headers=bearer(reviewer)).json() == {"name": "rita", "role": "reviewer"}
    for method, url, body in [("get", "/v1/tokens", None), ("post", "/v1/tokens", {"name": "x", "role": "admin"}),
                              ("delete", "/v1/tokens/rita", None)]:
        r = client.request(method, url, json=body, headers=bearer(reviewer))
        assert r.status_code == 403 and r.json()["error"] == "forbidden", url
    # admins manage tokens; a token is shown once and stored hashed
    r = client.post("/v1/tokens", json={"name": "temp", "role": "reviewer"}, headers=bearer(ADMIN))
    assert r.status_code == 201
    temp = r.json()["token"]
    listed = client.get("/v1/tokens", headers=bearer(ADMIN)).json()["items"]
    assert {t["name"] for t in listed} >= {"admin", "rita", "temp"}
    assert all("token" not in t and "token_hash" not in t for t in listed)
    assert client.post("/v1/tokens", json={"name": "temp"}, headers=bearer(ADMIN)).status_code == 409
    assert client.post("/v1/tokens", json={"name": "../x"}, headers=bearer(ADMIN)).status_code == 422
    assert client.post("/v1/tokens", json={"name": "y", "role": "root"}, headers=bearer(ADMIN)).status_code == 422
    assert client.get("/v1/whoami", headers=bearer(temp)).status_code == 200
    assert client.delete("/v1/tokens/temp", headers=bearer(ADMIN)).status_code == 204
    assert client.get("/v1/whoami", headers=bearer(temp)).status_code == 401
    assert client.delete("/v1/tokens/temp", headers=bearer(ADMIN)).status_code == 404


def test_first_start_prints_admin_token_once_and_stores_it_hashed(tmp_path, capsys, fresh_db):
    s = settings(tmp_path, fresh_db, admin_token=None, print_admin_token=True, open_extract=False)
    with TestClient(create_app(s)) as c:
        err = capsys.readouterr().err
        token = next(w for w in err.split() if w.startswith("xxgk_"))
        assert c.get("/v1/whoami", headers=bearer(token)).json() == {"name": "admin", "role": "admin"}
        # with open_extract off, even a stateless extract needs a token
        assert c.post("/v1/extract", files=upload(SAMPLES / "013.html")).status_code == 401
        assert c.post("/v1/extract", files=upload(SAMPLES / "013.html"), headers=bearer(token)).status_code == 200
    if fresh_db is None:  # SQLite: the token is nowhere in the database file
        raw = (tmp_path / "xxgk.db").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("xxgk.db-*"))
        assert token.encode() not in raw
    rows = db_query(tmp_path, fresh_db, "SELECT * FROM api_tokens")
    assert len(rows) == 1 and not any(token in str(v) for v in rows[0])
    assert db_query(tmp_path, fresh_db, "SELECT token_hash FROM api_tokens") == \
        [(hashlib.sha256(token.encode()).hexdigest(),)]
    # a restart on the same data dir keeps the token and prints none
    with TestClient(create_app(s)) as c:
        assert "xxgk_" not in capsys.readouterr().err
        assert c.get("/v1/whoami", headers=bearer(token)).status_code == 200


# --- extraction --------------------------------------------------------------------------------------


def test_stateless_extract_returns_the_report_and_keeps_nothing(client, data_dir, reviewer):
    data = (SAMPLES / "010.md").read_bytes() + b"\n"  # a file nobody stored
    digest = hashlib.sha256(data).hexdigest()
    r = client.post("/v1/extract", files={"file": ("010.md", data)})
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["schema_version"] == 1 and rep["source"]["sha256"] == digest
    assert rep["template"] == "2021" and rep["year"] == 2025
    assert rep["model"]  # the model version that produced the parse
    f = rep["fields"]["requests.new.natural"]
    assert set(f) >= {"value", "confidence", "raw"} and 0 <= f["confidence"] <= 1
    assert set(rep["review"]) >= {"required", "confidence", "reasons"}
    assert rep["service"]["stored"] is False and rep["service"]["document_id"] is None
    assert isinstance(rep["service"]["rank_score"], float)
    schemas.ReportOut.model_validate(rep)  # the answer is what the OpenAPI schema says
    assert client.get(f"/v1/documents/{digest}", headers=bearer(reviewer)).status_code == 404
    assert not (data_dir / "blobs" / digest[:2] / digest[2:4] / digest).exists()


def test_extract_json_text_raw_body_and_docx(client):
    html = (SAMPLES / "013.html").read_text(encoding="utf-8")
    r = client.post("/v1/extract", json={"text": html, "name": "pasted.html"})
    assert r.status_code == 200, r.text
    assert r.json()["template"] == "2021" and r.json()["source"]["format"] == "html"
    assert r.json()["source"]["name"] == "pasted.html"
    r = client.post("/v1/extract", json={"html": html})
    assert r.status_code == 200 and r.json()["agency"] == "沭阳县发展和改革局"
    r = client.post("/v1/extract?name=005.txt", content=(SAMPLES / "005.txt").read_bytes(),
                    headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 200 and r.json()["year"] == 2023
    # text/plain (what any web page may POST unasked, e.g. a no-cors fetch) is refused from everyone
    r = client.post("/v1/extract?name=005.txt", content=(SAMPLES / "005.txt").read_bytes(),
                    headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.json()["error"] == "unsafe_content_type"
    r = client.post("/v1/extract", files=upload(DOCX))
    assert r.status_code == 200 and r.json()["source"]["format"] == "docx" and r.json()["template"]
    for bad in ({"name": "x"}, {"text": 3}, [1, 2]):
        r = client.post("/v1/extract", json=bad)
        assert r.status_code == 400 and r.json()["error"] in ("no_text", "bad_json"), bad
    r = client.post("/v1/extract", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["error"] == "bad_json"
    r = client.post("/v1/extract", files={"other": ("a.txt", b"hello")})
    assert r.status_code == 400 and r.json()["error"] == "no_file"


def test_same_file_twice_is_one_document(client, data_dir, stored, reviewer):
    p = SAMPLES / "013.html"
    doc_id = stored[p.name]
    assert doc_id == sha(p)
    again = client.post("/v1/extract?store=true", files=upload(p, "another-name.html"), headers=bearer(reviewer))
    assert again.status_code == 200
    svc = again.json()["service"]
    assert svc["stored"] and svc["reused"] and svc["document_id"] == doc_id
    docs = client.get("/v1/documents?limit=500", headers=bearer(reviewer)).json()
    assert [d["id"] for d in docs["items"]].count(doc_id) == 1
    assert set(stored.values()) <= {d["id"] for d in docs["items"]}
    doc = client.get(f"/v1/documents/{doc_id}", headers=bearer(reviewer)).json()
    assert doc["name"] == "013.html" and len(doc["parses"]) == 1
    blob = data_dir / "blobs" / doc_id[:2] / doc_id[2:4] / doc_id
    assert blob.read_bytes() == p.read_bytes()
    assert len([q for q in (data_dir / "blobs").rglob("*") if q.is_file()]) == docs["total"]  # one file each


def test_get_document_and_source(client, stored, reviewer):
    p = SAMPLES / "008.html"
    r = client.get(f"/v1/documents/{stored[p.name]}", headers=bearer(reviewer))
    assert r.status_code == 200
    doc = r.json()
    assert doc["report"]["source"]["sha256"] == sha(p)
    assert doc["parse"]["model"] == doc["report"]["model"] == doc["model"]
    assert doc["parse"]["rank"]["score"] == doc["rank_score"]
    # its numbers break identities while every cell was read with certainty: a source
    # inconsistency (a finding about the report), not a reason to re-read it
    assert doc["status"] == "not_required" and not doc["review"]["required"]
    assert doc["review"]["source_inconsistent"] and doc["report"]["review"]["findings"]
    schemas.DocumentOut.model_validate(doc)
    # field offsets point into the stored text
    f = doc["report"]["fields"]["requests.new.natural"]
    assert doc["text"][f["source"]["start"]:f["source"]["end"]] == f["raw"] == "821"
    assert "text" not in client.get(f"/v1/documents/{stored[p.name]}?text=false", headers=bearer(reviewer)).json()
    src = client.get(doc["source_url"], headers=bearer(reviewer))
    assert src.status_code == 200 and src.content == p.read_bytes()
    assert src.headers["content-type"] == "application/octet-stream"
    assert src.headers["content-disposition"].startswith("attachment")
    assert src.headers["x-content-type-options"] == "nosniff"


def test_ids_in_paths_are_validated(client, reviewer):
    h = bearer(reviewer)
    assert client.get("/v1/documents/not-a-hash", headers=h).status_code == 422
    assert client.get("/v1/documents/" + "A" * 64, headers=h).status_code == 422
    assert client.get("/v1/documents/" + "0" * 64, headers=h).status_code == 404
    assert client.get("/v1/documents/..%2F..%2Fetc%2Fpasswd/source", headers=h).status_code in (404, 422)
    assert client.get("/v1/jobs/../../etc", headers=h).status_code in (404, 422)
    assert client.get("/v1/jobs/xyz", headers=h).status_code == 422


# --- bad uploads ------------------------------------------------------------------------------------


def test_bad_uploads_get_4xx_and_the_server_keeps_answering(client, data_dir, tmp_path):
    good = SAMPLES / "013.html"
    cases = [
        ({"file": ("empty.txt", b"", "text/plain")}, 400, "empty"),
        ({"file": ("blank.txt", b"  \n\t ", "text/plain")}, 400, "empty"),
        ({"file": ("big.txt", b"a" * (LIMIT + 1), "text/plain")}, 413, "too_large"),
        ({"file": ("huge.txt", b"a" * (LIMIT + 400_000), "text/plain")}, 413, "too_large"),
        ({"file": ("chart.gif", GIF, "image/gif")}, 415, "unsupported_type"),
        ({"file": ("scan.pdf", GIF, "application/pdf")}, 415, "unsupported_type"),  # lying name
        ({"file": ("report.html", good.read_bytes(), "image/png")}, 415, "unsupported_type"),
        ({"file": ("a.zip", b"PK\x03\x04" + b"\x00" * 200, "application/zip")}, 415, "unsupported_type"),
        ({"file": ("broken.pdf", b"%PDF-1.7\n1 0 obj <</Type /Catalog>>\ngarbage\n%%EOF", "application/pdf")},
         422, "unreadable"),
        ({"file": ("locked.docx", (ROOT / "tests/data/docx/encrypted.docx").read_bytes(), "application/octet-stream")},
         422, "unreadable"),
        ({"file": ("../../etc/passwd", good.read_bytes(), "text/plain")}, 400, "unsafe_name"),
        ({"file": ("..\\..\\windows\\win.ini", good.read_bytes(), "text/plain")}, 400, "unsafe_name"),
        ({"file": ("/etc/passwd", good.read_bytes(), "text/plain")}, 400, "unsafe_name"),
    ]
    for files, status, code in cases:
        r = client.post("/v1/extract", files=files)
        assert r.status_code == status, (files["file"][0], r.status_code, r.text[:300])
        body = r.json()
        assert body["error"] == code and body["message"], body
        assert client.get("/healthz").status_code == 200
    # a body over the limit without a Content-Length (chunked) is cut off while it is read
    chunks = (b"x" * 65536 for _ in range(LIMIT // 65536 + 8))
    r = client.post("/v1/extract?name=stream.txt", content=chunks, headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    r = client.post("/v1/extract?name=..%2F..%2Fx.txt", content=good.read_bytes(),
                    headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 400 and r.json()["error"] == "unsafe_name"
    # nothing was written outside the data directory's own folders, and the server still parses
    assert {p.name for p in data_dir.iterdir()} <= {"blobs", "jobs", "annotations", "tmp", "xxgk.db", "xxgk.db-wal",
                                                     "xxgk.db-shm"}
    assert not any((data_dir / "tmp").iterdir())
    r = client.post("/v1/extract", files=upload(good))
    assert r.status_code == 200 and r.json()["template"] == "2021"
    assert client.get("/metrics?format=json").json()["uploads_rejected"] >= 11


# --- batch jobs -------------------------------------------------------------------------------------


def wait_job(client, token, url, timeout=30.0) -> dict:
    end = time.monotonic() + timeout
    while True:
        job = client.get(url, headers=bearer(token)).json()
        if job["status"] == "done" or time.monotonic() > end:
            return job
        time.sleep(0.05)


def test_job_progresses_to_completion(client, data_dir, db_url, reviewer, stored):
    files = [SOURCES / "003_2b6abe27bfe85e6a.txt", SOURCES / "004_22cd3b9bc5f65582.txt", DOCX,
             SAMPLES / "005.txt", SOURCES / "004_22cd3b9bc5f65582.txt"]
    parts = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in files]
    parts.append(("files", ("chart.gif", GIF, "image/gif")))
    parts.append(("files", ("broken.pdf", b"%PDF-1.4\n%%EOF garbage", "application/pdf")))
    r = client.post("/v1/jobs", files=parts, headers=bearer(reviewer))
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["total"] == 7 and job["status"] in ("queued", "running", "done")
    assert r.headers["location"] == job["url"] == f"/v1/jobs/{job['id']}"
    assert job["items"][5]["status"] == "failed" and "image" in job["items"][5]["error"]  # refused at once
    done = wait_job(client, reviewer, job["url"])
    assert done["status"] == "done", done
    assert done["done"] == 7 and done["failed"] == 2 and done["pending"] == 0 and done["progress"] == 1.0
    items = done["items"]
    assert [it["status"] for it in items] == ["done"] * 5 + ["failed"] * 2
    assert "corrupt PDF" in items[6]["error"]
    assert [it["document_id"] for it in items[:5]] == [sha(p) for p in files]
    assert items[1]["document_id"] == items[4]["document_id"]  # the same file twice: one document
    assert items[3]["document_id"] == stored["005.txt"]  # already stored: one document
    assert all(it["template"] and it["model"] and "review" in it for it in items[:5])
    schemas.JobOut.model_validate(done)
    full = client.get(job["url"] + "?results=full", headers=bearer(reviewer)).json()
    assert full["items"][0]["report"]["source"]["sha256"] == sha(files[0])
    assert full["items"][2]["report"]["source"]["format"] == "docx"
    listed = client.get("/v1/jobs", headers=bearer(reviewer)).json()["items"]
    assert job["id"] in [j["id"] for j in listed]
    assert not (data_dir / "jobs" / job["id"]).exists()  # inputs are removed once parsed
    # the progress is in the database, not only in this process
    assert db_query(data_dir, db_url, "SELECT status, done, failed FROM jobs WHERE id = :id", id=job["id"]) == \
        [("done", 7, 2)]
    # refusals
    assert client.post("/v1/jobs", headers=bearer(reviewer), data={"x": "1"}).status_code == 415  # a form: refused
    assert client.post("/v1/jobs", headers=bearer(reviewer), json={"x": "1"}).status_code == 400
    r = client.post("/v1/jobs", files=[("files", ("../a.txt", b"x"))], headers=bearer(reviewer))
    assert r.status_code == 400 and r.json()["error"] == "unsafe_name"
    r = client.post("/v1/jobs", files=[("files", ("e.txt", b"")), ("files", ("chart.gif", GIF))],
                    headers=bearer(reviewer))
    assert r.status_code in (400, 415) and "no file of the job" in r.json()["message"]
    assert client.get("/v1/jobs/" + "0" * 32, headers=bearer(reviewer)).status_code == 404


def test_unfinished_job_resumes_on_restart(tmp_path, fresh_db):
    """A job left pending (server stopped) is picked up by the next start."""
    from service.db import Database
    from service.models import Job, JobItem
    from service.storage import Storage

    s = settings(tmp_path, fresh_db)
    create_app(s).state.service.close()  # migrate, then "crash" before any job ran
    p = SAMPLES / "000_26fa7c73a70403e4.txt"
    storage, db = Storage(tmp_path), Database(s.resolved_database_url())
    storage.put_job_input("a" * 32, 0, p.read_bytes())
    with db.session() as ses:
        ses.add(Job(id="a" * 32, status="running", total=1, done=0, failed=0,
                    items=[JobItem(position=0, name=p.name, size=p.stat().st_size, sha256=sha(p), status="pending")]))
        ses.commit()
    db.dispose()
    with TestClient(create_app(s)) as c:
        job = wait_job(c, ADMIN, "/v1/jobs/" + "a" * 32)
        assert job["status"] == "done" and job["items"][0]["document_id"] == sha(p)


def test_job_in_a_process_pool(tmp_path, fresh_db):
    """The default executor: parses run in spawned worker processes."""
    s = settings(tmp_path, fresh_db, executor="process", workers=1)
    files = [SAMPLES / "013.html", SOURCES / "009.md"]
    with TestClient(create_app(s)) as c:
        r = c.post("/v1/jobs", files=[("files", (p.name, p.read_bytes())) for p in files], headers=bearer(ADMIN))
        assert r.status_code == 202
        job = wait_job(c, ADMIN, r.json()["url"], timeout=120)
        assert job["status"] == "done" and job["failed"] == 0
        assert [it["document_id"] for it in job["items"]] == [sha(p) for p in files]
        r = c.post("/v1/extract", files=upload(SAMPLES / "005.txt"))
        assert r.status_code == 200 and r.json()["year"] == 2023


def test_a_crashed_worker_costs_only_its_own_file():
    import asyncio
    import os

    from service.jobs import WorkerPool

    pool = WorkerPool("process", 1, warm=False)
    try:
        assert pool.call(str, "a") == "a"
        crashed = pool.call(os._exit, 3)  # the worker process dies
        assert crashed["ok"] is False and crashed["error"] == "worker_crashed"
        assert pool.call(str, "b") == "b"  # a fresh pool took over
        assert asyncio.run(pool.acall(os._exit, 3))["error"] == "worker_crashed"
        assert asyncio.run(pool.acall(str, "c")) == "c"
    finally:
        pool.close()


# --- review queue -----------------------------------------------------------------------------------


def test_queue_filters_and_ordering(client, stored, reviewer):
    from training.rank import rank_documents

    h = bearer(reviewer)
    q = client.get("/v1/review/queue?limit=500", headers=h).json()
    schemas.DocumentList.model_validate(q)
    items = q["items"]
    assert q["total"] == len(items) >= 4
    assert all(it["review"]["required"] and it["status"] in ("pending", "corrected") for it in items)
    # the two outcomes: extraction doubt (the queue) and source inconsistency (the report's own
    # numbers disagree while every cell was read with certainty: not queued, its own filter)
    source = client.get("/v1/review/queue?outcome=source&limit=500", headers=h).json()["items"]
    assert source and all(it["review"]["source_inconsistent"] for it in source)
    assert stored["008.html"] in {it["id"] for it in source}
    extraction = client.get("/v1/review/queue?outcome=extraction&limit=500", headers=h).json()["items"]
    assert [it["id"] for it in extraction] == [it["id"] for it in items]
    assert client.get("/v1/review/queue?outcome=bogus", headers=h).status_code == 422
    scores = [it["rank_score"] for it in items]
    assert scores == sorted(scores, reverse=True)
    clean = {it["id"] for it in client.get("/v1/documents?status=not_required&limit=500", headers=h).json()["items"]}
    assert stored["013.html"] in clean
    assert not clean & {it["id"] for it in items}  # parses that need no review are not queued
    # the stored score is training.rank's score of the document (computed once, at parse time)
    ranked = {Path(r["file"]).name: r["score"] for r in rank_documents([SOURCES / "009.md"])}
    by_name = {it["name"]: it["rank_score"] for it in items}
    for name, score in ranked.items():
        assert by_name[name] == pytest.approx(score, abs=1e-6)
    # filters
    ident = client.get("/v1/review/queue?reason=identity", headers=h).json()["items"]
    assert all("identity" in it["review"]["kinds"] for it in ident)
    assert not {stored["008.html"], stored["001_ae5d534637d2dda6.txt"]} & {it["id"] for it in ident}
    # seed 002's prose contradicts its table: a source inconsistency, not queued for a re-read
    narrative = client.get("/v1/review/queue?reason=narrative", headers=h).json()["items"]
    assert stored["002_ee8fa3a975bc8fe4.txt"] not in [it["id"] for it in narrative]
    assert stored["002_ee8fa3a975bc8fe4.txt"] in {it["id"] for it in source}
    uncertain = client.get("/v1/review/queue?reason=uncertain", headers=h).json()["items"]
    assert stored["005.txt"] in {it["id"] for it in uncertain}
    # a document's kinds are its reasons' codes (review.items), mapped to the queue's values
    for it in items:
        rep = client.get(f"/v1/documents/{it['id']}", headers=h).json()["report"]
        assert it["review"]["kinds"] == list(dict.fromkeys(
            review.KIND_OF_CODE[x["code"]] for x in rep["review"]["items"]))
    pingtan = client.get("/v1/review/queue", params={"agency": "平潭"}, headers=h).json()["items"]
    assert pingtan and all("平潭" in it["agency"] for it in pingtan)
    # seeds of 2020 are read with certainty (not queued); the queued real report 003.txt is of 2021
    y = client.get("/v1/review/queue?year=2021", headers=h).json()["items"]
    assert stored["003.txt"] in {it["id"] for it in y} and all(it["year"] == 2021 for it in y)
    assert client.get("/v1/review/queue?year=2020", headers=h).json()["total"] == 0
    t = client.get("/v1/review/queue?template=2021&year=2023", headers=h).json()["items"]
    assert t and all(it["template"] == "2021" and it["year"] == 2023 for it in t)
    both = client.get("/v1/review/queue?reason=uncertain&agency=上海", headers=h).json()["items"]
    assert both and all("上海" in it["agency"] and "uncertain" in it["review"]["kinds"] for it in both)
    assert client.get("/v1/review/queue?agency=no-such-agency", headers=h).json()["total"] == 0
    # paging keeps the order
    page = [it["id"] for off in range(0, len(items), 2)
            for it in client.get(f"/v1/review/queue?limit=2&offset={off}", headers=h).json()["items"]]
    assert page == [it["id"] for it in items]
    assert client.get("/v1/review/queue?reason=nonsense", headers=h).status_code == 422
    assert client.get("/v1/review/queue?template=1999", headers=h).status_code == 422
    assert client.get("/v1/documents?status=bogus", headers=h).status_code == 422
    not_required = client.get("/v1/documents?status=not_required&limit=500", headers=h).json()["items"]
    assert clean <= {it["id"] for it in not_required}


# --- corrections and accepting -------------------------------------------------------------------------


def test_corrections_recheck_identities(client, stored, reviewer):
    h = bearer(reviewer)
    doc_id = stored["008.html"]
    url = f"/v1/documents/{doc_id}/corrections"
    # 008.html prints no 总计 for the granted row: its identity breaks; the reviewer fills it in
    r = client.post(url, json={"requests.granted.total": 272}, headers=h)
    assert r.status_code == 201, r.text
    out = r.json()
    schemas.CorrectionOut.model_validate(out)
    assert "requests.row.granted" in out["fixed"] and "requests.row.granted" not in out["broken"]
    assert out["status"] == "corrected" and out["values"]["requests.granted.total"] == 272
    row = next(c for c in out["checks"] if c["rule"] == "requests.row.granted")
    assert row["ok"] and row["detail"] == "258+12+0+0+1+1 == 272" and "requests.granted.total" in row["keys"]
    # cell text is read like the parser reads it; a correction can break an identity too
    r = client.post(url, json={"fields": {"requests.partial.total": "3", "requests.new.natural": 900}}, headers=h)
    out = r.json()
    assert r.status_code == 201 and out["fields"] == {"requests.partial.total": 3, "requests.new.natural": 900}
    assert "requests.row.partial" in out["fixed"] and "requests.balance.natural" in out["newly_broken"]
    r = client.post(url, json={"requests.new.natural": 821}, headers=h)  # undo
    assert "requests.balance.natural" not in r.json()["broken"]
    # invalid corrections change nothing
    for bad in ({"requests.nonexistent.total": 1}, {"requests.new.natural": -5}, {"requests.new.natural": 1.5},
                {"requests.new.natural": "many"}, {"requests.new.natural": True}, {}, {"fields": {}}):
        r = client.post(url, json=bad, headers=h)
        assert r.status_code == 422 and r.json()["error"] in ("invalid_correction", "invalid_request"), bad
    doc = client.get(f"/v1/documents/{doc_id}", headers=h).json()
    assert doc["status"] == "corrected" and len(doc["corrections"]) == 3
    assert all(c["reviewer"] == "rita" for c in doc["corrections"])
    cur = doc["corrected"]
    assert cur["values"]["requests.granted.total"] == 272 and cur["values"]["requests.new.natural"] == 821
    assert {"requests.row.granted", "requests.row.partial"} <= set(cur["fixed"])
    assert cur["corrected_fields"] == ["requests.granted.total", "requests.new.natural", "requests.partial.total"]
    # a corrected document stays in the queue until accepted
    queued = client.get("/v1/review/queue?limit=500", headers=h).json()["items"]
    assert doc_id in [it["id"] for it in queued]
    # money: a bare number for 本年收费金额 is read in the template's unit (万元)
    money = client.post(f"/v1/documents/{stored['010.md']}/corrections",
                        json={"active.fees.amount": "12.5"}, headers=h).json()
    assert money["fields"]["active.fees.amount"]["yuan"] == 125000


def test_accept_writes_an_annotation_with_the_right_fields_and_blocks(client, data_dir, stored, reviewer):
    from extractor.loaders import load
    from training.annotate import annotate, load_annotations

    h = bearer(reviewer)
    truth = json.loads((ANNOTATIONS / "003.json").read_text())  # hand-checked labels of 003.txt
    doc_id = stored["003.txt"]
    doc = client.get(f"/v1/documents/{doc_id}", headers=h).json()
    wrong = {k: v for k, v in truth["fields"].items() if doc["report"]["fields"][k]["value"] != v}
    assert wrong == {"active.normative.issued": 69, "active.normative.repealed": 3}  # digits split wrongly
    assert client.post(f"/v1/documents/{doc_id}/corrections", json=wrong, headers=h).status_code == 201
    r = client.post(f"/v1/documents/{doc_id}/accept", headers=h)
    assert r.status_code == 200, r.text
    out = r.json()
    schemas.AcceptOut.model_validate(out)
    assert out["status"] == "accepted" and out["annotation"] == f"annotations/review-{doc_id[:16]}.json"
    ann_path = data_dir / out["annotation"]
    ann = json.loads(ann_path.read_text())
    assert ann["origin"] == "review" and ann["reviewer"] == "rita" and ann["original_name"] == "003.txt"
    assert ann["fields"] == truth["fields"]
    assert (ann["template"], ann["year"], ann["agency"]) == (truth["template"], truth["year"], truth["agency"])
    src = data_dir / "annotations" / ann["source"]
    assert src.read_bytes() == (SOURCES / "003.txt").read_bytes()
    # blocks: the source's blocks, labelled from the corrected values (training.annotate)
    expected = annotate(load(src), truth["fields"])
    assert ann["blocks"] == expected["blocks"] and ann["field_accuracy"] == expected["field_accuracy"]
    labels = {b["label"] for b in ann["blocks"]}
    assert {"row.active.normative", "row.requests.new", "row.requests.total"} <= labels
    # training reads it like any other annotation
    assert [a["doc"] for a in load_annotations(data_dir / "annotations")] == [ann["doc"]]
    # accepted documents leave the queue; the document records who accepted it and where
    queued = client.get("/v1/review/queue?limit=500", headers=h).json()["items"]
    assert doc_id not in {it["id"] for it in queued}
    doc = client.get(f"/v1/documents/{doc_id}", headers=h).json()
    assert doc["status"] == "accepted" and doc["accepted_by"] == "rita" and doc["annotation"] == out["annotation"]
    # accepting with last corrections and ambiguous cells in one call
    doc9 = stored["009.md"]
    r = client.post(f"/v1/documents/{doc9}/accept", headers=h,
                    json={"fields": {"requests.new.natural": "32"}, "ambiguous": ["requests.carried_forward.total"],
                          "confirm": True})
    assert r.status_code == 200, r.text
    # the "correction" repeats the value read: nothing was corrected, nothing to learn, no annotation
    assert r.json()["annotation"] is None and r.json()["corrected_fields"] == []
    assert not (data_dir / "annotations" / f"review-{doc9[:16]}.json").exists()
    r = client.post(f"/v1/documents/{doc9}/accept", headers=h, json={"ambiguous": ["no.such.key"]})
    assert r.status_code == 422
    assert client.post(f"/v1/documents/{'0' * 64}/accept", headers=h).status_code == 404


def test_a_partial_report_is_checked_corrected_and_accepted(client, data_dir, reviewer):
    """A report cut before its first tables (Docling's markdown of real/005's page keeps table 四 alone):
    its template is unknown (null) but table 四 is read. The reviewer's corrections are rechecked
    against table 四's identities, and accepting it writes an annotation like any other - it was
    refused (409 no_template) though its fields are training data."""
    from training.annotate import load_annotations

    h = bearer(reviewer)
    path = ROOT / "tests" / "data" / "converted" / "005.docling-md.md"
    r = client.post("/v1/extract?store=true", files=upload(path), headers=h)
    assert r.status_code == 200, r.text
    doc_id = r.json()["service"]["document_id"]
    report = client.get(f"/v1/documents/{doc_id}", headers=h).json()["report"]
    assert report["template"] is None and len(report["fields"]) == 15
    # a misread total the reviewer types in breaks table 四's row sum: the recheck says so
    r = client.post(f"/v1/documents/{doc_id}/corrections", json={"review.reconsideration.total": 3}, headers=h)
    assert r.status_code == 201, r.text
    assert r.json()["newly_broken"] == ["review.reconsideration"]
    r = client.post(f"/v1/documents/{doc_id}/accept", headers=h)
    assert r.status_code == 409 and r.json()["error"] == "identities_broken"
    # the publisher printed it so: accepted with confirm, written as training data with the template unknown
    r = client.post(f"/v1/documents/{doc_id}/accept", headers=h, json={"confirm": True})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["corrected_fields"] == ["review.reconsideration.total"]
    assert out["confirmed_broken"] == ["review.reconsideration"]
    ann = json.loads((data_dir / out["annotation"]).read_text())
    assert ann["template"] is None and set(ann["fields"]) == set(report["fields"])
    assert ann["fields"]["review.reconsideration.total"] == 3
    labels = [b["label"] for b in ann["blocks"]]
    assert "heading.review" in labels and labels.count("value") >= 15  # table 四's cells, labelled for training
    assert ann["doc"] in [a["doc"] for a in load_annotations(data_dir / "annotations")]


# --- migrations and the command line -------------------------------------------------------------------


def test_migrations_match_the_models(tmp_path, fresh_db):
    """On SQLite and on PostgreSQL: upgrade head gives the models' schema; downgrade to an
    earlier revision and back works (what an upgrade of a deployed service does)."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect

    from service.db import Database, alembic_config
    from service.models import Base

    db = Database(fresh_db or f"sqlite:///{tmp_path / 'm.db'}")

    def compare() -> list:
        with db.engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)

    def revision() -> str:
        with db.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def alembic(cmd, rev: str) -> None:
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            cmd(cfg, rev)

    try:
        db.migrate()
        db.migrate()  # idempotent
        assert compare() == []
        assert revision() == "0003"
        alembic(command.downgrade, "0002")  # before reviewer accounts and review actions
        assert "users" not in inspect(db.engine).get_table_names()
        alembic(command.downgrade, "0001")  # back to the first schema: no sessions, no page offsets
        assert revision() == "0001"
        tables = inspect(db.engine).get_table_names()
        assert "sessions" not in tables and "documents" in tables
        assert "pages" not in {c["name"] for c in inspect(db.engine).get_columns("parses")}
        alembic(command.downgrade, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.migrate()
        assert compare() == [] and revision() == "0003"
    finally:
        db.dispose()


def test_serve_command_creates_and_revokes_tokens(tmp_path, fresh_db):
    from click.testing import CliRunner

    from service.cli import serve

    runner = CliRunner()
    where = ["--data", str(tmp_path)] + (["--database-url", fresh_db] if fresh_db else [])
    r = runner.invoke(serve, [*where, "--create-token", "reviewer1"])
    assert r.exit_code == 0, r.output
    token = r.stdout.strip().splitlines()[-1]
    assert token.startswith("xxgk_")
    r = runner.invoke(serve, [*where, "--create-token", "reviewer1"])
    assert r.exit_code != 0 and "exists" in r.output
    with TestClient(create_app(settings(tmp_path, fresh_db))) as c:
        assert c.get("/v1/whoami", headers=bearer(token)).json() == {"name": "reviewer1", "role": "reviewer"}
    r = runner.invoke(serve, [*where, "--revoke-token", "reviewer1"])
    assert r.exit_code == 0
    with TestClient(create_app(settings(tmp_path, fresh_db))) as c:
        assert c.get("/v1/whoami", headers=bearer(token)).status_code == 401
    r = runner.invoke(serve, ["--help"])
    assert r.exit_code == 0 and "--workers" in r.output and "--create-token" in r.output


# --- the review page and its endpoints ------------------------------------------------------------


def test_review_pages_are_served_with_a_strict_policy(client):
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/review/"
    for url, script in [("/review/", "queue.js"), ("/review/login", "login.js"),
                        ("/review/documents/" + "0" * 64, "document.js")]:
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
        assert f'src="/review/static/{script}"' in r.text
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert "<script>" not in r.text  # no inline script: the policy forbids it
    assert client.get("/review/documents/not-a-hash").status_code == 422
    js = client.get("/review/static/document.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert js.headers["x-content-type-options"] == "nosniff"
    assert client.get("/review/static/review.css").headers["content-type"].startswith("text/css")
    # nothing but the package's static folder is served from there
    for bad in ("/review/static/../app.py", "/review/static/%2e%2e/app.py", "/review/static/..%2fapp.py",
                "/review/static/%2e%2e%2f%2e%2e%2fpyproject.toml", "/review/static//etc/passwd",
                "/review/static/nope.js", "/review/static/"):
        r = client.get(bad)
        assert r.status_code == 404, (bad, r.status_code)
        assert "import" not in r.text and "[project]" not in r.text


def test_review_layout_comes_from_the_template(client, reviewer):
    from extractor import templates as T
    from service import review

    assert client.get("/v1/review/layout").status_code == 401
    lay = client.get("/v1/review/layout", headers=bearer(reviewer)).json()
    tables = lay["tables"]
    assert set(tables) == {"active", "requests", "review"}
    for name, versions in (("active", T.ACTIVE), ("requests", T.REQUESTS)):
        for v, t in versions.items():
            got = tables[name][v]
            assert [r["key"] for r in got["rows"]] == [r.key for r in t.rows]
            assert [r["label"] for r in got["rows"]] == [r.label for r in t.rows]
            assert [k for r in got["rows"] for k in r["fields"]] == t.keys()
    assert [c["label"] for c in tables["requests"]["2019"]["columns"]] == \
        [T.REQUEST_COLUMN_LABELS[c][0] for c in T.REQUEST_COLUMNS]
    assert tables["review"]["any"]["rows"][0]["fields"] == T.REVIEW.keys()[:5]
    fees = next(r for r in tables["active"]["2021"]["rows"] if r["key"] == "fees")
    assert fees["money"] == ["amount"] and fees["money_unit"] == "万元"
    assert lay["reasons"] == [*review.REASON_KINDS, review.OTHER] and lay["low_confidence"] == 0.9


def test_recheck_is_a_dry_run(client, stored, reviewer):
    h = bearer(reviewer)
    doc_id = stored["001_ae5d534637d2dda6.txt"]  # seed 001: its 行政复议 row breaks (1+0+0+0 != 0)
    before = client.get(f"/v1/documents/{doc_id}", headers=h).json()
    assert "review.reconsideration" in before["corrected"]["broken"]
    r = client.post(f"/v1/documents/{doc_id}/recheck", json={"review.reconsideration.total": "1"}, headers=h)
    assert r.status_code == 200, r.text
    out = r.json()
    schemas.CorrectionOut.model_validate(out)
    assert out["stored"] is False and out["correction_id"] is None
    assert out["fixed"] == ["review.reconsideration"] and "review.reconsideration" not in out["broken"]
    assert out["values"]["review.reconsideration.total"] == 1
    bad = client.post(f"/v1/documents/{doc_id}/recheck", json={"review.reconsideration.total": "x"}, headers=h)
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_correction"
    after = client.get(f"/v1/documents/{doc_id}", headers=h).json()
    assert after["corrections"] == before["corrections"] == [] and after["status"] == before["status"]
    assert client.post(f"/v1/documents/{doc_id}/recheck", json={"a": 1}).status_code == 401


def test_html_source_is_rendered_sandboxed(client, stored, reviewer):
    h = bearer(reviewer)
    doc = client.get(f"/v1/documents/{stored['008.html']}", headers=h).json()
    sv = doc["source_view"]
    assert sv["render_url"] == f"/v1/documents/{doc['id']}/render" and sv["page_url"] is None
    r = client.get(sv["render_url"], headers=h)
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    csp = r.headers["content-security-policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp and "script-src" not in csp
    assert "2019年上海市人民政府办公厅政府信息公开工作年度报告" in r.text
    assert client.get(sv["render_url"]).status_code == 401
    txt = stored["005.txt"]
    assert client.get(f"/v1/documents/{txt}", headers=h).json()["source_view"]["render_url"] is None
    assert client.get(f"/v1/documents/{txt}/render", headers=h).status_code == 404
    assert client.get(f"/v1/documents/{txt}/pages/1", headers=h).status_code == 404


def two_page_pdf(source: Path = SOURCES / "001_ae5d534637d2dda6.txt") -> bytes:
    """A report as a PDF with a text layer, split over two pages (PyMuPDF's built-in CJK font)."""
    import pymupdf

    lines = source.read_text(encoding="utf-8").splitlines()
    half = len(lines) // 2
    d = pymupdf.open()
    for part in (lines[:half], lines[half:]):
        page = d.new_page(width=595, height=842 * 3)
        page.insert_text((36, 40), "\n".join(part), fontname="china-s", fontsize=7)
    return d.tobytes()


def test_pdf_pages_as_images(client, reviewer):
    h = bearer(reviewer)
    data = two_page_pdf()
    r = client.post("/v1/extract?store=true", files={"file": ("two-pages.pdf", data, "application/pdf")}, headers=h)
    assert r.status_code == 200, r.text
    doc_id = r.json()["service"]["document_id"]
    doc = client.get(f"/v1/documents/{doc_id}", headers=h).json()
    sv = doc["source_view"]
    assert sv["format"] == "pdf" and sv["pages"] == 2 and sv["render_url"] is None
    assert sv["page_url"] == f"/v1/documents/{doc_id}/pages/{{page}}"
    starts = sv["page_starts"]
    assert [p for p, _ in starts] == [1, 2] and starts[0][1] == 0 < starts[1][1] < len(doc["text"])
    # each page's text starts where page_starts says: a phrase from the middle of each page
    import re

    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        pages = [pdf[i].get_text() for i in range(2)]
    for n, page_text in enumerate(pages, 1):
        phrases = re.findall(r"[\u4e00-\u9fff]{8,}", page_text)
        phrase = phrases[len(phrases) // 2][:8]
        at = doc["text"].find(phrase)
        assert at >= 0 and (at < starts[1][1] if n == 1 else at >= starts[1][1]), (n, phrase)
    # the parse found the tables (seed 001 as a PDF); its fields' offsets tell their pages
    rep = doc["report"]
    assert rep["template"] == "2019" and rep["review"]["required"]
    on_page = {p: [k for k, f in rep["fields"].items() if f.get("source") and
                   max(q for q, start in starts if start <= f["source"]["start"]) == p] for p in (1, 2)}
    assert on_page[1] and on_page[2]
    for n in (1, 2):
        img = client.get(sv["page_url"].format(page=n), headers=h)
        assert img.status_code == 200 and img.headers["content-type"] == "image/png"
        assert img.content.startswith(b"\x89PNG\r\n\x1a\n") and len(img.content) > 1000
    assert client.get(sv["page_url"].format(page=3), headers=h).status_code == 404
    assert client.get(sv["page_url"].format(page=0), headers=h).status_code == 422
    assert client.get(sv["page_url"].format(page=1) + "?zoom=50", headers=h).status_code == 422
    assert client.get(sv["page_url"].format(page=1)).status_code == 401


def test_session_login_cookie_and_csrf(client, stored, reviewer):
    """The review page's log-in: a token is exchanged for an HttpOnly, SameSite=Strict cookie;
    cookie-authenticated changes need the X-Requested-With header and a same-origin Origin."""
    web = TestClient(client.app)  # a browser of its own (its cookies stay out of `client`)
    csrf = {"X-Requested-With": "xxgk"}
    doc_id = stored["001_ae5d534637d2dda6.txt"]
    fix = {"review.reconsideration.total": 1}
    assert web.get("/v1/session").status_code == 401
    r = web.post("/v1/session", json={"token": reviewer})
    assert r.status_code == 403 and "X-Requested-With" in r.json()["message"]  # no login CSRF either
    r = web.post("/v1/session", json={"token": "xxgk_wrong"}, headers=csrf)
    assert r.status_code == 401 and "set-cookie" not in r.headers
    r = web.post("/v1/session", json={"token": reviewer}, headers=csrf)
    assert r.status_code == 200 and r.json()["name"] == "rita"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("xxgk_session=") and reviewer not in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert web.get("/v1/session").json() == {"name": "rita", "role": "reviewer", "expires_at": None}
    assert web.get("/v1/review/queue").status_code == 200
    assert web.get(f"/v1/documents/{doc_id}").status_code == 200
    assert web.get("/v1/tokens").status_code == 403  # the session has the token's role
    # changes: the custom header is required, and a foreign Origin is refused
    r = web.post(f"/v1/documents/{doc_id}/recheck", json=fix)
    assert r.status_code == 403 and "X-Requested-With" in r.json()["message"]
    r = web.post(f"/v1/documents/{doc_id}/recheck", json=fix, headers={**csrf, "Origin": "https://evil.example"})
    assert r.status_code == 403 and r.json()["error"] == "cross_origin"
    r = web.post(f"/v1/documents/{doc_id}/recheck", json=fix, headers={**csrf, "Origin": "http://testserver"})
    assert r.status_code == 200 and r.json()["fixed"] == ["review.reconsideration"]
    # a bearer token needs no header (not a browser)
    assert client.post(f"/v1/documents/{doc_id}/recheck", json=fix, headers=bearer(reviewer)).status_code == 200
    # logging out ends the session on the server, not only in the browser
    sid = web.cookies.get("xxgk_session")
    assert web.delete("/v1/session").status_code == 403  # a cross-site log-out is refused too
    assert web.delete("/v1/session", headers=csrf).status_code == 204
    assert web.get("/v1/review/queue").status_code == 401
    assert TestClient(client.app, cookies={"xxgk_session": sid}).get("/v1/review/queue").status_code == 401
    # revoking the token ends its sessions
    tok = client.post("/v1/tokens", json={"name": "brief", "role": "reviewer"}, headers=bearer(ADMIN)).json()["token"]
    other = TestClient(client.app)
    assert other.post("/v1/session", json={"token": tok}, headers=csrf).status_code == 200
    assert other.get("/v1/whoami").status_code == 200
    assert client.delete("/v1/tokens/brief", headers=bearer(ADMIN)).status_code == 204
    assert other.get("/v1/whoami").status_code == 401
    # an expired session is refused (and tidied away at the next log-in)
    from datetime import timedelta

    from sqlalchemy import func, select, update

    from service.models import WebSession, utcnow

    late = TestClient(client.app)
    assert late.post("/v1/session", json={"token": reviewer}, headers=csrf).status_code == 200
    db = client.app.state.service.db
    with db.session() as ses:
        ses.execute(update(WebSession).values(expires_at=utcnow() - timedelta(minutes=1)))
        ses.commit()
    assert late.get("/v1/whoami").status_code == 401
    assert TestClient(client.app).post("/v1/session", json={"token": reviewer}, headers=csrf).status_code == 200
    with db.session() as ses:
        assert ses.scalar(select(func.count()).select_from(WebSession)) == 1


# --- hardening: what fuzzing (benchmarks/fuzz_service.py) and the security review found ---------------


def test_openapi_documents_the_errors_the_app_sends(client, reviewer):
    """Every error answer is ErrorOut, and each operation lists the errors its shape implies
    (schemathesis found 422s documented as FastAPI's HTTPValidationError, undocumented 400s
    for unparseable bodies and undocumented 401/404s on the review page's endpoints)."""
    spec = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in json.dumps(spec) and "ErrorOut" in spec["components"]["schemas"]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            params = op.get("parameters") or []
            if params or "requestBody" in op:
                assert "422" in codes, (method, path)
            if "requestBody" in op:
                assert {"400", "413"} <= codes, (method, path)
            if any(p["in"] == "path" for p in params):
                assert "404" in codes, (method, path)
            if op.get("security"):
                assert {"401", "403"} <= codes, (method, path)
            for code, resp in op["responses"].items():
                if code.startswith("4"):
                    assert resp["content"] == {"application/json": {"schema": {
                        "$ref": "#/components/schemas/ErrorOut"}}}, (method, path, code)
    assert {"401", "403"} <= set(spec["paths"]["/v1/session"]["post"]["responses"])
    h = bearer(reviewer)
    for r in (client.get("/v1/documents?limit=0", headers=h),  # a validation error
              client.post("/v1/tokens", content=b"\xff\xfe{", headers={**bearer(ADMIN), "Content-Type": "application/json"}),
              client.get(f"/v1/documents/{'0' * 64}/render", headers=h), client.get("/v1/review/layout")):
        assert r.status_code in (400, 401, 404, 422), r.text
        body = schemas.ErrorOut.model_validate(r.json())
        assert body.error and body.message


def test_paging_offsets_and_years_are_bounded(client, reviewer):
    """Huge integers were a 500 (OverflowError: SQLite's INTEGER; PostgreSQL's integer column)."""
    h = bearer(reviewer)
    for url in ("/v1/jobs?offset=1729717474939860761216114753536", "/v1/documents?offset=" + "9" * 30,
                "/v1/review/queue?offset=" + str(2 ** 63), "/v1/documents?year=" + str(2 ** 63),
                "/v1/review/queue?year=3000000000", "/v1/documents?year=-1"):
        r = client.get(url, headers=h)
        assert r.status_code == 422 and r.json()["error"] == "invalid_request", (url, r.text)
    for url in ("/v1/jobs?offset=2147483647", "/v1/documents?year=2023&offset=2147483647", "/v1/review/queue?year=2999"):
        r = client.get(url, headers=h)
        assert r.status_code == 200 and r.json()["items"] == [], (url, r.text)


def test_long_upload_names_are_accepted_into_annotations(tmp_path, fresh_db):
    """A 150-character Chinese file name is 450 bytes: the annotation's staged copy was named by it
    (over the file systems' 255 bytes: OSError, a 500 on accept). The name stays whole in the
    annotation; nothing is named by it outside the staging folder."""
    from service.review import staged_name

    name = "某县人民政府办公室关于" * 15 + ".txt"
    with TestClient(create_app(settings(tmp_path, fresh_db))) as c:
        r = c.post("/v1/extract?store=true", files=upload(SAMPLES / "005.txt", name), headers=bearer(ADMIN))
        assert r.status_code == 200, r.text
        doc_id = r.json()["service"]["document_id"]
        # an annotation is written for a real correction (accepting a right reading writes none)
        r = c.post(f"/v1/documents/{doc_id}/accept", headers=bearer(ADMIN),
                   json={"fields": {"requests.new.natural": 1}, "confirm": True})
        assert r.status_code == 200, r.text
        ann = json.loads((tmp_path / r.json()["annotation"]).read_text())
        assert ann["original_name"] == name and ann["source"] == f"sources/review-{doc_id[:16]}.txt"
        assert not any((tmp_path / "tmp").iterdir())
    for raw, want in [("报告" * 100 + ".docx", ".docx"), ("../../x.txt", "document.txt"), ("..", "document.txt"),
                      ("a\x00b.txt", "document.txt"), ("plain.html", "plain.html")]:
        got = staged_name(raw, ".txt")
        assert len(got.encode()) <= 200 and "/" not in got and got not in (".", "..") and got.endswith(want), raw


def bomb_docx(mib: int) -> bytes:
    """A small DOCX whose word/document.xml unpacks to `mib` MiB of paragraphs."""
    import io
    import zipfile

    p = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 30000
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                          'package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            for _ in range((mib << 20) // len(p)):
                f.write(p)
            f.write(b"</w:body></w:document>")
    return buf.getvalue()


def test_zip_bombs_are_refused_before_parsing(client, reviewer):
    """A 760 KB DOCX unpacking to 250 MB of XML (the loader needed ~50 s and 7.5 GB to read it):
    413 by the sizes its ZIP directory declares, nothing inflated; the same in a batch job."""
    import io
    import zipfile

    for mib in (250, 64):  # over the total; under it but compressed far past real documents
        data = bomb_docx(mib)
        assert len(data) < LIMIT
        t = time.perf_counter()
        r = client.post("/v1/extract", files={"file": ("bomb.docx", data)})
        assert r.status_code == 413 and r.json()["error"] == "too_large", r.text
        assert "ZIP bomb" in r.json()["message"] and time.perf_counter() - t < 5
    r = client.post("/v1/jobs", files=[("files", ("bomb.docx", data))], headers=bearer(reviewer))
    assert r.status_code == 413 and "ZIP bomb" in r.json()["message"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", b"<w:document/>")
        for i in range(10_000):
            z.writestr(f"{i:x}", b"")
    r = client.post("/v1/extract", files={"file": ("many.docx", buf.getvalue())})
    assert r.status_code == 413 and "members" in r.json()["message"]
    r = client.post("/v1/extract", files=upload(DOCX))  # a real DOCX is not affected
    assert r.status_code == 200 and r.json()["source"]["format"] == "docx"
    assert client.get("/healthz").status_code == 200


_ENTITIES = """<!DOCTYPE html [
 <!ENTITY a "lollollollollollollollollollollollollollollollollollollollollollollollollollollol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>"""


def test_xml_entities_are_not_expanded(client):
    """Billion laughs and an external entity, in a DOCX part and in an HTML page: lxml resolves no
    entities (resolve_entities=False, no_network; libxml2 caps amplification even with
    huge_tree), so neither the expansion nor the file ever reaches the answer."""
    import io
    import zipfile

    html = (SAMPLES / "013.html").read_text(encoding="utf-8")
    page = _ENTITIES + html.replace("沭阳县发展和改革局", "沭阳县发展和改革局&e;&xxe;", 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(DOCX.read_bytes())) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            body = zin.read(item)
            if item.filename == "word/document.xml":
                head, rest = body.split(b"?>", 1)
                body = head + b"?>" + _ENTITIES.replace("html", "w:document").encode() + \
                    rest.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&e;&xxe;</w:t></w:r></w:p>", 1)
            z.writestr(item, body)
    for files in ({"file": ("laughs.html", page.encode())}, {"file": ("laughs.docx", buf.getvalue())}):
        r = client.post("/v1/extract", files=files)
        assert r.status_code in (200, 422), r.text[:300]
        assert len(r.content) < 2_000_000 and "lollollol" not in r.text and "root:" not in r.text
    assert client.get("/healthz").status_code == 200


def test_bodies_without_a_content_length_are_cut_off_at_the_limit(client, stored, reviewer):
    """Chunked multipart and JSON bodies (no Content-Length) count against the limit as they are read."""
    def chunks(head: bytes, tail: bytes):
        yield head
        for _ in range(LIMIT // 65536 + 8):
            yield b"x" * 65536
        yield tail

    multipart = chunks(b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n', b"\r\n--B--\r\n")
    r = client.post("/v1/extract", content=multipart, headers={"Content-Type": "multipart/form-data; boundary=B"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    doc_id = stored["005.txt"]
    r = client.post(f"/v1/documents/{doc_id}/recheck", content=chunks(b'{"a": "', b'"}'),
                    headers={**bearer(reviewer), "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"


def test_security_headers_and_the_sandboxed_render(client, stored, reviewer):
    """Every answer is nosniff and API answers are never cached; an uploaded HTML page (scripts
    and all) is only ever served with a CSP sandbox that allows nothing (no scripts, opaque
    origin), and as a download from /source; the session cookie is Secure over https."""
    h = bearer(reviewer)
    evil = ("<html><head><script>fetch('/v1/tokens')</script></head><body onload=\"alert(1)\">"
            + (SAMPLES / "013.html").read_text(encoding="utf-8") + "<img src=x onerror=alert(2)></body></html>")
    r = client.post("/v1/extract?store=true", files={"file": ("evil.html", evil.encode(), "text/html")}, headers=h)
    assert r.status_code == 200, r.text
    doc_id = r.json()["service"]["document_id"]
    r = client.get(f"/v1/documents/{doc_id}/render", headers=h)
    assert r.status_code == 200 and "<script>" in r.text  # as uploaded: the policy, not a filter, disarms it
    csp = [d.strip() for d in r.headers["content-security-policy"].split(";")]
    assert csp[0] == "sandbox" and "default-src 'none'" in csp and not any("script" in d for d in csp)
    assert not any("allow-" in d for d in csp) and "frame-ancestors 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and "no-store" in r.headers["cache-control"]
    src = client.get(f"/v1/documents/{doc_id}/source", headers=h)
    assert src.headers["content-type"] == "application/octet-stream"
    assert src.headers["content-disposition"].startswith("attachment") and src.headers["content-security-policy"] == "sandbox"
    for resp in (client.get("/v1/whoami", headers=h), client.get("/v1/nothing"), client.get("/healthz"),
                 client.post("/v1/tokens", json={"name": "hdr", "role": "reviewer"}, headers=bearer(ADMIN))):
        assert resp.headers["x-content-type-options"] == "nosniff"
    assert client.get("/v1/whoami", headers=h).headers["cache-control"] == "no-store"
    assert client.get("/review/").headers["cache-control"] == "no-cache"  # the pages keep their own
    web = TestClient(client.app, base_url="https://testserver")
    r = web.post("/v1/session", json={"token": reviewer}, headers={"X-Requested-With": "xxgk"})
    cookie = r.headers["set-cookie"]
    assert r.status_code == 200 and "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_storage_ids_are_checked_whole():
    """`$` matches before a trailing newline: ids are matched whole (defence in depth: the routes'
    patterns already refuse them)."""
    from service.storage import Storage, is_job_id, is_sha256

    assert is_sha256("0" * 64) and is_job_id("0" * 32)
    for bad in ("0" * 64 + "\n", "0" * 63, "../" + "0" * 61, None, "٠" * 64):
        assert not is_sha256(bad), bad
    assert not is_job_id("0" * 32 + "\n")
    with pytest.raises(ValueError):
        Storage.blob_path(Storage.__new__(Storage), "0" * 64 + "\n")


def test_out_of_range_correction_values_are_invalid(client, stored, reviewer):
    """Values past any report's figure were 500s: 10**400 (OverflowError converting to float),
    400-5000 digit strings (ValueError: int() and json.dumps digit limits), 1e999 (inf in the JSON)."""
    h = {**bearer(reviewer), "Content-Type": "application/json"}
    doc_id = stored["013.html"]
    fields = client.get(f"/v1/documents/{doc_id}", headers=h).json()["report"]["fields"]
    money = next(k for k, f in fields.items() if isinstance(f["value"], dict))
    count = next(k for k, f in fields.items() if not isinstance(f["value"], dict))
    bad = ['"' + "9" * 400 + '"', '"' + "9" * 5000 + '万元"', "1" + "0" * 400, "1e999", "-1e999", "NaN", "1e16",
           '{"text": "x", "yuan": 1e999}', '{"text": "' + "9" * 200 + '", "yuan": 1}', '"' + "1" * 101 + '"']
    for path in ("recheck", "corrections"):
        for key in (money, count):
            for raw in bad:
                r = client.post(f"/v1/documents/{doc_id}/{path}", content=f'{{"{key}": {raw}}}', headers=h)
                assert r.status_code in (400, 422), (path, key, raw[:30], r.status_code, r.text[:200])
                schemas.ErrorOut.model_validate(r.json())
        r = client.post(f"/v1/documents/{doc_id}/recheck", json={money: "594417.23万元", count: 10**15}, headers=h)
        assert r.status_code == 200 and r.json()["values"][count] == 10**15, r.text
    assert client.get(f"/v1/documents/{doc_id}", headers=h).json()["corrections"] == []


def test_reason_kinds_from_codes_and_legacy_sentences():
    """Kinds come from the typed reasons; a parse stored before review.items existed has only
    the sentences, which the legacy reader maps to the same kinds."""
    from extractor.pipeline import extract_file
    from extractor.reasons import CODES

    assert set(review.KIND_OF_CODE) == set(CODES) - {"other"}
    seen = set()
    for p in [*SAMPLES.glob("*.*"), *SOURCES.glob("*.*")]:
        if p.name == "README.md":
            continue
        rv = extract_file(p)["review"]
        typed = rv["items"] + rv.get("findings", [])  # extraction doubts and source inconsistencies
        kinds = review.reason_kinds(rv["reasons"], typed)
        # what an old stored parse gets: the English sentences of that time
        assert kinds == review.reason_kinds([it["message_en"] for it in typed])
        seen.update(kinds)
    assert {"identity", "uncertain", "narrative"} <= seen
    assert review.reason_kinds(["something else"]) == [review.OTHER]
    assert review.reason_kinds(["x"], [{"code": "other"}]) == [review.OTHER]


def test_a_page_image_is_read_through_ocr(client, reviewer):
    """A photographed or scanned page (PNG, JPEG, TIFF) is a registered format of the loaders:
    accepted and read through OCR, its table found; a GIF is still refused (415)."""
    r = client.post("/v1/extract", files={"file": (JPEG.name, JPEG.read_bytes(), "image/jpeg")},
                    headers=bearer(reviewer))
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["source"]["format"] == "image"
    assert rep["template"] == "2021"
    assert [rep["fields"][f"active.rules.{c}"]["value"] for c in ("issued", "repealed", "in_force")] == [3, 0, 27]
