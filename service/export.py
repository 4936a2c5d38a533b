"""Export of reviewed documents (GET /v1/export): one row per document and field, with the
value as reviewed, the value as extracted and as printed, and who changed it, when and how
(corrected, or kept as printed: 原文如此). A rejected document is one row without a field.

CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese) or Parquet (pyarrow).
"""
from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import records, review
from .db import iso
from .models import ACCEPTED, CORRECTED, REJECTED, Document, Parse, ReviewEvent

REVIEWED = (ACCEPTED, CORRECTED, REJECTED)
COLUMNS = ("document_id", "name", "agency", "year", "template", "status", "reviewed_by", "reviewed_at",
           "rejected_reason", "source_inconsistent", "field", "value", "extracted", "printed", "confidence",
           "change", "changed_by", "changed_at", "identities_broken")


def _text(v) -> str | None:
    """A value as one cell: a count, yuan for money, None for blank."""
    if v is None:
        return None
    if isinstance(v, dict):
        y = v.get("yuan")
        return None if y is None else (str(int(y)) if float(y).is_integer() else str(y))
    return str(v)


def rows(s: Session, statuses: tuple[str, ...] = REVIEWED) -> list[dict]:
    out: list[dict] = []
    docs = s.scalars(select(Document).where(Document.status.in_(statuses)).order_by(Document.updated_at,
                                                                                     Document.id)).all()
    for doc in docs:
        parse = s.get(Parse, doc.current_parse_id) if doc.current_parse_id else None
        if parse is None:
            continue
        events = list(s.scalars(select(ReviewEvent).where(ReviewEvent.document_id == doc.id,
                                                          ReviewEvent.undone_at.is_(None))
                                .order_by(ReviewEvent.id)))
        decided = next((e for e in reversed(events) if e.action in ("accept", "reject")), None)
        last = events[-1] if events else None
        head = {"document_id": doc.id, "name": doc.name, "agency": doc.agency, "year": doc.year,
                "template": doc.template, "status": doc.status,
                "reviewed_by": (decided or last).reviewer if (decided or last) else doc.accepted_by,
                "reviewed_at": iso((decided or last).created_at) if (decided or last) else iso(doc.accepted_at),
                "rejected_reason": doc.rejected_reason, "source_inconsistent": bool(doc.source_inconsistent)}
        if doc.status == REJECTED:
            out.append({**head, **{c: None for c in COLUMNS if c not in head}})
            continue
        vals = review.values(parse.report, [c.fields for c in records.active(doc)])
        broken = {}
        for c in review.recheck(parse.report, vals):
            if c["status"] == "broken":
                for k in c.get("keys") or []:
                    broken.setdefault(k, []).append(c["rule"])
        who: dict[str, tuple] = {}  # key -> (kind, reviewer, when) of the last change in force
        for c in records.active(doc):
            for k in c.fields:
                who[k] = (c.kind, c.reviewer, iso(c.created_at))
        for key, f in (parse.report.get("fields") or {}).items():
            f = f if isinstance(f, dict) else {"value": f}
            kind, by, when = who.get(key, (None, None, None))
            out.append({**head, "field": key, "value": _text(vals.get(key)), "extracted": _text(f.get("value")),
                        "printed": f.get("raw"), "confidence": f.get("confidence"),
                        "change": {"correct": "corrected", "as_printed": "as_printed"}.get(kind),
                        "changed_by": by, "changed_at": when,
                        "identities_broken": " ".join(broken.get(key, [])) or None})
    return out


def to_csv(data: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in data:
        w.writerow({k: ("" if r.get(k) is None else r[k]) for k in COLUMNS})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_parquet(data: list[dict]) -> bytes:
    """Parquet via pyarrow (ImportError when it is not installed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"year": pa.int32(), "confidence": pa.float64(), "source_inconsistent": pa.bool_()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])
    table = pa.Table.from_pylist([{c: r.get(c) for c in COLUMNS} for r in data], schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()
