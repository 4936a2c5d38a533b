"""Markdown that carries some raw HTML (pandoc's markdown writers: a table with rowspans or
colspans that cannot be a grid or pipe table is written as `<table>`; the page's wrapper
<div>s on lines of their own): the markdown is read as markdown, each raw table by the HTML
loader. Read as an HTML page, its lines ran into one line, grid and pipe tables included
(seeds/002_ee8 through pandoc -t markdown: table 二's wrapped row 其他对外管理服务事项 lost;
seeds/001_ae5 through pandoc -t gfm: every pipe table one line, the places of its values
guessed). Generated reports through pandoc's three markdown writers (seeds 11 and 23, the
90 that change): auto-accepted 52 -> 89, wrong fields 210 -> 0.
"""
from __future__ import annotations

import re
from pathlib import Path

from corpus import SEEDS, extract_against

from extractor.loaders import load, load_bytes
from extractor.loaders.boxdrawn import GRID_BASE
from extractor.loaders.signatures import html_tables, text_format

CONVERTED = Path(__file__).resolve().parent / "data" / "converted"
NAME = "002_ee8fa3a975bc8fe4.pandoc-markdown.md"


def test_markdown_with_raw_html_tables_is_markdown():
    text = (CONVERTED / NAME).read_text(encoding="utf-8")
    assert "<table" in text and text_format(text) == "markdown"
    doc = load(CONVERTED / NAME)
    assert doc.source.format == "markdown"
    assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks)
    # the grid table's rows are rows of cells, not one long line
    labels = [b for b in doc.blocks if b.text.startswith("行政许可")]
    assert labels and all(b.kind == "cell" for b in labels)
    assert max(len(b.text) for b in doc.blocks if b.kind == "line") < 300
    # the raw table (table 三) is read with its cells, as the HTML loader reads it
    assert any(b.kind == "cell" and b.text == "一、本年新收政府信息公开申请数量" for b in doc.blocks)
    # the two raw tables (三, 四) are two tables, their rows after the markdown's rows
    # (table 二, a grid drawn with "+---+" rules, is numbered apart: boxdrawn.GRID_BASE)
    raw = [b for b in doc.blocks if b.table is not None and b.table < GRID_BASE]
    tables = {b.table for b in raw}
    assert len(tables) == 2 == len(html_tables(text))
    first = min(b.row for b in raw)
    assert first > max(b.row for b in labels)


def test_the_report_is_read_whole_and_auto_accepted():
    wrong, review = extract_against(CONVERTED / NAME, SEEDS / "002_ee8fa3a975bc8fe4.labels.json")
    assert wrong == [] and review["required"] is False


def test_markdown_in_wrapper_divs_is_markdown():
    name = "001_ae5d534637d2dda6.pandoc-gfm.md"
    text = (CONVERTED / name).read_text(encoding="utf-8")
    assert text.startswith("<div") and "<table" not in text and text_format(text) == "markdown"
    doc = load(CONVERTED / name)
    # the wrapper divs print nothing; every other character stays where it was in the file
    assert len(doc.text) == len(text) and "<div" not in doc.text and "</div>" not in doc.text
    assert [c for c in doc.text if not c.isspace()] == [c for c in re.sub(r"</?div[^>]*>", "", text) if not c.isspace()]
    # table 三's pipe rows: the total-only rows keep their empty cells, 84 in the last column
    row = [b for b in doc.blocks if b.row == next(b.row for b in doc.blocks if b.text == "(一)予以公开")]
    assert row[-1].text == "84" and sum(b.blank for b in row) >= 7
    wrong, review = extract_against(CONVERTED / name, SEEDS / "001_ae5d534637d2dda6.labels.json")
    assert wrong == [] and review["required"] is False


def test_html_pages_and_fragments_stay_html():
    page = "<html><body><h1>报告</h1>\n# 一\n# 二\n<table><tr><td>1</td></tr></table></body></html>"
    assert text_format(page) == "html"
    fragment = "<div>一、总体情况</div>\n<p>正文</p>\n<table><tr><td>1</td></tr></table>"
    assert text_format(fragment) == "html"
    # markup outside the tables too: an HTML fragment, though it has markdown headings
    mixed = "# 一\n\n# 二\n<p>a</p><p>b</p><div>c</div>\n<table><tr><td>1</td></tr></table>"
    assert text_format(mixed) == "html"
    # a fragment of block tags with text in them, and a heading or two: HTML
    article = "<div>\n<p>一、总体情况</p>\n<p>正文</p>\n<p>二</p>\n</div>\n# 注\n# 附\n"
    assert text_format(article) == "html"
    md = "# 一、总体情况\n\n正文\n\n## 三、收到和处理\n\n<table><tr><td>自然人</td><td>1</td></tr></table>\n\n结语\n"
    assert text_format(md) == "markdown"
    doc = load_bytes(md.encode(), "r.md")
    assert [b.text for b in doc.blocks if b.kind == "cell"] == ["自然人", "1"]
    assert any(b.text == "结语" for b in doc.blocks)


def test_outermost_tables_only_and_an_unclosed_one_runs_to_the_end():
    t = "a<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>b<TABLE>c"
    (a1, b1), (a2, b2) = html_tables(t)
    assert t[a1:b1].startswith("<table>") and t[a1:b1].endswith("</table>") and t[b1] == "b"
    assert t[a2:b2] == "<TABLE>c"
