"""Reports through pandoc's lightweight-markup writers (org, Jira, Textile, MediaWiki), read
from their real output of the public reports (tests/data/converted, see its README).

Word-exported pages carry empty runs and bookmarks (`<span><o:p></o:p></span>`, `<a
name="_Toc1"></a>`); each writer prints them in its own syntax - org an empty target after
every cell's text ("2660<<>>"), Jira an anchor before a heading ("{anchor:四因…}四、…"),
Textile a heading's attributes ("h3(#四因…). 四、…"). None of it is text of the report.
"""
from __future__ import annotations

from pathlib import Path

from corpus import REAL, SEEDS, extract_against

from extractor.loaders import load

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"


def test_org_empty_targets_are_not_cell_text():
    # every cell of the org tables ends in "<<>>": read as part of the cell, no value cell
    # is a number (103 of 198 fields wrong)
    path = CONVERTED / "003_2b6abe27bfe85e6a.pandoc-org.txt"
    cells = [b.text for b in load(path).blocks if b.kind == "cell"]
    assert "2660" in cells and "一、本年新收政府信息公开申请数量" in cells
    assert not any("<<" in t for t in cells)
    wrong, _ = extract_against(path, SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    assert wrong == []


def test_heading_anchors_and_attributes_do_not_hide_the_heading():
    # "{anchor:四因…}四、因政府信息公开工作被申请行政复议…" (Jira) and
    # "h3(#四因…). 四、因…" (Textile): with the markup read as heading text, table 四's
    # values were read one column off (12 fields wrong in each)
    for name in ("005.pandoc-jira.txt", "005.pandoc-textile.txt"):
        path = CONVERTED / name
        lines = [b.text for b in load(path).blocks if b.kind == "line"]
        assert "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况" in lines, name
        wrong, _ = extract_against(path, REAL / "005.labels.json")
        assert not [k for k in wrong if k.startswith("review.")], name
