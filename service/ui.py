"""The review page: static HTML/JS/CSS (service/static/, no build step) and the endpoints
only it needs.

    GET  /                              → /review/
    GET  /review/                       the queue (filters: reason, agency, year, template, status)
    GET  /review/login                  log in with an API token
    GET  /review/documents/{id}         one document: source beside the statutory tables
    GET  /review/static/{file}          the page's scripts and styles (service/static/ only)
    POST /v1/session, GET, DELETE       log in (token → HttpOnly session cookie), who, log out
    GET  /v1/review/layout              the tables' rows and columns (extractor.templates)
    GET  /v1/documents/{id}/render      an HTML source, decoded, for a sandboxed iframe
    GET  /v1/documents/{id}/pages/{n}   a PDF source's page as a PNG (PyMuPDF)

The pages themselves hold no data and are served to anyone; everything on them comes
from the API with the session cookie. They send a strict Content-Security-Policy (own
scripts and styles only, no inline script, no framing by other sites); an HTML source is
served with `Content-Security-Policy: sandbox` and shown in an `<iframe sandbox>`, so its
scripts never run and it cannot reach the service's origin.
"""
from __future__ import annotations

from datetime import timezone
from pathlib import Path as FsPath

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from . import auth, layout
from .auth import Principal
from .schemas import errors
from .uploads import ApiError

STATIC = FsPath(__file__).resolve().parent / "static"
SHA = r"^[0-9a-f]{64}$"

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
PAGE_HEADERS = {"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY", "Cache-Control": "no-cache"}
# an uploaded HTML page: no scripts, no network, no plugins; framed only by the review page
SOURCE_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
              "frame-ancestors 'self'")
MAX_PAGE_PIXELS = 2400  # longest side of a rendered PDF page


class LoginIn(BaseModel):
    user: str | None = Field(None, min_length=1, max_length=64, description="a reviewer account's name")
    password: str | None = Field(None, min_length=1, max_length=256, description="its password")
    token: str | None = Field(None, min_length=1, max_length=200, description="or an API token (xxgk_…)")


class SessionOut(BaseModel):
    name: str
    role: str
    expires_at: str | None = None


