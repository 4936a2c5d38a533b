"""The text layer of a PDF as PDF-to-text tools print it (issue 10), read from real
converter output of labelled dev reports (tests/data/converted, see its README).

* tables printed one under another (positioned HTML, space-aligned text) keep their own
  value columns;
* numbers wrapped in narrow cells: a total too wide for its cell goes on in the cell's
  next line ("10" above "1" is 101); the tools print the piece right after the number
  (reading order) or after the whole row, and table 四 must read it whole again;
* a label's numbering padded like a column ("6.   属于…") is not a value, and a numbered
  label beside a group label printed down its column is a row of its own;
* page numbers are dropped also where pages are joined by nothing but an empty line, and a
  page that ends in a row of numbers keeps it (numbers masked, value rows "recur").
"""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus import label_fields
from extractor.loaders import load, load_bytes
from extractor.loaders.furniture import drop_text_furniture
from extractor.pipeline import extract_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def _labels(report: str) -> dict:
    sub = "seeds" if "_" in report else "real"
    return label_fields(DATA / "corpus" / sub / f"{report}.labels.json")


@pytest.mark.parametrize("name", [
    "003.pdftotext-raw.txt",  # "1 0 2 0 3 12 0 0 0 1" / "2": the piece on the next line
    "003_2b6abe27bfe85e6a.pymupdf-text.txt",  # one number a line: "10" / "1" / "38"
    "003_2b6abe27bfe85e6a.pdfplumber.txt",  # the row's 15 numbers, then "1 9 7" under it
])
def test_table_four_numbers_wrapped_in_their_cells(name):
    truth = _labels(name.split(".")[0])
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    keys = [k for k in truth if k.startswith("review.")]
    assert any(truth[k] and truth[k] >= 10 for k in keys)  # a total of two or more digits
    got = {k: out["fields"][k]["value"] for k in keys}
    assert got == {k: truth[k] for k in keys}
    # read, not inferred: the identities hold on the whole numbers
    assert all(out["fields"][k]["confidence"] > 0.5 for k in keys)


def _lenient(v):
    return 0 if v is None else v


def test_positioned_tables_one_under_another_keep_their_own_columns():
    """pdftohtml -s -i of a typeset PDF: table 二's last sub-table and table 三's header are
    few lines apart (one region), but their numbers stand in different columns: table 三
    is a table of its own, so its rows get no blank cells from table 二's columns (which
    had shifted the first rows of table 三 by a column)."""
    name = "004_22cd3b9bc5f65582.pdftohtml-s.html"
    doc = load(CONVERTED / name)
    rows = {r[0].text: r for r in doc.rows() if r[0].kind == "cell"}
    licensing, new = rows["行政许可"], rows["一、本年新收政府信息公开申请数量"]
    assert licensing[0].table != new[0].table
    assert [b.text for b in new if b.text] == ["一、本年新收政府信息公开申请数量", "1", "1"]
    truth = _labels("004_22cd3b9bc5f65582")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    keys = [k for k in truth if k.startswith("requests.")]
    assert {k: _lenient(out["fields"][k]["value"]) for k in keys} == {k: _lenient(truth[k]) for k in keys}


def test_numbered_label_after_a_vertical_group_label_is_a_row_of_its_own():
    """Table 三's group label （五）不予处理 printed down its column one character a line,
    beside rows that print no value at all (blank rows drawn by rules only): the line
    "不  3. 要求提供公开出版物" is the row 3, not the rest of row 2's label (which had given
    row 2's values to row 4, the label the merged text looked most like)."""
    name = "003_2b6abe27bfe85e6a.pdftohtml-s.html"
    doc = load(CONVERTED / name)
    labels = [b.text for b in doc.blocks if b.kind == "cell" and "重复申请" in b.text]
    assert labels == ["2. 重复申请"]
    truth = _labels("003_2b6abe27bfe85e6a")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    keys = [k for k in truth if k.startswith("requests.unprocessed.")]
    assert {k: _lenient(out["fields"][k]["value"]) for k in keys} == {k: _lenient(truth[k]) for k in keys}


def test_padding_after_a_labels_numbering_is_not_a_gutter():
    """pdftotext -layout pads a row label's numbering like a column ("6.   属于四类过程性信息"):
    the 6 is the label's, not a value of the row above (which had put 5, 6, 7, 8 … into the
    blank total cells of table 三's rows)."""
    name = "002_ee8fa3a975bc8fe4.pdftotext-layout.txt"
    doc = load(CONVERTED / name)
    assert "6. 属于四类过程性信息" in [b.text for b in doc.blocks]
    truth = _labels("002_ee8fa3a975bc8fe4")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    keys = [k for k in truth if k.startswith("requests.")]
    assert {k: _lenient(out["fields"][k]["value"]) for k in keys} == {k: _lenient(truth[k]) for k in keys}


