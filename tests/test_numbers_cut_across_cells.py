"""A number a PDF table reader cut where it guessed a column edge, its digits in two cells side
by side (extractor/solve.py, `_joined_cells`): real output of pymupdf4llm's classic engine with
`table_strategy="text"` (tests/data/converted, README). Table 三's rows print one cell more than
the form has columns ("|2660<br>||120<br>10||1||39||3||28|33|": 2833 as "28" and "33"); no
reading that leaves out empty cells keeps the row's sum, the one joining "28|33" does.
"""
from __future__ import annotations

from pathlib import Path

from corpus import SEEDS, label_fields, wrong_counts
from extractor.model import Block
from extractor.pipeline import extract_bytes
from extractor.solve import RowSpec, Token, candidates

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _cells(*texts: str) -> list[Token]:
    out = []
    for col, t in enumerate(texts):
        b = Block(t, "cell", 0, len(t), row=0, col=col, table=0, blank=not t)
        out.append(Token(t, False, not t, b))
    return out


SUMS = (((0, 1, 2, 3, 4, 5), (6,)),)  # six applicant columns add up to the total


def test_a_number_cut_in_two_cells_is_read_joined():
    # "11 | 5 | 0 | 0 | 0 | 0 | 1 | 6": eight printed cells for seven columns; 1|6 joined is the
    # total 16 the six columns add up to - no other pair joined, no blank left out, keeps it
    toks = _cells("11", "5", "0", "", "0", "0", "0", "1", "6")
    best = candidates(toks, RowSpec(7, sums=SUMS))[0]
    assert best.ok and best.cells == ("11", "5", "0", "0", "0", "0", "16")
    assert best.joined == frozenset({6})


def test_cells_apart_are_never_joined():
    # an empty cell between two numbers: two cells as printed, whatever the sums say
    toks = _cells("11", "5", "0", "0", "0", "0", "1", "", "6")
    assert not any(c.joined for c in candidates(toks, RowSpec(7, sums=SUMS)))


def test_the_row_is_read_with_its_cut_total_joined():
    path = CONVERTED / "003_2b6abe27bfe85e6a.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    f = out["fields"]
    new = [k for k in want if k.startswith("requests.new.")]
    assert len(new) == 7 and all(f[k]["value"] == want[k] for k in new)
    assert f["requests.new.total"]["value"] == 2833
    wrong = wrong_counts(want, f)
    assert wrong and max(f[k]["confidence"] for k in wrong) < 0.9
    assert out["review"]["required"]


def test_no_join_where_a_piece_of_no_number_makes_the_surplus():
    # table 二's 政府集中采购 "|2|2556575271|.9元|" (pymupdf4llm, held-out seed 181): no identity
    # checks the row, and the surplus cell is an amount's fraction cut off - 2 is never 22556575271
    toks = _cells("2", "2556575271", ".9元")
    assert not any(c.joined for c in candidates(toks, RowSpec(2, money=frozenset({1}))))


def test_a_row_read_joined_has_its_columns_guessed():
    # page 2 of table 三 printed on a grid of its own, no headings over it: 不掌握 "179|32||1||2||6|2|20",
    # 总计 "623|87||1||7||20|7|38" (220 and 738 cut). Joined, each row has six numbers for seven
    # columns with three empty cells between them: the report's blank is under 科研机构; every
    # row read with it under 法律服务机构 instead keeps every sum too. The columns of a row whose
    # numbers the reader cut at its guessed column edges are the reader's guess: not near-certain
    name = "gen211_00009.pymupdf4llm-text-tables.md"
    want = label_fields(CONVERTED / "gen211_00009.labels.json")
    got = extract_bytes((CONVERTED / name).read_bytes(), name)["fields"]
    assert got["requests.unable.not_held.total"]["value"] == want["requests.unable.not_held.total"] == 220
    assert got["requests.total.total"]["value"] == want["requests.total.total"] == 738
    wrong = wrong_counts(want, got, "requests.")
    assert "requests.unable.not_held.research" in wrong  # (the reader's grid puts the blank elsewhere)
    assert all(got[k]["confidence"] < 0.9 for k in wrong)
