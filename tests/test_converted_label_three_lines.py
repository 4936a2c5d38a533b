"""A row label wrapped over lines in its narrow cell, read line by line (extractor/assemble.py,
`_joined_labels`, `_joined_three`): real LibreOffice PDFs of two seed reports' pages through
`pdftotext -raw` and PyMuPDF's text (tests/data/converted, README). The label cells of table 三
are narrow in LibreOffice's PDF: "4、无正当理由大量" / "反复申请" and "5、要求行政机关确" /
"认或重新出具已获取" / "信息" (000_26fa), "5. 要求行政机关确认" / "或重新出具已获取信" / "息"
(003_2b6), each row's values on the line after its label's last piece.

The shipped model read 000_26fa's "反复申请" as the row 重复申请 and its head as narrative, and
every piece of row 5 as narrative: row 5 was not found and the report went to review (the rules
read it right). On 003_2b6 it read "5. 要求行政机关确认" and "或重新出具已获取信" as narrative:
row 5's values "2" "2" went to other rows, four fields wrong. Joined, the pieces are one row's
wording as the form prints it - the row is named as surely as by a label printed whole."""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, label_fields, wrong_keys

from extractor.loaders import load_bytes
from extractor.pipeline import Pipeline

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _truth(stem: str) -> dict:
    return label_fields(SEEDS / f"{stem}.labels.json")


def _read(name: str) -> dict:
    path = CONVERTED / name
    return Pipeline().run(load_bytes(path.read_bytes(), path.name))


def test_a_label_over_three_lines_and_a_tail_read_as_another_row():
    out = _read("000_26fa7c73a70403e4.lo-pdf-pdftotext-raw.txt")
    assert wrong_keys(_truth("000_26fa7c73a70403e4"), out["fields"]) == []
    for row in ("massive", "confirm"):
        assert out["fields"][f"requests.unprocessed.{row}.natural"]["confidence"] >= 0.9
    assert not out["review"]["required"]


def test_a_label_over_three_lines_keeps_its_values():
    out = _read("003_2b6abe27bfe85e6a.lo-pdf-pymupdf-text.txt")
    assert wrong_keys(_truth("003_2b6abe27bfe85e6a"), out["fields"]) == []
    assert [out["fields"][f"requests.unprocessed.confirm.{c}"]["value"] for c in ("natural", "total")] == [2, 2]
