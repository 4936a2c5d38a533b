"""extractor.pipeline.extract_file end to end on the real and seed documents.

Labelled documents: annotations/<stem>.json ("fields" = the labels) with their sources
under annotations/sources. Unlabelled real reports and the pre-2019 negative example
come from the test corpus (tests/data/corpus/real).
"""
from __future__ import annotations

import hashlib
import json
import pathlib
from functools import lru_cache

import pytest

from corpus import REAL
from extractor.checks import check
from extractor.pipeline import extract_file
from extractor.templates import template_keys
from training.generate import versions_of

REPO = pathlib.Path(__file__).resolve().parents[1]
ANNOTATIONS = REPO / "annotations"
STEMS = sorted(p.stem for p in ANNOTATIONS.glob("*.json"))
SEED_001 = "001_ae5d534637d2dda6"
UNLABELLED = ("002.txt", "004.txt", "006.txt", "007.txt", "008.html", "010.md", "011.md")


@lru_cache(maxsize=None)
def _labels(stem: str) -> dict:
    return json.loads((ANNOTATIONS / f"{stem}.json").read_text(encoding="utf-8"))


def _source(stem: str) -> pathlib.Path:
    return ANNOTATIONS / _labels(stem)["source"]


@lru_cache(maxsize=None)
def _extract(path: str) -> dict:
    return extract_file(path)


def _out(stem: str) -> dict:
    return _extract(str(_source(stem)))


def _lenient(v):
    """blank == 0; money compared by yuan."""
    if v is None:
        return 0
    if isinstance(v, dict):
        return round(float(v.get("yuan") or 0), 2)
    return v


def _wrong(stem: str) -> list[tuple[str, object, object]]:
    lab = _labels(stem)
    out = _out(stem)
    amb = set(lab.get("ambiguous") or [])
    return [(k, v, out["fields"].get(k, {}).get("value")) for k, v in lab["fields"].items()
            if k not in amb and _lenient(v) != _lenient(out["fields"].get(k, {}).get("value"))]


def _scored(stem: str) -> int:
    lab = _labels(stem)
    return len(set(lab["fields"]) - set(lab.get("ambiguous") or []))


# --- labelled documents --------------------------------------------------------------------

@pytest.mark.parametrize("stem", STEMS)
def test_template_and_year(stem):
    lab, out = _labels(stem), _out(stem)
    assert out["template"] == lab["template"]
    assert out["year"] == lab["year"]
    av, rv = versions_of(lab["fields"])
    assert (out["tables"]["active"], out["tables"]["requests"]) == (av, rv)


@pytest.mark.parametrize("stem", STEMS)
def test_field_accuracy_per_document(stem):
    wrong = _wrong(stem)
    acc = 1 - len(wrong) / _scored(stem)
    assert acc >= 0.98, f"{stem}: lenient accuracy {acc:.4f}; wrong (key, label, extracted): {wrong}"


def test_field_accuracy_overall():
    wrong = {s: _wrong(s) for s in STEMS}
    n_wrong = sum(len(w) for w in wrong.values())
    n = sum(_scored(s) for s in STEMS)
    assert n >= 1900
    acc = 1 - n_wrong / n
    assert acc >= 0.995, f"overall lenient accuracy {acc:.4f} ({n_wrong}/{n} wrong): " + \
        "; ".join(f"{s}: {w}" for s, w in wrong.items() if w)


@pytest.mark.parametrize("stem", STEMS)
def test_wrong_fields_go_to_review(stem):
    out = _out(stem)
    wrong = _wrong(stem)
    if _labels(stem).get("ambiguous"):
        # output.md: a document with ambiguous cells "counts as one that must go to review"
        assert out["review"]["required"], f"{stem} has ambiguous labels but review.required is false"
    if not wrong:
        return
    assert out["review"]["required"], f"{stem}: wrong fields {wrong} but review.required is false"
    assert out["review"]["reasons"]


