"""A negative number alone on a line at a page's edge ("-18": a 本年增/减 value of table 二) is a
value, not a page number: page numbers print marks on both sides ("- 18 -", "—18—").

Data: tests/data/converted/gen167_00014.lo-pdf-pdftotext-default.txt (README row): LibreOffice's
PDF through pdftotext's default order; table 二's 行政处罚 row prints "30", "33028", "-18", "476"
one a line, "-18" the last line of its page. Read as furniture it vanished, and the row read
"30 33028 476" exactly, wrong at 0.9998."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.loaders.furniture import drop_text_furniture
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_a_minus_sign_alone_does_not_make_a_page_number():
    pages = "\n".join(["正文第一页", "行政处罚", "30", "-18", "\f第二页", "行政强制", "- 2 -"])
    kept, _ = drop_text_furniture(pages)
    assert "-18" in kept.split("\n")
    assert "- 2 -" not in kept


def test_a_negative_value_at_a_page_end_is_read_and_its_row_is_not_certain():
    path = CONVERTED / "gen167_00014.lo-pdf-pdftotext-default.txt"
    truth = label_fields(CONVERTED / "gen167_00014.labels.json")
    got = extract_bytes(path.read_bytes(), path.name)["fields"]
    assert -18 in [f["value"] for k, f in got.items() if k.startswith("active.")]
    confident_wrong = [k for k, v in truth.items() if k.startswith("active.") and not isinstance(v, dict)
                       and got[k]["value"] != v and got[k]["confidence"] >= 0.9]
    assert confident_wrong == []
