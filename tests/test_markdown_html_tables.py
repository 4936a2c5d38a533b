"""Markdown that carries its merged-cell tables as raw HTML (pandoc's markdown writer: a
table with rowspans or colspans cannot be a grid or pipe table, so it is written as
`<table>`): the markdown is read as markdown, each raw table by the HTML loader. Read as an
HTML page, every line before the first raw table ran into one line, grid tables included
(seeds/002_ee8 through pandoc -t markdown: table 二's wrapped row 其他对外管理服务事项 lost).
"""
from __future__ import annotations

import json
from pathlib import Path

from corpus import SEEDS, wrong_keys

from extractor.loaders import load, load_bytes
from extractor.loaders.signatures import html_tables, text_format
from extractor.pipeline import extract_bytes

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
    tables = {b.table for b in doc.blocks if b.table is not None}
    assert len(tables) == 2 == len(html_tables(text))
    first = min(b.row for b in doc.blocks if b.table is not None)
    assert first > max(b.row for b in labels)


def test_the_report_is_read_whole_and_auto_accepted():
    truth = json.loads((SEEDS / "002_ee8fa3a975bc8fe4.labels.json").read_text(encoding="utf-8"))["fields"]
    out = extract_bytes((CONVERTED / NAME).read_bytes(), NAME)
    assert wrong_keys(truth, out["fields"]) == []
    assert out["review"]["required"] is False


def test_html_pages_and_fragments_stay_html():
    page = "<html><body><h1>报告</h1>\n# 一\n# 二\n<table><tr><td>1</td></tr></table></body></html>"
    assert text_format(page) == "html"
    fragment = "<div>一、总体情况</div>\n<p>正文</p>\n<table><tr><td>1</td></tr></table>"
    assert text_format(fragment) == "html"
    # markup outside the tables too: an HTML fragment, though it has markdown headings
    mixed = "# 一\n\n# 二\n<p>a</p><p>b</p><div>c</div>\n<table><tr><td>1</td></tr></table>"
    assert text_format(mixed) == "html"
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
