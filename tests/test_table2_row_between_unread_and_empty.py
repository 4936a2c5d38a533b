"""Table 二 printed by pdftotext's default order of LibreOffice's PDF (a generated report,
tests/data/converted, see its README): 行政许可's "0 0 0" above its section heading, then
"行政许可", then "18 +37 0" - the numbers of 其他对外管理服务事项, whose label prints late, after
行政强制, with none. Table 二 has no identity: read by their labels, 行政许可 took 18 / 37 at 0.9998.
A run of numbers no row took, as many as a row that took none has cells, and the rows printed
between them: none is read by its label alone."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from corpus import label_fields, wrong_counts

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen735_00014.lo-pdf-pdftotext-default"


def test_rows_between_an_unread_run_and_an_empty_label_are_not_sure():
    data = (CONVERTED / f"{NAME}.txt").read_bytes()
    assert "行政许可\n\n\f18\n\n+37\n\n0\n" in data.decode("utf-8")
    want = label_fields(CONVERTED / f"{NAME}.labels.json")
    out = extract_bytes(data, f"{NAME}.txt")
    fields = out["fields"]
    wrong = wrong_counts(want, fields, "active.")
    assert "active.licensing.prev_items" in wrong  # (the text does not say whose 18 is)
    assert all(fields[k]["confidence"] < 0.9 for k in wrong)
    for row in ("licensing", "punishment", "coercion"):  # printed between the two
        assert all(f["confidence"] < 0.9 for k, f in fields.items() if k.startswith(f"active.{row}."))
    # rows printed before the unread run keep their reading
    assert fields["active.normative.total"]["confidence"] >= 0.9
    assert out["review"]["required"]
