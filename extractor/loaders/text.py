"""Plain text -> blocks, decided line by line (files mix narrative with table layouts).

Layouts of tables pasted/exported as text (see the corpus seeds):
  (a) tab-separated rows: a line with a tab after its first character is one row;
      its fields, empty ones included, are cells at col 0, 1, 2...
  (b) one cell per line ending in " |"; "|" alone is a blank cell; "||", "|||"... a row break,
      also after a row's last cell on its line ("88 | ||": the padding of a spanned cell)
  (c) one cell per tab-indented line; whitespace-only lines are blank cells;
      an empty line ends a row (a "break" block)
  (d) markdown rows "| a | b |" (cells of one row; "|---|" separators dropped)
  (e) anything else is a "line" block, crawler dumps with whole tables on one line included
      (splitting run-together numbers is a later stage's job).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

from ..model import Block, Document, Source
from ..templates import REQUEST_COLUMN_LABELS
from ..templates.text import strip_numbering
from . import aligned, boxdrawn, context, dataframe, delimited, roff
from ..segment import counts_cells
from . import markdown_syntax as md
from ..values import NOT_APPLICABLE
from .cells import strip_cell
from .furniture import PAGE_MARK, drop_text_furniture

# --- crawler header ("标题: …" / "发布时间: …" lines on top of a page dump) ---------------

_HEADER = re.compile(r"^([^\s:：|]{1,12})\s*[:：]\s*(.*)$")
_TITLE_KEYS = {"标题", "题目", "文章标题", "title", "Title"}


def parse_header(lines: list[str]) -> tuple[str | None, dict]:
    """(title, meta) from leading `key: value` lines, when the first one is the title."""
    meta: dict = {}
    it = (s for s in (ln.strip() for ln in lines[:40]) if s)
    first = next(it, "")
    m = _HEADER.match(first)
    if not m or m.group(1) not in _TITLE_KEYS:
        return None, meta
    meta[m.group(1)] = m.group(2).strip()
    for s in it:
        m = _HEADER.match(s)
        if not m:
            break
        meta.setdefault(m.group(1), m.group(2).strip())
    return meta[next(iter(meta))] or None, meta


# --- line classes -------------------------------------------------------------------------

EMPTY, SPACE, TABROW, PIPES, MDROW, PIPECELL, INDENTED, PLAIN = range(8)
_CELLISH = {TABROW, PIPECELL, INDENTED, PIPES}
# Statutory-table cells are short (the longest labels run ~40 characters); a longer
# tab-indented line is a narrative paragraph indented with a tab.
_MAX_CELL = 60
# how sure the numbers of a space-aligned row are read where two stand one space apart among wider
# gaps (aligned._digits_apart: one number's digits printed apart?) - a reading, as an OCR's: a sum
# that breaks there is a doubt about the reading, not the report's own arithmetic
MISREAD_CONFIDENCE = 0.95
# how sure the characters of a text recognised from a page's picture are (_rules_as_glyphs), where
# the text carries no scores of its own: as an OCR'd PDF's text layer (pdf.OCR_LAYER_CONFIDENCE),
# below confidence.TEXT_SURE - a value read there is near-certain only where identities prove it
OCR_TEXT_CONFIDENCE = 0.85


def classify(line: str) -> int:
    if not line:
        return EMPTY
    s = line.strip()
    if not s:
        return SPACE
    if "\t" in line.lstrip():  # a tab after the first character: fields of a row
        return TABROW
    if s.strip("|") == "":
        return PIPES
    if s[0] == "|" and s.count("|") >= 2:
        return MDROW
    if s[-1] == "|":
        return PIPECELL if "|" not in s[:-1] else MDROW
    if line[0] in " \t\u3000":  # tab- or space-indented: one cell per line (layout c)
        # ...unless it prints a label and its values, or several values, apart by spaces: a
        # whole row on one line under a text browser's margin ("   规章 0 0 0")
        return PLAIN if _printed_row(s) else INDENTED
    return PLAIN


_NUM = r"[-+]?\d[\d,]*(?:\.\d+)?(?:万元|元)?"
_ROW_VALUES = re.compile(rf"(?:^|(?<=\s)){_NUM}(?:\s+{_NUM})*$")


def _printed_row(s: str) -> bool:
    """A label (with a CJK character) then values, or two or more values, apart by spaces."""
    m = _ROW_VALUES.search(s)
    if m is None:
        return False
    label = s[:m.start()].strip()
    if not label:
        return len(m.group(0).split()) >= 2
    return label[-1] not in ".、．" and any("\u4e00" <= ch <= "\u9fff" for ch in label)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{}~])")  # a backslash escape of ASCII punctuation but "|"
_QUANTITY = re.compile(r"^[+-]?\d[\d,.]*\s*(?:万元|元|件|个|条|项|%)?$")


def _continues_cell(cell: str, line: str) -> bool:
    """A short unindented line right after a layout (c) label cell is that label wrapped
    by Word: '\\t本年新' + '制作数量'. Numbered lines start something new, and values
    never wrap (merging a note into a number would corrupt it)."""
    s = line.strip()
    if line[:1] in (" ", "\t", "\u3000") or _printed_row(s):
        return False  # an indented line is not a wrap; a row's values never continue a label
    return (len(s) <= 20 and strip_numbering(s) == s and not s.endswith(("。", "：", ":"))
            and cell != "" and not _QUANTITY.match(cell))


def _cells_are_paragraphs(lines: list[str]) -> bool:
    """A table printed one cell per paragraph (text nodes of a page, a PDF reader's text
    boxes): nearly every number alone on its line has an empty line on both sides."""
    nums = [i for i, ln in enumerate(lines) if _QUANTITY.match(ln.strip())]
    if len(nums) < 20:
        return False
    apart = sum(1 for i in nums if (i == 0 or not lines[i - 1].strip())
                and (i + 1 >= len(lines) or not lines[i + 1].strip()))
    # columns printed side by side (a vertical label beside the next column's lines, more
    # than once): lines with no empty line between are neighbouring cells, not one cell
    return apart >= 0.9 * len(nums) and sum(1 for ln in lines if _beside(ln.strip())) < 3


_OPEN, _CLOSE = "（(", "）)"
_SUB_NUMBER = re.compile(r"^\d{1,2}\s*[.、．]$")


def _unfinished(text: str) -> bool:
    """Text that cannot end a cell: an open bracket, "第" (an ordinal's prefix), or
    numbering alone ("3.", "（六"), so what follows on the next line is the same cell."""
    s = text.strip()
    return (sum(s.count(c) for c in _OPEN) > sum(s.count(c) for c in _CLOSE)
            or s.endswith("第") or (s != "" and strip_numbering(s) == ""))


_BESIDE = re.compile(r"^([^\s\d]{1,2})[ \u3000]+\S")


def _beside(line: str) -> bool:
    """A character or two, a space, then more text ("三 （一）予以公开", "（ 1.属于…"): a
    vertically written label printed beside the next column's lines - the lines around it
    are two columns interleaved, not one cell broken over lines."""
    m = _BESIDE.match(line)
    return bool(m) and strip_numbering(m.group(1)) == m.group(1) and "|" not in line


_SPAN_MAX, _LABEL_MAX = 8, 24  # a piece of a label printed a span a line; a row label's length


# a row's numbering cut from its punctuation by the page's markup: "6" then "." (or ".补"),
# the label's text after it; a value is never followed by a line starting with its dot
_NUMBERING_DIGITS = re.compile(r"^\d{1,2}$")
_NUMBERING_TAIL = re.compile(r"^[.．、]\s*[\u4e00-\u9fff“\"]")


def _numbering_cut(a: str, b: str, after: str) -> bool:
    """`a` a number of one or two digits, `b` its dot (alone, the label's text on the line
    `after`, or with the text on its own line)."""
    return bool(_NUMBERING_DIGITS.match(a)) and bool(
        _NUMBERING_TAIL.match(b) or (b in (".", "．", "、") and _NUMBERING_TAIL.match(b + after.strip())))


def _fragment_joins(cell: str, prev_line: str, line: str, after: str = "") -> bool:
    """In a table printed one cell per paragraph, the next line with no empty line between
    continues the cell when either line is a fragment of one or two characters (numbering
    aside: "规" "章", "（" "四" "）", "…另行制" "作", "四、政" "府…"), the cell so far is
    unfinished, or it is a numbered label (a page's spans, one a line). A line that starts
    with its own numbering starts a new cell unless the cell is unfinished; numbers never join."""
    a, b = prev_line.strip(), line.strip()
    if _beside(a) or _beside(b):
        return False
    if _SUB_NUMBER.match(a) and "\u4e00" <= b[:1] <= "\u9fff":
        return True  # "3." then "其": a row's numbering, never a value ("3." ends no number)
    if _numbering_cut(a, b, after):
        return True
    if (not a or not b or _QUANTITY.match(a) or _QUANTITY.match(b) or a.endswith(("。", "：", ":"))
            or len(cell) + len(b) > _MAX_CELL):
        return False
    if _unfinished(cell):
        return True
    if strip_numbering(b) != b:
        return False
    if (strip_numbering(cell) != cell and len(b) <= _SPAN_MAX and len(cell) + len(b) <= _LABEL_MAX
            and not any(ch.isdigit() for ch in b) and not b.endswith(("。", "；", ";"))):
        return True  # a numbered row label in pieces: "6．属于" "四类过" "程性信息" (a span a line)
    return len(strip_numbering(a)) <= 2 or len(b) <= 2  # "四、政" + "府信息公…"


# an amount's unit wrapped in its narrow cell: "175.012885 万" then "元" alone on the next
# line, or the number then "万元" alone (a PDF's text in reading order keeps the wrap)
_WRAPPED_UNIT = re.compile(r"(?<=\d)[ \t]*(?:万[ \t]*\n[ \t]*元|\n[ \t]*万元)(?=[ \t]*(?:\n|$))")


def _unit_unwrapped(text: str) -> str:
    return _WRAPPED_UNIT.sub("万元", text) if "元" in text else text


_ADJACENT_DIGITS = re.compile(r"\d\d")
_SPACED_DIGITS = re.compile(r"\d(?: [.．]? ?\d)+")  # "2 0 1 9", "9 5 3 . 3 1 8"
LETTER_SPACED_MIN = 3  # digit-space-digit pairs that show a text letter-spaced throughout


def _digits_unspaced(text: str) -> str:
    """A text that prints every number's digits apart by single spaces ("2 0 1 9 年",
    "3 9 6", "9 5 3 . 3 1 8 万元": a PDF reader that writes each placed glyph as a word) with
    the digits put back together: where no two digits stand side by side anywhere in it (a
    report prints its year and its counts), a space between digits is no cell boundary."""
    if not letter_spaced(text):
        return text
    return _SIGNED_ALONE.sub(r"\1", _SPACED_DIGITS.sub(_digits_together, text))


# a row printed on one line: its label, then its numbers one space apart, nothing after them
_LABELLED_NUMBERS = re.compile(r"^(?=.*[\u4e00-\u9fff])(.*[^\d\s])((?: \d+)+)$")
_LONE_NUMBER = re.compile(r"^\d+$")


def _wrapped_totals(text: str) -> str:
    """A row's total wrapped over two lines in a narrow cell, the row's other cells (one line
    each, vertically centred) printed between its two pieces with the label: "10" / "一、本年新收…
    812 231 9 17" / "69" (a reader that prints a PDF's text line by line, the cell's first line
    above the row's and its rest below). Where the row's numbers add up to the two pieces'
    digits joined (812 + 231 + 9 + 17 = 1069) the pieces are that total, printed after them:
    the row's own sum is the proof. Only lines written without padding (a space-aligned text
    keeps the pieces in their columns: aligned.py reads them there)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if 0 < i < len(lines) - 1 and out and _LONE_NUMBER.match(out[-1]) and _LONE_NUMBER.match(lines[i + 1]) \
                and "  " not in lines[i] and "\t" not in lines[i]:
            m = _LABELLED_NUMBERS.match(lines[i])
            joined = out[-1] + lines[i + 1]
            if m and str(sum(int(x) for x in m.group(2).split())) == joined:
                out[-1] = f"{lines[i]} {joined}"
                i += 2
                continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _digits_together(m: re.Match) -> str:
    return re.sub(r"\s", "", m.group(0))


