"""Property-based fuzzing of the web service against its own OpenAPI schema (schemathesis).

    .venv/bin/pip install schemathesis          # dev-only: not in pyproject's extras
    python benchmarks/fuzz_service.py [--max-examples 50] [--seed 1] [--workers 1]
                                      [--phases examples,coverage,fuzzing] [--stateful]
                                      [--database-url postgresql+psycopg://…] [--url http://127.0.0.1:8000]
                                      [--keep] [-- extra schemathesis args]

Starts `xxgk serve` (service.cli, two worker processes) on a free loopback port with a
temporary data directory and a fixed admin token (unless --url names a running server:
then XXGK_TOKEN must hold an admin token, and the run stores, corrects, accepts and makes
tokens there: never point it at real data), stores a few real reports (HTML, text, DOCX and
a two-page PDF when PyMuPDF is there), one batch job and a few throwaway tokens so that
generated ids can hit real ones, then runs `schemathesis run` over every operation of
/openapi.json with an admin token of its own (a random name: schemathesis takes names for
DELETE /v1/tokens/{name} from the schema's words, "admin" among them, and would revoke the
token it runs with) and the review page's X-Requested-With header, positive and negative
data, bounded by --max-examples per operation (--max-time: repeated until the time is
spent). Checks: not_a_server_error, status_code_conformance, content_type_conformance,
response_schema_conformance. Path ids are drawn half the time from the stored ones
(schemathesis dictionaries), else generated.

Prints the failures by operation and check, and the server's logged unhandled errors
(tracebacks); exit status 1 when there is any. Not a test: pytest only collects tests/.
The schemathesis report (ndjson/junit) and the server log stay in the data directory
with --keep.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_service import start_server  # noqa: E402  (the same server start as the load test)

REPO = Path(__file__).resolve().parents[1]
ADMIN = "xxgk_fuzz-admin-" + uuid.uuid4().hex
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
SEED_FILES = [REPO / "samples" / "008.html", REPO / "samples" / "005.txt",
              REPO / "tests" / "data" / "docx" / "001_libreoffice.docx"]


def call(base: str, method: str, path: str, token: str | None = None, body: bytes | None = None,
         ctype: str | None = None, timeout: float = 300) -> tuple[int, bytes]:
    req = urllib.request.Request(base + path, data=body, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def multipart(field: str, files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "xxgk" + uuid.uuid4().hex
    out = b""
    for name, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def two_page_pdf() -> bytes | None:
    try:
        import pymupdf
    except ImportError:
        return None
    lines = (REPO / "annotations" / "sources" / "001_ae5d534637d2dda6.txt").read_text(encoding="utf-8").splitlines()
    d = pymupdf.open()
    for part in (lines[: len(lines) // 2], lines[len(lines) // 2:]):
        d.new_page(width=595, height=842 * 3).insert_text((36, 40), "\n".join(part), fontname="china-s", fontsize=7)
    return d.tobytes()


# DELETE /v1/tokens/{name} takes only these: left to itself, the fuzzer revokes the token it runs
# with (it reads the names from GET /v1/tokens) and spends the rest of the run on 401s
TOKEN_NAMES = ["fuzz-1", "fuzz-2", "fuzz-3", "nobody", "../admin", "admin/..", "ａｄｍｉｎ", "admin ", "%61dmin",
               "x" * 64, "é", "a\u0000b"]


def fuzzer_token(base: str, admin: str) -> tuple[str, str]:
    """An admin token of a random name for the run: schemathesis draws names for DELETE
    /v1/tokens/{name} from the schema's own words too ("admin") and would revoke the one it runs with."""
    name = "fuzzer-" + uuid.uuid4().hex[:12]
    status, out = call(base, "POST", "/v1/tokens", admin, json.dumps({"name": name, "role": "admin"}).encode(),
                       "application/json")
    if status != 201:
        sys.exit(f"creating the fuzzer's token: HTTP {status} {out[:300]!r}")
    return json.loads(out)["token"], name


