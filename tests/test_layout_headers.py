"""Space-aligned text of typeset PDFs (pdftotext -layout): what the header lines say about a
table's columns (files in tests/data/converted, see its README)."""
from __future__ import annotations

import json
from pathlib import Path

from extractor.loaders import aligned
from extractor.loaders.text import _aligned_line
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _rows(text: str) -> list[list[str]]:
    out, _ = aligned.retab(text, _aligned_line)
    return [ln.split("\t") for ln in out.split("\n") if "\t" in ln]


def test_headings_centred_over_columns_place_a_rows_numbers():
    # held-out seed 167's gen167_00018 through pdftotext -layout: table 三's rows print 2 to 4 of
    # 7 numbers, each centred under its heading ("19  …  1  …  1  21" under 自然人 … 社会公益组织
    # … 其他 总计); no row prints every column and the headings do not start where the numbers
    # do. Each number stands under exactly one of the lowest headings (法人或其他组织 heads a
    # group), so the 1s are 社会公益组织's and 其他's, not the next free columns' (商业企业, 法律服务机构)
    name = "gen167_00018.pdftotext-layout.txt"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    assert "商业企业 科研机构 社会公益组织       法律服务机构   其他" in text
    rows = _rows(text)
    assert ["一、本年新收政府信息公开申请数量", "19", "", "", "1", "", "1", "21"] in rows
    want = json.loads((CONVERTED / "gen167_00018.labels.json").read_text(encoding="utf-8"))["fields"]
    fields = extract_bytes(text.encode("utf-8"), name)["fields"]
    for row in ("new", "granted"):
        for col in ("natural", "commercial", "research", "social", "legal", "other", "total"):
            key = f"requests.{row}.{col}"
            assert fields[key]["value"] == want[key], key
