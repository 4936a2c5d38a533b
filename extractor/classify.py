"""Label every block (see `labels.LABELS`): the classify stage of the pipeline.

The learned model (`models/block-classifier/`, trained by `xxgk train`) reads character
n-grams of a block and its neighbours plus layout facts. When no model is shipped, or
for blocks whose label is fixed by layout (blank cells, row breaks), the template's
rules label the block directly.
"""
from __future__ import annotations

from functools import lru_cache

from .labels import rule_label
from .model import Document


class RuleClassifier:
    """Labels from the template's wording alone; probability 1 where a rule fired."""

    name = "rules"
    version = "rules-1"

    def predict(self, doc: Document) -> list[tuple[str, float, dict]]:
        return [(rule_label(b.text, b.kind, b.blank), 1.0, {}) for b in doc.blocks]


@lru_cache(maxsize=1)
def default_classifier():
    from .blockmodel import load_default  # sklearn loads only when a model is shipped

    return load_default() or RuleClassifier()


def classify(doc: Document, classifier=None) -> Document:
    """Pipeline component: set Block.label / proba / alt in place."""
    clf = classifier or default_classifier()
    for b, (label, p, alt) in zip(doc.blocks, clf.predict(doc)):
        b.label, b.proba, b.alt = label, p, alt
    doc.meta["classifier"] = getattr(clf, "version", clf.__class__.__name__)
    return doc
