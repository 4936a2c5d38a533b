"""`xxgk evaluate`: the numbers, the JSON, the HTML report and a tiny leave-one-layout-out run."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from extractor import cli
from extractor.labels import LABELS
from training import evaluate as ev
from training import report as rp

SECTION_IDS = ("summary", "accuracy", "documents", "real", "confusion", "reliability", "wrong-fields")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One small evaluation through the real command line: --generated 2, report and JSON."""
    d = tmp_path_factory.mktemp("evalrep")
    j = d / "eval.json"
    r = CliRunner().invoke(cli.main, ["evaluate", "--generated", "2", "--report", str(d / "rep"), "--json", str(j)])
    assert r.exit_code == 0, r.output
    return {"out": r.output, "json": json.loads(j.read_text()), "html": (d / "rep" / "index.html").read_text()}


def _in01(v) -> bool:
    return v is None or 0.0 <= v <= 1.0


def test_stdout_keeps_the_headline_numbers(run):
    out = run["out"]
    assert "real annotated (as published)" in out
    assert "generated · all" in out
    for layout in ev.LAYOUTS:
        assert f"generated · {layout}" in out
    assert re.search(r"field acc \d\.\d{4}", out)
    assert "block labels" in out and "report:" in out


def test_json_numbers_are_in_range(run):
    rep = run["json"]
    sets = [rep["real"], rep["generated"], *rep["layouts"].values(), *rep["templates"].values()]
    assert set(rep["layouts"]) == set(ev.LAYOUTS)
    assert rep["layouts"]["html"]["documents"] == 2
    for s in sets:
        for k in ("field_accuracy", "ece", "block_accuracy"):
            assert _in01(s.get(k)), (s["set"], k, s.get(k))
        assert 0 <= s["wrong_documents_auto_accepted"] <= s["wrong_documents"] <= s["documents"]
        assert 0 <= s["documents_fully_right"] <= s["documents"]
    for rel in rep["reliability"].values():
        assert len(rel["bins"]) == 10
        assert sum(b["n"] for b in rel["bins"]) == rel["fields"]
        assert _in01(rel["ece"])
        for b in rel["bins"]:
            assert _in01(b["accuracy"]) and _in01(b["mean_confidence"])
            if b["n"]:
                assert b["lo"] <= b["mean_confidence"] <= b["hi"] + 1e-9
    # the reliability ECE is the one summarize prints
    assert rep["reliability"]["generated"]["ece"] == pytest.approx(rep["generated"]["ece"])
    c = rep["confusion"]
    assert c["families"] == list(ev.FAMILIES)
    assert sum(map(sum, c["matrix"])) == c["blocks"] > 0
    assert _in01(c["block_accuracy"]) and _in01(c["family_accuracy"])
    assert c["family_accuracy"] >= c["block_accuracy"]
    blank = c["families"].index("blank")
    assert c["matrix"][blank][blank] == sum(c["matrix"][blank]) > 0  # blank cells: fixed by layout
    assert c["blocks_decided"] == c["blocks"] - c["matrix"][blank][blank]
    for p in c["confused_pairs"]:
        assert p["truth"] != p["predicted"] and 0 < p["share_of_truth"] <= 1
    for w in rep["wrong_fields"]:
        assert {"set", "doc", "key", "truth", "got", "confidence", "document_auto_accepted"} <= set(w)


def test_html_report_has_every_section_and_is_self_contained(run):
    html = run["html"]
    for sid in SECTION_IDS:
        assert f'id="{sid}"' in html, sid
    assert 'id="lolo"' not in html  # only with --lolo
    for fam in ev.FAMILIES:
        assert f"<th>{fam}</th>" in html
    assert "ECE" in html and "wrong but accepted" in html
    # nothing fetched from elsewhere
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html and "<link" not in html
    if rp.HAVE_MPL:
        assert html.count('src="data:image/png;base64,') == 4  # accuracy, documents, confusion, reliability


def test_every_label_has_a_family():
    for label in LABELS:
        if label != "break":
            assert ev.family(label) in ev.FAMILIES, label
    assert ev.family("row.active.rules") == "row.active"
    assert ev.family("row.requests.denied.state_secret") == "row.requests"
    assert ev.family("heading.requests") == "heading"
    assert ev.family("group.denied") == "group"
    assert ev.family("value") == "value"


def test_reliability_bins_and_ece():
    pairs = [(0.95, True)] * 9 + [(0.95, False)] + [(0.55, True), (0.55, False)] + [(1.0, True)]
    rel = ev.reliability(pairs)
    top = rel["bins"][9]
    assert top["n"] == 11 and top["accuracy"] == pytest.approx(10 / 11)
    assert rel["bins"][5]["n"] == 2 and rel["bins"][5]["accuracy"] == 0.5
    expected = (abs((0.95 * 10 + 1.0) / 11 - 10 / 11) * 11 + abs(0.55 - 0.5) * 2) / 13
    assert rel["ece"] == pytest.approx(expected)
    assert ev.reliability([])["ece"] == 0.0


def test_confusion_counts_families_and_pairs():
    pairs = [("row.active.rules", "row.active.rules")] * 3 + [("row.active.rules", "row.active.normative"),
                                                              ("narrative", "header")]
    c = ev.confusion(pairs)
    i, j = c["families"].index("row.active"), c["families"].index("narrative")
    assert c["matrix"][i][i] == 4 and c["matrix"][j][c["families"].index("header")] == 1
    assert c["block_accuracy"] == pytest.approx(3 / 5) and c["family_accuracy"] == pytest.approx(4 / 5)
    c = ev.confusion(pairs + [("blank", "blank")] * 5)  # blank cells count in the matrix only
    assert c["blocks"] == 10 and c["blocks_decided"] == 5 and c["block_accuracy"] == pytest.approx(3 / 5)
    assert c["confused_pairs"][0]["share_of_truth"] == pytest.approx(1 / 4)


def test_tiny_leave_one_layout_out(monkeypatch, run, tmp_path):
    """The study's mechanics on a small pool (the real study: `xxgk evaluate --lolo`)."""
    import training.train as tr

    real_build = tr.build_docs
    pool = real_build(7, 0)[:24]  # three annotated reports, each as published and in every layout
    assert {"real", "html"} <= {d[2] for d in pool}
    monkeypatch.setattr(tr, "build_docs", lambda seed, n: list(pool))
    res = ev.lolo(n_generated=0, n_test=1, layouts=("html",), quiet=True)
    (row,) = res["rows"]
    assert row["layout"] == "html"
    assert row["train_documents"] == len([d for d in pool if d[2] != "html"]) < len(pool)
    for k, v in row.items():
        if k.startswith(("block_accuracy", "field_accuracy")):
            assert _in01(v), (k, v)
    assert row["block_accuracy_rules_clean"] in (None, 1.0)  # annotation labels are the rules' own
    rep = dict(run["json"], lolo=res)
    html = rp.render_html(rep)
    assert 'id="lolo"' in html and "block accuracy, typos" in html
