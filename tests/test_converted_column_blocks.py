"""Column blocks of a PDF reader's default order (tests/data/converted/README.md):
rows whose first cells are printed beside their labels and their other cells after the
last label, row by row."""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CORPUS, label_fields, labels

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
OTHER = ("other.no_correction", "other.no_fee", "other.other")
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


@pytest.mark.parametrize("name,report", [("005.pdftotext-default.txt", "real/005.txt"),
                                         ("009.pdftotext-default.txt", "real/009.md")])
def test_first_cells_beside_labels_then_the_rest_row_by_row(name, report):
    # table 三's （六）其他处理 through `pdftotext` (default order): "1. 申请人无正当理由逾期不
    # 补正… 1", "2. 申请人逾期未按收费… 0", then the third row's first cell, then the other six
    # cells of the three rows, row after row (005: 0 0 0 0 0 1 | 0 0 0 0 0 0 | 0 0 0 0 0 1).
    # Read in printed order the first row's sum breaks; the three first cells then the rows
    # keep every row's sum, and are the report's values
    want = labels(CORPUS / report)["fields"]
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    for row in OTHER:
        keys = [f"requests.{row}.{c}" for c in COLS]
        assert [f[k]["value"] for k in keys] == [want[k] for k in keys], row
    # which row a value belongs to is inferred from the order, not near-certain - unless the
    # print proves it (reorder._proven, session 27): 005 prints every cell of the three rows,
    # one reading order keeps every row's sums and the table's column sums hold; 009's table
    # breaks a column sum as read (assemble_requests' guard)
    assert (f["requests.other.no_correction.total"]["confidence"] >= 0.9) == name.startswith("005")


def test_firsts_reading_needs_every_row_identity():
    from entries import Entry as E, sums_hold as row_ok
    from extractor.reorder import regroup

    rows = [E("a", ["1"]), E("b", ["2", "0", "1", "0", "2"])]
    regroup(rows, {"a": 3, "b": 3}, row_ok)
    assert [[t.text for t in e.tokens] for e in rows] == [["1", "0", "1"], ["2", "0", "2"]]
    # the same numbers where neither reading keeps the rows' sums: left as printed
    rows = [E("a", ["1"]), E("b", ["2", "0", "1", "1", "2"])]
    regroup(rows, {"a": 3, "b": 3}, row_ok)
    assert [len(e.tokens) for e in rows] == [1, 5]


@pytest.mark.parametrize("name,report", [("005.pdftotext-default.txt", "real/005.txt"),
                                         ("009.pdftotext-default.txt", "real/009.md")])
def test_last_rows_values_printed_between_their_labels(name, report):
    # the same texts: "(七)" (005; 009: "(七)总计"), then the 7 numbers of the total and those
    # of 四、结转下年度继续办理 (009: six, its blank total not printed), then "总计" and that
    # label. The first seven, keeping the row's sum, are the total's; the rest the next row's
    want = labels(CORPUS / report)["fields"]
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    for row in ("total", "carried_forward"):
        keys = [f"requests.{row}.{c}" for c in COLS]
        assert [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys], row
    # the last row's values stood after another row's label: where they go is inferred - unless
    # the print proves it (reorder._proven, session 27): 005 prints all fourteen cells, read
    # row by row they keep every sum of the table, the other orders break them; 009 drops the
    # blank total, its count is not the rows' own
    proven = name.startswith("005")
    assert all((f[f"requests.carried_forward.{c}"]["confidence"] >= 0.9) == proven for c in COLS)


def test_rows_printed_whole_are_cut_even_where_a_sum_breaks():
    # a generated report through `pdftotext` (gen11_00006): every row of table 三 prints its
    # seven cells, and "（七）总计" is followed by fourteen numbers, then the label
    # "四、结转下年度继续办理": the total's seven, then the next row's. The report's own total
    # breaks its sum (26 + 3 + 1 + 1 + 4 + 0 = 35, printed 71): the cut rests on the rows
    # being printed whole and the empty label right after, not on the sums
    name = "gen11_00006.pdftotext-default.txt"
    want = label_fields(CONVERTED / "gen11_00006.labels.json")
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    for row in ("total", "carried_forward"):
        keys = [f"requests.{row}.{c}" for c in COLS]
        assert [f[k]["value"] for k in keys] == [want[k] for k in keys], row
    assert all(f[f"requests.carried_forward.{c}"]["confidence"] < 0.9 for c in COLS)


