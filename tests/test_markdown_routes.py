"""Markdown that third-party converters write of a report (issue 10), read from their real
output of labelled reports (tests/data/converted, see its README):

* html2text writes tables without outer pipes ("a| b|  " under "---|---"): read as tables,
  blank cells kept, escaped numbering ("2\\.") undone;
* markitdown of an HTML page writes no cell where a rowspan covers one: the rows under a
  spanned group label are put back in their grid columns;
* markitdown of a PDF merges neighbouring value cells ("64 0"): split into their columns.
"""
from __future__ import annotations

import json
from pathlib import Path

from corpus import label_fields
from extractor.loaders import load, load_bytes
from extractor.pipeline import Pipeline, extract_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def _labels(report: str) -> dict:
    real = DATA / "corpus" / "real" / f"{report}.labels.json"
    path = real if real.exists() else DATA / "corpus" / "seeds" / f"{report}.labels.json"
    lab = json.loads(path.read_text())
    amb = set(lab.get("ambiguous") or [])
    return {k: v for k, v in lab["fields"].items() if k not in amb}


def _wrong(path: Path, report: str, table: str = "requests.") -> dict:
    """Fields of `table` read differently from the report's labels: key -> (read, truth)."""
    out = extract_bytes(path.read_bytes(), path.name)
    got = {k: f["value"] for k, f in out["fields"].items()}
    return {k: (got.get(k), v) for k, v in _labels(report).items() if k.startswith(table) and got.get(k) != v}


def _row(doc, start: str):
    for r in doc.rows():
        if r[0].text.startswith(start):
            return r
    raise AssertionError(f"no row starting {start!r}")


def test_html2text_tables_without_outer_pipes():
    path = CONVERTED / "003_2b6abe27bfe85e6a.html2text.md"
    doc = load(path)
    assert doc.source.format == "markdown"  # "a | b" over "---|---" is a pipe table
    row = _row(doc, "二、上年结转")
    # every pipe separates two cells: the four blank cells between 6 and 84 are kept
    assert [b.text for b in row] == ["二、上年结转政府信息公开申请数量", "78", "6", "", "", "", "", "84"]
    assert all(b.kind == "cell" and b.table == row[0].table for b in row)
    # a row of blanks ends in an empty cell after its trailing pipe
    assert [b.text for b in _row(doc, "3. 危害")] == ["3. 危害“三安全一稳定”"] + [""] * 7
    assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks if b.kind == "cell" and "\\" not in doc.text[b.start:b.end])
    assert _wrong(path, "003_2b6abe27bfe85e6a") == {}


def test_html2text_escaped_numbering_is_a_label():
    path = CONVERTED / "005.html2text.md"
    doc = load(path)
    # "2\\. 其他法律…" is the row label "2. 其他法律…", not a value 2 and a label
    row = _row(doc, "2. 其他法律行政法规禁止公开")
    assert [b.text for b in row][1:] == ["0"] * 7
    assert _wrong(path, "005") == {}


def test_markitdown_html_rows_under_a_rowspan_keep_their_columns():
    path = CONVERTED / "002_ee8fa3a975bc8fe4.markitdown-html.md"
    doc = load(path)
    padded = _row(doc, "一、本年新收")  # a label spanning three columns, padded with empty cells
    covered = _row(doc, "2. 其他法律")  # under （三）不予公开's rowspan: no cell written for it
    assert len(covered) < len(padded)
    assert padded[-1].col == covered[-1].col  # both end in the 总计 column
    assert [b.col for b in covered[1:]] == [b.col for b in padded[-7:]]
    assert _wrong(path, "002_ee8fa3a975bc8fe4") == {}


def test_markitdown_pdf_merged_value_cells_are_split():
    path = CONVERTED / "003.markitdown-pdf.md"
    doc = load(path)
    row = _row(doc, "一、本年新收")
    assert [b.text for b in row] == ["一、本年新收政府信息公开申请数量", "", "64", "0", "0", "2", "0", "4", "70"]
    assert [b.col for b in row] == list(range(9))
    assert all(doc.text[b.start:b.end] == b.text for b in row)
    assert _wrong(path, "003") == {}


def test_a_short_row_with_fewer_values_stays_short():
    """Only a row whose values are all there moves right: one that lost cells (blanks a
    converter dropped) stays as printed, short, so its columns stay in doubt."""
    md = ("| 项目 | | 自然人 | 商业企业 | 总计 |\n| --- | --- | --- | --- | --- |\n"
          "| 三、结果 | （一）予以公开 | 1 | 0 | 1 |\n| （二）部分公开 | 2 | 0 | 2 |\n| （三）不予公开 | 3 | 3 |\n")
    doc = load_bytes(md.encode(), "t.md")
    assert [b.col for b in _row(doc, "（二）")] == [1, 2, 3, 4]
    assert [b.col for b in _row(doc, "（三）")] == [0, 1, 2]


