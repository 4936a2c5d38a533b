"""Merged cells a converter filled in by repetition (extractor/spans.py), and tables saved as
CSV (extractor/loaders/delimited.py), on real converter output of labelled reports
(tests/data/converted, see its README).

python-docx's `row.cells` repeats a merged (colspan) cell in every grid column it spans, so
table 二 rows print more value cells than the form has: "行政许可 | 2293 | 2293 | 2293" under
"信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量" (2021: one cell), "政府集中采购 |
5 | 454万元 | 454万元" under "采购项目数量 | 采购总金额 | 采购总金额". The header row above shows
the spans; the row is read one value per merged cell, as a reading (not a guess): such
reports need no review for it. Equal neighbouring values that no header spans are never
merged. pandas.read_html fills merged cells the same way, and researchers save its tables
with to_csv: comma-separated rows, read as cells - or print them (to_string): a space-aligned
table whose row index, column numbers and NaN are not the report's
(extractor/loaders/dataframe.py).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from extractor.assemble import build_entries, find_regions
from extractor.evidence import describe
from extractor.pipeline import default_pipeline, extract_bytes
from extractor.loaders import load
from extractor.loaders.dataframe import plain
from extractor.loaders.delimited import retab
from extractor.spans import merged
from training.score import comparable

from corpus import label_fields, wrong_values

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"
# converted file -> the labels of the report it was made from
REPORTS = {
    # pandas.read_html then to_csv(index=False): commas, a header line of column numbers (0,1,2,3)
    "003.pandas-csv.txt": "real/003",
    "002_ee8fa3a975bc8fe4.pandas-csv.txt": "seeds/002_ee8fa3a975bc8fe4",  # blank cells empty fields
    # to_csv() with the row index first (",0,1,2,3" then "0,第二十条…", "1,信息内容…")
    "004_22cd3b9bc5f65582.pandas-csv-index.txt": "seeds/004_22cd3b9bc5f65582",
    # python-docx: tabs
    "003.python-docx.txt": "real/003",  # 2021 form: 行政许可/处罚/强制 and 收费 one cell under a 3-column header
    "009.python-docx.txt": "real/009",  # the same, 行政处罚's header broken over four lines ("本年处理\n决定数量")
    "004_22cd3b9bc5f65582.python-docx.txt": "seeds/004_22cd3b9bc5f65582",  # 2019: spans at the right
    "002_ee8fa3a975bc8fe4.python-docx.txt": "seeds/002_ee8fa3a975bc8fe4",  # 2019: spans at the left
}


def _labels(report: str) -> dict:
    return label_fields(DATA / "corpus" / f"{report}.labels.json")


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_repeated_merged_cells_are_read_once_and_not_sent_to_review(name):
    path = CONVERTED / name
    out = extract_bytes(path.read_bytes(), path.name)
    want = _labels(REPORTS[name])
    wrong = [k for k, v in want.items() if comparable(out["fields"][k]["value"], True) != comparable(v, True)]
    assert wrong == []
    # table 二's rows are read, not guessed: nothing about them sends the report to review
    flagged = {k for item in out["review"]["items"] for k in item.get("keys", ())}
    assert not [k for k in flagged if k.startswith("active.")]
    assert all(out["fields"][k]["confidence"] >= 0.9 for k in want if k.startswith("active."))


def test_evidence_says_the_cell_is_merged():
    path = CONVERTED / "004_22cd3b9bc5f65582.python-docx.txt"
    p = default_pipeline().run(load(path), until="confidence")
    f = p.assembly.fields
    assert f["active.procurement.amount"].evidence.get("merged_span") == 2
    assert f["active.fees.change"].evidence.get("merged_span") == 2
    assert "merged_span" not in f["active.procurement.items"].evidence  # its own column
    assert "dropped_values" not in f["active.procurement.amount"].evidence
    zh = [z for z, _ in describe(f["active.procurement.amount"].evidence)]
    assert any("合并单元格" in z and "2 列" in z for z in zh)


def _requests_rows(name):
    doc = default_pipeline().run(load(CONVERTED / name), until="classify").doc
    s, e = find_regions(doc.blocks)["requests"]
    blocks = doc.blocks[s:e]
    return blocks, [en for en in build_entries(blocks, "requests") if en.label]


def test_equal_neighbouring_values_without_a_spanning_header_stay_apart():
    """Table 三's rows of zeros: seven real cells under seven distinct headers (自然人 … 总计).
    Even if the row had to lose cells (a narrower row asked for), the header shows no span."""
    blocks, rows = _requests_rows("003.python-docx.txt")
    zeros = [e for e in rows if len(e.tokens) == 7 and all(t.text == "0" for t in e.tokens)]
    assert len(zeros) >= 10
    for e in zeros:
        assert merged(e.tokens, blocks, 7) is None  # as many cells as the row has: untouched
        assert merged(e.tokens, blocks, 6) is None  # no header span to merge two zeros by
        assert merged(e.tokens, blocks, 1) is None


def test_a_row_not_repeated_across_the_span_is_not_merged():
    """The header shows a span but the row prints different values in it: not a repetition."""
    path = CONVERTED / "004_22cd3b9bc5f65582.python-docx.txt"
    doc = default_pipeline().run(load(path), until="classify").doc
    s, e = find_regions(doc.blocks)["active"]
    blocks = doc.blocks[s:e]
    row = next(en for en in build_entries(blocks, "active") if en.label == "procurement")
    assert [t.text for t in row.tokens] == ["5", "454万元", "454万元"]
    assert [t.text for t in merged(row.tokens, blocks, 2)[0]] == ["5", "454万元"]
    row.tokens[2].text = "455万元"
    assert merged(row.tokens, blocks, 2) is None


def test_csv_rows_are_cells_and_column_numbers_no_row():
    path = CONVERTED / "002_ee8fa3a975bc8fe4.pandas-csv.txt"
    blocks = [b for b in load(path).blocks if b.kind == "cell"]
    row = [b for b in blocks if b.row == next(x.row for x in blocks if x.text.startswith("一、本年新收"))]
    assert [(b.text, b.blank) for b in row[3:]] == [("1", False)] + [("", True)] * 5 + [("1", False)]
    # pandas names the columns of a table with no <th> 0..n-1: that line is no row of the report
    rows: dict[int, list[str]] = {}
    for b in blocks:
        rows.setdefault(b.row, []).append(b.text)
    assert not [r for r in rows.values() if r == [str(i) for i in range(len(r))]]
    assert "0,1,2,3\n" in path.read_text(encoding="utf-8")


def test_no_csv_table_in_reports_that_print_none():
    """Reports and other converters' output with commas in prose and thousands separators
    (\"1,234\") are left as they are."""
    files = [p for p in (DATA / "corpus").rglob("*") if p.suffix in (".txt", ".md")]
    files += [p for p in CONVERTED.iterdir() if p.suffix in (".txt", ".md") and "pandas-csv" not in p.name
              and "pdfplumber-tables" not in p.name and "camelot-csv" not in p.name
              and ".tabula-" not in p.name]  # (tables printed as CSV)
    assert len(files) > 40
    assert [p.name for p in files if retab(p.read_text(encoding="utf-8", errors="replace")) is not None] == []


def test_a_printed_dataframe_is_read_without_its_index():
    """df.to_string(): every row starts with its index (0, 1, 2 … - read as a value column, the
    rows were off by one), the columns are named 0 1 2 …, a blank cell prints NaN."""
    path = CONVERTED / "001.pandas-string.txt"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"\n3 +一、本年新收", text) and "NaN" in text
    out = extract_bytes(path.read_bytes(), path.name)
    want = _labels("real/001")
    assert [k for k, v in want.items() if comparable(out["fields"][k]["value"], True) != comparable(v, True)] == []
    assert out["review"]["required"] is False
    path = CONVERTED / "003.pandas-string.txt"
    out = extract_bytes(path.read_bytes(), path.name)
    want = _labels("real/003")
    # every column ends where its number in the header does: each row's cells exactly as
    # printed, table 二's last sub-table (one row: 行政事业性收费) included
    assert [k for k, v in want.items() if comparable(out["fields"][k]["value"], True) != comparable(v, True)] == []
    assert out["fields"]["active.fees.amount"]["confidence"] >= 0.99
    assert out["review"]["required"] is False


