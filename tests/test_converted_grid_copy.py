"""Table 三 printed as lines in its region and as a grid after it (extractor/assemble.py,
`_grid_copy`): real PyMuPDF output of the seed report 004_22cd's and the real report 013's
typeset PDFs, route pymupdf-tables - each page's `get_text()`, then the page's `find_tables()`
tables as markdown (tests/data/converted/004_22cd3b9bc5f65582.pymupdf-tables.md,
013.pymupdf-tables.md, README). The page's text prints table 三 a cell a line, blank cells
dropped, and then table 四's heading (and the later parts), which ends table 三's region; the
page's grid of table 三, every blank cell printed ("|26||||||26|"), comes only after them. Table
三 was read from the lines alone: its lone numbers placed by inference (0.85 each), the reports
sent to review. Where a grid past the region prints table 三's rows and reads whole with every
sum holding, on less inference than the lines, it is the table."""
from __future__ import annotations

import json
from pathlib import Path

from corpus import REAL, SEEDS, wrong_keys

from extractor.loaders import load_bytes
from extractor.pipeline import Pipeline

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def _read(name: str) -> dict:
    path = CONVERTED / name
    return Pipeline().run(load_bytes(path.read_bytes(), path.name))


def _check(out: dict, truth: dict) -> None:
    assert wrong_keys(truth, out["fields"]) == []
    assert all(f["confidence"] >= 0.9 for k, f in out["fields"].items() if k.startswith("requests."))
    assert not out["review"]["required"]


def test_the_grid_after_the_next_tables_heading_is_table_three():
    truth = json.loads((SEEDS / "004_22cd3b9bc5f65582.labels.json").read_text(encoding="utf-8"))["fields"]
    _check(_read("004_22cd3b9bc5f65582.pymupdf-tables.md"), truth)


def test_the_second_pages_grid_goes_on_from_the_first_pages():
    truth = json.loads((REAL / "013.labels.json").read_text(encoding="utf-8"))["fields"]
    _check(_read("013.pymupdf-tables.md"), truth)
