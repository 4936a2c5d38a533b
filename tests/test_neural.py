"""The optional neural block classifier (extractor.neural): contract, determinism, persistence,
and that the default path never imports torch or transformers."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from extractor.labels import LABELS
from extractor.neural import MODEL_DIR_NAME, NeuralBlockClassifier, available, block_tokens

ROOT = Path(__file__).resolve().parents[1]
ANN = ROOT / "annotations"

needs_torch = pytest.mark.skipif(not available(), reason="torch/transformers not installed: pip install -e .[neural]")

TINY = {"hidden": 16, "layers": 1, "heads": 2, "intermediate": 32, "epochs": 1, "batch": 64, "max_dup": 1,
        "min_char_count": 1, "threads": 1}


def _default_path_modules(code: str) -> dict:
    """sys.modules facts after running `code` in a fresh interpreter."""
    prog = (f"import sys, json\n{code}\n"
            "print(json.dumps({m: m in sys.modules for m in ('torch', 'transformers')}))")
    r = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, cwd=ROOT, timeout=300,
                       env={**__import__("os").environ, "XXGK_NARRATIVE": "0"})
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_default_path_does_not_import_torch_or_transformers():
    src = ANN / "sources" / "001.txt"
    got = _default_path_modules(
        "import extractor.pipeline, extractor.neural\n"
        "from extractor.pipeline import extract_file\n"
        f"out = extract_file({str(src)!r})\n"
        "assert out['fields'], 'nothing extracted'\n")
    assert got == {"torch": False, "transformers": False}


def test_block_tokens_shape():
    from extractor.loaders import load
    from extractor.segment import split_runs

    doc = load(ANN / "sources" / "001.txt")
    split_runs(doc)
    seqs = block_tokens(doc)
    assert len(seqs) == len(doc.blocks)
    for toks, types in seqs:
        assert len(toks) == len(types) <= 80
        assert toks[0].startswith("<r:") and toks[0][3:-1] in LABELS  # the rule's label in the [CLS] slot
        assert set(types) <= {0, 1, 2, 3}


def _tiny_docs(n: int = 2):
    from training.annotate import annotate, doc_from_annotation, load_annotations

    out = []
    for ann in load_annotations()[:n]:
        doc = doc_from_annotation(ann)
        a = annotate(doc, ann["fields"])
        out.append((doc, [b["confirmed"] for b in a["blocks"]], "real", ann["doc"]))
    return out


def _fit(docs, seed=0):
    from training.neural import neural_examples

    X, y = neural_examples(docs)
    return NeuralBlockClassifier(**TINY, seed=seed).fit(X, y)


@needs_torch
def test_fit_predict_save_load_deterministic(tmp_path):
    import torch

    docs = _tiny_docs(2)
    threads = torch.get_num_threads()
    m1 = _fit(docs)
    assert torch.get_num_threads() == threads  # fit leaves the caller's thread setting alone
    m2 = _fit(docs)
    doc = docs[0][0]
    p1, p2 = m1.predict(doc), m2.predict(doc)
    assert len(p1) == len(doc.blocks)
    assert p1 == p2, "same data, same seed: same model"
    for b, (label, proba, alt) in zip(doc.blocks, p1):
        assert label in LABELS and 0.0 <= proba <= 1.0
        if b.kind == "break" or b.blank:
            assert (proba, alt) == (1.0, {})  # fixed by layout, as BlockClassifier does
        else:
            assert len(alt) <= 3 and label == max(alt, key=alt.get)
            assert abs(alt[label] - proba) < 1e-9
    assert set(m1.classes) <= set(LABELS)

    m1.version = "tiny-test"
    d = tmp_path / MODEL_DIR_NAME
    m1.save(d)
    assert {p.name for p in d.iterdir()} == {"weights.safetensors", "config.json"}
    assert sum(p.stat().st_size for p in d.iterdir()) < 5 * 1024 * 1024
    m3 = NeuralBlockClassifier.load(d)
    assert m3.version == "tiny-test" and m3.classes == m1.classes and m3.vocab == m1.vocab
    p3 = m3.predict(doc)
    assert [x[0] for x in p3] == [x[0] for x in p1]
    assert np.allclose([x[1] for x in p3], [x[1] for x in p1], atol=1e-6)


@needs_torch
def test_neural_classifier_in_the_pipeline(tmp_path):
    from extractor.pipeline import extract_file

    m = _fit(_tiny_docs(2))
    m.version = "tiny-pipeline"
    out = extract_file(ANN / "sources" / "001.txt", classifier=m)
    assert out["model"] == "tiny-pipeline"  # the pipeline took it as its classifier
    assert isinstance(out["fields"], dict) and "review" in out  # a one-step model reads little, but runs


@needs_torch
def test_shipped_neural_model_loads_if_present():
    from extractor.neural import load_default

    d = ROOT / "models" / "default" / MODEL_DIR_NAME
    manifest = json.loads((d.parent / "manifest.json").read_text())
    if "neural" not in manifest:
        pytest.skip("the shipped bundle has no neural model (python -m training.neural --replace-shipped)")
    m = load_default()
    assert m is not None and set(m.classes) <= set(LABELS) and m.version == manifest["neural"]["version"]
    assert (d / "MODEL_CARD.md").exists()
    assert sum(p.stat().st_size for p in d.iterdir()) < 5 * 1024 * 1024


# --- the two classifiers' disagreement as evidence for confidence (opt-in) ----------------------


def _field(key, value, block, raw=1.0, found=True):
    from extractor.assemble import FieldResult

    fr = FieldResult(key, value, str(value), {"found": found, "raw_score": raw}, block)
    fr.confidence = raw
    return fr


def test_disagreement_evidence_unit():
    from extractor.confidence import (BLOCK_DISAGREE_FACTOR, FIELD_REVIEW_BELOW, VALUE_DISAGREE_FACTOR,
                                      Calibration, disagreement_evidence)
    from extractor.model import Block

    blocks = [Block("收到申请数", "cell", label="row.requests.new"),
              Block("12", "cell", label="value"),
              Block("予以公开", "cell", label="row.requests.granted"),
              Block("5", "cell", label="value"),
              Block("部分公开", "cell", label="row.requests.partial"),
              Block("3", "cell", label="value"),
              Block("不予公开", "cell", label="group.denied"),
              Block("7", "cell", label="value")]
    # the other model: same labels but for the value cell of `granted` and the row label of `partial`
    other = [b.label for b in blocks]
    other[3] = "noise"
    other[4] = "narrative"
    f = {"requests.new.natural": _field("requests.new.natural", 12, blocks[1]),
         "requests.granted.natural": _field("requests.granted.natural", 5, blocks[3]),
         "requests.partial.natural": _field("requests.partial.natural", 3, blocks[5], raw=0.95),
         "requests.other.other.natural": _field("requests.other.other.natural", 7, blocks[7]),
         "requests.unable.unclear.natural": _field("requests.unable.unclear.natural", None, None, raw=0.02,
                                                   found=False)}
    g = {k: _field(k, v.value, None) for k, v in f.items()}
    g["requests.other.other.natural"] = _field("requests.other.other.natural", 9, None)  # another reading
    identity = Calibration()  # raw score == probability: the factors show through
    got = disagreement_evidence(f, blocks, other, g, calibration=identity)
    assert got == {"requests.granted.natural": "blocks", "requests.partial.natural": "blocks",
                   "requests.other.other.natural": "value"}
    assert f["requests.new.natural"].evidence["raw_score"] == 1.0 and "disagreement" not in f["requests.new.natural"].evidence
    assert f["requests.granted.natural"].evidence["raw_score"] == pytest.approx(BLOCK_DISAGREE_FACTOR)
    assert f["requests.partial.natural"].evidence["raw_score"] == pytest.approx(0.95 * BLOCK_DISAGREE_FACTOR)
    assert f["requests.partial.natural"].evidence["raw_before"] == 0.95
    assert f["requests.other.other.natural"].evidence["raw_score"] == pytest.approx(VALUE_DISAGREE_FACTOR)
    assert f["requests.other.other.natural"].confidence == pytest.approx(VALUE_DISAGREE_FACTOR)
    assert f["requests.other.other.natural"].evidence["raw_score"] < FIELD_REVIEW_BELOW
    assert f["requests.unable.unclear.natural"].evidence["raw_score"] == 0.02  # not found: nothing to weigh
    # a field the other reading does not find at all is read differently
    h = dict(g)
    del h["requests.new.natural"]
    f2 = {"requests.new.natural": _field("requests.new.natural", 12, blocks[1])}
    assert disagreement_evidence(f2, blocks, [b.label for b in blocks], h, calibration=identity) == \
        {"requests.new.natural": "value"}
    # labels not aligned with the blocks: no evidence, nothing changed
    f3 = {"requests.new.natural": _field("requests.new.natural", 12, blocks[1])}
    assert disagreement_evidence(f3, blocks, other[:-1], g, calibration=identity) == {}
    assert f3["requests.new.natural"].evidence["raw_score"] == 1.0


class _Relabel:
    """A stand-in second model: the default model's labels with some row labels swapped."""

    version = "relabel-test"

    def __init__(self, base, swap: dict[str, str]):
        self.base, self.swap = base, swap

    def predict(self, doc):
        return [(self.swap.get(lab, lab), p, alt) for lab, p, alt in self.base.predict(doc)]