def test_blank_at_a_rows_start_may_be_a_column_of_the_printout_only():
    """pdftotext -layout of a table that prints only the natural-person and total columns:
    a few rows' numbers stand a character off, so the aligned text has a value column the
    template does not, blank in most rows. The rows' two numbers are placed as natural
    person and total, not pushed a column right by that blank."""
    name = "013.typeset.pdftotext-layout.txt"
    truth = _labels("013")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    keys = [k for k in truth if k.startswith("requests.")]
    assert truth["requests.granted.natural"] == 26
    assert {k: _lenient(out["fields"][k]["value"]) for k in keys} == {k: _lenient(truth[k]) for k in keys}


def test_numbering_padded_inside_a_table_row_stays_with_its_label():
    """pdftotext -layout inside table 三: "(七)    总计  80  1 …  81" (the numbering padded
    like a column) is the total row, and "他 3. 其他" (a character of the group label
    其他处理 printed down its column, then the row's numbered label) is row 3 - they had
    been read as noise + a header, giving the total row's numbers to 其他."""
    name = "005.typeset.pdftotext-layout.txt"
    doc = load(CONVERTED / name)
    texts = [b.text for b in doc.blocks]
    assert "(七) 总计" in texts and "3. 其他" in texts
    truth = _labels("005")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    keys = [k for k in truth if k.startswith(("requests.total.", "requests.other."))]
    assert truth["requests.total.total"] == 81
    assert {k: _lenient(out["fields"][k]["value"]) for k in keys} == {k: _lenient(truth[k]) for k in keys}


@pytest.mark.parametrize("name", [
    "005.pymupdf-text.txt",  # pages joined by an empty line, each opening with its number
    "005.pdftotext-raw.txt",  # form feeds; a page ends with the row "19 1 0 0 0 0 20"
])
def test_page_numbers_dropped_table_values_at_a_page_edge_kept(name):
    text = (CONVERTED / name).read_text("utf-8")
    _, dropped = drop_text_furniture(text)
    assert dropped == ["1", "2", "3"]
    truth = _labels("005")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    keys = [k for k in truth if k.startswith("requests.")]
    assert {k: _lenient(out["fields"][k]["value"]) for k in keys} == {k: _lenient(truth[k]) for k in keys}


def test_page_number_before_a_running_header_is_furniture():
    """pdfplumber joins pages by a line break: each page's number is its last line, the next
    page opens with the running header (the report's title again). The "1" after the row
    二、上年结转 … 0 0 is page 1's number, not that row's value."""
    name = "013.pdfplumber.txt"
    text = (CONVERTED / name).read_text("utf-8")
    _, dropped = drop_text_furniture(text)
    assert [d for d in dropped if d.isdigit()] == ["1", "2", "3"]
    truth = _labels("013")
    out = extract_bytes(text.encode("utf-8"), name)
    assert out["fields"]["requests.carried_over.total"]["value"] in (0, None)
    keys = [k for k in truth if k.startswith("requests.")]
    assert {k: _lenient(out["fields"][k]["value"]) for k in keys} == {k: _lenient(truth[k]) for k in keys}


def test_gap_blank_an_identity_pins_is_not_sent_to_a_person():
    """pdftohtml -s of a typeset PDF: blank cells are gaps in the value columns (inferred from
    the layout, never near-certain alone). Where the row's printed numbers already add up to
    its printed total (78 + 6 = 84), the blanks beside them can only be 0: the identity, not
    the layout, says so, and a fully right report is accepted."""
    name = "003_2b6abe27bfe85e6a.pdftohtml-s.html"
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    truth = _labels("003_2b6abe27bfe85e6a")
    assert all(_lenient(out["fields"][k]["value"]) == _lenient(v) for k, v in truth.items())
    cell = out["fields"]["requests.carried_over.research"]
    assert cell["value"] is None and cell["confidence"] >= 0.9
    assert not out["review"]["required"]


def test_gap_blanks_on_both_sides_of_an_identity_are_not_pinned():
    """new + carried over = total + carried forward: with the carried-over and carried-forward
    cells both gaps, any equal pair of values keeps the identity - it pins neither."""
    from extractor import templates
    from extractor.assemble import FieldResult
    from extractor.confidence import pinned
    from extractor.templates.identities import evaluate, expand

    rule = next(s for s in expand(templates.REQUESTS["2021"]) if s.rule == "requests.balance.research")
    gap = {"found": True, "how": "exact", "blank_inferred": True}
    fields = {"requests.new.research": FieldResult("requests.new.research", 10, "10", {"found": True, "how": "exact"}),
              "requests.carried_over.research": FieldResult("requests.carried_over.research", None, "", dict(gap)),
              "requests.total.research": FieldResult("requests.total.research", 10, "10", {"found": True, "how": "exact"}),
              "requests.carried_forward.research": FieldResult("requests.carried_forward.research", None, "", dict(gap))}
    check = evaluate(rule, {k: f.value for k, f in fields.items()})
    assert check.status == "ok"
    assert not pinned(check, [fields[k] for k in check.keys])
    fields["requests.carried_forward.research"] = FieldResult("requests.carried_forward.research", 0, "0",
                                                             {"found": True, "how": "exact"})
    assert pinned(check, [fields[k] for k in check.keys])  # one side's gaps only: 0


