"""Storing parses and reading documents back: the glue between the worker's results,
the database rows and the JSON the API returns."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import review
from .db import iso
from .models import (ACCEPTED, AS_PRINTED, CORRECT, CORRECTED, NOT_REQUIRED, PENDING, REJECTED, Correction, Document,
                     Job, Parse, ReviewEvent)
from .storage import FORMAT_SUFFIX, Storage

NEEDS_REVIEW = (PENDING, CORRECTED)


def find_reusable(s: Session, digest: str, model: str | None, version: str | None) -> tuple[Document, Parse] | None:
    """The stored document and its current parse, if that parse came from this model and extractor."""
    doc = s.get(Document, digest)
    if doc is None or doc.current_parse_id is None:
        return None
    parse = s.get(Parse, doc.current_parse_id)
    if parse is None or parse.model != model or parse.extractor_version != version:
        return None
    return doc, parse


def store_result(s: Session, storage: Storage, data: bytes, name: str, res: dict,
                 extractor_version: str | None) -> tuple[Document, Parse]:
    """Keep a successful parse: the source by content hash, the document row (one per
    hash), a new parse row that becomes the document's current one."""
    digest = storage.put_blob(data)
    report = res["report"]
    doc = s.get(Document, digest)
    if doc is None:
        doc = Document(id=digest, name=name[:255], size=len(data), status=PENDING, reasons=[], reason_kinds=" ",
                       review_required=False)
        s.add(doc)
        try:
            s.flush()
        except IntegrityError:  # the same file stored by a concurrent request
            s.rollback()
            doc = s.get(Document, digest)
    rank = res.get("rank") or {}
    review_ = report.get("review") or {}
    parse = Parse(document_id=digest, model=report.get("model"), extractor_version=extractor_version,
                  seconds=res.get("seconds"), report=report, text=res.get("text"),
                  review_required=bool(review_.get("required")), review_confidence=review_.get("confidence"),
                  rank_score=rank.get("score"), rank=rank, pages=res.get("pages"), locations=res.get("locations"))
    s.add(parse)
    s.flush()
    _apply(doc, parse)
    s.commit()
    return doc, parse


def _apply(doc: Document, parse: Parse) -> None:
    report = parse.report
    rv = report.get("review") or {}
    doc.current_parse_id = parse.id
    doc.format = (report.get("source") or {}).get("format")
    doc.template = report.get("template")
    year = report.get("year")
    doc.year = year if isinstance(year, int) else None
    agency = report.get("agency")
    doc.agency = agency[:255] if isinstance(agency, str) else None
    doc.model = parse.model
    doc.review_required = parse.review_required
    doc.review_confidence = parse.review_confidence
    doc.reasons = list(rv.get("reasons") or [])
    doc.reason_kinds = " " + " ".join(review.reason_kinds(doc.reasons, rv.get("items"))) + " "
    doc.rank_score = parse.rank_score
    doc.source_inconsistent = bool(rv.get("source_inconsistent"))
    if doc.status not in (CORRECTED, ACCEPTED, REJECTED):
        doc.status = PENDING if parse.review_required else NOT_REQUIRED


def source_suffix(doc: Document) -> str:
    return FORMAT_SUFFIX.get(doc.format or "", ".bin")


# --- views ------------------------------------------------------------------------------------


def summary(doc: Document) -> dict:
    return {
        "id": doc.id, "name": doc.name, "format": doc.format, "size": doc.size,
        "template": doc.template, "year": doc.year, "agency": doc.agency, "model": doc.model,
        "status": doc.status,
        "review": {"required": doc.review_required, "confidence": doc.review_confidence,
                   "reasons": doc.reasons or [], "kinds": doc.reason_kinds.split(),
                   "source_inconsistent": bool(doc.source_inconsistent)},
        "reviewed": doc.status in (CORRECTED, ACCEPTED, REJECTED),
        "rejected_reason": doc.rejected_reason,
        "rank_score": doc.rank_score,
        "created_at": iso(doc.created_at), "updated_at": iso(doc.updated_at),
        "accepted_at": iso(doc.accepted_at), "accepted_by": doc.accepted_by,
        "url": f"/v1/documents/{doc.id}",
    }


def correction_view(c: Correction) -> dict:
    return {"id": c.id, "parse_id": c.parse_id, "reviewer": c.reviewer, "created_at": iso(c.created_at),
            "fields": c.fields, "broken": c.broken, "kind": c.kind or CORRECT, "undone": c.undone_at is not None}


def active(doc: Document) -> list[Correction]:
    """The corrections and 原文如此 marks in force (not undone), oldest first."""
    return [c for c in doc.corrections if c.undone_at is None]


def marks(doc: Document) -> dict[str, str]:
    """{field key: "correct" | "as_printed"}: the last word of a reviewer on each field."""
    out: dict[str, str] = {}
    for c in active(doc):
        for k in c.fields:
            out[k] = c.kind or CORRECT
    return out


