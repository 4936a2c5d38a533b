"""A converter that drops glyphs: pypdfium2's text of the typeset PDFs here drops one-digit numbers
(and so whole cells) - "2660 120 10 1 39 3 2833" printed "2660 120 10 39 2833", "规范性文件 0 0 8"
printed "规范性文件" alone. What it prints still reads, but two kinds of evidence prove nothing there:

- an identity whose cut cells were all cut the same way: 本年新收 and (七)总计 both cut "2|660 … 2|833"
  and "2|642 … 2|814" so that their sums hold; the balance 833 + 84 = 814 + 103 holds as 2833 + 84 =
  2814 + 103 does (the digits cut off cancel), and the 2s and 10s the cuts move hold alike in both
  rows - the identity holds whether the cut is right or not (confidence.proves_cut, cut_unproven);
- a row of table 二 printed as its label alone, read as blank where every other row prints its
  numbers: a converter that drops blank cells prints it so, and so does one that lost its numbers;
  the checked tables tell them apart (confidence.numbers_kept: 三's identities hold on printed
  numbers, none of 三 or 四 breaks).

Data (tests/data/converted, README row): dev reports 003_2b6abe27bfe85e6a and 002_ee8fa3a975bc8fe4
through pypdfium2's get_text_range() of the typeset PDF, as this machine's pypdfium2 prints it since
session 29 (lines end "\\r\\n").
"""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, wrong_keys

from extractor.pipeline import extract_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def _labels(report: str) -> dict:
    real = DATA / "corpus" / "real" / f"{report}.labels.json"
    return label_fields(real if real.exists() else DATA / "corpus" / "seeds" / f"{report}.labels.json")


def _read(report: str) -> tuple[dict, dict]:
    path = CONVERTED / f"{report}.pypdfium2.txt"
    return extract_bytes(path.read_bytes(), path.name)["fields"], _labels(report)


def test_rows_cut_alike_prove_nothing_about_the_cut():
    got, truth = _read("003_2b6abe27bfe85e6a")
    text = (CONVERTED / "003_2b6abe27bfe85e6a.pypdfium2.txt").read_text(encoding="utf-8")
    assert "一、本年新收政府信息公开申请数量 2660 120 10 39 2833" in text
    # the cut the row sums chose: 2|660|120|10|39|2|833 (two cells lost, not run together)
    assert [got[f"requests.new.{c}"]["value"] for c in ("natural", "other", "total")] == [2, 2, 833]
    assert got["requests.total.total"]["value"] == 814
    wrong = wrong_keys(truth, got)
    assert "requests.new.total" in wrong and "requests.new.social" in wrong
    assert [k for k in wrong if got[k]["confidence"] >= 0.9] == []


def test_a_label_alone_is_not_read_where_the_checked_tables_lost_their_numbers():
    got, truth = _read("002_ee8fa3a975bc8fe4")
    text = (CONVERTED / "002_ee8fa3a975bc8fe4.pypdfium2.txt").read_text(encoding="utf-8")
    assert "\n规范性文件\n" in text and "行政许可 389 127 25494" in text
    assert truth["active.normative.total"] == 8
    assert got["active.normative.total"]["value"] is None
    rows = ("rules", "normative", "punishment", "coercion", "fees")
    blank = [k for k in got if k.startswith(tuple(f"active.{r}." for r in rows))]
    assert blank and all(got[k]["value"] is None and got[k]["confidence"] < 0.9 for k in blank)
    # the rows that print their numbers stay as sure as they were
    assert all(got[f"active.licensing.{c}"]["confidence"] >= 0.9 for c in ("prev_items", "change", "decisions"))
    assert [k for k in wrong_keys(truth, got) if got[k]["confidence"] >= 0.9] == []
