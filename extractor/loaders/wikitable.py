"""MediaWiki markup: its tables rewritten as HTML tables, its inline markup as plain text.

A MediaWiki table is a grid written a cell a line (or several cells a line apart by `||`):

    {| class="wikitable"          table start (attributes ignored)
    |+ caption
    |-                            a new row
    ! 项目 !! 数量                header cells
    | rowspan="2" | 规章 || 3     data cells; "attributes |" before a cell's text
    more text                     continues the cell above
    |}                            table end

Each table becomes an HTML <table> (spans as rowspan/colspan) in place, so the markdown
loader reads it as it reads any raw HTML table in markup (html.py builds the grid, spans
expanded); headings (`== 一、总体情况 ==`) become markdown headings, bold and italic quotes,
links and inline HTML (`<span>规</span><span>章</span>`) print their text.
"""
from __future__ import annotations

import re

_START = re.compile(r"^[ \t]*\{\|")
_END = re.compile(r"^[ \t]*\|\}")
_ROW = re.compile(r"^[ \t]*\|-")
# name=value pairs apart by spaces (a value never holds "=" or a space unquoted: one reading
# of any text, so a failed match is found without trying each split)
_PAIR = r"""[A-Za-z][\w-]*\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'|=]+)"""
_ATTRS = re.compile(rf"\s*{_PAIR}(?:\s+{_PAIR})*\s*")
_SPAN = re.compile(r"""\b(rowspan|colspan)\s*=\s*["']?(\d{1,6})\b""", re.I)
_QUOTES = re.compile(r"'{2,5}")
_LINK = re.compile(r"\[\[(?:[^\[\]|\n]*\|)?([^\[\]|\n]*)\]\]")
_EXTERNAL = re.compile(r"\[(?:https?|ftp)://[^\s\]]+(?: ([^\]\n]*))?\]")
# inline HTML a wiki page may carry (Word's runs, line breaks): its text is the page's text
_INLINE_TAG = re.compile(r"</?(?:span|font|a|b|i|u|em|strong|small|big|sup|sub|s|strike|ins|del|br|o:p)\b[^<>\n]*>", re.I)
_MAX_SPAN = 1000  # html.py caps spans itself (limits.MAX_SPAN); this only bounds the digits


def tables(text: str) -> bool:
    """Does the text hold a MediaWiki table: a `{|` line, a `|-` row line and a `|}` line
    after it?"""
    state = 0
    for line in text.split("\n"):
        if state == 0 and _START.match(line):
            state = 1
        elif state == 1 and _ROW.match(line):
            state = 2
        elif state == 2 and _END.match(line):
            return True
    return False


def to_html(text: str) -> str | None:
    """The text with its MediaWiki tables as HTML tables and its inline markup as text, or
    None when it holds no MediaWiki table."""
    if not tables(text):
        return None
    out: list[str] = []
    table: list[str] | None = None
    for line in _inline(text).split("\n"):
        if table is None:
            if _START.match(line):
                table = []
            else:
                out.append(line)
        elif _END.match(line):
            out.append(_html(table))
            table = None
        else:
            table.append(line)
    if table is not None:  # an unclosed table runs to the end
        out.append(_html(table))
    return "\n".join(out)


def _heading(line: str) -> str:
    """'== 一、总体情况 ==' -> '## 一、总体情况' (a markdown heading); any other line as it is."""
    s = line.strip()
    n = len(s) - len(s.lstrip("="))
    if 1 <= n <= 6 and len(s) > 2 * n and s.endswith("=" * n) and s[n:-n].strip():
        return "#" * n + " " + s[n:-n].strip()
    return line


def _inline(text: str) -> str:
    if "<" in text:
        text = _INLINE_TAG.sub("", text)
    if "=" in text:
        text = "\n".join(_heading(ln) if ln.startswith("=") else ln for ln in text.split("\n"))
    if "''" in text:
        text = _QUOTES.sub("", text)
    if "[" in text:
        text = _EXTERNAL.sub(lambda m: m.group(1) or "", _LINK.sub(r"\1", text))
    return text


def _html(lines: list[str]) -> str:
    """One table's lines (between `{|` and `|}`) as one line of HTML."""
    rows: list[list[tuple[str, str, list[str]]]] = []  # (tag, attrs, text pieces) per cell
    caption: list[str] = []
    for line in lines:
        s = line.strip()
        if _ROW.match(line):
            rows.append([])
        elif s.startswith("|+"):
            caption.append(s[2:].strip())
        elif s[:1] in ("|", "!"):
            if not rows:
                rows.append([])  # cells before the first `|-`: the first row
            tag = "th" if s[0] == "!" else "td"
            for piece in re.split(r"!!|\|\|" if tag == "th" else r"\|\|", s[1:]):
                attrs, body = _attributes(piece)
                rows[-1].append((tag, attrs, [body.strip()]))
        elif rows and rows[-1]:
            rows[-1][-1][2].append(s)  # a cell's text over more lines
        elif s:
            caption.append(s)  # text in a table outside any cell
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{' '.join(caption)}</caption>")
    for row in rows:
        parts.append("<tr>")
        for tag, attrs, body in row:
            spans = "".join(f' {k.lower()}="{min(int(v), _MAX_SPAN)}"' for k, v in _SPAN.findall(attrs))
            parts.append(f"<{tag}{spans}>{''.join(body)}</{tag}>")
        parts.append("</tr>")
    parts.append("</table>")
    return "".join(parts)


def _attributes(piece: str) -> tuple[str, str]:
    """(attributes, text) of a cell written `attrs | text`; a cell without attributes is all
    text (its own pipes included)."""
    bar = piece.find("|")
    if bar > 0 and _ATTRS.fullmatch(piece[:bar]):
        return piece[:bar], piece[bar + 1:]
    return "", piece