def seed(base: str, token: str) -> tuple[list[str], list[str]]:
    """Store a few reports, queue one job and make throwaway tokens: ids for the path parameters."""
    files = [(p.name, p.read_bytes()) for p in SEED_FILES if p.is_file()]
    pdf = two_page_pdf()
    if pdf:
        files.append(("two-pages.pdf", pdf))
    docs = []
    for name, data in files:
        body, ctype = multipart("file", [(name, data)])
        status, out = call(base, "POST", "/v1/extract?store=true", token, body, ctype)
        if status != 200:
            sys.exit(f"seeding {name}: HTTP {status} {out[:300]!r}")
        docs.append(json.loads(out)["service"]["document_id"])
    body, ctype = multipart("files", files[:2])
    status, out = call(base, "POST", "/v1/jobs", token, body, ctype)
    jobs = [json.loads(out)["id"]] if status == 202 else []
    for name in TOKEN_NAMES[:3]:
        call(base, "POST", "/v1/tokens", token, json.dumps({"name": name}).encode(), "application/json")
    return docs, jobs


def config(path: Path, docs: list[str], jobs: list[str]) -> None:
    """schemathesis.toml: stored ids as dictionaries for the path parameters, and token names
    for DELETE /v1/tokens/{name} that never include the fuzzer's own (see TOKEN_NAMES)."""
    def values(xs: list) -> str:
        return "[" + ", ".join(json.dumps(x) for x in xs) + "]"

    dictionaries = {"documents": docs, "jobs": jobs, "pages": [1, 2], "tokens": TOKEN_NAMES}  # the PDF has 2 pages
    bindings = {"path.doc_id": ("documents", 0.5), "path.job_id": ("jobs", 0.5), "path.page": ("pages", 0.5),
                "path.name": ("tokens", 1.0)}
    lines = []
    for name, xs in dictionaries.items():
        if xs:
            lines += [f"[dictionaries.{name}]", f"values = {values(xs)}", ""]
    lines.append("[parameters]")
    for key, (name, p) in bindings.items():
        if dictionaries[name]:
            lines.append(f'"{key}" = {{ dictionary = "{name}", probability = {p} }}')
    # names read from earlier answers (GET /v1/tokens lists "admin") are not reused for it
    lines += ["", "[[operations]]", 'include-path = "/v1/tokens/{name}"', 'include-method = "DELETE"',
              "phases.coverage.extra-data-sources.responses = false",
              "phases.fuzzing.extra-data-sources.responses = false"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def summarise(ndjson: Path) -> tuple[collections.Counter, dict[str, collections.Counter]]:
    """From schemathesis' ndjson event stream: (operation, check) -> unique failures, and
    operation -> {status code: responses}."""
    found: collections.Counter = collections.Counter()
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    if not ndjson.is_file():
        return found, statuses
    for line in ndjson.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        _walk(ev, found, None)
        rec = (ev.get("ScenarioFinished") or {}).get("recorder") or {}
        for inter in (rec.get("interactions") or {}).values():
            code = (inter.get("response") or {}).get("status_code")
            statuses[rec.get("label", "?")][code] += 1
    return found, statuses


def _walk(o, found: collections.Counter, label: str | None) -> None:
    if isinstance(o, dict):
        label = o.get("label") if isinstance(o.get("label"), str) else label
        if isinstance(o.get("failure_info"), dict) and isinstance(o["failure_info"].get("failure"), dict):
            f = o["failure_info"]["failure"]
            found[(label or "?", f"{f.get('code', '')} {f.get('title', '')}".strip())] += 1
        for v in o.values():
            _walk(v, found, label)
    elif isinstance(o, list):
        for v in o:
            _walk(v, found, label)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-examples", "-n", type=int, default=50, help="test cases per operation (default 50)")
    ap.add_argument("--seed", type=int, default=1, help="hypothesis seed (default 1)")
    ap.add_argument("--workers", "-w", type=int, default=1,
                    help="schemathesis workers (default 1: hypothesis' lambda sources are not thread-safe on "
                         "Python 3.11, more workers may end in spurious 'Runtime Error's)")
    ap.add_argument("--phases", default="examples,coverage,fuzzing", help="schemathesis phases")
    ap.add_argument("--stateful", action="store_true", help="also run the stateful phase (links)")
    ap.add_argument("--max-time", type=int, help="time budget, seconds: fuzzing then repeats until it is spent "
                                                 "(default: one pass of --max-examples per operation)")
    ap.add_argument("--database-url", help="the started server's database (an empty PostgreSQL one, say); "
                                           "default: SQLite in the temporary data directory")
    ap.add_argument("--url", help="fuzz this running server (XXGK_TOKEN: an admin token) instead of starting one")
    ap.add_argument("--keep", action="store_true", help="keep the data directory, reports and server log")
    ap.add_argument("extra", nargs="*", help="more schemathesis run arguments (after --)")
    args = ap.parse_args(argv)
    st = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or shutil.which("schemathesis")
    if st is None:
        sys.exit("schemathesis is not installed: .venv/bin/pip install schemathesis")

    work = Path(tempfile.mkdtemp(prefix="xxgk-fuzz-"))
    proc, token, made = None, None, []
    try:
        if args.url:
            base, token = args.url.rstrip("/"), os.environ.get("XXGK_TOKEN") or sys.exit("set XXGK_TOKEN")
        else:
            t0 = time.perf_counter()
            proc, base = start_server(2, work, args.database_url, admin=ADMIN)
            token = ADMIN
            print(f"server up in {time.perf_counter() - t0:.1f} s ({base}, data in {work})")
        token, name = fuzzer_token(base, token)
        made.append(name)
        docs, jobs = seed(base, token)
        print(f"seeded {len(docs)} documents, {len(jobs)} job")
        cfg = work / "schemathesis.toml"
        config(cfg, docs, jobs)
        phases = args.phases + (",stateful" if args.stateful else "")
        cmd = [st, "--config-file", str(cfg), "run", f"{base}/openapi.json", "-H", f"Authorization: Bearer {token}",
               "-H", "X-Requested-With: xxgk",  # the CSRF header: POST /v1/session gets past it to the token check
               "--checks", CHECKS, "--max-examples", str(args.max_examples), "--seed", str(args.seed),
               "--workers", str(args.workers), "--phases", phases, "--request-timeout", "120",
               *(["--max-time", str(args.max_time)] if args.max_time else []),
               "--report", "ndjson,junit", "--report-dir", str(work / "report"),
               "--report-ndjson-path", str(work / "report" / "events.ndjson"), *args.extra]
        t0 = time.perf_counter()
        rc = subprocess.run(cmd, cwd=work).returncode
        wall = time.perf_counter() - t0

        found, statuses = summarise(work / "report" / "events.ndjson")
        print("\nresponses by operation and status:")
        for op, counts in sorted(statuses.items()):
            print(f"  {op:48s} " + "  ".join(f"{c}:{n}" for c, n in sorted(counts.items(), key=lambda x: str(x[0]))))
        log = (work / "server.log").read_text(encoding="utf-8", errors="replace") if proc else ""
        crashes = log.count("unhandled error on")
        print(f"\nschemathesis exit status {rc} after {wall:.0f} s; unique failures by operation and check:")
        for (op, check), n in sorted(found.items()):
            print(f"  {n:4d}  {op:48s} {check}")
        if not found:
            print("  none")
        print(f"server: {crashes} unhandled error(s) logged" + (f" (see {work / 'server.log'})" if crashes else ""))
        for line in log.splitlines():
            if "unhandled error on" in line:
                print("  ", line.strip()[:200])
        return 0 if rc == 0 and not found and not crashes else 1
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if args.url and token != os.environ.get("XXGK_TOKEN"):  # tidy up the tokens the run made there
            for name in [*TOKEN_NAMES[:3], *made]:
                call(args.url.rstrip("/"), "DELETE", f"/v1/tokens/{name}", token)
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
