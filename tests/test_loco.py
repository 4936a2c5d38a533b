"""training.train.loco: leave-one-converter-out over the training families and the held-out ones."""
from __future__ import annotations

from collections import Counter

from training import train as T


def test_loco_refits_without_each_training_family_and_scores_held_out_families_with_the_full_model(monkeypatch):
    """A family in the training documents is scored by a model fitted without it; a family in no
    training document (held-out-*) by the model trained on all of them, never fitted again."""
    fitted, scored = [], []

    def fake_fit(docs, rule_context=None):
        fitted.append(Counter(d[2] for d in docs))
        return f"model-without-{len(fitted)}"

    def fake_field_scores(items, classifier):
        scored.append((items[0][1], classifier if isinstance(classifier, str) else "rules"))
        return Counter(right=9, fields=10)

    monkeypatch.setattr(T, "fit", fake_fit)
    monkeypatch.setattr(T, "field_scores", fake_field_scores)
    monkeypatch.setattr(T, "truth_blocks", lambda items: [])
    monkeypatch.setattr(T, "truth_block_accuracy", lambda clf, truths: (0, 0))
    docs = [(None, [], "conv:pdftotext", "a"), (None, [], "conv:w3m", "b"), (None, [], "tabs", "c")]
    items = [(b"", fam, {}, "x", ()) for fam in ("conv:pdftotext", "conv:held-out-lo", "conv:w3m")]
    res = T.loco(docs, {"as printed": items}, log=lambda *a: None, full="full-model")
    assert len(fitted) == 2 and all(c["tabs"] == 1 for c in fitted)
    assert {fam for c in fitted for fam in c} == {"conv:pdftotext", "conv:w3m", "tabs"}
    assert all(sum(c.values()) == 2 for c in fitted)  # each fit leaves one family out
    assert ("conv:held-out-lo", "full-model") in scored
    got = res["as printed"]
    assert got["held-out-lo"]["in_training"] is False and got["pdftotext"]["in_training"] is True
    assert got["held-out-lo"]["trained_on"] == 3 and got["w3m"]["trained_on"] == 2


def test_loco_held_out_routes_cover_every_held_out_converter_family():
    """The LOCO test sets put their reports through a route of every family no training set
    holds (training.converters "held-out-*"), the families sessions 27-29 added included (pdf.js,
    PDFBox, Ghostscript, Tesseract, Camelot, WeasyPrint, Kreuzberg ...): each is reported as a
    held-out family where its converter is installed."""
    from training import converters as C

    assert len(set(T.LOCO_HELD_OUT)) == len(T.LOCO_HELD_OUT)
    assert all(r in C.ROUTES and r not in T.TRAIN_ROUTES for r in T.LOCO_HELD_OUT)
    held_out = {f for f in C.FAMILIES if f.startswith("held-out-")}
    covered = {C.ROUTES[r].family for r in T.LOCO_HELD_OUT}
    assert covered == held_out, sorted(held_out - covered)
    assert {"held-out-pdfjs", "held-out-pdfbox", "held-out-tesseract", "held-out-camelot"} <= covered
