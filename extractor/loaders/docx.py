"""DOCX (Office Open XML WordprocessingML) -> blocks, read with zipfile + lxml.

The same block contract as the HTML loader, so one pipeline serves both:

* body content in document order: paragraphs, tables, content controls (w:sdt), tracked
  insertions (deletions dropped), text boxes (after the paragraph that anchors them);
* every paragraph a "line" block per printed line (w:br / w:cr split it), with the label of
  Word's automatic numbering put back in front ("一、", "（三）", "1.") since the visible
  text of auto-numbered headings and labels has none;
* every table a grid: one "cell" block per physical cell at its top-left slot, `col` the grid
  column after w:gridBefore, w:gridSpan (and legacy w:hMerge) are applied, w:vMerge
  restart/continue turned into rowspan; a cell's paragraphs and runs join with "" (Word
  splits labels anywhere: 自然 + 人, 本年新 + 制作数量); a table inside a cell follows the
  row that holds it; a one-column table is a layout box, read as its content;
* a paragraph with tabs between its words is a table typed with tabs: a row of cells
  (table None, col = field index), exactly as the text loader reads tab rows;
* headers, footers, footnotes, comments and field codes are not text of the report;
* w:altChunk parts (HTML/DOCX/text embedded by converters) are read in place.

Word's single-file XML formats are read the same way: flat OPC (<pkg:package>) and
Word 2003 XML (<w:wordDocument>; its list labels come from the wx:t hints Word writes).
OLE input (Word 97-2003) and RTF are the legacy loader's (it converts them and comes back
here); an encrypted OOXML package is refused with the reason.

Document.text is one line per line block, a table row as its cells joined by tabs.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

from .. import limits
from ..model import Document, LoadError, Source
from ..templates.text import strip_numbering
from . import docxframes
from .builder import DocumentBuilder
from .cells import clean, strip_cell
from .signatures import ENCRYPTED, OLE_MAGIC, ZIP_MAGIC, office_kind, ole_kind

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_R_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
         "http://purl.oclc.org/ooxml/officeDocument/relationships")
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC = ("/officeDocument",)

# ZIP bombs: a DOCX of a few hundred KB can unpack to gigabytes of XML (and lxml needs ~30 bytes of
# memory per byte of it). Real reports' document.xml is well under 1 MiB. zipfile never inflates a
# member past its declared size (a lie ends in a CRC error), so the declared sizes are the bound.
_MAX_PART = 32 << 20  # uncompressed size of one part we are willing to read
_MAX_UNPACKED = 64 << 20  # all the parts read for one document, embedded (altChunk) packages included
_MIN_CHARGE = 64 << 10  # each read costs at least this much: bounds how often parts can be re-read
_MAX_DEPTH = 60  # nesting of tables / content controls (malicious files nest without end)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                          remove_comments=True, remove_pis=True)
_RECOVER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                           remove_comments=True, remove_pis=True, recover=True)

# the report's own title: "…2023年度政府信息公开工作年度报告", "…政府信息公开年报"
_TITLE = re.compile(r"(?:(?:19|20)\d{2}\s*年|信息公开).{0,30}?(?:报告|年报)(?:\s*[（(][^（()）]{0,10}[）)])?$")


class _Tags:
    """Clark names of the elements we read: WordprocessingML (transitional or strict), or
    Word 2003 XML (WordML: the same vocabulary, a few names lowercase, sections as wx:sect)."""

    def __init__(self, ns: str) -> None:
        w = "{%s}" % ns
        for name in ("body p r t tab ptab br cr noBreakHyphen softHyphen sym delText instrText "
                     "tbl tr tc tcPr trPr gridSpan vMerge hMerge gridBefore gridAfter pPr rPr "
                     "vanish webHidden numPr numId ilvl pStyle sdt sdtContent customXml smartTag "
                     "hyperlink fldSimple ins del moveTo moveFrom txbxContent altChunk drawing pict "
                     "object dir bdo footnoteReference endnoteReference tblGrid hidden").split():
            setattr(self, name, w + name)
        self.del_ = w + "del"
        self.val = w + "val"
        self.char = w + "char"
        self.type = w + "type"
        self.w = ns
        self.wordml = ns == _WML2003
        if self.wordml:
            self.vMerge, self.hMerge, self.hyperlink = w + "vmerge", w + "hmerge", w + "hlink"
            self.listPr = w + "listPr"
        # containers whose content is read as if it stood in their place
        self.wrappers = frozenset((self.customXml, self.smartTag, self.ins, self.moveTo)
                                  + ((_WX + "sect", _WX + "sub-section") if self.wordml else ()))
        self.inline_wrappers = self.wrappers | {self.hyperlink, self.fldSimple, self.dir, self.bdo}
        self.dropped = frozenset((self.del_, self.moveFrom))  # tracked deletions


_WML2003 = "http://schemas.microsoft.com/office/word/2003/wordml"
_WX = "{http://schemas.microsoft.com/office/word/2003/auxHint}"
_AML = "{http://schemas.microsoft.com/aml/2001/core}"
_TAGS = {ns: _Tags(ns) for ns in (_W, _W_STRICT, _WML2003)}
_ALT = "{%s}AlternateContent" % _MC
_CHOICE = "{%s}Choice" % _MC
_FALLBACK = "{%s}Fallback" % _MC
_MATH_T = "{%s}t" % _M
_BULLETS = "\u00b7\u2022\u25cf\u25a0\u25c6\u2605\uf0b7\uf06c\uf0d8\uf0a7\uf076\uf0fc"
_MATH = ("{%s}oMath" % _M, "{%s}oMathPara" % _M)


# =========================================================================================
# package
# =========================================================================================

class TooLarge(LoadError):
    """The package unpacks to more than we read for one document (a ZIP bomb, or parts read
    over and over by embedded documents): the whole document is refused."""


class _Budget:
    """Uncompressed bytes one document may still read (shared with its embedded packages)."""

    def __init__(self, limit: int = _MAX_UNPACKED) -> None:
        self.limit = self.left = limit

    def charge(self, size: int, part: str) -> None:
        self.left -= max(size, _MIN_CHARGE)
        if self.left < 0:
            raise TooLarge(f"the DOCX unpacks to more than {self.limit >> 20} MiB (at {part}); refused as a "
                           f"possible ZIP bomb")


class _Package:
    def __init__(self, data: bytes, budget: _Budget | None = None) -> None:
        self.budget = budget or _Budget()
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = {i.filename.lstrip("/"): i for i in self.zip.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError) as e:
            raise LoadError(f"corrupt or truncated DOCX (not a readable ZIP package: {e})") from e
        self._lower = {n.lower(): n for n in self.names}

    def find(self, name: str) -> str | None:
        name = posixpath.normpath(name.lstrip("/"))
        return name if name in self.names else self._lower.get(name.lower())

    def read(self, name: str) -> bytes:
        real = self.find(name)
        if real is None:
            raise KeyError(name)
        info = self.names[real]
        if info.file_size > _MAX_PART:
            raise TooLarge(f"DOCX part {real} is too large ({info.file_size >> 20} MiB uncompressed, at most "
                           f"{_MAX_PART >> 20} MiB); refused as a possible ZIP bomb")
        if info.flag_bits & 0x1:
            raise LoadError("the DOCX package is encrypted (ZIP password); remove the password and save it again")
        self.budget.charge(info.file_size, real)
        try:
            return self.zip.read(info)
        except Exception as e:  # BadZipFile (CRC), zlib.error, EOFError, NotImplementedError (method)…
            raise LoadError(f"corrupt or truncated DOCX: cannot read {real} ({e})") from e

    def xml(self, name: str, warnings: list[str] | None = None):
        data = self.read(name)
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as e:
            if warnings is None:
                raise LoadError(f"corrupt DOCX: {name} is not well-formed XML ({e})") from e
            try:
                root = etree.fromstring(data, _RECOVER)
            except etree.XMLSyntaxError:
                root = None
            if root is None or not isinstance(root.tag, str) or not root.tag.startswith("{"):
                raise LoadError(f"corrupt DOCX: {name} is not well-formed XML ({e})") from e
            warnings.append(f"{name} is malformed XML ({e}); read what could be recovered")
            return root

    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Relationships of `part`: id -> (type, absolute target, target mode)."""
        d, base = posixpath.split(part)
        name = posixpath.join(d, "_rels", base + ".rels")
        if self.find(name) is None:
            return {}
        try:  # a damaged relationship part costs the links, not the document
            root = etree.fromstring(self.read(name), _RECOVER)
        except TooLarge:
            raise
        except (etree.XMLSyntaxError, LoadError):
            return {}
        out = {}
        if root is None:
            return out
        for rel in root.iter("{%s}Relationship" % _PKG_REL, "Relationship"):
            target = rel.get("Target") or ""
            mode = rel.get("TargetMode") or "Internal"
            if mode == "Internal":
                target = posixpath.normpath(posixpath.join(d, target)) if not target.startswith("/") else target[1:]
            out[rel.get("Id") or ""] = (rel.get("Type") or "", target, mode)
        return out

    def main_part(self) -> str | None:
        for typ, target, mode in self.rels("").values():
            if typ.endswith(_OFFICE_DOC) and mode == "Internal" and self.find(target):
                return self.find(target)
        for cand in ("word/document.xml", "word/document2.xml"):
            if self.find(cand):
                return self.find(cand)
        return None


