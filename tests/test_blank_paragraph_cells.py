"""One paragraph per cell, a blank cell a paragraph of only white space (mammoth's markdown
of a DOCX page, docx2txt: "\\xa0" lines apart by empty lines): every such paragraph is a cell
of the row, the last of a row printed all blank too. Before, the empty line ahead of that
last one was read as the end of the row, so seeds/002_ee8's blank rows of table 三 printed six
cells and a stray one (flagged). Generated reports with white-space lines (seeds 11 and 23,
382): auto-accepted 177 -> 217 (docx2txt, mammoth-md, BeautifulSoup text), none worse.
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, extract_against

from extractor.loaders import load, load_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "002_ee8fa3a975bc8fe4.mammoth-md.md"


def _cells_after(doc, label: str) -> list:
    i = next(k for k, b in enumerate(doc.blocks) if b.text == label)
    out = []
    for b in doc.blocks[i + 1:]:
        if b.kind == "break":
            break
        out.append(b)
    return out


def test_a_row_printed_all_blank_is_seven_blank_cells():
    doc = load(CONVERTED / NAME)
    cells = _cells_after(doc, "（一）予以公开")
    assert len(cells) == 7 and all(b.blank for b in cells)
    row = _cells_after(doc, "一、本年新收政府信息公开申请数量")
    assert [b.text for b in row] == ["1", "", "", "", "", "", "1"]


def test_the_report_is_read_whole_and_auto_accepted():
    wrong, review = extract_against(CONVERTED / NAME, SEEDS / "002_ee8fa3a975bc8fe4.labels.json")
    assert wrong == [] and review["required"] is False


def test_white_space_paragraphs_are_cells_of_the_row_above_them():
    # a blank row of two cells, then a row with a value: the next label still starts a row
    doc = load_bytes("（一）予以公开\n\n\xa0\n\n\xa0\n\n（二）部分公开\n\n3\n".encode(), "t.md")
    assert [b.text for b in _cells_after(doc, "（一）予以公开")] == ["", ""]
    assert [b.text for b in _cells_after(doc, "（二）部分公开")] == ["3"]
