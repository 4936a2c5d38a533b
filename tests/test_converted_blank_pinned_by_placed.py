"""A blank an identity seems to pin, where another part of that sum got its number by
placement. unstructured's partition_pdf(strategy="fast") of a typeset PDF, the elements' text
joined by blank lines (held-out route unstructured-pdf of training/converters.py;
tests/data/converted, see its README): pdfminer's text boxes, table 三's row labels in one
run and its few numbers on lines of their own among them. Row "（一）予以公开" prints no
number after its label (its 1 and 1 were lost there); a lone "1" after "5、属于三类内部事务信息"
is placed in that row's total column. The column's sum (一)+...+(六) = (七) holds with the
1 in either row, so it cannot say that (一)'s total is the blank: it stays below 0.9."""
from __future__ import annotations

from pathlib import Path

from corpus import CORPUS, labels

from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "004_22cd3b9bc5f65582.unstructured-pdf.txt"


def test_blank_beside_a_placed_number_of_the_same_sum_is_not_pinned():
    out = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)
    want = labels(CORPUS / "seeds/004_22cd3b9bc5f65582.txt")["fields"]
    got = out["fields"]["requests.granted.total"]
    assert want["requests.granted.total"] == 1 and got["value"] is None  # (the misreading stays)
    assert got["confidence"] < 0.9
    placed = out["fields"]["requests.denied.internal.total"]
    assert placed["value"] == 1 and want["requests.denied.internal.total"] is None
    wrong_sure = [k for k, v in want.items() if k in out["fields"] and out["fields"][k]["value"] != v
                  and out["fields"][k]["confidence"] >= 0.9]
    assert wrong_sure == [] and out["review"]["required"]
