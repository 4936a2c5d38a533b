"""Reports through pandoc's lightweight-markup writers (org, Jira, Textile, MediaWiki,
AsciiDoc), read from their real output of the public reports (tests/data/converted, see its
README), and live through the installed pandoc (routes of the held-out family
held-out-pandoc-markup in training/converters.py).

Word-exported pages carry empty runs and bookmarks (`<span><o:p></o:p></span>`, `<a
name="_Toc1"></a>`); each writer prints them in its own syntax - org an empty target after
every cell's text ("2660<<>>"), Jira an anchor before a heading ("{anchor:四因…}四、…"),
Textile a heading's attributes ("h3(#四因…). 四、…"). None of it is text of the report.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from converter_tools import need
from corpus import REAL, SEEDS, extract_against, wrong_keys, wrong_values

from extractor.loaders import load
from extractor.pipeline import extract_bytes

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


def test_textile_with_wrapper_divs_is_markup_not_a_page():
    # pandoc's Textile starts with the page's wrapper <div>s and writes tables with merged
    # cells as raw <table>s: read as an HTML page, the "|规章|3|3|3|" rows (no delimiter row,
    # as Textile, Jira and org write tables) and the paragraphs ran into one line of text
    for name, wrong_before in (("gen11_00020.pandoc-textile.txt", 37), ("gen11_00018.pandoc-textile.txt", 5)):
        path = CONVERTED / name
        doc = load(path)
        assert doc.source.format == "markdown", name
        lines = [b.text for b in doc.blocks if b.kind == "line"]
        assert any(t.startswith("二、") for t in lines), name
        wrong, _ = extract_against(path, CONVERTED / name.replace("pandoc-textile.txt", "labels.json"))
        assert wrong == [], (name, wrong_before, wrong)


def test_asciidoc_rows_are_cut_by_the_column_count():
    # between `|===` lines every "|" starts a cell and [cols=…] says how many make a row:
    # pandoc wraps a long row over two lines ("| |（二）部分公开… | |243 |10" then
    # "|1 | |7 | |261") and a cell's text over lines ("本年新 +" then "公开数量"); read a line
    # a row, 部分公开's values were two half rows (3 fields wrong) and split labels no cells
    path = CONVERTED / "003_2b6abe27bfe85e6a.pandoc-asciidoc.txt"
    doc = load(path)
    assert doc.source.format == "markdown"
    rows = [[b.text for b in r] for r in doc.rows()]
    assert ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "243", "10", "1", "", "7", "",
            "261"] in rows
    wrong, _ = extract_against(path, SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    assert wrong == []
    path = CONVERTED / "002_ee8fa3a975bc8fe4.pandoc-asciidoc.txt"
    rows = [[b.text for b in r] for r in load(path).rows()]
    assert ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"] in rows
    wrong, _ = extract_against(path, SEEDS / "002_ee8fa3a975bc8fe4.labels.json")
    assert wrong == []


def test_asciidoc_cell_specifiers():
    # "2+|" spans two columns, ".2+|" two rows, "2*|" writes a cell twice; no [cols]: the
    # first line's cells are the column count
    from extractor.loaders import load_bytes

    page = "\n".join(["== 二、主动公开政府信息情况", "", "|===", "|信息内容 |本年新制作数量 |本年新公开数量",
                      ".2+|规章 |3 |4", "2*|5", "2+|合计 |9", "|==="])
    doc = load_bytes(page.encode(), "page.adoc")
    grid = [[(b.text, b.col, b.rowspan, b.colspan) for b in r] for r in doc.rows() if r[0].kind == "cell"]
    assert grid == [[("信息内容", 0, 1, 1), ("本年新制作数量", 1, 1, 1), ("本年新公开数量", 2, 1, 1)],
                    [("规章", 0, 2, 1), ("3", 1, 1, 1), ("4", 2, 1, 1)],
                    [("5", 1, 1, 1), ("5", 2, 1, 1)],
                    [("合计", 0, 1, 2), ("9", 2, 1, 1)]]


def test_org_cells_of_several_paragraphs_are_one_row():
    # org's writer prints a cell's paragraphs as table lines of their own, apart by a line
    # of blank cells: "结果" / "" / "纠正" under 行政复议; read as three rows, table 四's
    # header had no 结果纠正 and its values were not read
    path = CONVERTED / "009.pandoc-org.txt"
    rows = [[b.text for b in r] for r in load(path).rows()]
    assert ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] == next(r[:5] for r in rows if r[:1] == ["结果维持"])
    wrong, _ = extract_against(path, REAL / "009.labels.json")
    assert wrong == []


def test_muse_class_tags_are_not_cell_text():
    # Muse writes Word's runs as <class>…</class>, empty ones as <class></class>: with the
    # tags in the text, table 三's labels and numbers were no labels and numbers (106 of 198
    # fields wrong; its rows, " a | b" without outer pipes, are rows of cells: see
    # test_muse_simple_table_lines_without_outer_pipes_keep_their_columns)
    path = CONVERTED / "003_2b6abe27bfe85e6a.pandoc-muse.txt"
    texts = [b.text for b in load(path).blocks]
    assert "一、本年新收政府信息公开申请数量" in texts
    assert not any("<class" in t or "</class" in t for t in texts)
    wrong, _ = extract_against(path, SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    assert wrong == []


def test_zim_rows_written_a_cell_a_line_are_one_row():
    # Zim's writer ends every cell's text with a line break: "|四、结转下年度继续办理", then
    # "   |   |   |1", "|0", …, a lone "|" for the blank total and another ending the row.
    # Read a line at a time, table 三 had no rows (11 wrong fields at confidence >= 0.9 over
    # the dev reports); ended at the first lone pipe, the row lost its last cell and was
    # moved a column right (1 read as 商业企业's, auto-accepted); the delimiter row
    # "|---|---|…" says how many cells a row has, so a blank cell's lone "|" ends no row
    path = CONVERTED / "009.pandoc-zimwiki.txt"
    rows = [[b.text for b in r] for r in load(path).rows()]
    assert ["四、结转下年度继续办理", "", "", "1", "0", "0", "0", "0", "0", ""] in rows
    wrong, _ = extract_against(path, REAL / "009.labels.json")
    assert wrong == []
    # a table written without closing pipes has its cells on every line: never joined
    from extractor.loaders.markdown_syntax import joined_wrapped_rows

    gfm = "| 项目 | 数量\n|---|---\n| 规章 | 3\n| 规范性文件 | \n"
    assert joined_wrapped_rows(gfm) == gfm


def test_latex_tables_are_read_as_grids():
    # pandoc's LaTeX: longtables, rows ended by "\\\\" and wrapped over lines, cells apart by
    # "&", \multicolumn spans, \multirow cells whose rows below write an empty cell, a
    # no-break space (a blank cell) as "~", Word's runs as {2660}{}; read as text, 100 of
    # 198 fields were wrong, 28 of the dev reports' wrong fields at confidence >= 0.9
    path = CONVERTED / "003_2b6abe27bfe85e6a.pandoc-latex.txt"
    doc = load(path)
    assert doc.source.format == "markdown"
    rows = [[b.text for b in r] for r in doc.rows()]
    assert ["一、本年新收政府信息公开申请数量", "2660", "120", "10", "1", "39", "3", "2833"] in rows
    assert "四、政府信息公开行政复议、行政诉讼情况" in [t for r in rows for t in r]
    wrong, _ = extract_against(path, SEEDS / "003_2b6abe27bfe85e6a.labels.json")
    assert wrong == []
    path = CONVERTED / "gen11_00007.pandoc-latex.txt"  # "126 & 24 & ~ & ~ & ~ & 9 & 159"
    wrong, _ = extract_against(path, CONVERTED / "gen11_00007.labels.json")
    assert wrong == []


def test_texinfo_multitables_are_read_as_pipe_tables():
    # @multitable rows: "@item" then cells apart by "@tab", each over lines; it cannot merge
    # cells, so the writer drops the ones a merged cell covers ("@item 自然人 @tab 法人或其他组织",
    # three columns early). Read as pipe rows, those rows go back to their columns as any pipe
    # table's (read as text before: 44 of 200 fields wrong)
    path = CONVERTED / "005.pandoc-texinfo.txt"
    doc = load(path)
    assert doc.source.format == "markdown"
    wrong, _ = extract_against(path, REAL / "005.labels.json")
    assert wrong == []
    assert not any(b.text.startswith("@") or b.text == "Top" for b in doc.blocks)


def test_xwiki_groups_are_one_cell():
    # XWiki writes a cell holding a paragraph as a group over lines: "|(((信息内容",
    # "))) |(((本年制发件数", ")))" - each row over several lines, none a whole row (41 of 200
    # fields wrong); the group is the cell's text
    path = CONVERTED / "005.pandoc-xwiki.txt"
    rows = [[b.text for b in r] for r in load(path).rows()]
    assert ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"] in rows
    wrong, _ = extract_against(path, REAL / "005.labels.json")
    assert wrong == []


def test_xwiki_blank_cells_at_a_rows_end_are_cells():
    # XWiki writes a row without a closing pipe: its last cell, blank, is "|\xa0" (a no-break
    # space) or an empty group "|(((", ")))". Read as the row's closing edge, the row lost its
    # total's cell: 004's rows of (三) printed nine cells and every row was read "trimmed"
    # (49 cells at 0.85), 009's 四、结转下年度 a column off (1 under 商业企业, 2 wrong)
    from extractor.loaders.markdown_syntax import split_row

    assert [c for c, _, _ in split_row("|a |1 |\xa0", 0)] == ["a", "1", ""]
    assert [c for c, _, _ in split_row("| a | 1 |", 0)] == ["a", "1"]
    for name, labels in (("004_22cd3b9bc5f65582.pandoc-xwiki.txt", SEEDS / "004_22cd3b9bc5f65582.labels.json"),
                         ("009.pandoc-xwiki.txt", REAL / "009.labels.json")):
        path = CONVERTED / name
        wrong, _ = extract_against(path, labels)
        assert wrong == [], name
    out = extract_bytes((CONVERTED / "004_22cd3b9bc5f65582.pandoc-xwiki.txt").read_bytes(), "x.txt")
    assert out["fields"]["requests.new.natural"]["confidence"] >= 0.9
    assert not out["review"]["required"], out["review"]["reasons"][:2]
    out = extract_bytes((CONVERTED / "009.pandoc-xwiki.txt").read_bytes(), "x.txt")
    assert out["fields"]["requests.carried_forward.natural"]["value"] == 1


def test_muse_blank_cells_broken_over_a_grid_cell_are_blank():
    # Muse's grid tables write a blank cell as "<verbatim></verbatim>" wrapped in its narrow
    # column ("<v", "erba", "tim>", "</ve", "rbat", "im>") and a line break as a "<br>" line:
    # read as text, 一、本年新收's row had a cell "<v erba tim> </ve rbat im>" (its numbers a
    # column off, 77 fields wrong)
    path = CONVERTED / "gen11_00000.pandoc-muse.txt"
    rows = [[b.text for b in r] for r in load(path).rows()]
    assert ["一、本年新收政府信息公开申请数量", "", "", "392", "76", "", "1", "17", "17", "503"] in rows
    assert ["", "", "", "", "商业企业", "科研机构", "社会组织", "法律服务机构", "其他", ""] in rows
    wrong, _ = extract_against(path, CONVERTED / "gen11_00000.labels.json")
    assert wrong == []


def test_muse_tags_broken_over_a_grid_cells_lines_are_mended():
    # Muse's grid cells wrap their markup mid-tag in narrow columns ("<c" / "lass>13</class>").
    # Taking the tags out of the whole text first moved the grid's bars (the cells ran into
    # each other: "行212 >政<cla ss>许可"), and a line joined to the next with a space left
    # "<c lass>13": no number. 009 had 29 of 200 fields wrong (all strict ones but one)
    path = CONVERTED / "009.pandoc-muse.txt"
    texts = [b.text for b in load(path).blocks]
    # (table 四's header cells, a character a line, keep a few stray pieces: no number has one)
    assert not any(("<" in t or ">" in t) and any(c.isdigit() for c in t) for t in texts)
    assert "行政规范性文件" in texts and "行政许可" in texts
    wrong, _ = extract_against(path, REAL / "009.labels.json")
    assert wrong == []
    # the tag's pieces run on only where a line ends inside a tag
    from extractor.loaders.boxdrawn import _tags_mended

    assert _tags_mended(["<c", "lass>13</class>", "<class>许可</class>"]) == ["<class>13</class>", "<class>许可</class>"]
    assert _tags_mended(["</", "c", "lass>"]) == ["</class>"]
    assert _tags_mended(["a < b", "c"]) == ["a < b", "c"]


def test_docbook_and_opendocument_tables_are_read_as_grids():
    # XML vocabularies without <tr>/<td>: DocBook's <row>/<entry> (read as text, a tag a
    # line: 107 of 198 fields wrong) and OpenDocument's <table:table-row>/<table:table-cell>
    # with its spans as attributes
    for name in ("003_2b6abe27bfe85e6a.pandoc-docbook.xml", "003_2b6abe27bfe85e6a.pandoc-opendocument.xml"):
        path = CONVERTED / name
        doc = load(path)
        assert doc.source.format == "html", name
        row = next(r for r in doc.rows() if r[0].text == "一、本年新收政府信息公开申请数量")
        # (ODF: the label spans three columns, table:number-columns-spanned="3")
        assert [(b.col, b.text) for b in row if b.text][1:] == \
            [(3, "2660"), (4, "120"), (5, "10"), (6, "1"), (7, "39"), (8, "3"), (9, "2833")], name
        wrong, _ = extract_against(path, SEEDS / "003_2b6abe27bfe85e6a.labels.json")
        assert wrong == [], name


MARKUP_ROUTES = ("pandoc-org", "pandoc-mediawiki", "pandoc-textile", "pandoc-jira", "pandoc-asciidoc", "pandoc-latex",
                 "pandoc-texinfo", "pandoc-xwiki", "pandoc-zimwiki",
                 "pandoc-docbook", "pandoc-opendocument")


@pytest.mark.parametrize("route", MARKUP_ROUTES)
def test_live_pandoc_markup_writers(route):
    # the installed pandoc, whatever its version, on a labelled report's page (seeds/003_2b6:
    # Word's runs in every cell, merged cells in table 三)
    need(route)
    from training import converters as C

    item = next(it for it in C.dev_items() if it.stem.startswith("003_2b6"))
    src = C.sources(item.report, item.stem, seed=0, need_pdf=False)
    out = C.convert(route, src, random.Random(0))
    want = {k: v for k, v in src.fields.items() if k not in src.ambiguous}
    got = extract_bytes(out, f"report.{C.ROUTES[route].ext}")["fields"]
    assert wrong_keys(want, got) == []


def test_rows_a_cell_a_line_look_at_each_line_a_bounded_number_of_times(monkeypatch):
    """A run of lines each opening a row and none closing it once made every line scan the
    rest of the run (50,000 such lines: 400 s CPU). No row ends there; each line is looked at
    a few times, whatever the run's length."""
    from extractor.loaders import markdown_syntax as M

    calls = 0
    real = M._open_row

    def counted(line):
        nonlocal calls
        calls += 1
        return real(line)

    monkeypatch.setattr(M, "_open_row", counted)
    text = "|a\n" * 4000  # a run of open rows that never closes
    assert M.joined_wrapped_rows(text) == text
    assert calls <= 3 * text.count("\n") + 3


def test_muse_simple_table_lines_without_outer_pipes_keep_their_columns():
    """pandoc's muse writer prints a simple table without outer pipes: " 一、本年新收… | | | 8
    | 1 | … | 9" (text before the first pipe and after the last) was no table row at all, and
    " | 自然人 | …" lost its empty first cell (its leading pipe read as an outer pipe), so the
    header stood a column left of the values: table 三's 总计 of two rows not read."""
    path = CONVERTED / "gen241_00019.pandoc-muse.txt"
    rows: dict[int, list[str]] = {}
    for b in load(path).blocks:
        if b.kind == "cell":
            rows.setdefault(b.row, []).append(b.text)
    got = list(rows.values())
    assert ["一、本年新收政府信息公开申请数量", "", "", "8", "1", "", "", "", "", "9"] in got
    assert ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"] in got
    assert wrong_values(path, CONVERTED / "gen241_00019.labels.json") == {}
    assert not extract_bytes(path.read_bytes(), path.name)["review"]["required"]