def test_a_row_keeping_its_sum_is_not_cut_where_rows_drop_blanks():
    # a generated report through `pdftotext` (gen23_00000): rows of table 三 print some of
    # their cells, "6.属于四类过程性信息" is followed by ten numbers "0 0 1 1 0 0 2 2 2 2". Its
    # first seven keep a row's sum (0+0+1+1+0+0 = 2) by the numbers alone; where rows drop
    # blank cells that is no row, and nothing may read as near-certain what is wrong
    name = "gen23_00000.pdftotext-default.txt"
    want = label_fields(CONVERTED / "gen23_00000.labels.json")
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    confident = [k for k in want if k.startswith("requests.")
                 and (f[k]["value"] or 0) != (want[k] or 0) and f[k]["confidence"] >= 0.9]
    assert confident == []


# --- a row printing its own values right after its label inside such a run --------------

def _wrong(name: str, report: str) -> list[str]:
    want = labels(CORPUS / report)["fields"]
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    return sorted(k for k in want if k.startswith("requests.") and f[k]["value"] != want[k])


def test_total_printed_after_its_label_keeps_its_values():
    # real/013 through `pdftotext`: （六）其他处理's rows print "0", "0", "0", "0" around their
    # labels, then "（七）总计" and "26 26 0 0": the total's own two cells, then the last row
    # of （六）'s. Read in order the total would get "0 0" and 3.其他 "26 26" (every row's
    # sum holds either way); the total = Σ results and 一+二 = 七+四 columns hold only when
    # 总计 keeps the values printed after its label
    assert _wrong("013.pdftotext-default.txt", "real/013.html") == []
    # seeds/001_ae5 (one printed column): （三）不能提供's three labels then "66", other rows'
    # zeros, "（七）总计 87 0 0 0 0 0 0": 66 is the first row's, 87 the total's, the zeros
    # after it the rows between
    assert _wrong("001_ae5d534637d2dda6.pdftotext-default.txt", "seeds/001_ae5d534637d2dda6.txt") == []


def test_a_row_keeps_its_own_values_only_where_the_table_says_so():
    from entries import Entry as E
    from extractor.reorder import regroup

    def row_ok(label, toks):
        return len(toks) == 1

    def rows():
        return [E("a", []), E("b", ["5"]), E("t", ["9", "4"])]

    def breaks(es):  # t = a + b
        v = {e.label: int(e.tokens[0].text) for e in es if len(e.tokens) == 1}
        return int(len(v) == 3 and v["a"] + v["b"] != v["t"])

    # in printed order a=5, b=9, t=4 breaks t = a + b; t keeping "9" after its label holds
    es = rows()
    regroup(es, {"a": 1, "b": 1, "t": 1}, row_ok, breaks)
    assert [e.tokens[0].text for e in es] == ["5", "4", "9"]
    # without the table's sums (or where they cannot tell): printed order
    es = rows()
    regroup(es, {"a": 1, "b": 1, "t": 1}, row_ok)
    assert [e.tokens[0].text for e in es] == ["5", "9", "4"]


# --- a running header printed in pieces, its year a line of its own -----------------------

def test_a_number_inside_a_running_header_is_not_a_cell():
    # real/003 through `pdftotext`: every page starts "平潭综合实验区", "2021",
    # "年政府信息公开工作年度报告" (the page title in three pieces); on page 2 it falls inside
    # table 三 between 1.国家秘密's values and its label. The "2021" between two lines of
    # that header is the header's, not a 22nd value of the rows around it
    from extractor.loaders import load
    path = CONVERTED / "003.pdftotext-default.txt"
    texts = [b.text.strip() for b in load(path).blocks if b.kind == "line"]
    # (page 1's, in the site's navigation above the title, stay)
    assert [i for i, t in enumerate(texts) if t == "2021"] == [1, 8]
    assert _wrong("003.pdftotext-default.txt", "real/003.txt") == []


@pytest.mark.parametrize("name,report", [("000_26fa7c73a70403e4.pdfminer.txt", "seeds/000_26fa7c73a70403e4.txt"),
                                         ("001.pdfminer.txt", "real/001.txt")])
