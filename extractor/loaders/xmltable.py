"""Tables of XML document vocabularies read as HTML tables: DocBook/CALS (`<row>`,
`<entry>`) and OpenDocument's flat XML (`<table:table-row>`, `<table:table-cell>`).

Without <tr>/<td> the HTML reader sees only unknown elements: a table's cells run into one
line, or (no HTML tag at all) the file is read as plain text, a tag a line. Renamed to their
HTML counterparts, the HTML reader builds the grid. ODF's spans
(`table:number-columns-spanned`, `table:number-rows-spanned`) become colspan/rowspan; the
cells a merged cell covers, `<table:covered-table-cell>` (LibreOffice writes them, pandoc
does not), are dropped: the spans expanded stand for them.

InDesign's tagged text (ICML, IDML stories) has no row elements at all: a `<Table>` holds its
`<Cell Name="column:row">` elements, each placed by that name (RowSpan / ColumnSpan for a
merged one), its text in `<Content>` elements of paragraph ranges. Its rows are rebuilt from
the names; a paragraph range is a paragraph; the styles' `<Properties>` are no text.
"""
from __future__ import annotations

import re

_ROWS = re.compile(r"<(?:row|table:table-row)[\s>]")
_CELLS = re.compile(r"<(?:entry|table:table-cell|table:covered-table-cell)[\s/>]")
_RENAME = {
    "informaltable": "table", "table:table": "table", "tgroup": "tbody",
    "row": "tr", "table:table-row": "tr",
    "entry": "td", "table:table-cell": "td",
    "para": "p", "simpara": "p", "text:p": "p", "text:h": "p", "title": "p",
}
_TAG = re.compile(r"<(/?)(informaltable|table:table|tgroup|row|table:table-row|entry|table:table-cell|"
                  r"para|simpara|text:p|text:h|title)(\s[^<>]*?)?(/?)>")
_COVERED = re.compile(r"<table:covered-table-cell\b[^<>]*?/>|<table:covered-table-cell\b[^<>]*>.*?</table:covered-table-cell>",
                      re.S)
_SPAN = re.compile(r"""table:number-(columns|rows)-spanned\s*=\s*["'](\d{1,6})["']""")


_NAMED_CELL = re.compile(r"""<Cell\s[^<>]*?\bName\s*=\s*["'](\d{1,5}):(\d{1,5})["'][^<>]*?(/?)>""")
_NAMED_TABLE = re.compile(r"<Table\b[^<>]*>(.*?)</Table>", re.S)
_NAMED_SPAN = re.compile(r"""\b(RowSpan|ColumnSpan)\s*=\s*["'](\d{1,4})["']""")
_CELL_END = re.compile(r"</Cell>")
_PARAGRAPH = re.compile(r"<(/?)ParagraphStyleRange\b[^<>]*?(/?)>")
_PROPERTIES = re.compile(r"<Properties>.*?</Properties>", re.S)  # styles' settings ("LeftAlign", "10"): never printed


def tables(text: str) -> bool:
    """Does the text hold table rows and cells of these vocabularies (and no HTML rows)?"""
    return "<tr" not in text and ((bool(_ROWS.search(text)) and bool(_CELLS.search(text)))
                                  or bool(_NAMED_CELL.search(text)))


def _named_rows(body: str) -> str:
    """One InDesign table's cells as HTML rows, each cell in the row and column its name
    gives (the order they are written in says nothing)."""
    cells: dict[tuple[int, int], str] = {}
    for m in _NAMED_CELL.finditer(body):
        end = m.end() if m.group(3) else (_CELL_END.search(body, m.end()) or m).start()
        spans = "".join(f' {"rowspan" if k == "RowSpan" else "colspan"}="{v}"'
                        for k, v in _NAMED_SPAN.findall(m.group(0)) if v != "1")
        inner = "" if m.group(3) else body[m.end():end]
        cells[(int(m.group(2)), int(m.group(1)))] = f"<td{spans}>{inner}</td>"
    rows: dict[int, list[str]] = {}
    for (row, _col), cell in sorted(cells.items()):
        rows.setdefault(row, []).append(cell)
    return "".join(f"<tr>{''.join(r)}</tr>" for _row, r in sorted(rows.items()))


def _named_as_html(text: str) -> str:
    text = _PROPERTIES.sub("", text)
    text = _NAMED_TABLE.sub(lambda m: f"<table>{_named_rows(m.group(1))}</table>", text)
    return _PARAGRAPH.sub(lambda m: "<p></p>" if m.group(2) else f"<{m.group(1)}p>", text)


def as_html(text: str) -> str:
    """The text with these elements renamed (attributes dropped but spans), covered cells
    dropped."""
    def rename(m: re.Match) -> str:
        name = _RENAME[m.group(2)]
        spans = "".join(f' {"colspan" if k == "columns" else "rowspan"}="{v}"'
                        for k, v in _SPAN.findall(m.group(3) or "")) if name == "td" and not m.group(1) else ""
        if m.group(4):  # an empty element: <table:table-cell/>
            return f"<{name}{spans}></{name}>"
        return f"<{m.group(1)}{name}{spans}>"
    if "covered-table-cell" in text:
        text = _COVERED.sub("", text)
    if _NAMED_CELL.search(text):
        text = _named_as_html(text)
    return _TAG.sub(rename, text)
