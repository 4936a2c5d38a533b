"""training.score: field accuracy of outputs against labels, as the README's dev-set numbers
are measured."""
from __future__ import annotations

import json

from corpus import GOLDEN, REAL, SEEDS
from training import score as S


def test_comparable_values():
    assert S.comparable(None, False) is None and S.comparable(None, True) == 0
    assert S.comparable(3.0, False) == 3 and isinstance(S.comparable(3.0, False), int)
    assert S.comparable({"text": "1.5万元", "yuan": 15000.004}, False) == 15000.0  # to the fen
    assert S.comparable({"text": "?", "yuan": None}, True) == 0


def test_strict_lenient_ambiguous_and_missing(tmp_path):
    labels, pred = tmp_path / "labels", tmp_path / "pred"
    labels.mkdir(), pred.mkdir()
    fields = {"a": 1, "b": None, "c": {"text": "2万元", "yuan": 20000}, "d": 5}
    for stem in ("x", "gone"):
        (labels / f"{stem}.labels.json").write_text(json.dumps(
            {"template": "2021", "fields": fields, "ambiguous": ["d"] if stem == "x" else []}))
    (pred / "x.json").write_text(json.dumps({"template": "2021", "review": {"required": False}, "fields": {
        "a": {"value": 1, "confidence": 0.95}, "b": {"value": 0, "confidence": 0.9},
        "c": {"value": {"text": "20000元", "yuan": 20000.0}, "confidence": 0.85}, "d": {"value": 9}}}))
    gone, x = S.score(labels, pred)  # sorted by stem
    assert [f.key for f in x.fields] == ["a", "b", "c"]  # d is ambiguous: not scored
    assert [(f.strict, f.lenient) for f in x.fields] == [(True, True), (False, True), (True, True)]
    assert x.must_review and x.template_ok and x.right == 3
    assert not gone.predicted and gone.wrong == ["a", "b", "c", "d"] and gone.review_required is None
    s = S.summarize([x, gone])
    assert s["field_accuracy_strict"] == round(2 / 7, 4) and s["field_accuracy_lenient"] == round(3 / 7, 4)
    assert s["auto_accepted"] == 1 and s["wrong_fields_in_auto_accepted"] == 0
    assert s["wrong_documents_flagged_for_review"] == "1/2"  # x must be reviewed but was accepted
    assert s["confidence_ece"] == round((abs(0.95 - 1) + abs(0.9 + 0.85 - 2)) / 3, 4)


def test_dev_set_numbers_of_the_readme():
    """The README's dev set (5 seeds + 5 labelled real reports, 1,987 fields) scored on the
    golden snapshots: 99.90 % field accuracy, 9/10 fully right, no wrong report accepted."""
    docs = S.score(SEEDS, GOLDEN / "seeds") + S.score(REAL, GOLDEN / "real")
    s = S.summarize(docs)
    assert (s["documents"], sum(len(d.fields) for d in docs)) == (10, 1987)
    assert s["field_accuracy_lenient"] == 0.999 and s["documents_fully_right"] == 9
    assert s["wrong_fields_in_auto_accepted"] == 0 and s["confidence_ece"] < 0.01
    assert {d.doc: d.wrong for d in docs if d.wrong} == {
        "003": ["active.normative.issued", "active.normative.repealed"]}  # the 69|3 or 6|93 cell pair


def test_command_line(capsys):
    assert S.main([str(SEEDS), str(GOLDEN / "seeds"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["documents"] == 5 and len(out["documents"]) == 5
    assert S.main([str(SEEDS)]) == 2
