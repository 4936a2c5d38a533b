"""Loaders: format sniffing, decoding, and the block contract on real and inline inputs."""
from __future__ import annotations

import hashlib
import os
import pathlib
import re

import pytest

from corpus import CORPUS
from extractor.loaders import load, load_bytes, sniff
from extractor.loaders.markdown import clean_cell
from extractor.model import Document, LoadError

SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))
REAL = sorted(p for p in (CORPUS / "real").glob("*") if p.suffix in (".txt", ".html", ".md"))
_JOINED = re.compile(r"\s*\n\s*")


def corpus_file(rel: str) -> pathlib.Path:
    p = CORPUS / rel
    assert p.is_file(), f"corpus file {rel} not found under {CORPUS}"
    return p


def seed(prefix: str) -> Document:
    found = sorted((CORPUS / "seeds").glob(prefix + "_*.txt"))
    assert found, f"seed {prefix} not found under {CORPUS}"
    return load(found[0])


def rows(doc: Document) -> list[list[str]]:
    return [[b.text for b in r] for r in doc.rows()]


def cells(doc: Document) -> list:
    return [b for b in doc.blocks if b.kind == "cell"]


def check_contract(doc: Document) -> None:
    last_row = -1
    for b in doc.blocks:
        assert b.kind in ("line", "cell", "break"), b
        assert b.row >= last_row, "rows must not decrease"
        last_row = b.row
        assert b.text == b.text.strip()
        assert b.kind != "cell" or not b.text.startswith("|") and not b.text.endswith("|")
        assert 0 <= b.start <= b.end <= len(doc.text)
        if b.kind == "break" or b.blank:
            assert b.text == ""
        else:
            # a Word-wrapped (c) cell merged with its continuation line spans a newline;
            # markdown cells lose <br>, escapes and bold marks
            raw = doc.text[b.start:b.end]
            assert b.text in _JOINED.sub("", raw) or b.text == clean_cell(raw), (b, raw)
        assert b.blank == (b.kind == "cell" and b.text == "")
    for r in doc.rows():  # columns increase within a layout row
        cols = [b.col for b in r]
        assert cols == sorted(cols) and len(set(cols)) == len(cols), r


# --- the real corpus -----------------------------------------------------------------------

@pytest.mark.parametrize("path", SEEDS + REAL, ids=lambda p: p.name)
def test_corpus_file_loads(path):
    data = path.read_bytes()
    doc = load(path)
    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.source.name == path.name
    assert doc.source.encoding == "utf-8"
    expected = {".html": "html", ".md": "markdown", ".txt": "text"}[path.suffix]
    assert doc.source.format == expected
    assert doc.blocks and doc.text
    check_contract(doc)


def test_seed000_tab_rows_keep_empty_fields():
    doc = seed("000")
    r = rows(doc)
    assert ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"] in r
    assert ["第二十条第（一）项", "", "", ""] in r  # trailing tabs are blank cells
    assert ["", "", "自然人", "法人或其他组织", "", "", "", "", "", ""] in r  # so are leading ones
    assert ["行政许可", "46213", "-588", "45625"] in r
    head = next(row for row in doc.rows() if row[0].text == "第二十条第（一）项")
    assert [b.col for b in head] == [0, 1, 2, 3] and [b.blank for b in head] == [False, True, True, True]
    assert ["0"] * 15 in r  # the review table's value row
    assert {b.kind for b in doc.blocks if b.text.startswith("一、总体情况")} == {"line"}


def test_seed001_one_cell_per_line_with_pipes():
    doc = seed("001")
    cs = cells(doc)
    assert all(b.col == 0 for b in cs)
    assert "本年新制作数量" in [b.text for b in cs]
    assert not any(b.text.endswith("|") for b in doc.blocks)
    granted = next(i for i, b in enumerate(doc.blocks) if b.text == "(一)予以公开")
    after = doc.blocks[granted + 1:granted + 8]
    assert [b.blank for b in after] == [True] * 6 + [False] and after[-1].text == "84"
    assert len({b.row for b in after}) == 7  # each printed cell line is its own row


