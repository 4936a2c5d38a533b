"""Tables saved as JSON data -> HTML tables.

Scripts save the tables a PDF or page reader hands them as JSON: pandas' `to_json` /
`to_dict` ("records": a list of row objects; "values": a list of rows; "split": columns and
data), a PDF table reader's tables as lists of rows, one list per table. Read as text, a whole
table is one line of quoted cells. Here every list of rows becomes a <table> (a row object's
values in their order, its keys a header row unless they only number the columns), every
other string a paragraph, in document order, so the HTML reader reads cells as cells. Word
boxes with coordinates are records.py's, not this.

A document partitioned into elements (a list of objects each with a "type" and a "text": the
element lists document-partitioning libraries save for LLM pipelines) is a document too: each
element's text a paragraph in order, except a table element that carries its table as HTML
(metadata "text_as_html"): that HTML, so its cells stay cells. The rest of an element's
metadata (coordinates, ids, file names, languages) is never text.

pandoc's syntax tree (`pandoc -t json`: {"pandoc-api-version": .., "blocks": [..]}) is a
document, not data: only its text (Str nodes, code and math text) is read, its paragraphs and
headings as paragraphs and its Table cells as cells with their row and column spans; spans,
alignments, column widths, attributes and link targets are structure, never text.

A document model kept as a tree of references (Docling's `export_to_dict`: {"body": {"children":
[{"$ref": "#/texts/0"}, {"$ref": "#/tables/0"}, ..]}, "texts": [..], "tables": [..], "groups": [..]})
is a document too: the body's references are followed in order, a text item's "text" a
paragraph, a table item's cells placed by their start row/column and spans (its "grid" repeats a
spanning cell in every position it covers, so it is not read), a group's children in turn;
page furniture (running headers and footers) and the items' positions, labels and spans are
never text.
"""
from __future__ import annotations

import functools
import json
import math
import re
from html import escape

from ..model import LoadError
from .aligned import display_width
from .cells import cell_numbers

# a JSON document that opens with a list of row objects or of rows of scalars, or pandas'
# "split" layout
_SNIFF = re.compile(r'^\s*(?:\[\s*)+(?:\{\s*"(?:[^"\\]|\\.){0,200}"\s*:\s*(?:"|-?\d|null|true|false)|"|-?\d)'
                    r'|^\s*\{\s*"(?:columns|index)"\s*:\s*\[', re.S)
_DEPTH = 64


_PANDOC = re.compile(r'^\s*\{\s*"(?:pandoc-api-version|meta|blocks)"\s*:')


_NOT_JSON = object()

# a document model of referenced items: {"schema_name": .., "body": {.., "children": [{"$ref": ..
_REFTREE = re.compile(r'^\s*\{\s*"(?:schema_name|version|name|origin|furniture|body)"\s*:')
_REF = re.compile(r"#/([a-z_]+)/(\d+)")


