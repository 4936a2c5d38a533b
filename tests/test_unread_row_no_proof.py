"""A row of table 三 printed apart from its label and left unread (pdftotext's default order of
LibreOffice's PDF, tests/data/converted, see its README): 予以公开's "1 0 0 0 0 0 1" printed
under the group label 三、本年度办理结果 before (二)'s label, (一) 予以公开's label long after.
With it unread, 予以公开 read as zeros, 总计 = Σ results holds at 0, and 总计 / 结转下年度 (labels
printed one after the other, then their 14 numbers) read the other way round keep every sum:
nothing proves where the 1s stand."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from corpus import label_fields, wrong_counts

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_rows_read_while_a_whole_row_stays_unread_are_not_sure():
    name = "gen449_00000.lo-pdf-pdftotext-default.txt"
    data = (CONVERTED / name).read_bytes()
    assert "(七) 总计\n四、结转下年度继续办理\n\n1\n" in data.decode("utf-8")
    want = label_fields(CONVERTED / "gen449_00000.lo-pdf-pdftotext-default.labels.json")
    out = extract_bytes(data, name)
    fields = out["fields"]
    # was: granted 0 (0.999), total 0 and 结转下年度 1 (1.0) - six cells wrong and sure
    wrong = wrong_counts(want, fields, "requests.")
    assert wrong  # the reading itself is not proven right or wrong by the text
    assert all(fields[k]["confidence"] < 0.9 for k in wrong)
    assert out["review"]["required"]
