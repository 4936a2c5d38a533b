"""Table 三 in a text joining a row's cells by single spaces and printing an empty cell as an
empty string: n + 1 spaces between two numbers are n empty cells. Where the counts make a value
run exactly the row's 7 cells (first column to total) and its sum holds, the numbers are placed
by them; before, the blanks were guessed ("（二）部分公开…  12  1   1 14" read 1 as 社会公益组织).

Data: tests/data/converted/gen401_00003.kreuzberg-html.md (README row): kreuzberg's markdown of
the generated page (seed 401), table 三's rows "（二）部分公开（…）  12  1   1 14",
"5．属于三类内部事务信息 7    2 2 11", "8．属于行政查询事项 3     1 4"."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.model import Block, Document, Source
from extractor.pipeline import extract_bytes
from extractor.segment import counting_proven, split_runs

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen401_00003.kreuzberg-html.md"
ROWS = ("partial", "denied.internal", "denied.query")
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def test_runs_of_spaces_place_a_rows_blank_cells():
    data = (CONVERTED / NAME).read_bytes()
    text = data.decode("utf-8")
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）  12  1   1 14" in text
    assert "5．属于三类内部事务信息 7    2 2 11" in text
    truth = label_fields(CONVERTED / "gen401_00003.labels.json")
    fields = extract_bytes(data, NAME)["fields"]
    for row in ROWS:
        for col in COLS:
            key = f"requests.{row}.{col}"
            assert fields[key]["value"] == truth[key], key
    assert fields["requests.partial.other"]["value"] == 1 and fields["requests.partial.social"]["value"] is None


def _pieces(line: str, full: str = "规章 1 2 3 4 5 6 21") -> list[str]:
    doc = Document(Source("t.txt", "", "text"), full + "\n" + line,
                   [Block(full, "line", row=0), Block(line, "line", row=1)])
    return ["_" if b.blank else b.text for b in split_runs(doc).blocks if b.row == 1]


def test_counts_read_only_where_they_prove_the_row():
    assert _pieces("行政查询事项 3     1 4") == ["行政查询事项", "3", "_", "_", "_", "_", "1", "4"]
    # a 复议/诉讼 row: 15 cells, its three sums holding
    assert _pieces("1 0 0  1 0 0 0 0 0 2 0 0  2") == ["1", "0", "0", "_", "1"] + ["0"] * 5 + ["2", "0", "0", "_", "2"]
    assert _pieces("1 0 0  1 0 0 0 0 0 2 0 0  3") == ["1 0 0  1 0 0 0 0 0 2 0 0  3"]
    # the sum does not hold: read as before (one run)
    assert _pieces("行政查询事项 3     1 5") == ["行政查询事项", "3     1 5"]
    # columns aligned by padding (no single-space join in the run): read as before
    assert _pieces("规章         0       0       0") == ["规章", "0       0       0"]
    # no full row joined by single spaces in the text: read as before
    assert _pieces("行政查询事项 3     1 4", full="规章") == ["行政查询事项", "3     1 4"]


def _doc_pieces(lines: list[str]) -> list[list[str]]:
    full = "0 0 0 1 1 0 0 0 0 0 0 0 0 0 0"
    text = "\n".join([full] + lines)
    doc = Document(Source("t.txt", "", "text"), text,
                   [Block(x, "line", row=i) for i, x in enumerate([full] + lines)])
    blocks = split_runs(doc).blocks
    return [["_" if b.blank else b.text for b in blocks if b.row == i] for i in range(1, len(lines) + 1)]


def test_a_value_and_its_total_counted_where_the_documents_rows_prove_the_counting():
    # no single-space join in these runs: the document's other rows of table 三's width, their
    # sums holding, prove that its runs of spaces count empty cells
    rows = ["一、本年新收政府信息公开申请数量   26      26", "(七)总计  26      26"]
    assert _doc_pieces(rows) == [[rows[0].split()[0], "26"] + ["_"] * 5 + ["26"],
                                 ["(七)总计", "26"] + ["_"] * 5 + ["26"]]
    # one such row alone proves nothing: read as before
    assert _doc_pieces(rows[:1]) == [[rows[0].split()[0], "26      26"]]
    # a run counting wider than any statutory row (columns aligned by padding) refutes the counting
    wide = "0    0    0    1    1  0    0    0    0    0  0    0    0    0    0"
    assert _doc_pieces(rows + [wide])[0] == [rows[0].split()[0], "26      26"]


def test_rows_printing_a_value_and_its_total_read_sure():
    """013.kreuzberg-html.md (README row): kreuzberg's markdown of dev report 013, whose table 三
    prints only 自然人 and 总计 ("一、本年新收政府信息公开申请数量   26      26"), every run of its
    rows a value, five empty cells and the total - no run with a single-space join of its own."""
    data = (CONVERTED / "013.kreuzberg-html.md").read_bytes()
    assert "一、本年新收政府信息公开申请数量   26      26" in data.decode("utf-8")
    out = extract_bytes(data, "013.kreuzberg-html.md")
    fields = out["fields"]
    for row in ("new", "granted", "total"):
        for col in COLS:
            f = fields[f"requests.{row}.{col}"]
            assert f["value"] == (26 if col in ("natural", "total") else None), (row, col)
            assert f["confidence"] >= 0.9, (row, col, f["confidence"])
    assert out["review"]["required"] is False


def test_a_row_printed_all_blank_is_its_empty_cells():
    """004_22cd3b9bc5f65582.kreuzberg-docx.md (README row): kreuzberg's text of the page saved as
    DOCX, whose table 三 rows print their (repeated) label and then one space per empty cell - a row
    all blank "二、上年结转政府信息公开申请数量 …" and seven spaces. The document's runs prove the
    counting ("一、本年新收… 1      1"): the seven spaces are the row's seven empty cells, read as
    printed; before, its blanks were inferred (0.85) and the document went to review."""
    data = (CONVERTED / "004_22cd3b9bc5f65582.kreuzberg-docx.md").read_bytes()
    text = data.decode("utf-8")
    row = "二、上年结转政府信息公开申请数量 二、上年结转政府信息公开申请数量 二、上年结转政府信息公开申请数量"
    assert row + " " * 7 + "\n" in text
    out = extract_bytes(data, "004_22cd3b9bc5f65582.kreuzberg-docx.md")
    fields = out["fields"]
    for r in ("carried_over", "partial", "denied.state_secret", "carried_forward"):
        for col in COLS:
            f = fields[f"requests.{r}.{col}"]
            assert f["value"] is None and f["confidence"] >= 0.9, (r, col, f)
    assert fields["requests.new.natural"]["value"] == 1 and fields["requests.new.total"]["value"] == 1
    assert out["review"]["required"] is False


def test_empty_cells_after_a_label_only_where_the_counting_is_proven():
    full = "0 0 0 1 1 0 0 0 0 0 0 0 0 0 0"
    counted = ["一、本年新收政府信息公开申请数量   26      26", "(七)总计  26      26"]

    def rows(lines):
        text = "\n".join(lines)
        blocks, at = [], 0
        for i, x in enumerate(lines):
            blocks.append(Block(x.rstrip(" "), "line", start=at, end=at + len(x.rstrip(" ")), row=i))
            at += len(x) + 1
        out = split_runs(Document(Source("t.txt", "", "text"), text, blocks)).blocks
        return [["_" if b.blank else b.text for b in out if b.row == i] for i in range(len(lines))]

    blank = "二、上年结转政府信息公开申请数量" + " " * 7
    assert rows([full] + counted + [blank])[3] == ["二、上年结转政府信息公开申请数量"] + ["_"] * 7
    # numbering is no value: "1、属于国家秘密" and its seven empty cells
    assert rows([full] + counted + ["(三)不予公开 1、属于国家秘密" + " " * 7])[3][-7:] == ["_"] * 7
    # the counting not proven (one counted run), fewer spaces than a row's cells, words apart by
    # runs of spaces (a heading): left whole
    assert rows([full] + counted[:1] + [blank])[2] == ["二、上年结转政府信息公开申请数量"]
    assert rows([full] + counted + ["二、上年结转政府信息公开申请数量" + " " * 6])[3] == ["二、上年结转政府信息公开申请数量"]
    assert rows([full] + counted + ["行政复议     行政诉讼" + " " * 9])[3] == ["行政复议     行政诉讼"]


def test_totals_alone_read_in_the_total_column():
    """001_ae5d534637d2dda6.kreuzberg-html.md (README row): kreuzberg's markdown of dev report
    001_ae5, whose table 三 prints most rows' total alone ("(一)予以公开        84": the label's spanned
    empty cell and six empty value cells). Its spaces count just the empty cells that put the
    number in the total column, line after line: the counting is proven, the totals read there
    (before, the lines were read as columns aligned by padding and the totals put under 自然人)."""
    data = (CONVERTED / "001_ae5d534637d2dda6.kreuzberg-html.md").read_bytes()
    assert "(一)予以公开        84\n" in data.decode("utf-8")
    fields = extract_bytes(data, "001_ae5d534637d2dda6.kreuzberg-html.md")["fields"]
    for row, total in (("granted", 84), ("unable.not_held", 66), ("total", 87), ("carried_forward", 2)):
        for col in COLS:
            f = fields[f"requests.{row}.{col}"]
            assert f["value"] == (total if col == "total" else None), (row, col, f)
            assert f["confidence"] >= 0.9, (row, col, f)


def test_a_counted_text_is_no_table_aligned_by_padding():
    """004_22cd3b9bc5f65582.kreuzberg-html.md (README row): kreuzberg's markdown of dev report
    004_22c, table 三 "一、本年新收政府信息公开申请数量   1      1" over a row all blank and "三、本年度办理结果
    （一）予以公开  1      1": before, the three lines were taken for a table aligned by padding (its
    gutters the runs of spaces) and their numbers placed by a guess (0.85); a text whose runs of
    spaces count empty cells has no gutters - its rows are read by the counts."""
    data = (CONVERTED / "004_22cd3b9bc5f65582.kreuzberg-html.md").read_bytes()
    out = extract_bytes(data, "004_22cd3b9bc5f65582.kreuzberg-html.md")
    fields = out["fields"]
    for row in ("new", "carried_over", "granted", "total"):
        for col in COLS:
            f = fields[f"requests.{row}.{col}"]
            assert f["value"] == (1 if row != "carried_over" and col in ("natural", "total") else None), (row, col)
            assert f["confidence"] >= 0.9, (row, col, f)
    assert out["review"]["required"] is False


def test_short_rows_prove_the_counting_only_with_just_their_empty_cells():
    short = ["三、本年度办理结果 （一）予以公开        3", "（二）部分公开（区分处理的）        6",
             "（三）不予公开 1.属于国家秘密       0", "2.其他法律行政法规禁止公开       0",
             "（七）总计        14"]
    assert counting_proven(short)
    assert not counting_proven(short[:3])  # too few lines to say
    # a column aligned by padding: the gap grows as the label shortens
    aligned = [x.rsplit(" ", 1)[0].strip().ljust(40) + x.rsplit(" ", 1)[1] for x in short]
    assert not counting_proven(aligned)
