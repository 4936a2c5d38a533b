"""One report → the compact record the dataset tables are built from.

Made in the worker (the parent only stores it, zlib-compressed, in the manifest; the tables
process makes the long table of it), so the parent's work per document stays small. A record is plain JSON:

    {"head": {...one value per HEAD column...},
     "fields": [[key, value, yuan, confidence, raw, flagged, reasons], ...]}

value: an integer count (None for a blank cell); yuan: money in yuan (None otherwise);
flagged: a review reason names the field; reasons: the codes of those reasons, comma-separated.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import zlib

from ..batch import clean
from .columns import HEAD  # noqa: F401 - the head's keys, re-exported

OUT_OF_RANGE = "out_of_range"  # a field's reason code here: a count too large for the tables' int64
_INT64 = (-(2**63) + 1, 2**63 - 1)  # -2**63 stands for null while a column is built (export._NONE)


def _int(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return None


def make(report: dict, file: str) -> dict:
    review = report.get("review") or {}
    items = review.get("items") or []
    by_key: dict[str, list[str]] = {}
    for it in items:
        for k in it.get("keys") or []:
            by_key.setdefault(k, []).append(str(it.get("code")))
    codes = sorted({str(it.get("code")) for it in items if it.get("code")})
    fields = []
    for key, cell in (report.get("fields") or {}).items():
        if not isinstance(cell, dict):
            cell = {"value": cell}
        v = cell.get("value")
        yuan = None
        if isinstance(v, dict):  # money: {"text", "yuan"}
            y = v.get("yuan")
            yuan = float(y) if isinstance(y, (int, float)) and not isinstance(y, bool) else None
            v = None
        elif isinstance(v, float) and not v.is_integer():
            yuan, v = v, None
        conf = cell.get("confidence")
        rs = by_key.get(key, [])
        v = _int(v)
        if v is not None and not _INT64[0] <= v <= _INT64[1]:  # no int64 holds it: the JSON keeps it
            v, rs = None, rs + [OUT_OF_RANGE]
        fields.append([key, v, yuan, float(conf) if isinstance(conf, (int, float)) else None,
                       clean(str(cell.get("raw") if cell.get("raw") is not None else "")), bool(rs),
                       ",".join(sorted(set(rs)))])
    src = report.get("source") or {}
    tables = report.get("tables") or {}
    year = report.get("year")
    conf = review.get("confidence")
    head = {
        "file": file, "sha256": src.get("sha256"), "format": src.get("format"),
        "template": None if report.get("template") is None else str(report.get("template")),
        "template_active": tables.get("active"), "template_requests": tables.get("requests"),
        "year": _int(year) if not isinstance(year, str) else _int(int(year)) if year.isdigit() else None,
        "agency": None if report.get("agency") is None else clean(str(report.get("agency"))),
        "review_required": bool(review.get("required")) if "required" in review else None,
        "review_confidence": float(conf) if isinstance(conf, (int, float)) else None,
        "n_flagged": sum(1 for f in fields if f[5]), "review_reasons": ",".join(codes),
    }
    # the values' fingerprint: dataset checks find the same report published twice by it
    head["fp"] = hashlib.sha1(json.dumps(sorted((f[0], f[1], f[2]) for f in fields),
                                         separators=(",", ":")).encode()).hexdigest()
    return {"head": head, "fields": fields}


def pack(record: dict) -> bytes:
    return zlib.compress(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 3)


def unpack(blob: bytes) -> dict:
    return json.loads(zlib.decompress(blob))


def tables_row(rec: dict) -> bytes:
    """The report's rows of the wide table, fields.csv and the dataset checks, made in the
    worker so that the parent only copies them (its CPU per document is the run's serial
    part): zlib(pickle((file, wide row after `file`, its CSV line after `file`, the checks'
    row after `file`))). The file is the name it was parsed under; the parent writes the
    current one."""
    return zlib.compress(pickle.dumps(table_rows(rec), protocol=4), 1)


def table_rows(rec: dict) -> tuple:
    """tables_row unpacked: (file, wide row after `file`, its CSV line, the checks' row)."""
    from .checks import row_of
    from .columns import csv_line, wide_spec, wide_values

    wide = wide_values(rec, *wide_spec())
    return (wide[0], tuple(wide[1:]), csv_line(wide[1:]),
            row_of(rec["head"], {f[0]: f for f in rec["fields"]}))


def untables_row(blob: bytes) -> tuple:
    return pickle.loads(zlib.decompress(blob))
