"""API tokens: `Authorization: Bearer <token>`; roles reviewer < admin. The review page
logs in with a token once (POST /v1/session) and then sends an HttpOnly session cookie.

Tokens are random (`xxgk_` + 43 url-safe characters); only their sha256 is stored, and a
token is only ever looked up by that digest (as a session by its cookie's), never compared as
text: how long a lookup takes says nothing about the token (finding a token from its digest's
first bytes is a preimage search). On
first start, when no admin token exists, one named "admin" is made and printed once (or
XXGK_ADMIN_TOKEN is used). More: `xxgk serve --create-token NAME --role reviewer`, or
POST /v1/tokens as an admin.

Sessions (the review page): POST /v1/session exchanges a valid token for a random cookie
(`xxgk_session`: HttpOnly, SameSite=Strict, Secure over https, 12 hours); only its
sha256 is stored, tied to the token, so revoking the token ends its sessions. A request
that authenticates by cookie and changes anything (any method but GET/HEAD/OPTIONS)
must also carry `X-Requested-With: xxgk` (a header no cross-site form can send, and no
cross-site script can without a CORS preflight the service never grants) and, when the
browser sends an Origin, come from the service's own origin: SameSite=Strict plus the
header check keep cross-site requests out. Bearer-token requests need neither.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta, timezone

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ApiToken, WebSession, utcnow

ROLES = ("reviewer", "admin")
RANK = {"reviewer": 1, "admin": 2}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
TOUCH_EVERY = timedelta(minutes=1)
SESSION_COOKIE = "xxgk_session"
SESSION_TTL = timedelta(hours=12)
CSRF_HEADER = "x-requested-with"
CSRF_VALUE = "xxgk"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

bearer = HTTPBearer(auto_error=False, description="an API token: `Authorization: Bearer xxgk_…`")


@dataclass(frozen=True)
class Principal:
    name: str
    role: str

    def can(self, role: str) -> bool:
        return RANK.get(self.role, 0) >= RANK[role]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "xxgk_" + secrets.token_urlsafe(32)


def create_token(s: Session, name: str, role: str, token: str | None = None) -> str:
    """Store a new token (hashed) and return it; ValueError for a bad or taken name/role."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not NAME.match(name or ""):
        raise ValueError("token name: 1-64 characters, letters, digits, _ . @ -, starting with a letter or digit")
    if s.scalar(select(ApiToken).where(ApiToken.name == name)) is not None:
        raise ValueError(f"a token named {name!r} exists; revoke it first")
    token = token or new_token()
    s.add(ApiToken(name=name, role=role, token_hash=hash_token(token), prefix=token[:9]))
    s.commit()
    return token


def revoke_token(s: Session, name: str) -> bool:
    """Delete a token by name (its name can then be used again); False when there is none."""
    row = s.scalar(select(ApiToken).where(ApiToken.name == name))
    if row is None:
        return False
    s.delete(row)
    s.commit()
    return True


def ensure_admin(s: Session, fixed: str | None = None) -> str | None:
    """First start: make sure an admin can log in. Returns a newly generated token (to be
    printed once), else None. A fixed token (XXGK_ADMIN_TOKEN) becomes the "admin" token."""
    if fixed:
        h = hash_token(fixed)
        row = s.scalar(select(ApiToken).where(ApiToken.name == "admin"))
        if row is None:
            s.add(ApiToken(name="admin", role="admin", token_hash=h, prefix=fixed[:9]))
        elif row.token_hash != h or row.role != "admin" or row.revoked_at is not None:
            row.token_hash, row.role, row.prefix, row.revoked_at = h, "admin", fixed[:9], None
        s.commit()
        return None
    admins = s.scalar(select(ApiToken).where(ApiToken.role == "admin", ApiToken.revoked_at.is_(None)).limit(1))
    if admins is not None:
        return None
    name = "admin"
    n = 1
    while s.scalar(select(ApiToken).where(ApiToken.name == name)) is not None:
        n += 1
        name = f"admin-{n}"
    return create_token(s, name, "admin")


