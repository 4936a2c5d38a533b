"""`xxgk rank` counts as uncertain cells the fields the review decision sends to review - by
their evidence score (证据分, confidence.sends_to_review), not by the calibrated confidence the
output prints - so that a report whose cells a reviewer must look at does not rank as clean.

gen211_00019 through pymupdf4llm (table_strategy="text", tests/data/converted/README.md): 44
cells routed by their raw score, 32 of them printed at a confidence >= 0.9; its table 二 is not
found (10 cells none of which is read, sent to review with the table)."""
from __future__ import annotations

from pathlib import Path

from extractor.confidence import FIELD_REVIEW_BELOW, sent_to_review
from extractor.loaders import load
from extractor.pipeline import parse_document
from extractor.uncertainty import score_document

DOC = Path(__file__).parent / "data" / "converted" / "gen211_00019.pymupdf4llm-text-tables.md"


def test_rank_counts_the_cells_review_is_sent_for():
    doc = load(DOC)
    out = parse_document(doc)
    r = score_document(doc, out=out)
    routed = sent_to_review(out["review"], out["fields"])
    assert len(routed) == 54 and r["uncertain_cells"] == 54
    assert set(r["uncertain_fields"]) <= set(routed) and len(r["uncertain_fields"]) == 20
    missing = [k for k in routed if k.startswith("active.")]
    assert len(missing) == 10 and all(out["fields"][k]["value"] is None for k in missing)
    # 32 cells the calibrated confidence alone (>= 0.9) would not have counted
    high = [k for k in routed if out["fields"][k]["confidence"] >= FIELD_REVIEW_BELOW]
    assert len(high) == 32
    assert "54 uncertain cells" in r["why"]
    # least confident first: the reviewer's order
    conf = [out["fields"][k]["confidence"] for k in r["uncertain_fields"]]
    assert conf == sorted(conf)