# a sign set apart from its number like every glyph ("- 5 8 8" a cell's line, the digits joined
# to "- 588"): in a letter-spaced text one space is no cell boundary, and a line (a text node)
# that prints a sign, one space and a number and nothing else is that signed number (a change
# of table 二); a dash standing for a blank cell is never followed by its row's next number on
# the same line with a single space between (a page number "-  1  -" has two, and ends in a dash)
_SIGNED_ALONE = re.compile(r"(?m)^([ \t]*[-+－＋−]) (?=\d[\d.]*[ \t]*$)")


def letter_spaced(text: str) -> bool:
    """Does a text print its digits apart by single spaces and never side by side?"""
    return not _ADJACENT_DIGITS.search(text) and len(re.findall(r"\d \d", text)) >= LETTER_SPACED_MIN


_NODE_DIGITS = re.compile(r">[^<&]*?\d\d")


def digits_unspaced_markup(text: str) -> str:
    """_digits_unspaced on the text between an HTML document's tags, judged on its visible
    text (not the digits of its styles, coordinates and character references)."""
    import html as _html

    if _NODE_DIGITS.search(text) or len(re.findall(r"\d \d", text)) < LETTER_SPACED_MIN:
        return text  # (a text node printing two digits together: no need to read the rest)
    visible = _html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"(?is)<(style|script)\b.*?</\1\s*>", " ", text)))
    if not letter_spaced(visible):
        return text
    return re.sub(r">([^<]+)<", lambda m: ">" + _SIGNED_ALONE.sub(r"\1", _SPACED_DIGITS.sub(_digits_together, m.group(1)))
                  + "<", text)


