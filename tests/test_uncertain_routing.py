"""A cell routed to review by its raw evidence score (confidence.FIELD_REVIEW_BELOW) while its
calibrated confidence - what the output prints - is at or above the same 0.9: the review reason
says why it is in doubt (its routing score and what lowered it, Chinese first) instead of a bare
置信度 0.96-1.00 under "读数不确定", and its detail carries the routing score the review page shows.

gen211_00019 through pymupdf4llm (table_strategy="text", tests/data/converted/README.md): 44
cells routed by their raw score, 32 of them printed at >= 0.9 (all right in its labels)."""
from __future__ import annotations

import math
import re
from pathlib import Path

from extractor import reasons
from extractor.confidence import FIELD_REVIEW_BELOW
from extractor.loaders import load
from extractor.pipeline import Pipeline
from corpus import label_fields

CONVERTED = Path(__file__).parent / "data" / "converted"
DOC = CONVERTED / "gen211_00019.pymupdf4llm-text-tables.md"


def test_cells_routed_by_their_score_say_why_at_a_high_confidence():
    p = Pipeline().run(load(DOC), until="review")
    fields = p.assembly.fields
    (item,) = [it for it in p.review["items"] if it["code"] == "uncertain_cells"]
    cells = item["detail"]["cells"]
    # every cell the reason names is there by its routing score, which the detail carries
    assert [c["key"] for c in cells] == item["keys"]
    for c in cells:
        raw = fields[c["key"]].evidence["raw_score"]
        assert raw < FIELD_REVIEW_BELOW and c["score"] == math.floor(raw * 1e4) / 1e4 < FIELD_REVIEW_BELOW
        assert c["confidence"] == fields[c["key"]].confidence
    high = [fields[c["key"]] for c in cells if c["confidence"] >= FIELD_REVIEW_BELOW]
    assert len(high) >= 30
    truth = label_fields(CONVERTED / "gen211_00019.labels.json")
    assert all((fr.value or 0) == (truth[fr.key] or 0) for fr in high)  # calibrated right: kept
    # such a cell is named with its routing score and what lowered it, not a bare 置信度 0.9x
    broken = {k for c in p.checks if c.status == "broken" for k in c.keys}
    assert all(fr.key in broken for fr in high)  # (its own evidence is clean: 12 identities, a broken sum)
    r = reasons.uncertain_cells(high, p.versions, FIELD_REVIEW_BELOW, broken)
    shown = re.findall(r"（置信度 ([\d.]+)；证据分 ([\d.]+) 低于 0\.90：所在的勾稽关系不成立）", r.message)
    assert len(shown) == 6
    for (conf, score), fr in zip(shown, high):
        assert float(conf) >= FIELD_REVIEW_BELOW > float(score) == math.floor(fr.evidence["raw_score"] * 100) / 100
    assert len(re.findall(r"\(\d\.\d\d; score \d\.\d\d < 0\.90: an identity it is part of breaks\)", r.message_en)) == 6
    # cells under 0.9 read as before (confidence alone says they are in doubt)
    low = [fields[c["key"]] for c in cells if c["confidence"] < FIELD_REVIEW_BELOW]
    assert "证据分" not in reasons.uncertain_cells(low, p.versions, FIELD_REVIEW_BELOW, broken).message