def test_some_correct_documents_pass_without_review():
    """Review must mean something: not every document may be routed to a person."""
    clean = [s for s in STEMS if not _wrong(s) and not _out(s)["review"]["required"]]
    assert clean, "every labelled document is sent to review"


def test_seed_001_findings_name_the_broken_identities():
    """Seed 001 prints numbers that break identities, every cell read with certainty: the
    report's own inconsistencies (review.findings name each one), not a reason to re-read it."""
    lab = _labels(SEED_001)
    _, rv = versions_of(lab["fields"])
    broken_in_labels = {c.rule for c in check(lab["fields"], rv) if c.status == "broken"}
    assert broken_in_labels
    out = _out(SEED_001)
    assert out["review"]["source_inconsistent"] and not out["review"]["required"]
    named = {it["detail"]["rule"] for it in out["review"]["findings"]}
    broken_out = {c["rule"] for c in out["checks"] if not c["ok"]}
    assert broken_in_labels <= broken_out == named


@pytest.mark.parametrize("stem", STEMS)
def test_output_shape(stem):
    out = _out(stem)
    src = _source(stem)
    assert out["schema_version"] == 1
    assert out["source"]["name"] == src.name
    assert out["source"]["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert out["source"]["format"] == {".txt": "text", ".md": "markdown", ".html": "html"}[src.suffix]
    assert out["template"] in ("2019", "2021")
    keys = template_keys(out["tables"]["active"], out["tables"]["requests"])
    assert set(out["fields"]) == set(keys) == set(_labels(stem)["fields"])
    for k, f in out["fields"].items():
        assert {"value", "confidence", "raw"} <= set(f), k
        assert 0.0 <= f["confidence"] <= 1.0, (k, f)
        assert isinstance(f["raw"], str), (k, f)
        v = f["value"]
        assert v is None or isinstance(v, int) or (isinstance(v, dict) and {"text", "yuan"} <= set(v)), (k, v)
        if isinstance(v, dict):
            assert k.endswith(".amount")
    assert isinstance(out["checks"], list) and out["checks"]
    for c in out["checks"]:
        assert isinstance(c["rule"], str) and isinstance(c["ok"], bool) and isinstance(c["detail"], str)
    r = out["review"]
    assert isinstance(r["required"], bool) and isinstance(r["reasons"], list)
    assert 0.0 <= r["confidence"] <= 1.0
    if r["required"]:
        assert r["reasons"] and all(isinstance(x, str) and x for x in r["reasons"])
    json.dumps(out, ensure_ascii=False)  # serialisable as is


# --- unlabelled and negative real documents ----------------------------------------------------

def test_pre_2019_report_has_no_template():
    out = _extract(str(REAL / "012.txt"))
    assert out["template"] is None
    assert out["fields"] == {}
    assert out["review"]["required"] is True
    reasons = " ".join(out["review"]["reasons"])
    assert reasons and ("2019" in reasons or "template" in reasons), reasons


def _index() -> dict[str, dict]:
    import csv

    with open(REAL / "index.tsv", encoding="utf-8") as f:
        return {r["file"]: r for r in csv.DictReader(f, delimiter="\t")}


@pytest.mark.parametrize("name", UNLABELLED)
def test_unlabelled_real_reports_parse_with_all_keys(name):
    path = REAL / name
    out = _extract(str(path))
    assert out["template"] in ("2019", "2021"), out["review"]
    keys = template_keys(out["tables"]["active"] or out["template"], out["tables"]["requests"] or out["template"])
    assert set(out["fields"]) == set(keys)
    assert len(keys) >= 190
    for k, f in out["fields"].items():
        assert {"value", "confidence", "raw"} <= set(f) and 0.0 <= f["confidence"] <= 1.0, (k, f)
    assert out["source"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    # index.tsv (the corpus catalogue) gives each report's year and template
    row = _index()[name]
    assert out["template"] == row["template"], (name, out["template"], row["template"])
    assert out["year"] == int(row["year"]), (name, out["year"], row["year"])
    # all three tables were found: each holds values, no reason says a table is missing
    for table in ("active", "requests", "review"):
        filled = [k for k, f in out["fields"].items() if k.startswith(table + ".") and f["value"] is not None]
        assert filled, f"{name}: no value in table {table}"
    assert not [r for r in out["review"]["reasons"] if "not found" in r], out["review"]["reasons"]


def test_table_four_printed_as_three_sub_tables():
    """011.md prints table 四 as three tables (复议 / 直接起诉 / 复议后起诉), each under its own
    header: the groups follow one another, and the prose total (74 cases) agrees with them."""
    out = _extract(str(REAL / "011.md"))
    got = {k: f["value"] for k, f in out["fields"].items() if k.startswith("review.")}
    groups = [[got[f"review.{g}.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")]
              for g in ("reconsideration", "litigation_direct", "litigation_after")]
    assert groups == [[27, 10, 9, 15, 61], [3, 0, 0, 0, 3], [8, 0, 1, 1, 10]]
    assert not any("narrative.review_cases" in r for r in out["review"]["reasons"]), out["review"]


def test_sub_tables_of_table_four_in_tab_rows(tmp_path):
    text = "\n".join([
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
        "2\t1\t0\t0\t3",
        "行政诉讼（未经复议直接起诉）",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
        "0\t0\t0\t1\t1",
        "行政诉讼（复议后起诉）",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
        "1\t0\t0\t0\t1",
        "五、存在的主要问题及改进情况",
        "无。",
    ])
    from extractor.assemble import assemble_review
    from extractor.classify import classify
    from extractor.loaders import load_bytes
    from extractor.segment import split_runs

    doc = load_bytes(text.encode("utf-8"), "t.txt")
    split_runs(doc)
    classify(doc)
    res = assemble_review(doc.blocks)
    vals = [res.fields[f"review.{g}.{c}"].value for g in ("reconsideration", "litigation_direct", "litigation_after")
            for c in ("upheld", "corrected", "other", "pending", "total")]
    assert vals == [2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1]


def test_a_note_under_table_four_does_not_wipe_it():
    """A line under table 四 that reads like a header ("注：…含上年度结转数量") ends the table;
    the values above it are the table."""
    text = "\n".join([
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议\t行政诉讼",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
        "0\t0\t0\t3\t3\t0\t0\t0\t0\t1\t0\t0\t0\t1",  # one blank cell dropped: fewer cells than the table
        "注：行政复议、行政诉讼数量含上年度结转数量。",
        "五、存在的主要问题及改进情况",
        "无。",
    ])
    from extractor.assemble import assemble_review
    from extractor.classify import classify
    from extractor.loaders import load_bytes
    from extractor.segment import split_runs

    doc = load_bytes(text.encode("utf-8"), "t.txt")
    split_runs(doc)
    classify(doc)
    note = next(b for b in doc.blocks if b.text.startswith("注："))
    note.label = "header"  # as the classifier reads it on an OCR'd page (seen on scans)
    res = assemble_review(doc.blocks)
    vals = [res.fields[f"review.{g}.{c}"].value for g in ("reconsideration", "litigation_direct", "litigation_after")
            for c in ("upheld", "corrected", "other", "pending", "total")]
    assert res.found and vals[:5] == [0, 0, 0, 3, 3] and vals[10:] == [1, 0, 0, 0, 1], vals


# --- the Pipeline object ------------------------------------------------------------------------

SAMPLES = REPO / "samples"


def test_pipeline_stages_in_order():
    from extractor.pipeline import Pipeline

    nlp = Pipeline()
    assert nlp.stage_names == ["segment", "classify", "assemble", "check", "confidence", "metadata",
                               "narrative", "review", "output"]
    with pytest.raises(ValueError, match="no stage 'nope'"):
        nlp.run(None, until="nope")


def test_run_is_extract_file_and_until_stops_after_a_stage():
    from extractor.loaders import load
    from extractor.pipeline import Parse, Pipeline

    path = SAMPLES / "008.html"
    nlp = Pipeline()
    assert nlp(load(path)) == nlp.run(load(path)) == extract_file(path)
    state = nlp.run(load(path), until="assemble")
    assert isinstance(state, Parse) and state.template == extract_file(path)["template"] and state.keys
    assert state.checks == [] and state.review is None  # the later stages did not run
    assert all("raw_score" not in f.evidence for f in state.assembly.fields.values())
    state = nlp.run(load(path), until="confidence")
    assert state.checks and state.review is None and state.report is None
    out = extract_file(path)
    # the scores training fits the calibration on are those the output's confidences come from
    for k, f in out["fields"].items():
        fr = state.assembly.fields[k]
        assert "raw_score" in fr.evidence and fr.confidence == f["confidence"]


def test_pipe_keeps_the_input_order_in_one_or_two_processes(tmp_path):
    from extractor.model import LoadError
    from extractor.pipeline import Pipeline
    from extractor.batch import ItemFailed

    paths = [SAMPLES / n for n in ("008.html", "000_26fa7c73a70403e4.txt", "010.md", "005.txt")]
    data = (SAMPLES / "013.html").read_bytes()
    items = [*map(str, paths), (data, "013.html")]
    want = [extract_file(p) for p in paths] + [Pipeline().extract_bytes(data, "013.html")]
    nlp = Pipeline()
    assert list(nlp.pipe(items)) == want
    assert list(nlp.pipe(items, n_process=2)) == want
    # a file that cannot be read: its error record in its place, or ItemFailed
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    got = list(nlp.pipe([str(paths[0]), str(empty)], n_process=2, errors="record"))
    assert got[0] == want[0] and got[1]["ok"] is False and got[1]["error"] == "unreadable"
    with pytest.raises(ItemFailed) as e:
        list(nlp.pipe([str(empty)]))
    assert e.value.record["error"] == "unreadable"
    with pytest.raises(LoadError):  # run() itself raises what the loader raises
        nlp.extract_file(empty)


def test_calibration_outcomes_come_from_the_production_path():
    """training.train.field_outcomes (what the calibration is fitted on) scores the fields the
    way `xxgk extract` does: the raw scores are the Pipeline's, broken identities included."""
    from extractor.classify import default_classifier
    from extractor.loaders import load_bytes
    from extractor.pipeline import Pipeline
    from training.annotate import same_value
    from training.train import field_outcomes

    lab = _labels("003")
    content = _source("003").read_text(encoding="utf-8")
    per_doc: list = []
    outcomes = field_outcomes([(content, "text", lab["fields"], "x")], default_classifier(), per_doc)
    state = Pipeline(default_classifier()).run(load_bytes(content.encode("utf-8"), "x.txt"), until="confidence")
    fields = state.assembly.fields
    want = [(fields[k].evidence["raw_score"], same_value(fields[k].value, v)) for k, v in lab["fields"].items()
            if k in fields and fields[k].evidence.get("found")]
    assert outcomes == want and len(want) > 100
    assert per_doc == [(min(fields[k].evidence["raw_score"] if k in fields else 0.0 for k in lab["fields"]),
                        all(k in fields and same_value(fields[k].value, v) for k, v in lab["fields"].items()))]
    assert state.checks  # the identities were evaluated and weigh in, as in production


def test_prose_check_failure_costs_no_parse_but_out_of_memory_is_not_swallowed(monkeypatch):
    """The prose cross-check is a courtesy: an error in it leaves the tables; running out of memory
    there is the document's budget (batch reports it as too large), never a quieter parse."""
    import extractor.narrative as narrative

    path = str(_source(STEMS[0]))

    def broken(*a, **k):
        raise ValueError("prose check bug")

    monkeypatch.setattr(narrative, "narrative_checks", broken)
    out = extract_file(path)
    assert out["template"] and out["fields"]

    def exhausted(*a, **k):
        raise MemoryError

    monkeypatch.setattr(narrative, "narrative_checks", exhausted)
    with pytest.raises(MemoryError):
        extract_file(path)
