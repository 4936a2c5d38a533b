"""How much a person's review of a parsed report would teach the model: its uncertainty score.

Uncertainty sampling: every document goes through the pipeline (with the shipped block
classifier, or the rules where none is shipped), and its score in [0, 1] is

    score = W_DOC·u_doc + W_FIELDS·u_fields + W_BLOCKS·u_blocks          (weights 0.4, 0.3, 0.3)

* u_doc    = 1 − review.confidence: the calibrated probability that some field is wrong
             (extractor.confidence.review_decision);
* u_fields = 1 − exp(−E / FIELD_SCALE), E = Σ (1 − confidence) over the fields: the expected
             number of wrong cells, squashed (E = 2 gives 0.63 with FIELD_SCALE = 2) — many
             uncertain cells teach more than one; the "uncertain cells" counted and named are
             the fields the review decision sends to review (confidence.sent_to_review: by their
             evidence score, 证据分, not their calibrated confidence; and a missing table's
             cells), what a reviewer is asked to look at;
* u_blocks = mean of (1 − margin) over the LEAST_SURE = 5 least certain row-label blocks inside the
             table regions, margin = p(top label) − p(second label) from the classifier's top-3
             probabilities (BlockClassifier.predict); "row-label blocks" are those whose top or
             second label is a row.* or group.* label. The mean over the few least certain
             blocks, not over all rows, so that a handful of confused rows among fifty counts.

A document with no statutory tables found but with part headings or row labels gets
u_doc = u_fields = 1 (an unknown layout: most to learn); a pre-2019 report (none of the
statutory tables) or a document with no part heading or row label at all (not a report)
has nothing to label: its score is multiplied by OLD_FORMAT_WEIGHT (0.1). Ties keep the
input order (directories are walked in sorted order), so the ranking is stable.

`score_document(doc)` scores one loaded Document; `xxgk rank` (training.rank) ranks folders
by it and the service stores it with every parse (its review queue's order).
"""
from __future__ import annotations

import math

from . import metadata
from .assemble import find_regions
from .confidence import sent_to_review
from .model import Document

W_DOC, W_FIELDS, W_BLOCKS = 0.4, 0.3, 0.3
FIELD_SCALE = 2.0  # expected wrong cells at which u_fields reaches 1 − 1/e
LEAST_SURE = 5  # row-label blocks averaged in u_blocks
LOW_MARGIN = 0.5  # a row label the classifier is this unsure of is counted in "why"
OLD_FORMAT_WEIGHT = 0.1


def _margin(alt: dict[str, float]) -> float:
    p = sorted(alt.values(), reverse=True)
    return p[0] - (p[1] if len(p) > 1 else 0.0)


def _entropy(alt: dict[str, float]) -> float:
    """Entropy of the top-3 probabilities (renormalised), in [0, 1] (divided by log 3)."""
    s = sum(alt.values())
    if s <= 0 or len(alt) < 2:
        return 0.0
    return -sum(p / s * math.log(p / s) for p in alt.values() if p > 0) / math.log(3)


def _n(k: int, word: str) -> str:
    return f"{k} {word}{'' if k == 1 else 's'}"


def _is_row_label(label: str) -> bool:
    return label.startswith(("row.", "group."))


def score_document(doc: Document, classifier=None, name: str | None = None, out: dict | None = None) -> dict:
    """Score what labelling a loaded document would teach. `out`: the document's parse when
    parse_document has already run on `doc` (its blocks carry the labels); else it is run."""
    if out is None:
        from .pipeline import parse_document

        out = parse_document(doc, classifier)  # labels the blocks in place (label, proba, alt)
    regions = find_regions(doc.blocks)
    spans = list(regions.values()) or [(0, len(doc.blocks))]
    rows = []
    for s, e in spans:
        for b in doc.blocks[s:e]:
            if not b.alt:  # fixed by layout (blank, break) or the rules: nothing learned
                continue
            top2 = sorted(b.alt, key=b.alt.get, reverse=True)[:2]
            if any(_is_row_label(t) for t in top2):
                rows.append((_margin(b.alt), _entropy(b.alt), b))
    rows.sort(key=lambda r: r[0])
    least = rows[:LEAST_SURE]
    u_blocks = sum(1 - m for m, _, _ in least) / len(least) if least else 0.0
    low = [r for r in rows if r[0] < LOW_MARGIN]

    fields = out["fields"]
    expected_wrong = sum(1 - f["confidence"] for f in fields.values())
    uncertain = sorted((k for k in sent_to_review(out["review"], fields) if k in fields), key=lambda k: fields[k]["confidence"])
    old = out["template"] is None and metadata.is_old_format(doc.text)
    # no part heading nor row label anywhere: not a report at all (nothing to learn)
    not_report = out["template"] is None and not old and not any(
        (b.label or "").startswith(("heading.", "row.", "group.")) for b in doc.blocks)
    doc_conf = out["review"]["confidence"]
    if out["template"] is None and not (old or not_report):
        u_doc, u_fields = 1.0, 1.0
    else:
        u_doc = 1.0 - doc_conf
        u_fields = 1.0 - math.exp(-expected_wrong / FIELD_SCALE)
    score = W_DOC * u_doc + W_FIELDS * u_fields + W_BLOCKS * u_blocks
    if old or not_report:
        score *= OLD_FORMAT_WEIGHT
    broken = [c for c in out["checks"] if c.get("status") == "broken"]

    why = []
    if old:
        why.append("pre-2019 format: no statutory tables to label")
    elif not_report:
        why.append("not a report: no part heading or row label found")
    elif out["template"] is None and fields:  # a partial report: table 四 alone, alike in both templates
        why.append("partial report: only " + _n(len(fields), "field") + " of a table both templates print alike")
    elif out["template"] is None:
        why.append("no statutory tables found (unknown layout?)")
    if uncertain:
        why.append(f"{_n(len(uncertain), 'uncertain cell')} (≈{expected_wrong:.1f} expected wrong)")
    if low:
        why.append(f"classifier margin {sum(m for m, _, _ in low) / len(low):.2f} on {_n(len(low), 'row label')}")
    if broken:
        why.append(f"{_n(len(broken), 'check')} broken")
    if not why:
        why.append("clean" + (f": row labels sure (min margin {rows[0][0]:.2f})" if rows else ""))
    why.append(f"document confidence {doc_conf:.2f}")
    return {
        "file": name or doc.source.path or doc.source.name,
        "score": round(score, 6),
        "why": "; ".join(why),
        "components": {"document": round(u_doc, 6), "fields": round(u_fields, 6), "blocks": round(u_blocks, 6)},
        "document_confidence": doc_conf,
        "review_required": out["review"]["required"],
        "template": out["template"],
        "uncertain_cells": len(uncertain),
        "uncertain_fields": uncertain[:20],
        "expected_wrong_cells": round(expected_wrong, 4),
        "row_label_blocks": len(rows),
        "low_margin_row_labels": [{"text": b.text[:40], "label": b.label, "margin": round(m, 4),
                                   "alt": {k: round(v, 4) for k, v in b.alt.items()}} for m, _, b in low[:10]],
        "min_margin": round(rows[0][0], 4) if rows else None,
        "mean_entropy": round(sum(h for _, h, _ in rows) / len(rows), 4) if rows else None,
        "classifier": out.get("model"),
        "error": None,
    }