def test_two_columns_printed_partly_on_one_line_are_read_by_the_sums(name, report):
    # seeds/000_26f through pdfminer (default LAParams): every row label of table 三, then its
    # 161 values in column blocks; the first block is 自然人 and 商业企业, whose cells pdfminer
    # printed on one line where they stand close ("21 0" of 一、本年新收…) and one a line elsewhere,
    # 自然人's lone cells long before 商业企业's. Which lone number is whose is not printed: each
    # row takes a pair or two lone numbers keeping its sums, and the table's column sums pick
    # the one reading (000_26f: "5" of 1.本机关不掌握相关政府信息 is 自然人's: 16 + 5 = 21).
    # real/001: the same, with the first row's "23 0" printed on the line under its label,
    # before the other labels: that row's own first two cells, not values after the labels
    want = labels(CORPUS / report)["fields"]
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    keys = [k for k in want if k.startswith("requests.")]
    assert [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys]
    # the columns are inferred from the sums, not read - and proven by them (session 27,
    # reorder._proven): every cell printed, the search over the sums finds the one reading,
    # every column sum of the table holds with it
    assert all(f[k]["confidence"] >= 0.9 for k in keys)


def test_a_pages_rows_in_a_mixed_block_are_read_by_their_sums_and_the_print_order():
    # real/009 through pdfminer: page 1 holds table 三's first three rows; after their labels,
    # "32 2" (一、本年新收…, 自然人 and 商业企业 on one line), then "2" "9" "0" "0": the other two
    # rows' lone cells, 自然人's top-down before 商业企业's. Their own sums allow 2 or 0 as
    # 二、上年结转…'s 自然人; the print order (a column's lone cells top-down, a row's left cell
    # before its right one) allows only (2, 0) and (9, 0). The table's other rows, on the next
    # page, are no evidence for these three
    want = labels(CORPUS / "real/009.md")["fields"]
    f = extract_bytes((CONVERTED / "009.pdfminer.txt").read_bytes(), "009.pdfminer.txt")["fields"]
    for row in ("new", "carried_over", "granted"):
        keys = [f"requests.{row}.{c}" for c in COLS]
        assert [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys], row
        assert all(f[k]["confidence"] < 0.9 for k in keys)


def test_mixed_block_reading_needs_one_reading_of_the_sums():
    from entries import Entry as E, sums_hold as row_ok
    from extractor.reorder import regroup

    def breaks(es):
        # the table's column sums: row a's first two cells are the sums of b's and c's
        rows = {e.label: [int(t.text) for t in e.tokens] for e in es if e.label and len(e.tokens) == 3}
        if len(rows) < 3:
            return 0
        return sum(rows["a"][c] != rows["b"][c] + rows["c"][c] for c in (0, 1))

    def read(values, table=breaks):
        rows = [E(r, []) for r in "abc"] + [E(None, values)]
        regroup(rows, {r: 3 for r in "abc"}, row_ok, table)
        return [[t.text for t in e.tokens] for e in rows[:3]]

    # a's first two cells on one line ("4 1"), then the lone cells of b and c column by column
    # (b 1, c 3; b 1, c 0), then the totals down: a (4, 1, 5), b (1, 1, 2), c (3, 0, 3). Row by
    # row b would be (1, 3): its sum breaks. b takes (1, 1), the only pair of 2; c (3, 0) or
    # (0, 3), and only (3, 0) keeps a's first column the sum of the others'
    assert read(["4 1", "1", "3", "1", "0", "5", "2", "3"]) == [["4", "1", "5"], ["1", "1", "2"], ["3", "0", "3"]]
    # (0, 3) is no printed order either: 3 stands among the left column's lone cells, before
    # b's right one. Where every reading breaks one of the table's column sums: none is chosen
    assert read(["4 1", "1", "3", "1", "0", "5", "2", "3"], lambda es: 1) == [[], [], []]
    # the same numbers with "3" printed first: b's (1, 1) and c's (3, 0) keep every sum, but no
    # print order gives them (c's left cell before b's): no reading is chosen
    assert read(["4 1", "3", "1", "0", "1", "5", "2", "3"]) == [[], [], []]
    # the labels printed out of the table's order (c's before b's: a reader's box order), the
    # values in the table's: the blocks' cells would go to the wrong rows, so none is read so
    rows = [E("a", []), E("c", []), E("b", []), E(None, ["4 1", "1", "3", "1", "0", "5", "2", "3"])]
    regroup(rows, {r: 3 for r in "abc"}, row_ok, breaks)
    assert [[t.text for t in e.tokens] for e in rows[:3]] == [[], [], []]


