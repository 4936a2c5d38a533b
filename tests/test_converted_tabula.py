"""Tables tabula-py (tabula-java) found in the typeset PDF, as scrapers save them (held-out routes
tabula-* of training/converters.py; tests/data/converted, see its README): tabula-java's JSON
(every table a list of rows, every cell an object with its box and its "text") and pandas'
to_csv of read_pdf's data frames, where a cell's line break ("10\\r1": 101 wrapped in its
narrow cell) is a lone CR left unquoted."""
from __future__ import annotations

import json
from pathlib import Path

from corpus import SEEDS, label_fields, labels_path, plain

from extractor.loaders import delimited, jsontables, load, records
from extractor.loaders.encoding import normalize_newlines
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _wrong(out: dict, want: dict, prefix: str = "") -> dict:
    return {k: (out["fields"][k]["value"], plain(v)) for k, v in want.items()
            if k.startswith(prefix) and not isinstance(v, dict) and (out["fields"][k]["value"] or 0) != (v or 0)}


def test_tabula_json_rows_of_cell_objects_are_table_rows():
    name = "000_26fa7c73a70403e4.tabula-json.json"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    assert text.startswith('[{"extraction_method": "lattice", "top": ')
    # boxes with text, as word records have them - but already set in rows and cells
    assert records.records(text) and jsontables.cell_tables(text)
    rows: dict = {}
    for b in load(CONVERTED / name).blocks:
        if b.kind == "cell":
            rows.setdefault(b.row, []).append(b.text)
    assert any(r[:3] == ["一、本年新收政府信息公开申请数量", "21", "0"] for r in rows.values())
    out = extract_bytes(text.encode("utf-8"), name)
    want = label_fields(labels_path(SEEDS / "000_26fa7c73a70403e4.txt"))
    # table 三 was lost among cell boxes placed as loose words (every table a page of its own)
    assert _wrong(out, want) == {}


def test_words_saved_as_objects_are_no_table_rows():
    # a page's words as objects (text and box) on many lines: records.py's, not a table
    page = [[{"top": 10.0 + 14 * i, "left": 20.0 + 30 * j, "width": 28.0, "height": 12.0, "text": w}
             for i, line in enumerate([["规章", "0", "0"], ["规范性文件", "3", "5"]]) for j, w in enumerate(line)]] * 2
    assert not jsontables.cell_tables(json.dumps(page, ensure_ascii=False))


def test_lone_cr_in_a_record_of_an_lf_text_is_a_line_break_in_a_cell():
    name = "003_2b6abe27bfe85e6a.tabula-pandas.txt"
    data = (CONVERTED / name).read_bytes()
    assert b"\n64,13,13,11,10\r1,38,6,13,22,,34,,2,9,4\r7\n" in data
    assert "64,13,13,11,10 1,38" in normalize_newlines(data.decode("utf-8"))
    # a text of CR line ends keeps them; CR CR LF stays two line ends
    assert normalize_newlines("a\rb\rc\nd") == "a\nb\nc\nd"
    assert normalize_newlines("a\r\r\nb\nc\n") == "a\n\nb\nc\n"
    # a lone CR outside a comma-separated record stays a line end
    assert normalize_newlines("一、总体情况\r\n规章\t0\r第二行\r\n") == "一、总体情况\n规章\t0\n第二行\n"
    out = extract_bytes(data, name)
    want = label_fields(labels_path(SEEDS / "003_2b6abe27bfe85e6a.txt"))
    # the record cut at its CRs read "101" and "47" as "10", "1" and "4", "7" at 0.999
    wrong = _wrong(out, want, "review.")
    assert all(out["fields"][k]["confidence"] < 0.9 for k in wrong)
    # (tabula lost the text of two cells: 79 and 2)
    assert sorted(wrong) == ["review.litigation_after.corrected", "review.litigation_direct.total"]
    assert out["fields"]["review.reconsideration.total"]["value"] != 10


def test_merged_columns_make_no_grid():
    # tabula's stream mode (tables found by text alignment) merges neighbouring columns into
    # one field, and its empty fields stand for no particular blank cells
    name = "003_2b6abe27bfe85e6a.tabula-stream-csv.txt"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    assert "\n一、本年新收政府信息公开申请数量 2660 120,,10 1 39 3,2833\n" in text
    lines = delimited.retab(text).split("\n")
    assert "一、本年新收政府信息公开申请数量 2660 120 10 1 39 3 2833" in lines
    assert "二、上年结转政府信息公开申请数量 78 6 84" in lines
    out = extract_bytes(text.encode("utf-8"), name)
    want = label_fields(labels_path(SEEDS / "003_2b6abe27bfe85e6a.txt"))
    # as a grid, a field of several numbers was no cell: table 三 blank, table 四 misread
    assert _wrong(out, want) == {}
    # a table reader's grid (its cells one a field, a wrapped number "10 1" once) stays one
    grid = delimited.retab(normalize_newlines((CONVERTED / "003_2b6abe27bfe85e6a.tabula-pandas.txt")
                                              .read_text(encoding="utf-8")))
    assert "一、本年新收政府信息公开申请数量\t2660\t120\t10\t1\t39\t3\t2833\t" in grid.split("\n")


