"""A lone number on a plain line between a row label and that row's printed table row
(extractor/assemble.py, `_stray_before_row`): real/009.md as published, a PDF's text put in
markdown - table 三's labels printed apart from the table's rows, and a line "1" between the
wrapped label 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 and the
row's own cells "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |" (a page number, or the 结转 row's lost cell:
the labels call it ambiguous). Where the label's wrapped lines are read as pieces of the label
(as the learned model reads them, `noise`), the row did not end at them and took the "1" as
its only value - its total, which no sum checks - and the printed row went unread."""
from __future__ import annotations

from corpus import REAL, labels, wrong_keys
from extractor.classify import RuleClassifier
from extractor.pipeline import Pipeline
from extractor.loaders import load_bytes

DOC = REAL / "009.md"


class _WrappedAsPieces(RuleClassifier):
    """The rules' labels, with the narrative lines between the no_fee row's label and the
    next value read as pieces of that label (`noise`), as a wrapped label's lines are."""

    def predict(self, doc):
        out = super().predict(doc)
        at = next(i for i, (lab, _, _) in enumerate(out) if lab == "row.requests.other.no_fee")
        for i in range(at + 1, len(out)):
            if out[i][0] in ("value", "blank"):
                break
            if out[i][0] == "narrative":
                out[i] = ("noise", 1.0, {})
        return out


def _read(classifier):
    return Pipeline(classifier).run(load_bytes(DOC.read_bytes(), DOC.name))


def test_the_printed_row_after_a_lone_line_is_the_labels():
    out = _read(_WrappedAsPieces())
    want = labels(DOC)["fields"]
    assert [want[f"requests.other.no_fee.{c}"] for c in ("natural", "total")] == [0, 0]
    assert wrong_keys(want, out["fields"]) == []
    # placed by position (the row's cells are not printed beside its label): flagged
    assert out["fields"]["requests.other.no_fee.total"]["confidence"] < 0.9


def test_the_rules_reading_is_the_same():
    # the rules end the row at the wrapped label's narrative lines: the same fields either way
    a, b = _read(RuleClassifier()), _read(_WrappedAsPieces())
    assert {k: f["value"] for k, f in a["fields"].items()} == {k: f["value"] for k, f in b["fields"].items()}
