"""Spreadsheets of a report's tables -> an HTML page of those tables, read as HTML.

Researchers save scraped tables as Excel (tabula/camelot/pandas `to_excel`, Excel's "save as",
WPS) or OpenDocument. Both are ZIP packages of XML, read here with the standard library only
(zipfile + xml.etree): Office Open XML (.xlsx: xl/workbook.xml, its sheets, shared strings)
and OpenDocument spreadsheets (.ods: content.xml).

Every sheet is read in order: its name becomes a heading, its cells a table (two or more empty
rows not crossed by a merge end one table and a later cell starts another; one empty row, as
pandas writes under a two-row header, is left out), merged cells
become rowspan/colspan - the table builder sees the same grid as an HTML table of the same
cells. Numbers are written as printed: an integer stored as 6.0 or "6" is 6. A pandas row
index (a first column empty beside the header, then 0, 1, 2 …: to_excel's default) is left out.

Limits (extractor.limits and below): a part over _MAX_PART or a package over _MAX_UNPACKED
uncompressed is refused as a possible ZIP bomb; a sheet whose used range (rows x columns)
is over limits.MAX_GRID_CELLS is refused before any grid is built.
"""
from __future__ import annotations

import dataclasses
import html as _html
import io
import re
import zipfile
import xml.etree.ElementTree as ET

from .. import limits
from ..model import Document, LoadError, Source

_MAX_PART = 32 << 20
_MAX_UNPACKED = 64 << 20

_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_S_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_R = ("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
      "{http://purl.oclc.org/ooxml/officeDocument/relationships}id")
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TX = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OF = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


class _Package:
    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        self.left = _MAX_UNPACKED
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = {i.filename.lstrip("/"): i for i in self.zip.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError) as e:
            raise LoadError(f"corrupt or truncated {kind} (not a readable ZIP package: {e})") from e
        self._lower = {n.lower(): n for n in self.names}

    def find(self, name: str) -> str | None:
        name = name.lstrip("/")
        return name if name in self.names else self._lower.get(name.lower())

    def xml(self, name: str):
        real = self.find(name)
        if real is None:
            return None
        info = self.names[real]
        if info.file_size > _MAX_PART:
            raise LoadError(f"{self.kind} part {real} is too large ({info.file_size >> 20} MiB uncompressed, at "
                            f"most {_MAX_PART >> 20} MiB); refused as a possible ZIP bomb")
        self.left -= info.file_size
        if self.left < 0:
            raise LoadError(f"the {self.kind} unpacks to more than {_MAX_UNPACKED >> 20} MiB (at {real}); "
                            f"refused as a possible ZIP bomb")
        if info.flag_bits & 0x1:
            raise LoadError(f"the {self.kind} package is encrypted (ZIP password); remove the password and save it again")
        try:
            data = self.zip.read(info)
        except Exception as e:  # BadZipFile (CRC), zlib.error, EOFError, NotImplementedError (method)
            raise LoadError(f"corrupt or truncated {self.kind}: cannot read {real} ({e})") from e
        if _DTD.search(data[:4096]):
            raise LoadError(f"{self.kind} part {real} declares a DTD or entities; refused")
        try:
            return ET.fromstring(data)
        except ET.ParseError as e:
            raise LoadError(f"corrupt {self.kind}: {real} is not well-formed XML ({e})") from e


