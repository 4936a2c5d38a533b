"""A run of rows read where the count of values happened to match, right after a row label
printed with no value: that label's row may own the values as well, so the reading is no proof
of whose they are (reorder._redistribute, `after_silent`). pdftotext's default order of seed
843's gen843_00014 (the generated report's own PDF), tests/data/converted (see its
README): 8.属于行政查询事项's zeros print after a page's header, before (四)'s three labels, and
its label after them ("1.本机关不掌握…" "2.没有现成信息…" "无 3.补正后…" "8.属于行政查询事项" then 21
numbers); the run is read from 2.没有现成信息 on (the vertical label's "无" dropped), 1.本机关不掌握
left blank - 13 0 0 0 0 2 15 given to 2.没有现成信息 (wrong, 0.85) and the zeros to 3. and 8. at
0.999-1.0 as if proven."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen843_00014.pdftotext-default.txt"
COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def test_rows_read_after_a_label_printed_with_no_value_are_not_proven():
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    assert "无 3.补正后申请内容仍不明确\n" in text and "8.属于行政查询事项\n\n13\n" in text
    want = label_fields(CONVERTED / "gen843_00014.pdftotext-default.labels.json")
    got = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)["fields"]
    keys = [f"requests.{r}.{c}" for r in ("unable.need_creation", "unable.unclear", "denied.query") for c in COLS]
    assert max(got[k]["confidence"] for k in keys) < 0.9
    # (the values stand where the count put them: 2.没有现成信息's are 1.本机关不掌握's)
    wrong = [k for k in keys if (got[k]["value"] or 0) != (want[k] or 0)]
    assert wrong and max(got[k]["confidence"] for k in wrong) < 0.9
