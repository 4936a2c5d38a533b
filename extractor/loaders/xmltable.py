"""Tables of XML document vocabularies read as HTML tables: DocBook/CALS (`<row>`,
`<entry>`) and OpenDocument's flat XML (`<table:table-row>`, `<table:table-cell>`).

Without <tr>/<td> the HTML reader sees only unknown elements: a table's cells run into one
line, or (no HTML tag at all) the file is read as plain text, a tag a line. Renamed to their
HTML counterparts, the HTML reader builds the grid. ODF's spans
(`table:number-columns-spanned`, `table:number-rows-spanned`) become colspan/rowspan; the
cells a merged cell covers, `<table:covered-table-cell>` (LibreOffice writes them, pandoc
does not), are dropped: the spans expanded stand for them.
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


def tables(text: str) -> bool:
    """Does the text hold table rows and cells of these vocabularies (and no HTML rows)?"""
    return "<tr" not in text and bool(_ROWS.search(text)) and bool(_CELLS.search(text))


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
    return _TAG.sub(rename, text)