def current_state(doc: Document, parse: Parse) -> dict:
    """Corrected values and the checks on them; which fields a reviewer corrected and which
    they kept as printed (原文如此: the publisher's error)."""
    vals = review.values(parse.report, [c.fields for c in active(doc)])
    base = review.recheck(parse.report, review.values(parse.report, []))
    now = review.recheck(parse.report, vals)
    m = marks(doc)
    corrected = sorted(k for k, kind in m.items() if kind == CORRECT and k in vals)
    printed = sorted(k for k, kind in m.items() if kind == AS_PRINTED and k in vals)
    return {"values": vals, "corrected_fields": corrected, "as_printed_fields": printed, "checks": now,
            **review.check_summary(base, now)}


def event_view(e: ReviewEvent) -> dict:
    return {"id": e.id, "action": e.action, "reviewer": e.reviewer, "created_at": iso(e.created_at),
            "fields": e.fields, "note": e.note, "status_before": e.status_before, "status_after": e.status_after,
            "annotation": e.annotation, "undone": e.undone_at is not None}


def source_view(doc: Document, parse: Parse) -> dict:
    """How the review page can show the source: download it, render HTML in a sandboxed
    frame, or show a PDF page as an image (page_starts: where each page begins in the text)."""
    pages = parse.pages or {}
    pdf = doc.format == "pdf"
    return {"format": doc.format, "download_url": f"/v1/documents/{doc.id}/source",
            "render_url": f"/v1/documents/{doc.id}/render" if doc.format == "html" else None,
            "page_url": f"/v1/documents/{doc.id}/pages/{{page}}" if pdf else None,
            "pages": pages.get("count") if pdf else None,
            "page_starts": pages.get("starts") if pdf else None,
            "locations": parse.locations or {}}


def document_view(doc: Document, parse: Parse, with_text: bool = True) -> dict:
    out = summary(doc)
    out["parse"] = {"id": parse.id, "model": parse.model, "extractor_version": parse.extractor_version,
                    "created_at": iso(parse.created_at), "seconds": parse.seconds,
                    "rank": parse.rank}
    out["parses"] = [{"id": p.id, "model": p.model, "created_at": iso(p.created_at)} for p in doc.parses]
    out["report"] = parse.report
    if with_text:
        out["text"] = parse.text
    out["source_url"] = f"/v1/documents/{doc.id}/source"
    out["source_view"] = source_view(doc, parse)
    out["corrections"] = [correction_view(c) for c in doc.corrections]
    out["events"] = [event_view(e) for e in s_events(doc)]
    out["corrected"] = current_state(doc, parse)
    out["annotation"] = doc.annotation
    return out


def s_events(doc: Document) -> list[ReviewEvent]:
    from sqlalchemy.orm import object_session

    s = object_session(doc)
    if s is None:
        return []
    return list(s.scalars(select(ReviewEvent).where(ReviewEvent.document_id == doc.id).order_by(ReviewEvent.id)))


OUTCOMES = ("extraction", "source")


def query(s: Session, *, status: str | None, reason: str | None, agency: str | None, year: int | None,
          template: str | None, limit: int, offset: int, outcome: str | None = None) -> tuple[int, list[Document]]:
    """Documents filtered, most worth reviewing first (the stored rank score, descending).
    outcome: "extraction" (a person can make the data better: review.required) or "source"
    (the reading is sure, the publisher's numbers disagree: review.source_inconsistent; in the
    queue these count as open until accepted or rejected, whether or not review was required)."""
    q = select(Document)
    if outcome == "source":
        q = q.where(Document.source_inconsistent.is_(True))
    elif outcome == "extraction":
        q = q.where(Document.review_required.is_(True))
    if status == "needs_review":
        q = q.where(Document.status.in_(NEEDS_REVIEW + ((NOT_REQUIRED,) if outcome == "source" else ())))
    elif status and status != "all":
        q = q.where(Document.status == status)
    if reason:
        q = q.where(Document.reason_kinds.contains(f" {reason} ", autoescape=True))
    if agency:
        q = q.where(Document.agency.contains(agency, autoescape=True))
    if year is not None:
        q = q.where(Document.year == year)
    if template:
        q = q.where(Document.template == template)
    total = s.scalar(select(func.count()).select_from(q.subquery()))
    rows = s.scalars(q.order_by(Document.rank_score.is_(None), Document.rank_score.desc(),
                                Document.created_at, Document.id).limit(limit).offset(offset)).all()
    return total or 0, list(rows)


def stored_stats(s: Session) -> dict:
    by_status = dict(s.execute(select(Document.status, func.count()).group_by(Document.status)).all())
    total = sum(by_status.values())
    required = s.scalar(select(func.count()).select_from(Document).where(Document.review_required.is_(True))) or 0
    jobs = dict(s.execute(select(Job.status, func.count()).group_by(Job.status)).all())
    return {"documents": total, "by_status": by_status,
            "queue": sum(by_status.get(k, 0) for k in NEEDS_REVIEW),
            "review_rate": round(required / total, 4) if total else None,
            "parses": s.scalar(select(func.count()).select_from(Parse)) or 0,
            "corrections": s.scalar(select(func.count()).select_from(Correction)) or 0,
            "accepted": by_status.get(ACCEPTED, 0), "rejected": by_status.get(REJECTED, 0), "jobs": jobs}


__all__ = ["find_reusable", "store_result", "summary", "document_view", "query", "stored_stats",
           "NEEDS_REVIEW", "NOT_REQUIRED"]
