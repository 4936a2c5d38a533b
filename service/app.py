"""The xxgk web service: `create_app(settings)` builds the FastAPI app.

    POST /v1/extract                    parse one report (file upload, JSON text/HTML or raw body);
                                        stateless, or ?store=true to keep it (reviewer token)
    POST /v1/jobs                       batch: many files, parsed in the worker pool (202)
    GET  /v1/jobs, /v1/jobs/{id}        progress and results
    GET  /v1/review/queue               documents needing review, most worth a look first
    GET  /v1/documents                  stored documents (same filters, any status)
    GET  /v1/documents/{id}             one document: parse, text, corrections, checks
    GET  /v1/documents/{id}/source      its source file (as an attachment)
    POST /v1/documents/{id}/corrections {field: value}: checks re-run on the corrected values
    POST /v1/documents/{id}/recheck     the same, as a dry run (nothing stored): live checks while editing
    POST /v1/documents/{id}/accept      accept: writes an annotation for `xxgk train`
    GET  /v1/documents/{id}/render      an HTML source for the review page's sandboxed frame
    GET  /v1/documents/{id}/pages/{n}   a PDF source's page as a PNG
    GET  /v1/review/layout              the statutory tables' rows and columns (for the review page)
    POST/GET/DELETE /v1/session         review page log-in: API token → HttpOnly session cookie
    GET  /review/                       the review page (queue; /review/documents/{id}: one document)
    GET  /v1/whoami                     the caller's token name and role
    GET/POST /v1/tokens, DELETE /v1/tokens/{name}   token management (admin)
    GET  /healthz, GET /metrics         liveness; counters and latency (Prometheus text or JSON)

The OpenAPI schema is at /openapi.json, interactive docs at /docs.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import time
from contextlib import asynccontextmanager
from typing import Any, Literal

from fastapi import Body, Depends, FastAPI, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy import select, text
from starlette.exceptions import HTTPException as StarletteHTTPException

from extractor import templates

from . import actions, auth, export, records, review
from .auth import Principal
from .db import Database, iso
from .jobs import TOO_LARGE, JobRunner, WorkerPool
from .metrics import Metrics
from .schemas import (AcceptIn, AcceptOut, ActionOut, AsPrintedIn, CommentIn, CorrectionOut, DocumentList, DocumentOut,
                      Health, JobList, JobOut, NewToken, NoteIn, RejectIn, ReportOut, TextIn, TokenIn, TokenList,
                      UserIn, errors)
from .models import STATUSES, ApiToken, Document, Job, JobItem, Parse, User, utcnow
from .settings import Settings
from .storage import Storage, new_job_id, sha256
from .uploads import ApiError, BodyTooLarge, check_upload, safe_name
from .worker import analyse, extractor_version, model_version

log = logging.getLogger("xxgk.service")

SHA = r"^[0-9a-f]{64}$"
JOB = r"^[0-9a-f]{32}$"
MAX_OFFSET = 2**31 - 1  # paging offsets past this are no real request
MULTIPART_OVERHEAD = 256 * 1024  # boundaries and part headers on top of the file itself
BODY_TOTAL_FACTOR = 10  # a whole body may take this many body_timeouts
STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                408: "body_timeout",
                409: "conflict", 413: "too_large", 415: "unsupported_type", 422: "unprocessable", 429: "too_many",
                500: "internal_error", 503: "unavailable"}


class Service:
    """Everything the routes share (app.state.service)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.storage = Storage(settings.resolved_data_dir())
        self.db = Database(settings.resolved_database_url())
        self.db.migrate()
        fixed = settings.admin_token.get_secret_value() if settings.admin_token else None
        with self.db.session() as s:
            self.initial_admin_token = auth.ensure_admin(s, fixed)
        self.metrics = Metrics()
        self.extractor_version = extractor_version()
        self._model: str | None = None
        self.pool = WorkerPool(settings.executor, settings.workers, timeout=settings.parse_timeout,
                               memory_mb=settings.parse_memory_mb)
        self.logins = auth.LoginLimiter(settings.login_attempts, settings.login_window)
        self.jobs = JobRunner(self.db, self.storage, self.pool, self.metrics, self.model_version,
                              self.extractor_version)

    def model_version(self) -> str | None:
        if self._model is None:
            self._model = model_version()
        return self._model

    def close(self) -> None:
        self.jobs.close()
        self.db.dispose()


# --- request / response models (for the OpenAPI schema) -----------------------------------------


_EXTRACT_BODY = {
    "requestBody": {
        "required": True,
        "description": "the report: a multipart upload (field `file`), a JSON object with `text` (or `html`), "
                       "or the raw file as the body (any other Content-Type; name it with ?name=)",
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary", "description": ".pdf .docx .doc .wps .rtf .odt "
                                                                              ".html .md .txt (sniffed)"}}}},
            "application/json": {"schema": TextIn.model_json_schema()},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

_IMPLIED_ERRORS = {
    400: "bad request: a body that cannot be parsed (not UTF-8, broken multipart, …)",
    401: "no or invalid API token (or session cookie)",
    403: "the token's role is not enough, or a cookie-authenticated change without the CSRF header",
    404: "not found",
    408: "the request body came too slowly (body_timeout)",
    413: "request body over the size limit",
    415: "a body type any web page may send unasked (text/plain, a form): unsafe_content_type",
    422: "invalid request: a parameter or a body field fails validation",
}