# --- a page's first two columns printed beside its label groups, the rest after them -----

PAGE_2 = ("denied.law_forbidden", "denied.security", "denied.third_party", "denied.internal", "denied.process",
          "denied.enforcement", "denied.query", "unable.not_held", "unable.need_creation", "unable.unclear",
          "unprocessed.complaint", "unprocessed.duplicate", "unprocessed.publication", "unprocessed.massive",
          "unprocessed.confirm", *OTHER, "total", "carried_forward")


@pytest.mark.parametrize("name,report", [("003.pdfminer.txt", "real/003.txt"), ("005.pdfminer.txt", "real/005.txt")])
def test_first_columns_printed_beside_label_groups_are_read_by_the_sums_and_the_print_order(name, report):
    # table 三's page 2 through pdfminer (default LAParams): "2.其他法律行政法规禁止公开" …
    # "8.属于行政查询事项", then "0 0 0 1 0 6 1 0 0 0 0 0 0 0" (003: those rows' 自然人 top-down,
    # then 商业企业's), "1.本机关不掌握相关政府信息", "22 0" (its two cells on one line), ten more
    # labels and their twenty cells (005: 自然人's in three boxes after three label groups,
    # 商业企业's after the last), the vertical group labels, "(七)总计", "四、结转…", "63 0", "1",
    # "0", then 科研机构 … 法律服务机构 down their columns, then 其他 and 总计 a row a line. The
    # first two columns go top-down in printed order, none before its row's label: one reading
    # keeps every row's sums
    want = labels(CORPUS / report)["fields"]
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    for row in PAGE_2:
        keys = [f"requests.{row}.{c}" for c in COLS]
        assert [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys], row
        # which column a cell stands in is the order's inference: never near-certain
        assert all(f[k]["confidence"] < 0.9 for k in keys), row


def test_first_columns_beside_label_groups_need_one_reading():
    from entries import Entry as E, sums_hold as row_ok
    from extractor.reorder import regroup

    def read(first_values, rest, totals="1 2 5"):
        # labels a and b, two numbers, label c, the other four numbers, then the totals down
        rows = [E("a", []), E("b", []), E(None, first_values), E("c", []), E(None, rest + totals.split())]
        regroup(rows, {r: 3 for r in "abc"}, row_ok)
        return [[t.text for t in e.tokens] for e in (rows[0], rows[1], rows[3])]

    # "1 0" after a's and b's labels, "2 1 2 3" after c's: the left column top-down (1, 0, 2:
    # c's only after its label), the right column's after each row's left: a (1, 1), b (0, 2),
    # c (2, 3) keep the sums; a (1, 0), b (2, 1) break them
    assert read(["1", "0"], ["2", "1", "2", "3"], "2 2 5") == [["1", "1", "2"], ["0", "2", "2"], ["2", "3", "5"]]
    # "2 0 2 3": a (1, 0), b (0, 2) and a (1, 0), b (2, 0) both keep every sum: none is read
    assert read(["1", "0"], ["2", "0", "2", "3"]) == [[], [], []]
    # the same numbers "1 0" printed after a group's label (g: no row of the table) between b's
    # and c's: values of the stream like the others
    rows = [E("a", []), E("b", []), E("g", ["1", "0"]), E("c", []), E(None, ["2", "1", "2", "3", "2", "2", "5"])]
    regroup(rows, {r: 3 for r in "abc"}, row_ok)
    assert [[t.text for t in e.tokens] for e in (rows[0], rows[1], rows[3])] == \
        [["1", "1", "2"], ["0", "2", "2"], ["2", "3", "5"]]
    # a number printed before a row's label is not that row's: "1 0 2" before c's label, the
    # rest after it - c's left cell 2 would stand before its label, and no other reading holds
    rows = [E("a", []), E("b", []), E(None, ["1", "0", "2"]), E("c", []), E(None, ["1", "2", "3", "2", "2", "5"])]
    regroup(rows, {r: 3 for r in "abc"}, row_ok)
    assert [[t.text for t in e.tokens] for e in (rows[0], rows[1], rows[3])] == [[], [], []]


