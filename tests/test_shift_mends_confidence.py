"""Generated report 337/4 through markitdown's Markdown of its PDF (tests/data/converted, see its
README). Table 三's result rows print two empty cells after each label, and the reading puts every
one of those rows one column right: 自然人 blank, its numbers under 商业企业, and so on. Each row's
own sum holds (all its cells moved together); only the column identities tell the placements
apart: 商业企业's balance (一+二 = 三+四) breaks, and with those rows' numbers one column left
自然人's holds. Their column is then not proven: below 0.9 (confidence.shift_mends), with a
Chinese reason."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.annotation import same_value
from extractor.evidence import describe
from extractor.pipeline import Pipeline
from extractor.loaders import load_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_rows_a_column_off_that_a_neighbour_balance_accepts_are_not_proven():
    name = "gen337_00004.markitdown-pdf.md"
    data = (CONVERTED / name).read_bytes()
    truth = label_fields(CONVERTED / "gen337_00004.markitdown-pdf.labels.json")
    p = Pipeline().run(load_bytes(data, name), until="output")
    assert any(c.status == "broken" and c.rule == "requests.balance.commercial" for c in p.checks)
    out = p.report
    assert out["review"]["required"]
    wrong = [k for k, f in out["fields"].items() if k in truth and not same_value(f["value"], truth[k])]
    assert len(wrong) >= 12
    assert all(out["fields"][k]["confidence"] < 0.9 for k in wrong), [
        (k, out["fields"][k]["confidence"]) for k in wrong if out["fields"][k]["confidence"] >= 0.9]
    fr = p.assembly.fields["requests.total.commercial"]
    assert fr.evidence.get("shift_mends")
    assert any("左移一列" in zh for zh, _ in describe(fr.evidence))
    # the row totals stand where they are read (row sums and the total column hold): not capped
    for k in ("requests.total.total", "requests.carried_forward.total", "requests.other.total"):
        assert same_value(out["fields"][k]["value"], truth[k]) and out["fields"][k]["confidence"] >= 0.9, k