def test_seed003_pipe_runs_are_row_breaks():
    doc = seed("003")
    texts = [(b.kind, b.text) for b in doc.blocks]
    i = texts.index(("cell", "第二十条第(一)项"))
    assert texts[i + 1] == ("break", "")  # "|||"
    i = texts.index(("cell", "二、上年结转政府信息公开申请数量"))
    assert [t for _, t in texts[i + 1:i + 9]] == ["78", "6", "", "", "", "", "84", ""]
    assert texts[i + 8][0] == "break"  # "||"
    assert not any(b.kind == "break" and doc.blocks[k - 1].kind == "break" for k, b in enumerate(doc.blocks) if k)


def test_seed002_indented_cells_blanks_breaks_and_wrapped_labels():
    doc = seed("002")
    kinds = [(b.kind, b.text, b.blank) for b in doc.blocks]
    # '\t本年新' + '制作数量' on the next line (Word wrapped the cell) is one cell
    assert ("cell", "本年新制作数量", False) in kinds and ("cell", "本年新公开数量", False) in kinds
    assert not any(t == "制作数量" for _, t, _ in kinds)
    i = kinds.index(("cell", "（七）总计", False))
    assert kinds[i + 1:i + 9] == [("cell", "1", False)] + [("cell", "", True)] * 5 + [("cell", "1", False), ("break", "", False)]
    # tab-indented cells are cells; unindented headings are lines
    assert ("line", "三、行政机关收到和处理政府信息公开申请情况", False) in kinds
    assert ("cell", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", False) in kinds


def test_seed004_whitespace_only_lines_are_blank_cells():
    doc = seed("004")
    kinds = [(b.kind, b.text, b.blank) for b in doc.blocks]
    i = kinds.index(("cell", "二、上年结转政府信息公开申请数量", False))
    assert kinds[i + 1:i + 9] == [("cell", "", True)] * 7 + [("break", "", False)]
    assert doc.blocks[-1].kind != "break"


def test_crawler_dump_header_and_giant_line():
    doc = load(corpus_file("real/001.txt"))
    assert doc.title == "平潭综合实验区2019年度政府信息公开工作年度报告"
    assert doc.meta["发布时间"] == "2020-01-20 15:22"
    assert doc.meta["原文链接"].startswith("https://www.pingtan.gov.cn/")
    assert doc.blocks[0].text.startswith("标题:")  # header lines are still blocks
    body = [b for b in doc.blocks if "规章000规范性文件898989" in b.text]
    assert len(body) == 1 and body[0].kind == "line"  # run-together numbers are left alone


def test_html_fragment_tables_with_spans():
    doc = load(corpus_file("real/008.html"))
    assert doc.source.format == "html" and doc.title is None
    assert sorted({b.table for b in cells(doc)}) == [0, 1, 2]
    texts = [b.text for b in cells(doc)]
    assert "本年新制作数量" in texts  # 本年新<br />制作数量
    head = next(b for b in cells(doc) if b.text == "第二十条第（一）项")
    assert head.colspan == 5 and head.col == 0
    res = next(b for b in cells(doc) if b.text == "三、本年度办理结果")
    assert res.rowspan > 1
    partial = next(b for b in cells(doc) if b.text.startswith("（二）部分公开"))
    assert partial.col == 1  # grid column after the rowspan above
    new = next(r for r in doc.rows() if r[0].text == "一、本年新收政府信息公开申请数量")
    assert [(b.col, b.text) for b in new] == [(0, "一、本年新收政府信息公开申请数量"), (3, "821"), (4, "35"), (5, ""), (6, ""), (7, "2"), (8, "1"), (9, "859")]
    assert [b.blank for b in new[3:5]] == [True, True]
    line = doc.text.split("\n")[new[0].row]
    assert line.split("\t") == [b.text for b in new]


def test_html_word_page_chrome_and_split_runs():
    doc = load(corpus_file("real/013.html"))
    assert doc.title == "沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局"
    assert doc.meta.get("来源", "").startswith("http://www.shuyang.gov.cn/")
    assert "websiteId" not in doc.text and "font-family" not in doc.text  # script/style gone
    texts = [b.text for b in cells(doc)]
    assert "自然人" in texts and "（一）予以公开" in texts
    new = next(r for r in doc.rows() if r[0].text == "一、本年新收政府信息公开申请数量")
    assert [b.text for b in new] == ["一、本年新收政府信息公开申请数量", "26", "", "", "", "", "", "26"]
    assert [b.col for b in new] == [0, 3, 4, 5, 6, 7, 8, 9]
    review = [r for r in doc.rows() if r[0].kind == "cell" and len(r) == 15]
    assert review and [b.col for b in review[-1]] == list(range(15))


def test_markdown_tables():
    doc = load(corpus_file("real/011.md"))
    assert doc.title == "沐阳县人民政府 2025 年 政府信息公开工作年度报告"  # first '# ' heading
    assert not any(set(b.text) <= set("-:|") and b.text for b in doc.blocks if b.text != "-")
    r = rows(doc)
    assert ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"] in r
    assert ["-", "-"] in r  # '| - | - |' under a header is data, not a separator
    assert "一、总体情况" in [b.text for b in doc.blocks if b.kind == "line"]  # '## ' stripped
    tables = [b.table for b in cells(doc)]
    assert tables == sorted(tables) and len(set(tables)) > 5


def test_markdown_mangled_tables_kept_as_printed():
    doc = load(corpus_file("real/009.md"))
    r = rows(doc)
    assert ["三、", "（一）予以公开", "9", "0", "0", "0", "0", "0", "9"] in r
    assert ["0"] * 7 in r  # a values-only row
    assert "（三）不" in [b.text for b in doc.blocks if b.kind == "line"]
    row = next(x for x in r if x and x[0] == "四、结转下年度继续办理")
    assert row[-1] == ""


# --- inline inputs: encodings ----------------------------------------------------------------

TAB_TEXT = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\n规章\t3\t\n"


def test_gbk_text():
    doc = load_bytes(TAB_TEXT.encode("gbk"), "gbk.txt")
    assert doc.source.encoding == "gb18030" and doc.source.format == "text"
    assert rows(doc) == [["二、主动公开政府信息情况"], ["信息内容", "本年制发件数", "本年废止件数"], ["规章", "3", ""]]


def test_gb18030_beyond_gbk():
    doc = load_bytes("沭阳县\u3400报告\n".encode("gb18030"), "x.txt")
    assert doc.blocks[0].text == "沭阳县\u3400报告"


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")])
def test_bom_encodings(codec, bom):
    doc = load_bytes(bom + TAB_TEXT.encode(codec), "bom.txt")
    assert doc.source.encoding.startswith(codec)
    assert not doc.text.startswith("\ufeff")
    assert rows(doc)[1] == ["信息内容", "本年制发件数", "本年废止件数"]


def test_utf16_without_bom():
    doc = load_bytes("信息内容\t本年\nabc\t1\n".encode("utf-16-le"), "x.txt")
    assert doc.source.encoding == "utf-16-le"
    assert rows(doc) == [["信息内容", "本年"], ["abc", "1"]]


def test_html_meta_charset_honoured():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>年度报告</title></head><body><p>总体情况</p></body></html>'
    doc = load_bytes(page.encode("gbk"), "p.html")
    assert doc.source.encoding == "gb18030" and doc.title == "年度报告"
    assert [b.text for b in doc.blocks] == ["总体情况"]


def test_crlf_and_cr_newlines():
    doc = load_bytes("一、总体情况\r\n规章\t0\r第二行\r\n".encode(), "x.txt")
    assert "\r" not in doc.text
    assert rows(doc) == [["一、总体情况"], ["规章", "0"], ["第二行"]]


# --- inline inputs: bad files --------------------------------------------------------------

@pytest.mark.parametrize("data,needle", [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 22 + b"[Content_Types].xml word/document.xml", "DOCX"),
    (b"PK\x03\x04" + b"\x00" * 40, "ZIP"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "OLE"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
    (bytes(range(256)) * 40, ""),
    (b"ab\x00\x01\x02cd\x00\x03" * 200, "binary"),
    (b"<html><head><script>var x = 1;</script><style>p{}</style></head><body>  </body></html>", "no visible text"),
])
def test_bad_input_raises(data, needle):
    with pytest.raises(LoadError) as e:
        load_bytes(data, "bad.bin")
    assert needle in str(e.value) and "bad.bin" in str(e.value)


def test_random_bytes_raise():
    data = hashlib.sha256(b"seed").digest() * 500
    with pytest.raises(LoadError):
        load_bytes(data, "random.bin")


def test_missing_file_raises(tmp_path):
    with pytest.raises(LoadError):
        load(tmp_path / "nope.txt")
    with pytest.raises(LoadError):
        load(tmp_path)  # a directory


def test_load_from_path_sets_source(tmp_path):
    p = tmp_path / "report.html"  # the extension does not matter: content says text
    p.write_bytes("一、总体情况\n".encode())
    doc = load(p)
    assert doc.source.format == "text" and doc.source.path == os.fspath(p) and doc.source.name == "report.html"


# --- sniffing -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,fmt", [
    ("<p>一、总体情况</p><p>正文</p>", "html"),
    ("  <div>x</div>", "html"),
    ("<!DOCTYPE html><html><body>x</body></html>", "html"),
    ("前言\n<table><tr><td>1</td></tr></table>", "html"),
    ("标题\n| a | b |\n|---|---|\n| 1 | 2 |\n", "markdown"),
    ("| 本年新<br>制作数量 | b |\n| --- | :---: |\n| 1 | 2 |\n", "markdown"),
    ("# 报告\n\n## 一、总体情况\n正文", "markdown"),
    ("第一行\n使用 <br> 换行的说明\n", "text"),
    ("第二十条第(一)项 |\n|||\n信息内容 |\n", "text"),
    ("规章\t0\t0\n", "text"),
])
def test_sniff(text, fmt):
    assert sniff(text) == fmt


