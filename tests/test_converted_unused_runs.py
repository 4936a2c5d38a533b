"""Real/009's markdown (a PDF converter's output: table 三's row labels printed apart from
their value rows) rendered to HTML by pandoc, saved as DOCX and exported to PDF by LibreOffice,
then read by `pdftotext -layout` (tests/data/converted, see its README). The labels of three
rows stand in one paragraph ("4.无正当理由大量反复 申请 5.要求行政机关确认… 1.申请人无正当理由逾
期不补正…") with the three rows' runs of numbers after it: the last label is read with the run
next to it (all zeros: the row of 4.), the run that is its own ("8 2 0 0 0 0 10") is left in the
table's region, taken by no cell. The column sums that break then fall short by those numbers: a
cell read 0 among their parts is not near-certain."""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, labels, wrong_keys

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_broken_sum_beside_numbers_no_cell_took_is_not_certain():
    name = "009.md-pandoc.lo-pdf-pdftotext-layout.txt"
    data = (CONVERTED / name).read_bytes()
    text = data.decode("utf-8")
    assert "| 8 | 2 | 0 | 0 | 0 | 0" in text and "1.申" in text
    want = labels(CORPUS / "real/009.md")
    out = extract_bytes(data, name)
    assert out["review"]["required"]
    fields = out["fields"]
    wrong = [k for k in wrong_keys(want["fields"], fields) if k not in want["ambiguous"]]
    # the row 1.申请人无正当理由逾期不补正… read as the zeros printed next to its label
    assert {"requests.other.no_correction.natural", "requests.other.no_correction.total"} <= set(wrong)
    # 自然人 and 总计 add up short of （七）总计 by that run's 8 and 10: their cells read 0 there
    # may hold the numbers no cell took (商业企业 adds up past its total: not what is missing)
    for k in ("requests.other.no_correction.natural", "requests.other.no_correction.total"):
        assert fields[k]["confidence"] < 0.9, k
    # the rows whose own cells were read and whose sums hold stay certain
    assert fields["requests.new.natural"]["value"] == 32 and fields["requests.new.natural"]["confidence"] >= 0.9
