"""Label every block (see `labels.LABELS`): the classify stage of the pipeline.

The learned model (the block classifier of the model bundle, `models/default/`, see
`extractor.bundle`; trained by `xxgk train`) reads character n-grams of a block and its
neighbours plus layout facts; for blocks whose label is fixed by layout (blank cells, row
breaks) it keeps the template rules' label. A missing or inconsistent bundle is a
`bundle.BundleError`: the rules never stand in for the model unasked.

`named_classifier(name)` gives the classifier a user asked for (`xxgk extract --classifier`):
`default` (the model above), `rules` (the template's wording alone), `neural` (the bundle's
optional transformer, `extractor.neural`, torch + transformers) and `ensemble` (the default
model's labels, with the neural model's labels kept as a second opinion that the confidence
stage weighs, see `pipeline.parse_document`). Only `neural` and `ensemble` import torch, and
only when asked.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .labels import is_value_text, rule_label
from .model import Document
from .values import NOT_APPLICABLE


class RuleClassifier:
    """Labels from the template's wording alone; probability 1 where a rule fired."""

    name = "rules"
    version = "rules-1"

    def predict(self, doc: Document) -> list[tuple[str, float, dict]]:
        return [(rule_label(b.text, b.kind, b.blank), 1.0, {}) for b in doc.blocks]


@lru_cache(maxsize=1)
def default_classifier():
    """The model bundle's block classifier, loaded once (BundleError if the bundle is broken)."""
    from .blockmodel import load_default  # numpy only: sklearn is for fitting

    return load_default()


CLASSIFIER_NAMES = ("default", "rules", "neural", "ensemble")


class ClassifierUnavailable(RuntimeError):
    """A named optional classifier that cannot be loaded here (none in the bundle, torch missing)."""


class EnsembleClassifier:
    """The primary model labels the blocks; the other model's labels are kept on the document
    (`doc.meta["second_opinion"]`) for the confidence stage: fields whose blocks the two label
    differently are less certain (`confidence.disagreement_evidence`)."""

    name = "ensemble"

    def __init__(self, primary, other):
        self.primary, self.other = primary, other
        self.version = f"{getattr(primary, 'version', 'primary')}+{getattr(other, 'version', 'other')}"

    def predict(self, doc: Document) -> list[tuple[str, float, dict]]:
        second = self.other.predict(doc)
        doc.meta["second_opinion"] = {"version": getattr(self.other, "version", "other"), "predictions": second}
        return self.primary.predict(doc)


def named_classifier(name: str | None):
    """The classifier called `name` (one of CLASSIFIER_NAMES); the neural ones load once per process."""
    if name in (None, "", "default"):
        return default_classifier()
    if name == "rules":
        return RuleClassifier()
    if name in ("neural", "ensemble"):
        return _neural_classifier(name)
    raise ValueError(f"unknown classifier {name!r} (one of {', '.join(CLASSIFIER_NAMES)})")


@lru_cache(maxsize=2)
def _neural_classifier(name: str):
    from . import neural  # no torch yet: neural imports it only to load a model

    if not neural.available():
        raise ClassifierUnavailable(f"the {name} classifier needs torch and transformers "
                                    "(pip install -e '.[neural]')")
    model = neural.load_default()
    if model is None:
        from .bundle import default_bundle

        bundle = default_bundle()
        raise ClassifierUnavailable(f"the model bundle {bundle.name!r} ({bundle.root}) has no neural block model "
                                    "(train one into a bundle with `python -m training.neural`)")
    return model if name == "neural" else EnsembleClassifier(default_classifier(), model)


def can_be_value(text: str) -> bool:
    """A block a value reading can come from: a digit, a count printed as a word (零, read as
    0 where the model says it is a value), or a blank mark ("/", "－", "—", "无" ...)."""
    t = text.strip()
    return any(ch.isdigit() for ch in t) or t in _NUMBER_WORDS or t in NOT_APPLICABLE or is_value_text(t)


_NUMBER_WORDS = frozenset("零〇○")


def classify(doc: Document, classifier=None) -> Document:
    """Pipeline component: set Block.label / proba / alt in place."""
    clf = named_classifier(classifier) if classifier is None or isinstance(classifier, str) else classifier
    doc.meta.pop("second_opinion", None)  # a second opinion belongs to the labels it came with
    doc.meta.pop("disagreement", None)
    for b, (label, p, alt) in zip(doc.blocks, clf.predict(doc)):
        if label == "value" and not can_be_value(b.text):
            # a lone unit or sign ("元" a converter split off its amount, the "+" of a letter-spaced
            # "+ 3 2") is no cell: read as a value it shifts the row's cells by one; the template's
            # reading stands, with the model's probability of it (never more sure than the model)
            label = rule_label(b.text, b.kind, b.blank)
            p = alt.get(label, max(0.0, 1.0 - p))
        b.label, b.proba, b.alt = label, p, alt
    _column_numbers(doc)
    doc.meta["classifier"] = getattr(clf, "version", clf.__class__.__name__)
    return doc


_MIN_NUMBERED = 5
_DIGITS = re.compile(r"\d{1,3}")


def _column_numbers(doc: Document) -> None:
    """A table row that only numbers its columns - 0, 1, 2 … or 1, 2, 3 …, one number a cell
    across the whole row, no label, no blank - counts nothing: the names a data-frame library
    gives the columns of a table scraped without header cells (pandas' read_html, printed by
    tabulate or to_string), or a form's column-number row. It is noise, not values. No row of the
    statutory tables reads so: five or more cells counting up by one never keep a total column
    equal to the sum of the cells before it."""
    rows: dict[int, list] = {}
    for b in doc.blocks:
        if b.kind == "cell":
            rows.setdefault(b.row, []).append(b)
    for cells in rows.values():
        if len(cells) < _MIN_NUMBERED or any(b.blank or not _DIGITS.fullmatch(b.text.strip()) for b in cells):
            continue
        cells = sorted(cells, key=lambda b: b.col)
        first = int(cells[0].text.strip())
        if first in (0, 1) and [int(b.text.strip()) for b in cells] == list(range(first, first + len(cells))):
            for b in cells:
                b.label, b.proba = "noise", 1.0