def test_a_page_number_among_a_runs_values_is_set_aside():
    # real/005 through pdfminer: page 1's five rows of table 三, then 36 numbers for their 35
    # cells: "80 1", "0", "0", "22 0", "19 1", "0", "0" (自然人 and 商业企业), then "1" - the
    # page's number, its box sorted among the values - and the middle columns' fifteen zeros,
    # then 其他 and 总计 a row a line. Set aside, the "1" leaves one reading keeping every sum;
    # no other number does (the "1" would stand in a middle column, breaking its row's sum)
    want = labels(CORPUS / "real/005.txt")["fields"]
    f = extract_bytes((CONVERTED / "005.pdfminer.txt").read_bytes(), "005.pdfminer.txt")["fields"]
    for row in ("new", "carried_over", "granted", "partial", "denied.state_secret"):
        keys = [f"requests.{row}.{c}" for c in COLS]
        assert [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys], row
        assert all(f[k]["confidence"] < 0.9 for k in keys), row


def test_one_number_too_many_needs_one_number_to_set_aside():
    from entries import Entry as E, sums_hold as row_ok
    from extractor.reorder import regroup

    def read(values):
        rows = [E("a", []), E("b", []), E(None, values)]
        out = regroup(rows, {"a": 3, "b": 3}, row_ok, lambda es: 0)
        return [[t.text for t in e.tokens] for e in out]

    # the labels, then the first two columns a row a line ("1 2", "0 3"), a stray "9", then
    # the totals down: without the 9, a (1, 2, 3) and b (0, 3, 3) keep their sums; the 9 stays
    # unread, on its own where it was printed
    assert read(["1 2", "0 3", "9", "3", "3"]) == [["1", "2", "3"], ["0", "3", "3"], [], ["9"]]
    # "0 0", "2", "1", "2", "3", "0": without the first "2" a (1, 2, 3) and b (0, 0, 0) keep every
    # sum, without the second a (2, 1, 3) and b (0, 0, 0): two readings, none is taken
    assert read(["0 0", "2", "1", "2", "3", "0"])[:2] == [[], []]
    # rows printing their values beside their labels (blank cells dropped): one number more
    # than cells is no sign of a stray one - not read so
    rows = [E("a", []), E("b", ["1", "2", "3", "9", "0", "3", "3"])]
    regroup(rows, {"a": 3, "b": 3}, row_ok, lambda es: 0)
    assert [len(e.tokens) for e in rows] == [0, 7]


def test_a_mixed_block_of_many_rows_is_read_in_printed_order():
    # a generated report through pdfminer (gen23_00022): table 三's labels, then "34 3", "0",
    # "0", "14 0", the 自然人 of 18 rows top-down ("9 0 0 0 1 0 0 1 0 5 …"), their 商业企业
    # ("1 0 … 2 0 0 0 0"), "31 3", "3", "0", then the other columns. Read by the rows' sums
    # alone, the rows whose first two cells add up to 1 take (1, 0) or (0, 1): too many
    # readings to try. Walked in printed order - each column top-down, a row's right cell after
    # its left one - one reading keeps every row's and every column's sums
    want = label_fields(CONVERTED / "gen23_00022.labels.json")
    name = "gen23_00022.pdfminer.txt"
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    keys = [k for k in want if k.startswith("requests.")]
    assert [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys]
    assert all(f[k]["confidence"] < 0.9 for k in keys)


@pytest.mark.parametrize("report", ["gen11_00001", "gen23_00029"])
def test_a_row_printed_apart_from_the_tables_labels_takes_its_place(report):
    # a generated report through pdfminer (gen11_00001): table 三's labels but
    # "1.本机关不掌握相关政府信息", the values in column blocks (that row's 科研机构 … 总计 among
    # them: its cells stand in the columns' boxes), then that label and "17 6" (its 自然人 and
    # 商业企业, one box with the label, printed after the table's others). The row takes its
    # place among the labels, "17 6" its first two cells; the other rows' first two columns
    # are walked in printed order passing over it. Every sum of the table holds in that reading.
    # gen23_00029: that label and "13 0" before the other rows' labels (after the first three
    # rows, read apart), the first values right after the last label
    want = label_fields(CONVERTED / f"{report}.labels.json")
    name = f"{report}.pdfminer.txt"
    f = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    keys = [k for k in want if k.startswith("requests.")]
    assert [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys]
    assert all(f[k]["confidence"] < 0.9 for k in keys)


