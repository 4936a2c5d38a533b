"""Rows of table 三 that a reading order misplaces beside a row that took no number, and a blank
beside an unproven cut - seed 872's wrong fields at >= 0.9 (session 33 h2). Files in
tests/data/converted, see its README.

- pdf2json (gen872_00001): （二）部分公开's "80 15 3 98" printed after "（1. 属于国家秘密" (the tall
  row's numbers on its neighbour's line), 部分公开 read blank; 国家秘密's total read 98 at 0.9998.
  The run moved to the empty row keeps every identity: which row it is, only the line says
  (`confidence.run_beside_empty_row`).
- mutool -F stext (gen872_00001): "4.保护第三方合法权益属于三类内部事务信息 54 14 4 2 74", two labels
  run into one line, 第三方 not found; 三类内部事务信息's total read 74 at 0.999.
- camelot (gen872_00001): "（一）予以公开,,1096 229,32,58,2,1417" - the first cell empty, the next
  holding two columns' numbers; 自然人 read blank at 0.9998 though its column rests on a cut no
  identity proves.
- WeasyPrint + pdftotext (gen872_00003): 结转下年度 "1 1" read 1 … 1 at 1.0, the column identity
  holding only through 新收's and 总计's misread runs (`confidence._through_misread_row`)."""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus import label_fields, plain

from extractor.pipeline import extract_file

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _wrong_sure(name: str, ext: str) -> tuple[dict, list[str]]:
    want = label_fields(CONVERTED / f"{name}.labels.json")
    fields = extract_file(CONVERTED / f"{name}.{ext}")["fields"]

    def v(x):
        return x.get("yuan") if isinstance(x, dict) else x

    wrong = [k for k in want if k in fields and (plain(v(fields[k]["value"])) or 0) != (plain(v(want[k])) or 0)]
    return fields, [k for k in wrong if fields[k]["confidence"] >= 0.9]


@pytest.mark.parametrize("name, ext, key, value", [
    ("gen872_00001.pdf2json", "json", "requests.denied.state_secret.total", 98),
    ("gen872_00001.pdf2json", "json", "requests.other.no_fee.total", 31),
    ("gen872_00001.mutool-stext", "xml", "requests.denied.internal.total", 74),
])
def test_a_run_beside_a_row_that_took_none_is_not_proven_its_rows(name, ext, key, value):
    fields, sure = _wrong_sure(name, ext)
    # (the reading stays: the run read as the row its line prints)
    assert fields[key]["value"] == value
    assert fields[key]["confidence"] < 0.9
    assert sure == []


def test_a_blank_beside_an_unproven_cut_is_in_doubt():
    text = (CONVERTED / "gen872_00001.camelot-csv.txt").read_text(encoding="utf-8")
    assert "（一）予以公开,,1096 229,32,58,2,1417" in text
    fields, sure = _wrong_sure("gen872_00001.camelot-csv", "txt")
    assert fields["requests.granted.natural"]["value"] is None
    assert fields["requests.granted.natural"]["confidence"] < 0.9
    assert sure == []


def test_a_column_identity_through_a_misread_row_is_no_evidence():
    text = (CONVERTED / "gen872_00003.weasyprint-pdftotext-default.txt").read_text(encoding="utf-8")
    assert "四、结转下年度继续办理\n1 1\n" in text
    fields, sure = _wrong_sure("gen872_00003.weasyprint-pdftotext-default", "txt")
    assert fields["requests.carried_forward.total"]["value"] == 1
    assert fields["requests.carried_forward.total"]["confidence"] < 0.9
    assert sure == []


def test_a_grid_under_merged_column_headings_does_not_place_its_cells():
    # camelot (gen874_00010): the header row prints "商业企业 科研机构 社会公益组织" in one cell; the
    # rows below print 自然人's number one grid column right (",,7,,,1,,8"): read as 商业企业's
    # at 0.9998, the sums holding in any column (`loaders.text._columns_merged_under_headings`)
    text = (CONVERTED / "gen874_00010.camelot-csv.txt").read_text(encoding="utf-8")
    assert ",,,,商业企业 科研机构 社会公益组织,法律服务机构,其他," in text
    assert "一、本年新收政府信息公开申请数量,,7,,,1,,8" in text
    fields, sure = _wrong_sure("gen874_00010.camelot-csv", "txt")
    assert fields["requests.new.commercial"]["value"] == 7
    assert fields["requests.new.commercial"]["confidence"] < 0.9
    assert sure == []
