"""ORM models (SQLAlchemy 2.x). The schema is created and changed only by the Alembic
migrations in service/migrations/ (create_app runs `upgrade head`); a test checks that
the migrations and these models agree.

    documents    one row per distinct source file (id = sha256 of its bytes); the
                 current parse's template/year/agency/review/rank are copied here so
                 the review queue filters and sorts without reading reports
    parses       every pipeline run on a document: the output JSON, the model version
                 that produced it ("model" of the output), timings, the rank score
    corrections  a reviewer's {field: value} changes and the checks re-run on them
    jobs         batch jobs and their items (one per uploaded file)
    api_tokens   API tokens, stored as sha256 hashes, with a role
    sessions     review page log-ins (a reviewer account's password, or a token, exchanged
                 for an HttpOnly cookie), by the sha256 of the cookie; revoking the token or
                 disabling the account ends its sessions
    users        reviewer accounts of the review page: name, role, scrypt password hash
    review_events  what reviewers did to a document, in order: correct, as_printed (原文如此),
                 accept, reject, skip, comment, undo; who, when, which fields, the status
                 before and after (the export's who/when/what changed)
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


# review states of a document
PENDING = "pending"            # review.required, nobody has looked yet
NOT_REQUIRED = "not_required"  # the parse did not ask for review
CORRECTED = "corrected"        # a reviewer sent corrections, not accepted yet
ACCEPTED = "accepted"          # accepted (an annotation was written when a value was corrected)
REJECTED = "rejected"          # not a report, or the wrong document: out of the queue, never trained on
STATUSES = (PENDING, NOT_REQUIRED, CORRECTED, ACCEPTED, REJECTED)

# kinds of correction
CORRECT = "correct"            # the extraction misread the cell: the reviewer's value is the truth
AS_PRINTED = "as_printed"      # 原文如此: the printed value stands (the publisher's error), nothing to learn
# review actions (review_events.action)
ACTIONS = (CORRECT, AS_PRINTED, "accept", "reject", "skip", "comment", "undo")
UNDOABLE = (CORRECT, AS_PRINTED, "accept", "reject")


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the source bytes
    name: Mapped[str] = mapped_column(String(255))  # the first name it was uploaded under (display only)
    format: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # parses.id of the current parse (no FK constraint: parses point back here)
    current_parse_id: Mapped[int | None] = mapped_column(Integer)
    # copied from the current parse for the queue
    template: Mapped[str | None] = mapped_column(String(8))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    agency: Mapped[str | None] = mapped_column(String(255), index=True)
    model: Mapped[str | None] = mapped_column(String(128))
    review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    review_confidence: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    reason_kinds: Mapped[str] = mapped_column(String(255), default=" ")  # " identity uncertain "
    # review.source_inconsistent of the current parse: the reading is sure, the publisher's numbers
    # break an identity (a finding about the report, not a reason to re-read it)
    source_inconsistent: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    rejected_reason: Mapped[str | None] = mapped_column(String(32))
    rank_score: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by: Mapped[str | None] = mapped_column(String(64))
    annotation: Mapped[str | None] = mapped_column(String(255))  # path relative to the data dir

    parses: Mapped[list[Parse]] = relationship(back_populates="document", order_by="Parse.id",
                                               cascade="all, delete-orphan")
    corrections: Mapped[list[Correction]] = relationship(back_populates="document", order_by="Correction.id",
                                                         cascade="all, delete-orphan")

    __table_args__ = (Index("ix_documents_queue", "status", "rank_score"),)


class Parse(Base):
    __tablename__ = "parses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    model: Mapped[str | None] = mapped_column(String(128))  # block classifier version (output "model")
    extractor_version: Mapped[str | None] = mapped_column(String(32))
    seconds: Mapped[float | None] = mapped_column(Float)
    report: Mapped[dict] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(Text)  # the loaded document text (field offsets point into it)
    review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    review_confidence: Mapped[float | None] = mapped_column(Float)
    rank_score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[dict | None] = mapped_column(JSON)  # training.rank: why, components
    # PDF sources: {"count": pages, "starts": [[page, offset of its first block in text], …]}
    pages: Mapped[dict | None] = mapped_column(JSON)
    # where each field's cell is in the source, for the review page: {key: {"page", "box": [x0, y0,
    # x1, y1] in pt}} (PDF) or {key: {"table", "row", "col"}} (HTML: the loader's table, its n-th
    # row of cells and grid column)
    locations: Mapped[dict | None] = mapped_column(JSON)

    document: Mapped[Document] = relationship(back_populates="parses")


class Correction(Base):
    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    parse_id: Mapped[int] = mapped_column(ForeignKey("parses.id", ondelete="CASCADE"))
    reviewer: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    fields: Mapped[dict] = mapped_column(JSON)  # {key: corrected value}
    checks: Mapped[list] = mapped_column(JSON)  # checks re-run on the corrected values
    broken: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16), default=CORRECT)  # correct | as_printed
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    document: Mapped[Document] = relationship(back_populates="corrections")


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)  # queued|running|done
    created_by: Mapped[str | None] = mapped_column(String(64))
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)  # finished, successfully or not
    failed: Mapped[int] = mapped_column(Integer, default=0)

    items: Mapped[list[JobItem]] = relationship(back_populates="job", order_by="JobItem.position",
                                                cascade="all, delete-orphan")


class JobItem(Base):
    __tablename__ = "job_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|done|failed
    error: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[str | None] = mapped_column(String(64))
    parse_id: Mapped[int | None] = mapped_column(Integer)
    seconds: Mapped[float | None] = mapped_column(Float)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    job: Mapped[Job] = relationship(back_populates="items")


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # reviewer | admin
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the token
    prefix: Mapped[str] = mapped_column(String(16))  # first characters, to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class User(Base):
    """A reviewer account of the review page (the API keeps tokens)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # reviewer | admin
    password_hash: Mapped[str] = mapped_column(String(255))  # scrypt$n$r$p$salt$hash (auth.hash_password)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewEvent(Base):
    """One thing a reviewer did to a document (the review's history, newest last)."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    parse_id: Mapped[int | None] = mapped_column(Integer)
    reviewer: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(16))  # one of ACTIONS
    fields: Mapped[dict | None] = mapped_column(JSON)  # {key: value} of a correction / 原文如此
    note: Mapped[str | None] = mapped_column(Text)  # a comment, a reject reason
    status_before: Mapped[str | None] = mapped_column(String(16))
    status_after: Mapped[str | None] = mapped_column(String(16))
    correction_id: Mapped[int | None] = mapped_column(Integer)
    annotation: Mapped[str | None] = mapped_column(String(255))  # written by this accept
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WebSession(Base):
    """A review page log-in: the cookie's sha256, the account (or token) it was opened with, its expiry."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie value
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