def test_a_late_rows_line_goes_to_that_row_only():
    from entries import Entry as E, sums_hold as row_ok
    from extractor.reorder import regroup

    def breaks(es):  # t = a + b + c, column by column
        rows = {e.label: [int(t.text) for t in e.tokens] for e in es
                if e.label and len(e.tokens) == 3 and all(t.text.isdigit() for t in e.tokens)}
        if len(rows) < 4:
            return 0
        return sum(rows["t"][c] != rows["a"][c] + rows["b"][c] + rows["c"][c] for c in range(3))

    def read(late_line):
        # labels a, c, t (b missing); the first two columns of a, c, t ("1 1", "2 0", "4 2"),
        # then the totals of a, b, c, t; then b's label and its line
        rows = [E("a", []), E("c", []), E("t", []), E(None, ["1 1", "2 0", "4 2", "2", "2", "2", "6"]),
                E("b", []), E(None, [late_line])]
        out = regroup(rows, {r: 3 for r in "abct"}, row_ok, breaks)
        return {e.label: [t.text for t in e.tokens] for e in out if e.label}

    assert read("1 1") == {"a": ["1", "1", "2"], "b": ["1", "1", "2"], "c": ["2", "0", "2"], "t": ["4", "2", "6"]}
    # a line that breaks the late row's own sum: not read so
    assert read("1 2")["b"] == []
    # the first row's line on the line under its label, before the next label (gen97_00022):
    # the first of the block's lines
    rows = [E("a", []), E(None, ["1 1"]), E("c", []), E("t", []), E(None, ["2 0", "4 2", "2", "2", "2", "6"]),
            E("b", []), E(None, ["1 1"])]
    out = regroup(rows, {r: 3 for r in "abct"}, row_ok, breaks)
    assert {e.label: [t.text for t in e.tokens] for e in out if e.label} == \
        {"a": ["1", "1", "2"], "b": ["1", "1", "2"], "c": ["2", "0", "2"], "t": ["4", "2", "6"]}


def test_table_threes_last_columns_printed_after_table_fours_heading():
    # real/009 through pdfminer: table 三's page 2 prints its rows' labels with their 自然人 and
    # 商业企业 cells as 003's, then "四、政府信息公开行政复议、行政诉讼情况" - table 四's heading, at
    # the page's left margin under the table, a box pdfminer sorts before the boxes to its right -
    # then 科研机构 … 法律服务机构 down their columns (66 zeros), then 其他 and 总计 a row a line
    # ("0 35"), the last row's line "0" alone: 四、结转…'s 总计 is blank. Those numbers are table
    # 三's (one reading keeps every other row's sums); table 四 is read from its own 15 numbers
    want = labels(CORPUS / "real/009.md")["fields"]
    f = extract_bytes((CONVERTED / "009.pdfminer.txt").read_bytes(), "009.pdfminer.txt")["fields"]
    for row in ("partial", "denied.state_secret") + PAGE_2:
        keys = [f"requests.{row}.{c}" for c in COLS]
        assert [f[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys], row
        assert all(f[k]["confidence"] < 0.9 for k in keys), row
    keys = [k for k in want if k.startswith("review.")]
    assert [f[k]["value"] for k in keys] == [want[k] for k in keys]


def test_a_lone_zero_in_a_block_printed_a_row_a_line_is_a_row_with_a_blank_cell():
    from entries import Entry as E, sums_hold as row_ok
    from extractor.reorder import regroup

    def read(rest):
        # rows a, b: their first two cells a row a line after their labels, then c's label, its
        # two cells, then the last two columns a row a line - the values one short of the cells
        rows = [E("a", []), E("b", []), E(None, ["1 1", "2 1"]), E("c", []), E(None, ["0", "0"] + rest)]
        regroup(rows, {r: 4 for r in "abc"}, lambda k, toks: any(t.blank for t in toks) or row_ok(k, toks))
        return [[t.text for t in e.tokens] for e in (rows[0], rows[1], rows[3])]

    # "0" alone on c's line: c's third cell 0, its total blank (which of the two is blank the
    # print does not say; 0 and a blank read the same); a and b keep their sums
    assert read(["0 2", "1 4", "0"]) == \
        [["1", "1", "0", "2"], ["2", "1", "1", "4"], ["0", "0", "0", ""]]
    # a lone number other than 0: which cell it stands in changes the row - not read
    assert read(["0 2", "1 4", "3"]) == [[], [], []]
    # the lone line b's: then c (0, 0, 1, 4) breaks its sum - no reading
    assert read(["0 2", "0", "1 4"]) == [[], [], []]
    # two numbers short: not read
    assert read(["0 2", "0"]) == [[], [], []]