def test_number_printed_in_one_run_with_its_label_takes_its_column():
    """pdftohtml prints a long row label and its first value as one element
    ("5.要求行政机关确认或重新出具已获取信息&#160;36", as on a generated report's page): the
    number's x is only estimated from character widths, so it decides no column of its own
    (which had shifted every row of the table a column right) and goes to the nearest one."""
    rows = [("1.信访举报投诉类申请", ["54", "5", "61"]), ("2.重复申请", ["0", "0", "0"]),
            ("3.要求提供公开出版物", ["12", "0", "12"])]
    ps = []
    for i, (label, vals) in enumerate(rows):
        top = 100 + 45 * i
        ps.append(f'<p style="position:absolute;top:{top}px;left:145px;white-space:nowrap" class="ft">{label}</p>')
        ps += [f'<p style="position:absolute;top:{top}px;left:{x}px;white-space:nowrap" class="ft">{v}</p>'
               for x, v in zip((382, 436, 737), vals)]
    ps.append('<p style="position:absolute;top:235px;left:145px;white-space:nowrap" class="ft">'
              '5.要求行政机关确认或重新出具已获取信息&#160;36</p>')
    ps += [f'<p style="position:absolute;top:235px;left:{x}px;white-space:nowrap" class="ft">{v}</p>'
           for x, v in ((436, "5"), (737, "41"))]
    html = ('<html><head><style>.ft{font-size:11px;}</style></head><body>'
            '<div style="position:relative;width:893px;height:1263px;">' + "".join(ps) + "</div></body></html>")
    doc = load_bytes(html.encode("utf-8"), "page.html")
    table = [[b.text for b in r] for r in doc.rows() if r[0].kind == "cell"]
    assert table[-1] == ["5.要求行政机关确认或重新出具已获取信息", "36", "5", "41"]
    assert all(len(r) == 4 for r in table)


def test_a_value_after_a_value_is_no_page_number():
    """Pages joined by an empty line, each opening with its number (PyMuPDF): among the
    one-number lines of a table, a "2" after a "0" is a value, the "2" after the empty line
    page 2's number (a line beside two page numbers counts only when it is text)."""
    rows = "\n".join(["一、本年新收政府信息公开申请数量", "17", "4", "0", "0", "0", "2", "23"])
    text = "1\n报告标题\n正文。\n" + rows + "\n\n2\n二、上年结转政府信息公开申请数量\n1\n0\n"
    kept, dropped = drop_text_furniture(text)
    assert dropped == ["1", "2"]
    assert "\n0\n2\n23\n" in kept and "\n2\n二、" not in kept


@pytest.mark.parametrize("name", [
    "005.pdfplumber.txt",  # pages joined by a line break, each page's number its last line
    "005.pypdf.txt",  # the same, each page's number its first line
])
def test_page_number_printed_against_the_text_is_furniture(name):
    """No empty line and no running header beside the page numbers: the "1" (or "2") after
    the row "( 1. 属于国家秘密 0 0 0 0 0 0 0" is where page 1 ends, not an eighth value.
    Every bare number of the text is a page's, 1 2 3 in order, the first or last line of the
    text one of them."""
    text = (CONVERTED / name).read_text("utf-8")
    assert "属于国家秘密 0 0 0 0 0 0 0\n" in text
    _, dropped = drop_text_furniture(text)
    assert dropped == ["1", "2", "3"]
    truth = _labels("005")
    out = extract_bytes(text.encode("utf-8"), name)
    keys = [k for k in truth if k.startswith("requests.")]
    assert {k: _lenient(out["fields"][k]["value"]) for k in keys} == {k: _lenient(truth[k]) for k in keys}
    assert out["review"]["required"] is False  # (the row was "found but unread" before)


def test_bare_numbers_that_are_not_only_page_numbers_cut_no_pages():
    a, b, c = "标题\n正文。\n", "一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n", "二、上年结转政府信息公开申请数量\n"
    # values alone on lines among them, or no number at the text's edge: no page run
    for text in (a + "1\n" + b + "0\n2\n" + c + "3", a + "1\n" + b + "2\n" + c + "3\n结尾"):
        kept, dropped = drop_text_furniture(text)
        assert dropped == [] and kept == text


def test_page_number_a_paragraph_of_its_own_in_html_is_furniture():
    """PyMuPDF's XHTML of the typeset PDF: a <div> a page, each page's number its first <p>,
    no table markup: the "2" after the row 1.属于国家秘密's seven numbers was an eighth value
    (the row "found but unread")."""
    name = "005.pymupdf-xhtml.html"
    data = (CONVERTED / name).read_bytes()
    doc = load_bytes(data, name)
    assert doc.meta.get("furniture") == ["1", "2", "3"]
    truth = _labels("005")
    out = extract_bytes(data, name)
    keys = [k for k in truth if k.startswith("requests.")]
    assert {k: _lenient(out["fields"][k]["value"]) for k in keys} == {k: _lenient(truth[k]) for k in keys}
    assert out["review"]["required"] is False
