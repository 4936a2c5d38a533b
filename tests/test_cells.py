"""Grid facts shared by the PDF and OCR loaders, browser margins, and what a printed but
unreadable row is worth."""
import pytest

from extractor.assemble import FieldResult
from extractor.confidence import not_found_confidence, review_decision, score_fields, unread_confidence
from extractor.loaders.cells import lost_rule_split
from extractor.loaders.pdf import _printed_by_browser


@pytest.mark.parametrize("text,span,want", [
    ("0 0", 2, ["0", "0"]),
    ("12 1,024 3", 3, ["12", "1,024", "3"]),
    ("0 0", 3, None),            # fewer numbers than columns: which column is blank is unknown
    ("0 0 0", 2, None),
    ("行政复议 0", 2, None),      # a label is never split off
    ("0", 1, None),
    ("", 2, None),
])
def test_lost_rule_split(text, span, want):
    assert lost_rule_split(text, span) == want


@pytest.mark.parametrize("text,i,n,want", [
    ("file:///tmp/x/report.html 3/5", 2, 5, True),
    ("fil://tmp/xxgk-chromium -53 ob rhk/report.html", 0, 5, True),   # misread by OCR
    ("https://www.gov.cn/xxgk/2024/report.html", 0, 2, True),
    ("2024/11/23 10:31 政府信息公开工作年度报告 2/4", 1, 4, True),
    ("政府信息公开工作年度报告 2/4", 1, 5, False),                   # not this document's counter
    ("政府信息公开工作年度报告 2/4", 1, 4, True),
    ("11/23/26, 1:05 PM", 0, 3, True),                               # the time it was printed at
    ("2026年11月23日", 0, 3, False),                                  # a date in the text
    ("受理 3/4", 0, 4, False),                                       # counter of another page
    ("本年新收政府信息公开申请数量", 0, 4, False),
])
def test_browser_margin_lines(text, i, n, want):
    assert _printed_by_browser(text, i, n) is want


def test_unreadable_row_is_not_an_absent_row():
    fields = {
        "requests.new.natural": FieldResult("requests.new.natural", None, "", {"found": False, "placement": 0.0,
                                                                               "row_seen": True}),
        "requests.partial.natural": FieldResult("requests.partial.natural", None, "",
                                                {"found": False, "placement": 0.0}),
    }
    score_fields(fields, [])
    assert fields["requests.new.natural"].confidence == unread_confidence()
    assert fields["requests.partial.natural"].confidence == not_found_confidence()
    review = review_decision(fields, [], [], "2021")
    assert review["required"]
    text = " | ".join(review["reasons"])
    assert "could not be read: requests.new" in text
    assert "rows not found: requests.partial" in text
