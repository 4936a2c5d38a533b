"""A count a narrow cell wrapped, read back as digit groups apart in one cell ("10 1"), is read
joined (values.malformed_count: one number or several, the text cannot say). Where an identity
holds with the joined number and with no other reading of the groups (either alone, or their
sum), the identity says which: it is near-certain (confidence.joined_proven). pdf2docx rebuilds
a typeset PDF as a Word file, each table cell a cell, a wrapped line a space
(tests/data/converted, see its README)."""
from __future__ import annotations

from pathlib import Path

from corpus import label_fields
from extractor.assemble import FieldResult
from extractor.checks import check
from extractor.confidence import joined_proven
from extractor.loaders import load
from extractor.pipeline import default_pipeline, extract_bytes

DATA = Path(__file__).resolve().parent / "data"
NAME = "003_2b6abe27bfe85e6a.pdf2docx.docx"


def test_wrapped_totals_a_row_sum_needs_joined_are_near_certain():
    path = DATA / "converted" / NAME
    fields = default_pipeline().run(load(path), until="review").assembly.fields
    want = label_fields(DATA / "corpus" / "seeds" / "003_2b6abe27bfe85e6a.labels.json")
    wrapped = {k: fr for k, fr in fields.items() if fr.evidence.get("malformed")}
    assert {k: fr.raw for k, fr in wrapped.items()} == {"review.reconsideration.total": "10 1",
                                                       "review.litigation_direct.total": "7 9",
                                                       "review.litigation_after.total": "4 7"}
    for k, fr in wrapped.items():
        assert fr.value == want[k] and fr.evidence.get("joined_proven") and fr.confidence >= 0.9, k
    out = extract_bytes(path.read_bytes(), path.name)
    assert out["review"]["required"] is False


def _field(key, value, raw, **ev):
    return FieldResult(key, value, raw, {"found": True, "how": "exact", **ev})


def test_only_a_holding_sum_of_cells_read_whole_proves_the_join():
    keys = [f"review.reconsideration.{c}" for c in ("upheld", "corrected", "other", "pending", "total")]

    def proven(values, raws):
        frs = {k: _field(k, v, r, **({"malformed": True} if " " in r else {})) for k, v, r in zip(keys, values, raws)}
        checks = [c for c in check({k: fr.value for k, fr in frs.items()}, None) if keys[-1] in c.keys]
        return joined_proven(frs[keys[-1]], checks, frs)

    assert proven([64, 13, 13, 11, 101], ["64", "13", "13", "11", "10 1"])
    assert not proven([64, 13, 13, 11, 100], ["64", "13", "13", "11", "10 0"])  # broken: which digits, unknown
    assert not proven([64, 13, 13, 11, 101], ["64", "1 3", "13", "11", "10 1"])  # two joins may make up for each other
    assert not proven([None, None, None, None, 11], ["", "", "", "", "1 1"])  # nothing printed to add up
