"""Review: what a reason is about, corrected values, checks re-run on them, annotations.

A correction is {field key: value}. Values are what the output JSON holds (an integer,
null for a blank cell, {"text", "yuan"} for money) or the cell as text ("2660", "594417.23
万元", "" for blank), read with the extractor's own value parsers. The document's values
are its current parse overlaid with every correction in order; the identities of
extractor.checks are re-run on them after each correction. Accepting writes an
annotation with extractor.annotation.annotation_from_review into <data dir>/annotations.
"""
from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

from extractor import templates as T
from extractor.checks import check
from extractor.values import parse_int, parse_money

from .storage import DOCUMENT_SUFFIXES

# the review queue's ?reason= values: what a review reason is about, from the reasons' stable
# codes (extractor.reasons, review.items in the output)
REASON_KINDS: dict[str, tuple[str, ...]] = {
    "not_a_report": ("not_a_report",),
    "old_format": ("old_format",),
    "missing_table": ("missing_table",),
    "missing_rows": ("rows_not_found",),
    "unread_rows": ("rows_unread",),
    "identity": ("identity_broken",),
    "uncertain": ("uncertain_cells",),
    "narrative": ("narrative_contradiction",),
    "disagreement": ("classifier_disagreement",),
    "low_confidence": ("low_document_confidence",),
    "implausible": ("implausible_value",),
    "unit": ("unit_unstated",),
}
OTHER = "other"
KIND_OF_CODE = {code: kind for kind, codes in REASON_KINDS.items() for code in codes}

# Legacy reader: parses stored before the output had review.items carry only the English
# sentences. Read those by their (unchanged) wording; nothing new is classified this way.
LEGACY_PATTERNS: dict[str, re.Pattern] = {
    "not_a_report": re.compile(r"^not a report"),
    "old_format": re.compile(r"^pre-2019 report format"),
    "missing_table": re.compile(r"^table .* not found"),
    "missing_rows": re.compile(r"^rows not found"),
    "unread_rows": re.compile(r"^rows found but their cells could not be read"),
    "identity": re.compile(r"^identity \S+ broken"),
    "uncertain": re.compile(r"uncertain cells?"),
    "narrative": re.compile(r"^the text contradicts the table"),
    "disagreement": re.compile(r"^the block classifiers .* disagree"),
    "low_confidence": re.compile(r"^low document confidence"),
}


def reason_kinds(reasons: list[str], items: list[dict] | None = None) -> list[str]:
    """The kinds of a parse's review reasons, in order, each once: from the typed `items`
    (review.items) when the parse has them, else from the sentences (LEGACY_PATTERNS)."""
    if items is not None:
        found = [KIND_OF_CODE.get(it.get("code"), OTHER) for it in items]
    else:
        found = [next((k for k, p in LEGACY_PATTERNS.items() if p.search(r)), OTHER) for r in reasons or []]
    return list(dict.fromkeys(found))


class InvalidCorrection(ValueError):
    pass


def _row(report: dict, key: str) -> tuple[T.Row, str]:
    parts = key.split(".")
    if len(parts) < 3:
        raise KeyError(key)
    table, row_key, col = parts[0], ".".join(parts[1:-1]), parts[-1]
    versions = report.get("tables") or {}
    tpl = report.get("template")
    if table not in T.TABLES:
        raise KeyError(key)
    t = T.revision(table, versions.get(table) or tpl)
    return t.row(row_key), col


MAX_VALUE = 10**15  # yuan or count: past any report's figure, inside JSON's (JavaScript's) exact integers
MAX_CELL_TEXT = 100  # characters of a value typed as cell text


def _bounded(key: str, v):
    """`v` (a count, or yuan) when it is a finite number no larger than MAX_VALUE."""
    if v is None:
        return v
    if isinstance(v, float) and not math.isfinite(v) or abs(v) > MAX_VALUE:
        raise InvalidCorrection(f"{key}: {str(v)[:40]} is out of range (at most {MAX_VALUE:.0e})")
    return v


def coerce(report: dict, key: str, value):
    """A reviewer's value for `key` in the output's value format, or InvalidCorrection."""
    if key not in (report.get("fields") or {}):
        raise InvalidCorrection(f"{key}: not a field of this document's template")
    try:
        row, col = _row(report, key)
    except (KeyError, TypeError):
        row, col = None, key.rsplit(".", 1)[-1]
    money = row is not None and col in row.money
    signed = row is not None and col in row.signed
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidCorrection(f"{key}: expected a number, text or null, not a boolean")
    if isinstance(value, str):
        if not value.strip():
            return None
        if len(value) > MAX_CELL_TEXT:
            raise InvalidCorrection(f"{key}: {len(value)} characters is no cell of a count or an amount")
        try:
            v = parse_money(value, row.money_unit) if money else parse_int(value)
        except (ValueError, OverflowError, ArithmeticError):  # digits past int()'s limit and the like
            v = None
        if isinstance(v, dict):
            _bounded(key, v.get("yuan"))
        elif v is not None:
            _bounded(key, v)
        if v is None:
            raise InvalidCorrection(f"{key}: cannot read {value[:40]!r} as {'an amount' if money else 'a count'}")
        if not money and v < 0 and not signed:
            raise InvalidCorrection(f"{key}: a count cannot be negative")
        return v
    if isinstance(value, dict):
        if not money or set(value) - {"text", "yuan"} or "yuan" not in value:
            raise InvalidCorrection(f"{key}: an object value must be an amount {{\"text\", \"yuan\"}}")
        yuan = value["yuan"]
        if yuan is not None and (isinstance(yuan, bool) or not isinstance(yuan, (int, float)) or yuan < 0):
            raise InvalidCorrection(f"{key}: yuan must be a non-negative number or null")
        _bounded(key, yuan)
        text = value.get("text")
        if text is not None and not isinstance(text, str):
            raise InvalidCorrection(f"{key}: text must be a string")
        if text is not None and len(text) > MAX_CELL_TEXT:
            raise InvalidCorrection(f"{key}: text of {len(text)} characters is no cell of an amount")
        return {"text": text if text is not None else (None if yuan is None else f"{_num(yuan)}元"), "yuan": yuan}
    if isinstance(value, (int, float)):
        _bounded(key, value)
        if money:
            if value < 0:
                raise InvalidCorrection(f"{key}: an amount cannot be negative")
            return {"text": f"{_num(value)}元", "yuan": value}
        if isinstance(value, float) and not value.is_integer():
            raise InvalidCorrection(f"{key}: a count must be a whole number")
        if value < 0 and not signed:
            raise InvalidCorrection(f"{key}: a count cannot be negative")
        return int(value)
    raise InvalidCorrection(f"{key}: unsupported value type {type(value).__name__}")


