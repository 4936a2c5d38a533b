"""Grid facts shared by the PDF and OCR loaders, browser margins, and what a printed but
unreadable row is worth."""
import pytest

from extractor.assemble import FieldResult
from extractor.confidence import not_found_confidence, review_decision, score_fields, unread_confidence
from extractor.loaders import grid
from extractor.loaders.cells import lost_rule_split
from extractor.loaders.pdf import _printed_by_browser


@pytest.mark.parametrize("text,span,want", [
    ("0 0", 2, ["0", "0"]),
    ("12 1,024 3", 3, ["12", "1,024", "3"]),
    ("0 0", 3, None),            # fewer numbers than columns: which column is blank is unknown
    ("0 0 0", 2, None),
    ("行政复议 0", 2, None),      # a label is never split off
    ("0", 1, None),
    ("", 2, None),
])
def test_lost_rule_split(text, span, want):
    assert lost_rule_split(text, span) == want


def test_rules_that_cross_are_one_table():
    """grid.connected, as both the PDF and the OCR loader group rulings into tables: two
    ruled boxes side by side and a lone rule far away are three groups, in order."""
    hs = [[0, 0, 100], [50, 0, 100], [0, 200, 300], [50, 200, 300], [500, 0, 10]]
    vs = [[0, 0, 50], [100, 0, 50], [200, 0, 50], [300.5, 0, 49]]  # 300.5: within the tolerance
    groups = grid.connected(hs, vs, 1.0)
    assert [(len(h), len(v)) for h, v in groups] == [(2, 2), (2, 2), (1, 0)]
    assert groups[1][1] == [[200, 0, 50], [300.5, 0, 49]]
    assert grid.connected(hs, vs, 0.1)[1][1] == [[200, 0, 50]]  # 300.5 misses at a tight tolerance


def test_grid_from_broken_rules():
    """Scanned rules are broken and overshoot: a border is there when pieces cover half of
    the middle of a slot side; a missing border merges slots into one cell."""
    hs = [(0, 0, 200, 1), (40, 0, 95, 1), (40, 105, 200, 1), (80, 0, 200, 1)]  # a gap at x 95-105
    vs = [(0, 0, 80, 1), (100, 0, 40, 1), (200, 0, 80, 1)]  # no rule between the bottom two slots
    g = grid.grid_from_rules(hs, vs, 3.0)
    assert g.xs == [0, 100, 200] and g.ys == [0, 40, 80]
    assert g.cells == [(0, 0, 1, 1), (0, 1, 1, 2), (1, 0, 2, 2)]
    assert g.cell_at(150, 60) == (1, 0, 2, 2) and g.cell_at(250, 60) is None
    assert grid.cluster([10.0, 1.0, 2.0, 30.0], 2.0) == [1.5, 10.0, 30.0]


@pytest.mark.parametrize("text,i,n,want", [
    ("file:///tmp/x/report.html 3/5", 2, 5, True),
    ("fil://tmp/xxgk-chromium -53 ob rhk/report.html", 0, 5, True),   # misread by OCR
    ("https://www.gov.cn/xxgk/2024/report.html", 0, 2, True),
    ("2024/11/23 10:31 政府信息公开工作年度报告 2/4", 1, 4, True),
    ("政府信息公开工作年度报告 2/4", 1, 5, False),                   # not this document's counter
    ("政府信息公开工作年度报告 2/4", 1, 4, True),
    ("11/23/26, 1:05 PM", 0, 3, True),                               # the time it was printed at
    ("2026年11月23日", 0, 3, False),                                  # a date in the text
    ("受理 3/4", 0, 4, False),                                       # counter of another page
    ("本年新收政府信息公开申请数量", 0, 4, False),
])
def test_browser_margin_lines(text, i, n, want):
    assert _printed_by_browser(text, i, n) is want


def test_unreadable_row_is_not_an_absent_row():
    fields = {
        "requests.new.natural": FieldResult("requests.new.natural", None, "", {"found": False, "placement": 0.0,
                                                                               "row_seen": True}),
        "requests.partial.natural": FieldResult("requests.partial.natural", None, "",
                                                {"found": False, "placement": 0.0}),
        "requests.granted.natural": FieldResult("requests.granted.natural", 3, "3",
                                                {"found": True, "placement": 1.0}),
        "review.reconsideration.total": FieldResult("review.reconsideration.total", None, "",
                                                    {"found": False, "placement": 0.0}),
    }
    score_fields(fields, [])
    assert fields["requests.new.natural"].confidence == unread_confidence()
    assert fields["requests.partial.natural"].confidence == not_found_confidence()
    # a table of which nothing was found (all blank, blanks dropped): as an absent row
    assert fields["review.reconsideration.total"].confidence == not_found_confidence()
    review = review_decision(fields, [], [], "2021")
    assert review["required"]
    text = " | ".join(it["message_en"] for it in review["items"])
    assert "could not be read: requests.new" in text
    assert "rows not found: requests.partial" in text


