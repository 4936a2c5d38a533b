"""The shapes of the dataset's tables: their columns and Arrow types, and a record (record.py)
as rows of them. Shared by the local export, the workers (which send their long rows as Arrow)
and the Ray run, so every path writes the same columns with the same dtypes."""
from __future__ import annotations

import csv
import io
import json
from functools import lru_cache

from . import codebook as CB

HEAD = ["file", "sha256", "format", "template", "template_active", "template_requests", "year", "agency",
        "review_required", "review_confidence", "n_flagged", "review_reasons"]


def _pandas_meta(cols: list[tuple[str, str]]) -> bytes:
    """pandas metadata, so that pandas reads nullable integer and boolean columns as Int64 /
    boolean (not float64 / object) without being told."""
    numpy_type = {"int": "Int64", "float": "float64", "bool": "boolean", "str": "object"}
    pandas_type = {"int": "int64", "float": "float64", "bool": "boolean", "str": "unicode"}
    return json.dumps({
        "index_columns": [], "column_indexes": [],
        "columns": [{"name": n, "field_name": n, "pandas_type": pandas_type[t], "numpy_type": numpy_type[t],
                     "metadata": None} for n, t in cols],
        "creator": {"library": "xxgk", "version": "1"}, "pandas_version": "2.0.0",
    }).encode()


def columns() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(wide, long) columns as (name, kind) with kind int | float | bool | str."""
    cb = CB.codebook()
    money = {e.key for e in cb if e.money}
    head_types = {"year": "int", "review_required": "bool", "review_confidence": "float", "n_flagged": "int"}
    wide = [(h, head_types.get(h, "str")) for h in HEAD]
    wide += [(e.key, "float" if e.key in money else "int") for e in cb]
    wide += [(f"has.{k}", "bool") for k in CB.partial_keys()]
    long = [("file", "str"), ("sha256", "str"), ("table", "str"), ("row", "str"), ("column", "str"),
            ("key", "str"), ("value", "int"), ("yuan", "float"), ("confidence", "float"),
            ("raw", "str"), ("flagged", "bool"), ("reasons", "str")]
    return wide, long


def schema(cols):
    import pyarrow as pa

    t = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}
    return pa.schema([pa.field(n, t[k]) for n, k in cols], metadata={b"pandas": _pandas_meta(cols)})


@lru_cache(maxsize=1)
def wide_spec() -> tuple[list[str], set[str], list[str]]:
    """(keys, money keys, partial keys): what wide_values needs, computed once per process."""
    cb = CB.codebook()
    return [e.key for e in cb], {e.key for e in cb if e.money}, CB.partial_keys()


def wide_values(rec: dict, keys: list[str], money: set[str], partial: list[str]) -> list:
    """A record (record.py) as one row of the wide table (columns()[0] order)."""
    head = rec["head"]
    fields = {f[0]: f for f in rec["fields"]}
    wide = [head.get(h) for h in HEAD]
    for k in keys:
        f = fields.get(k)
        wide.append(None if f is None else (f[2] if k in money else f[1]))
    wide += [k in fields for k in partial]
    return wide


def long_values(rec: dict, digest: str | None) -> list[list]:
    """A record as rows of the long table, one per field."""
    name = rec["head"].get("file")
    out = []
    for key, value, yuan, conf, raw, flagged, reasons in rec["fields"]:
        table, r, c = _split(key)
        out.append([name, digest, table, r, c, key, value, yuan, conf, raw, flagged, reasons])
    return out


def long_columns(rec: dict, digest: str | None, cols: list[list]) -> None:
    """long_values, appended column by column to `cols` (one list per long column): the
    tables process makes a row group's Arrow columns of them at once."""
    fields = rec["fields"]
    if not fields:
        return
    n = len(fields)
    keys, values, yuans, confs, raws, flagged, reasons = zip(*fields)
    tables, rows, cells = zip(*map(_split, keys))
    name = rec["head"].get("file")
    for col, vals in zip(cols, ([name] * n, [digest] * n, tables, rows, cells, keys, values, yuans, confs, raws,
                                flagged, reasons)):
        col.extend(vals)


@lru_cache(maxsize=4096)  # (the keys of the templates: a few hundred)
def _split(key: str) -> tuple[str, str, str]:
    parts = key.split(".")
    if len(parts) >= 3:
        return parts[0], ".".join(parts[1:-1]), parts[-1]
    return (parts[0], "", parts[-1]) if len(parts) == 2 else ("", "", key)


def csv_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def csv_line(values) -> str:
    """Values as one line of fields.csv (the csv module's quoting, CRLF)."""
    buf = io.StringIO()
    csv.writer(buf).writerow([csv_cell(v) for v in values])
    return buf.getvalue()
