"""Table 四 printed as its headers alone: a report whose row of numbers is empty, through a converter
that drops empty rows (links -dump; a PDF's text, pdftohtml), prints 四's heading, its headers
and then the next part's heading - no number between, none after that may be 四's. Read as the
row of blank cells it was (`assemble._headers_alone`), near-certain where the checked tables show
the converter kept the report's numbers (`confidence.unkept_blank_rows`); a number after the
headers that may be 四's (a row lost below a page break, printed after the next heading) leaves
the table not found (files in tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, plain

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
LINKS = "gen862_00009.links.txt"
PDFTOHTML = "gen862_00009.pdftohtml.html"
HEADERS_END = "   |---+-----+-----+---+---+-----+-----+---+-----+--+-----+-----+-----+--+--|\n" \
              "   +------------------------------------------------------------------------+\n"
NEXT_PART = "   五、政府信息公开工作存在的主要问题及改进情况\n"


def _review(out: dict) -> dict:
    return {k: f for k, f in out["fields"].items() if k.startswith("review.")}


def _links() -> str:
    text = (CONVERTED / LINKS).read_text(encoding="utf-8")
    assert HEADERS_END + "\n" + NEXT_PART in text  # the headers, then the next part: no row
    return text


def test_headers_then_the_next_part_read_blank_and_auto_accepted():
    want = label_fields(CONVERTED / "gen862_00009.links.labels.json")
    out = extract_bytes(_links().encode("utf-8"), LINKS)
    review = _review(out)
    assert len(review) == 15 and all(plain(want[k]) is None for k in review)
    assert all(f["value"] is None and f["confidence"] >= 0.9 for f in review.values()), review
    assert not any(it["code"] in ("missing_table", "rows_not_found") for it in out["review"]["items"])
    wrong = [k for k in want if k in out["fields"] and plain(out["fields"][k]["value"]) != plain(want[k])]
    assert wrong == [] and out["review"]["required"] is False, out["review"]["reasons"]


def test_positioned_pdf_text_of_the_same_report_reads_alike():
    # the typeset PDF through pdftohtml -s -i: the headers' wrapped halves run together over two lines
    # ("结果维结果纠其他结尚未审总…" / "持正果结计…"), then the next part's heading
    data = (CONVERTED / PDFTOHTML).read_bytes()
    out = extract_bytes(data, PDFTOHTML)
    review = _review(out)
    assert all(f["value"] is None and f["confidence"] >= 0.9 for f in review.values()), review
    assert out["review"]["required"] is False, out["review"]["reasons"]


def test_a_row_of_numbers_past_the_next_heading_leaves_the_table_unread():
    # the row a reader printed after the next part's heading (or a page's text after it):
    # those may be 四's numbers - the headers alone settle nothing
    text = _links().replace(NEXT_PART, NEXT_PART + "\n   1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n")
    out = extract_bytes(text.encode("utf-8"), LINKS)
    assert out["review"]["required"]
    assert all(f["confidence"] < 0.9 for f in _review(out).values())


def test_a_number_of_prose_after_the_table_is_no_row_of_it():
    # a number a label of prose states on its line (网站标识码：…) is not 四's
    text = _links()
    assert "网站标识码：3271783765" in text
    out = extract_bytes(text.encode("utf-8"), LINKS)
    assert all(f["confidence"] >= 0.9 for f in _review(out).values())


def test_a_digit_between_the_headers_and_the_next_part_leaves_the_table_unread():
    text = _links().replace(HEADERS_END, HEADERS_END + "\n   3\n")
    out = extract_bytes(text.encode("utf-8"), LINKS)
    assert out["review"]["required"]
    assert not all(f["value"] is None and f["confidence"] >= 0.9 for f in _review(out).values())


def test_numbers_the_converter_may_have_lost_keep_the_blank_below_near_certain():
    # every number of table 三 gone (a converter that loses digits prints its rows as labels
    # alone, as one that drops blank cells does): the headers alone no longer tell a blank row
    # from a lost one
    import re
    text = _links()
    head, rest = text.split("三、收到和处理政府信息公开申请情况", 1)
    body, tail = rest.split("   四、因政府信息公开工作", 1)
    text = head + "三、收到和处理政府信息公开申请情况" + re.sub(r"\d", " ", body) + "   四、因政府信息公开工作" + tail
    out = extract_bytes(text.encode("utf-8"), LINKS, explain=True)
    review = _review(out)
    assert all(f["value"] is None and f["confidence"] < 0.9 for f in review.values()), review
    assert out["review"]["required"]
    assert any(w.startswith("表四只印出表头") for w in review["review.reconsideration.upheld"]["explain"]["why"])


def test_a_row_of_numbers_before_the_heading_leaves_the_table_unread():
    # 四's row printed after 三's last cell and before 四's heading (a reader's box order):
    # numbers no cell of 三 took stand there - they may be 四's
    text = _links().replace("\n   四、因政府信息公开工作", "\n   1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n\n   四、因政府信息公开工作")
    out = extract_bytes(text.encode("utf-8"), LINKS)
    assert out["review"]["required"]
    assert all(f["confidence"] < 0.9 for f in _review(out).values())
