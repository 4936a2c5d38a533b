"""A row label wrapped over several lines of a narrow cell, its numbers level with one of them
(the cell's middle), other lines of the label and a group label's pieces around them:
`assemble._labels_over_values` (files in tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, SEEDS, labels, label_fields

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
COLUMNS = ("natural", "commercial", "research", "social", "legal", "other", "total")  # table 三's


def _read(name: str, doc: Path) -> tuple[dict, dict, dict]:
    want = labels(doc)["fields"]
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    return want, out["fields"], out


def _sure_and_right(want: dict, fields: dict, rows: tuple[str, ...]) -> None:
    for row in rows:
        for col in COLUMNS:
            key = f"requests.{row}.{col}"
            assert fields[key]["value"] == want[key], key
            assert fields[key]["confidence"] >= 0.9, (key, fields[key]["confidence"])


def test_numbers_on_the_middle_line_of_a_three_line_label_beside_a_group_labels_pieces():
    # dev 003 through LibreOffice's PDF and pdftotext -layout: table 三's (六) rows print
    # "1.申请人无正当理由逾期" / "不补正、行政机关不再处  0 … 0" / "理其政府信息公开申请" and
    # "2.申请人逾期未按收费通" / "知要求缴纳费用、行政机" / "理  关不再处理其政府信息公开申请  0 … 0", the
    # group label "(六)其" / "他处" / "理" down the column to the left; neither row was named
    # (placed by position, 0.85), the report in review for them alone
    want, fields, out = _read("003.lo-pdf-pdftotext-layout.txt", REAL / "003.txt")
    _sure_and_right(want, fields, ("other.no_correction", "other.no_fee"))
    assert not out["review"]["required"]


def test_numbers_between_a_labels_pieces_name_its_row():
    # dev 000_26fa through WeasyPrint's PDF and pdftotext -layout: every (三) row's label is
    # printed over two or three lines ("1、属于国" / "0 0 0 0 0 0 0" / "家秘密", "3、危及“三" /
    # "安全一稳 0 …" / "定”"), the group label's pieces "（三）不予" / "公开" among them: the eight
    # rows were placed by position (0.85 each)
    want, fields, _ = _read("000_26fa7c73a70403e4.weasyprint-pdftotext-layout.txt", SEEDS / "000_26fa7c73a70403e4.txt")
    _sure_and_right(want, fields, ("denied.state_secret", "denied.law_forbidden", "denied.security",
                                   "denied.third_party", "denied.internal", "denied.process", "denied.query"))


def test_a_label_over_nine_lines_names_the_numbers_on_its_fifth():
    # dev 005 through WeasyPrint's PDF and pdftotext -layout: "1. 申请人" / "无正当理" / "由逾期不" /
    # "补正、行" / "1 0 0 0 0 0 1" / "政机关不" / … / "公开申请", the group label "(六) 其" / "他处理"
    # beside the next row's first line
    want, fields, _ = _read("005.weasyprint-pdftotext-layout.txt", REAL / "005.txt")
    _sure_and_right(want, fields, ("other.no_correction", "unable.not_held", "unable.need_creation"))


def test_a_grid_rows_numbers_one_a_cell_fill_the_one_row_between_two_named_rows():
    # the same document: "7、属于行" / "0 0 0 0 0 0 0" / "政执法案件" (the report's own wording, not the
    # template's 执法案卷: no label) and "5 0 0 0 0 0 5" printed above "1、本机关" / "不掌握相关" / "政府信息":
    # each the one unnamed run of numbers between two named rows, one row left between them; their
    # runs print blank grid cells beside the seven numbers, which the gap's fit took for surplus
    # cells (placed at 0.4, so 0.85)
    want, fields, _ = _read("000_26fa7c73a70403e4.weasyprint-pdftotext-layout.txt", SEEDS / "000_26fa7c73a70403e4.txt")
    _sure_and_right(want, fields, ("denied.enforcement", "unable.not_held"))


def test_numbers_after_the_pieces_stay_the_rows_when_one_prints_between_them():
    # dev 003 through LibreOffice's PDF and pdftotext's default order: a number a line, the row's
    # first between its label's pieces ("2.其他法律行政法规禁止" / "0" / "公开"), its other six after
    # the last piece: the label is joined and the numbers after it are still its own (not cut off
    # at the first; the layout text's rows print every number on one line)
    name = "003.lo-pdf-pdftotext-default.txt"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    assert "2.其他法律行政法规禁止\n0\n公开\n\n0\n" in text
    want, fields, _ = _read(name, REAL / "003.txt")
    for row in ("denied.law_forbidden", "denied.security"):
        assert [fields[f"requests.{row}.{c}"]["value"] for c in COLUMNS] == \
            [want[f"requests.{row}.{c}"] for c in COLUMNS], row


def test_a_label_printing_no_number_keeps_the_blank_cells_its_first_line_shows():
    # dev 002_ee8 through pdfplumber's layout text: "（二）部分公开（区分处理的，只计这一情形，不计其他情" /
    # "本" (the group label's piece, left) / "形）", no number on any of its lines; its first line's
    # blank cells stand under the placed columns (blanks seen, >= 0.9) - joining the label keeps them
    name = "002_ee8fa3a975bc8fe4.pdfplumber-layout.txt"
    want, fields, out = _read(name, SEEDS / "002_ee8fa3a975bc8fe4.txt")
    _sure_and_right(want, fields, ("partial",))
    assert not out["review"]["required"]


def test_a_group_label_read_whole_left_of_the_pieces_does_not_end_the_label():
    # dev 001 through WeasyPrint's PDF and pdftotext -layout: "4.保护第三" / "0 0 0 0 0 0 0" /
    # "(三)不予公开  方合法权益" - the group label's two lines merged into one block left of the row
    # label's column, numbered like a row: it is the group's, beside the label, not the next row
    name = "001.weasyprint-pdftotext-layout.txt"
    want, fields, _ = _read(name, REAL / "001.txt")
    _sure_and_right(want, fields, ("denied.third_party", "unprocessed.publication"))


def test_a_joined_labels_line_of_numbers_is_its_row_not_a_stray_number():
    # seed 433's gen433_00014 through WeasyPrint's PDF and pdftotext -layout (this session's
    # held-out set, looked at for this): "1.本机关" / "不掌握相" / "193   22   0   0   10   3   228" /
    # "关政府信" / "息", then 2.没有现成信息需要另行制作's "8 1 0 0 0 0 9" on a grid row. The joined label
    # holds its numbers as one plain line; `_stray_before_row` took that line for a lone stray number
    # and gave the row the next grid row's cells (193 … 228 and 8 … 9 swapped at 0.999)
    name = "gen433_00014.weasyprint-pdftotext-layout.txt"
    want = label_fields(CONVERTED / "gen433_00014.weasyprint-pdftotext-layout.labels.json")
    out = extract_bytes((CONVERTED / name).read_bytes(), name)
    _sure_and_right(want, out["fields"], ("unable.not_held", "unable.need_creation"))
    assert not out["review"]["required"]