def _aligned_line(line: str) -> bool:
    """A line that may be part of a space-aligned table (not one of the layouts above)."""
    return "\t" not in line and "|" not in line


def parse(text: str, source: Source, markdown: bool = False) -> Document:
    """Blocks of a plain-text (or, with markdown=True, markdown) document. Page furniture
    of a printed text (furniture.py: pages split by form feeds or page-number lines) is
    dropped, and comma-separated tables (delimited.py), tables drawn with box characters
    (boxdrawn.py) and space-aligned tables (aligned.py) are rewritten as tab-separated rows:
    Document.text is the file's text less those lines and with those rows rewritten
    (their cells carry character columns); the dropped lines are in meta["furniture"]."""
    geometry: dict = {}
    text = _unencodable_blank_cells(text)
    recognised = _rules_as_glyphs(text)
    text = roff.plain(text) or context.plain(text) or text  # typeset for troff, ConTeXt: what it prints
    text = _items_a_line(text)
    # empty anchors and elements a writer left print nothing; not on a drawn table's lines,
    # where taking them out would move the bars (boxdrawn unmarks each cell instead)
    text = boxdrawn.unmarked_around(text)
    text = md.joined_paragraph_rows(md.joined_wrapped_rows(md.joined_groups(text)))
    text = _tab_lines_between_cells(text)
    text = _tabs_between_fragments(text)
    text = _markup_indentation(text)
    text = _blank_cell_lines(text)
    text = _empty_line_cells(text)
    text = _unescaped(text)
    text = _unit_unwrapped(text)
    text = _digits_unspaced(text)
    text = _wrapped_totals(text)
    text, furniture = drop_text_furniture(text)
    # a text of printed pages (a PDF text tool's, pages ending in form feeds) prints in the
    # pages' geometry, not a document's order: a cell's text may come before its row's label
    paged = PAGE_MARK in text
    text = delimited.retab(text) or text  # comma-separated tables as tab rows
    text = dataframe.plain(text) or text  # a printed DataFrame: its index and NaN are no cells
    text = dataframe.ruled(text) or text  # a frame under a formatter's ruler: its runs are its columns
    drawn = boxdrawn.retab(text)
    if drawn is not None:
        text, geometry = drawn
    text = boxdrawn.unmarked_around(text, inside=True)  # (such lines that were no drawn table)
    # a text joining cells by single spaces, its runs of spaces empty cells, has no gutters: its
    # rows are read by split_runs' counts, not as columns aligned by padding
    retabbed = None if counts_cells(text) else aligned.retab(text, _aligned_line)
    if retabbed is not None:
        text, aligned_geometry = retabbed  # (page marks gone: aligned.retab drops them)
        if geometry:  # line numbers moved only where aligned rows replaced lines
            geometry = _renumber(geometry, drawn[0], text)
        geometry.update(aligned_geometry)
    elif PAGE_MARK in text:
        marked = text
        text = "\n".join(ln for ln in text.split("\n") if ln != PAGE_MARK)
        if geometry:
            geometry = _renumber(geometry, marked, text)
    doc = _parse(text, source, markdown)
    if geometry:
        _place(doc, geometry)
    _columns_merged_under_headings(doc)
    if furniture:
        doc.meta["furniture"] = furniture
    if paged:
        doc.meta["printed_pages"] = True
    if recognised:  # every character an OCR's reading, none scored (a blank cell prints none)
        for b in doc.blocks:
            if b.text.strip():
                b.text_confidence = min(b.text_confidence or 1.0, OCR_TEXT_CONFIDENCE)
    return doc


def _leaf_headings(text: str) -> int:
    """How many of table 三's column headings (自然人, 商业企业 … 总计) a cell prints as words of
    its own, apart by spaces."""
    words = set(text.split())
    return sum(1 for names in REQUEST_COLUMN_LABELS.values() if words.intersection(names))


def _columns_merged_under_headings(doc: Document) -> None:
    """A grid row of tab-separated cells (a table reader's CSV: camelot) printing two or more
    column headings in one cell ("商业企业 科研机构 社会公益组织") merged the page's columns: the
    grid's columns below it, up to the next break, are not the report's, so which column each
    of their cells stands in is in doubt (Block.column_doubt) - gen874_00010 camelot-csv:
    "一、本年新收…,,7,,,1,,8", 自然人's 7 one grid column right, read as 商业企业's at 0.9998."""
    doubt = False
    for b in doc.blocks:
        if b.kind != "cell" or b.table is not None:
            doubt = False
            continue
        if _leaf_headings(b.text) >= 2:
            doubt = True
        elif doubt and (b.blank or not b.text.strip() or _INT.fullmatch(b.text.strip())):
            b.column_doubt = True


_GLYPH_BAR = re.compile("[\u4e00-\u9fff]\\||\\|[\u4e00-\u9fff]")
_GLUED_BAR = re.compile(r"\S\||\|\S")
_INT = re.compile(r"\d+")
_GAP = re.compile(r"\s{2,}")


