"""Generated report 367/4 through Chromium's PDF and `pdftotext -layout` (tests/data/converted,
see its README). Table 三's narrow cells wrap ("21" over "7"), and the rows from （一） on are read
one column left from 社会公益组织 on: 法律服务机构's numbers under 社会公益组织, 其他's under 法律服务机构,
the row total under 其他, the total cell blank. A whole column read one column left keeps its
column sum, so the column identities that hold say nothing about which of the two columns a
number stands in; the row's own sum (broken, its total blank, its last part the sum of the others)
says the row may be read off. Those cells are not proven: below 0.9 (confidence.total_shift_mends),
with a Chinese reason."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.annotation import same_value
from extractor.evidence import describe
from extractor.loaders import load_bytes
from extractor.pipeline import Pipeline

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_a_row_whose_last_part_is_its_blank_totals_sum_is_not_proven():
    name = "gen367_00004.chromium-pdftotext-layout.txt"
    data = (CONVERTED / name).read_bytes()
    truth = label_fields(CONVERTED / "gen367_00004.chromium-pdftotext-layout.labels.json")
    p = Pipeline().run(load_bytes(data, name), until="output")
    out = p.report
    assert out["review"]["required"]
    f = out["fields"]
    # read one column left: 法律服务机构's 9 and 2 under 社会公益组织
    for k in ("requests.granted.social", "requests.unable.not_held.social"):
        assert not same_value(f[k]["value"], truth.get(k)), k
        assert f[k]["confidence"] < 0.9, (k, f[k]["confidence"])
    fr = p.assembly.fields["requests.granted.social"]
    assert fr.evidence.get("total_shift")
    assert any("整体左移了一列" in zh for zh, _ in describe(fr.evidence))
    # a row whose own sum holds is not touched
    assert not p.assembly.fields["requests.other.total"].evidence.get("total_shift")
