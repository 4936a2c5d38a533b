"""pdfminer.six's plain text (`extract_text`, default LAParams) of generated reports: its box
order, not the report's (tests/data/converted, README).

* Table 三 printed every row label of a page, then every value in blocks of columns: the 2021
  form's （六）其他处理 is a group's own label, no row of it, printed among the row labels with
  no value - it must not end the run of rows whose values follow the labels.
"""
from __future__ import annotations

import json
from pathlib import Path

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _read(report: str) -> tuple[dict, dict]:
    path = CONVERTED / f"{report}.pdfminer.txt"
    want = json.loads((CONVERTED / f"{report}.labels.json").read_text(encoding="utf-8"))["fields"]
    return want, extract_bytes(path.read_bytes(), path.name)["fields"]


def _norm(v):
    return 0 if v is None else v


def _wrong(want: dict, got: dict, prefix: str) -> list[str]:
    return [k for k, v in want.items() if k.startswith(prefix) and _norm(got[k]["value"]) != _norm(v)]


def test_group_label_among_row_labels_ends_no_run():
    # page 2's 23 rows: labels, then 自然人's 23 values, 商业企业's, ... one a line, then 其他
    # and 总计 a row a line ("0 3"); the group label （六）其他处理 stands among the labels
    want, got = _read("gen179_00011")
    assert want["requests.unable.not_held.natural"] == 3 and want["requests.total.total"] == 4
    assert _wrong(want, got, "requests.") == []
