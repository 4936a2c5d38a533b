"""Tables saved as JSON data -> HTML tables.

Scripts save the tables a PDF or page reader hands them as JSON: pandas' `to_json` /
`to_dict` ("records": a list of row objects; "values": a list of rows; "split": columns and
data), a PDF table reader's tables as lists of rows, one list per table. Read as text, a whole
table is one line of quoted cells. Here every list of rows becomes a <table> (a row object's
values in their order, its keys a header row unless they only number the columns), every
other string a paragraph, in document order, so the HTML reader reads cells as cells. Word
boxes with coordinates are records.py's, not this.
"""
from __future__ import annotations

import json
import math
import re
from html import escape

from ..model import LoadError

# a JSON document that opens with a list of row objects or of rows of scalars, or pandas'
# "split" layout
_SNIFF = re.compile(r'^\s*(?:\[\s*)+(?:\{\s*"(?:[^"\\]|\\.){0,200}"\s*:\s*(?:"|-?\d|null|true|false)|"|-?\d)'
                    r'|^\s*\{\s*"(?:columns|index)"\s*:\s*\[', re.S)
_DEPTH = 64


def tables(text: str) -> bool:
    """Is the text JSON holding at least one table of two or more columns?"""
    if not _SNIFF.match(text[:4096]):
        return False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return _has_table(data, 0)


def _has_table(v, depth: int) -> bool:
    if depth > _DEPTH:
        return False
    rows = _rows(v)
    if rows is not None:
        return max(len(r) for r in rows) >= 2
    if isinstance(v, (list, dict)):
        return any(_has_table(x, depth + 1) for x in (v if isinstance(v, list) else v.values()))
    return False


def _scalar(v) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _rows(v) -> list[list[str]] | None:
    """The rows of a table value (records, lists of scalars, pandas' split), else None."""
    if isinstance(v, dict) and isinstance(v.get("columns"), list) and isinstance(v.get("data"), list):
        body = _rows(v["data"])
        if body is None:
            return None
        return [[_cell(c) for c in v["columns"]]] + body
    if not isinstance(v, list) or not v:
        return None
    if all(isinstance(r, dict) and r and all(_scalar(c) for c in r.values()) for r in v):
        keys = list(v[0])
        head = [] if all(re.fullmatch(r"\d+", str(k)) for k in keys) or keys == ["index"] else [[str(k) for k in keys]]
        return head + [[_cell(c) for c in r.values()] for r in v]
    if all(isinstance(r, list) and all(_scalar(c) for c in r) for r in v) and any(v):
        return [[_cell(c) for c in r] for r in v]
    return None


def _html(v, out: list[str], depth: int = 0) -> None:
    if depth > _DEPTH:
        raise LoadError("JSON nested too deeply to read")
    rows = _rows(v)
    if rows is not None:
        width = max(len(r) for r in rows)
        if width <= 1:  # a one-column table is lines of text
            out.extend(f"<p>{escape(r[0])}</p>" for r in rows if r and r[0].strip())
            return
        out.append("<table>")
        for r in rows:
            out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>")
        out.append("</table>")
    elif isinstance(v, list):
        for x in v:
            _html(x, out, depth + 1)
    elif isinstance(v, dict):
        for x in v.values():
            _html(x, out, depth + 1)
    elif isinstance(v, str) and v.strip():
        out.append(f"<p>{escape(v)}</p>")


def html_of(text: str) -> str | None:
    """The JSON's tables as HTML tables, its other strings as paragraphs, where it holds a table
    (`tables`); else None. (One parse of the JSON for both.)"""
    if not _SNIFF.match(text[:4096]):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not _has_table(data, 0):
        return None
    out = ["<html><body>"]
    _html(data, out)
    out.append("</body></html>")
    return "\n".join(out)
