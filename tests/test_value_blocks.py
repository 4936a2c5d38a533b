"""A block with no digit and no blank mark is never read as a value, whatever label the
classifier gives it (extractor.classify.can_be_value): a lone sign or unit a converter split
off its number shifts a row's cells by one when read as a cell. Real converter output in
tests/data/converted (see its README)."""
from __future__ import annotations

from pathlib import Path

from extractor.classify import can_be_value, classify
from extractor.loaders import load
from extractor.pipeline import extract_bytes
from extractor.segment import split_runs

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_letter_spaced_sign_is_not_a_cell():
    # mutool -F text of a generated report with damaged row labels (LOCO test set "damaged"):
    # table 二's 行政许可 prints "0", "+ 3 2" (change +32, letter-spaced), "7 7 7 5"; the model
    # labels the lone "+" a value, which read as a blank cell pushed 32 into 处理决定数量
    path = CONVERTED / "gen4007_00000d.mutool-text.txt"
    doc = load(path)
    split_runs(doc)
    classify(doc)
    # (the loader now reads the line "+ 3 2" as "+32", text._SIGNED_ALONE; a lone sign, where one
    # is left, is still no cell)
    assert any(b.text.strip() == "+32" for b in doc.blocks)
    plus = [b for b in doc.blocks if b.text.strip() == "+"]
    assert all(b.label != "value" for b in plus)
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    got = {k: out[k]["value"] for k in ("active.licensing.change", "active.licensing.decisions",
                                        "active.other_admin.change", "active.other_admin.decisions")}
    assert got == {"active.licensing.change": 32, "active.licensing.decisions": 7775,
                   "active.other_admin.change": 28, "active.other_admin.decisions": 0}


def test_blank_marks_and_numbers_can_still_be_values():
    for t in ("0", "12", "+14", "－3", "１２", "4930000元", "零", "〇", "/", "／", "-", "－", "—", "——", "--", "无", "空", "\\", " / "):
        assert can_be_value(t), t
    for t in ("+", "元", "万元", "（", "无法提", "条"):
        assert not can_be_value(t), t
