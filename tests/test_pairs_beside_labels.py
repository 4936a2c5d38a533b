"""A row's first two cells printed as one line right under its label, among a block of labels
(pdfminer's box of the pair sorted beside the label box), the other rows' cells of those two
columns after the last label in blocks, the other columns after them (reorder._interleaved,
`_pairs_beside_labels`): pdfminer.six's text of seed 736's gen736_00000, tests/data/converted
(see its README): page 2 of table 三 prints "（一）予以公开" "12 2" "（二）部分公开…" … "1.本机关不掌握相关
政府信息" "65 6" "2.没有现成信息…" … "四、结转下年度继续办理", then 自然人 and 商业企业 of the other rows
(a group's cells column by column, 总计's pair "97 11" on one line), 科研机构, 社会公益组织 and
法律服务机构 top-down, and 其他 and 总计 a row a line ("1 17" … "0 4")."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, wrong_counts

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen736_00000.pdfminer.txt"
PAGE_TWO = ("granted", "partial", "denied.state_secret", "denied.law_forbidden", "denied.security",
            "denied.third_party", "denied.internal", "denied.process", "denied.enforcement", "denied.query",
            "unable.not_held", "unable.need_creation", "unable.unclear", "unprocessed.complaint",
            "unprocessed.duplicate", "unprocessed.publication", "unprocessed.massive", "unprocessed.confirm",
            "other", "total", "carried_forward")


def _read():
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    # (the pairs printed beside their labels, the label before and after each)
    assert "（一）予以公开\n\n12 2\n\n（二）部分公开" in text
    assert "1.本机关不掌握相关政府信息\n\n65 6\n\n2.没有现成信息" in text
    want = label_fields(CONVERTED / "gen736_00000.pdfminer.labels.json")
    return want, extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]


def test_pairs_beside_their_labels_are_those_rows_first_cells():
    # was: every row of page 2 read blank but 行政执法案卷's and 补正后…不明确's (12 and 65 there), 39 wrong
    want, got = _read()
    assert wrong_counts(want, got, "requests.") == []
    assert [got[f"requests.granted.{c}"]["value"] for c in ("natural", "commercial", "total")] == [12, 2, 17]
    assert [got[f"requests.unable.not_held.{c}"]["value"] for c in ("natural", "commercial", "total")] == [65, 6, 77]


def test_the_rows_so_read_stay_below_certainty_where_the_table_is_read_by_order():
    # page 1's two rows are read by the order of their column blocks alone (not proven): the
    # column sums that prove page 2's reading rest on them, so no cell of table 三 is certain
    want, got = _read()
    keys = [f"requests.{r}.{c}" for r in PAGE_TWO
            for c in ("natural", "commercial", "research", "social", "legal", "other", "total")]
    assert max(got[k]["confidence"] for k in keys) < 0.9


def test_a_groups_first_two_columns_after_its_labels_and_pairs_beside_labels_are_proven():
    # pdfminer.six's text of seed 844's gen844_00015 (tests/data/converted, see its README): table
    # 三's labels from 二、上年结转 on as a block, 5.属于三类内部事务信息's pair "11 1" right under its
    # label, (三)'s last three rows' first two columns "0 2 2 0 0 0" (自然人's top-down, then
    # 商业企业's) right after their three labels, 1.本机关不掌握…'s "177 44" under its label; the
    # other rows' cells of those columns after the last label ("40 10" "102 20" "3" …), the other
    # columns after them. Read so, one reading alone keeps every row's sums (every choice of the
    # three read beside their labels or in the columns' stream tried) and the table's column sums
    # hold: every cell certain and right - was 74 of table 三's cells wrong (0.1-0.85)
    name = "gen844_00015.pdfminer.txt"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    assert "8.属于行政查询事项\n\n0\n\n2\n\n2\n\n0\n\n0\n\n0\n\n1.本机关不掌握" in text
    want = label_fields(CONVERTED / "gen844_00015.pdfminer.labels.json")
    got = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    keys = [k for k in want if k.startswith("requests.")]
    assert len(keys) == 161 and wrong_counts(want, got, "requests.") == []
    assert min(got[k]["confidence"] for k in keys) >= 0.9
