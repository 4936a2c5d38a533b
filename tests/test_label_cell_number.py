"""A row's number printed in its label's cell (extractor/assemble.py, `build_entries`): real
output of pymupdf4llm's classic engine with `table_strategy="text"` of real/003's typeset PDF
(tests/data/converted, README). Its table finder puts table 二's first value column into the
label column: "|行政许可<br>2293|||…", "|行政规范性文件<br>69||3|||6|65|||". The number glued to
the label was not read: 行政许可's decisions blank at 0.999, 行政规范性文件's three cells read
from "3", "6", "65" at 1.0 (22 of the route's 28 wrong fields at >= 0.9 on the dev set).
"""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, SEEDS, label_fields
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_a_number_in_the_label_cell_is_the_rows_first_value():
    path = CONVERTED / "003.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(REAL / "003.labels.json")
    f = out["fields"]
    for k in ("active.licensing.decisions", "active.punishment.decisions", "active.coercion.decisions"):
        assert f[k]["value"] == want[k], k
    # 69 | 3 | 6 | 65 for three cells ("665" cut by the table finder): no certain reading
    assert f["active.normative.issued"]["value"] == want["active.normative.issued"] == 69
    assert all(f[f"active.normative.{c}"]["confidence"] < 0.9 for c in ("issued", "repealed", "in_force"))


def test_a_row_with_a_value_in_a_cell_is_no_header_paragraph():
    # "|信息内容<br>采购项目数量||采购总金额||", a row of blank cells, "|政府集中采购<br>5||454万元||":
    # the second row holds values (5 on its label's second line, an amount), so it is no
    # paragraph of the header row above (as a writer prints a header cell's paragraphs); it
    # had been joined to the header and 三、's heading after it, the procurement row lost
    path = CONVERTED / "004_22cd3b9bc5f65582.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)["fields"]
    want = label_fields(SEEDS / "004_22cd3b9bc5f65582.labels.json")
    assert out["active.procurement.items"]["value"] == want["active.procurement.items"] == 5
    assert out["active.procurement.amount"]["value"]["yuan"] == want["active.procurement.amount"]["yuan"]


def test_lines_that_join_into_no_number_are_two_cells():
    # "|行政规范性文件<br>8|0<br>18||": the table finder put 本年废止件数 and 现行有效件数 in one
    # cell; "0" over "18" joined is "018", which no count prints, so it is two cells (0, 18),
    # never 18 wrapped (it had read 18 as 本年废止件数 at 1.0); read from the row's count of
    # cells, with no identity to prove it, so not near-certain
    path = CONVERTED / "013.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)
    want = label_fields(REAL / "013.labels.json")
    assert out["template"] == "2021"
    f = out["fields"]
    for c in ("issued", "repealed", "in_force"):
        assert f[f"active.normative.{c}"]["value"] == want[f"active.normative.{c}"], c
    assert f["active.normative.repealed"]["confidence"] < 0.9


def test_a_header_cell_named_by_its_place_is_blank():
    # the table finder wrote a page's first row of table 三 as a header, its blank cells named
    # by their places: "|三|(一)|予以公开|Col4|Col5|Col6|Col7|26|Col9|…|Col14|26|". "Col7" in
    # the seventh cell is no text of the report but an empty cell: 予以公开's 26 | … | 26
    path = CONVERTED / "013.pymupdf4llm-text-tables.md"
    assert "|予以公开|Col4|Col5|Col6|Col7|26|Col9|" in path.read_text(encoding="utf-8")
    f = extract_bytes(path.read_bytes(), path.name)["fields"]
    want = label_fields(REAL / "013.labels.json")
    for c in ("natural", "total"):
        assert f[f"requests.granted.{c}"]["value"] == want[f"requests.granted.{c}"] == 26, c


def test_lines_that_join_into_a_number_are_in_doubt_both_ways():
    # the same row with "1" over "3" in the merged cell (as a generated report prints it,
    # "|行政规范性文件<br>3|1<br>3||"): 13 wrapped in its cell and 1 | 3 (two cells the table
    # finder merged) both read, and table 二 has no identity to tell them apart; whichever is
    # read, the row's cells after its first are not near-certain (13 had been read at 1.0)
    path = CONVERTED / "013.pymupdf4llm-text-tables.md"
    text = path.read_text(encoding="utf-8")
    assert "|行政规范性文件<br>8|0<br>18||" in text
    out = extract_bytes(text.replace("|行政规范性文件<br>8|0<br>18||", "|行政规范性文件<br>3|1<br>3||")
                        .encode("utf-8"), "merged.md")["fields"]
    assert out["active.normative.issued"]["value"] == 3
    assert all(out[f"active.normative.{c}"]["confidence"] < 0.9 for c in ("repealed", "in_force"))