def _rules_as_glyphs(text: str) -> bool:
    """Was the text recognised from a picture of the page? A ruled table's rules read as
    characters are its mark: a "|" glued to a cell of a space-aligned row of numbers
    ("0   0   |0", "1 |]", "|683") on one line at least, and such glyphs glued to text ("三|( 一)
    予以公开", "他|3", "公|5") on three lines in all. Typed text prints a "|" as markup - a
    pipe table's, at a line's ends or several a row - never as one glyph stuck to a number
    of a row its spaces align. (Tesseract's plain text of the typeset reports: 59 of 70 have
    it, --psm 6's 11 of 44; 0 of ~6,000 other text, markdown and TSV conversions of dev, seeds
    211/281/353 and others, tests and the corpus.)"""
    if "|" not in text:
        return False
    rows = glued = 0
    for line in text.split("\n"):
        s = line.strip()
        if "|" not in s or s[0] == "|" or s[-1] == "|":
            continue
        if _GLYPH_BAR.search(s):
            glued += 1
        if s.count("|") == 1 and _GLUED_BAR.search(s) and len(_GAP.split(s)) >= 3 \
                and sum(1 for w in s.replace("|", " ").split() if _INT.fullmatch(w)) >= 3:
            rows += 1
            glued += not _GLYPH_BAR.search(s)
        if rows and glued >= 3:
            return True
    return False


def _items_a_line(text: str) -> str:
    """A text that prints every run of text it was given on a line of its own - a PDF's text
    items joined by line ends: each word or cell one item, the gap the text layer marks
    between two runs of one printed line a space item, each printed line's end an empty item
    - so that its lines alternate: a run of text, then one gap line, whitespace only (the
    space between two runs of one printed line) or empty (the line's end). There a
    line of one space is no blank cell (layout (c)'s) but a word gap: where nearly every two
    runs of text are exactly one gap line apart and both kinds of gap are common, each printed
    line is rebuilt, its runs joined by single spaces, one line per printed line (two or more
    empty lines stay one: a paragraph's end). A gap of more spaces is none of these: a
    markdown line break ("  "), a space-aligned table's padding between its rows."""
    if " \n" not in text:
        return text
    lines = text.split("\n")
    full = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(full) < 40:
        return text
    pairs = list(zip(full, full[1:]))
    one = [lines[a + 1] for a, b in pairs if b - a == 2]
    spaces = sum(1 for g in one if g.strip("\r") == " ")
    if spaces < 20 or len(one) - spaces < 10:
        return text
    # items split without a gap item (a real PDF's text runs broken at font or spacing changes):
    # two runs on successive lines are one printed line, where every two runs are at most one
    # gap line apart, every gap line is one space or empty, gap lines still part most runs and
    # the split runs are pieces of prose (20 pairs with a run of 10+ characters: a printed line's
    # text, not a cell a line - a table dumped one cell a line has its cells side by side too)
    split = len(one) < _ITEM_GAPS * len(pairs)
    if split and (len(one) < 0.5 * len(pairs) or any(b - a > 2 for a, b in pairs)
                  or sum(b - a == 1 and max(len(lines[a].strip()), len(lines[b].strip())) >= 10
                         for a, b in pairs) < 20
                  or any(not ln.strip() and ln.strip("\r") not in ("", " ") for ln in lines)):
        return text
    out: list[str] = []
    line: str | None = None  # the printed line being rebuilt
    empties = 0
    for i, ln in enumerate(lines):
        if ln.strip():
            if line is not None and i >= 2 and lines[i - 1].strip("\r") == " " and lines[i - 2].strip():
                line += " " + ln  # a word gap: the same printed line
                continue
            if split and line is not None and i >= 1 and lines[i - 1].strip():
                line += _item_join(line, ln) + ln  # an item split without a gap item
                continue
            if line is not None:
                out.append(line)
            if empties >= 2 and out:
                out.append("")
            line, empties = ln, 0
        elif not ln.strip("\r") or i + 1 >= len(lines) or not lines[i + 1].strip():
            empties += 1  # (a whitespace line next to no run of text is an empty one)
    if line is not None:
        out.append(line)
    return "\n".join(out)


def _item_join(left: str, right: str) -> str:
    """What joins two items of one printed line that the text layer set side by side with no gap
    item: nothing where either edge is a CJK character or mark (no spaces in Chinese text) or
    both are digits (a number split at a font change), else a space."""
    a, b = left.rstrip()[-1:], right.lstrip()[:1]
    if (a.isdigit() and b.isdigit()) or any(c and ord(c) >= 0x2E80 for c in (a, b)):
        return ""
    return " "


_ITEM_GAPS = 0.95  # share of successive runs of text one gap line apart in a text of items a line


def _unescaped(text: str) -> str:
    """Text less markdown's backslash escapes of punctuation, which DOCX- and HTML-to-markdown
    converters put before a count's minus, an amount's dot and a label's numbering ("\\-29",
    "953\\.318万元", "1\\.属于国家秘密", "\\(一\\)予以公开"); a plain report never prints a
    backslash before punctuation. (An escaped pipe stays: it is a pipe inside a table cell.)"""
    if "\\" not in text:
        return text
    return "\n".join(_unescaped_line(ln) if "\\" in ln else ln for ln in text.split("\n"))


_GUTTER = re.compile(r" {2,}")


def _unescaped_line(line: str) -> str:
    """One line less its escapes; in a space-aligned row (pandoc's simple and multiline
    tables count the backslash in a column's width) each removed backslash becomes one more
    space of the next gutter, so what follows stays in its column."""
    out, at, owed = [], 0, 0
    escapes = list(_ESCAPED.finditer(line))
    gutters = iter(g.start() for g in _GUTTER.finditer(line))  # (in order: each one looked at once)
    gutter = next(gutters, None)
    for k, m in enumerate(escapes):
        out.append(line[at:m.start()])
        out.append(m.group(1))
        at = m.end()
        owed += 1
        while gutter is not None and gutter < at:
            gutter = next(gutters, None)
        nxt = escapes[k + 1].start() if k + 1 < len(escapes) else None
        if gutter is not None and (nxt is None or gutter < nxt):
            out.append(line[at:gutter] + " " * owed)
            at, owed = gutter, 0
    out.append(line[at:])
    return "".join(out)


def _spaced_runs(lines: list[str]):
    """(runs, at_number) of a text whose lines of text are nearly all set apart by empty lines:
    the runs of empty lines as (line before, line after) pairs, and those that end at a number
    after a cell-sized line; None where the text is not spaced so."""
    full = [i for i, ln in enumerate(lines) if ln.strip("\r")]
    runs = [(a, b) for a, b in zip(full, full[1:]) if b - a > 1]
    if len(full) < 40 or len(runs) < 0.8 * (len(full) - 1):
        return None
    return runs, [(a, b) for a, b in runs if _QUANTITY.match(lines[b].strip()) and len(lines[a].strip()) <= _MAX_CELL]


