"""Blank cells in text that has only positions (issue 10): where the layout shows a blank's
place it is read, not inferred; where the columns are not established, what rests on them is
never near-certain. Read from real converter output (tests/data/converted, see its README).

* a box-drawn table (w3m) draws every cell: a blank ruled off above and below is a printed
  blank; one under a rule left open is part of a cell merged over rows;
* space-aligned text (pdftotext -layout): value columns that two full rows or more print on a
  shared edge establish where each column stands; a row whose numbers each sit on their
  column's edge shows its blanks. Without full rows, two neighbouring columns that no row
  prints both of may be one column printed at two positions ("392 76" and "25      5" in one
  column), and the columns from them to the total are in doubt; so are they in a row printing
  one number where two columns touch (told apart by a character or two), and where rows end
  at two columns no row prints both of (the table printed at two scales);
* a row label after a piece of a vertical group label ("处 3.其他", "( 1.申请人…") is a label
  of its own, and a row printing one number per column keeps them in printed order.
"""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, SEEDS, label_fields
from extractor.loaders import load, load_bytes
from extractor.loaders.aligned import retab, text_frags
from extractor.loaders.text import _aligned_line
from extractor.loaders.boxdrawn import retab as box_retab
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _extract(name: str) -> dict:
    path = CONVERTED / name
    return extract_bytes(path.read_bytes(), path.name, explain=True)


def _requests(want: dict, got: dict) -> tuple[list[str], list[str]]:
    """(keys of table 三 read wrong, keys read right but below 0.9)."""
    keys = [k for k in want if k.startswith("requests.")]
    wrong = [k for k in keys if got["fields"][k]["value"] != want[k]]
    low = [k for k in keys if k not in wrong and got["fields"][k]["confidence"] < 0.9]
    return wrong, low


def test_drawn_blank_cells_are_printed_blanks():
    # w3m draws table 三 with box characters; every row prints the natural-person and total
    # columns and five drawn empty cells between them: blanks as printed as the numbers are
    got = _extract("013.w3m.txt")
    wrong, low = _requests(label_fields(REAL / "013.labels.json"), got)
    assert wrong == [] and low == []
    assert not got["review"]["required"]


def test_drawn_blank_under_an_open_rule_is_part_of_a_merged_cell():
    text = (CONVERTED / "013.w3m.txt").read_text(encoding="utf-8")
    rewritten, geom = box_retab(text)
    lines = rewritten.split("\n")
    row = next(i for i, ln in enumerate(lines) if "2、其他法律行政止公开" in ln)
    cells = lines[row].split("\t")
    boxes = geom[row]
    label = cells.index("2、其他法律行政止公开")
    # the group labels' columns to its left: merged over rows, the rule under them open (no
    # box, or one of a row printing every grid column: its place, no blank seen)
    assert all(boxes[c] is None or not boxes[c].seen for c in range(label) if not cells[c])
    # its value cells: "0", then five drawn blanks, then the total
    blanks = [boxes[c] for c in range(label + 1, len(cells)) if not cells[c]]
    assert len(blanks) == 5 and all(b is not None and b.seen for b in blanks)


def test_space_aligned_blanks_under_established_columns_are_seen():
    # 001_ae5 through pdftotext -layout: table 三's first two rows print all seven columns
    # (the columns are established), the result rows print only their total
    doc = load(CONVERTED / "001_ae5d534637d2dda6.pdftotext-layout.txt")
    granted = next(r for r in doc.rows() if r[0].kind == "cell" and any(b.text == "(一)予以公开" for b in r))
    assert [b.text for b in granted if not b.blank][-1] == "84"
    assert sum(b.blank_seen for b in granted) == 6
    got = _extract("001_ae5d534637d2dda6.pdftotext-layout.txt")
    want = label_fields(SEEDS / "001_ae5d534637d2dda6.labels.json")
    for c in ("natural", "commercial", "research", "social", "legal", "other"):
        k = f"requests.granted.{c}"
        # printed blank, as the report prints it (its identities break in the report itself)
        assert got["fields"][k]["value"] == want[k] is None
        assert got["fields"][k]["confidence"] >= 0.9


