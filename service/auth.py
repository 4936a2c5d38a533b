"""API tokens: `Authorization: Bearer <token>`; roles reviewer < admin. The review page
logs in with a token once (POST /v1/session) and then sends an HttpOnly session cookie.

Tokens are random (`xxgk_` + 43 url-safe characters); only their sha256 is stored, and a
token is only ever looked up by that digest (as a session by its cookie's), never compared as
text: how long a lookup takes says nothing about the token (finding a token from its digest's
first bytes is a preimage search). On
first start, when no admin token exists, one named "admin" is made and printed once (or
XXGK_ADMIN_TOKEN is used). More: `xxgk serve --create-token NAME --role reviewer`, or
POST /v1/tokens as an admin.

Reviewer accounts (the review page): a user name and a password, stored as an scrypt hash
(hashlib.scrypt, n=2**14, r=8, p=1, a random 16-byte salt per password); `xxgk serve
--create-user NAME` or POST /v1/users (admin). Failed log-ins are limited per account and per
client address (LoginLimiter: 429 with Retry-After past the limit).

Sessions (the review page): POST /v1/session exchanges a valid password (or token) for a random cookie
(`xxgk_session`: HttpOnly, SameSite=Strict, Secure over https, 12 hours); only its
sha256 is stored, tied to the token, so revoking the token ends its sessions. A request
that authenticates by cookie and changes anything (any method but GET/HEAD/OPTIONS)
must also carry `X-Requested-With: xxgk` (a header no cross-site form can send, and no
cross-site script can without a CORS preflight the service never grants) and, when the
browser sends an Origin, come from the service's own origin: SameSite=Strict plus the
header check keep cross-site requests out. Bearer-token requests need neither.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import timedelta, timezone

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ApiToken, User, WebSession, utcnow

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


# --- reviewer accounts ------------------------------------------------------------------------

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # ~50 ms and 16 MB per check: slow for a guesser
MIN_PASSWORD = 8
MAX_PASSWORD = 256


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(want))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


_DUMMY_HASH = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_urlsafe(12))
    return _DUMMY_HASH


def create_user(s: Session, name: str, password: str, role: str = "reviewer") -> User:
    """A new reviewer account; ValueError for a bad or taken name, a bad role or a short password."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not NAME.match(name or ""):
        raise ValueError("user name: 1-64 characters, letters, digits, _ . @ -, starting with a letter or digit")
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise ValueError(f"the password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if s.scalar(select(User).where(User.name == name)) is not None:
        raise ValueError(f"a user named {name!r} exists")
    user = User(name=name, role=role, password_hash=hash_password(password))
    s.add(user)
    s.commit()
    return user


def set_password(s: Session, name: str, password: str) -> bool:
    user = s.scalar(select(User).where(User.name == name))
    if user is None:
        return False
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise ValueError(f"the password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    user.password_hash, user.disabled_at = hash_password(password), None
    s.commit()
    return True


def disable_user(s: Session, name: str) -> bool:
    """Disable an account (its sessions end with it); False when there is none."""
    user = s.scalar(select(User).where(User.name == name))
    if user is None:
        return False
    s.execute(WebSession.__table__.delete().where(WebSession.user_id == user.id))
    s.delete(user)
    s.commit()
    return True


def authenticate(s: Session, name: str, password: str) -> User | None:
    """The account for this name and password, or None (as slow either way)."""
    user = s.scalar(select(User).where(User.name == name)) if name and len(name) <= 64 else None
    ok = check_password(password[:MAX_PASSWORD], user.password_hash if user is not None else _dummy_hash())
    if user is None or not ok or user.disabled_at is not None:
        return None
    return user


def user_view(u: User) -> dict:
    from .db import iso

    return {"name": u.name, "role": u.role, "created_at": iso(u.created_at), "last_login_at": iso(u.last_login_at)}


class LoginLimiter:
    """Failed log-ins, counted per key ("user:NAME", "addr:IP") over a sliding window: past
    `attempts` failures of a key within `window` seconds, its log-ins are refused (429) until
    the oldest failure leaves the window. In memory: one server process per data directory."""

    MAX_KEYS = 100_000  # a flood of made-up names cannot grow it without bound

    def __init__(self, attempts: int = 5, window: float = 300.0):
        self.attempts, self.window = attempts, window
        self._fails: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque:
        q = self._fails.get(key)
        if q is None:
            return deque()
        while q and now - q[0] > self.window:
            q.popleft()
        if not q:
            self._fails.pop(key, None)
        return q

    def retry_after(self, keys: list[str]) -> float:
        """Seconds until these keys may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            waits = [self.window - (now - q[0]) for k in keys if len(q := self._prune(k, now)) >= self.attempts]
        return max(waits, default=0.0)

    def failed(self, keys: list[str]) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._fails) > self.MAX_KEYS:
                for k in list(self._fails)[: self.MAX_KEYS // 10]:
                    self._fails.pop(k, None)
            for k in keys:
                self._fails.setdefault(k, deque(maxlen=self.attempts * 4)).append(now)

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)


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


def open_user_session(s: Session, user: User) -> tuple[str, Principal, object]:
    """A new session for an authenticated account: (cookie value, principal, expiry)."""
    now = utcnow()
    s.execute(WebSession.__table__.delete().where(WebSession.expires_at < now))
    cookie = secrets.token_urlsafe(32)
    expires = now + SESSION_TTL
    s.add(WebSession(id=hash_token(cookie), user_id=user.id, created_at=now, expires_at=expires))
    user.last_login_at = now
    s.commit()
    return cookie, Principal(user.name, user.role), expires


def session_principal(s: Session, cookie: str | None) -> Principal | None:
    if not cookie or len(cookie) > 200:
        return None
    ses = s.get(WebSession, hash_token(cookie))
    if ses is None or _aware(ses.expires_at) <= utcnow():
        return None
    if ses.user_id is not None:
        user = s.get(User, ses.user_id)
        if user is None or user.disabled_at is not None:
            return None
        return Principal(user.name, user.role)
    row = s.get(ApiToken, ses.token_id) if ses.token_id is not None else None
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
