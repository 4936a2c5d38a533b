"""A money amount wrapped after its decimal point in a narrow cell ("5949." / "088667" in pandoc's
reStructuredText grid at 40 columns) is a value to the rule labeller too (labels.is_value_text), not
prose: the rules classifier read the fee row's cell as narrative and the fee blank at 1.0, the
document auto-accepted with it wrong (dev 003 and 005 through pandoc-rst-c40)."""
from pathlib import Path

from extractor.classify import named_classifier
from extractor.labels import is_value_text
from extractor.pipeline import extract_bytes

from corpus import REAL, labels

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_digit_groups_after_a_decimal_point_are_value_text():
    for text in ("5949. 088667", "61.2 164万元", "953. 318万元", "12", "1.5"):
        assert is_value_text(text), text
    for text in ("1. 予以公开", "2.重复申请", "第二十条第（八）项"):
        assert not is_value_text(text), text


def test_the_rules_read_a_wrapped_fee_as_a_value_not_a_certain_blank():
    name = "005.pandoc-rst-c40.txt"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    assert "| 5949.  |" in text and "| 088667 |" in text
    want = labels(REAL / "005.txt")["fields"]
    out = extract_bytes(text.encode("utf-8"), name, classifier=named_classifier("rules"))
    fee = out["fields"]["active.fees.amount"]
    assert fee["value"] == want["active.fees.amount"] and fee["value"]["yuan"] == 59490886.67
    # read joined, and sure: "5949.088667" is wider than its column (six), which had to cut it
    # wherever its digits part; the cut ends a full line (boxdrawn._cut_number)
    assert fee["confidence"] >= 0.9
    assert [k for k in want if out["fields"][k]["value"] != want[k]] == []