def test_columns_printed_in_two_places_are_never_near_certain():
    # generated reports through pdftotext -layout with no full row in table 三: the commercial
    # column printed right after the natural person's number in one row ("392 76") and a few
    # characters further right in another ("25      5"), which reads as the next column;
    # every identity holds for the wrong reading too. Wrong cells may be, but never >= 0.9.
    for name, labels in (("gen11_00000.pdftotext-layout.txt", "gen11_00000.labels.json"),
                         ("gen23_00027.pdftotext-layout.txt", "gen23_00027.labels.json")):
        got = _extract(name)
        want = label_fields(CONVERTED / labels)
        sure_wrong = [k for k, v in want.items() if k in got["fields"]
                      and got["fields"][k]["value"] != v and got["fields"][k]["confidence"] >= 0.9]
        assert sure_wrong == [], name
        assert got["review"]["required"]


def test_a_row_printing_one_number_where_two_columns_touch_is_never_near_certain():
    # a generated report through LibreOffice's PDF and pdftotext -layout: the natural-person and
    # commercial columns touch ("254 49" at 27 and 31, "392 76" at 30 and 34: pdftotext pushes
    # a row's first numbers right by its label's length). The two were told apart by a character
    # or two, so "392" went to the commercial column and every number after it one column right;
    # 44 of 46 checks hold for that reading. A row printing one number there is in doubt.
    name = "gen11_00000.lo-pdf-pdftotext-layout.txt"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    rewritten, geom = retab(text, _aligned_line)
    lines = rewritten.split("\n")
    one = next(i for i, ln in enumerate(lines) if ln.startswith("一、本年新收"))
    both = next(i for i, ln in enumerate(lines) if "(一)予以公开" in ln)
    assert "392" in lines[one].split("\t") and "254" in lines[both].split("\t")
    assert any(f is not None and f.doubt for f in geom[one])
    assert not any(f is not None and f.doubt for f in geom[both])  # (both parts printed: they stand)
    got = _extract(name)
    want = label_fields(CONVERTED / "gen11_00000.labels.json")
    sure_wrong = [k for k, v in want.items() if k in got["fields"]
                  and got["fields"][k]["value"] != v and got["fields"][k]["confidence"] >= 0.9]
    assert sure_wrong == []
    assert got["review"]["required"]


def test_rows_after_blank_rows_beside_a_group_label_stay_under_the_same_columns():
    # 003_2b6 through pdftotext -layout: （五）不予处理's group label printed a character a line
    # beside two rows printed all blank ("不 3. 要求提供公开出版物", "予", "4. 无正当…", "处"),
    # five lines with no number. The rows after them (5., （六）, （七）总计, 四、) were a table of
    # their own, one full row among them: no column established, their blanks only inferred.
    # With nothing but blank rows' labels and the group label's characters between, and every
    # number of the next row under a number of the two rows before, the table goes on.
    name = "003_2b6abe27bfe85e6a.pdftotext-layout.txt"
    rewritten, geom = retab((CONVERTED / name).read_text(encoding="utf-8"), _aligned_line)
    lines = rewritten.split("\n")
    row = next(i for i, ln in enumerate(lines) if "5. 要求行政机关确认" in ln)
    assert lines[row].split("\t")[-7:] == ["2", "", "", "", "", "", "2"]
    assert sum(f is not None and f.seen for f in geom[row]) == 5
    got = _extract(name)
    wrong, low = _requests(label_fields(SEEDS / "003_2b6abe27bfe85e6a.labels.json"), got)
    assert wrong == [] and low == []
    assert not got["review"]["required"]


def test_rows_after_blank_rows_in_columns_of_their_own_are_a_table_of_their_own():
    # a generated report through pdftotext -layout: after （五）'s blank rows, （七）总计 prints
    # "2205 86" at 36 and 41 and its total at 81 where the rows above print at 36, 45 … 86.
    # Joined to the rows above, those positions made columns of their own for every row (nine
    # for seven) and rows read right above the blank rows went astray; apart, they stand.
    name = "gen11_00018.pdftotext-layout.txt"
    got = _extract(name)
    want = label_fields(CONVERTED / "gen11_00018.labels.json")
    above = ("granted", "partial", "denied.state_secret", "denied.third_party", "denied.internal",
             "denied.process", "denied.enforcement", "unable.not_held", "unable.need_creation")
    for row in above:
        for col in ("natural", "commercial", "research", "social", "legal", "other", "total"):
            k = f"requests.{row}.{col}"
            assert got["fields"][k]["value"] == want[k] and got["fields"][k]["confidence"] >= 0.9, k