def _blank_cell_lines(text: str) -> str:
    """Blank cells counted by empty lines, in a text whose lines of text are nearly all set
    apart by empty lines (one reading of the runs for both ways such text prints them):

    - every paragraph, table cells included, followed by one empty line (a DOCX's paragraphs, a
      cell's one paragraph each): an empty cell is an empty paragraph, so 2m+1 empty lines
      before a number are m blank cells - where nearly every run of empty lines is one line and
      every run before a number is odd;
    - a text browser's dump of a table too wide for its screen, one cell a line, each cell's
      paragraph set apart by one empty line: a cell holding an empty paragraph prints one more
      empty line, so m + 1 empty lines before a number are m blank cells - where most runs before
      a number are one line, some are even (not 2m + 1) and at least three are three lines or
      more (a page whose blank cells hold no paragraph, only a space, prints any number of them
      as one more empty line: its runs are one or two lines, and say nothing of how many cells).

    Such runs are rewritten as m lines of one space (a blank cell, as text nodes print it), each
    set apart by an empty line. (The first rewrite leaves every run before a number one line, so
    the second never follows it.)"""
    lines = text.split("\n")
    if (spaced := _spaced_runs(lines)) is None:
        return text
    runs, at_number = spaced
    if len(at_number) < 20:
        return text
    if (not any((b - a - 1) % 2 == 0 for a, b in at_number)
            and sum(b - a == 2 for a, b in runs) >= 0.6 * len(runs)):
        for a, b in at_number:
            for k in range(a + 2, b, 2):  # (a + 1 stays the paragraph's own empty line)
                lines[k] = " "
        return "\n".join(lines)
    if (sum(b - a == 2 for a, b in at_number) < 0.6 * len(at_number)
            or not any((b - a - 1) % 2 == 0 for a, b in at_number)
            or sum(b - a - 1 >= 3 for a, b in at_number) < 3):
        return text
    out: list[str] = []
    done = 0
    for a, b in at_number:
        out.extend(lines[done:a + 1])
        out.extend(["", " "] * (b - a - 2) + [""])
        done = b
    out.extend(lines[done:])
    return "\n".join(out)


