"""load → document model → classify → assemble → check → confidence → output."""
from __future__ import annotations

import os

from . import metadata
from .assemble import assemble
from .checks import check
from .classify import classify
from .confidence import FIELD_REVIEW_BELOW, disagreement_evidence, review_decision, score_fields
from .loaders import load, load_bytes
from .model import Document
from .output import report_json
from .segment import split_runs
from .template import template_keys

# prose-vs-table checks (spaCy); XXGK_NARRATIVE=0 turns them off
NARRATIVE = os.environ.get("XXGK_NARRATIVE", "1") != "0"


def parse_document(doc: Document, classifier=None) -> dict:
    """Run every stage after loading on one document; returns the output object.

    `classifier`: a block classifier object, or a name of `classify.CLASSIFIER_NAMES`
    ("default", "rules", "neural", "ensemble"); None is the default model."""
    split_runs(doc)
    classify(doc, classifier)
    assembly = assemble(doc)
    tables = assembly.tables
    active_v = tables["active"].version if "active" in tables and tables["active"].found else None
    requests_v = tables["requests"].version if "requests" in tables and tables["requests"].found else None
    review_found = "review" in tables and tables["review"].found
    old = metadata.is_old_format(doc.text)
    template = None if old else (active_v or requests_v)
    if template is None and not old and (requests_v or review_found):
        template = requests_v
    if template is None:
        keys: list[str] = []
    else:
        keys = template_keys(active_v or template, requests_v or template)
    values = {k: f.value for k, f in assembly.fields.items()}
    checks = check(values, requests_v or (template if template else None)) if template else []
    score_fields(assembly.fields, checks)
    # opt-in (classify.EnsembleClassifier): a second model's labels as evidence for confidence
    second = doc.meta.get("second_opinion")
    second_reasons = second_opinion(doc, assembly, second, keys) if second else []
    missing = [] if template is None else [t for t in ("active", "requests", "review")
                                           if t not in tables or not tables[t].found]
    extra = ["pre-2019 report format: it has none of the statutory tables"] if old else []
    extra += second_reasons
    year = metadata.find_year(doc.text, doc.title)
    try:
        sections = metadata.section_texts(doc.text)
    except Exception:  # narrative is a courtesy: never lose the tables over it
        sections = {}
    prose = narrative_checks(doc.text, values, year=year, sections=sections) if template and NARRATIVE else []
    # a contradiction between prose and table is a reason to look, not a misread cell
    extra += [f"the text contradicts the table ({c.rule}): {c.detail}" for c in prose if c.status == "broken"]
    review = review_decision({k: assembly.fields[k] for k in keys if k in assembly.fields}, checks, missing,
                             template, extra)
    return report_json(doc, assembly, keys, template, year, metadata.find_agency(doc.text, doc.title),
                       checks + prose, review, sections, {"active": active_v, "requests": requests_v})


def second_opinion(doc: Document, assembly, second: dict, keys: list[str]) -> list[str]:
    """Assemble again with the other classifier's labels and lower the confidence of the fields
    the two readings disagree on (confidence.disagreement_evidence); doc.meta["disagreement"]
    gets {key: "value" | "blocks"}. Returns a review reason when that sends a field below the
    routing threshold."""
    preds = second.get("predictions") or []
    if len(preds) != len(doc.blocks):
        return []
    saved = [(b.label, b.proba, b.alt) for b in doc.blocks]
    try:
        for b, (label, p, alt) in zip(doc.blocks, preds):
            b.label, b.proba, b.alt = label, p, alt
        other = assemble(doc)
    finally:
        for b, (label, p, alt) in zip(doc.blocks, saved):
            b.label, b.proba, b.alt = label, p, alt
    before = {k: fr.evidence.get("raw_score", 1.0) for k, fr in assembly.fields.items()}
    dis = disagreement_evidence(assembly.fields, doc.blocks, [p[0] for p in preds], other.fields)
    doc.meta["disagreement"] = dis
    shown = set(keys)
    crossed = [k for k in dis if k in shown
               and before[k] >= FIELD_REVIEW_BELOW > assembly.fields[k].evidence["raw_score"]]
    if not crossed:
        return []
    n_value = sum(1 for k in crossed if dis[k] == "value")
    return [f"the block classifiers ({doc.meta.get('classifier')}) disagree on {len(crossed)} cells "
            f"({n_value} read differently): {', '.join(crossed[:6])}{' …' if len(crossed) > 6 else ''}"]


def narrative_checks(text: str, values: dict, year, sections: dict) -> list:
    from .narrative import narrative_checks as run  # spaCy loads on first use only

    try:
        return run(text, values, year=year, sections=sections)
    except Exception:  # the prose checks must never cost a parse
        return []


def extract_file(path: str | os.PathLike, classifier=None) -> dict:
    return parse_document(load(path), classifier)


def extract_bytes(data: bytes, name: str, classifier=None) -> dict:
    return parse_document(load_bytes(data, name), classifier)