def lookup(s: Session, token: str) -> Principal | None:
    if not token or len(token) > 200:
        return None
    row = s.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    last = row.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)
    if last is None or now - last > TOUCH_EVERY:
        row.last_used_at = now
        s.commit()
    return Principal(row.name, row.role)


# --- review page sessions -------------------------------------------------------------------


def _aware(dt):
    return dt.replace(tzinfo=timezone.utc) if dt is not None and dt.tzinfo is None else dt


def open_session(s: Session, token: str) -> tuple[str, Principal, object] | None:
    """A new session for a valid token: (cookie value, principal, expiry), or None."""
    if not token or len(token) > 200:
        return None
    row = s.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    s.execute(WebSession.__table__.delete().where(WebSession.expires_at < now))  # tidy up expired ones
    cookie = secrets.token_urlsafe(32)
    expires = now + SESSION_TTL
    s.add(WebSession(id=hash_token(cookie), token_id=row.id, created_at=now, expires_at=expires))
    row.last_used_at = now
    s.commit()
    return cookie, Principal(row.name, row.role), expires


def session_principal(s: Session, cookie: str | None) -> Principal | None:
    if not cookie or len(cookie) > 200:
        return None
    ses = s.get(WebSession, hash_token(cookie))
    if ses is None or _aware(ses.expires_at) <= utcnow():
        return None
    row = s.get(ApiToken, ses.token_id)
    if row is None or row.revoked_at is not None:
        return None
    return Principal(row.name, row.role)


def close_session(s: Session, cookie: str | None) -> bool:
    if not cookie or len(cookie) > 200:
        return False
    ses = s.get(WebSession, hash_token(cookie))
    if ses is None:
        return False
    s.delete(ses)
    s.commit()
    return True


def same_origin(request: Request) -> bool:
    """The browser's Origin header (when it sends one) names this service."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin.rstrip("/").lower() in (f"http://{host}".lower(), f"https://{host}".lower())


def check_csrf(request: Request) -> None:
    """For cookie-authenticated requests that change things: the custom header and the origin."""
    if request.method in SAFE_METHODS:
        return
    if request.headers.get(CSRF_HEADER, "").lower() != CSRF_VALUE:
        raise HTTPException(403, f"a request authenticated by the session cookie must send the header "
                                 f"'X-Requested-With: {CSRF_VALUE}'")
    if not same_origin(request):
        raise HTTPException(403, "cross-origin request refused")


def principal(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal | None:
    """The caller, or None when no token or session was sent; 401 for a token that is not
    valid. A bearer token wins over a session cookie."""
    if creds is None:
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        with request.app.state.service.db.session() as s:
            p = session_principal(s, cookie)
        if p is None:  # expired or ended: anonymous (what needs a reviewer answers 401)
            return None
        check_csrf(request)
        return p
    with request.app.state.service.db.session() as s:
        p = lookup(s, creds.credentials)
    if p is None:
        raise HTTPException(401, "invalid or revoked API token", headers={"WWW-Authenticate": "Bearer"})
    return p


def demand(p: Principal | None, role: str) -> Principal:
    if p is None:
        raise HTTPException(401, "an API token is required: Authorization: Bearer <token> "
                                 "(the review page: log in again)",
                            headers={"WWW-Authenticate": "Bearer"})
    if not p.can(role):
        raise HTTPException(403, f"this needs the {role} role; token {p.name!r} is a {p.role}")
    return p


def require(role: str):
    def dep(p: Principal | None = Depends(principal)) -> Principal:
        return demand(p, role)

    dep.__name__ = f"require_{role}"
    return dep


def token_view(row: ApiToken) -> dict:
    from .db import iso

    return {"name": row.name, "role": row.role, "prefix": row.prefix, "created_at": iso(row.created_at),
            "last_used_at": iso(row.last_used_at)}


__all__ = ["Principal", "create_token", "open_session", "session_principal", "close_session", "check_csrf", "revoke_token", "ensure_admin", "lookup", "principal", "require",
           "demand", "hash_token", "ROLES"]
