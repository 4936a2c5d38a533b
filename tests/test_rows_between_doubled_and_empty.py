"""WeasyPrint's PDF text in pdftotext's default reading order, table 三's rows printed with their
numbers above their labels: "2、其他法律行政法规禁止公开 0 0 0 0 0 0 0" / "0 0 0 0 0 0 0" takes its own
run and the next row's, "8、属于行政查询事项" takes none, and every row between read by its label
takes the run printed after it - its neighbour's (三类内部事务信息 read 1 for 四类过程性信息's 1 at
0.9998, every sum holding). The rows between a row with two rows' numbers and a row with none
are read in doubt (`assemble._rows_between_doubled_and_empty`). File in tests/data/converted,
see its README."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields, plain

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen836_00010.weasyprint-pdftotext-default"


def test_rows_between_a_doubled_row_and_an_empty_one_are_not_their_labels_alone():
    text = (CONVERTED / f"{NAME}.txt").read_text(encoding="utf-8")
    want = label_fields(CONVERTED / f"{NAME}.labels.json")
    assert "2、其他法律行政法规禁止公开 0 0 0 0 0 0 0\n0 0 0 0 0 0 0\n" in text
    assert "5、属于三类内部事务信息\n1 0 0 0 0 0 1\n6、属于四类过程性信息\n" in text
    assert plain(want["requests.denied.process.natural"]) == 1 and plain(want["requests.denied.internal.natural"]) == 0
    fields = extract_bytes(text.encode("utf-8"), f"{NAME}.txt")["fields"]
    # (the reading stays: the 1 read as 三类内部事务信息's)
    assert fields["requests.denied.internal.natural"]["value"] == 1
    assert fields["requests.denied.process.natural"]["value"] == 0
    requests = [k for k in want if k.startswith("requests.") and k in fields]
    wrong = [k for k in requests if (plain(fields[k]["value"]) or 0) != (plain(want[k]) or 0)]
    assert "requests.denied.internal.natural" in wrong and "requests.denied.process.total" in wrong
    assert all(fields[k]["confidence"] < 0.9 for k in wrong), [k for k in wrong if fields[k]["confidence"] >= 0.9]
    # (rows outside the shifted run keep their reading's confidence)
    assert fields["requests.granted.total"]["confidence"] >= 0.9