# --- inline inputs: HTML ------------------------------------------------------------------

def test_html_grid_expansion_and_blanks():
    page = (
        "<table>"
        "<tr><td rowspan='2'>A</td><td colspan='2'>B</td></tr>"
        "<tr><td>C</td><td>D</td></tr>"
        "<tr><td>E</td><td>&nbsp;</td><td><p><span> </span></p></td></tr>"
        "</table>"
    )
    doc = load_bytes(page.encode(), "t.html")
    got = [(b.row, b.col, b.text, b.rowspan, b.colspan, b.blank) for b in doc.blocks]
    assert got == [
        (0, 0, "A", 2, 1, False), (0, 1, "B", 1, 2, False),
        (1, 1, "C", 1, 1, False), (1, 2, "D", 1, 1, False),
        (2, 0, "E", 1, 1, False), (2, 1, "", 1, 1, True), (2, 2, "", 1, 1, True),
    ]
    assert doc.text == "A\tB\nC\tD\nE\t\t"
    assert all(b.table == 0 for b in doc.blocks)
    check_contract(doc)


def test_html_cell_text_joins_runs_paragraphs_and_br():
    page = (
        "<table><tr>"
        "<td><p><span>自然</span></p>\n  <p><span>人</span><o:p></o:p></p></td>"
        "<td><p>本年新<br/>制作数量</p></td>"
        "<td><p>（</p><p>一</p><p>）予以公开</p></td>"
        "<td><p><o:p>&nbsp;</o:p></p></td>"
        "</tr></table>"
    )
    doc = load_bytes(page.encode(), "t.html")
    assert [b.text for b in doc.blocks] == ["自然人", "本年新制作数量", "（一）予以公开", ""]
    assert doc.blocks[-1].blank