# =========================================================================================
# automatic numbering (word/numbering.xml)
# =========================================================================================

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _cn_number(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return "".join(digits[int(d)] for d in str(n))
    out = ""
    s = str(n)
    zero = False
    for i, d in enumerate(s):
        p = len(s) - 1 - i
        d = int(d)
        if d == 0:
            zero = True
            continue
        if zero and out:
            out += digits[0]
        zero = False
        if not (d == 1 and p == 1 and not out):  # 十一, not 一十一
            out += digits[d]
        out += units[p - 1] if p else ""
    return out


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand"):
        return _cn_number(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _cn_number(n, _CN_LEGAL, "拾佰仟")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese" or fmt == "ideographEnclosedCircle":
        return chr(0x2460 + n - 1) if 0 < n <= 20 else f"({n})"
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 0 < n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 0 < n <= 20 else f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)  # decimal and anything exotic


class _Numbering:
    """Labels of automatically numbered paragraphs, counted in document order."""

    def __init__(self, pkg: _Package, rels: dict, styles_root, T: _Tags) -> None:
        self.T = T
        self.abstract: dict[str, dict[int, tuple]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[str] = set()
        target = next((t for typ, t, mode in rels.values() if typ.endswith("/numbering") and mode == "Internal"), None)
        root = None
        if target and pkg.find(target):
            try:
                root = pkg.xml(target, [])
            except TooLarge:
                raise
            except LoadError:
                root = None
        if root is not None:
            self._load(root)
        if styles_root is not None and self.nums:
            self._load_styles(styles_root)

    def _val(self, el, name: str, default=None):
        if el is None:
            return default
        child = el.find(f"{{{self.T.w}}}{name}")
        return default if child is None else child.get(self.T.val, default)

    def _load(self, root) -> None:
        w = f"{{{self.T.w}}}"
        for an in root.iter(w + "abstractNum"):
            levels = {}
            for lvl in an.iter(w + "lvl"):
                try:
                    il = int(lvl.get(w + "ilvl", "0"))
                    start = int(self._val(lvl, "start", "1") or 1)
                except ValueError:
                    continue
                levels[il] = (start, self._val(lvl, "numFmt", "decimal"), self._val(lvl, "lvlText", ""),
                              lvl.find(w + "isLgl") is not None, self._val(lvl, "suff", "tab"))
            self.abstract[an.get(w + "abstractNumId", "")] = levels
        for num in root.iter(w + "num"):
            over = {}
            for lo in num.iter(w + "lvlOverride"):
                so = self._val(lo, "startOverride")
                if so is not None:
                    try:
                        over[int(lo.get(w + "ilvl", "0"))] = int(so)
                    except ValueError:
                        pass
            self.nums[num.get(w + "numId", "")] = (self._val(num, "abstractNumId", ""), over)

    def _load_styles(self, root) -> None:
        w = f"{{{self.T.w}}}"
        raw: dict[str, tuple] = {}
        for st in root.iter(w + "style"):
            if st.get(w + "type") not in (None, "paragraph"):
                continue
            ppr = st.find(w + "pPr")
            np_ = ppr.find(w + "numPr") if ppr is not None else None
            num_id = self._val(np_, "numId")
            ilvl = self._val(np_, "ilvl")
            raw[st.get(w + "styleId", "")] = (num_id, int(ilvl) if ilvl and ilvl.isdigit() else None,
                                              self._val(st, "basedOn"))
        for sid in raw:
            num_id, ilvl, seen, cur = None, None, set(), sid
            while cur in raw and cur not in seen:
                seen.add(cur)
                n, lv, base = raw[cur]
                num_id = num_id if num_id is not None else n
                ilvl = ilvl if ilvl is not None else lv
                cur = base
            if num_id is not None:
                self.style_num[sid] = (num_id, ilvl)

    def label(self, ppr) -> tuple[str, str]:
        """(number text, suffix) of a paragraph with properties `ppr`; ("", "") if unnumbered."""
        if not self.nums or ppr is None:
            return "", ""
        T = self.T
        num_id = ilvl = None
        np_ = ppr.find(T.numPr)
        if np_ is not None:
            num_id = self._val(np_, "numId")
            lv = self._val(np_, "ilvl")
            ilvl = int(lv) if lv and lv.isdigit() else None
        ps = ppr.find(T.pStyle)
        if ps is not None and (num_id is None or ilvl is None):
            snum, slvl = self.style_num.get(ps.get(T.val, ""), (None, None))
            num_id = num_id if num_id is not None else snum
            ilvl = ilvl if ilvl is not None else slvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return "", ""
        ilvl = min(max(ilvl or 0, 0), 8)
        abs_id, over = self.nums[num_id]
        levels = self.abstract.get(abs_id)
        if not levels or ilvl not in levels:
            return "", ""
        cnt = self.counters.setdefault(abs_id, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for lv, start in over.items():
                cnt[lv] = start - 1
                for deeper in [k for k in cnt if k > lv]:
                    del cnt[deeper]
        start, fmt, text, _lgl, suff = levels[ilvl]
        cnt[ilvl] = cnt.get(ilvl, start - 1) + 1
        for deeper in [k for k in cnt if k > ilvl]:
            del cnt[deeper]
        if fmt == "bullet" or not text:
            return "", ""

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            if lv is None:
                return ""
            n = cnt.get(k, lv[0])
            return _format_number(n, "decimal" if (levels[ilvl][3] and k != ilvl) else lv[1])

        out = re.sub(r"%([1-9])", sub, text)
        return out, {"space": " ", "nothing": ""}.get(suff, " ")


# =========================================================================================
# body
# =========================================================================================

class _Reader:
    def __init__(self, T: _Tags, numbering: _Numbering | None, pkg: _Package | None, part: str, source: Source,
                 warnings: list[str]) -> None:
        self.T = T
        self.num = numbering
        self.pkg = pkg
        self.part = part
        self.source = source
        self.warnings = warnings
        # ("line", text) | ("cells", table index or None for a tab row, [(text, col, rowspan, colspan)])
        self.rows: list[tuple] = []
        self.tables = 0
        self.tracked = 0
        self.slots = 0  # grid slots of every table so far, spans expanded (limits.MAX_GRID_CELLS)
        self._rels: dict | None = None
        self.depth = 0

    # --- block-level content ----------------------------------------------------------

    def body(self, parent) -> None:
        """Block-level content of `parent` (body, cell, content control, text box) as rows."""
        T = self.T
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            self.depth -= 1
            raise LoadError(f"DOCX nests content more than {_MAX_DEPTH} levels deep")
        for el in parent:
            tag = el.tag
            if tag == T.p:
                self.paragraph(el)
            elif tag == T.tbl:
                self.table(el)
            elif tag == T.altChunk:
                self.alt_chunk(el)
            else:
                inner = self.open(el)
                if inner is not None:
                    self.body(inner)
        self.depth -= 1

    def open(self, el):
        """The content to read in place of container `el` (content control, custom XML,
        tracked insertion, mc:AlternateContent, WordML section…); None: nothing to read."""
        T = self.T
        tag = el.tag
        if tag in T.wrappers:
            if tag == T.ins or tag == T.moveTo:
                self.tracked += 1
            return el
        if tag == T.sdt:
            return el.find(T.sdtContent)
        if tag == _ALT:
            return _branch(el)
        if tag in T.dropped:
            self.tracked += 1
            return None
        if tag == _AML + "annotation":  # WordML tracked changes; comments and bookmarks are not text
            kind = el.get(T.type) or ""
            if kind.endswith("Insertion"):
                self.tracked += 1
                return el.find(_AML + "content")
            self.tracked += kind.endswith("Deletion")
        return None

    def paragraph(self, p) -> None:
        parts: list[str] = []
        boxes: list = []
        prefix = self._number(p)
        if prefix:
            parts.append(prefix)
        self.inline(p, parts, boxes)
        for line in "".join(parts).split("\n"):
            body = line.strip(" \t\u3000")
            fields = body.split("\t")
            if len(fields) > 1 and not (len(fields) == 2 and not strip_numbering(fields[0].strip())):
                # a table typed with tabs (Word users align columns that way): one row of
                # cells per paragraph line, leading empty fields included, as the text loader
                # reads tab rows. Tabs only at the ends indent or pad a line; "一、<tab>总体情况"
                # is a numbered heading, not a row.
                cells = [strip_cell(clean(f)) for f in line.split("\t")]
                if any(cells):
                    self.rows.append(("cells", None, [(t, i, 1, 1) for i, t in enumerate(cells)]))
                continue
            t = clean(line)
            if t:
                self.rows.append(("line", t))
        for box in boxes:
            self.body(box)

    def _number(self, p) -> str:
        if self.T.wordml:  # Word 2003 XML writes the printed list label as a hint
            ppr = p.find(self.T.pPr)
            lp = ppr.find(self.T.listPr) if ppr is not None else None
            hint = lp.find(_WX + "t") if lp is not None else None
            label = (hint.get(_WX + "val") or "").strip() if hint is not None else ""
            return label + " " if label and label[0] not in _BULLETS else ""
        if self.num is None:
            return ""
        ppr = p.find(self.T.pPr)
        label, suff = self.num.label(ppr)
        return label + suff if label else ""

    # --- inline content -----------------------------------------------------------------

    def inline(self, el, parts: list[str], boxes: list) -> None:
        """Visible text of paragraph-level content; "\\n" for a line break, "\\t" for a tab."""
        T = self.T
        for child in el:
            tag = child.tag
            if tag == T.r:
                self.run(child, parts, boxes)
            elif tag in T.inline_wrappers:
                self.tracked += tag == T.ins or tag == T.moveTo
                self.inline(child, parts, boxes)
            elif tag in _MATH:
                parts.append("".join(t.text or "" for t in child.iter(_MATH_T)))
            elif tag == T.p:  # a paragraph inside a run-level container (malformed, but seen)
                parts.append("\n")
                self.inline(child, parts, boxes)
                parts.append("\n")
            else:
                inner = self.open(child)
                if inner is not None:
                    self.inline(inner, parts, boxes)

    def run(self, r, parts: list[str], boxes: list) -> None:
        T = self.T
        rpr = r.find(T.rPr)
        if rpr is not None and _on(rpr.find(T.vanish), T):
            return
        for child in r:
            tag = child.tag
            if tag == T.t:
                if child.text:
                    parts.append(child.text)
            elif tag == T.tab or tag == T.ptab:
                parts.append("\t")
            elif tag == T.br or tag == T.cr:
                parts.append("\n")
            elif tag == T.noBreakHyphen:
                parts.append("-")
            elif tag == T.sym:
                ch = child.get(T.char) or ""
                try:
                    code = int(ch, 16)
                except ValueError:
                    continue
                if code >= 0xF000:  # symbol-font private use area: a glyph, not text
                    code -= 0xF000
                    if code < 0x20:
                        continue
                parts.append(chr(code))
            elif tag in (T.drawing, T.pict, T.object, _ALT):
                found = _boxes(child if tag != _ALT else _branch(child), T)
                boxes.extend(found)
            elif tag in _MATH:
                parts.append("".join(t.text or "" for t in child.iter(_MATH_T)))
            # delText, instrText, fldChar, footnote references, rPr…: not printed text

    # --- tables -------------------------------------------------------------------------

    def _children(self, el, tag: str) -> list:
        """Children `tag` of `el`, looking through content controls and custom XML."""
        T = self.T
        out = []
        for child in el:
            if child.tag == tag:
                out.append(child)
            elif child.tag not in (T.tcPr, T.trPr, T.pPr):
                inner = self.open(child)
                if inner is not None:
                    out.extend(self._children(inner, tag))
        return out

    def table(self, tbl) -> None:
        T = self.T
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise LoadError(f"DOCX nests tables more than {_MAX_DEPTH} levels deep")
        # pass 1: grid positions and vertical merges
        grid_rows: list[list[list]] = []  # per row: [tc, col, colspan, rowspan, skipped]
        above: dict[int, list] = {}  # grid column -> the cell record starting there in the row above
        for tr in self._children(tbl, T.tr):
            trpr = tr.find(T.trPr)
            if trpr is not None and (trpr.find(T.del_) is not None or _on(trpr.find(T.hidden), T)):
                self.tracked += trpr.find(T.del_) is not None
                continue  # a row deleted with tracked changes on, or a hidden row: not printed
            c = _int_val(trpr.find(T.gridBefore), T, 0) if trpr is not None else 0
            row: list[list] = []
            here: dict[int, list] = {}
            for tc in self._children(tr, T.tc):
                tcpr = tc.find(T.tcPr)
                span, vm, hm = 1, None, None
                if tcpr is not None:
                    span = min(max(_int_val(tcpr.find(T.gridSpan), T, 1), 1), limits.MAX_SPAN)
                    vm = _merge(tcpr.find(T.vMerge), T)
                    hm = _merge(tcpr.find(T.hMerge), T)
                if hm == "continue" and row and not row[-1][4]:
                    row[-1][2] += span  # legacy horizontal merge: widen the cell on the left
                    c += span
                    continue
                if vm == "continue" and c in above:
                    rec = above[c]
                    rec[3] += 1
                    here[c] = rec
                    row.append([tc, c, span, 1, True])
                else:
                    rec = [tc, c, span, 1, False]
                    row.append(rec)
                    here[c] = rec
                c += span
            above = here
            grid_rows.append(row)
        live = [[rec for rec in row if not rec[4]] for row in grid_rows]
        one_column = live and all(len(row) <= 1 and all(rec[1] == 0 for rec in row) for row in live)
        if one_column:  # a layout box (or a 1x1 frame around the whole report): read its content
            for row in live:
                for rec in row:
                    self.body(rec[0])
            self.depth -= 1
            return
        index = self.tables
        self.tables += 1
        for row in live:
            if not row:
                continue
            cells = []
            nested: list = []
            for tc, col, span, rowspan, _ in row:
                self.slots += span * rowspan
                if self.slots > limits.MAX_GRID_CELLS:
                    raise LoadError(f"DOCX tables span more than {limits.MAX_GRID_CELLS:,} grid cells "
                                    f"(merged cells expanded; XXGK_MAX_GRID_CELLS): not a report's tables")
                cells.append((self.cell_text(tc, nested), col, rowspan, span))
            self.rows.append(("cells", index, cells))
            for inner in nested:  # a table inside a cell: its rows follow the outer row
                self.table(inner)
        self.depth -= 1

    def cell_text(self, tc, nested: list) -> str:
        parts: list[str] = []
        boxes: list = []
        self._cell_parts(tc, parts, boxes, nested, 0)
        for box in boxes:
            self._cell_parts(box, parts, [], nested, 0)
        return strip_cell(clean("".join(parts).replace("\n", "")))

    def _cell_parts(self, el, parts: list[str], boxes: list, nested: list, depth: int) -> None:
        T = self.T
        if depth > _MAX_DEPTH:
            raise LoadError(f"DOCX nests content more than {_MAX_DEPTH} levels deep")
        for child in el:
            tag = child.tag
            if tag == T.p:
                prefix = self._number(child)
                if prefix:
                    parts.append(prefix)
                self.inline(child, parts, boxes)
            elif tag == T.tbl:
                nested.append(child)
            else:
                inner = self.open(child)
                if inner is not None:
                    self._cell_parts(inner, parts, boxes, nested, depth + 1)

    # --- embedded documents (w:altChunk: HTML, DOCX or text pasted in by converters) -----

    def alt_chunk(self, el) -> None:
        rid = None
        for ns in _R_NS:
            rid = el.get("{%s}id" % ns) or rid
        if self.pkg is None:
            return
        if self._rels is None:
            self._rels = self.pkg.rels(self.part)
        typ, target, mode = self._rels.get(rid or "", ("", "", ""))
        if mode != "Internal" or not self.pkg.find(target):
            return
        data = self.pkg.read(target)
        ext = posixpath.splitext(target)[1].lower()
        try:
            if data[:4] == b"PK\x03\x04":
                sub = parse(data, self.source, _budget=self.pkg.budget)
            elif ext in (".htm", ".html", ".xhtml", ".mht", ".mhtml") or b"<html" in data[:4096].lower():
                from . import html
                from .encoding import decode
                txt, _enc = decode(data, html=True)
                sub = html.parse(txt, self.source)
            else:
                from . import text as _text
                from .encoding import decode
                txt, _enc = decode(data)
                sub = _text.parse(txt, self.source)
        except TooLarge:
            raise
        except LoadError as e:
            self.warnings.append(f"embedded document {target} skipped: {e}")
            return
        except Exception as e:  # never lose the rest of the report over an embedded part
            self.warnings.append(f"embedded document {target} skipped: {e.__class__.__name__}: {e}")
            return
        base = self.tables
        seen_tables: set[int] = set()
        for group in sub.rows():
            b0 = group[0]
            if b0.kind == "cell" and b0.table is not None:
                seen_tables.add(b0.table)
                self.rows.append(("cells", base + b0.table,
                                  [(b.text, b.col, b.rowspan, b.colspan) for b in group]))
            else:
                for b in group:
                    if b.text:
                        self.rows.append(("line", b.text))
        self.tables = base + (max(seen_tables) + 1 if seen_tables else 0)


def _branch(alt):
    """The branch of mc:AlternateContent to read: the first Choice (Word writes the same
    content again in the Fallback for older readers)."""
    if alt is None:
        return None
    for child in alt:
        if child.tag in (_CHOICE, _FALLBACK):
            return child
    return None


def _boxes(el, T: _Tags) -> list:
    """Outermost text boxes (w:txbxContent) under a drawing, picture or object."""
    if el is None:
        return []
    out = []
    for box in el.iter(T.txbxContent):
        parent = box.getparent()
        nested = False
        while parent is not None and parent is not el:
            if parent.tag == T.txbxContent:
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            out.append(box)
    return out


def _on(el, T: _Tags) -> bool:
    """A toggle property (w:vanish…): present and not switched off."""
    if el is None:
        return False
    return (el.get(T.val) or "true").lower() not in ("0", "false", "off")


def _int_val(el, T: _Tags, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(T.val, str(default)))
    except ValueError:
        return default


def _merge(el, T: _Tags) -> str | None:
    if el is None:
        return None
    return "restart" if (el.get(T.val) or "continue") == "restart" else "continue"


# =========================================================================================
# metadata, title, assembly
# =========================================================================================

def _core(pkg: _Package) -> dict:
    meta: dict = {}
    for name, keys in (("docProps/core.xml", ("title", "subject", "creator", "lastModifiedBy", "created",
                                              "modified", "description", "keywords")),
                       ("docProps/app.xml", ("Application", "AppVersion", "Company", "Pages"))):
        if not pkg.find(name):
            continue
        try:
            root = pkg.xml(name, [])
        except TooLarge:
            raise
        except LoadError:
            continue
        for el in root:
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            if local in keys and el.text and el.text.strip():
                meta[local if local != "Application" else "application"] = el.text.strip()
    return meta


def _find_title(rows: list[tuple], core_title: str | None) -> str | None:
    """The first line before the tables that reads like the report's title; else the file's
    title property when it does (templates copied from last year keep a stale one, so the
    printed title comes first)."""
    seen = 0
    for item in rows:
        if item[0] != "line":
            break
        t = item[1]
        if len(t) <= 60 and "《" not in t and _TITLE.search(t):  # not a sentence naming a notice
            return t
        seen += 1
        if seen >= 15:
            break
    core_title = clean(core_title or "")
    if core_title and len(core_title) <= 60 and "《" not in core_title and _TITLE.search(core_title):
        return core_title
    return None


_PKG = "{http://schemas.microsoft.com/office/2006/xmlPackage}"
_O = "{urn:schemas-microsoft-com:office:office}"


def _sniff_problem(data: bytes) -> str | None:
    """What keeps `data` from being a DOCX package: 'ole', 'rtf', 'xml' (Word's single-file
    XML, read here too), 'notzip', or None."""
    if data[:8] == OLE_MAGIC:
        return "ole"
    if not data.startswith(ZIP_MAGIC):
        kind = office_kind(data)
        return {"rtf": "rtf", "wordxml": "xml"}.get(kind or "", "notzip")
    return None


class _FlatPackage(_Package):
    """A flat OPC file (Word "XML Document", <pkg:package>): the package's parts inline."""

    def __init__(self, root) -> None:
        self.parts: dict = {}
        for part in root.iter(_PKG + "part"):
            name = (part.get(_PKG + "name") or "").lstrip("/")
            xml_data = part.find(_PKG + "xmlData")
            if xml_data is not None and len(xml_data):
                self.parts[name] = xml_data[0]
        self.names = self.parts
        self._lower = {n.lower(): n for n in self.parts}
        self.budget = _Budget()

    def read(self, name: str) -> bytes:
        real = self.find(name)
        if real is None:
            raise KeyError(name)
        data = etree.tostring(self.parts[real])
        self.budget.charge(len(data), real)
        return data

    def xml(self, name: str, warnings: list[str] | None = None):
        real = self.find(name)
        if real is None:
            raise KeyError(name)
        return self.parts[real]


def parse(data: bytes, source: Source, *, _budget: _Budget | None = None) -> Document:
    """A .docx/.docm/.dotx file (bytes) -> Document; LoadError when it cannot be read (TooLarge
    when it unpacks to more than we read). Also reads Word's single-file XML formats (flat OPC
    <pkg:package>, Word 2003 XML). `_budget`: an embedding document's, for its altChunks."""
    problem = _sniff_problem(data)
    if problem == "ole" and ole_kind(data) == "encrypted":  # password-protected OOXML is an OLE container
        raise LoadError(ENCRYPTED)
    if problem in ("ole", "rtf"):  # the registry sends these to the legacy loader, never here
        raise LoadError(f"not a DOCX file (a legacy Word/WPS {'RTF' if problem == 'rtf' else 'OLE'} file)")
    if problem == "notzip":
        raise LoadError("not a DOCX file (no ZIP package signature)")
    if problem == "xml":
        return _parse_xml(data, source)
    return _parse_package(_Package(data, _budget), source)


def _parse_xml(data: bytes, source: Source) -> Document:
    warnings: list[str] = []
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        try:
            root = etree.fromstring(data, _RECOVER)
        except etree.XMLSyntaxError:
            root = None
        if root is None or not isinstance(root.tag, str):
            raise LoadError(f"corrupt Word XML document ({e})") from e
        warnings.append(f"malformed XML ({e}); read what could be recovered")
    if root.tag == _PKG + "package":
        return _parse_package(_FlatPackage(root), source, warnings)
    T = _TAGS[_WML2003]
    if root.tag != "{%s}wordDocument" % _WML2003:
        raise LoadError(f"not a Word XML document (root element {root.tag})")
    body = root.find(T.body)
    if body is None:
        raise LoadError("corrupt Word XML document: it has no body")
    meta: dict = {"format": "Word 2003 XML"}
    props = root.find(_O + "DocumentProperties")
    if props is not None:
        for el in props:
            if isinstance(el.tag, str) and el.text and el.text.strip():
                meta[etree.QName(el).localname.lower()] = el.text.strip()
    return _read(T, body, None, None, "", source, warnings, meta)


def _parse_package(pkg: _Package, source: Source, warnings: list[str] | None = None) -> Document:
    warnings = [] if warnings is None else warnings
    part = pkg.main_part()
    if part is None:
        if any(n.startswith(("xl/", "ppt/")) for n in pkg.names):
            raise LoadError("an Excel/PowerPoint package, not a Word document")
        raise LoadError("corrupt or truncated DOCX: no word/document.xml in the package")
    root = pkg.xml(part, warnings)
    ns = root.tag[1:].split("}")[0] if isinstance(root.tag, str) and root.tag.startswith("{") else ""
    T = _TAGS.get(ns)
    if T is None or T.wordml:
        raise LoadError(f"not a WordprocessingML document (root element {root.tag})")
    body = root.find(T.body)
    if body is None:
        raise LoadError("corrupt DOCX: the document has no body")
    rels = pkg.rels(part)
    styles_root = None
    styles = next((t for typ, t, mode in rels.values() if typ.endswith("/styles") and mode == "Internal"), None)
    numbering = None
    if any(typ.endswith("/numbering") for typ, _t, _m in rels.values()):
        # most documents number nothing automatically: then neither part needs parsing
        styles_raw = b""
        if styles and pkg.find(styles):
            try:
                styles_raw = pkg.read(styles)
            except TooLarge:
                raise
            except LoadError:
                styles_raw = b""
        if b"numPr" in styles_raw:
            try:
                styles_root = etree.fromstring(styles_raw, _RECOVER)
            except etree.XMLSyntaxError:
                styles_root = None
        if styles_root is not None or next(body.iter(T.numPr), None) is not None:
            numbering = _Numbering(pkg, rels, styles_root, T)
    return _read(T, body, numbering, pkg, part, source, warnings, _core(pkg))


def _read(T: _Tags, body, numbering, pkg, part: str, source: Source, warnings: list[str], meta: dict) -> Document:
    runs = None if T.wordml else docxframes.placed_runs(body, T)
    if runs:  # text only in floating boxes placed by offsets: read by their positions
        from . import html

        doc = html.parse(docxframes.as_html(runs), source)
        doc.warnings.extend(warnings)
        return doc
    reader = _Reader(T, numbering, pkg, part, source, warnings)
    try:
        reader.body(body)
    except RecursionError:
        raise LoadError("DOCX content is nested too deeply to read") from None
    if reader.tracked:
        warnings.append("the document has tracked changes: insertions are read, deletions are not")
    built = DocumentBuilder()
    built.rows(reader.rows)
    if not built.blocks:
        raise LoadError("the DOCX document has no text")
    return built.build(source, title=_find_title(reader.rows, meta.get("title")), meta={"docx": meta},
                       warnings=warnings)
