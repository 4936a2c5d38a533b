"""Reports through unstructured's partition_html (elements' text joined by empty lines; a
table's cells joined by single spaces, the whole table one line), read from its real output of
a dev report (tests/data/converted, see its README).

A label's numbering printed with a space before its dot ("… 6 0 0 0 0 0 6 3 .补 正 后申请内容
仍不明确 0 …") had been read as one more number of the row before it: eight numbers for seven
cells, and the row (2.没有现成信息需要另行制作) was not read at all.
"""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.pipeline import extract_bytes
from extractor.segment import split_line

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def test_numbering_with_a_space_before_its_dot_starts_the_next_label():
    line = "2.没有现成信息需要另行制 作 6 0 0 0 0 0 6 3 .补 正 后申请内容仍不明确 0 0 0 0 0 0 0"
    assert [line[a:b] for a, b, _ in split_line(line)] == [
        "2.没有现成信息需要另行制 作", "6 0 0 0 0 0 6", "3 .补 正 后申请内容仍不明确", "0 0 0 0 0 0 0"]


def test_rows_of_a_table_printed_on_one_line_are_read():
    path = CONVERTED / "009.unstructured-html-text.txt"
    want = label_fields(DATA / "corpus" / "real" / "009.labels.json")
    got = extract_bytes(path.read_bytes(), path.name)["fields"]
    wrong = {k: (got[k]["value"], v) for k, v in want.items()
             if k.startswith("requests.") and (got[k]["value"] or 0) != (v or 0)}
    assert wrong == {}
    assert got["requests.unable.need_creation.natural"]["value"] == 6
