"""A group label of table 三 printed one character a line, interleaved with the rows, where the
page broke inside it: pdftext's sorted text of dev report 005 (held-out route pdftext-sort of
training/converters.py; tests/data/converted, see its README) prints "三", "、", "本", "年"
before (一)予以公开, then "( 1. 属于国家秘密 0 0 0 0 0 0 0", the page's number "1" alone on a
line, and "度", "办", "理", "结", "果" - the rest of 三、本年度办理结果 on the next page. The row's
cells stand whole on its line and keep its sums; the number after it stands in the label's
column and is no cell of the row (assemble._stray_in_label_column). Before, the row had a cell
too many and was left unread (0.80)."""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, wrong_keys, labels

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "005.pdftext-sort.txt"
PRINTED = "( 1. 属于国家秘密 0 0 0 0 0 0 0\n\n1\n度\n办\n理\n结\n果\n"
ROW = "requests.denied.state_secret."


def test_a_number_in_a_vertical_labels_column_is_no_cell_of_the_row_above():
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    assert PRINTED in text
    out = extract_bytes(text.encode("utf-8"), NAME)
    f = out["fields"]
    truth = labels(REAL / "005.txt")["fields"]
    assert wrong_keys(truth, f) == []
    row = {k: v for k, v in f.items() if k.startswith(ROW)}
    assert len(row) == 7 and all(v["value"] == 0 and v["confidence"] >= 0.9 for v in row.values()), row


def test_without_a_group_labels_characters_after_it_the_number_stays_in_doubt():
    # the same lines with characters that spell no group label of the table after the number:
    # nothing says the number is not the row's (a cell printed apart), the row stays unsure
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    text = text.replace(PRINTED, "( 1. 属于国家秘密 0 0 0 0 0 0 0\n\n1\n甲\n乙\n丙\n丁\n戊\n", 1)
    f = extract_bytes(text.encode("utf-8"), NAME)["fields"]
    assert any(v["confidence"] < 0.9 for k, v in f.items() if k.startswith(ROW))