def test_lines_that_are_no_table_alone_do_not_become_one_past_blank_rows():
    # a generated report through Chromium's PDF and pdftotext -layout: table 三's first rows print
    # their narrow cells wrapped over lines ("1 … 3" over the label's line, "0" under it): no
    # full row establishes a column. Carried on past （三）'s blank rows to "8.属于行政查询事项
    # 1  1", they were laid out as one table and read a column off at 0.9999. Wrong cells may
    # be, never >= 0.9.
    name = "gen61_00016.chromium-pdftotext-layout.txt"
    got = _extract(name)
    want = label_fields(CONVERTED / "gen61_00016.labels.json")
    sure_wrong = [k for k, v in want.items() if k in got["fields"] and got["fields"][k]["value"] != v
                  and not (v in (0, None) and got["fields"][k]["value"] in (0, None))
                  and got["fields"][k]["confidence"] >= 0.9]
    assert sure_wrong == []


def test_rows_printed_at_two_scales_are_never_near_certain():
    # a generated report through LibreOffice's PDF and pdftotext -layout: table 三's first rows,
    # under long labels, print their numbers pressed left and end at 53 ("172 19 9 6 206"); the
    # rows after end at 65 ("12 1 1 14"). No row prints both ends: "1" at 49 is 其他 in the
    # first rows and 法律服务机构 in the others, and was read 社会公益组织 at 0.9999.
    name = "gen61_00022.lo-pdf-pdftotext-layout.txt"
    rewritten, geom = retab((CONVERTED / name).read_text(encoding="utf-8"), _aligned_line)
    lines = rewritten.split("\n")
    row = next(i for i, ln in enumerate(lines) if "(二)部分公开" in ln)
    assert lines[row].split("\t")[-7:] == ["12", "1", "", "1", "", "", "14"]
    assert geom[row][-4].doubt  # (the "1" at 49)
    got = _extract(name)
    want = label_fields(CONVERTED / "gen61_00022.labels.json")
    sure_wrong = [k for k, v in want.items() if k.startswith("requests.") and got["fields"][k]["value"] != v
                  and not (v in (0, None) and got["fields"][k]["value"] in (0, None))
                  and got["fields"][k]["confidence"] >= 0.9]
    assert sure_wrong == []


def test_row_label_after_a_piece_of_a_group_label():
    assert [f.text for f in text_frags("    处 3.其他                   1                0", 0)] == ["处", "3.其他", "1", "0"]
    assert [f.text for f in text_frags("    ( 1.申请人无正当理由逾期不补正、行政机关不再 0   0", 0)][:2] == \
        ["(", "1.申请人无正当理由逾期不补正、行政机关不再"]
    # 003 and 005 through pdftotext -layout: （六）其他处理's rows print their first number
    # right after a long label, left of the natural-person column; seven numbers for seven
    # columns, in printed order: read and sure, and 3.其他 found by its label
    for name, labels in (("003.typeset.pdftotext-layout.txt", REAL / "003.labels.json"),
                         ("005.typeset.pdftotext-layout.txt", REAL / "005.labels.json")):
        got = _extract(name)
        wrong, low = _requests(label_fields(labels), got)
        assert wrong == [] and low == [], name
        assert not got["review"]["required"], name


def test_a_caption_broken_into_runs_is_not_a_wrapped_label():
    # inscriptis (a text browser) prints "第二十条第（六）项" in runs: "第 二十 条第（ 六）项". Two
    # lines under a row, with no numbering seen, it was taken for the row label's next line
    # ("其他对外管理服务 事项第 二十 条第（ 六）项"), which reads as a caption: the row was lost
    text = ("    信息内容                 上一年项目数量   本年增/减   处理决定数量\n\n"
            "    行政许可                 60               3           4017\n\n"
            "    其他对外管理服务 事项   699              -29         10569008\n\n"
            "    第 二十 条第（ 六）项\n\n"
            "    信息内容                 上一年项目数量   本年增/减   处理决定数量\n\n"
            "    行政处罚                 0                0           0\n")
    doc = load_bytes(text.encode(), "t.txt")
    texts = [b.text for b in doc.blocks]
    assert "其他对外管理服务 事项" in texts and "第 二十 条第（ 六）项" in texts


