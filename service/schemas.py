"""Pydantic models of the API's requests and answers, for the OpenAPI schema.

Answers are documented with these models (`responses={200: {"model": …}}`) but not
filtered through them: the parsed report is docs/spec/output.md's object, which may
gain keys ("add fields freely"), so every model here allows extra keys.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from extractor import templates

# a report's `template`: a revision of the form's active table (extractor/templates/*.json)
TemplateVersion = Literal[tuple(templates.versions("active"))]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- requests ---------------------------------------------------------------------------------


class TextIn(BaseModel):
    """A report as text: plain text, HTML or markdown (the format is sniffed from the content)."""

    text: str | None = Field(None, description="the report's text, HTML or markdown")
    html: str | None = Field(None, description="alias of text for HTML")
    name: str | None = Field(None, description="a file name, for messages and the stored document", max_length=255)


class TokenIn(BaseModel):
    name: str = Field(..., description="who the token is for", max_length=64)
    role: Literal["reviewer", "admin"] = "reviewer"


class AcceptIn(BaseModel):
    fields: dict[str, Any] | None = Field(None, description="last corrections, applied before accepting")
    ambiguous: list[str] = Field(default_factory=list,
                                 description="keys the source itself cannot settle (left out of training)")
    confirm: bool = Field(False, description="accept although identities are still broken that no 原文如此 "
                                             "explains (without it: 409 identities_broken)")
    note: str | None = Field(None, max_length=2000)


class AsPrintedIn(BaseModel):
    keys: list[str] = Field(..., min_length=1, max_length=500,
                            description="fields whose printed value stands (原文如此: the publisher's error)")
    note: str | None = Field(None, max_length=2000, description="what is wrong in the report")


class RejectIn(BaseModel):
    reason: Literal["not_a_report", "wrong_document", "duplicate", "other"]
    note: str | None = Field(None, max_length=2000)


class NoteIn(BaseModel):
    note: str | None = Field(None, max_length=2000)


class CommentIn(BaseModel):
    text: str = Field(..., min_length=1, max_length=2000)


class UserIn(BaseModel):
    name: str = Field(..., max_length=64)
    password: SecretStr = Field(..., description="8 to 256 characters; stored as an scrypt hash")
    role: Literal["reviewer", "admin"] = "reviewer"


# --- the parsed report (docs/spec/output.md) ------------------------------------------------------


class FieldOut(Open):
    value: int | float | dict[str, Any] | None = Field(description="null for a blank cell; {text, yuan} for money")
    confidence: float = Field(description="estimated probability that the value is right")
    raw: str = Field(description="the cell text as printed")
    source: dict[str, int] | None = Field(None, description="{start, end}: offsets into the document text")


class CheckOut(Open):
    rule: str
    ok: bool
    status: str | None = Field(None, description="ok | broken | not_itemised | blank")
    detail: str


class ReviewOut(Open):
    required: bool
    confidence: float
    reasons: list[str]


class ServiceInfo(Open):
    stored: bool
    reused: bool | None = Field(None, description="a stored parse by the current model was returned")
    document_id: str | None = Field(None, description="sha256 of the source: the document's id")
    parse_id: int | None = None
    status: str | None = Field(None, description="review status of the stored document")
    rank_score: float | None = Field(None, description="training.rank uncertainty score (queue order)")
    seconds: float | None = None
    url: str | None = None


class ReportOut(Open):
    schema_version: int
    source: dict[str, Any] = Field(description="{name, sha256, format, encoding}")
    template: TemplateVersion | None
    tables: dict[str, str | None] | None = None
    year: int | None
    agency: str | None
    fields: dict[str, FieldOut]
    checks: list[CheckOut]
    review: ReviewOut
    sections: dict[str, str] = {}
    model: str | None = Field(None, description="version of the model that produced this parse")
    warnings: list[str] = []
    service: ServiceInfo


# --- documents, review ----------------------------------------------------------------------------


class DocReview(Open):
    required: bool
    confidence: float | None
    reasons: list[str]
    kinds: list[str] = Field(description="what the reasons are about (the queue's ?reason= values)")
    source_inconsistent: bool = Field(False, description="the reading is sure and the report's own numbers "
                                                         "disagree (review.source_inconsistent of the parse)")


class DocumentSummary(Open):
    id: str
    name: str
    format: str | None
    size: int
    template: str | None
    year: int | None
    agency: str | None
    model: str | None
    status: Literal["pending", "not_required", "corrected", "accepted", "rejected"]
    reviewed: bool = False
    review: DocReview
    rank_score: float | None
    created_at: str | None
    updated_at: str | None
    accepted_at: str | None
    accepted_by: str | None
    url: str


class DocumentList(Open):
    total: int
    limit: int
    offset: int
    items: list[DocumentSummary]


class CorrectedState(Open):
    values: dict[str, Any] = Field(description="the parse's values with every correction applied")
    corrected_fields: list[str]
    as_printed_fields: list[str] = Field([], description="kept as printed (原文如此): the publisher's errors")
    checks: list[CheckOut]
    broken: list[str]
    fixed: list[str]
    newly_broken: list[str]
    ok: bool


class DocumentOut(DocumentSummary):
    parse: dict[str, Any] = Field(description="{id, model, extractor_version, created_at, seconds, rank}")
    parses: list[dict[str, Any]]
    report: dict[str, Any] = Field(description="the parsed report (docs/spec/output.md)")
    text: str | None = Field(None, description="the document text; field source offsets point into it")
    source_url: str
    source_view: dict[str, Any] = Field(description="{format, download_url, render_url (HTML), page_url, pages, "
                                                    "page_starts (PDF)}: how the review page shows the source")
    corrections: list[dict[str, Any]]
    events: list[dict[str, Any]] = Field([], description="the review's history: action, reviewer, time, fields, "
                                                         "note, status before/after, undone")
    corrected: CorrectedState
    annotation: str | None


class CorrectionOut(Open):
    correction_id: int | None = Field(description="null for a dry run (…/recheck)")
    document_id: str
    status: str
    fields: dict[str, Any] = Field(description="this correction, values read into the output format")
    values: dict[str, Any]
    checks: list[CheckOut]
    broken: list[str] = Field(description="identities broken on the corrected values")
    fixed: list[str] = Field(description="broken on the parse, hold now")
    newly_broken: list[str] = Field(description="held on the parse, broken now")
    ok: bool


class ActionOut(Open):
    document_id: str
    status: str


class AcceptOut(Open):
    document_id: str
    status: str
    annotation: str | None = Field(description="the annotation file, relative to the data directory; null when "
                                               "no value was corrected (nothing to learn)")
    corrected_fields: list[str] = []
    confirmed_broken: list[str] = []
    field_accuracy: float | None
    wrong_rows: list[str] | None
    blocks: int
    checks_broken: list[str]


# --- jobs ---------------------------------------------------------------------------------------


class JobItemOut(Open):
    position: int
    name: str
    size: int
    status: Literal["pending", "done", "failed"]
    error: str | None
    document_id: str | None
    parse_id: int | None
    seconds: float | None
    finished_at: str | None
    template: str | None = None
    year: int | None = None
    agency: str | None = None
    review: dict[str, Any] | None = None
    rank_score: float | None = None
    report: dict[str, Any] | None = Field(None, description="with ?results=full")


class JobSummary(Open):
    id: str
    status: Literal["queued", "running", "done"]
    total: int
    done: int = Field(description="items finished, parsed or failed")
    failed: int
    pending: int
    progress: float
    created_by: str | None
    created_at: str | None
    started_at: str | None
    finished_at: str | None
    url: str


class JobOut(JobSummary):
    items: list[JobItemOut]


class JobList(Open):
    items: list[JobSummary]
    limit: int
    offset: int


# --- tokens, errors -------------------------------------------------------------------------------


class TokenView(Open):
    name: str
    role: str
    prefix: str
    created_at: str | None
    last_used_at: str | None


class TokenList(Open):
    items: list[TokenView]


class NewToken(Open):
    name: str
    role: str
    token: str = Field(description="shown only in this answer; only its hash is stored")


class ErrorOut(Open):
    error: str = Field(description="machine-readable code: empty, too_large, unsupported_type, unreadable, "
                                   "unsafe_name, unauthorized, forbidden, not_found, invalid_request, …")
    message: str = Field(description="what went wrong, for a person")
    detail: Any = None


class Health(Open):
    status: str
    version: str
    database: str
    executor: str
    workers: int


def errors(*codes: int, **described: str) -> dict:
    """OpenAPI entries for error answers (all share ErrorOut)."""
    text = {400: "bad request", 401: "no or invalid API token", 403: "the token's role is not enough",
            404: "not found", 409: "conflict", 413: "over a size limit", 415: "not a document type the loaders read",
            422: "invalid input"}
    out = {c: {"model": ErrorOut, "description": text.get(c, "error")} for c in codes}
    for k, v in described.items():
        out[int(k[1:])] = {"model": ErrorOut, "description": v}
    return out