def _confident_wrong(path: Path, report: str) -> dict:
    """Fields of table 三 read wrong with confidence >= 0.9: key -> (read, truth, confidence)."""
    out = extract_bytes(path.read_bytes(), path.name)
    f = out["fields"]
    return {k: (f[k]["value"], v, f[k]["confidence"]) for k, v in _labels(report).items()
            if k.startswith("requests.") and f[k]["value"] != v and f[k]["confidence"] >= 0.9}


def test_pdf_table_split_into_grids_of_different_widths_is_not_trusted():
    """markitdown of 013's PDF prints table 三 as many small grids: 一、/二、 in one of six cells
    (label, blank, 26, blank, blank, 26), the result rows each in one of eight. Read as printed,
    the eight-cell rows give 26 to 科研机构 (it belongs to 自然人): with the table's grids
    disagreeing on its columns, no column placement is near-certain."""
    path = CONVERTED / "013.markitdown-pdf.md"
    doc = load(path)
    widths = {len(_row(doc, s)) for s in ("一、本年新收", "三 (一)予以公开")}
    assert widths == {9, 8}
    # (一、's lone 26 under "自然人 法人或其他组织 / 商业企业 科研机构" is read from the first
    # heading on, its column in doubt: the form's seven columns after the label and its blank)
    first = _row(doc, "一、本年新收")
    assert [b.text for b in first[2:5]] == ["26", "", ""] and all(b.column_doubt for b in first[2:5])
    assert _wrong(path, "013") == {}  # the padding left out (assemble._lead_padding): 26 under 自然人
    assert _confident_wrong(path, "013") == {}


def test_surplus_blank_cells_that_could_be_padding_are_not_trusted():
    """markitdown of seed 002's PDF prints each row of table 三 in ten cells (label, three
    blanks, 1, four blanks, 1): two of the seven positions blank in every row are not columns
    of the form, and which two is not printed anywhere."""
    path = CONVERTED / "002_ee8fa3a975bc8fe4.markitdown-pdf.md"
    assert len(_row(load(path), "一、本年新收")) == 10
    assert _confident_wrong(path, "002_ee8fa3a975bc8fe4") == {}


def test_positions_empty_in_every_row_are_not_columns():
    """markitdown of seed 003_2b6's PDF prints every row of table 三 in eleven cells: the label,
    two empty cells of its span, the seven values and, between 法律服务机构 and 其他, a column
    the PDF table reader made, empty in every row: exactly as many positions empty in every
    row as the surplus are left out, so （二）部分公开's 7 is read as 法律服务机构, not 社会公益组织."""
    path = CONVERTED / "003_2b6abe27bfe85e6a.markitdown-pdf.md"
    assert [b.text for b in _row(load(path), "（二）部分公开")][1:] == ["", "", "243", "10", "1", "", "7", "", "", "261"]
    assert _wrong(path, "003_2b6abe27bfe85e6a") == {}
    assert _confident_wrong(path, "003_2b6abe27bfe85e6a") == {}


def test_padding_empty_in_every_row_is_left_out_exactly():
    """markitdown of seed 001_ae5's PDF prints every row of table 三 as the label, two empty
    cells of its span, the seven values and an empty column the PDF reader made between
    社会公益组织 and 法律服务机构 (ten cells where seven are read): no row prints exactly seven,
    and the three positions empty in every row are exactly the surplus, so they are left out
    and every row is read as printed (not trimmed by a guess)."""
    path = CONVERTED / "001_ae5d534637d2dda6.markitdown-pdf.md"
    assert [b.text for b in _row(load(path), "一、本年新收")][1:] == ["", "", "6", "0", "0", "0", "", "0", "0", "89"]
    state = Pipeline().run(load(path), until="assemble")
    hows = {fr.evidence.get("how") for k, fr in state.assembly.fields.items() if k.startswith("requests.")}
    assert hows == {"exact"}
    assert _wrong(path, "001_ae5d534637d2dda6") == {}


def test_columns_empty_in_every_row_of_a_headed_grid_are_dropped():
    """markitdown of 001's PDF prints table 二's sub-tables with an empty column between 本年新公开数量
    and 对外公开总数量 and another after it, header rows included, and table 四 with one empty
    column between the two lawsuit groups: columns the PDF table reader made, dropped, so the
    rows print one cell per column of the form and are read as printed (not trimmed)."""
    path = CONVERTED / "001.markitdown-pdf.md"
    doc = load(path)
    assert [b.text for b in _row(doc, "规章")] == ["规章", "0", "0", "0"]
    assert [b.text for b in _row(doc, "信息内容")] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    values = next(r for r in doc.rows() if r[0].text == "0" and len(r) > 7)
    assert [b.text for b in values] == ["0"] * 15 and [b.col for b in values] == list(range(15))
    out = extract_bytes(path.read_bytes(), path.name)
    assert _wrong(path, "001", "") == {}
    assert not any(k.startswith(("active.", "review.")) and f["confidence"] < 0.9 for k, f in out["fields"].items())


