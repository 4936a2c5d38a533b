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


def test_mediawiki_tables_are_read_as_grids():
    # a MediaWiki page is no HTML page for all its <span>s: read as one, its `{|` tables ran
    # into one line of text (26 fields of 198 wrong, none auto-accepted); a cell a line,
    # rows apart by `|-`, blank cells as a lone `|`
    path = CONVERTED / "003_2b6abe27bfe85e6a.pandoc-mediawiki.txt"
    doc = load(path)
    assert doc.source.format == "markdown"
    rows = [[b.text for b in r] for r in doc.rows()]
    assert ["一、本年新收政府信息公开申请数量", "", "", "2660", "120", "10", "1", "39", "3", "2833"] in rows
    wrong, _ = extract_against(path, SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    assert wrong == []
    # a generated report through the same writer: headings `=== 一、总体情况 ===`, bold
    # `'''二、…'''`, links `[[zwgk/|政务公开]]`, empty `<span id=…></span>` before headings
    path = CONVERTED / "gen11_00020.pandoc-mediawiki.txt"
    lines = [b.text for b in load(path).blocks if b.kind == "line"]
    assert "一、总体情况" in lines
    wrong, review = extract_against(path, CONVERTED / "gen11_00020.labels.json")
    assert wrong == []


def test_mediawiki_spans_and_header_cells():
    # rowspan/colspan in a cell's attributes ("attrs | text"), `!` header cells, `||` and
    # `!!` several cells a line, a cell's text continued on the next line
    from extractor.loaders import load_bytes

    page = "\n".join([
        "== 二、主动公开政府信息情况 ==", "", '{| class="wikitable"', "|-",
        '! rowspan="2" | 信息内容 !! colspan="2" | 本年', "|-", "! 新制作 !! 新公开", "|-",
        "| 规章 || 3 || 4", "|-", "| 规范性", "文件", "| 12", '| style="x" | 5', "|}", ""])
    doc = load_bytes(page.encode(), "page.wiki")
    grid = [[(b.text, b.col, b.rowspan, b.colspan) for b in r] for r in doc.rows() if r[0].kind == "cell"]
    assert grid == [[("信息内容", 0, 2, 1), ("本年", 1, 1, 2)],
                    [("新制作", 1, 1, 1), ("新公开", 2, 1, 1)],
                    [("规章", 0, 1, 1), ("3", 1, 1, 1), ("4", 2, 1, 1)],
                    [("规范性文件", 0, 1, 1), ("12", 1, 1, 1), ("5", 2, 1, 1)]]