def _empty_line_cells(text: str) -> str:
    """A text that prints every paragraph on its own line with no line between (a document's
    text export, its paragraphs listed) prints a table one cell a line, a cell's number right
    under its label or the previous number, and an empty cell (an empty paragraph) as an empty
    line: m empty lines between a cell and a number are m blank cells, not spacing. Where most
    numbers alone on their lines follow a non-empty line and no line is whitespace only (no
    other way of printing a blank cell), such runs are rewritten as m lines of one space (a
    blank cell, as text nodes print it). Empty lines before a label stay: they end a row."""
    lines = text.split("\n")
    nums = [i for i, ln in enumerate(lines) if ln[:1] not in (" ", "\t") and _QUANTITY.match(ln.strip())]
    if len(nums) < 20 or any(ln.strip(" \t\u3000\r") == "" and ln.strip("\r") for ln in lines):
        return text
    after_empty = [i for i in nums if i > 0 and not lines[i - 1].strip()]
    if not after_empty or len(after_empty) > 0.5 * len(nums):
        return text
    runs = []  # (the cell before, the number) around each run of empty lines
    for i in after_empty:
        a = i - 1
        while a >= 0 and not lines[a].strip():
            a -= 1
        if a >= 0 and lines[a][:1] not in (" ", "\t") and len(lines[a].strip()) <= _MAX_CELL:
            runs.append((a, i))
    # one empty line may be a reader's break between blocks (PyMuPDF's blocks), two or more
    # before a number only empty paragraphs: without such a run the empty lines say nothing
    if not any(i - a > 2 for a, i in runs):
        return text
    for a, i in runs:
        for k in range(a + 1, i):
            lines[k] = " "
    return "\n".join(lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _markup_indentation(text: str) -> str:
    """The text nodes of pretty-printed markup, joined as they stand (an HTML page's
    text_content()), print the source's indentation between tags: each cell is a line of its
    own amid whitespace-only lines as wide as the cells' own indentation. Those lines are the
    markup's layout, not blank cells, and become empty lines; a whitespace-only line wider
    than the indentation of the lines around it holds a cell's own space (a blank cell, as
    text nodes print it) and becomes one space. Only where nearly every indented cell line
    stands between whitespace-only lines (a table printed one cell a line, whitespace lines
    its blank cells, has cells next to each other)."""
    lines = text.split("\n")
    bare = [ln.rstrip("\r") for ln in lines]
    ws = [i for i, ln in enumerate(bare) if ln and not ln.strip()]
    cells = [i for i, ln in enumerate(bare)
             if ln.strip() and ln[0] in " \t" and len(ln.strip()) <= _MAX_CELL]
    if len(cells) < 20 or len(ws) < len(cells):
        return _unindented_nodes(text, bare, ws)

    def apart(j: int) -> bool:
        return not (0 <= j < len(bare)) or not bare[j].strip()

    if sum(1 for i in cells if apart(i - 1) and apart(i + 1)) < 0.9 * len(cells):
        return text
    full = [i for i, ln in enumerate(bare) if ln.strip()]
    for i in ws:
        k = bisect.bisect(full, i)
        around = [_indent(bare[full[j]]) for j in (k - 1, k) if 0 <= j < len(full)]
        lines[i] = "" if len(bare[i]) <= max(around, default=0) else " "
    return "\n".join(lines)


def _unindented_nodes(text: str, bare: list[str], ws: list[int]) -> str:
    """Text nodes joined one a line with their own text stripped of nothing but the markup's
    whitespace nodes kept as lines of their own (a parser's text(separator="\n")): cells at
    the margin, each between lines of the indentation ("      ", "    "), which outnumber
    them. Those lines wider than a space are the markup's layout and become empty lines; a
    single space (&nbsp;) stays a blank cell. Only where whitespace-only lines are at least
    twice the text lines and nearly every text line is unindented."""
    text_lines = [ln for ln in bare if ln.strip()]
    if len(text_lines) < 20 or len(ws) < 2 * len(text_lines):
        return text
    if sum(1 for ln in text_lines if ln[0] not in " \t") < 0.9 * len(text_lines):
        return text
    lines = text.split("\n")
    for i in ws:
        if len(bare[i]) >= 2:
            lines[i] = ""
    return "\n".join(lines)


_QUESTION_LINE = re.compile(r"^[ \t]*\?[ \t\r]*$", re.M)


def _unencodable_blank_cells(text: str) -> str:
    """A text saved in a legacy code page ("save as text" of a Word or WPS file on a Chinese
    Windows: GBK) writes a character it cannot encode as "?": a blank cell's own no-break space
    (&nbsp;, what a cell-a-line text prints for it) comes out as a line "?" alone. Where three
    such lines stand, each is the blank cell it replaced ("\xa0"), not a cell with text."""
    if "?" not in text or len(_QUESTION_LINE.findall(text, 0, 1 << 20)) < 3:
        return text
    return _QUESTION_LINE.sub(lambda m: "\xa0" + ("\r" if m.group().endswith("\r") else ""), text)


def _is_tab_join(line: str) -> bool:
    """A line a browser's rendered text (innerText: select all, copy) prints between two cells
    of a row where a cell's text sits in paragraphs: the tab that joins the cells, alone
    ("\t"), or with blank cells' own spaces ("\t\xa0", "\t\xa0\t\xa0\t") or an unwrapped cell's
    text ("\t35") after it."""
    parts = line.split("\t")
    return (len(parts) > 1 and not parts[0] and all(not p.strip() for p in parts[1:-1])
            and len(parts[-1].strip()) <= _MAX_CELL)


def _holds_cell(line: str) -> bool:
    """A line of rendered text that is a cell: text, or a blank cell's own non-breaking space
    ("\xa0", what &nbsp; renders as; a browser collapses every other whitespace of a cell),
    not the empty line that sets a cell's paragraph apart."""
    return bool(line.strip(" \t\r"))


def _tab_lines_between_cells(text: str) -> str:
    """A page's rendered text (a browser's innerText, what select-all-and-copy pastes) joins a
    row's cells by tabs and rows by line breaks, but a cell holding a paragraph (<p>, as Word
    and WPS write cells) is set apart by an empty line each side: a row prints as
    "规范性文件", "", "\t", "", "89", "", "\t", "", "89", the tab lines alone between the
    cells' lines, rows apart by several empty lines. Read as lines, each tab line is a blank
    cell and the numbers no row's (a table read all blank). Where at least 20 lines begin
    with such a tab, nearly all with an empty line before them, each is joined with the cell
    before it (the line above its empty line; nothing where rows' empty lines stand there: a
    row starting with a blank cell) and, when it ends with its tab, the cell after it (the
    line below its empty line): "规范性文件\t89\t89\t89", a tab-separated row."""
    lines = text.split("\n")
    joins = [i for i, ln in enumerate(lines) if _is_tab_join(ln.rstrip("\r"))]
    if len(joins) < 20:
        return text
    if sum(1 for i in joins if i > 0 and not lines[i - 1].strip("\r")) < 0.9 * len(joins):
        return text
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        ln = lines[i].rstrip("\r")
        if not _is_tab_join(ln):
            out.append(lines[i])
            i += 1
            continue
        left = ""
        if len(out) >= 2 and not out[-1].strip("\r") and _holds_cell(out[-2]) and out[-2][:1] not in " \u3000":
            out.pop()
            left = out.pop().rstrip("\r")
        right, step = "", 1
        if (ln.endswith("\t") and i + 2 < n and not lines[i + 1].strip("\r") and _holds_cell(lines[i + 2])
                and not _is_tab_join(lines[i + 2].rstrip("\r"))):
            right, step = lines[i + 2].rstrip("\r"), 3
        out.append(left + ln + right)
        i += step
    return "\n".join(out)


def _tabs_between_fragments(text: str) -> str:
    """A text whose lines nearly all start and end with a tab ("\t规章\t", "\t行\t政\t规\t范性文件\t")
    joined its pieces of text with tabs (a page's text nodes, spans inside a cell among them):
    its tabs separate fragments, not columns of a row (a tab-separated row starts with its
    label). They are read as line breaks (same length: offsets stay), so the page reads as
    one fragment a line, cells apart by empty lines."""
    lines = [ln.rstrip("\r") for ln in text.split("\n") if ln.strip()]
    if len(lines) < 20:
        return text
    wrapped = sum(1 for ln in lines if ln.startswith("\t") and ln.endswith("\t"))
    if wrapped >= 0.9 * len(lines):
        return text.replace("\t", "\n")
    # pieces joined by a space: " 规章 ", and the page's line breaks between them " ": one
    # space each side is the joiner (a line of it alone is empty, a blank cell keeps a space)
    every = [ln.rstrip("\r") for ln in text.split("\n") if ln.rstrip("\r")]
    spaced = sum(1 for ln in every if ln.startswith(" ") and ln.endswith(" "))
    if len(every) >= 40 and spaced >= 0.9 * len(every):
        return "\n".join(ln[1:-1] if len(ln) >= 2 and ln[0] == ln[-1] == " " else ln.strip(" ")
                         for ln in text.split("\n"))
    return text


def _renumber(geometry: dict, before: str, after: str) -> dict:
    """Drawn rows' boxes by their line number in `after` (tab rows are never rewritten by
    aligned.retab, so they are found again by their text, in order)."""
    old_lines, new_lines = before.split("\n"), after.split("\n")
    out, j = {}, 0
    for k in sorted(geometry):
        while j < len(new_lines) and new_lines[j] != old_lines[k]:
            j += 1
        if j < len(new_lines):
            out[j] = geometry[k]
            j += 1
    return out


def _place(doc: Document, geometry: dict) -> None:
    """Character columns (x0, x1) and line numbers (y0, y1) of the rewritten rows' cells; a
    blank cell's box has no text: whether its place is seen (Frag.seen) and its column in doubt."""
    line_of = _line_starts(doc.text)
    fields: Counter = Counter(bisect.bisect_right(line_of, b.start) - 1 for b in doc.blocks if b.kind == "cell")
    for b in doc.blocks:
        if b.kind != "cell":
            continue
        line = bisect.bisect_right(line_of, b.start) - 1
        boxes = geometry.get(line)
        if boxes and b.col < len(boxes) and boxes[b.col] is not None:
            f = boxes[b.col]
            # a drawn cell printing a data frame's missing value ("nan") is a blank whose
            # place the drawing prints, as sure as an empty drawn cell ruled off
            b.blank_seen, b.column_doubt = b.blank and (f.seen or f.text in dataframe.MISSING), f.doubt
            b.column_headed = f.headed
            if f.misread:  # a row whose numbers' reading is in doubt (aligned._digits_apart)
                b.text_confidence = min(b.text_confidence or 1.0, MISREAD_CONFIDENCE)
            if f.grid is not None and fields[line] == len(boxes):
                # a drawn row printing every column of its table, read a field a cell (not
                # one cut further: "3 2", a number's tags broken over its lines): a grid's cell
                b.table = f.grid
            if f.text and not b.blank:
                b.x0, b.x1, b.y0, b.y1 = f.x0, f.x1, f.y0, f.y1


def _line_starts(text: str) -> list[int]:
    out, at = [0], text.find("\n")
    while at != -1:
        out.append(at + 1)
        at = text.find("\n", at + 1)
    return out


def _edgeless_tables(lines: list[str], classes: list[int]) -> set[int]:
    """The lines of pipe tables written without outer pipes (" 规章 | 0 | 0 | 0"): a run of
    pipe-table lines with the same number of pipes in which some line has a cell's text before
    its first pipe and after its last. Such a line is no markdown row by its own look (it
    neither starts nor ends with a pipe) and becomes one; in the run, a line starting or
    ending with a pipe has an empty first or last cell, not an outer pipe (its cells were read
    a column off: " | 自然人 | …" put 自然人 under the label column). Changes `classes`."""
    out: set[int] = set()
    n = len(lines)
    i = 0
    while i < n:
        count = lines[i].count("|")
        if count < 2 or classes[i] not in (MDROW, PLAIN, INDENTED):
            i += 1
            continue
        j = i
        while j < n and lines[j].count("|") == count and classes[j] in (MDROW, PLAIN, INDENTED):
            j += 1
        run = range(i, j)
        if j - i >= 3 and any(md.edgeless(lines[k]) for k in run) and sum(classes[k] == MDROW for k in run) >= 2:
            for k in run:
                classes[k] = MDROW
                out.add(k)
        i = j
    return out


_PADDED_CELL = re.compile(r"^([^|]*[^|\s][^|]*?)\s*\|[|\s]*\|\s*$")


def _padded_cells(lines: list[str], classes: list[int]) -> dict[int, str]:
    """Layout (b) lines that print a cell and the row's padding after it ("8 | |||||||||"): a
    table printed one cell a line whose last cell spans several columns of the grid (Word's
    tables: a row's last cell spread over the columns other rows split) gets the empty cells of
    its span on its own line. One cell then only empty ones, right after a layout (b) line, is
    that cell and the row break, not a markdown row of one value. {line: cell text}."""
    out: dict[int, str] = {}
    prev = EMPTY
    for i, line in enumerate(lines):
        cls = classes[i]
        if cls == MDROW and prev in (PIPECELL, PIPES) and not line.lstrip().startswith("|"):
            m = _PADDED_CELL.match(line.strip())
            if m:
                out[i] = m.group(1).strip()
        if cls not in (EMPTY, SPACE):
            prev = cls if i not in out else PIPES
    return out


def _parse(text: str, source: Source, markdown: bool) -> Document:
    lines = text.split("\n")
    classes = [classify(ln) for ln in lines]
    title, meta = parse_header(lines)
    blocks: list[Block] = []
    row = -1
    table = -1
    md_open = False  # inside a contiguous run of markdown rows
    md_rows = 0
    prev_sig = PLAIN  # class of the previous non-empty line
    prev_cell_line = False  # the previous raw line was a layout (c) cell or its continuation

    def add(text_: str, kind: str, a: int, b: int, col: int = 0, **kw) -> None:
        blocks.append(Block(text_, kind, a, b, row=row, col=col, **kw))

    def brk(a: int) -> None:
        nonlocal row
        if blocks and blocks[-1].kind != "break":
            row += 1
            add("", "break", a, a)

    bare = _edgeless_tables(lines, classes)
    padded = {i: t for i, t in _padded_cells(lines, classes).items() if i not in bare}
    spacing = _spacing_lines(lines, classes)
    break_ends = _hard_break_ends(lines, classes)
    paragraphs = _cells_are_paragraphs(lines)
    pos = 0
    for i, line in enumerate(lines):
        start = pos
        pos += len(line) + 1
        cls = classes[i]
        if cls != MDROW:
            md_open = False
        was_cell_line, prev_cell_line = prev_cell_line, False

        if cls == EMPTY:
            if i not in spacing:
                brk(start)
            continue
        if cls == SPACE:
            if i in break_ends:
                brk(start)
                continue
            if "\t" in line and prev_sig == TABROW:
                cls = TABROW  # a row of empty fields
            elif ("\t" in line or prev_sig in _CELLISH or _next_sig(classes, i) in _CELLISH
                  or _between_short_lines(lines, classes, i) or i - 1 in spacing):
                row += 1
                add("", "cell", start, start, blank=True)
                prev_sig = INDENTED
                continue
            else:
                brk(start)
                continue
        prev_sig = cls

        if cls == TABROW:
            row += 1
            a = start
            for col, field in enumerate(line.split("\t")):
                t = strip_cell(field)
                t = "" if t in dataframe.MISSING else t
                off = a + field.find(t) if t else a
                wrapped = md.wrapped_number(t)  # (a field's number lines: delimited._field)
                add("".join(wrapped) or t, "cell", off, off + len(t), col, blank=not t, wrapped=wrapped)
                a += len(field) + 1
        elif cls == PIPES:
            if len(line.strip()) == 1:
                row += 1
                add("", "cell", start, start, blank=True)
            else:
                brk(start)
        elif i in padded:  # a layout (b) cell and its row's padding: the cell, then the row's end
            t = padded[i]
            a = start + line.find(t)
            row += 1
            add(t, "cell", a, a + len(t))
            brk(start + len(line))
        elif cls == MDROW:
            cells = md.split_row(line, start, outer=i not in bare)
            if not md_open:
                md_open, md_rows = True, 0
                table += 1
            md_rows += 1
            if md.is_separator(cells, md_rows == 2):
                continue
            row += 1
            for col, (t, a, b) in enumerate(cells):
                if t.startswith("_") or t.endswith("_"):
                    # underscores at a cell's edges: the bottom rule a text table draws under its
                    # row's last line ("|_23__|", the C++ html2text), or emphasis marks ("_23_")
                    u = t.strip("_").strip()
                    a, b = (a + t.find(u), a + t.find(u) + len(u)) if u else (a, a)
                    t = u
                if t in dataframe.MISSING:  # a data frame's missing value: a blank cell, its place printed
                    t, b = "", a
                add(t, "cell", a, b, col, table=table, blank=not t, wrapped=md.wrapped_number(text[a:b]))
        elif cls == PIPECELL or (cls == INDENTED and len(line.strip()) <= _MAX_CELL):
            t = strip_cell(line)
            a = start + line.find(t) if t else start
            row += 1
            add(t, "cell", a, a + len(t), blank=not t)
            prev_cell_line = cls == INDENTED
        elif (paragraphs and cls == PLAIN and i and classes[i - 1] == PLAIN and blocks
              and blocks[-1].kind == "line"
              and _fragment_joins(blocks[-1].text, lines[i - 1], line, lines[i + 1] if i + 1 < len(lines) else "")):
            b = blocks[-1]  # one cell's text broken over lines (see _fragment_joins)
            t = line.strip()
            b.text += t
            b.end = start + line.find(t) + len(t)
        elif was_cell_line and blocks and _continues_cell(blocks[-1].text, line):
            b = blocks[-1]
            t = line.strip()
            b.text += t
            b.end = start + line.find(t) + len(t)
            prev_cell_line = True
            prev_sig = INDENTED
        else:
            t = line.strip()
            if markdown:
                if md.is_rule(line):
                    brk(start)
                    continue
                h = md.heading(line)
                if h:
                    level, t = h
                    if not t:
                        continue
                    if title is None and level == 1:
                        title = t
            a = start + max(line.find(t), 0)
            row += 1
            add(t, "line", a, a + len(t))
    while blocks and blocks[-1].kind == "break":
        blocks.pop()
    return Document(source=source, text=text, blocks=blocks, title=title, meta=meta)


def _spacing_lines(lines: list[str], classes: list[int]) -> set[int]:
    """Empty lines that are line spacing, not row breaks. A reader that prints each table
    cell as its own paragraph (a text browser's dump, a PDF reader's default order) puts
    empty lines between cells and drops blank cells: empty lines before a number cell alone
    on its line, after a short line, say nothing about rows (labels, not the spacing, start
    the rows). A table printed one cell per line with an empty line ending each row is not
    changed by this: each of its rows starts with a label cell, never with a number."""
    n = len(lines)

    def short(j: int) -> bool:
        return 0 <= j < n and classes[j] not in (EMPTY, SPACE, TABROW, MDROW, PIPES) \
            and len(lines[j].strip()) <= _MAX_CELL

    out: set[int] = set()
    i = 0
    while i < n:
        if classes[i] != EMPTY:
            i += 1
            continue
        j = _past_empty(classes, i)
        t = lines[j].strip() if j < n else ""
        # after a number or label cell, or after a blank cell that is itself a paragraph
        cell_before = short(i - 1) or (i >= 2 and classes[i - 1] == SPACE and i - 2 in out)
        if (cell_before and short(j) and (_QUANTITY.match(t) or t in NOT_APPLICABLE)
                and not _dashed(lines, classes, i - 1, j)):
            out.update(range(i, j))
        elif cell_before and j < n and classes[j] == SPACE and (
                _cell_follows(lines, classes, j) or (classes[i - 1] == SPACE and i - 2 in out)):
            # a blank cell printed as a paragraph of its own (" "): amid a row's cells, or the
            # last of a run of them (a row printed all blank ends in one)
            out.update(range(i, j))
        i = j
    return out


def _hard_break_ends(lines: list[str], classes: list[int]) -> set[int]:
    """Whitespace-only lines that end a paragraph closed by a markdown hard break ("2629  "),
    not blank cells: a converter printing a table one cell a paragraph ends each row with a
    break and a line of spaces ("2629  \n  \n"). After a line of spaces that itself ends in
    a break ("   ": a blank cell's space and the break) only where the file ends rows so
    (pretty-printed markup's indentation, "      \n    ", is no break)."""
    def broken(j: int) -> bool:
        return len(lines[j]) > 2 and lines[j].endswith("  ")

    after_text = {i for i in range(1, len(lines))
                  if classes[i] == SPACE and classes[i - 1] > SPACE and broken(i - 1)}
    if len(after_text) < 2:
        return after_text
    return after_text | {i for i in range(1, len(lines))
                         if classes[i] == SPACE and classes[i - 1] == SPACE and broken(i - 1)}


def _past_empty(classes: list[int], k: int) -> int:
    """The first line from k that is not empty (len(classes) if none)."""
    while k < len(classes) and classes[k] == EMPTY:
        k += 1
    return k


def _cell_follows(lines: list[str], classes: list[int], j: int) -> bool:
    """After the whitespace-only line j (and empty lines), another blank cell or a number
    cell alone on its line: j is a blank cell amid a row's cells, not the end of a row."""
    k = _past_empty(classes, j + 1)
    if k >= len(lines):
        return False
    t = lines[k].strip()
    return classes[k] == SPACE or (len(t) <= _MAX_CELL and bool(_QUANTITY.match(t) or t in NOT_APPLICABLE))


_DASHES = {"-", "－", "—", "–"}


def _dashed(lines: list[str], classes: list[int], before: int, at: int) -> bool:
    """A number between two dash lines ("-", "1", "-"): a page number "- 1 -" printed one
    piece per paragraph, not a cell."""
    after = _past_empty(classes, at + 1)
    return (lines[before].strip() in _DASHES and after < len(lines) and lines[after].strip() in _DASHES
            and lines[at].strip().isdigit())


def _between_short_lines(lines: list[str], classes: list[int], i: int) -> bool:
    """A whitespace-only line amid short unindented lines next to a number (a table
    printed one cell per line without indentation) is an empty cell, not a break."""
    def near(step: int) -> str | None:
        j = i + step
        while 0 <= j < len(lines) and classes[j] == SPACE:
            j += step
        return lines[j].strip() if 0 <= j < len(lines) and classes[j] != EMPTY else None

    before, after = near(-1), near(1)
    run = 1  # whitespace-only lines in this run: several in a row are a row of empty cells
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and classes[j] == SPACE:
            run, j = run + 1, j + step
    if run >= 2 and before is not None and 0 < len(before) <= _MAX_CELL:
        return True  # a label followed by a row of empty cells
    return (before is not None and after is not None
            and 0 < len(before) <= _MAX_CELL and 0 < len(after) <= _MAX_CELL
            and bool(_QUANTITY.match(before) or _QUANTITY.match(after)))


def _next_sig(classes: list[int], i: int) -> int:
    for c in classes[i + 1:i + 4]:
        if c not in (EMPTY, SPACE):
            return c
    return EMPTY