def test_blank_part_short_of_its_total_is_no_certain_blank():
    # tabula's lattice mode dropped the text of narrow cells of table 四 (their headers too:
    # "议后起诉", "果维", "未审"): 复议后起诉 prints ",,3,,5" - 3 + 2 = 5, the 2 lost
    name = "gen631_00000.tabula-lattice-csv.txt"
    data = (CONVERTED / name).read_bytes()
    assert "\r\n0,0,2,3,5,0,0,0,0,0,,,3,,5\r\n" in data.decode("utf-8")
    want = label_fields(CONVERTED / "gen631_00000.tabula-lattice-csv.labels.json")
    assert want["review.litigation_after.pending"] == 2
    out = extract_bytes(data, name)
    f = out["fields"]["review.litigation_after.pending"]
    assert f["value"] is None and f["confidence"] < 0.9
    # no longer the report's own inconsistency, auto-accepted
    assert out["review"]["required"] and not out["review"]["source_inconsistent"]
    assert all(out["fields"][k]["confidence"] < 0.9 for k in _wrong(out, want))


def _cut_heading_read(stem: str, header: str, row: str) -> tuple[dict, dict]:
    """A tabula-lattice-csv conversion that prints `header` and `row` as CSV lines: its
    extraction (with explanations) and its labels."""
    name = f"{stem}.tabula-lattice-csv.txt"
    data = (CONVERTED / name).read_bytes()
    text = data.decode("utf-8")
    assert f"{header}\r\n" in text and f"\r\n{row}\r\n" in text
    return extract_bytes(data, name, explain=True), label_fields(CONVERTED / f"{stem}.tabula-lattice-csv.labels.json")


def test_blank_under_a_cut_heading_is_no_certain_blank():
    # tabula's lattice mode kept only the text that fits a narrow cell's box: the heading
    # 本年废止件数 printed "年废止件数", and 行政规范性文件's 5 in that column lost - printed blank
    out, want = _cut_heading_read("gen631_00016", "信息内容,本年制发件数,年废止件数,现行有效件数",
                                  "行政规范性文件,35,,37")
    assert want["active.normative.repealed"] == 5
    f = out["fields"]["active.normative.repealed"]
    assert f["value"] is None and f["confidence"] < 0.9
    assert f["explain"]["evidence"]["heading_cut"] == "年废止件数"
    assert f["explain"]["why"][0].startswith("该列表头只印出「年废止件数」")
    assert out["review"]["required"]  # (auto-accepted with that blank at 1.0 before)
    # the columns whose headings print whole keep their readings
    assert out["fields"]["active.normative.issued"]["value"] == 35
    assert out["fields"]["active.normative.issued"]["confidence"] >= 0.9
    assert out["fields"]["active.normative.in_force"]["confidence"] >= 0.9
    assert all(out["fields"][k]["confidence"] < 0.9 for k in _wrong(out, want))


def test_number_under_a_cut_heading_is_no_certain_number():
    # the same cut at the cells' left edges took a number's first digit: 现行有效件数 printed
    # "行有效件数", 行政规范性文件's 142 printed "42" - read 42 at 1.0 before
    out, want = _cut_heading_read("gen740_00002", "信息内容,本年制发件数,年废止件数,行有效件数",
                                  "行政规范性文件,139,,42")
    assert want["active.normative.in_force"] == 142
    f = out["fields"]["active.normative.in_force"]
    assert f["value"] == 42 and f["confidence"] < 0.9
    assert f["explain"]["evidence"]["heading_cut"] == "行有效件数"
    assert f["explain"]["why"][0].startswith("该列表头只印出「行有效件数」")
    assert out["review"]["required"]
    # the column whose heading prints whole keeps its reading
    assert out["fields"]["active.normative.issued"]["value"] == 139
    assert out["fields"]["active.normative.issued"]["confidence"] >= 0.9
    assert all(out["fields"][k]["confidence"] < 0.9 for k in _wrong(out, want))


def test_number_under_a_heading_wrapped_over_lines_stays_sure():
    # a heading wrapped by <br> prints 本年新 / 制作数量 on lines of their own, the first read
    # as text, not a header cell: 制作数量 looks cut, but its rest is printed right above it
    name = "008.soup-text-nl.txt"
    data = (CONVERTED / name).read_bytes()
    assert "\n信息内容\n本年新\n制作数量\n本年新\n公开数量\n" in data.decode("utf-8")
    out = extract_bytes(data, name, explain=True)
    f = out["fields"]["active.rules.made"]
    assert f["value"] == 13 and f["confidence"] >= 0.9
    assert "heading_cut" not in f.get("explain", {}).get("evidence", {})


def test_heading_wrapped_or_worded_shorter_is_no_cut():
    from extractor import templates as T
    from extractor.headings import cut_headings
    from extractor.model import Block
    cols = T.ACTIVE["2021"].columns
    heads = lambda *texts: [Block(t, "cell", label="header") for t in texts]
    assert cut_headings(heads("信息内容", "本年制发件数", "年废止件数", "行有效件数"), cols) == {
        "repealed": "年废止件数", "in_force": "行有效件数"}
    # wrapped onto a second line: the rest printed as a piece of its own
    assert cut_headings(heads("信息内容 本年制发 本年废止 现行有效", "件数 件数 件数"), cols) == {}
    # a heading broken by a space (pandas' to_string of a frame: "本年新 制作数量"), its first
    # piece beginning another heading as well (本年新公开数量)
    cols19 = T.get("active", "2019").columns
    assert cut_headings(heads("信息内容   本年新 制作数量     本年新公开数量     对外公开总数量"), cols19) == {}
    # the form's own shorter wording of a heading
    assert cut_headings(heads("本年收费金额", "处理决定数量"), cols) == {}
