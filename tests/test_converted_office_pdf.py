"""The page saved as DOCX and exported to PDF by LibreOffice (held-out routes lo-pdf-* of
training/converters.py), then read by a PDF text tool (tests/data/converted, see its README):
the PDF prints a number and its CJK unit in two fonts, and the text tools put a space
between the runs ("953.318 万元", "594417.23 万元"): the unit is still the amount's."""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CORPUS, labels

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


@pytest.mark.parametrize("name, report, printed", [
    ("002_ee8fa3a975bc8fe4.lo-pdf-pymupdf-text.txt", "seeds/002_ee8fa3a975bc8fe4.txt", "953.318 万元"),
    ("003_2b6abe27bfe85e6a.lo-pdf-pdftotext-raw.txt", "seeds/003_2b6abe27bfe85e6a.txt", "1885 594417.23 万元"),
])
def test_money_unit_printed_apart_from_its_number_is_its_unit(name, report, printed):
    data = (CONVERTED / name).read_bytes()
    assert printed in data.decode("utf-8")
    want = labels(CORPUS / report)["fields"]
    out = extract_bytes(data, name)["fields"]
    assert out["active.procurement.amount"]["value"]["yuan"] == want["active.procurement.amount"]["yuan"]
    assert out["active.procurement.items"]["value"] == want["active.procurement.items"]
