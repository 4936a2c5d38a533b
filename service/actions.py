"""What a reviewer can do to a document, each recorded as a review event (who, when, what):

    correct      {field: value}: the extraction misread these cells; the values are the truth
    as_printed   原文如此: the report itself prints these values (the publisher's error): they stay
                 as printed, the error is recorded, and nothing is learnt from it
    accept       the values shown are right; an annotation for `xxgk train` is written only when a
                 value was really corrected (a document read right, or kept as printed, teaches
                 the model nothing new, and a "fix" of a printed value would contradict the page).
                 With an identity still broken that no 原文如此 explains, it needs `confirm`
    reject       not a report, or the wrong document: out of the queue, never trained on
    skip         looked at, nothing decided (the page moves on)
    comment      a note on the document
    undo         takes back the last correct / as_printed / accept / reject not yet undone

The routes (service/app.py) call these with a database session; errors are ApiErrors.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import records, review
from .auth import Principal
from .models import (ACCEPTED, AS_PRINTED, CORRECT, CORRECTED, NOT_REQUIRED, PENDING, REJECTED, UNDOABLE,
                     Correction, Document, Parse, ReviewEvent, utcnow)
from .uploads import ApiError

REJECT_REASONS = ("not_a_report", "wrong_document", "duplicate", "other")
MAX_NOTE = 2000


def _event(s: Session, doc: Document, parse: Parse | None, p: Principal, action: str, before: str,
           **kw) -> ReviewEvent:
    e = ReviewEvent(document_id=doc.id, parse_id=parse.id if parse else None, reviewer=p.name, action=action,
                    status_before=before, status_after=doc.status, created_at=utcnow(), **kw)
    s.add(e)
    return e


def _note(text: str | None) -> str | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise ApiError(422, "invalid_request", "a note must be text")
    text = text.strip()
    if len(text) > MAX_NOTE:
        raise ApiError(422, "invalid_request", f"a note of {len(text)} characters (at most {MAX_NOTE})")
    return text or None


def recheck(doc: Document, parse: Parse, fields: dict) -> tuple[dict, dict, list, dict]:
    """The corrected fields as validated, the document's values with them over its stored
    corrections, the identities re-run on those, and what changed (check_summary) - for a
    correction stored and for one only previewed while a cell is edited."""
    try:
        fixed = review.validate(parse.report, fields)
    except review.InvalidCorrection as e:
        raise ApiError(422, "invalid_correction", str(e)) from e
    vals = review.values(parse.report, [c.fields for c in records.active(doc)] + [fixed])
    before = review.recheck(parse.report, review.values(parse.report, []))
    after = review.recheck(parse.report, vals)
    return fixed, vals, after, review.check_summary(before, after)


def correct(s: Session, doc: Document, parse: Parse, fields: dict, p: Principal, kind: str = CORRECT,
            note: str | None = None) -> dict:
    """Store a correction (or 原文如此 marks) and re-run the identities on the values."""
    fixed, vals, after, summary_ = recheck(doc, parse, fields)
    was = doc.status
    c = Correction(document_id=doc.id, parse_id=parse.id, reviewer=p.name, fields=fixed, checks=after,
                   broken=len(summary_["broken"]), kind=kind)
    doc.corrections.append(c)
    if doc.status not in (ACCEPTED, REJECTED):
        doc.status = CORRECTED
    doc.updated_at = utcnow()
    s.flush()
    _event(s, doc, parse, p, kind, was, fields=fixed, note=_note(note), correction_id=c.id)
    s.commit()
    return {"correction_id": c.id, "document_id": doc.id, "status": doc.status, "fields": fixed, "kind": kind,
            "values": vals, "checks": after, **summary_}


def as_printed(s: Session, doc: Document, parse: Parse, keys: list[str], p: Principal, note: str | None) -> dict:
    """原文如此: each key keeps the value the report prints (the parse's reading)."""
    fields = parse.report.get("fields") or {}
    bad = [k for k in keys if k not in fields]
    if not keys or bad:
        raise ApiError(422, "invalid_request", "name the fields the report prints so: "
                       + (f"not fields of this document: {', '.join(bad[:10])}" if bad else "no keys given"))
    printed = {k: fields[k].get("value") if isinstance(fields[k], dict) else fields[k] for k in keys}
    return correct(s, doc, parse, printed, p, kind=AS_PRINTED, note=note)


def unexplained_breaks(doc: Document, parse: Parse, vals: dict) -> list[dict]:
    """Identities broken on these values that no 原文如此 mark explains (none of their cells kept
    as printed): what accepting should ask about."""
    kept = {k for k, kind in records.marks(doc).items() if kind == AS_PRINTED}
    return [c for c in review.recheck(parse.report, vals)
            if c["status"] == "broken" and not kept.intersection(c.get("keys") or [])]


def real_corrections(doc: Document, parse: Parse) -> dict:
    """{key: value} of the fields whose value a reviewer changed from the parse's reading."""
    base = review.values(parse.report, [])
    now = review.values(parse.report, [c.fields for c in records.active(doc)])
    m = records.marks(doc)
    return {k: now[k] for k, kind in m.items() if kind == CORRECT and k in now and now[k] != base.get(k)}


def accept(s: Session, storage, doc: Document, parse: Parse, p: Principal, fields: dict | None,
           ambiguous: list[str], confirm: bool, note: str | None = None) -> dict:
    # a partial report (table 四 alone, template unknown) has fields and is accepted like any other;
    # only a document with no statutory table at all has nothing to accept
    if not parse.report.get("fields"):
        raise ApiError(409, "no_template", "a document with no statutory tables cannot be accepted; reject it "
                                           "(not a report) instead")
    if fields:
        correct(s, doc, parse, fields, p)
    vals = review.values(parse.report, [c.fields for c in records.active(doc)])
    bad = [k for k in ambiguous if k not in vals]
    if bad:
        raise ApiError(422, "invalid_request", f"ambiguous keys not in this document: {', '.join(bad[:10])}")
    broken = unexplained_breaks(doc, parse, vals)
    if broken and not confirm:
        raise ApiError(409, "identities_broken",
                       f"{len(broken)} identities are still broken ({', '.join(c['rule'] for c in broken[:5])}): "
                       "correct the misread cells, mark the printed ones 原文如此, or accept with "
                       "\"confirm\": true")
    changed = real_corrections(doc, parse)
    annotation = ann = None
    if changed:
        if not storage.has_blob(doc.id):
            raise ApiError(409, "source_missing", "the source file is missing from the data directory")
        path, ann = review.write_annotation(storage, storage.read_blob(doc.id), doc.name, records.source_suffix(doc),
                                            vals, p.name, parse.report, ambiguous,
                                            as_printed=sorted(k for k, kind in records.marks(doc).items()
                                                              if kind == AS_PRINTED))
        annotation = str(path.relative_to(storage.root))
    was = doc.status
    doc.status, doc.accepted_at, doc.accepted_by = ACCEPTED, utcnow(), p.name
    doc.annotation = annotation
    doc.updated_at = utcnow()
    _event(s, doc, parse, p, "accept", was, annotation=annotation, note=_note(note),
           fields={"confirmed_broken": [c["rule"] for c in broken]} if broken else None)
    s.commit()
    checks = review.recheck(parse.report, vals)
    return {"document_id": doc.id, "status": doc.status, "annotation": annotation,
            "corrected_fields": sorted(changed),
            "field_accuracy": ann.get("field_accuracy") if ann else None,
            "wrong_rows": ann.get("wrong_rows") if ann else None,
            "blocks": len(ann.get("blocks") or []) if ann else 0,
            "checks_broken": [c["rule"] for c in checks if c["status"] == "broken"],
            "confirmed_broken": [c["rule"] for c in broken]}


def reject(s: Session, doc: Document, parse: Parse, p: Principal, reason: str, note: str | None) -> dict:
    if reason not in REJECT_REASONS:
        raise ApiError(422, "invalid_request", f"reason must be one of {', '.join(REJECT_REASONS)}")
    was = doc.status
    doc.status, doc.rejected_reason, doc.updated_at = REJECTED, reason, utcnow()
    _event(s, doc, parse, p, "reject", was, note=_note(note) or reason)
    s.commit()
    return {"document_id": doc.id, "status": doc.status, "reason": reason}


def skip(s: Session, doc: Document, parse: Parse, p: Principal, note: str | None) -> dict:
    _event(s, doc, parse, p, "skip", doc.status, note=_note(note))
    s.commit()
    return {"document_id": doc.id, "status": doc.status}


def comment(s: Session, doc: Document, parse: Parse, p: Principal, text: str) -> dict:
    text = _note(text)
    if not text:
        raise ApiError(422, "invalid_request", "a comment needs some text")
    e = _event(s, doc, parse, p, "comment", doc.status, note=text)
    s.commit()
    return {"document_id": doc.id, "status": doc.status, "event": records.event_view(e)}


def _settled(doc: Document, parse: Parse) -> str:
    """The status a document has from its parse and its corrections in force."""
    if records.active(doc):
        return CORRECTED
    return PENDING if parse.review_required else NOT_REQUIRED


def undo(s: Session, storage, doc: Document, parse: Parse, p: Principal) -> dict:
    """Take back the last correct / as_printed / accept / reject of this document."""
    last = s.scalar(select(ReviewEvent).where(ReviewEvent.document_id == doc.id, ReviewEvent.action.in_(UNDOABLE),
                                              ReviewEvent.undone_at.is_(None)).order_by(ReviewEvent.id.desc()).limit(1))
    if last is None:
        raise ApiError(409, "nothing_to_undo", "this document has no review action left to undo")
    now = utcnow()
    last.undone_at = now
    was = doc.status
    if last.action in (CORRECT, AS_PRINTED):
        c = s.get(Correction, last.correction_id) if last.correction_id else None
        if c is not None:
            c.undone_at = now
        s.flush()
        s.refresh(doc)
        if doc.status not in (ACCEPTED, REJECTED):
            doc.status = _settled(doc, parse)
    elif last.action == "accept":
        if last.annotation:
            storage.drop_annotation(last.annotation)
        doc.annotation = None
        doc.accepted_at = doc.accepted_by = None
        doc.status = last.status_before if last.status_before not in (ACCEPTED, None) else _settled(doc, parse)
    elif last.action == "reject":
        doc.rejected_reason = None
        doc.status = last.status_before if last.status_before not in (REJECTED, None) else _settled(doc, parse)
    doc.updated_at = now
    _event(s, doc, parse, p, "undo", was, note=f"{last.action} #{last.id}")
    s.commit()
    state = records.current_state(doc, parse)
    return {"document_id": doc.id, "status": doc.status, "undone": records.event_view(last), **state}