def test_html_strips_invisible_parts_and_keeps_lines():
    page = (
        "<html><head><title> 某局 2023 年报告 </title><style>p{color:red}</style></head><body>"
        "<header>网站首页</header><nav>导航</nav><script>var x='脚本';</script><noscript>请启用</noscript>"
        "<!-- 注释 --><h1>一、总体情况</h1><p>第一段<br>第二段</p>"
        "<div style='display:none'>隐藏</div><div>尾<b>部</b>文字<iframe src='x'></iframe></div>"
        "<ul><li>甲</li><li> </li><li>乙</li></ul><footer>版权所有</footer></body></html>"
    )
    doc = load_bytes(page.encode(), "p.html")
    assert doc.title == "某局 2023 年报告"
    assert [b.text for b in doc.blocks] == ["一、总体情况", "第一段", "第二段", "尾部文字", "甲", "乙"]
    assert all(b.kind == "line" for b in doc.blocks)
    assert doc.text == "\n".join(b.text for b in doc.blocks)
    check_contract(doc)


def test_html_nested_table_text_is_kept():
    page = "<table><tr><td>外<table><tr><td>内1</td><td>内2</td></tr></table>尾</td><td>X</td></tr><tr><td>Y</td></tr></table>"
    doc = load_bytes(page.encode(), "n.html")
    assert rows(doc) == [["外尾", "X"], ["内1", "内2"], ["Y"]]
    assert [b.table for b in doc.blocks] == [0, 0, 1, 1, 0]
    check_contract(doc)


