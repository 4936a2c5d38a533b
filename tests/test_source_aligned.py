"""A publisher's own arithmetic slip in position-rebuilt text (issue 10: auto-accept on
lossless conversions). An identity that breaks is the report's (a source inconsistency, not a
reason for review) only when every cell in it was read with certainty. A row rebuilt from
character positions used to be in doubt whatever the layout showed; a row that prints one cell
per column and whose blanks the loader saw (w3m's drawn cells) is as certain as a printed grid
row, so the break is the publisher's, as it is when the same report is read from its HTML.
A line of blanks the reader made (a wrapped label's first line, its numbers on the next line)
is no such row: its numbers are the wrapped row's. Real converter output, see
tests/data/converted/README.md.
"""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, SEEDS, label_fields, wrong_keys
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _extract(name: str) -> dict:
    path = CONVERTED / name
    return extract_bytes(path.read_bytes(), path.name)


def test_drawn_rows_break_is_the_reports_own():
    """009 prints 结转下年度 as 1 under 自然人 with its 总计 blank (34+2 ≠ 35+0 in the report
    itself); through w3m every cell of that row is drawn, through pdftohtml every cell is placed
    under columns that full rows establish, so the slip is the report's."""
    for name, labels in (("009.w3m.txt", REAL / "009.labels.json"),
                         # positioned HTML: a grid row ending before the others (its 总计 blank)
                         # whose blank the loader saw under established columns lost no cell
                         ("009.typeset.pdftohtml-s.html", REAL / "009.labels.json"),
                         ("001_ae5d534637d2dda6.w3m.txt", SEEDS / "001_ae5d534637d2dda6.labels.json")):
        out = _extract(name)
        assert not wrong_keys(label_fields(labels), out["fields"]), name
        review = out["review"]
        assert any(f["code"] == "identity_broken" and f["outcome"] == "source" for f in review["findings"]), name
        assert not review["required"], (name, review["reasons"])


def test_wrapped_label_line_of_blanks_is_the_rows_own():
    """gen11_00004 through w3m: 1.申请人无正当理由逾期不补正、 wraps over three lines, its numbers
    on the second; the reader makes the first line a row of blanks. The second line has no
    numbering of its own: it goes on the label above, and its numbers are that row's (they once
    went to the next row, and the column sums broke)."""
    want = label_fields(CONVERTED / "gen11_00004.labels.json")
    out = _extract("gen11_00004.w3m.txt")
    row = "requests.other.no_correction."
    assert any(want[k] for k in want if k.startswith(row))
    assert not [k for k in wrong_keys(want, out["fields"]) if k.startswith("requests.")]


def test_long_corner_cell_beside_the_headings_of_a_wide_dump():
    """w3m -dump -cols 200 of a generated page: table 三's corner cell, long
    ("(本列数据的勾稽关系为:…)"), prints on the line of the headings 自然人 … 总计; that line is
    still the header, so the columns no number is printed in (科研机构, 社会公益组织) are seen and
    a row's numbers land in theirs (10 fields went one column off before)."""
    from corpus import extract_against

    wrong, review = extract_against(CONVERTED / "gen11_00020.w3m-200.txt", CONVERTED / "gen11_00020.labels.json")
    assert not wrong, wrong
