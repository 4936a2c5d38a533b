"""Reports through converters that draw or space tables their own way, read from their real
output of the dev reports (tests/data/converted, see its README).

links -dump draws a table with ASCII rules whose ends are bars ("|------+---|") and counts a
CJK character as one column ("|    信息内容    |" under "|------------+"): its rules were read as
text, every table one row of run-together cells. WeasyPrint's PDF through pdftotext -layout
prints a label centred on its row: its first line, an empty line above it, then the values,
then the label's rest ("其他对外管理服务" / "51  54  2024" / "事项"); the first line was taken for
the row above's wrapped label, which then read the values of the row below, near-certain.
"""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, wrong_values
from extractor.loaders import load_bytes
from extractor.pipeline import extract_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def _wrong(name: str, labels: Path, prefix: str = "") -> dict:
    return wrong_values(CONVERTED / name, labels, prefix)


def test_links_ascii_tables_with_bar_ended_rules_are_read_cell_by_cell():
    assert _wrong("001.links.txt", DATA / "corpus" / "real" / "001.labels.json") == {}
    assert _wrong("004_22cd3b9bc5f65582.links.txt", DATA / "corpus" / "seeds" / "004_22cd3b9bc5f65582.labels.json") == {}


def test_links_rows_are_tab_rows_with_merged_labels_in_their_columns():
    path = CONVERTED / "001.links.txt"
    lines = load_bytes(path.read_bytes(), path.name).text.split("\n")
    assert "其他对外管理服务事项\t10\t0\t153" in lines
    # a rule under the columns right of a merged label ("|   |---+--|") is a rule, not a cell's text
    assert "\t(三)不予公开\t5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0" in lines
    assert not any("----" in ln for ln in lines)


def test_characters_counted_as_columns_keep_cells_apart():
    text = ("+--------------+\n"
            "|规章  | 3 |   |\n"
            "|------+---+---|\n"
            "|其他事项| 12| 1 |\n"
            "+--------------+\n")
    lines = load_bytes(text.encode(), "x.txt").text.split("\n")
    assert lines[:2] == ["规章\t3\t", "其他事项\t12\t1"]


def test_a_label_line_after_an_empty_line_opens_the_row_whose_values_follow():
    got = _wrong("002_ee8fa3a975bc8fe4.weasyprint-pdftotext-layout.txt",
                 DATA / "corpus" / "seeds" / "002_ee8fa3a975bc8fe4.labels.json", "active.")
    assert got == {}


def test_a_broken_sum_among_numbers_printed_one_a_line_is_no_certain_reading():
    # WeasyPrint's PDF through pdftotext's default order prints table 四 one number a line,
    # in an order of its own (复议 1 1 0 0 2 read as 1 0 1 1 0): two groups' sums break. Each
    # number was read exactly, but the order the cells were placed in is the reader's - the
    # break is evidence of misreading, not the report's own error kept near-certain
    path = CONVERTED / "005.weasyprint-pdftotext-default.txt"
    want = label_fields(DATA / "corpus" / "real" / "005.labels.json")
    out = extract_bytes(path.read_bytes(), path.name)
    got = {k: f for k, f in out["fields"].items() if k.startswith("review.")}
    wrong = [k for k, f in got.items() if f["value"] != want[k]]
    assert wrong and all(got[k]["confidence"] < 0.9 for k in wrong)
    broken = {c["rule"] for c in out["checks"] if c["status"] == "broken"}
    assert {"review.reconsideration", "review.litigation_direct"} <= broken
    assert out["review"]["required"]
    # the group whose sum holds keeps its reading
    assert all(got[f"review.litigation_after.{c}"]["confidence"] >= 0.9
               for c in ("upheld", "corrected", "other", "pending", "total"))

    # a reader printing every cell a line, the headings too ("结果维持" / "结果纠正" / …), keeps
    # the document's order: a sum the report itself breaks (复议 1+0+0+0, 总计 0) stays its own
    path = CONVERTED / "001_ae5d534637d2dda6.soup-text-nl.txt"
    out = extract_bytes(path.read_bytes(), path.name)
    assert "review.reconsideration" in {c["rule"] for c in out["checks"] if c["status"] == "broken"}
    assert out["fields"]["review.reconsideration.upheld"]["value"] == 1
    assert out["fields"]["review.reconsideration.upheld"]["confidence"] >= 0.9


def test_digits_cut_two_ways_that_keep_every_identity_are_not_near_certain():
    # BeautifulSoup's get_text("") of mammoth's HTML runs a row's cells together:
    # "26601201013932833" (本年新收) and its 总计 row "26421201013932814" cut 2660|1|20|10|139|3
    # or 2660|120|10|1|39|3 keep the row's sum and, both rows cut alike, the identity between
    # them: the cut chosen among those is no evidence of where the digits part
    path = CONVERTED / "003_2b6abe27bfe85e6a.mammoth-soup-none.txt"
    want = label_fields(DATA / "corpus" / "seeds" / "003_2b6abe27bfe85e6a.labels.json")
    got = extract_bytes(path.read_bytes(), path.name)["fields"]
    wrong = [k for k, f in got.items() if k.startswith("requests.new.") and f["value"] != want[k]]
    assert "requests.new.commercial" in wrong
    assert all(got[k]["confidence"] < 0.9 for k in wrong)
    # the cells every cut agrees on keep their reading - but not near-certain: 其他's 3 is the
    # 13th digit of both runs, the balance between the rows holds on the two cuts alike (3 = 3),
    # and 其他's column sum over rows cut otherwise breaks, so no identity proves that cut
    # (confidence.cut_unproven)
    assert got["requests.new.other"]["value"] == want["requests.new.other"]
    assert got["requests.new.other"]["confidence"] < 0.9


def test_lynx_one_cell_a_line_counts_blank_cells_by_empty_lines_where_they_hold_a_paragraph():
    # gen211_00018: lynx prints table 三 one cell a line, cells apart by an empty line, and each
    # blank cell (an empty paragraph) as one more: "3", four empty lines, "3" is 商业企业's 3,
    # three blanks, 其他's 3. Read as spacing, the blanks' places were guessed (10 wrong, 165
    # cells < 0.9); counted, every cell has its column
    from extractor.loaders import text as T
    raw = (CONVERTED / "gen211_00018.lynx.txt").read_text("utf-8")
    assert T._blank_cell_lines(raw) != raw
    labels = CONVERTED / "gen211_00018.inscriptis.labels.json"  # (the same report's labels)
    assert _wrong("gen211_00018.lynx.txt", labels, "requests.") == {}
    # 004_22c's blank cells hold only &nbsp;: lynx prints five of them as one more empty line,
    # so its runs (one or two lines) say nothing of how many - left as they are, in doubt
    raw = (CONVERTED / "004_22cd3b9bc5f65582.lynx.txt").read_text("utf-8")
    assert T._blank_cell_lines(raw) == raw
    wrong = _wrong("004_22cd3b9bc5f65582.lynx.txt", DATA / "corpus" / "seeds" / "004_22cd3b9bc5f65582.labels.json")
    assert all(c < 0.9 for _, _, c in wrong.values())