def complete_error_docs(spec: dict) -> dict:
    """Make the OpenAPI schema say what the app really answers on errors: every error body is
    ErrorOut (FastAPI documents its own HTTPValidationError for 422, which the app never
    sends), and each operation lists the errors its shape implies: 422 with parameters or a
    body, 400 and 413 with a body, 404 with path parameters, 401 and 403 with authentication."""
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for ops in spec.get("paths", {}).values():
        for method, op in ops.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            responses = op["responses"]
            params = op.get("parameters") or []
            implied = set()
            if params or "requestBody" in op:
                implied.add(422)
            if "requestBody" in op:
                implied |= {400, 408, 413, 415}
            if method.upper() not in SAFE_METHODS:
                implied.add(403)  # another origin (cross_origin)
            if any(p.get("in") == "path" for p in params):
                implied.add(404)
            if op.get("security"):
                implied |= {401, 403}
            if method.upper() not in SAFE_METHODS:
                implied |= {415}
            for code in sorted(implied):
                responses.setdefault(str(code), {"description": _IMPLIED_ERRORS[code]})
            for code, resp in responses.items():
                if code[:1] in "45" and code != "503":
                    resp["content"] = {"application/json": {"schema": ref}}
                    if code == "422" and resp.get("description") == "Validation Error":
                        resp["description"] = _IMPLIED_ERRORS[422]
    schemas = spec.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's, now referenced by nothing
        if name in schemas and f'"#/components/schemas/{name}"' not in json.dumps(spec):
            schemas.pop(name)
    return spec


_JOBS_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["files"], "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                      "description": "the reports: repeat the field once per file"}}}}},
    }
}


# --- middleware -----------------------------------------------------------------------------------


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# the Content-Types a page of any origin may POST without a CORS preflight ("simple" requests);
# multipart is one too, but the API takes uploads that way: Origin and Sec-Fetch-Site keep
# browsers of other origins out of it
SIMPLE_TYPES = ("text/plain", "application/x-www-form-urlencoded")


def foreign_request(scope) -> tuple[int, str, str] | None:
    """Why a request that changes something (or makes the server parse) does not come from
    the service's own pages or from a plain HTTP client; else None. A browser names the page's
    origin (Origin) and how it relates to us (Sec-Fetch-Site) on every such request; a page of
    another origin, even another port of localhost, is refused, and a body type that any page
    can send without asking (text/plain, a form) is refused from everyone."""
    if scope.get("method", "GET") in SAFE_METHODS:
        return None
    headers = {k.lower(): v for k, v in scope.get("headers") or []}
    site = headers.get(b"sec-fetch-site", b"").decode("latin-1").lower()
    if site and site not in ("same-origin", "none"):
        return 403, "cross_origin", (f"a {site} request (Sec-Fetch-Site) is refused: use the service's own pages "
                                     "or an API client")
    origin = headers.get(b"origin")
    if origin is not None:
        host = headers.get(b"host", b"").decode("latin-1").lower()
        o = origin.decode("latin-1").rstrip("/").lower()
        if o not in (f"http://{host}", f"https://{host}"):
            return 403, "cross_origin", (f"a request from the origin {o[:100]} is refused (only this service's own "
                                         "pages may send one)")
    ctype = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
    if ctype in SIMPLE_TYPES:
        return 415, "unsafe_content_type", (f"Content-Type {ctype} is refused (any web page can send it "
                                            "unasked): send JSON, multipart/form-data or the file as "
                                            "application/octet-stream")
    return None


