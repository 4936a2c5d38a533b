"""Reports through an HTML parser's text with a line separator (selectolax
`HTMLParser(page).body.text(separator="\\n")`), read from its real output of the dev reports
(tests/data/converted, see its README).

Every text node is a line: the cells at the margin, the markup's indentation between them as
lines of spaces ("      ", "    ") that outnumber them, a blank cell's &nbsp; as a single space.
The lines of indentation had been read as blank cells, which moved table 三's values into
other columns (009: 36 fields wrong, 003_2b6: 82).
"""
from __future__ import annotations

import json
from pathlib import Path

from extractor.loaders import text as _text
from extractor.pipeline import extract_bytes

DATA = Path(__file__).resolve().parent / "data"
CONVERTED = DATA / "converted"


def _labels(report: str) -> dict:
    real = DATA / "corpus" / "real" / f"{report}.labels.json"
    path = real if real.exists() else DATA / "corpus" / "seeds" / f"{report}.labels.json"
    return json.loads(path.read_text(encoding="utf-8"))["fields"]


def _wrong(name: str, report: str) -> dict:
    path = CONVERTED / name
    got = extract_bytes(path.read_bytes(), path.name)["fields"]
    # (a cell the report left blank may read as 0: score.py's lenient comparison)
    return {k: (got[k]["value"], v) for k, v in _labels(report).items()
            if k.startswith(("requests.", "review.")) and (got[k]["value"] or 0) != (v or 0)}


def test_indentation_lines_between_cells_are_no_blank_cells():
    assert _wrong("009.selectolax-text-nl.txt", "009") == {}


def test_a_single_space_line_stays_a_blank_cell():
    # 003_2b6 prints its blank cells as " " lines amid the indentation: still blank cells
    path = CONVERTED / "003_2b6abe27bfe85e6a.selectolax-text-nl.txt"
    text = path.read_text(encoding="utf-8")
    rewritten = _text._markup_indentation(text).split("\n")
    assert rewritten.count(" ") == text.split("\n").count(" ") > 50
    assert not any(ln and not ln.strip() and ln != " " for ln in rewritten)
    assert _wrong(path.name, "003_2b6abe27bfe85e6a") == {}


def test_text_with_few_lines_of_spaces_is_left_as_it_is():
    # cells one a line with an indentation line between them, fewer than twice the cells
    text = "\n".join(f"行{i}\n    \n{i}" for i in range(30))
    assert _text._markup_indentation(text) == text
