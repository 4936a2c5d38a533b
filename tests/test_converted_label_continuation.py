"""A wrapped row label's next line read `noise` (the converted truth's label for a label's
continuation, which a retrained model learns) is the label's next line, not a piece of a group
label: the row's numbers printed level with it are the row's (extractor.assemble._wrap_of,
labels.continues_wording).

LibreOffice's PDF of generated report 874/9 through pdftotext -layout (tests/data/converted/
gen874_00009.lo-pdf-pdftotext-layout.txt, README row) prints table 三's 1.申请人无正当理由逾期不补正、
行政机关不再处理其政府信息公开申请 over four lines, its numbers between the second and third; the
layout loader reads a grid: the label's row of blank cells, then "不补正、行政机关不再处理其政府信息公开申"
with the numbers, then "(六)其 请" and "2.申请人逾期未按收费通" (its numbers below it). The shipped model
reads the label narrative (the rows are placed by order); a retrain (session 33 m4) read it right, the
continuation noise and "(六)其 请" as the 2019 row （六）其他处理 - and the row was read blank at 0.85."""
import json
from pathlib import Path

from extractor.classify import named_classifier

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "gen874_00009.lo-pdf-pdftotext-layout"
READ = {"1.申请人无正当理由逾期": "row.requests.other.no_correction",
        "不补正、行政机关不再处理其政府信息公开申": "noise", "(六)其 请": "row.requests.other"}


class _AsRetrained:
    """The shipped model, with the three blocks read as the retrain read them (0.99)."""
    version = "shipped+continuation-noise"

    def __init__(self):
        self.inner = named_classifier(None)

    def predict(self, doc):
        return [(READ[b.text.strip()], 0.99, alt) if b.text.strip() in READ else (lab, p, alt)
                for b, (lab, p, alt) in zip(doc.blocks, self.inner.predict(doc))]


def test_continuation_read_noise_keeps_its_rows_numbers():
    from extractor.pipeline import extract_file

    want = json.loads((CONVERTED / f"{NAME}.labels.json").read_text(encoding="utf-8"))["fields"]
    got = extract_file(CONVERTED / f"{NAME}.txt", _AsRetrained())
    keys = [k for k in want if k.startswith("requests.other.no_correction.")]
    assert len(keys) == 7
    for k in keys:
        assert got["fields"][k]["value"] == want[k], k
        assert got["fields"][k]["confidence"] >= 0.9, k


def test_continues_wording():
    from extractor.labels import continues_wording

    assert continues_wording("1.申请人无正当理由逾期", "不补正、行政机关不再处理其政府信息公开申", "other.no_correction")
    assert not continues_wording("1.申请人无正当理由逾期", "不补正、行政机关不再处理其政府信息公开申", "other.no_fee")
    assert not continues_wording("1.申请人无正当理由逾期", "他处", "other.no_correction")  # a group's piece
