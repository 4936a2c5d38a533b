"""A row's number printed in its label's cell (extractor/assemble.py, `build_entries`): real
output of pymupdf4llm's classic engine with `table_strategy="text"` of real/003's typeset PDF
(tests/data/converted, README). Its table finder puts table 二's first value column into the
label column: "|行政许可<br>2293|||…", "|行政规范性文件<br>69||3|||6|65|||". The number glued to
the label was not read: 行政许可's decisions blank at 0.999, 行政规范性文件's three cells read
from "3", "6", "65" at 1.0 (22 of the route's 28 wrong fields at >= 0.9 on the dev set).
"""
from __future__ import annotations

import json
from pathlib import Path

from corpus import REAL
from extractor.pipeline import extract_bytes

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_a_number_in_the_label_cell_is_the_rows_first_value():
    path = CONVERTED / "003.pymupdf4llm-text-tables.md"
    out = extract_bytes(path.read_bytes(), path.name)
    want = json.loads((REAL / "003.labels.json").read_text(encoding="utf-8"))["fields"]
    f = out["fields"]
    for k in ("active.licensing.decisions", "active.punishment.decisions", "active.coercion.decisions"):
        assert f[k]["value"] == want[k], k
    # 69 | 3 | 6 | 65 for three cells ("665" cut by the table finder): no certain reading
    assert f["active.normative.issued"]["value"] == want["active.normative.issued"] == 69
    assert all(f[f"active.normative.{c}"]["confidence"] < 0.9 for c in ("issued", "repealed", "in_force"))