def _num(x):
    return int(x) if float(x).is_integer() else x


def validate(report: dict, fields: dict) -> dict:
    if not isinstance(fields, dict) or not fields:
        raise InvalidCorrection("send an object {field key: value} with at least one field")
    if not report.get("fields"):
        raise InvalidCorrection("this document has no statutory tables (template unknown): nothing to correct")
    errors, out = [], {}
    for k, v in fields.items():
        try:
            out[k] = coerce(report, k, v)
        except InvalidCorrection as e:
            errors.append(str(e))
    if errors:
        raise InvalidCorrection("; ".join(errors[:20]) + (f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""))
    return out


def values(report: dict, corrections: list[dict]) -> dict:
    """Field values of the parse overlaid with the corrections (in order)."""
    out = {k: f.get("value") if isinstance(f, dict) else f for k, f in (report.get("fields") or {}).items()}
    for c in corrections:
        for k, v in c.items():
            if k in out:
                out[k] = v
    return out


def recheck(report: dict, vals: dict) -> list[dict]:
    """The identities on these values (as the pipeline runs them), with the keys involved."""
    if not report.get("fields"):
        return []
    # a partial report (template null) still has table 四's identities: check(vals, None) runs those
    rv = (report.get("tables") or {}).get("requests") or report.get("template")
    return [{**c.as_dict(), "keys": list(c.keys)} for c in check(vals, rv)]


def check_summary(before: list[dict], after: list[dict]) -> dict:
    was = {c["rule"] for c in before if c["status"] == "broken"}
    now = {c["rule"] for c in after if c["status"] == "broken"}
    return {"broken": sorted(now), "fixed": sorted(was - now), "newly_broken": sorted(now - was),
            "ok": not now}


MAX_NAME_BYTES = 200  # of a staged file name: file systems allow 255 bytes (not characters)


def staged_name(name: str, suffix: str) -> str:
    """`name` as one plain file name the file system takes: a single path component (never
    '.', '..' or anything with a separator or NUL) of at most MAX_NAME_BYTES bytes in UTF-8,
    the stem cut and the extension kept (a Chinese title of 100 characters is 300 bytes)."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        name = f"document{suffix}"
    p = Path(name)
    ext = p.suffix if len(p.suffix.encode("utf-8")) <= 16 else ""
    stem = name[: len(name) - len(ext)] if ext else name
    budget = MAX_NAME_BYTES - len(ext.encode("utf-8"))
    stem = stem.encode("utf-8")[:budget].decode("utf-8", "ignore") or "document"
    return stem + ext


def write_annotation(storage, source: bytes, name: str, suffix: str, fields: dict, reviewer: str | None,
                     report: dict, ambiguous: list[str] | None = None,
                     as_printed: list[str] | None = None) -> tuple[Path, dict]:
    """annotation_from_review into <data>/annotations; returns (annotation path, annotation).
    `as_printed`: keys the reviewer kept as the report prints them (原文如此), recorded as the
    publisher's errors; their values in `fields` are the printed ones."""
    from extractor.annotation import annotation_from_review

    # the name as uploaded where its extension is a document's (annotation's original_name),
    # else the extension of the format the loader found
    keep = Path(name).suffix.lower() in DOCUMENT_SUFFIXES
    original = name if keep else f"{Path(name).stem or 'document'}{suffix}"
    stage = storage.staging_dir()
    try:
        src = stage / staged_name(original, suffix)
        src.write_bytes(source)
        ann = annotation_from_review(src, fields, out_dir=storage.annotations, reviewer=reviewer)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    path = storage.annotations / f"{Path(ann['doc']).stem}.json"
    # the keys a labelled annotation has (annotations/README.md) that a review knows too
    ann.update({"template": report.get("template"), "year": report.get("year"), "agency": report.get("agency"),
                "ambiguous": list(ambiguous or []), "model": report.get("model"), "original_name": original,
                "as_printed": list(as_printed or [])})
    path.write_text(json.dumps(ann, ensure_ascii=False, indent=0))
    return path, ann
