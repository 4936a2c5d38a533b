"""Texinfo: its multitables rewritten as pipe tables, its @-commands around text as text.

    @multitable {第二十条第(八)项} {本年收费金额} ...   (or @columnfractions .2 .8)
    @headitem 信息内容 @tab 本年制发件数             a header row
    @item                                          a row; "@tab" starts its next cell,
    规章                                           cells run over lines
     @tab 0
    @end multitable

A multitable has no merged cells: its writer drops the cells a merged one covers, so a row
under a rowspan starts a column early. Each table becomes markdown pipe rows in place, which
the markdown loader reads as it reads any pipe table - the rows that lost covered cells put
back in their columns (markdown.py); outside tables, sectioning commands become markdown headings, `@node` and `@top`
lines (the document's tree, "Top") and `@anchor{id}` print nothing, `@strong{一、总体情况}` prints its text.
"""
from __future__ import annotations

import re

from .. import limits
from ..model import LoadError

_BEGIN = re.compile(r"^[ \t]*@multitable\b[^\n]*$", re.M)
_END = re.compile(r"^[ \t]*@end[ \t]+multitable\b[^\n]*$", re.M)
_ROW = re.compile(r"(?:^|\n)[ \t]*@(?:item|headitem)\b")
_TAB = re.compile(r"@tab\b")
_LEVEL = {"chapter": 1, "unnumbered": 1, "appendix": 1, "section": 2, "unnumberedsec": 2,
          "appendixsec": 2, "subsection": 3, "unnumberedsubsec": 3, "subsubsection": 4,
          "unnumberedsubsubsec": 4, "heading": 2, "subheading": 3, "subsubheading": 4}
_SECTION = re.compile(rf"^[ \t]*@({'|'.join(_LEVEL)})[ \t]+(\S[^\n]*)$", re.M)
_SILENT_LINE = re.compile(r"^[ \t]*@(?:node|top|c|comment|setfilename|settitle|bye|menu|end menu|printindex|"
                          r"contents|noindent|page|sp|need|cindex|findex|vindex|kindex)\b[^\n]*$", re.M)
_SILENT = re.compile(r"@(?:anchor|footnote|cindex|w)\{[^{}\n]*\}")
_ESCAPES = {"@@": "@", "@{": "{", "@}": "}", "@*": "\n", "@.": ".", "@:": "", "@ ": " ", "@-": ""}
_ESCAPE = re.compile(r"@[@{}*.: \-]")
_COMMAND = re.compile(r"@[A-Za-z]+")  # a command's name (its argument stays as a group)


def tables(text: str) -> bool:
    """Does the text hold a Texinfo multitable (begun and ended)?"""
    m = _BEGIN.search(text)
    return bool(m) and _END.search(text, m.end()) is not None


def to_pipes(text: str) -> str | None:
    """The text with its multitables as pipe tables and its commands as plain text, or None
    when it holds no multitable."""
    if "@multitable" not in text or not tables(text):
        return None
    out, at, cells = [], 0, 0
    while True:
        m = _BEGIN.search(text, at)
        end = _END.search(text, m.end()) if m else None
        if end is None:
            break
        out.append(_plain(text[at:m.start()]))
        table, n = _rows(text[m.end():end.start()])
        cells += n
        if cells > limits.MAX_GRID_CELLS:
            raise LoadError(f"Texinfo tables hold more than {limits.MAX_GRID_CELLS:,} cells "
                            f"(XXGK_MAX_GRID_CELLS): not a report's tables")
        out.append("\n" + table + "\n")
        at = end.end()
    out.append(_plain(text[at:]))
    return "".join(out)


def _rows(body: str) -> tuple[str, int]:
    rows, count = [], 0
    for raw in _ROW.split(body)[1:]:  # (before the first @item: nothing)
        cells = [_plain(c).replace("\n", "").strip().replace("|", "\\|") for c in _TAB.split(raw)]
        count += len(cells)
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows), count


def _plain(text: str) -> str:
    """Text less Texinfo's commands: sections as markdown headings, escapes as what they
    stand for, `@node` lines and anchors as nothing, other commands' groups as their text."""
    if "@" not in text:
        return text
    text = _SECTION.sub(lambda m: "#" * _LEVEL[m.group(1)] + " " + m.group(2).strip(), text)
    text = _SILENT.sub("", _SILENT_LINE.sub("", text))
    keep = {}

    def hold(m: re.Match) -> str:  # escaped characters survive the brace removal below
        keep[f"\x00{len(keep)}\x00"] = _ESCAPES[m.group(0)]
        return f"\x00{len(keep) - 1}\x00"

    text = _ESCAPE.sub(hold, text)
    text = _COMMAND.sub("", text).replace("{", "").replace("}", "")
    for k, v in keep.items():
        text = text.replace(k, v)
    return text

