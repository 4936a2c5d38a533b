"""Runs of digits cut into cells, and rows whose cells a reading order printed apart: a reading is
confident only where its alternatives are ruled out by evidence that is not itself a guess.

Data (tests/data/converted, README rows): generated reports of held-out seeds through
BeautifulSoup's get_text("") of the page (soup-text: every cell's text run together with the next,
a blank cell's whitespace kept), of mammoth's HTML of the page's DOCX (mammoth-soup-none), and
through pdftotext's default reading order of LibreOffice's PDF (lo-pdf-pdftotext-default).
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values

from extractor.loaders import load
from extractor.loaders.furniture import drop_furniture

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _wrong(doc: str, route: str, prefix: str = "") -> dict[str, tuple]:
    return wrong_values(CONVERTED / f"{doc}.{route}", CONVERTED / f"{doc.split('.')[0]}.labels.json", prefix)


def test_two_rows_cut_alike_move_together():
    # 本年新收 "48514174365678" and (七)总计 "48314174365676", both cut 4|85|141|7|436 by a search
    # one row at a time (either row moved alone breaks the balance between them): read together
    # they are 485|141|7|4|36 and 483|141|7|4|36, and no cell of table 三 is wrong at >= 0.9
    wrong = _wrong("gen167_00004", "soup-text.txt", "requests.")
    assert not any(k.startswith(("requests.new.", "requests.total.")) for k in wrong)
    assert all(conf < 0.9 for _, _, conf in wrong.values())


def test_a_cut_the_identities_confirm_only_with_a_guess_is_not_sure():
    # 上年结转 "86101131102" and 结转下年度 "8610 231102" both cut 8|61|…: the second row's own sum
    # breaks (a guess), and the balance of 自然人 and 商业企业 holds on the two cuts alone, while
    # 86|10|1|1|3|1 keeps 上年结转's sum as well
    wrong = _wrong("gen163_00022", "mammoth-soup-none.txt", "requests.carried_over.")
    assert {"requests.carried_over.natural", "requests.carried_over.commercial"} <= set(wrong)
    assert all(conf < 0.9 for _, _, conf in wrong.values())


def test_the_gap_between_runs_of_digits_may_be_a_blank_cell():
    # "414633 1211503": the space is a blank cell's (414|63|3|·|12|11|503), and the reading that
    # cuts the second run into four cells (1|21|1|503) keeps the row's sum and, its total row
    # "416633 1211505" cut alike, the balance: those cells are in doubt; those every reading
    # agrees on stay sure
    wrong = _wrong("gen193_00000", "soup-text.txt", "requests.new.")
    assert {"requests.new.legal", "requests.new.other"} <= set(wrong)
    assert all(conf < 0.9 for _, _, conf in wrong.values())
    from extractor.pipeline import extract_bytes

    path = CONVERTED / "gen193_00000.soup-text.txt"
    got = extract_bytes(path.read_bytes(), path.name)["fields"]
    assert [got[f"requests.new.{c}"]["value"] for c in ("natural", "commercial", "research", "total")] \
        == [414, 63, 3, 503]
    assert all(got[f"requests.new.{c}"]["confidence"] >= 0.9 for c in ("natural", "commercial", "research", "total"))


def test_a_zero_at_a_pages_edge_is_a_value():
    # 行政处罚's "224", "0", "0" then the page break: the last 0 is no page number
    assert drop_furniture([["行政处罚", "224", "0", "0"], ["30", "行政强制", "+24", "1"]]) == [set(), set()]
    path = CONVERTED / "gen193_00012.lo-pdf-pdftotext-default.txt"
    texts = [b.text for b in load(path).blocks if b.kind != "break"]
    at = texts.index("行政处罚")
    assert texts[at + 4:at + 7] == ["224", "0", "0"]
    wrong = _wrong("gen193_00012", "lo-pdf-pdftotext-default.txt", "active.")
    assert all(conf < 0.9 for _, _, conf in wrong.values())


def test_three_rows_cut_alike_tie_together():
    # 本年新收, 予以公开 and （七）总计 all "111000012": 11|1|0|0|0|0|12 or 1|11|0|0|0|0|12 keep
    # every sum in all three rows at once, and moving one or two of them alone breaks the
    # identities between them - nothing says where "111" parts. Was: the wrong cut at 0.9999
    wrong = _wrong("gen211_00002", "lxml-text.txt", "requests.")
    assert {"requests.new.natural", "requests.granted.natural", "requests.total.natural"} <= set(wrong)
    assert all(conf < 0.9 for _, _, conf in wrong.values())
