"""The learning loop: a reviewer's correction becomes an annotation, `xxgk train` learns
from it, and the same kind of error is gone on a similar document the model never saw.

The error: a report words row 3.危及“三安全一稳定” in full ("可能危及国家安全、公共安全、
经济安全和社会稳定") and leaves out the empty row above it. No rule knows the wording, so
its values fill the first free row between the labelled rows around it: the wrong one.
"""
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from extractor.blockmodel import BlockClassifier, load_default
from extractor.pipeline import extract_bytes
from training.annotate import annotation_from_review
from training.generate import generate_report
from training.render import render

ROOT = Path(__file__).resolve().parents[1]
# a wording no alias holds and the shipped model does not read from its characters (printed in
# tabs it reads "可能危及国家安全、公共安全、经济安全和社会稳定" since it is trained on damaged labels)
PARAPHRASE = "3.公开后可能影响社会大局稳定"
SECURITY = "requests.denied.security"
FORBIDDEN = "requests.denied.law_forbidden"


def _report(seed: int) -> dict:
    """A generated report whose 三安全一稳定 row has requests and whose row above is empty."""
    rng = random.Random(seed)
    while True:
        rep = generate_report(rng, template="2021")
        f = rep["fields"]
        if rep["broken"] or not f.get(f"{SECURITY}.total"):
            continue
        if any(f.get(f"{FORBIDDEN}.{c}") for c in ("natural", "commercial", "research", "social", "legal", "other", "total")):
            continue
        return rep


def _document(rep: dict, layout: str, seed: int) -> tuple[str, dict]:
    """Render one row per line, drop the empty 2.其他法律… row, reword the 三安全 row."""
    r = render(rep, layout, random.Random(seed))
    lines = []
    for line in r.content.split("\n"):
        if "其他法律行政法规禁止公开" in line:
            continue
        if "三安全一稳定" in line:
            line = re.sub(r"3\s*[.、．]\s*危[及害][“\"]?三安全一稳定[”\"]?", PARAPHRASE, line)
        lines.append(line)
    fields = dict(r.fields)
    for c in ("natural", "commercial", "research", "social", "legal", "other", "total"):
        fields[f"{FORBIDDEN}.{c}"] = None
    return "\n".join(lines), fields


def _security(out: dict) -> list:
    return [out["fields"][f"{SECURITY}.{c}"]["value"] for c in ("natural", "total")]


def _truth(fields: dict) -> list:
    return [fields[f"{SECURITY}.{c}"] or 0 for c in ("natural", "total")]


def test_a_correction_teaches_the_model_a_new_row_wording(tmp_path):
    if load_default() is None:
        pytest.skip("no shipped model")
    # 1. the shipped model gets the reworded row wrong
    rep = _report(101)
    text, fields = _document(rep, "tabs", 5)
    assert PARAPHRASE in text and "其他法律行政法规禁止公开" not in text
    src = tmp_path / "reworded.txt"
    src.write_text(text, encoding="utf-8")
    before = extract_bytes(text.encode(), "reworded.txt")
    assert [v or 0 for v in _security(before)] != _truth(fields), "precondition: the error must exist"
    assert before["review"]["required"], "an error like this must at least go to review"

    # 2. a reviewer corrects it; the correction lands in the annotations
    ann_dir = tmp_path / "annotations"
    shutil.copytree(ROOT / "annotations", ann_dir)
    ann = annotation_from_review(src, fields, ann_dir, reviewer="test")
    labelled = [b for b in ann["blocks"] if b["text"].startswith(PARAPHRASE)]
    assert labelled and labelled[0]["label"] == f"row.{SECURITY}", "the values tie the wording to its row"
    assert json.loads((ann_dir / f"{Path(ann['source']).stem}.json").read_text())["origin"] == "review"

    # 3. retrain from the annotations (quick, seeded)
    from training.train import main as train

    models = tmp_path / "models"
    assert train(["--quick", "--annotations", str(ann_dir), "--out", str(models), "--seed", "3"]) == 0
    model = BlockClassifier.load(models / "block-classifier")

    # 4. a similar report it never saw — other values, other layout — now reads right
    rep2 = _report(202)
    text2, fields2 = _document(rep2, "markdown", 9)
    assert text2 != text
    old = extract_bytes(text2.encode(), "new.md")
    new = extract_bytes(text2.encode(), "new.md", model)
    assert [v or 0 for v in _security(old)] != _truth(fields2), "the old model makes the same error"
    assert [v or 0 for v in _security(new)] == _truth(fields2)
    assert [new["fields"][f"{FORBIDDEN}.{c}"]["value"] or 0 for c in ("natural", "total")] == [0, 0]
