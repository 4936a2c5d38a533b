"""A value block printing an amount of money with its unit is a value, whatever the classifier
makes of its neighbours (extractor/assemble.py, `_value_proba`): real/001 through BeautifulSoup's
text with tab separators (tests/data/converted/001.soup-text-tab.txt, README), where every cell
of the page stands on one line apart by tabs. A model retrained with narrow label columns read
the cell "75394432.52元" of 政府集中采购 as a value at 0.85 only (narrative 0.12): the one field
was flagged and the report, read right, went to review."""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, label_fields, wrong_keys
from extractor.classify import RuleClassifier
from extractor.loaders import load_bytes
from extractor.pipeline import Pipeline

PATH = Path(__file__).resolve().parent / "data" / "converted" / "001.soup-text-tab.txt"
WANT = label_fields(REAL / "001.labels.json")


class _Unsure(RuleClassifier):
    """The rules' labels, the blocks that print 元 read as values at 0.85."""

    def predict(self, doc):
        out = super().predict(doc)
        return [(lab, 0.85, alt) if lab == "value" and b.text.strip().endswith("元") else (lab, p, alt)
                for b, (lab, p, alt) in zip(doc.blocks, out)]


def test_an_amount_with_its_unit_is_a_value():
    out = Pipeline(_Unsure()).run(load_bytes(PATH.read_bytes(), PATH.name))
    assert wrong_keys(WANT, out["fields"]) == []
    assert out["fields"]["active.procurement.amount"]["confidence"] >= 0.9
    assert not out["review"]["required"]
