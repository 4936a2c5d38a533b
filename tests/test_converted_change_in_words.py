"""The 2019 form's 本年增/减 printed in words: "增加48", "减4" (a real 2019 page: 行政许可 6 | 减4 | 2).
Not a number by its look, the cell was read blank - in an auto-accepted report. A cell that is
only a change in words is the signed number it states. The file is a generated page with two
changes so written (tests/data/converted/README.md)."""
from __future__ import annotations

from pathlib import Path

from corpus import extract_against

from extractor.model import Block, Document, Source
from extractor.segment import signed_words

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_changes_in_words_are_read_signed():
    stem = "gen3315_00004.change-in-words"
    wrong, review = extract_against(CONVERTED / f"{stem}.html", CONVERTED / f"{stem}.labels.json")
    assert wrong == [] and review["required"] is False


def test_only_a_whole_change_in_words_is_a_number():
    texts = ["减4", "增加48", "减少 3", "增2", "增加了3件", "本年增/减", "减免4项", "4"]
    doc = Document(source=Source("t.txt", "0", "text"), text="", blocks=[Block(t, "cell") for t in texts])
    assert [b.text for b in signed_words(doc).blocks] == ["-4", "+48", "-3", "+2", "增加了3件", "本年增/减", "减免4项", "4"]
