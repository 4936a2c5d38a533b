"""Tables a PDF table reader found, saved as data (camelot's stream mode of the typeset PDF:
held-out routes camelot-* of training/converters.py; tests/data/converted, see its README):
as JSON rows (pandas' to_dict("records"), one list per table), as CSV, as pandas' to_html.
The reader puts a row's first columns into its label cell, one line each
("行政规范性文件\\n8\\n0", then "18"), and pandas' to_html prints a cell's line breaks as the
two characters "\\n"."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import CORPUS, labels, plain

from extractor.loaders import jsontables, load
from extractor.loaders.signatures import text_format
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _table2(out: dict) -> dict:
    return {k: plain(f["value"])
            for k, f in out["fields"].items() if k.startswith("active.")}


@pytest.mark.parametrize("name, report", [
    ("013.camelot-json.json", "real/013.html"),
    ("013.camelot-csv.txt", "real/013.html"),
    ("003.camelot-html.html", "real/003.txt"),
])
def test_table_two_read_from_the_table_readers_cells(name, report):
    data = (CONVERTED / name).read_bytes()
    want = {k: plain(v)
            for k, v in labels(CORPUS / report)["fields"].items() if k.startswith("active.")}
    out = extract_bytes(data, name)
    got = _table2(out)
    assert {k: (got[k], want[k]) for k in want if got[k] != want[k]} == {}
    # the reader dropped rows of table 三 (一、本年新收…): never taken as right
    assert out["review"]["required"]


def test_json_rows_are_read_as_table_cells():
    path = CONVERTED / "013.camelot-json.json"
    text = path.read_text(encoding="utf-8")
    assert text.startswith('[[{"0": ') and '"行政规范性文件\\n8\\n0", "1": "18"' in text
    assert text_format(text) == "html"
    rows = {}
    for b in load(path).blocks:
        if b.kind == "cell":
            rows.setdefault(b.row, []).append(b.text)
    # a row's cells stay its cells (as text, the table was one line of quoted strings)
    assert any(r[:2] == ["行政规范性文件 8 0", "18"] for r in rows.values())


@pytest.mark.parametrize("text", [
    "[1] 本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n一、总体情况\n",
    json.dumps({"title": "2023年政府信息公开工作年度报告", "paragraphs": ["一、总体情况", "（一）主动公开"]},
               ensure_ascii=False),
    json.dumps([["一、总体情况"], ["（一）主动公开"]], ensure_ascii=False),  # one column: lines, no table
])
def test_text_or_json_without_tables_is_not_table_data(text):
    assert not jsontables.tables(text)