# A text browser's dump of a table without borders (w3m, generated report): headings left-aligned
# in their columns as the numbers are; 科研机构 and 社会公益组织 print no number in any row.
HEADED = """\
三、收到和处理政府信息公开申请情况

                                           申请人情况
(本列数据的勾稽关系为:第一项加第二项之和,  自  法人或其他组织               总
等于第三项加第四项之和)                    然  商业 科研 社会公  法律服  其 计
                                           人  企业 机构 益组织  务机构  他
一、本年新收政府信息公开申请数量           766 12                2       44 824
二、上年结转政府信息公开申请数量
           (一)予以公开                    295 4                 1       16 316
           (二)部分公开（区分处理的，只计  95                            4  99
           这一情形，不计其他情形）
                   1.属于国家秘密          4                                4
"""


def _row_of(doc, label: str) -> list:
    r = next(b.row for b in doc.blocks if b.text.startswith(label))
    return [b for b in doc.blocks if b.row == r]


def test_header_words_show_the_columns_no_number_is_printed_in():
    doc = load_bytes(HEADED.encode(), "t.txt")
    row = _row_of(doc, "一、本年新收")
    assert [b.text for b in row][1:] == ["766", "12", "", "", "2", "44", "824"]
    assert all(b.blank_seen for b in row if b.blank)
    assert [b.text for b in _row_of(doc, "(二)部分公开")][-6:] == ["", "", "", "", "4", "99"]


def test_headings_that_do_not_start_where_their_numbers_do_show_nothing():
    # the same table with its headings moved one column right of the numbers' left edges:
    # headings set apart from the numbers (centred, a PDF's text layer) place no column
    lines = HEADED.split("\n")
    shifted = "\n".join(" " + ln if 2 <= i <= 5 else ln for i, ln in enumerate(lines))
    doc = load_bytes(shifted.encode(), "t.txt")
    row = _row_of(doc, "一、本年新收")
    assert [b.text for b in row][1:] == ["766", "12", "2", "44", "824"]


# w3m's drawing of table 四 printed all blank (generated report): its header rows, then one row of
# fifteen empty cells between two rules.
BLANK_ROW_DRAWN = """\

四、政府信息公开行政复议及行政诉讼情况

┌──────────────────────────┬─────────────────────────────────────────────────────┐
│         行政复议         │                      行政诉讼                       │
├───────┬───┬───────┬───┬──┼──────────────────────────┬──────────────────────────┤
│       │   │       │   │  │     未经复议直接起诉     │        复议后起诉        │
│       │结 │       │尚 │  ├───────┬───────┬───┬───┬──┼───────┬───┬───────┬───┬──┤
│结果维 │果 │其他结 │未 │总│       │       │其 │尚 │  │       │结 │       │尚 │  │
│  持   │纠 │  果   │审 │计│结果维 │结果纠 │他 │未 │总│结果维 │果 │其他结 │未 │总│
│       │正 │       │结 │  │  持   │  正   │结 │审 │计│  持   │纠 │  果   │审 │计│
│       │   │       │   │  │       │       │果 │结 │  │       │正 │       │结 │  │
├───────┼───┼───────┼───┼──┼───────┼───────┼───┼───┼──┼───────┼───┼───────┼───┼──┤
│       │   │       │   │  │       │       │   │   │  │       │   │       │   │  │
└───────┴───┴───────┴───┴──┴───────┴───────┴───┴───┴──┴───────┴───┴───────┴───┴──┘
"""


def test_a_drawn_row_of_empty_cells_is_a_row_of_seen_blanks():
    # "│   │   │" has no horizontal stroke: a row, not a rule. Taken for a rule, the table had
    # no row under its header, and table 四 was "not found" though it prints every cell blank
    doc = load_bytes(("政府信息公开工作年度报告\n" + BLANK_ROW_DRAWN).encode(), "t.txt")
    rows = {}
    for b in doc.blocks:
        if b.kind == "cell":
            rows.setdefault(b.row, []).append(b)
    last = rows[max(rows)]
    assert len(last) == 15 and all(b.blank and b.blank_seen for b in last)
    out = extract_bytes(("政府信息公开工作年度报告\n" + BLANK_ROW_DRAWN).encode(), "t.txt")
    # (table 四 alone: a partial report, tables 二 and 三 named missing, 四 not)
    assert "review" not in {i["detail"]["table"] for i in out["review"]["items"] if i["code"] == "missing_table"}
    assert all(out["fields"][k]["value"] is None for k in out["fields"] if k.startswith("review."))