class LimitAndTime:
    """Pure ASGI: refuse requests from other origins (foreign_request), refuse bodies over the
    limit (413, by Content-Length up front or by counting while the app reads, so a chunked
    body without one is cut off too) or sent too slowly (408: a client that pauses more than
    body_timeout between two chunks, or takes more than body_total seconds in all), add the
    security headers every answer carries, and record each request's latency per route template."""

    def __init__(self, app, service: Service):
        self.app, self.svc = app, service

    def limit(self, path: str) -> int:
        s = self.svc.settings
        if path.rstrip("/") == "/v1/jobs":
            return s.max_batch_bytes
        return s.max_upload_bytes + MULTIPART_OVERHEAD

    def describe(self, path: str) -> str:
        s = self.svc.settings
        if path.rstrip("/") == "/v1/jobs":
            return f"{s.max_batch_bytes} bytes per batch job ({s.max_upload_bytes} bytes per file)"
        return f"{s.max_upload_bytes} bytes ({s.max_upload_bytes / (1024 * 1024):g} MB) per file"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter()
        status = {"code": 500}
        limit = self.limit(scope.get("path", ""))

        api = scope.get("path", "").startswith("/v1/")

        async def send_(msg):
            if msg["type"] == "http.response.start":
                status["code"] = msg["status"]
                headers = list(msg.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                # every answer: never sniffed into HTML; API answers (tokens, reports): never cached
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if api and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                msg = {**msg, "headers": headers}
            await send(msg)

        length = dict(scope.get("headers") or []).get(b"content-length")
        settings = self.svc.settings
        try:
            why = foreign_request(scope)
            if why:
                self.svc.metrics.reject()
                await _error(*why)(scope, receive, send_)
                return
            if length is not None and length.isdigit() and int(length) > limit:
                self.svc.metrics.reject()
                resp = _error(413, "too_large", f"request body of {int(length)} bytes is over the limit: "
                              + self.describe(scope.get("path", "")))
                await resp(scope, receive, send_)
                return
            seen = 0
            body_done = False
            deadline = time.monotonic() + settings.body_timeout * BODY_TOTAL_FACTOR

            async def receive_():
                nonlocal seen, body_done
                if body_done:  # the body is in: what follows is waiting for a disconnect
                    return await receive()
                wait_s = min(settings.body_timeout, max(0.0, deadline - time.monotonic()))
                try:
                    msg = await asyncio.wait_for(receive(), wait_s)
                except (asyncio.TimeoutError, TimeoutError):
                    raise ApiError(408, "body_timeout", f"the request body came too slowly (a pause over "
                                   f"{settings.body_timeout:g} s, or over {settings.body_timeout * BODY_TOTAL_FACTOR:g} "
                                   "s in all)") from None
                if msg["type"] == "http.request":
                    seen += len(msg.get("body", b""))
                    if seen > limit:
                        raise BodyTooLarge(self.describe(scope.get("path", "")))
                    body_done = not msg.get("more_body", False)
                else:
                    body_done = True
                return msg

            await self.app(scope, receive_, send_)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            self.svc.metrics.request(scope.get("method", ""), path, status["code"], time.perf_counter() - t0)


def _error(status: int, code: str, message: str, headers: dict | None = None, **extra) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, "detail": message, **extra}, status_code=status,
                        headers=headers)


