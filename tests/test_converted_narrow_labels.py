"""Table 三's labels wrapped to a narrow column by a text browser (elinks -dump-width 60: the
label column five characters wide), read from its real output of a generated report
(tests/data/converted, see its README).

"2．其他法" / "律行政法规" / "禁止公开" is one label over three lines; the classifier took its first
piece for 3.其他 (其他处理's last sub-row), and the values beside its second line were read as
3.其他's, near-certain, while "3．其他" itself was printed further down with its own values.
"""
from __future__ import annotations

from pathlib import Path

from corpus import wrong_values
from extractor.labels import begins_other_row

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_a_numbered_piece_that_begins_another_rows_label_is_no_proof_of_its_row():
    wrong = wrong_values(CONVERTED / "gen257_00006.elinks-w60.txt", CONVERTED / "gen257_00006.labels.json",
                         "requests.")
    assert not {k: v for k, v in wrong.items() if v[2] >= 0.9}
    # (session 29: the three pieces joined are 2.其他法律行政法规禁止公开's whole wording with its
    # values beside the second - assemble._labels_over_values - so the piece no longer takes them
    # for 3.其他, whose own, printed further down, are read; the rows printed blank between stay
    # placed by position, below 0.9)
    assert "requests.other.other.total" not in wrong
    assert "requests.denied.law_forbidden.natural" not in wrong


def test_begins_other_row():
    assert begins_other_row("2．其他法", "row.requests.other.other")  # 2.其他法律行政法规禁止公开
    assert not begins_other_row("3．其他", "row.requests.other.other")
    assert not begins_other_row("2.其他", "row.requests.other.other")  # its own wording, misnumbered
    assert not begins_other_row("2．没有现", "row.requests.unable.need_creation")
