"""Table 三's headings place values printed without their blank cells (extractor/headings.py),
on real output of `pdftohtml -s -i` (tests/data/converted, see its README): the five
法人或其他组织 sub-headings stand in one span, 自然人 left of it, 总计 right of it."""
from __future__ import annotations

import json
from pathlib import Path

from extractor.headings import header_zones, settle
from extractor.loaders import load
from extractor.model import Block
from extractor.pipeline import Pipeline, extract_bytes
from extractor.solve import Candidate

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def _labels(report: str) -> dict:
    real = DATA / "corpus" / "real" / f"{report}.labels.json"
    path = real if real.exists() else DATA / "corpus" / "seeds" / f"{report}.labels.json"
    lab = json.loads(path.read_text())
    amb = set(lab.get("ambiguous") or [])
    return {k: v for k, v in lab["fields"].items() if k not in amb}


def _wrong(out: dict, report: str) -> dict:
    got = {k: f["value"] for k, f in out["fields"].items()}
    return {k: (got.get(k), v) for k, v in _labels(report).items() if k.startswith("requests.") and got.get(k) != v}


def test_values_left_and_right_of_the_sub_headings_are_natural_and_total():
    """Seed 002_ee8 prints table 三 with every cell blank but 自然人 and 总计 of four rows:
    "1" at x=427 and "1" at x=760, under sub-headings run together from x=470 to 750. Left of
    the span is 自然人 only, right of it 总计 only: the rows are read from the page, their blanks
    seen, and nothing is left to review (before: placed by priors, every cell at 0.85)."""
    path = CONVERTED / "002_ee8fa3a975bc8fe4.pdftohtml-s.html"
    state = Pipeline().run(load(path), until="review")
    new = {k: fr for k, fr in state.assembly.fields.items() if k.startswith("requests.new.")}
    assert [fr.value for fr in new.values()] == [1, None, None, None, None, None, 1]
    assert {fr.evidence["how"] for fr in new.values()} == {"exact"}
    assert all(fr.evidence.get("blank_seen") for fr in new.values() if fr.value is None)
    out = extract_bytes(path.read_bytes(), path.name)
    assert _wrong(out, "002_ee8fa3a975bc8fe4") == {}
    assert min(f["confidence"] for k, f in out["fields"].items() if k.startswith("requests.")) >= 0.9
    assert not out["review"]["required"]


def test_a_table_going_on_at_the_same_x_on_the_next_page():
    """013's table 三 (typeset PDF) puts its headings on page 1 and most rows on page 2, each row
    "26 … 26" or "0 … 0" at x=402 and x=760, as the rows under the headings on page 1: the next
    page's values stand in the columns the headings gave those x."""
    path = CONVERTED / "013.typeset.pdftohtml-s.html"
    out = extract_bytes(path.read_bytes(), path.name)
    assert _wrong(out, "013") == {}
    assert min(f["confidence"] for k, f in out["fields"].items() if k.startswith("requests.")) >= 0.9
    assert not out["review"]["required"]


def test_rows_without_boxes_are_not_placed_by_the_headings():
    """004_22c's page 2 prints its few rows as lines the positioned loader did not lay out ("1 1"
    read from the line, no boxes): the headings cannot place them, they stay a guess (0.85)."""
    path = CONVERTED / "004_22cd3b9bc5f65582.pdftohtml-s.html"
    out = extract_bytes(path.read_bytes(), path.name)
    assert out["fields"]["requests.granted.natural"]["confidence"] < 0.9
    assert out["review"]["required"]


def _box(text, x0, x1, label="value", page=1):
    return Block(text, "cell", row=1, x0=x0, x1=x1, page=page, label=label)


def test_two_values_inside_the_span_are_not_settled():
    """Two numbers under the sub-headings' span may stand in any two of its five columns: the
    readings that fit the headings disagree, and the row is left as the solver read it."""
    heads = [_box("商业企业 科研机构 社会组织 法律服务机构 其他", 470, 750, "header")]
    z = header_zones(heads)
    assert (z.left, z.right) == (470, 750)
    a, b, t = _box("2", 500, 506), _box("3", 600, 606), _box("5", 760, 766)
    cands = [Candidate((None, "2", "3", None, None, None, "5"), (None, a, b, None, None, None, t), 0.0, "placed"),
             Candidate((None, None, "2", None, "3", None, "5"), (None, None, a, None, b, None, t), -1.0, "placed")]
    assert settle(cands, z) is cands
    one = [Candidate(("2", None, None, None, None, None, "5"), (_box("2", 427, 433), None, None, None, None, None, t),
                     0.0, "placed"),
           Candidate((None, "2", None, None, None, None, "5"), (None, _box("2", 427, 433), None, None, None, None, t),
                     -1.0, "placed")]
    got = settle(one, z)
    assert [c.how for c in got] == ["exact"] and got[0].cells == ("2", None, None, None, None, None, "5")
