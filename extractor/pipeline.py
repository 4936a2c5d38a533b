"""load → document model → classify → assemble → check → confidence → output, as one object.

    nlp = Pipeline()                        # the default block classifier
    report = nlp(doc)                       # a loaded Document → the output dict
    state = nlp.run(doc, until="confidence")  # stop after a stage: the intermediate Parse
    for report in nlp.pipe(paths, n_process=4): ...   # many files, results in input order

`Pipeline.stage_names` lists the stages in order; each is a function `(pipeline, Parse)`
that fills in its part of the `Parse` (the state of one document's parse). `xxgk extract`,
the service and training (`training.train.field_outcomes`, which fits the calibration) all
run this object, so the calibration is fitted on the path production runs.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import batch, metadata
from . import reasons as R
from .assemble import Assembly, assemble
from .checks import Check, check
from .classify import classify
from .confidence import (
    FIELD_REVIEW_BELOW, disagreement_evidence, review_decision, score_fields, sends_to_review, unkept_blank_rows,
)
from .evidence import describe, typed
from .loaders import load, load_bytes
from .model import Document
from .outcomes import (doubtful_keys, implausible, judge, judge_all, layout_doubts, number_words, settle,
                       unstated_units)
from .output import report_json
from .segment import signed_words, split_runs
from .templates import template_keys

# prose-vs-table checks (spaCy); XXGK_NARRATIVE=0 turns them off
NARRATIVE = os.environ.get("XXGK_NARRATIVE", "1") != "0"


@dataclass
class Parse:
    """One document on its way through the stages; each stage fills in its part."""
    doc: Document
    assembly: Assembly | None = None  # assemble
    versions: dict = field(default_factory=dict)  # {"active": v, "requests": v} of the tables found
    old: bool = False  # a pre-2019 report (none of the statutory tables)
    template: str | None = None
    partial: bool = False  # table 四 alone: a report cut before its first tables, template unknown
    keys: list[str] = field(default_factory=list)  # the field keys of the template(s) found
    values: dict = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)  # check
    extra: list[R.Reason] = field(default_factory=list)  # reasons the stages add to review_decision's
    verdicts: list = field(default_factory=list)  # outcomes.Verdict of each broken identity (confidence)
    year: Any = None  # metadata
    agency: Any = None
    sections: dict = field(default_factory=dict)
    prose: list[Check] = field(default_factory=list)  # narrative
    review: dict | None = None  # review
    report: dict | None = None  # output


# --- the stages ----------------------------------------------------------------------------

def segment_stage(nlp: "Pipeline", p: Parse) -> None:
    signed_words(p.doc)
    split_runs(p.doc)


def classify_stage(nlp: "Pipeline", p: Parse) -> None:
    classify(p.doc, nlp.classifier)


def assemble_stage(nlp: "Pipeline", p: Parse) -> None:
    """The tables, and which template (2019/2021) each is in."""
    p.assembly = assemble(p.doc)
    tables = p.assembly.tables
    active_v = tables["active"].version if "active" in tables and tables["active"].found else None
    requests_v = tables["requests"].version if "requests" in tables and tables["requests"].found else None
    review_found = "review" in tables and tables["review"].found
    p.old = metadata.is_old_format(p.doc.text)
    template = None if p.old else (active_v or requests_v)
    if template is None and not p.old and (requests_v or review_found):
        template = requests_v
    p.template = template
    # a report cut before its first tables (a converter that drops what precedes the page's first
    # heading, a scraper, a user): table 四 prints alike in both templates, so its fields are read
    # and the template stays unknown (None), never guessed
    p.partial = template is None and not p.old and review_found
    p.versions = {"active": active_v, "requests": requests_v}
    p.keys = template_keys(None, None) if p.partial else (
        [] if template is None else template_keys(active_v or template, requests_v or template))
    p.values = {k: f.value for k, f in p.assembly.fields.items()}


def check_stage(nlp: "Pipeline", p: Parse) -> None:
    requests_v = p.versions.get("requests")
    p.checks = check(p.values, requests_v or (p.template if p.template else None)) if p.template or p.partial else []


def confidence_stage(nlp: "Pipeline", p: Parse) -> None:
    score_fields(p.assembly.fields, p.checks)
    # opt-in (classify.EnsembleClassifier): a second model's labels as evidence for confidence
    second = p.doc.meta.get("second_opinion")
    if second:
        p.extra += second_opinion(p.doc, p.assembly, second, p.keys)
    # values no report prints are doubts; then which broken identities are the report's own
    # (every cell read with certainty: extractor.outcomes), whose cells are scored again
    fields = p.assembly.fields
    p.extra += implausible(fields, p.keys, p.versions)
    p.extra += number_words(p.doc, p.assembly.regions, {k: fields[k] for k in p.keys if k in fields}, p.versions)
    p.extra += unstated_units(fields, p.keys, p.versions)
    p.verdicts = judge_all(p.checks, fields)
    settle(fields, p.checks, p.verdicts)
    unkept_blank_rows(fields, p.checks, p.verdicts)


def metadata_stage(nlp: "Pipeline", p: Parse) -> None:
    title = p.doc.title or metadata.title_among(p.doc.meta.get("furniture") or ())
    p.year = metadata.find_year(p.doc.text, title)
    p.agency = metadata.find_agency(p.doc.text, title)
    try:
        p.sections = metadata.section_texts(p.doc.text)
    except MemoryError:
        raise  # a worker at its memory cap reports the document too large, not a parse without its prose
    except Exception:  # narrative is a courtesy: never lose the tables over it
        p.sections = {}


def narrative_stage(nlp: "Pipeline", p: Parse) -> None:
    if p.template and nlp.narrative:
        p.prose = narrative_checks(p.doc.text, p.values, year=p.year, sections=p.sections)


def review_stage(nlp: "Pipeline", p: Parse) -> None:
    tables = p.assembly.tables
    missing = [] if p.template is None and not p.partial else [t for t in ("active", "requests", "review")
                                             if t not in tables or not tables[t].found]
    extra = [R.old_format()] if p.old else []
    extra += p.extra
    # prose that contradicts a table read with certainty is a finding about the report;
    # against an uncertain reading it is a reason to look
    fields = p.assembly.fields  # (a property that merges the tables' fields: read it once)
    for c in p.prose:
        if c.status == "broken":
            r = R.narrative_contradiction(c, p.versions)
            v = judge(c, fields, doubtful_keys(p.verdicts), layout_doubts(fields))
            extra.append(r.as_source() if v.source else r.with_detail(doubts=v.doubts))
    shown = {k: fields[k] for k in p.keys if k in fields}
    p.review = review_decision(shown, p.checks, missing, p.template, extra, p.verdicts, p.versions,
                               partial=p.partial)


def output_stage(nlp: "Pipeline", p: Parse) -> None:
    p.report = report_json(p.doc, p.assembly, p.keys, p.template, p.year, p.agency, p.checks + p.prose,
                           p.review, p.sections, p.versions)
    if nlp.explain:
        add_explanations(p)


STAGES = (("segment", segment_stage), ("classify", classify_stage), ("assemble", assemble_stage),
          ("check", check_stage), ("confidence", confidence_stage), ("metadata", metadata_stage),
          ("narrative", narrative_stage), ("review", review_stage), ("output", output_stage))


class Pipeline:
    """The stages after loading, in order (`stage_names`), with their settings.

    `classifier`: a block classifier object, or a name of `classify.CLASSIFIER_NAMES`
    ("default", "rules", "neural", "ensemble"); None is the default model. `explain`: add
    an `explain` entry to every flagged field of the output (why it was flagged).
    `narrative`: run the prose-vs-table checks (default: $XXGK_NARRATIVE, on)."""

    def __init__(self, classifier=None, explain: bool = False, narrative: bool | None = None,
                 stages=STAGES):
        self.classifier = classifier
        self.explain = explain
        self.narrative = NARRATIVE if narrative is None else narrative
        self.stages: list[tuple[str, Any]] = list(stages)

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def run(self, doc: Document, until: str | None = None):
        """Run every stage on a loaded document and return the output dict; with `until`,
        stop after that stage and return the Parse (the state so far)."""
        if until is not None and until not in self.stage_names:
            raise ValueError(f"no stage {until!r}: the stages are {', '.join(self.stage_names)}")
        p = Parse(doc)
        for name, stage in self.stages:
            stage(self, p)
            if name == until:
                return p
        return p.report

    __call__ = run

    def extract_file(self, path: str | os.PathLike) -> dict:
        return self.run(load(path))

    def extract_bytes(self, data: bytes, name: str) -> dict:
        return self.run(load_bytes(data, name))

    def config(self) -> dict:
        """What a worker process needs to build the same pipeline (see `pipe`)."""
        return {"classifier": self.classifier, "explain": self.explain, "narrative": self.narrative}

    def pipe(self, items: Iterable, n_process: int = 1, errors: str = "raise") -> Iterator[dict]:
        """Output dicts of many items, in input order. An item is a path, a loaded Document or
        a (bytes, name) pair. `n_process` > 1 runs them in worker processes (extractor.batch;
        a worker that dies costs only its own item). `errors="raise"`: the first item that
        fails raises batch.ItemFailed; `errors="record"`: a failed item yields its error
        record ({"ok": False, "error": code, "message": …}) in its place."""
        if errors not in ("raise", "record"):
            raise ValueError("errors must be 'raise' or 'record'")
        if self.stages != list(STAGES):
            # custom stages are not rebuilt in worker processes: run them here
            n_process = 1
        work = list(items) if n_process > 1 else items
        runner = batch.run(work, pipe_item, (self.config(),), n_workers=n_process, ordered=True,
                           local=self if n_process <= 1 else None)
        for _, outcome in runner:
            if outcome["ok"]:
                yield outcome["report"]
            elif errors == "raise":
                raise batch.ItemFailed(outcome)
            else:
                yield outcome


@lru_cache(maxsize=8)
def _cached(classifier, explain: bool) -> Pipeline:
    return Pipeline(classifier, explain=explain)


def default_pipeline(classifier=None, explain: bool = False) -> Pipeline:
    """A Pipeline per (classifier name, explain), built once per process."""
    if classifier is None or isinstance(classifier, str):
        return _cached(classifier, explain)
    return Pipeline(classifier, explain=explain)


# --- the public functions of old (README): thin wrappers ------------------------------------

def parse_document(doc: Document, classifier=None, explain: bool = False) -> dict:
    """Run every stage after loading on one document; returns the output object."""
    return default_pipeline(classifier, explain).run(doc)


def extract_file(path: str | os.PathLike, classifier=None, explain: bool = False) -> dict:
    return parse_document(load(path), classifier, explain)


def extract_bytes(data: bytes, name: str, classifier=None, explain: bool = False) -> dict:
    return parse_document(load_bytes(data, name), classifier, explain)


# --- per-document outcomes for extractor.batch (top level: they run in worker processes) --------

def extract_path(path: str, classifier=None, explain: bool = False) -> dict:
    """One file: {"ok": True, "report": …, "seconds"} or a batch error record; never raises."""
    def work():
        kw = {"explain": True} if explain else {}
        # the module's extract_file, looked up per call (tests stand in for it)
        report = extract_file(path, **kw) if classifier is None else extract_file(path, classifier, **kw)
        if not isinstance(report, dict):
            raise TypeError(f"extract_file returned {type(report).__name__}, not a dict")
        return {"report": report}

    return batch.attempt(work)


def pipe_item(item, config: dict | None, nlp: "Pipeline | None" = None) -> dict:
    """One item of Pipeline.pipe (a path, a loaded Document or (bytes, name)) as an outcome;
    `nlp` in this process, else the pipeline `config` describes, built once per worker."""
    def work():
        p = nlp
        if p is None:
            c = dict(config or {})
            p = default_pipeline(c["classifier"], c["explain"]) if c.get("narrative") == NARRATIVE else Pipeline(**c)
        if isinstance(item, Document):
            doc = item
        elif isinstance(item, tuple):
            doc = load_bytes(*item)
        else:
            doc = load(item)
        return {"report": p.run(doc)}

    return batch.attempt(work)


# --- helpers of the stages -----------------------------------------------------------------

def second_opinion(doc: Document, assembly, second: dict, keys: list[str]) -> list[R.Reason]:
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
    fields = assembly.fields
    before = {k: fr.evidence.get("raw_score", 1.0) for k, fr in fields.items()}
    dis = disagreement_evidence(fields, doc.blocks, [p[0] for p in preds], other.fields)
    doc.meta["disagreement"] = dis
    shown = set(keys)
    crossed = [k for k in dis if k in shown
               and before[k] >= FIELD_REVIEW_BELOW and sends_to_review(fields[k])]
    if not crossed:
        return []
    n_value = sum(1 for k in crossed if dis[k] == "value")
    return [R.classifier_disagreement(doc.meta.get("classifier"), crossed, n_value)]


def narrative_checks(text: str, values: dict, year, sections: dict) -> list:
    from .narrative import narrative_checks as run  # spaCy loads on first use only

    try:
        return run(text, values, year=year, sections=sections)
    except MemoryError:
        raise  # as in metadata_stage: out of memory is the document's budget, not a failed courtesy
    except Exception:  # the prose checks must never cost a parse
        return []


def flagged(p: Parse) -> list[str]:
    """The output's field keys whose raw score sends the document to review (FIELD_REVIEW_BELOW)."""
    fields = p.assembly.fields
    return [k for k in p.keys if k in fields and sends_to_review(fields[k])]


def add_explanations(p: Parse) -> None:
    """fields[key]["explain"] for every flagged field: the codes of the review reasons about
    it, its typed evidence and what lowered its score in words (Chinese, then English)."""
    items = (p.review or {}).get("items") or []
    fields = p.assembly.fields
    for k in flagged(p):
        fr = fields[k]
        why = describe(fr.evidence)
        p.report["fields"][k]["explain"] = {
            "raw_score": round(float(fr.evidence.get("raw_score", fr.confidence)), 4),
            "reasons": [it["code"] for it in items if k in it["keys"]],
            "evidence": typed(fr.evidence),
            "why": [zh for zh, _ in why],
            "why_en": [en for _, en in why],
        }