def test_rows_are_realigned_only_within_one_markdown_table():
    """Real 010.md (a PDF converted to markdown) prints rows as "| row |" + "|---|" pairs: each
    delimiter makes the row above it the header of a new table. A wrapped label printed in two
    cells ("缴纳费用、 | 行政机关不再处理其政 | values") heads the table of the shorter rows
    below it, so those rows are not moved right under it (their 0s and totals would shift)."""
    doc = load(DATA / "corpus" / "real" / "010.md")
    assert _row(doc, "3.其他")[0].col == 0 and _row(doc, "（七）总计")[0].col == 0
    out = extract_bytes((DATA / "corpus" / "real" / "010.md").read_bytes(), "010.md")
    got = [out["fields"][f"requests.denied.state_secret.{c}"]["value"] for c in ("natural", "other", "total")]
    assert got == [4, 0, 4]  # "| 1.属于国家秘密 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |  |"


def test_empty_header_row_of_a_pipe_table_is_not_a_row():
    """markitdown writes every HTML table without a header as "|  |  |" over "| --- |": that row
    prints nothing. Kept, table 四's row of fifteen empty cells stood before its values (thirty
    cells for fifteen, read as overflow in a generated report with many blank cells)."""
    doc = load(CONVERTED / "002_ee8fa3a975bc8fe4.markitdown-html.md")
    tables = {}
    for r in doc.rows():
        if r[0].table is not None:
            tables.setdefault(r[0].table, []).append(r)
    assert len(tables) >= 3
    assert all(any(not b.blank for b in rows[0]) for rows in tables.values())


def test_rows_printing_every_column_are_read_whatever_grids_they_are_in():
    """markitdown of 005's PDF splits table 三 into grids of nine and ten cells (the label, one or
    two empty cells of its span, then the seven values): the grids disagree on their widths, but
    every row prints all seven values, so which of its cells are padding leaves no column in doubt;
    and the row whose label the converter glued to a character of the vertical group label
    ("他 3. 其他", not recognised) is the one row the template has between its two labelled
    neighbours, seven values in its seven columns. Read right, and nothing left to review."""
    path = CONVERTED / "005.markitdown-pdf.md"
    doc = load(path)
    assert len(_row(doc, "一、本年新收")) == 9 and len(_row(doc, "他 3. 其他")) == 10
    out = extract_bytes(path.read_bytes(), path.name)
    assert _wrong(path, "005") == {}
    assert {k: f["confidence"] for k, f in out["fields"].items()
            if k.startswith("requests.") and f["confidence"] < 0.9} == {}
    assert not out["review"]["required"]


def test_a_blank_where_the_rows_of_its_width_print_a_number_is_seen():
    """markitdown of 009's PDF prints 四、结转下年度继续办理 as the label, two empty cells, 1 0 0 0 0 0
    and an empty cell: ten cells, as every row of its width, whose first two value positions are
    empty in all of them - the surplus exactly - and whose last holds each other row's 总计. The
    blank is the 总计 the report left out (its own sums then break: the report's finding, as read
    from the HTML page), not a cell the converter dropped somewhere in the row."""
    path = CONVERTED / "009.markitdown-pdf.md"
    assert [b.text for b in _row(load(path), "四、结转下年度")][1:] == ["", "", "1", "0", "0", "0", "0", "0", ""]
    out = extract_bytes(path.read_bytes(), path.name)
    assert _wrong(path, "009") == {}
    assert out["fields"]["requests.carried_forward.total"]["value"] is None
    assert out["review"]["source_inconsistent"] and not out["review"]["required"]
    assert {r["code"] for r in out["review"]["findings"]} == {"identity_broken"}


def test_number_printed_over_lines_in_a_cell_is_read_both_ways():
    # pymupdf4llm writes a cell's lines joined by "<br>": "8<br>0" is two cells its table
    # finder merged (表二's 本年制发件数 and 本年废止件数, the row one cell short of the form),
    # "5<br>3" one number wrapped in a narrow 总计 cell (a 表四 row printing all 15 cells,
    # 29+11+13 = 53). The row's count of cells and its identities decide, never the markup
    merged = CONVERTED / "013.pymupdf4llm.md"
    out = extract_bytes(merged.read_bytes(), merged.name)["fields"]
    want = _labels("013")
    for k in ("active.normative.issued", "active.normative.repealed", "active.normative.in_force"):
        assert out[k]["value"] == want[k], k
    # no identity checks that row: the cut is the count's say only
    assert out["active.normative.issued"]["confidence"] < 0.9
    assert out["active.normative.repealed"]["confidence"] < 0.9

    wrapped = CONVERTED / "gen11_00029.pymupdf4llm.md"
    out = extract_bytes(wrapped.read_bytes(), wrapped.name)["fields"]
    truth = label_fields(CONVERTED / "gen11_00029.labels.json")
    review = {k: v for k, v in truth.items() if k.startswith("review.")}
    assert review["review.reconsideration.total"] == 53 and review["review.litigation_direct.total"] == 27
    assert {k: out[k]["value"] for k in review} == review
