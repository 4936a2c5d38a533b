"""Table 三's headings place values printed without their blank cells (extractor/headings.py),
on real output of `pdftohtml -s -i` (tests/data/converted, see its README): a value starting
where 自然人 or 总计 starts is that column's; one inside the five 法人或其他组织 sub-headings'
span is one of those five."""
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


def test_values_where_the_headings_start_are_read_from_the_page():
    """013's table 三 (typeset PDF): every row prints two of its seven cells, "26" or "0" at
    x=402 and at x=760, where the headings 自然人(法人或其他组织) and 总计 start; the five
    sub-headings stand between (445-750). Those two values are 自然人's and 总计's, read from the
    page, the blanks seen (before: placed by priors, every cell at 0.85)."""
    path = CONVERTED / "013.typeset.pdftohtml-s.html"
    state = Pipeline().run(load(path), until="review")
    new = {k: fr for k, fr in state.assembly.fields.items() if k.startswith("requests.new.")}
    assert [fr.value for fr in new.values()] == [26, None, None, None, None, None, 26]
    assert {fr.evidence["how"] for fr in new.values()} == {"exact"}
    assert all(fr.evidence.get("blank_seen") for fr in new.values() if fr.value is None)


def test_a_table_going_on_at_the_same_x_on_the_next_page():
    """013's headings are on page 1, most rows of table 三 on page 2, each "26 … 26" or "0 … 0"
    at x=402 and x=760 as the rows under the headings: the next page's values stand in the
    columns the headings gave those x. Read right, nothing left to review."""
    path = CONVERTED / "013.typeset.pdftohtml-s.html"
    out = extract_bytes(path.read_bytes(), path.name)
    assert _wrong(out, "013") == {}
    assert min(f["confidence"] for k, f in out["fields"].items() if k.startswith("requests.")) >= 0.9
    assert not out["review"]["required"]


def test_standing_left_of_the_sub_headings_is_not_enough():
    """Seed 002_ee8 prints its rows "1 … 1" at x=427 and x=760 under sub-headings run together
    from x=470 to 750, but 自然人 and 总计 only inside one run with the prose before them: no
    heading starts where a value does. Left of the span could be a column whose centred heading
    starts right of its numbers, so the row stays a guess (0.85), never a confident error."""
    path = CONVERTED / "002_ee8fa3a975bc8fe4.pdftohtml-s.html"
    out = extract_bytes(path.read_bytes(), path.name)
    assert out["fields"]["requests.new.natural"]["confidence"] < 0.9
    assert out["review"]["required"]
    assert _wrong(out, "002_ee8fa3a975bc8fe4") == {}


def test_rows_without_boxes_are_not_placed_by_the_headings():
    """004_22c's page 2 prints its few rows as lines the positioned loader did not lay out ("1 1"
    read from the line, no boxes): the headings cannot place them, they stay a guess (0.85)."""
    path = CONVERTED / "004_22cd3b9bc5f65582.pdftohtml-s.html"
    out = extract_bytes(path.read_bytes(), path.name)
    assert out["fields"]["requests.granted.natural"]["confidence"] < 0.9
    assert out["review"]["required"]


def _box(text, x0, x1, label="value", page=1):
    return Block(text, "cell", row=1, x0=x0, x1=x1, page=page, label=label)


def test_only_a_value_starting_where_a_heading_does_is_placed_by_it():
    """Headings: 自然人 at 382, the five sub-headings run together 436-678, 总计 at 737 (a
    generated report through pdftohtml, where 其他's numbers stand at 706, past its heading's
    end). A value at 382 is 自然人's and one at 737 总计's; one at 706 is neither; one at 350
    (left of the span, at no heading) is not 自然人's; two inside the span may be any two of
    its five columns."""
    heads = [_box("自然人", 382, 415, "header"), _box("商业机构科研机构社会公益组织法律服务机构其他", 436, 678, "header"),
             _box("总计", 737, 759, "header")]
    z = header_zones(heads)
    assert (z.left, z.right, z.natural, z.total) == (436, 678, 382, 737)
    nat, tot = _box("2", 382, 388), _box("5", 737, 743)

    def row(*cells):
        return tuple(cells) + (None,) * (7 - len(cells))

    one = [Candidate(row("2", None, None, None, None, None, "5"), row(nat, None, None, None, None, None, tot), 0.0, "placed"),
           Candidate(row(None, "2", None, None, None, None, "5"), row(None, nat, None, None, None, None, tot), -1.0, "placed")]
    got = settle(one, z)
    assert [c.how for c in got] == ["exact"] and got[0].cells == ("2", None, None, None, None, None, "5")
    for x in (706, 350):  # past the span but not at 总计; left of it but not at 自然人
        b = _box("2", x, x + 6)
        cands = [Candidate(row(None, None, None, None, None, "2", "5"), row(None, None, None, None, None, b, tot), 0.0, "placed"),
                 Candidate(row("2", None, None, None, None, None, "5"), row(b, None, None, None, None, None, tot), -1.0, "placed")]
        assert settle(cands, z) is cands, x
    a, b = _box("2", 500, 506), _box("3", 600, 606)
    two = [Candidate((None, "2", "3", None, None, None, "5"), (None, a, b, None, None, None, tot), 0.0, "placed"),
           Candidate((None, None, "2", None, "3", None, "5"), (None, None, a, None, b, None, tot), -1.0, "placed")]
    assert settle(two, z) is two