def test_ensemble_pipeline_uses_disagreement():
    """classify.EnsembleClassifier + pipeline: agreeing models change nothing; a second model that
    labels one row differently lowers exactly that row's cells and adds a review reason."""
    from extractor.classify import EnsembleClassifier, default_classifier
    from extractor.loaders import load
    from extractor.pipeline import parse_document

    src = ANN / "sources" / "001.txt"
    base = default_classifier()
    plain = parse_document(load(src), base)
    same = parse_document(load(src), EnsembleClassifier(base, _Relabel(base, {})))
    assert {k: (v["value"], v["confidence"]) for k, v in same["fields"].items()} == \
        {k: (v["value"], v["confidence"]) for k, v in plain["fields"].items()}
    assert same["review"] == plain["review"]

    doc = load(src)
    # the other model reads 予以公开 as 部分公开: the assembler puts granted's numbers elsewhere
    out = parse_document(doc, EnsembleClassifier(base, _Relabel(base, {"row.requests.granted": "row.requests.partial"})))
    dis = doc.meta["disagreement"]
    granted = [k for k in plain["fields"] if k.startswith("requests.granted.")]
    assert granted and set(granted) <= set(dis)
    assert all(k.startswith(("requests.granted.", "requests.partial.")) or dis[k] == "value" for k in dis)
    for k, v in out["fields"].items():
        assert v["value"] == plain["fields"][k]["value"]  # the primary's reading is kept
        if k in dis:
            assert v["confidence"] <= plain["fields"][k]["confidence"]
        else:
            assert v["confidence"] == plain["fields"][k]["confidence"]
    assert any(dis[k] == "value" for k in granted)
    assert out["review"]["required"]
    assert any(it["code"] == "classifier_disagreement" for it in out["review"]["items"])
    assert out["model"] == f"{base.version}+relabel-test"


