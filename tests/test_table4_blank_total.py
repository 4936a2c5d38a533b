"""Table 四 read a column off: a PDF table reader's guessed column edges (pymupdf4llm's classic
engine with `table_strategy="text"`, tests/data/converted, README) print its value row as
"|||2<br>|2||||1||1||1||1<br>|3||5|", seventeen cells for fifteen columns. Read as one run of
cells, 行政复议's 2 (尚未审结) and 2 (总计) came one cell early: "0+0+2+2 != 0", a total blank
beside printed parts - which was taken for the report's own arithmetic, every cell at 0.999
though the other two rows' numbers were a column off too (their sums still held: 0+0+1+0 == 1).
extractor/outcomes.py, judge_all: table 四's total blank beside printed parts is no certain
reading, and every cell of the run stays below 0.9.
"""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, wrong_counts
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_a_blank_total_of_table_4_beside_printed_parts_is_a_doubt():
    path = CONVERTED / "gen263_00001.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(CONVERTED / "gen263_00001.labels.json")
    f = out["fields"]
    wrong = wrong_counts(want, f, "review.")
    assert wrong  # (read a column off)
    assert all(f[k]["confidence"] < 0.9 for k in want if k.startswith("review."))
    assert not any(x["keys"][0].startswith("review.") for x in out["review"]["findings"])
    assert out["review"]["required"]


def test_the_review_page_says_why_table_4_is_in_doubt():
    # the reason a person reads names the blank total, not another cell's misreading
    path = CONVERTED / "gen263_00001.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name, explain=True)
    why = out["fields"]["review.reconsideration.total"]["explain"]["why"]
    assert "表四的总计读为空白而分项印有数字：整组数值可能错位一列" in why
    assert not any("blank_total" in w for w in why)
