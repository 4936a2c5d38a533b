"""Generated report 211/8 through LibreOffice's PDF of its DOCX and `pdftotext` (default reading
order; tests/data/converted, see its README). Table 三's cells stand in columns the reading order
breaks: sixteen of the numbers printed in its region are taken by no cell - every one of them 0 -
and column sums break (自然人's parts fall short of its total). A cell read 0 among those parts is
not in doubt because of the unread numbers: a run of zeros cannot make up what the sum lacks, so
what it lacks is something else (confidence.unused_beside keeps its cap for a shortfall one of the
unread numbers could fill: tests/test_converted_unused_runs.py)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.annotation import same_value
from extractor.pipeline import Pipeline
from extractor.loaders import load_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_unread_zeros_leave_a_cell_of_a_short_sum_sure():
    name = "gen211_00008.lo-pdf-pdftotext-default.txt"
    data = (CONVERTED / name).read_bytes()
    truth = label_fields(CONVERTED / "gen211_00008.lo-pdf-pdftotext-default.labels.json")
    p = Pipeline().run(load_bytes(data, name), until="output")
    fields = p.assembly.fields
    unread = {fr.evidence.get("unused_numbers") for fr in fields.values() if fr.evidence.get("unused_values")}
    assert unread and all(nums is not None and len(nums) >= 10 and set(nums) == {0} for nums in unread)
    assert any(c.status == "broken" and c.rule == "requests.results.natural" for c in p.checks)
    out = p.report
    assert out["review"]["required"]  # (the broken sums still send it to review)
    for k in ("requests.denied.state_secret.natural", "requests.denied.state_secret.total"):
        assert out["fields"][k]["value"] == 0 and same_value(0, truth[k])
        assert out["fields"][k]["confidence"] >= 0.9, k