class _Sheet:
    """One sheet's non-empty cells by (row, column), 0-based, and its merged ranges."""

    def __init__(self, name: str, kind: str) -> None:
        self.name, self.kind = name, kind
        self.cells: dict[tuple[int, int], str] = {}
        self.merges: list[tuple[int, int, int, int]] = []  # top, left, bottom, right (inclusive)

    def put(self, r: int, c: int, text: str) -> None:
        text = text.strip()
        if text:
            self.cells[(r, c)] = text
            if len(self.cells) > limits.MAX_GRID_CELLS:
                raise LoadError(f"{self.kind} sheet {self.name!r} holds more than {limits.MAX_GRID_CELLS:,} cells "
                                f"(XXGK_MAX_GRID_CELLS): not a report's tables")

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        if bottom - top + 1 > limits.MAX_SPAN or right - left + 1 > limits.MAX_SPAN:
            raise LoadError(f"{self.kind} sheet {self.name!r} merges more than {limits.MAX_SPAN} rows or columns "
                            f"into one cell (XXGK_MAX_SPAN)")
        if bottom > top or right > left:
            self.merges.append((top, left, bottom, right))

    def tables(self, budget: list[int]) -> list[str]:
        """The sheet's tables as HTML, split at two or more empty rows no merge crosses."""
        keys = list(self.cells) + [(m[0], m[1]) for m in self.merges] + [(m[2], m[3]) for m in self.merges]
        if not keys:
            return []
        top = min(k[0] for k in keys)
        bottom = max(k[0] for k in keys)
        left = min(k[1] for k in keys)
        right = max(k[1] for k in keys)
        used = (bottom - top + 1) * (right - left + 1)
        budget[0] += used
        if budget[0] > limits.MAX_GRID_CELLS:
            raise LoadError(f"{self.kind} sheets span more than {limits.MAX_GRID_CELLS:,} cells (sheet "
                            f"{self.name!r}: {bottom - top + 1:,} rows x {right - left + 1:,} columns; "
                            f"XXGK_MAX_GRID_CELLS): not a report's tables")
        starts = {(m[0], m[1]): m for m in self.merges}
        covered = {(r, c) for m in self.merges for r in range(m[0], m[2] + 1) for c in range(m[1], m[3] + 1)}
        crossed = {r for m in self.merges for r in range(m[0], m[2] + 1)}
        filled = {k[0] for k in self.cells} | crossed
        groups: list[list[int]] = [[]]
        for r in range(top, bottom + 1):
            if r in filled:
                groups[-1].append(r)
            elif groups[-1] and r + 1 not in filled:  # two empty rows end a table; one is left out
                groups.append([])
        out = []
        for rs in groups:
            if not rs:
                continue
            first = left + 1 if self._row_index(rs, left, covered) else left
            rows = []
            for r in rs:
                tds = []
                for c in range(first, right + 1):
                    m = starts.get((r, c))
                    if m is None and (r, c) in covered:
                        continue
                    span = ""
                    if m is not None:
                        if m[2] > m[0]:
                            span += f' rowspan="{m[2] - m[0] + 1}"'
                        if m[3] > m[1]:
                            span += f' colspan="{m[3] - m[1] + 1}"'
                    tds.append(f"<td{span}>{_html.escape(self.cells.get((r, c), ''))}</td>")
                rows.append("<tr>" + "".join(tds) + "</tr>")
            out.append("<table>\n" + "\n".join(rows) + "\n</table>")
        return out

    def _row_index(self, rows: list[int], col: int, covered: set) -> bool:
        """Is column `col` a DataFrame's row index as pandas' to_excel writes it (the default,
        index=True): empty beside the header rows, then 0, 1, 2 … down to the table's last row,
        no merged cell? It numbers rows, it is no column of the report's table."""
        values = [self.cells.get((r, col), "") for r in rows]
        head = next((k for k, v in enumerate(values) if v), len(values))
        body = values[head:]
        return (head >= 1 and bool(body) and body == [str(k) for k in range(len(body))]
                and not any((r, col) in covered for r in rows))


def number(raw: str) -> str:
    """A stored number as printed: 6.0, "6", "6.000" and 6E0 are 6; 0.1 stays 0.1."""
    raw = raw.strip()
    try:
        value = float(raw)
    except ValueError:
        return raw
    if value != value or value in (float("inf"), float("-inf")):
        return raw
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _col(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _ref(ref: str) -> tuple[int, int] | None:
    m = _REF.match(ref.strip())
    return (int(m.group(2)) - 1, _col(m.group(1))) if m else None


def _text(el, ns: str) -> str:
    """The text of a shared or inline string: its t runs, phonetic guides (rPh) left out."""
    if el is None:
        return ""
    parts = []
    for child in el:
        if child.tag == ns + "t":
            parts.append(child.text or "")
        elif child.tag == ns + "r":
            parts.extend(t.text or "" for t in child.iter(ns + "t"))
    return "".join(parts)


def _xlsx_sheets(pkg: _Package) -> list[_Sheet]:
    wb = pkg.xml("xl/workbook.xml")
    if wb is None:
        raise LoadError("corrupt xlsx: no xl/workbook.xml")
    ns = _S_STRICT if wb.tag.startswith(_S_STRICT) else _S
    rels = pkg.xml("xl/_rels/workbook.xml.rels")
    targets = {}
    if rels is not None:
        for rel in rels.iter(_PR + "Relationship"):
            t = rel.get("Target", "")
            targets[rel.get("Id")] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    shared: list[str] = []
    sst = pkg.xml("xl/sharedStrings.xml")
    if sst is not None:
        shared = [_text(si, ns) for si in sst.iter(ns + "si")]
    sheets = []
    for k, sh in enumerate(wb.iter(ns + "sheet")):
        rid = next((sh.get(a) for a in _R if sh.get(a)), None)
        part = targets.get(rid) or f"xl/worksheets/sheet{k + 1}.xml"
        sheet = _Sheet(sh.get("name") or f"Sheet{k + 1}", "xlsx")
        root = pkg.xml(part)
        if root is None:
            continue
        _read_xlsx_sheet(root, ns, shared, sheet)
        sheets.append(sheet)
    return sheets


def _read_xlsx_sheet(root, ns: str, shared: list[str], sheet: _Sheet) -> None:
    r = -1
    for row in root.iter(ns + "row"):
        rr = row.get("r")
        r = int(rr) - 1 if rr and rr.isdigit() else r + 1
        c = -1
        for cell in row.iter(ns + "c"):
            pos = _ref(cell.get("r") or "")
            if pos is not None:
                r_, c = pos
            else:
                c += 1
            t = cell.get("t", "n")
            v = cell.find(ns + "v")
            raw = v.text or "" if v is not None else ""
            if t == "s":
                try:
                    text = shared[int(raw)]
                except (ValueError, IndexError):
                    text = ""
            elif t == "inlineStr":
                text = _text(cell.find(ns + "is"), ns)
            elif t in ("str", "e"):
                text = raw
            elif t == "b":
                text = "TRUE" if raw.strip() == "1" else "FALSE" if raw.strip() == "0" else raw
            else:
                text = number(raw)
            sheet.put(r, c, text)
    for mc in root.iter(ns + "mergeCell"):
        a, _, b = (mc.get("ref") or "").partition(":")
        p, q = _ref(a), _ref(b or a)
        if p and q:
            sheet.merge(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))


