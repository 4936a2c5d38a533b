"""training.converters on published files (`build --set FOLDER`, `file_items`): a real report is
its own source - a real PDF goes through the pdf routes, a real page through the html routes -
labelled by its labels.json or, without one, by pseudo-labels from xxgk's auto-accepted reading of
it (not hand-checked: a reference for agreement, never truth). Only the identity routes run here
("original", "html", "pdf"): no converter is needed.
"""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from training import converters as C

REAL = Path(__file__).parent / "data" / "corpus" / "real"


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "published"
    d.mkdir()
    shutil.copy(REAL / "013.html", d / "page.html")  # unlabelled: pseudo-labels
    shutil.copy(REAL / "013.html", d / "labelled.html")
    shutil.copy(REAL / "013.labels.json", d / "labelled.labels.json")
    shutil.copy(REAL / "012.txt", d / "old.txt")  # a pre-2019 report: never auto-accepted
    return d


def test_file_items_pseudo_labels_only_auto_accepted_readings(tmp_path):
    skipped: list = []
    items = {it.stem: it for it in C.file_items(_folder(tmp_path), skipped=skipped)}
    assert sorted(items) == ["labelled", "page"]
    assert skipped == [("old.txt", "not auto-accepted: no pseudo-labels")]
    hand, pseudo = items["labelled"].report, items["page"].report
    assert "pseudo" not in hand and pseudo["pseudo"] is True
    assert pseudo["template"] == hand["template"] == "2021" and pseudo["year"] == 2023
    # 013's own reading is right: its pseudo-labels are its hand labels, blanks (None) kept blank
    assert pseudo["fields"] == hand["fields"]
    assert sum(v is None for v in pseudo["fields"].values()) > 0


def test_a_published_page_is_the_source_of_the_html_routes_only(tmp_path):
    items = C.file_items(_folder(tmp_path))
    out = {c.name: c for c in C.converted(items, ["original", "html", "pdf"])}
    page = (REAL / "013.html").read_bytes()
    assert out["page__html.html"].content == page  # the file itself, not a rendering of its labels
    assert out["page__original.html"].content == page
    assert out["page__pdf.pdf"].content is None and out["page__pdf.pdf"].error == "ConversionError: no PDF source"


def test_build_set_folder_writes_pseudo_labels_that_say_so(tmp_path, capsys):
    out = tmp_path / "out"
    assert C.main(["build", str(out), "--set", str(_folder(tmp_path)), "--routes", "html,pdf"]) == 0
    err = capsys.readouterr().err
    assert "old.txt: left out" in err and "no PDF source" not in err
    assert sorted(p.name for p in out.iterdir()) == ["labelled__html.html", "labelled__html.labels.json",
                                                     "page__html.html", "page__html.labels.json"]
    lab = json.loads((out / "page__html.labels.json").read_text(encoding="utf-8"))
    assert lab["pseudo"] is True and lab["route"] == "html" and lab["fields"]
    assert "pseudo" not in json.loads((out / "labelled__html.labels.json").read_text(encoding="utf-8"))