@pytest.mark.parametrize("text,want", [
    ("10.32", True), ("10。3", True), ("0.", False), ("22（其中修订16件）", False), ("1,032", False),
    ("5", False), ("", False), (None, False),
])
def test_malformed_count(text, want):
    from extractor.values import malformed_count

    assert malformed_count(text) is want


def test_a_count_with_a_fraction_is_never_sure():
    """A real report (annotations/013) rendered as a tab-separated table, one count typed
    with a fractional part: that cell is read as printed but never auto-accepted."""
    import json
    import pathlib
    import random

    from extractor.pipeline import extract_bytes
    from training.render import render

    lab = json.loads((pathlib.Path(__file__).resolve().parents[1] / "annotations" / "013.json").read_text("utf-8"))
    report = {k: lab.get(k) for k in ("template", "year", "agency", "fields")}
    report["fields"] = dict(report["fields"], **{"active.licensing.decisions": 1032})
    text = render(report, "tabs", random.Random(0)).content
    assert text.count("\t1032") == 1
    out = extract_bytes(text.replace("\t1032", "\t10.32").encode("utf-8"), "t.txt")
    bad, good = out["fields"]["active.licensing.decisions"], out["fields"]["active.punishment.decisions"]
    assert bad["raw"] == "10.32" and bad["confidence"] < 0.9 <= good["confidence"], (bad, good)
    assert out["review"]["required"] and any("active.licensing.decisions" in it["keys"] for it in out["review"]["items"])


def test_digits_printed_apart_in_one_cell_read_joined_and_flagged():
    """OCR and some exports print one number's digits apart in its cell ('4 6 213'): read as one
    number (never its first group alone, silently) and flagged, as the text cannot tell one
    number from several; a full-width minus is a sign."""
    from extractor.values import malformed_count, parse_int

    assert parse_int("4 6 213") == 46213 and malformed_count("4 6 213")
    assert parse_int("－588") == -588 and not malformed_count("－588")
    assert parse_int("22（其中修订 16 件）") == 22 and not malformed_count("22（其中修订 16 件）")
    assert parse_int("－") is None and parse_int("3 件") == 3


def test_a_spaced_number_in_a_real_table_is_read_whole_and_sent_to_review(tmp_path):
    """013.html's first table-3 cell '26' printed '2 6': read 26 (was 2). Its identities hold
    with 26 and with neither 2, 6 nor 8, so they say which digits are the count: no review for
    it (confidence.joined_proven). Printed '2 7', the identities break: 27 is a guess, review."""
    import re
    from pathlib import Path

    from extractor.pipeline import extract_file

    src = Path(__file__).parent / "data" / "corpus" / "real" / "013.html"
    html = src.read_text(encoding="utf-8")
    clean = extract_file(src)
    assert not clean["review"]["required"]
    cells = [m for m in re.finditer(r">(\s*)26(\s*)<", html)]
    m = cells[1]  # the first is in the overview's prose; the second is 新收政府信息公开申请数量, 自然人
    p = tmp_path / "013-spaced.html"
    p.write_text(html[:m.start()] + ">2 6<" + html[m.end():], encoding="utf-8")
    out = extract_file(p)
    assert out["fields"]["requests.new.natural"]["value"] == 26
    assert out["fields"]["requests.new.natural"]["raw"].replace(" ", "") == "26"
    assert {k: f["value"] for k, f in out["fields"].items()} == {k: f["value"] for k, f in clean["fields"].items()}
    assert not out["review"]["required"] and out["fields"]["requests.new.natural"]["confidence"] >= 0.9
    p.write_text(html[:m.start()] + ">2 7<" + html[m.end():], encoding="utf-8")
    out = extract_file(p, explain=True)
    assert out["fields"]["requests.new.natural"]["value"] == 27 and out["review"]["required"]
    # the reviewer is told why in words that fit a spaced number (not "a count with a fractional part")
    why = out["fields"]["requests.new.natural"]["explain"]["why"]
    assert any("数字间有空格" in w for w in why), why