def test_a_printed_dataframe_becomes_its_cells():
    """Under the column numbers, a row's cells are cut where each number ends (right-aligned,
    two spaces apart): NaN is an empty cell, the index is no cell, a repeated label stays
    (merged cells, read once later). A row that runs over a column's end keeps the old
    reading (index and NaN blanked in place)."""
    frame = pd.DataFrame([["一、本年新收", 26, None, 26], ["二、上年结转", 0, None, 0], ["(一)予以公开", 26, 1, 27]])
    printed = frame.to_string()
    assert "NaN" in printed and printed.split("\n")[0].split() == ["0", "1", "2", "3"]
    out = plain("三、收到和处理政府信息公开申请情况\n" + printed).split("\n")
    # (a missing value made column 2 floats: 1.0 is the count 1)
    assert out[1] == "" and out[2:5] == ["一、本年新收\t26\t\t26", "二、上年结转\t0\t\t0", "(一)予以公开\t26\t1\t27"]
    lines = printed.split("\n")
    lines[2] = lines[2] + "  9"  # a row running past the last column: not cut into cells
    out = plain("三、收到和处理政府信息公开申请情况\n" + "\n".join(lines)).split("\n")
    assert "\t" not in "".join(out) and "NaN" not in "".join(out) and "一、本年新收" in out[2]


