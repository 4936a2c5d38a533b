"""A report cut before its first tables: Docling's exports of a page leave out everything before
its first <h1>-<h6> (tests/data/converted/005.docling-md.md: real/005's page, whose first heading
is 四、, keeps table 四 alone; a scraper or a user cutting a report does the same). Table 四 is
printed alike in the 2019 and 2021 templates: its fields are read with their usual confidence,
tables 二 and 三 named missing, the template left unknown (null, said so in the reason), and the
document sent to review - never "not a report", never a guessed template."""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, labels

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "005.docling-md.md"


def _data() -> bytes:
    return (CONVERTED / NAME).read_bytes()


def test_table_four_alone_is_read_and_the_missing_tables_named():
    out = extract_bytes(_data(), NAME)
    want = {k: v for k, v in labels(CORPUS / "real/005.txt")["fields"].items() if k.startswith("review.")}
    assert out["template"] is None  # nothing left tells 2019 from 2021
    assert {k: f["value"] for k, f in out["fields"].items()} == want
    assert all(f["confidence"] >= 0.9 for f in out["fields"].values())
    assert [c["status"] for c in out["checks"]] == ["ok"] * 3  # table 四's identities
    review = out["review"]
    assert review["required"]
    items = review["items"]
    assert [it["code"] for it in items] == ["missing_table", "missing_table"]
    assert [it["detail"]["table"] for it in items] == ["active", "requests"]
    assert "无法确定模板" in items[0]["message"] and items[0]["detail"]["template"] is None


def test_the_same_page_without_its_table_is_not_a_report():
    text = "\n".join(line for line in _data().decode("utf-8").splitlines() if not line.startswith("|"))
    out = extract_bytes(text.encode("utf-8"), NAME)
    assert out["template"] is None and out["fields"] == {}
    assert [it["code"] for it in out["review"]["items"]] == ["not_a_report"]


def test_the_labelling_queue_calls_it_a_partial_report():
    from extractor.loaders.registry import load_bytes
    from extractor.uncertainty import score_document

    why = score_document(load_bytes(_data(), NAME))["why"]
    assert why.startswith("partial report: only 15 fields"), why