def _ods_text(cell) -> str:
    lines = []
    for p in cell.iter(_TX + "p"):
        parts = []
        for node in p.iter():
            if node.tag == _TX + "s":
                parts.append(" " * int(node.get(_TX + "c", "1") or 1))
            elif node.tag in (_TX + "tab", _TX + "line-break"):
                parts.append(" ")
            if node is not p and node.tail:
                parts.append(node.tail)
            if node.text and node.tag != _TX + "s":
                parts.append(node.text)
        lines.append("".join(parts))
    return "\n".join(lines)


def _ods_sheets(pkg: _Package) -> list[_Sheet]:
    root = pkg.xml("content.xml")
    if root is None:
        raise LoadError("corrupt ods: no content.xml")
    sheets = []
    cap = limits.MAX_GRID_CELLS
    for k, tab in enumerate(root.iter(_T + "table")):
        sheet = _Sheet(tab.get(_T + "name") or f"Sheet{k + 1}", "ods")
        r = 0
        for row in tab.iter(_T + "table-row"):
            reps = int(row.get(_T + "number-rows-repeated", "1") or 1)
            cells = [x for x in row if x.tag in (_T + "table-cell", _T + "covered-table-cell")]
            content = [(x, _cell_value(x)) for x in cells]
            if not any(v or x.get(_T + "number-rows-spanned") or x.get(_T + "number-columns-spanned")
                       for x, v in content):
                r += reps  # empty rows (a sheet's tail is one row repeated a million times)
                continue
            if reps * max(1, len(cells)) > cap:
                raise LoadError(f"ods sheet {sheet.name!r} repeats a row {reps:,} times: more than "
                                f"{cap:,} cells (XXGK_MAX_GRID_CELLS)")
            for _ in range(reps):
                c = 0
                for x, v in content:
                    creps = int(x.get(_T + "number-columns-repeated", "1") or 1)
                    if x.tag == _T + "table-cell" and (v or x.get(_T + "number-rows-spanned")
                                                       or x.get(_T + "number-columns-spanned")):
                        if creps > cap:
                            raise LoadError(f"ods sheet {sheet.name!r} repeats a cell {creps:,} times "
                                            f"(XXGK_MAX_GRID_CELLS)")
                        for j in range(creps):
                            sheet.put(r, c + j, v)
                            rs = int(x.get(_T + "number-rows-spanned", "1") or 1)
                            cs = int(x.get(_T + "number-columns-spanned", "1") or 1)
                            sheet.merge(r, c + j, r + rs - 1, c + j + cs - 1)
                    c += creps
                r += 1
        sheets.append(sheet)
    return sheets


def _cell_value(cell) -> str:
    kind = cell.get(_OF + "value-type")
    if kind == "float" and cell.get(_OF + "value") is not None:  # percentages and currencies: as printed
        return number(cell.get(_OF + "value"))
    return _ods_text(cell).strip()


def as_html(data: bytes, kind: str) -> str:
    """The spreadsheet's sheets, in order, as one HTML page (a heading per sheet name)."""
    pkg = _Package(data, kind)
    sheets = _xlsx_sheets(pkg) if kind == "xlsx" else _ods_sheets(pkg)
    budget = [0]
    body = []
    for sheet in sheets:
        tables = sheet.tables(budget)
        if not tables:
            continue
        body.append(f"<h2>{_html.escape(sheet.name)}</h2>")
        body.extend(tables)
    if not body:
        raise LoadError(f"the {kind} holds no cells")
    return "<html><body>\n" + "\n".join(body) + "\n</body></html>\n"


def parse(data: bytes, source: Source) -> Document:
    from . import html

    return html.parse(as_html(data, source.format), dataclasses.replace(source, encoding=None))