def test_named_classifiers():
    from extractor.classify import RuleClassifier, default_classifier, named_classifier

    assert named_classifier(None) is default_classifier() and named_classifier("default") is default_classifier()
    assert isinstance(named_classifier("rules"), RuleClassifier)
    with pytest.raises(ValueError):
        named_classifier("bert")


def test_cli_neural_unavailable_is_a_usage_error(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from extractor import classify, cli, neural

    monkeypatch.setattr(neural, "available", lambda: False)
    classify._neural_classifier.cache_clear()
    try:
        for name in ("neural", "ensemble"):
            r = CliRunner().invoke(cli.main, ["extract", str(ANN / "sources" / "001.txt"), "--classifier", name,
                                              "--out", str(tmp_path / name)])
            assert r.exit_code == 2, r.output
            assert "torch and transformers" in r.output
    finally:
        classify._neural_classifier.cache_clear()
    r = CliRunner().invoke(cli.main, ["extract", str(ANN / "sources" / "001.txt"), "--classifier", "bert"])
    assert r.exit_code == 2


def _accuracy(out: dict, ann: dict) -> float:
    from training.annotate import _same

    keys = [k for k in ann["fields"] if k not in set(ann.get("ambiguous") or [])]
    return sum(1 for k in keys if k in out["fields"] and _same(out["fields"][k]["value"], ann["fields"][k])) / len(keys)


@needs_torch
@pytest.mark.parametrize("name", ["neural", "ensemble"])
def test_cli_classifier_on_a_real_report(tmp_path, name):
    """`xxgk extract --classifier neural|ensemble` on a real (HTML) report with known values."""
    from click.testing import CliRunner

    from extractor import cli
    from extractor.neural import load_default

    if load_default() is None:
        pytest.skip("no shipped neural model (python -m training.neural)")
    ann = json.loads((ANN / "013.json").read_text())
    src = ANN / ann["source"]
    r = CliRunner().invoke(cli.main, ["extract", str(src), "--classifier", name, "--out", str(tmp_path), "-q"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    out = json.loads((tmp_path / f"{src.stem}.json").read_text())
    version = json.loads((ROOT / "models" / "default" / MODEL_DIR_NAME / "config.json").read_text())["version"]
    assert version in out["model"]  # the neural model did classify (alone, or as the second opinion)
    assert out["template"] == ann["template"]
    assert _accuracy(out, ann) >= 0.99
