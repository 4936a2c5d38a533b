"""A blank cell printed in a table that prints its zeros, where a column's sum breaks over it and
the only sum that holds with it holds because another cell beside it is blank too (its row's
total): the same number lost from both keeps that sum - it is no evidence, and the blank is not
read with certainty (extractor/confidence.py, `unproven_blank`). Real output of pymupdf4llm's
classic engine with `table_strategy="text"` (tests/data/converted, README): gen211_00019's rows
whose label wraps over two lines lose their 社会公益组织 and 总计 cells ("|0||0||0||||0|||0<br>||"),
部分公开's 1 and 1 among them.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from corpus import label_fields, wrong_counts
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


@lru_cache(maxsize=1)
def _extract():
    path = CONVERTED / "gen211_00019.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(CONVERTED / "gen211_00019.labels.json")
    return out, want


def test_a_lost_cell_read_blank_beside_a_blank_total_is_not_certain():
    out, want = _extract()
    f = out["fields"]
    for k in ("requests.partial.social", "requests.partial.total"):
        assert want[k] == 1 and f[k]["value"] is None  # lost by the converter, read blank
        assert f[k]["confidence"] < 0.9
    assert out["review"]["required"]


def test_no_wrong_field_is_near_certain_and_printed_zeros_stay_certain():
    out, want = _extract()
    f = out["fields"]
    wrong = wrong_counts(want, f, "requests.")
    assert wrong and all(f[k]["confidence"] < 0.9 for k in wrong)
    # a zero printed in the same row is read, and the row's printed cells keep their certainty
    assert f["requests.partial.natural"]["value"] == 0 and f["requests.partial.natural"]["confidence"] >= 0.9
