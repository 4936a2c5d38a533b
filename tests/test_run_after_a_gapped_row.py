"""WeasyPrint's PDF text in pdftotext's default reading order, table 二 printed a column's cells a
block ("行政许可" / "5" / "其他对外管理服务事项 207" / "49" / "0" / … "2764" / "0"): the row after a
row read with blank cells, while numbers of the table stay unread, may hold that row's cells -
table 二 has no identity to say which (`assemble._rows_after_gapped`). File in
tests/data/converted, see its README."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, plain

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen839_00005.weasyprint-pdftotext-default"


def test_a_run_after_a_row_read_with_blanks_is_not_its_labels_alone():
    text = (CONVERTED / f"{NAME}.txt").read_text(encoding="utf-8")
    want = label_fields(CONVERTED / f"{NAME}.labels.json")
    assert "行政许可\n5\n其他对外管理服务事项 207\n\n49\n0\n\n处理决定\n数量\n2764\n0\n" in text
    assert plain(want["active.licensing.change"]) == 49 and plain(want["active.other_admin.change"]) == 0
    fields = extract_bytes(text.encode("utf-8"), f"{NAME}.txt")["fields"]
    # (the reading stays: 49 read as 其他对外管理服务事项's - 1.0 before)
    assert fields["active.other_admin.change"]["value"] == 49
    active = [k for k in want if k.startswith("active.") and k in fields]
    wrong = [k for k in active if (plain(fields[k]["value"]) or 0) != (plain(want[k]) or 0)]
    assert "active.other_admin.change" in wrong
    assert all(fields[k]["confidence"] < 0.9 for k in wrong), [k for k in wrong if fields[k]["confidence"] >= 0.9]