def test_no_printed_dataframe_in_reports_that_print_none():
    files = [p for p in (DATA / "corpus").rglob("*") if p.suffix in (".txt", ".md")]
    files += [p for p in CONVERTED.iterdir() if p.suffix in (".txt", ".md") and "pandas-string" not in p.name]
    assert [p.name for p in files if plain(p.read_text(encoding="utf-8", errors="replace")) is not None] == []


def test_a_csv_table_printed_all_blank_is_read_as_blank():
    """Table 四 of a generated report through pandas-csv: its header rows (<th>: no column
    numbers) and one row of fifteen empty fields - a table, read as blank, not missing."""
    path = CONVERTED / "gen11_00007.pandas-csv.txt"
    assert ",,,,,,,,,,,,,,\n" in path.read_text(encoding="utf-8")
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(CONVERTED / "gen11_00007.labels.json")
    assert [k for k, v in want.items() if comparable(out["fields"][k]["value"], True) != comparable(v, True)] == []
    assert "missing_table" not in {i["code"] for i in out["review"]["items"]}


@pytest.mark.parametrize("name", ["gen241_00013.pandas-string.txt", "gen241_00013.pandas-csv-index.txt"])
def test_a_frame_under_column_levels_is_read_without_its_index(name):
    """A table whose three head rows became the frame's column levels (pandas.read_html of a
    <thead>) keeps one data row: table 四 printed "0    2    0    3    1  6 …" (to_string) or
    "0,2,0,3,1,6,…" (to_csv) under head lines that leave the index's place empty. Its 0 is the
    row's index, not 结果维持: the row was read one column off (5 wrong, at 0.34)."""
    path = CONVERTED / name
    labels = CONVERTED / "gen241_00013.labels.json"
    assert wrong_values(path, labels, "review.") == {}
    assert not extract_bytes(path.read_bytes(), path.name)["review"]["required"]


def test_a_printed_frame_of_text_columns_one_wider_than_their_numbers_is_cut_at_its_cells():
    """pandas prints a column of strings one character wider than its number in the header line
    ("     0" over "0  行政复议", "3     3"): cut at the numbers' ends, every such row ran over its
    column and the table was read by character columns instead, table 四's blank cells (NaN)
    placed a column off (4 wrong, in review). Each column ends where its rows' cells do."""
    path = CONVERTED / "gen241_00024.pandas-string.txt"
    text = plain(path.read_text(encoding="utf-8"))
    assert "3\t\t1\t\t4\t\t\t\t3\t3\t\t\t\t\t" in text.split("\n")
    assert wrong_values(path, CONVERTED / "gen241_00024.labels.json") == {}


def test_a_frame_under_column_levels_whose_names_hold_spaces_is_read_without_its_index():
    """Table 四's names line under the frame's column levels prints names holding a space
    ('结果 维持', '尚未 审结'): split on spaces it names more columns than the row has cells, so
    the row's 0 was taken for 结果维持 and every value one column right (结果维持 0 for 2, 结果纠正
    2 for 0). Counted by where the frame right-aligns each cell under its name, the line names
    one column fewer than the row has cells: the 0 is the row's index."""
    path = CONVERTED / "gen293_00011.pandas-string.txt"
    labels = CONVERTED / "gen293_00011.labels.json"
    assert wrong_values(path, labels, "review.") == {}


def test_a_frame_column_no_row_fills_keeps_its_place():
    """Table 三 of the same frame: no row fills 法律服务机构 (NaN all down), so blanked it left no
    mark and 其他's 1 ('1.0' under '其 他') was read under 法律服务机构 on three rows. Cut at the
    ends every row's cells share (NaN printed in its place), with the names line over them, each
    value keeps its column: the report is read whole and accepted."""
    path = CONVERTED / "gen293_00011.pandas-string.txt"
    labels = CONVERTED / "gen293_00011.labels.json"
    assert wrong_values(path, labels) == {}
    assert not extract_bytes(path.read_bytes(), path.name)["review"]["required"]