def _page(name: str) -> FileResponse:
    return FileResponse(STATIC / name, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


class _Static(StaticFiles):
    """StaticFiles with the pages' security headers (and nothing outside service/static)."""

    async def get_response(self, path, scope):
        resp = await super().get_response(path, scope)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Cache-Control"] = "no-cache"
        return resp


def add_review_ui(app: FastAPI, svc, load, session_dep) -> None:
    """Mount the review page and its endpoints on the app. `load(s, id)` returns (document,
    parse) or raises 404; `session_dep` yields a database session."""
    reviewer = Depends(auth.require("reviewer"))

    # --- pages ------------------------------------------------------------------------------
    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def root():
        return RedirectResponse("/review/", status_code=307)

    @app.api_route("/review", methods=["GET", "HEAD"], include_in_schema=False)
    def review_bare():
        return RedirectResponse("/review/", status_code=307)

    @app.api_route("/review/", methods=["GET", "HEAD"], include_in_schema=False)
    def queue_page():
        return _page("queue.html")

    @app.api_route("/review/login", methods=["GET", "HEAD"], include_in_schema=False)
    def login_page():
        return _page("login.html")

    @app.api_route("/review/documents/{doc_id}", methods=["GET", "HEAD"], include_in_schema=False)
    def document_page(doc_id: str = Path(..., pattern=SHA)):
        return _page("document.html")

    @app.api_route("/docs", methods=["GET", "HEAD"], include_in_schema=False)
    def api_docs():
        # Swagger UI from service/static (vendored), never from a CDN; it sets inline styles
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8",
                            headers={**PAGE_HEADERS, "Content-Security-Policy": DOCS_CSP})

    app.mount("/review/static", _Static(directory=STATIC, follow_symlink=False), name="review-static")

    # --- session ----------------------------------------------------------------------------
    @app.post("/v1/session", tags=["auth"], summary="Log in (review page): token → session cookie",
              response_model=SessionOut, responses=errors(
                  e401="wrong user name or password, or an invalid or revoked API token",
                  e429="too many failed log-ins (Retry-After says when to try again)",
                  e403="no X-Requested-With: xxgk header, or a cross-origin request"))
    def login(request: Request, body: LoginIn, s=Depends(session_dep)):
        """Exchanges a reviewer account's name and password (or a valid API token) for an
        HttpOnly, SameSite=Strict session cookie (12 hours). Send `X-Requested-With: xxgk`, as
        for every cookie-authenticated change. Failed log-ins are rate-limited per account and
        per client address (429 with Retry-After)."""
        auth.check_csrf(request)
        addr = request.client.host if request.client else "?"
        if body.user is not None:
            keys = [f"user:{body.user.lower()}", f"addr:{addr}"]
        elif body.token is not None:
            keys = [f"addr:{addr}"]
        else:
            raise ApiError(422, "invalid_request", "send {\"user\", \"password\"} (or {\"token\"})")
        wait_s = svc.logins.retry_after(keys)
        if wait_s > 0:
            raise ApiError(429, "too_many_logins", f"too many failed log-ins: try again in {int(wait_s) + 1} s",
                           headers={"Retry-After": str(int(wait_s) + 1)})
        if body.user is not None:
            user = auth.authenticate(s, body.user, body.password or "")
            opened = auth.open_user_session(s, user) if user is not None else None
            refused = "wrong user name or password"
        else:
            opened = auth.open_session(s, body.token.strip())
            refused = "invalid or revoked API token"
        if opened is None:
            svc.logins.failed(keys)
            raise ApiError(401, "unauthorized", refused)
        svc.logins.succeeded(keys[:1] if body.user is not None else [])
        cookie, p, expires = opened
        resp = JSONResponse({"name": p.name, "role": p.role,
                             "expires_at": expires.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")})
        resp.set_cookie(auth.SESSION_COOKIE, cookie, max_age=int(auth.SESSION_TTL.total_seconds()), path="/",
                        httponly=True, samesite="strict",
                        secure=svc.settings.secure_cookies or request.url.scheme == "https")
        return resp

    @app.get("/v1/session", tags=["auth"], summary="The logged-in reviewer", response_model=SessionOut)
    def who(p: Principal = reviewer):
        return {"name": p.name, "role": p.role}

    @app.delete("/v1/session", tags=["auth"], status_code=204, summary="Log out (ends the session)",
                responses=errors(e403="a session cookie without the X-Requested-With: xxgk header, or cross-origin"))
    def logout(request: Request, s=Depends(session_dep)):
        cookie = request.cookies.get(auth.SESSION_COOKIE)
        if cookie:
            auth.check_csrf(request)
            auth.close_session(s, cookie)
        resp = Response(status_code=204)
        resp.delete_cookie(auth.SESSION_COOKIE, path="/", httponly=True, samesite="strict")
        return resp

    # --- what the page draws --------------------------------------------------------------------
    @app.get("/v1/review/layout", tags=["review"], summary="Rows and columns of the statutory tables")
    def review_layout(p: Principal = reviewer):
        """From extractor.templates: for each table and template version its rows (key, label,
        group, columns, money columns, field keys) and column headings; plus the review
        queue's reason kinds and the confidence under which a cell is shown as uncertain."""
        from . import review

        return {**layout.layout(), "reasons": [*review.REASON_KINDS, review.OTHER], "low_confidence": 0.9}

    @app.get("/v1/documents/{doc_id}/render", tags=["review"], summary="An HTML source for a sandboxed frame",
             responses={200: {"content": {"text/html": {}}}})
    def render(doc_id: str = Path(..., pattern=SHA), p: Principal = reviewer, s=Depends(session_dep)):
        """The uploaded HTML, decoded to UTF-8, served with `Content-Security-Policy: sandbox`
        (no scripts, no network: external images and styles are not fetched)."""
        doc, _ = load(s, doc_id)
        if doc.format != "html":
            raise ApiError(404, "not_found", f"the source of {doc_id} is {doc.format or 'unknown'}, not HTML")
        if not svc.storage.has_blob(doc.id):
            raise ApiError(404, "not_found", "the source file is missing from the data directory")
        from extractor.loaders.encoding import decode

        html, _enc = decode(svc.storage.read_blob(doc.id), html=True)
        return Response(mark_cells(html), media_type="text/html; charset=utf-8", headers={
            "Content-Security-Policy": SOURCE_CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store"})

    @app.get("/v1/documents/{doc_id}/pages/{page}", tags=["review"], summary="A PDF source's page as an image",
             responses={200: {"content": {"image/png": {}}}})
    def page_image(doc_id: str = Path(..., pattern=SHA), page: int = Path(..., ge=1, le=100000),
                   zoom: float = Query(1.5, ge=0.5, le=3.0), p: Principal = reviewer, s=Depends(session_dep)):
        doc, _ = load(s, doc_id)
        if doc.format != "pdf":
            raise ApiError(404, "not_found", f"the source of {doc_id} is {doc.format or 'unknown'}, not a PDF")
        if not svc.storage.has_blob(doc.id):
            raise ApiError(404, "not_found", "the source file is missing from the data directory")
        png = pdf_page_png(svc.storage.read_blob(doc.id), page, zoom)
        if png is None:
            raise ApiError(404, "not_found", f"the PDF has no page {page}")
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600",
                                                             "X-Content-Type-Options": "nosniff"})


TARGET_STYLE = (b"<style>:target{outline:3px solid #c62828!important;outline-offset:-2px;"
                b"background:#fff3b0!important;scroll-margin:40vh}</style>")


def mark_cells(html: str) -> bytes:
    """The HTML with an id on every table cell the loader reads, named as the review page
    names a field's location (`xxgk-t{table}-r{n-th row of cells}-c{grid column}`, the
    loader's numbering: extractor/loaders/html.py), and a style that marks the cell a URL
    fragment points at: the sandboxed frame scrolls to the current field and shows it without
    running a script. The first table gets `xxgk-tables`. Unparsable HTML is served as it is."""
    import copy

    from lxml import etree

    from extractor.loaders import html as loader

    try:
        root = etree.fromstring(loader._XML_DECL.sub("", html.replace("\x00", ""), count=1), loader._PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return html.encode("utf-8")
    if root is None:
        return html.encode("utf-8")
    cells = [el for el in root.iter("td", "th")]
    for i, el in enumerate(cells):
        el.set("data-xxgk-n", str(i))
    pruned = copy.deepcopy(root)
    loader._prune(pruned, html)  # the loader numbers tables after dropping what is not shown
    ids: dict[int, str] = {}
    first_table = None
    counter = [0]

    def walk_table(table):
        index = counter[0]
        counter[0] += 1
        trs = loader._rows_of(table)
        taken: set[tuple[int, int]] = set()
        n = 0
        for r, tr in enumerate(trs):
            c, any_cell = 0, False
            nested = []
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                any_cell = True
                while (r, c) in taken:
                    c += 1
                rs = min(loader._span(td, "rowspan"), len(trs) - r)
                cs = loader._span(td, "colspan")
                for dr in range(1, rs):
                    for dc in range(cs):
                        taken.add((r + dr, c + dc))
                if td.get("data-xxgk-n") is not None:
                    ids[int(td.get("data-xxgk-n"))] = f"xxgk-t{index}-r{n}-c{c}"
                nested += [t for t in td.iter("table") if t is not td]
                c += cs
            if any_cell:
                n += 1
            for inner in nested:  # the loader reads a cell's nested tables after its row
                if inner.getparent() is not None and not any(a.tag == "table" for a in _between(inner, tr)):
                    walk_table(inner)

    def _between(inner, tr):
        out, p = [], inner.getparent()
        while p is not None and p is not tr:
            out.append(p)
            p = p.getparent()
        return out

    walker = etree.iterwalk(pruned, events=("start",))
    for _ev, el in walker:
        if el.tag == "table":
            walk_table(el)
            walker.skip_subtree()
    for el in cells:
        n = int(el.attrib.pop("data-xxgk-n"))
        if n in ids and not el.get("id"):
            el.set("id", ids[n])
            if first_table is None:
                first_table = el.getparent()
                while first_table is not None and first_table.tag != "table":
                    first_table = first_table.getparent()
    if first_table is not None and not first_table.get("id"):
        first_table.set("id", "xxgk-tables")
    body = etree.tostring(root, method="html", encoding="utf-8")
    return b"<!doctype html>" + TARGET_STYLE + body


def pdf_page_sizes(data: bytes) -> dict[str, list[float]]:
    """{page: [width, height]} in pt: the review page scales field boxes onto the page images."""
    try:
        import pymupdf
    except ImportError:
        import fitz as pymupdf
    try:
        with pymupdf.open(stream=data, filetype="pdf") as d:
            return {str(i + 1): [round(p.rect.width, 2), round(p.rect.height, 2)] for i, p in enumerate(d)}
    except Exception:  # noqa: BLE001
        return {}


def pdf_page_count(data: bytes) -> int | None:
    try:
        import pymupdf
    except ImportError:  # older PyMuPDF
        import fitz as pymupdf
    try:
        with pymupdf.open(stream=data, filetype="pdf") as d:
            return d.page_count
    except Exception:  # noqa: BLE001
        return None


def pdf_page_png(data: bytes, page: int, zoom: float) -> bytes | None:
    try:
        import pymupdf
    except ImportError:
        import fitz as pymupdf
    with pymupdf.open(stream=data, filetype="pdf") as d:
        if page > d.page_count:
            return None
        pg = d[page - 1]
        longest = max(pg.rect.width, pg.rect.height) or 1
        z = min(zoom, MAX_PAGE_PIXELS / longest)
        return pg.get_pixmap(matrix=pymupdf.Matrix(z, z), alpha=False).tobytes("png")
