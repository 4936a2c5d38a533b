"""A row printing one number, its column known only from its character position
(extractor/outcomes.py, `_columns_seen`): real output of pypdf's layout mode
(`extract_text(extraction_mode="layout")`) of Chromium's print-to-PDF of seeds/001_ae5's page
(tests/data/converted, README). pypdf pads each line by characters, not by printed width: after
a row label of wide CJK characters a row's lone total stands two columns left, on the
法律服务机构 column that the full rows establish ("(三)不予 4．保护第三方合法权益  5"). Read
exactly there with its blanks "seen", every sum it broke was called the publisher's: 5, 66
and 87 in the wrong column at 1.0 in an auto-accepted document (8 wrong fields).
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, label_fields, wrong_keys
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_a_lone_number_in_an_inner_column_by_position_is_no_certain_reading():
    path = CONVERTED / "001_ae5d534637d2dda6.chromium.pypdf-layout.txt"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(SEEDS / "001_ae5d534637d2dda6.labels.json")
    wrong = wrong_keys(want, out["fields"])
    assert "requests.denied.third_party.total" in wrong  # the text puts its 5 under 法律服务机构
    assert out["review"]["required"]
    assert all(out["fields"][k]["confidence"] < 0.9 for k in wrong)


def test_a_lone_total_is_read_where_it_stands():
    # the same report's lone totals in their own column (pdftotext -layout of the typeset PDF):
    # the sums they break are the publisher's, the document as certain as before
    path = CONVERTED / "001_ae5d534637d2dda6.pdftotext-layout.txt"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(SEEDS / "001_ae5d534637d2dda6.labels.json")
    assert wrong_keys(want, out["fields"]) == []
    assert out["fields"]["requests.unable.not_held.total"]["confidence"] >= 0.9