# --- the app ----------------------------------------------------------------------------------------


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    svc = Service(settings)
    if svc.initial_admin_token and settings.print_admin_token:
        print(f"xxgk: first start: created the admin API token (shown only now, stored hashed):\n\n"
              f"    {svc.initial_admin_token}\n\n"
              f"xxgk: send it as 'Authorization: Bearer <token>'; more tokens: xxgk serve --create-token NAME",
              file=sys.stderr, flush=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        svc.jobs.resume()
        try:
            yield
        finally:
            await run_in_threadpool(svc.close)

    app = FastAPI(
        title="xxgk",
        version=svc.extractor_version,
        summary="Statutory tables of Chinese government information-disclosure annual reports, as checked JSON",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        lifespan=lifespan,
        docs_url=None,  # served below from service/static (Swagger UI vendored: no CDN)
        redoc_url=None,
    )
    app.state.service = svc
    app.add_middleware(LimitAndTime, service=svc)
    if settings.allowed_hosts:  # outermost: a request for another Host name gets nothing else
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = getattr(exc, "code", None) or STATUS_CODES.get(exc.status_code, "error")
        if exc.status_code in (400, 413, 415) and request.url.path == "/v1/extract":
            svc.metrics.reject()
        return _error(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errs = jsonable_encoder(exc.errors(), custom_encoder={bytes: lambda b: f"<{len(b)} bytes>"})
        first = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', []))}: {e.get('msg')}" for e in errs[:5])
        return _error(422, "invalid_request", first or "invalid request", errors=errs)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, "internal_error", f"internal error ({type(exc).__name__}); the server logged it")

    def session():
        with svc.db.session() as s:
            yield s

    reviewer = Depends(auth.require("reviewer"))
    admin = Depends(auth.require("admin"))
    # bounded: the databases' integers are 64-bit (SQLite) or smaller (PostgreSQL's integer column)
    offset_q = Query(0, ge=0, le=MAX_OFFSET, description="rows to skip")

    # --- health and metrics -------------------------------------------------------------------
    @app.get("/healthz", tags=["service"], summary="Liveness and readiness",
             responses={200: {"model": Health}, 503: {"model": Health, "description": "database unreachable"}})
    def healthz():
        try:
            with svc.db.session() as s:
                s.execute(text("SELECT 1"))
            db_ok = True
        except Exception:  # noqa: BLE001
            db_ok = False
        body = {"status": "ok" if db_ok else "degraded", "version": svc.extractor_version,
                "database": "ok" if db_ok else "unreachable", "executor": settings.executor,
                "workers": settings.workers}
        return JSONResponse(body, status_code=200 if db_ok else 503)

    @app.get("/metrics", tags=["service"], summary="Documents processed, review rate, latency",
             responses={200: {"content": {"text/plain": {}, "application/json": {}}}})
    def metrics(request: Request, format: Literal["prometheus", "json"] | None = None):
        with svc.db.session() as s:
            stored = records.stored_stats(s)
        want_json = format == "json" or (format is None and "application/json" in request.headers.get("accept", ""))
        if want_json:
            return svc.metrics.snapshot(stored)
        return PlainTextResponse(svc.metrics.prometheus(stored), media_type="text/plain; version=0.0.4")

    @app.get("/v1/whoami", tags=["auth"], summary="The caller's token name and role", responses=errors(401))
    def whoami(p: Principal = reviewer):
        return {"name": p.name, "role": p.role}

    # --- extraction -----------------------------------------------------------------------------
    @app.post("/v1/extract", tags=["extract"], summary="Parse one report",
              openapi_extra=_EXTRACT_BODY,
              responses={200: {"model": ReportOut, "description": "the parsed report"},
                         **errors(403, e400="empty upload, unsafe file name, bad JSON",
                                  e401="no token (storing, or extraction closed to anonymous callers)",
                                  e413="over the upload size limit",
                                  e415="not a document type the loaders read (image, archive, …)",
                                  e422="unreadable: corrupt, encrypted, or not a report file")})
    async def extract(request: Request,
                      store: bool = Query(False, description="keep the document (needs a reviewer token)"),
                      name: str | None = Query(None, description="file name for a raw body", max_length=255),
                      p: Principal | None = Depends(auth.principal)):
        """Returns the parsed report (see docs/spec/output.md: fields with value, confidence and raw
        text; checks; the review decision; `model`), plus `service`: whether it was stored, the
        document id and the rank score. The same file stored twice is one document."""
        if store or not settings.open_extract:
            auth.demand(p, "reviewer")
        data, fname, declared = await _read_one(request, name, settings.max_upload_bytes)
        check_upload(data, fname, settings.max_upload_bytes, declared)
        digest = sha256(data)
        if store and settings.reuse_parses:
            hit = await run_in_threadpool(_reusable, digest)
            if hit is not None:
                doc, parse = hit
                svc.metrics.parsed(True, review=parse.review_required, reused=True)
                return _with_service(parse.report, doc, parse, reused=True)
        res = await svc.pool.acall(analyse, data, fname)
        if not res.get("ok"):
            svc.metrics.parsed(False, res.get("seconds"))
            # unreadable (corrupt, encrypted, not a report file), parse_failed (an extractor bug on this
            # file: logged), worker_crashed, timeout and too_large (past the document's time or memory
            # budget: the worker was stopped): all about this file; the server goes on
            code = res.get("error") or "parse_failed"
            raise ApiError(413 if code == TOO_LARGE else 422, code, res.get("message") or "cannot parse")
        report = res["report"]
        svc.metrics.parsed(True, res.get("seconds"), bool((report.get("review") or {}).get("required")))
        if not store:
            return {**report, "service": {"stored": False, "document_id": None, "parse_id": None,
                                          "rank_score": (res.get("rank") or {}).get("score"),
                                          "seconds": res.get("seconds")}}

        def keep():
            with svc.db.session() as s:
                doc, parse = records.store_result(s, svc.storage, data, fname, res, svc.extractor_version)
                return _with_service(report, doc, parse, reused=False)

        return await run_in_threadpool(keep)

    def _reusable(digest: str):
        with svc.db.session() as s:
            return records.find_reusable(s, digest, svc.model_version(), svc.extractor_version)

    def _with_service(report: dict, doc: Document, parse: Parse, reused: bool) -> dict:
        return {**report, "service": {"stored": True, "reused": reused, "document_id": doc.id, "parse_id": parse.id,
                                      "status": doc.status, "rank_score": parse.rank_score, "seconds": parse.seconds,
                                      "url": f"/v1/documents/{doc.id}"}}

    async def _read_one(request: Request, qname: str | None, limit: int) -> tuple[bytes, str, str | None]:
        ctype = request.headers.get("content-type", "").lower()
        if ctype.startswith("multipart/form-data"):
            form = await request.form(max_files=1, max_fields=8)
            try:
                f = form.get("file")
                if f is None or isinstance(f, str):
                    raise ApiError(400, "no_file", "send the report as the multipart field 'file'")
                fname = safe_name(f.filename or qname)
                data = await f.read(limit + 1)
                return data, fname, f.content_type
            finally:
                await form.close()
        body = await request.body()
        if ctype.startswith("application/json"):
            try:
                obj = TextIn.model_validate(json.loads(body))
            except Exception as e:  # noqa: BLE001 - JSONDecodeError, ValidationError
                raise ApiError(400, "bad_json", f"send a JSON object {{\"text\": …}} ({type(e).__name__}: {e})"[:500])
            txt = obj.text if obj.text is not None else obj.html
            if txt is None:
                raise ApiError(400, "no_text", "the JSON object needs a \"text\" (or \"html\") string")
            is_html = obj.text is None or txt.lstrip()[:1] == "<"
            return txt.encode("utf-8"), safe_name(obj.name or qname, "text.html" if is_html else "text.txt"), None
        return body, safe_name(qname), ctype or None

    # --- batch jobs ---------------------------------------------------------------------------------
    @app.post("/v1/jobs", tags=["jobs"], status_code=202, summary="Parse many files in the worker pool",
              openapi_extra=_JOBS_BODY,
              responses={202: {"model": JobOut, "description": "queued"},
                         **errors(401, 403, 415, e400="no files, an unsafe file name, too many files",
                                  e413="request over the batch limit")})
    async def create_job(request: Request, p: Principal = reviewer):
        """Every file is checked (name, size, type) and queued; the job runs in the worker pool and
        stores every report it parses. Poll GET /v1/jobs/{id}. A file refused before parsing is a
        failed item with its reason; when every file is refused the request fails with that error."""
        if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
            raise ApiError(400, "no_files", "send the files as multipart/form-data fields named 'files'")
        form = await request.form(max_files=settings.max_batch_files, max_fields=8)
        try:
            files = [f for f in [*form.getlist("files"), *form.getlist("file")] if not isinstance(f, str)]
            if not files:
                raise ApiError(400, "no_files", "send the files as multipart/form-data fields named 'files'")
            return await _queue_job(files, p)
        finally:
            await form.close()

    async def _queue_job(files: list, p: Principal):
        if len(files) > settings.max_batch_files:
            raise ApiError(413, "too_many_files", f"{len(files)} files; at most {settings.max_batch_files} per job")
        names = [safe_name(f.filename, f"file-{i + 1}") for i, f in enumerate(files)]  # 400 on any unsafe name
        job_id = new_job_id()
        items, refused = [], []
        for i, (f, fname) in enumerate(zip(files, names)):
            data = await f.read(settings.max_upload_bytes + 1)
            await f.close()
            try:
                check_upload(data, fname, settings.max_upload_bytes, f.content_type)
            except ApiError as e:
                refused.append(e)
                items.append(JobItem(position=i, name=fname, size=len(data), status="failed", error=str(e.detail),
                                     finished_at=utcnow()))
                continue
            await run_in_threadpool(svc.storage.put_job_input, job_id, i, data)
            items.append(JobItem(position=i, name=fname, size=len(data), sha256=sha256(data), status="pending"))
        for _ in refused:
            svc.metrics.reject()
        if refused and len(refused) == len(items):
            svc.storage.drop_job_dir(job_id)
            first = refused[0]
            raise ApiError(first.status_code, first.code, "no file of the job can be parsed: "
                           + "; ".join(str(e.detail) for e in refused[:10]))

        def save():
            with svc.db.session() as s:
                job = Job(id=job_id, status="queued", created_by=p.name, total=len(items), done=len(refused),
                          failed=len(refused))
                job.items = items
                s.add(job)
                s.commit()
                return _job_view(s, job, full=False)

        view = await run_in_threadpool(save)
        svc.jobs.start(job_id)
        return JSONResponse(view, status_code=202, headers={"Location": f"/v1/jobs/{job_id}"})

    @app.get("/v1/jobs", tags=["jobs"], summary="Recent jobs", response_model=None,
             responses={200: {"model": JobList}, **errors(401, 403)})
    def list_jobs(limit: int = Query(50, ge=1, le=500), offset: int = offset_q, p: Principal = reviewer,
                  s=Depends(session)):
        rows = s.scalars(select(Job).order_by(Job.created_at.desc(), Job.id).limit(limit).offset(offset)).all()
        return {"items": [_job_summary(j) for j in rows], "limit": limit, "offset": offset}

    @app.get("/v1/jobs/{job_id}", tags=["jobs"], summary="A job's progress and results",
             responses={200: {"model": JobOut}, **errors(401, 403, 404, 422)})
    def get_job(job_id: str = Path(..., pattern=JOB),
                results: Literal["summary", "full"] = Query("summary", description="full: each item's whole report"),
                p: Principal = reviewer, s=Depends(session)):
        job = s.get(Job, job_id)
        if job is None:
            raise ApiError(404, "not_found", f"no job {job_id}")
        return _job_view(s, job, full=results == "full")

    def _job_summary(job: Job) -> dict:
        return {"id": job.id, "status": job.status, "total": job.total, "done": job.done, "failed": job.failed,
                "pending": job.total - job.done, "progress": round(job.done / job.total, 4) if job.total else 1.0,
                "created_by": job.created_by, "created_at": iso(job.created_at), "started_at": iso(job.started_at),
                "finished_at": iso(job.finished_at), "url": f"/v1/jobs/{job.id}"}

    def _job_view(s, job: Job, full: bool) -> dict:
        items = list(s.scalars(select(JobItem).where(JobItem.job_id == job.id).order_by(JobItem.position)))
        pids = [it.parse_id for it in items if it.parse_id is not None]
        parses = {p_.id: p_ for p_ in s.scalars(select(Parse).where(Parse.id.in_(pids)))} if pids else {}
        out = []
        for it in items:
            row = {"position": it.position, "name": it.name, "size": it.size, "status": it.status, "error": it.error,
                   "document_id": it.document_id, "parse_id": it.parse_id, "seconds": it.seconds,
                   "finished_at": iso(it.finished_at)}
            parse = parses.get(it.parse_id)
            if parse is not None:
                rep = parse.report
                row.update({"document_url": f"/v1/documents/{it.document_id}", "template": rep.get("template"),
                            "year": rep.get("year"), "agency": rep.get("agency"), "model": rep.get("model"),
                            "review": rep.get("review"), "rank_score": parse.rank_score})
                if full:
                    row["report"] = rep
            out.append(row)
        return {**_job_summary(job), "items": out}

    # --- documents and the review queue ---------------------------------------------------------------
    def _list(s, status, reason, agency, year, template, limit, offset, outcome=None) -> dict:
        if reason is not None and reason not in review.REASON_KINDS and reason != review.OTHER:
            raise ApiError(422, "invalid_request", f"reason must be one of {', '.join([*review.REASON_KINDS, review.OTHER])}")
        total, rows = records.query(s, status=status, reason=reason, agency=agency, year=year, template=template,
                                    limit=limit, offset=offset, outcome=outcome)
        return {"total": total, "limit": limit, "offset": offset, "items": [records.summary(d) for d in rows],
                "order": "rank_score desc (extractor.uncertainty score, computed at parse time)"}

    year_q = Query(None, ge=1900, le=2999, description="the report's year")
    reason_q = Query(None, description="what the review is about: " + ", ".join([*review.REASON_KINDS, review.OTHER]))
    agency_q = Query(None, max_length=255, description="part of the agency name")
    outcome_q = Query(None, description="extraction: a person can make the data better (review.required); "
                                        "source: the reading is sure and the report's own numbers disagree "
                                        "(review.source_inconsistent)")
    # the revisions of the form's active table that the template registry knows (extractor/templates)
    template_q = Query(None, pattern="^(" + "|".join(map(re.escape, templates.versions("active"))) + ")$")

    @app.get("/v1/review/queue", tags=["review"], summary="Documents needing review, most worth a look first",
             responses={200: {"model": DocumentList}, **errors(401, 403, 422)})
    def queue(reason: str | None = reason_q, agency: str | None = agency_q, year: int | None = year_q,
              template: str | None = template_q, outcome: Literal["extraction", "source"] | None = outcome_q,
              limit: int = Query(50, ge=1, le=500), offset: int = offset_q,
              p: Principal = reviewer, s=Depends(session)):
        """Stored documents whose parse asks for review and that are not accepted yet (pending or
        corrected), sorted by the uncertainty rank score stored at parse time (extractor.uncertainty)."""
        return _list(s, "needs_review", reason, agency, year, template, limit, offset, outcome)

    @app.get("/v1/documents", tags=["review"], summary="Stored documents",
             responses={200: {"model": DocumentList}, **errors(401, 403, 422)})
    def documents(status: str = Query("all", description="all, needs_review, " + ", ".join(STATUSES)),
                  reason: str | None = reason_q, agency: str | None = agency_q, year: int | None = year_q,
                  template: str | None = template_q, outcome: Literal["extraction", "source"] | None = outcome_q,
                  limit: int = Query(50, ge=1, le=500), offset: int = offset_q, p: Principal = reviewer,
                  s=Depends(session)):
        if status not in ("all", "needs_review", *STATUSES):
            raise ApiError(422, "invalid_request", f"status must be all, needs_review or one of {', '.join(STATUSES)}")
        return _list(s, status, reason, agency, year, template, limit, offset, outcome)

    def _load(s, doc_id: str) -> tuple[Document, Parse]:
        doc = s.get(Document, doc_id)
        if doc is None or doc.current_parse_id is None:
            raise ApiError(404, "not_found", f"no document {doc_id}")
        return doc, s.get(Parse, doc.current_parse_id)

    @app.get("/v1/documents/{doc_id}", tags=["review"], summary="One document with its parse, text and corrections",
             responses={200: {"model": DocumentOut}, **errors(401, 403, 404, 422)})
    def get_document(doc_id: str = Path(..., pattern=SHA, description="sha256 of the source file"),
                     text: bool = Query(True, description="include the document text (field offsets point into it)"),
                     p: Principal = reviewer, s=Depends(session)):
        doc, parse = _load(s, doc_id)
        out = records.document_view(doc, parse, with_text=text)
        if doc.format == "pdf" and svc.storage.has_blob(doc.id):
            from .ui import pdf_page_count, pdf_page_sizes

            data = svc.storage.read_blob(doc.id)
            out["source_view"]["page_sizes"] = pdf_page_sizes(data)  # to draw field boxes on the page images
            if not out["source_view"].get("pages"):  # a parse stored before page offsets were kept
                out["source_view"]["pages"] = pdf_page_count(data)
        return out

    @app.get("/v1/documents/{doc_id}/source", tags=["review"], summary="The source file, as uploaded",
             responses={200: {"content": {"application/octet-stream": {}}}, **errors(401, 403, 404, 422)})
    def get_source(doc_id: str = Path(..., pattern=SHA), p: Principal = reviewer, s=Depends(session)):
        doc, _ = _load(s, doc_id)
        if not svc.storage.has_blob(doc.id):
            raise ApiError(404, "not_found", f"the source of {doc_id} is missing from the data directory")
        data = svc.storage.read_blob(doc.id)
        fname = f"{doc.id[:16]}{records.source_suffix(doc)}"
        # never rendered inline: an uploaded HTML page must not run in the service's origin
        return Response(data, media_type="application/octet-stream", headers={
            "Content-Disposition": f'attachment; filename="{fname}"', "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox", "X-Source-Format": doc.format or ""})

    @app.post("/v1/documents/{doc_id}/corrections", tags=["review"], summary="Correct field values",
              status_code=201, responses={201: {"model": CorrectionOut}, **errors(401, 403, 404, 422)})
    def correct(doc_id: str = Path(..., pattern=SHA),
                body: dict[str, Any] = Body(..., examples=[{"requests.new.natural": 2660,
                                                            "active.procurement.amount": "594417.23万元",
                                                            "requests.denied.security.total": None}],
                                            description="{field key: value} (or {\"fields\": {…}}); values as "
                                                        "in the output JSON, or the cell text"),
                p: Principal = reviewer, s=Depends(session)):
        """Stores the correction and re-runs the identities (勾稽关系) on the corrected values; the
        answer says which are broken now, which the correction fixed and which it broke."""
        doc, parse = _load(s, doc_id)
        fields = body["fields"] if set(body) == {"fields"} and isinstance(body["fields"], dict) else body
        return _apply_correction(s, doc, parse, fields, p)

    @app.post("/v1/documents/{doc_id}/recheck", tags=["review"], summary="Dry run: identities on corrected values",
              responses={200: {"model": CorrectionOut}, **errors(401, 403, 404, 422)})
    def recheck(doc_id: str = Path(..., pattern=SHA),
                body: dict[str, Any] = Body(..., examples=[{"requests.new.natural": "2660"}],
                                            description="{field key: value} (or {\"fields\": {…}}), as for "
                                                        "corrections"),
                p: Principal = reviewer, s=Depends(session)):
        """What POST …/corrections would answer for these values, without storing anything: the
        review page calls it while a cell is being edited, to show the identities live."""
        doc, parse = _load(s, doc_id)
        fields = body["fields"] if set(body) == {"fields"} and isinstance(body["fields"], dict) else body
        fixed, vals, after, summary_ = actions.recheck(doc, parse, fields)
        return {"correction_id": None, "document_id": doc.id, "status": doc.status, "fields": fixed,
                "values": vals, "checks": after, "stored": False, **summary_}

    def _apply_correction(s, doc: Document, parse: Parse, fields: dict, p: Principal) -> dict:
        return actions.correct(s, doc, parse, fields, p)

    @app.post("/v1/documents/{doc_id}/accept", tags=["review"], summary="Accept the values shown",
              responses={200: {"model": AcceptOut}, **errors(401, 403, 404, 422, e409=(
                  "no statutory tables; the source is missing; or identities still broken that no 原文如此 "
                  "explains (error identities_broken: send \"confirm\": true)"))})
    def accept(doc_id: str = Path(..., pattern=SHA), body: AcceptIn | None = Body(None),
               p: Principal = reviewer, s=Depends(session)):
        """The document's values (its parse with every correction applied) are taken as true. When
        a reviewer really corrected a value, an annotation is written into <data dir>/annotations
        (extractor.annotation.annotation_from_review; `xxgk train --annotations <data dir>/annotations`);
        values kept as printed (原文如此) are recorded there as the publisher's errors, never as
        fixes. With an identity still broken that no 原文如此 explains, accepting needs
        `"confirm": true`."""
        doc, parse = _load(s, doc_id)
        body = body or AcceptIn()
        return actions.accept(s, svc.storage, doc, parse, p, body.fields, body.ambiguous, body.confirm, body.note)

    @app.post("/v1/documents/{doc_id}/as-printed", tags=["review"], summary="原文如此: the report prints it so",
              responses={200: {"model": CorrectionOut}, **errors(401, 403, 404, 422)})
    def keep_printed(doc_id: str = Path(..., pattern=SHA), body: AsPrintedIn = Body(...),
                     p: Principal = reviewer, s=Depends(session)):
        """The values of these fields are what the report prints, wrong as they may be (e.g. a
        total that is not the sum of its parts): they stay as printed, the publisher's error is
        recorded, and no training annotation is made of it."""
        doc, parse = _load(s, doc_id)
        return actions.as_printed(s, doc, parse, body.keys, p, body.note)

    @app.post("/v1/documents/{doc_id}/reject", tags=["review"], summary="Reject: not a report, wrong document",
              responses={200: {"model": ActionOut}, **errors(401, 403, 404, 422)})
    def reject(doc_id: str = Path(..., pattern=SHA), body: RejectIn = Body(...), p: Principal = reviewer,
               s=Depends(session)):
        doc, parse = _load(s, doc_id)
        return actions.reject(s, doc, parse, p, body.reason, body.note)

    @app.post("/v1/documents/{doc_id}/skip", tags=["review"], summary="Skip: looked at, nothing decided",
              responses={200: {"model": ActionOut}, **errors(401, 403, 404, 422)})
    def skip(doc_id: str = Path(..., pattern=SHA), body: NoteIn | None = Body(None), p: Principal = reviewer,
             s=Depends(session)):
        doc, parse = _load(s, doc_id)
        return actions.skip(s, doc, parse, p, body.note if body else None)

    @app.post("/v1/documents/{doc_id}/comments", tags=["review"], status_code=201, summary="Comment on a document",
              responses={201: {"model": ActionOut}, **errors(401, 403, 404, 422)})
    def add_comment(doc_id: str = Path(..., pattern=SHA), body: CommentIn = Body(...), p: Principal = reviewer,
                    s=Depends(session)):
        doc, parse = _load(s, doc_id)
        return actions.comment(s, doc, parse, p, body.text)

    @app.post("/v1/documents/{doc_id}/undo", tags=["review"], summary="Undo the last review action",
              responses={200: {"model": ActionOut}, **errors(401, 403, 404, e409="nothing to undo")})
    def undo(doc_id: str = Path(..., pattern=SHA), p: Principal = reviewer, s=Depends(session)):
        """Takes back the document's last correction, 原文如此, accept (its annotation is removed)
        or reject."""
        doc, parse = _load(s, doc_id)
        return actions.undo(s, svc.storage, doc, parse, p)

    @app.get("/v1/export", tags=["review"], summary="Reviewed documents as CSV or Parquet",
             responses={200: {"content": {"text/csv": {}, "application/vnd.apache.parquet": {}}},
                        **errors(401, 403, 422, e415="Parquet asked for but pyarrow is not installed")})
    def export_reviewed(format: Literal["csv", "parquet"] = Query("csv"),
                        status: Literal["reviewed", "accepted", "corrected", "rejected"] = Query(
                            "reviewed", description="reviewed: accepted, corrected and rejected"),
                        p: Principal = reviewer, s=Depends(session)):
        """One row per document and field: the value as reviewed, as extracted and as printed, its
        confidence, and who changed it when and how (`corrected`, or `as_printed`: 原文如此); the
        document's status, reviewer and time. A rejected document is one row without a field."""
        statuses = export.REVIEWED if status == "reviewed" else (status,)
        data = export.rows(s, statuses)
        stamp = utcnow().strftime("%Y%m%d-%H%M%S")
        if format == "parquet":
            try:
                body = export.to_parquet(data)
            except ImportError as e:
                raise ApiError(415, "unsupported_type", "Parquet export needs pyarrow: pip install pyarrow "
                               "(or ask for format=csv)") from e
            return Response(body, media_type="application/vnd.apache.parquet", headers={
                "Content-Disposition": f'attachment; filename="xxgk-reviewed-{stamp}.parquet"'})
        return Response(export.to_csv(data), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="xxgk-reviewed-{stamp}.csv"'})

    # --- reviewer accounts (admin) ------------------------------------------------------------------
    @app.get("/v1/users", tags=["auth"], summary="Reviewer accounts (admin)", responses=errors(401, 403))
    def list_users(p: Principal = admin, s=Depends(session)):
        return {"items": [auth.user_view(u) for u in s.scalars(select(User).order_by(User.name))]}

    @app.post("/v1/users", tags=["auth"], status_code=201, summary="Create a reviewer account (admin)",
              responses=errors(401, 403, 409, 422))
    def new_user(body: UserIn, p: Principal = admin, s=Depends(session)):
        """The password is stored as an scrypt hash; the review page logs in with it."""
        try:
            u = auth.create_user(s, body.name, body.password.get_secret_value(), body.role)
        except ValueError as e:
            exists = "exists" in str(e)
            raise ApiError(409 if exists else 422, "conflict" if exists else "invalid_request", str(e)) from e
        return auth.user_view(u)

    @app.delete("/v1/users/{name}", tags=["auth"], status_code=204, summary="Remove a reviewer account (admin)",
                responses=errors(401, 403, 404))
    def delete_user(name: str = Path(..., max_length=64), p: Principal = admin, s=Depends(session)):
        if not auth.disable_user(s, name):
            raise ApiError(404, "not_found", f"no user named {name!r}")
        return Response(status_code=204)

    # --- the review page ---------------------------------------------------------------------------
    from .ui import add_review_ui

    add_review_ui(app, svc, _load, session)

    # --- tokens (admin) -------------------------------------------------------------------------------
    @app.get("/v1/tokens", tags=["auth"], summary="API tokens (admin)",
             responses={200: {"model": TokenList}, **errors(401, 403)})
    def list_tokens(p: Principal = admin, s=Depends(session)):
        return {"items": [auth.token_view(t) for t in s.scalars(select(ApiToken).order_by(ApiToken.name))]}

    @app.post("/v1/tokens", tags=["auth"], status_code=201, summary="Create an API token (admin)",
              responses={201: {"model": NewToken}, **errors(401, 403, 409, 422)})
    def new_token(body: TokenIn, p: Principal = admin, s=Depends(session)):
        """The token is in the answer once; only its hash is stored."""
        try:
            token = auth.create_token(s, body.name, body.role)
        except ValueError as e:
            raise ApiError(409 if "exists" in str(e) else 422, "conflict" if "exists" in str(e) else "invalid_request",
                           str(e)) from e
        return {"name": body.name, "role": body.role, "token": token}

    @app.delete("/v1/tokens/{name}", tags=["auth"], status_code=204, summary="Revoke an API token (admin)",
                responses=errors(401, 403, 404))
    def delete_token(name: str = Path(..., max_length=64), p: Principal = admin, s=Depends(session)):
        if not auth.revoke_token(s, name):
            raise ApiError(404, "not_found", f"no token named {name!r}")
        return Response(status_code=204)

    base_openapi = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            complete_error_docs(base_openapi())
        return app.openapi_schema

    app.openapi = openapi
    return app


__all__ = ["create_app", "Service", "Settings"]
