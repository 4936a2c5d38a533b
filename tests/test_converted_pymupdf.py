"""The typeset PDF through PyMuPDF's other outputs (never trained on), read from their real
output (tests/data/converted, see its README):

* `get_text(sort=True)`: rows rebuilt by position and padded with spaces, each row rounded
  to whole characters on its own, so a row stands one character right of the next and two
  columns set one space apart touch ("2660 120" over " 2642 119");
* `get_text("xhtml")`: a text block a paragraph, its lines joined by a space: a total
  wrapped in its narrow cell ("10" above "1") printed as the next number of the line;
* `get_text("html")`: every line placed by `top`/`left` in pt with no `position` of its own,
  in a page box sized in pt; header words placed where the cells start show the columns no
  number is printed in, and a table goes on past its rows printed all blank beside a group
  label printed one character a line.
"""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, extract_against

from extractor.loaders import aligned, load
from extractor.loaders.text import _aligned_line

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
SEED_LABELS = CORPUS / "seeds" / "003_2b6abe27bfe85e6a.labels.json"


def test_rows_a_character_apart_keep_their_columns():
    path = CONVERTED / "003_2b6abe27bfe85e6a.pymupdf-sort.txt"
    text, _ = aligned.retab(path.read_text("utf-8"), _aligned_line)
    rows = text.split("\n")
    assert "一、本年新收政府信息公开申请数量\t2660\t120\t10\t1\t39\t3\t2833" in rows
    assert "三、\t（一）予以公开\t1043\t55\t8\t1\t24\t2\t1133" in rows
    wrong, _ = extract_against(path, SEED_LABELS)
    assert wrong == []


def test_a_total_wrapped_onto_the_next_number_of_a_line_is_whole_again():
    # "64 13 13 11 10 1 38 6 13 22 7 9 34 2 2 9 4 7": 101, 79 and 47 wrapped in their cells
    path = CONVERTED / "003_2b6abe27bfe85e6a.pymupdf-xhtml.html"
    wrong, _ = extract_against(path, SEED_LABELS)
    assert not [k for k in wrong if k.startswith("review.")]
    assert wrong == []


def test_lines_placed_by_top_and_left_are_positioned_text():
    path = CONVERTED / "gen11_00000.pymupdf-html.html"
    doc = load(path)
    assert doc.meta["pages"] > 1  # each page box its own page
    cells = [b for b in doc.blocks if b.kind == "cell" and b.text == "392"]
    assert cells and cells[0].x0 is not None and cells[0].page is not None
    # 科研机构 and 社会公益组织 print in no full row: their headings show where they stand
    wrong, review = extract_against(path, CONVERTED / "gen11_00000.labels.json")
    assert wrong == [] and review["required"] is False



def test_rows_printed_all_blank_between_valued_rows_stay_in_the_table():
    # table 三 runs on past （四）'s row 3. and （五）'s 2. and 3. printed all blank, beside the
    # group labels' characters (无 法 提 供, 五 ) 不 予 处 理), to （七）总计
    doc = load(CONVERTED / "gen11_00000.pymupdf-html.html")
    tables = {b.text: b.table for b in doc.blocks if b.kind == "cell"}
    assert tables["2.没有现成信息需要另行制作"] == tables["4.无正当理由大量反复申请"] == tables["(七)总计"]


def test_a_table_going_on_over_a_page_break_keeps_the_header_of_its_first_page():
    # table 三's header and first row at the foot of page 2; its other rows on page 3, under
    # no header of their own, print only 自然人, 商业机构, 其他 and 总计: placed by page 2's
    # header words, not by the numbers alone (其他 had read as the column next to 商业机构's)
    path = CONVERTED / "gen11_00007.pymupdf-html.html"
    doc = load(path)
    granted = next(r for r in doc.rows() if any(b.text == "（一）予以公开" for b in r))
    values = [b for b in granted if b.text != "（一）予以公开" and b.col > 0]
    assert [b.text for b in values][-7:] == ["70", "15", "", "", "", "3", "88"]
    wrong, _ = extract_against(path, CONVERTED / "gen11_00007.labels.json")
    assert [k for k in wrong if k.startswith("requests.")] == []