def test_html_rows_and_offsets_between_lines_and_tables():
    page = "<p>二、主动公开</p><table><tr><td>规章</td><td>5</td></tr></table><p>三、申请</p>"
    doc = load_bytes(page.encode(), "o.html")
    assert [(b.row, b.kind, b.text) for b in doc.blocks] == [
        (0, "line", "二、主动公开"), (1, "cell", "规章"), (1, "cell", "5"), (2, "line", "三、申请")]
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text


def test_html_broken_markup_survives():
    doc = load_bytes(b"<div><p>one<table><tr><td>1<td>2</table><p>two</div></span>", "b.html")
    assert ["1", "2"] in rows(doc) and "two" in doc.text


# --- inline inputs: text and markdown ------------------------------------------------------

def test_text_layouts_mixed_in_one_file():
    src = (
        "一、总体情况\n"
        "正文一段。\n"
        "\n"
        "信息内容\t本年制发件数\t\n"  # (a)
        "规章 |\n"  # (b)
        "|\n"
        "||\n"
        "\t行政许可\n"  # (c)
        "\t \n"
        "\n"
        "\n"
        "| 规章 | 1 |  |\n"  # (d)
        "|---|---|---|\n"
        "| 规范性文件 | 2 | 3 |\n"
        "收尾\n"
    )
    doc = load_bytes(src.encode(), "m.txt")
    got = [(b.kind, b.text, b.col, b.blank, b.table) for b in doc.blocks]
    assert got == [
        ("line", "一、总体情况", 0, False, None),
        ("line", "正文一段。", 0, False, None),
        ("break", "", 0, False, None),
        ("cell", "信息内容", 0, False, None), ("cell", "本年制发件数", 1, False, None), ("cell", "", 2, True, None),
        ("cell", "规章", 0, False, None),
        ("cell", "", 0, True, None),
        ("break", "", 0, False, None),
        ("cell", "行政许可", 0, False, None),
        ("cell", "", 0, True, None),
        ("break", "", 0, False, None),
        ("cell", "规章", 0, False, 0), ("cell", "1", 1, False, 0), ("cell", "", 2, True, 0),
        ("cell", "规范性文件", 0, False, 0), ("cell", "2", 1, False, 0), ("cell", "3", 2, False, 0),
        ("line", "收尾", 0, False, None),
    ]
    check_contract(doc)
    for b in doc.blocks:
        if b.text:
            assert doc.text[b.start:b.end] == b.text


