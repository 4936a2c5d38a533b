"""Table 四 under a sentence that states its counts, wrapped at a number ("…被申请行政复议2件，
提起行政诉讼2" / "件。"): the sentence's count is the total of a group the table prints again
("1 1 0 0 2 0 1 1 0 2 0 0 0 0 0"), which is no sign that the table was printed twice
(tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from extractor.pipeline import extract_bytes
from corpus import label_fields

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_sentence_count_printed_again_as_a_total_is_the_prose_s():
    # pdfplumber's text of Chromium's PDF; the classifier takes the sentence's line for a
    # header. Was: table 四 read as the prose's "2" alone, 14 cells blank (0.85), the 15
    # numbers unread because the "2" is printed again among them
    name = "gen281_00007.chromium-pdfplumber.txt"
    data = (CONVERTED / name).read_bytes()
    assert "提起行政诉讼2\n件。" in data.decode("utf-8")
    want = label_fields(CONVERTED / "gen281_00007.chromium-pdfplumber.labels.json")
    out = extract_bytes(data, name)["fields"]
    keys = [k for k in want if k.startswith("review.")]
    assert [out[k]["value"] or 0 for k in keys] == [want[k] or 0 for k in keys]
    assert out["review.reconsideration.upheld"]["value"] == 1
    assert all(out[k]["confidence"] >= 0.9 for k in keys)