@functools.lru_cache(maxsize=1)  # the format sniff and the reader parse the same text: once
def _parsed(text: str):
    """The text's JSON value, or _NOT_JSON (null is a value). Callers only read it."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _pandoc_tree(text: str):
    """The parsed pandoc syntax tree, or None where the text is not one."""
    if not _PANDOC.match(text[:200]):
        return None
    data = _parsed(text)
    if isinstance(data, dict) and isinstance(data.get("pandoc-api-version"), list) \
            and isinstance(data.get("blocks"), list):
        return data
    return None


def _ref_tree(text: str):
    """The parsed document model of referenced items (a body tree of {"$ref": "#/texts/N"}), or
    None where the text is not one."""
    if not _REFTREE.match(text[:200]):
        return None
    data = _parsed(text)
    if isinstance(data, dict) and isinstance(data.get("body"), dict) \
            and isinstance(data["body"].get("children"), list) and isinstance(data.get("texts"), list):
        return data
    return None


# a JSON list of objects, with string "type" and "text" keys near its start
_ELEMENTS = re.compile(r'^\s*\[\s*\{')
_ELEMENT_KEYS = (re.compile(r'"type"\s*:\s*"'), re.compile(r'"text"\s*:\s*"'))
_MIN_ELEMENTS = 3


def _elements(text: str):
    """The document's elements (objects with a string "type" and a string "text"), or None
    where the JSON is not such a list (nearly every item an element, at least three)."""
    head = text[:4096]
    if not _ELEMENTS.match(head) or not all(k.search(head) for k in _ELEMENT_KEYS):
        return None
    data = _parsed(text)
    if not isinstance(data, list) or len(data) < _MIN_ELEMENTS:
        return None
    els = [e for e in data if isinstance(e, dict) and isinstance(e.get("type"), str) and isinstance(e.get("text"), str)]
    return els if len(els) * 10 >= len(data) * 9 else None


_TABLE_HTML = re.compile(r"^\s*<table[\s>].*</table>\s*$", re.S | re.I)


def _box(e: dict):
    """(page, top, left, width, height) of an element whose metadata carries its corner
    points (metadata.coordinates.points) and its page, else None."""
    meta = e.get("metadata")
    coords = meta.get("coordinates") if isinstance(meta, dict) else None
    pts = coords.get("points") if isinstance(coords, dict) else None
    page = meta.get("page_number", 1)
    if not isinstance(pts, list) or len(pts) < 2 or not isinstance(page, int) or isinstance(page, bool):
        return None
    try:
        xs = [float(p[0]) for p in pts]
        ys = [float(p[1]) for p in pts]
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    x0, y0, w, h = min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
    if not all(math.isfinite(v) and abs(v) < 1e6 for v in (x0, y0, w, h)) or h <= 0 or w < 0:
        return None
    return page, y0, x0, w, h


def _spread(text: str, top: float, left: float, w: float, h: float) -> list:
    """The runs of a one-line box: a text of words set apart by spaces (the cells of a table
    row merged into one box, each gap printed as one space, however wide) is a run per word,
    each at its offset in the text scaled to the box's width - its characters' share of the
    box, since where the gaps really were is lost; else the box as one run."""
    words = text.split(" ")
    total = display_width(text)
    if len(words) < 2 or not total:
        return [(text, top, left, h, w, h)]
    runs, at = [], 0
    for x in words:
        runs.append((x, top, left + w * at / total, h, w * display_width(x) / total, h))
        at += display_width(x) + 1
    return runs


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?%?")


def _stacked(text: str, top: float, left: float, w: float, h: float, line: float) -> list | None:
    """The runs of a box that is a column of numbers: a table's cells of one column in k rows
    taken as one box (its text the k numbers joined by spaces, its box k rows tall and only as
    wide as its widest number) - number i stands on the i-th of k equal shares of the box's
    height, centred in its width, as the rows' labels beside it stand. None unless the text is
    k >= 2 numbers only, the box at least 0.8 of a line tall for each and narrower than its
    widest number printed a line high and a character more (a row's numbers in one tall box
    are spread across it, far wider)."""
    words = text.split(" ")
    k = len(words)
    if k < 2 or not all(_NUMBER.fullmatch(x) for x in words) or h < 0.8 * k * line:
        return None
    widest = max(len(x) for x in words)
    if w > (widest + 1) * line:
        return None
    share = h / k
    return [(x, top + i * share + max(share - line, 0) / 2, left + w * (1 - len(x) / widest) / 2, min(line, share),
             w * len(x) / widest, min(line, share)) for i, x in enumerate(words)]


def _placed_html(els: list[dict]) -> str | None:
    """Elements placed on their pages by their boxes (a PDF partitioned into text boxes: a
    table's cells are boxes of their own, one after the other in no row order) as positioned
    HTML, so that rows are rebuilt from where the boxes stand; None unless nearly every
    element with text has a box. A box several lines tall whose text lost its line breaks
    (joined by spaces) stands as one line on its middle, in the page's common line height: a
    row label wrapped in its cell is centred on its row as the row's values are - except a
    column of numbers (`_stacked`): one number a line, each on its share of the box."""
    from . import placed

    boxed = [(e["text"], _box(e)) for e in els if e["text"].strip()]
    good = [(t, b) for t, b in boxed if b is not None]
    if len(good) < _MIN_ELEMENTS or len(good) * 10 < len(boxed) * 9:
        return None
    line = sorted(b[4] for _, b in good)[len(good) // 2]  # the common height of a box
    pages: dict[int, list] = {}
    for t, (page, top, left, w, h) in good:
        text = " ".join(t.split())
        if h > 1.6 * line and (stack := _stacked(text, top, left, w, h, line)):
            pages.setdefault(page, []).extend(stack)
            continue
        if "\n" not in t.strip() and h > 1.6 * line:
            top, h = top + (h - line) / 2, line
        pages.setdefault(page, []).extend(_spread(text, top, left, w, h))
    runs = [pages[k] for k in sorted(pages)]
    if placed.rises(runs):
        runs = [placed._upright(p, None) for p in runs]
    return placed.page_html((True, p) for p in runs)


def elements_html(els: list[dict]) -> str:
    """The elements as one HTML page: placed by their boxes where they have them
    (`_placed_html`); else a table element's own table HTML, every other element's text a
    paragraph (its line breaks kept)."""
    if (page := _placed_html(els)) is not None:
        return page
    out = ["<html><body>"]
    for e in els:
        meta = e.get("metadata")
        table = meta.get("text_as_html") if isinstance(meta, dict) else None
        if isinstance(table, str) and _TABLE_HTML.match(table):
            out.append(table)
        elif e["text"].strip():
            out.append("<p>" + escape(e["text"]).replace("\n", "<br>") + "</p>")
    out.append("</body></html>")
    return "\n".join(out)


def tables(text: str) -> bool:
    """Is the text JSON holding at least one table of two or more columns (or a pandoc syntax
    tree, a document model of referenced items or a list of document elements, read as HTML too)?"""
    if text.lstrip()[:1] == "{" and (_pandoc_tree(text) is not None or _ref_tree(text) is not None):
        return True
    if text.lstrip()[:1] == "[" and _elements(text) is not None:
        return True
    if not _SNIFF.match(text[:4096]):
        return False
    data = _parsed(text)
    return data is not _NOT_JSON and _has_table(data, 0)


def _has_table(v, depth: int) -> bool:
    if depth > _DEPTH:
        return False
    rows = _rows(v)
    if rows is not None:
        return max(len(r) for r in rows) >= 2
    if isinstance(v, (list, dict)):
        return any(_has_table(x, depth + 1) for x in (v if isinstance(v, list) else v.values()))
    return False


def _scalar(v) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _cell_object(c) -> bool:
    """A table cell saved as an object: its "text" and only numbers beside it (where the cell
    stands: a PDF table reader's {"top", "left", "width", "height", "text"})."""
    return isinstance(c, dict) and isinstance(c.get("text"), str) and all(
        k == "text" or (isinstance(x, (int, float)) and not isinstance(x, bool)) for k, x in c.items())


def _cell_row(r) -> bool:
    """A table row of cell objects: the cells that hold text stand at one height (their "top"s
    within half the lowest cell's "height", a unit at least) - a page's words saved as objects
    stand on many lines."""
    if not isinstance(r, list) or not r or not all(_cell_object(c) for c in r):
        return False
    cells = [c for c in r if c["text"].strip() and "top" in c]
    if not cells:
        return True
    tops = [c["top"] for c in cells]
    slack = max(1.0, 0.5 * min(c.get("height", 0) for c in cells))
    return max(tops) - min(tops) <= slack


def cell_tables(text: str) -> bool:
    """Does the JSON hold a table whose rows are lists of cell objects (a PDF table reader's
    tables: rows and cells already found, each cell's text with its box)? Such a table is read
    by its rows, not as loose words placed by their boxes (records.py)."""
    if text.lstrip()[:1] not in ("[", "{") or '"text"' not in text[:65536]:
        return False
    data = _parsed(text)
    if data is _NOT_JSON:
        return False
    stack = [(data, 0)]
    while stack:
        v, depth = stack.pop()
        if depth > _DEPTH or not isinstance(v, (list, dict)):
            continue
        if isinstance(v, list) and len(v) >= 2 and all(_cell_row(r) for r in v):
            return True
        stack.extend((x, depth + 1) for x in (v if isinstance(v, list) else v.values()))
    return False


def _rows(v) -> list[list[str]] | None:
    """The rows of a table value (records, lists of scalars, pandas' split), else None."""
    if isinstance(v, dict) and isinstance(v.get("columns"), list) and isinstance(v.get("data"), list):
        body = _rows(v["data"])
        if body is None:
            return None
        return [[_cell(c) for c in v["columns"]]] + body
    if not isinstance(v, list) or not v:
        return None
    if all(_cell_row(r) for r in v):
        return [[_cell(c["text"]) for c in r] for r in v]
    if all(isinstance(r, dict) and r and all(_scalar(c) for c in r.values()) for r in v):
        keys = list(v[0])
        head = [] if all(re.fullmatch(r"\d+", str(k)) for k in keys) or keys == ["index"] else [[str(k) for k in keys]]
        return head + [[_cell(c) for c in r.values()] for r in v]
    if all(isinstance(r, list) and all(_scalar(c) for c in r) for r in v) and any(v):
        return [[_cell(c) for c in r] for r in v]
    return None


def _html(v, out: list[str], depth: int = 0) -> None:
    if depth > _DEPTH:
        raise LoadError("JSON nested too deeply to read")
    rows = _rows(v)
    if rows is not None:
        width = max(len(r) for r in rows)
        if width <= 1:  # a one-column table is lines of text
            out.extend(f"<p>{escape(r[0])}</p>" for r in rows if r and r[0].strip())
            return
        out.append("<table>")
        for r in rows:
            out.append("<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in r) + "</tr>")
        out.append("</table>")
    elif isinstance(v, list):
        for x in v:
            _html(x, out, depth + 1)
    elif isinstance(v, dict):
        for x in v.values():
            _html(x, out, depth + 1)
    elif isinstance(v, str) and v.strip():
        out.append(f"<p>{escape(v)}</p>")


def _cell_html(c: str) -> str:
    """A cell's text as HTML: a string of numbers one a line ("53\n0": two cells a table reader
    merged, or one number wrapped) keeps its lines as <br> (cells.cell_numbers), every other
    line break is whitespace as before."""
    lines = cell_numbers(c)
    return "<br>".join(lines) if lines else escape(c)


def html_of(text: str) -> str | None:
    """The JSON's tables as HTML tables, its other strings as paragraphs, where it holds a table
    (`tables`); else None. (One parse of the JSON for both.) A pandoc syntax tree: its HTML."""
    if text.lstrip()[:1] == "{" and (tree := _pandoc_tree(text)) is not None:
        return pandoc_html(tree)
    if text.lstrip()[:1] == "{" and (tree := _ref_tree(text)) is not None:
        return ref_tree_html(tree)
    if text.lstrip()[:1] == "[" and (els := _elements(text)) is not None:
        return elements_html(els)
    if not _SNIFF.match(text[:4096]):
        return None
    data = _parsed(text)
    if data is _NOT_JSON or not _has_table(data, 0):
        return None
    out = ["<html><body>"]
    _html(data, out)
    out.append("</body></html>")
    return "\n".join(out)


# pandoc's inline nodes whose content is text ("Str": a string; "Code", "Math": [.., text]);
# the content of the others is inlines, blocks or structure
_BREAKS = {"Space": " ", "SoftBreak": " ", "LineBreak": "\n"}


def _inlines(v, out: list[str], depth: int = 0) -> None:
    """The text of a list of pandoc inlines (and of inlines nested in them), in order."""
    if depth > _DEPTH or not isinstance(v, list):
        return
    for n in v:
        if not isinstance(n, dict):
            continue
        t, c = n.get("t"), n.get("c")
        if t == "Str" and isinstance(c, str):
            out.append(c)
        elif t in _BREAKS:
            out.append(_BREAKS[t])
        elif t in ("Code", "Math") and isinstance(c, list) and c and isinstance(c[-1], str):
            out.append(c[-1])
        elif t in ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            _inlines(c, out, depth + 1)
        elif t in ("Quoted", "Cite", "Span", "Link", "Image") and isinstance(c, list) and len(c) >= 2:
            _inlines(c[1], out, depth + 1)  # (type / citations / attributes first; targets after)
        # RawInline (another format's markup), Note (a footnote's blocks): not read inline


def _text(inl) -> str:
    out: list[str] = []
    _inlines(inl, out)
    return "".join(out)


def _para(text: str) -> str:
    return "<br>".join(escape(x) for x in text.split("\n"))


def _cell_text(blocks, depth: int) -> str:
    """A cell's blocks as one cell's HTML: paragraphs on lines of their own."""
    out: list[str] = []
    _blocks(blocks, out, depth + 1)
    return "<br>".join(out)


def _blocks(v, out: list[str], depth: int = 0) -> None:
    """Pandoc blocks as HTML (paragraphs and tables), in document order."""
    if depth > _DEPTH:
        raise LoadError("JSON nested too deeply to read")
    if not isinstance(v, list):
        return
    for n in v:
        if not isinstance(n, dict):
            continue
        t, c = n.get("t"), n.get("c")
        if t in ("Plain", "Para"):
            out.append(_para(_text(c)))
        elif t == "Header" and isinstance(c, list) and len(c) == 3:
            out.append(_para(_text(c[2])))
        elif t == "LineBlock" and isinstance(c, list):
            out.extend(_para(_text(x)) for x in c)
        elif t == "CodeBlock" and isinstance(c, list) and c and isinstance(c[-1], str):
            out.extend(escape(x) for x in c[-1].split("\n"))
        elif t == "BlockQuote":
            _blocks(c, out, depth + 1)
        elif t in ("Div", "Figure") and isinstance(c, list) and c:
            _blocks(c[-1], out, depth + 1)
        elif t == "BulletList" and isinstance(c, list):
            for item in c:
                _blocks(item, out, depth + 1)
        elif t == "OrderedList" and isinstance(c, list) and len(c) == 2:
            for item in c[1]:
                _blocks(item, out, depth + 1)
        elif t == "DefinitionList" and isinstance(c, list):
            for item in c:
                if isinstance(item, list) and len(item) == 2:
                    out.append(_para(_text(item[0])))
                    for d in item[1]:
                        _blocks(d, out, depth + 1)
        elif t == "Table" and isinstance(c, list):
            _table(c, out, depth + 1)


def _table(c: list, out: list[str], depth: int) -> None:
    """A pandoc Table: caption as a paragraph, then head, bodies (their head rows, then their
    rows) and foot as rows of cells with their spans. (pandoc before 1.21: caption, alignments,
    widths, a header row and rows of cells, each cell a list of blocks.)"""
    rows: list[list[tuple[str, int, int]]] = []
    caption: list[str] = []

    def new_row(r) -> None:  # [attr, [cell]]; cell = [attr, alignment, rowspan, colspan, [block]]
        if not (isinstance(r, list) and len(r) == 2 and isinstance(r[1], list)):
            return
        cells = []
        for x in r[1]:
            if isinstance(x, list) and len(x) == 5:
                rs = x[2] if isinstance(x[2], int) and 1 <= x[2] <= 1000 else 1
                cs = x[3] if isinstance(x[3], int) and 1 <= x[3] <= 1000 else 1
                cells.append((_cell_text(x[4], depth), rs, cs))
        rows.append(cells)

    if len(c) == 6:  # attr, caption, colspecs, head, bodies, foot
        cap = c[1]
        if isinstance(cap, list) and len(cap) == 2:
            _blocks(cap[1], caption, depth + 1)
        head, bodies, foot = c[3], c[4], c[5]
        if isinstance(head, list) and len(head) == 2 and isinstance(head[1], list):
            for r in head[1]:
                new_row(r)
        for b in bodies if isinstance(bodies, list) else []:
            if isinstance(b, list) and len(b) == 4:
                for part in (b[2], b[3]):
                    for r in part if isinstance(part, list) else []:
                        new_row(r)
        if isinstance(foot, list) and len(foot) == 2 and isinstance(foot[1], list):
            for r in foot[1]:
                new_row(r)
    elif len(c) == 5:  # caption inlines, alignments, widths, header cells, rows
        caption.append(_para(_text(c[0])))
        for r in [c[3]] + (c[4] if isinstance(c[4], list) else []):
            if isinstance(r, list):
                rows.append([(_cell_text(x, depth), 1, 1) for x in r if isinstance(x, list)])
    out.extend(x for x in caption if x.strip())
    rows = [r for r in rows if r]
    if not rows:
        return
    html = ["<table>"]
    for r in rows:
        html.append("<tr>" + "".join(
            "<td" + (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "") + f">{t}</td>"
            for t, rs, cs in r) + "</tr>")
    html.append("</table>")
    out.append("\n".join(html))


def pandoc_html(tree: dict) -> str:
    """A pandoc syntax tree as HTML: its title, paragraphs and tables in document order."""
    out: list[str] = []
    meta = tree.get("meta")
    title = meta.get("title") if isinstance(meta, dict) else None
    head = ""
    if isinstance(title, dict) and title.get("t") == "MetaInlines":  # the page's <title>
        head = f"<head><title>{escape(_text(title.get('c')))}</title></head>"
    _blocks(tree["blocks"], out)
    return f"<html>{head}<body>\n" + "\n".join(
        x if x.startswith("<table>") else f"<p>{x}</p>" for x in out if x.strip()) + "\n</body></html>"


def _item(tree: dict, ref) -> dict | None:
    """The item a {"$ref": "#/kind/N"} names, or None."""
    m = _REF.fullmatch(ref.get("$ref", "")) if isinstance(ref, dict) and isinstance(ref.get("$ref"), str) else None
    if not m:
        return None
    items = tree.get(m.group(1))
    k = int(m.group(2))
    if isinstance(items, list) and k < len(items) and isinstance(items[k], dict):
        return items[k]
    return None


def _span(c: dict, start: str, end: str, span: str) -> int:
    a, b, n = c.get(start), c.get(end), c.get(span)
    if isinstance(a, int) and isinstance(b, int) and 1 <= b - a <= 1000:
        return b - a
    return n if isinstance(n, int) and 1 <= n <= 1000 else 1


def _ref_table(tree: dict, item: dict, out: list[str], seen: set, depth: int) -> None:
    """A table item: its cells (each once, with its start row/column and spans) as HTML rows."""
    data = item.get("data")
    cells = data.get("table_cells") if isinstance(data, dict) else None
    for cap in item.get("captions") or []:
        capt = _item(tree, cap)
        if capt is not None and isinstance(capt.get("text"), str) and capt["text"].strip():
            seen.add(id(capt))
            out.append(_para(capt["text"]))
    if not isinstance(cells, list):
        return
    rows: dict[int, list[tuple[int, str, int, int]]] = {}
    for c in cells:
        if not isinstance(c, dict):
            continue
        r, col = c.get("start_row_offset_idx"), c.get("start_col_offset_idx")
        if not (isinstance(r, int) and isinstance(col, int) and 0 <= r <= 100000 and 0 <= col <= 100000):
            continue
        text = _para(c["text"]) if isinstance(c.get("text"), str) else ""
        # a cell holding other items (a rich cell): their text, a paragraph a line
        inner = _item(tree, c.get("ref"))
        if inner is not None and not text.strip():
            parts: list[str] = []
            _ref_node(tree, inner, parts, seen, depth + 1)
            text = "<br>".join(parts)
        rs = _span(c, "start_row_offset_idx", "end_row_offset_idx", "row_span")
        cs = _span(c, "start_col_offset_idx", "end_col_offset_idx", "col_span")
        rows.setdefault(r, []).append((col, text, rs, cs))
    if not rows:
        return
    html = ["<table>"]
    for r in sorted(rows):
        html.append("<tr>" + "".join(
            "<td" + (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            + f">{t}</td>"
            for _, t, rs, cs in sorted(rows[r], key=lambda x: x[0])) + "</tr>")
    html.append("</table>")
    out.append("\n".join(html))


def _ref_node(tree: dict, node: dict, out: list[str], seen: set, depth: int) -> None:
    """One item of the tree and its children, in order: text as paragraphs, tables as tables."""
    if depth > _DEPTH:
        raise LoadError("JSON nested too deeply to read")
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node.get("data"), dict) and "table_cells" in node["data"]:
        _ref_table(tree, node, out, seen, depth)
    elif isinstance(node.get("text"), str):
        if node["text"].strip():
            out.append(_para(node["text"]))
    for ch in node.get("children") or []:
        child = _item(tree, ch)
        if child is not None:
            _ref_node(tree, child, out, seen, depth + 1)


def ref_tree_html(tree: dict) -> str:
    """A document model of referenced items as HTML: the body's texts and tables in order
    (page furniture left out)."""
    out: list[str] = []
    _ref_node(tree, tree["body"], out, set(), 0)
    return "<html><body>\n" + "\n".join(
        x if x.startswith("<table>") else f"<p>{x}</p>" for x in out if x.strip()) + "\n</body></html>"