def test_text_long_indented_line_is_narrative():
    para = "\t" + "根据《条例》要求，" * 10
    doc = load_bytes((para + "\n\t一、总体情况\n").encode(), "n.txt")
    assert [b.kind for b in doc.blocks] == ["line", "cell"]


def test_text_whitespace_line_in_narrative_is_not_a_cell():
    doc = load_bytes("第一段\n   \n第二段\n".encode(), "n.txt")
    assert [b.kind for b in doc.blocks] == ["line", "break", "line"]


def test_markdown_inline():
    src = "# 2024 年报告\n\n## 二、主动公开\n| 信息内容 | 本年新<br>制作数量 |\n|:---|---:|\n| **规章** |  |\n|---|---|\n| 1 | 2 |\n\n正文\n| x | y |\n| --- | --- |\n"
    doc = load_bytes(src.encode(), "r.md")
    assert doc.source.format == "markdown" and doc.title == "2024 年报告"
    got = [(b.kind, b.text, b.col, b.table, b.blank) for b in doc.blocks]
    assert got == [
        ("line", "2024 年报告", 0, None, False),
        ("break", "", 0, None, False),
        ("line", "二、主动公开", 0, None, False),
        ("cell", "信息内容", 0, 0, False), ("cell", "本年新制作数量", 1, 0, False),
        ("cell", "规章", 0, 0, False), ("cell", "", 1, 0, True),
        ("cell", "1", 0, 0, False), ("cell", "2", 1, 0, False),
        ("break", "", 0, None, False),
        ("line", "正文", 0, None, False),
        ("cell", "x", 0, 1, False), ("cell", "y", 1, 1, False),
    ]
    check_contract(doc)


def test_text_value_cell_never_absorbs_following_line():
    doc = load_bytes("\t行政许可\n\t5\n注：单位为件\n".encode(), "v.txt")
    assert [(b.kind, b.text) for b in doc.blocks] == [("cell", "行政许可"), ("cell", "5"), ("line", "注：单位为件")]


def test_html_meta_charset_beyond_gb():
    doc = load_bytes('<meta charset="big5"><p>政府資訊公開</p>'.encode("big5"), "b.html")
    assert doc.source.encoding == "big5" and doc.blocks[0].text == "政府資訊公開"


def test_damaged_utf16_warns():
    data = b"\xff\xfe" + "一、总体情况\n".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    doc = load_bytes(data, "d.txt")
    assert doc.blocks[0].text == "一、总体情况" and doc.warnings


@pytest.mark.parametrize("module", ["markdown", "text", "html", "encoding"])
def test_each_module_imports_first(module):
    import subprocess
    import sys

    code = f"import extractor.loaders.{module}"
    root = pathlib.Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_text_unindented_cell_per_line_keeps_blank_cells():
    """One cell per line with no indentation: whitespace-only lines between a label and
    a number are empty cells of that row, not breaks."""
    src = "一、本年新收政府信息公开申请数量\n10\n \n \n \n \n \n10\n\n二、上年结转政府信息公开申请数量\n0\n"
    doc = load_bytes(src.encode(), "c.txt")
    kinds = [(b.kind, b.blank) for b in doc.blocks]
    assert kinds[:8] == [("line", False), ("line", False)] + [("cell", True)] * 5 + [("line", False)]
    assert kinds[8] == ("break", False)
