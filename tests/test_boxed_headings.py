"""Positioned HTML whose writer boxes a row of column headings in one measured run (pdfminer.six's
HTML: "商业机构 科研机构 社会公益组织 法律服务机构 其他" one box of `left; width`, the text
dropping the spaces between CJK words; extractor/loaders/positioned.py, `_word_spans`). The box's
first word starts at its left edge and its last ends at its right; the words between are placed by
their share of the width. Read as one heading, 013's table 三 (rows printing only 自然人 and 总计,
the five columns under 法人或其他组织 blank in every row) had no heading to place its natural
persons' column by: all 25 of its cells were read at 0.85 (tests/data/converted/
013.pdfminer-html.html.gz, README)."""
from __future__ import annotations

import gzip
from pathlib import Path

from extractor.loaders.positioned import _word_spans
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "013.pdfminer-html.html"


def test_a_boxed_row_of_headings_places_each_word():
    spans = _word_spans("商业机构 科研机构 社会公益组织 法律服务机构 其他\n",
                        "商业机构科研机构社会公益组织法律服务机构其他", 296.7, 500.5)
    assert len(spans) == 5
    assert spans[0][0] == 296.7 and abs(spans[-1][1] - 500.5) < 1e-9
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    # one word, or a space the text keeps: no word places
    assert _word_spans("总计", "总计", 506.5, 521.5) is None
    assert _word_spans("1 27", "1 27", 485.5, 521.5) is None


def test_the_natural_persons_column_is_placed_by_its_heading():
    out = extract_bytes(gzip.decompress((CONVERTED / (NAME + ".gz")).read_bytes()), NAME)
    f = out["fields"]
    natural = {k: v for k, v in f.items() if k.startswith("requests.") and k.endswith(".natural")}
    assert len(natural) == 25
    assert f["requests.new.natural"]["value"] == 26 and f["requests.total.natural"]["value"] == 26
    assert f["requests.new.total"]["value"] == 26 and f["requests.new.commercial"]["value"] is None
    assert all(v["confidence"] >= 0.9 for v in natural.values()), \
        {k: v["confidence"] for k, v in natural.items() if v["confidence"] < 0.9}
