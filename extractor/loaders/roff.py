"""A text typeset for troff (man, ms: what a document converter writes for a typesetter): its
request lines (".PP", ".br", ".nr LL 17.5n", ".SH 3") are directives to the typesetter,
never a report's content - a number in one ("17.5" of ".nr LL 17.5n", the level "3" of
".SH 3") is no value - and its tables are tbl blocks (".TS", options, format lines up to
one ending in ".", then the data up to ".TE"): a row is a line, its cells apart by the tab
character, and a cell holding text of its own is a text block "T{" ... "T}" over several
lines (request lines inside it). Rewritten here as what the typesetter prints: a tbl row
one tab-separated line of its cells' text, request lines dropped."""
from __future__ import annotations

import re

# a request (or a macro call): a control character at the line's start, then a name
_REQUEST = re.compile(r"^[.'][A-Za-z][A-Za-z0-9_]*(?:[ \t].*)?$")
_TAB_OPTION = re.compile(r"\btab\s*\((.)\)")
_MIN_REQUESTS = 20  # a text with fewer such lines is not typeset for troff


def _is_request(line: str) -> bool:
    return bool(_REQUEST.match(line))


def _typeset(lines: list[str]) -> list[str]:
    """The lines outside tbl blocks (".TS" up to ".TE", those two kept): a table's data lines
    are tbl's input, no more a report's plain lines than requests are."""
    out, inside = [], False
    for ln in lines:
        mark = ln.strip()
        if mark == ".TS":
            inside = True
        if not inside or mark in (".TS", ".TE"):
            out.append(ln)
        if mark == ".TE":
            inside = False
    return out


def is_roff(text: str) -> bool:
    """At least 20 request lines, a tenth of the non-empty lines outside tbl blocks or more,
    and a tbl block or paragraph macros among them: no plain report starts that many lines
    with a dot and a name. (A report whose tables hold most of its lines - hundreds of tbl
    data lines, "T{" … "T}" - is typeset for troff all the same.)"""
    if "\n." not in text and not text.startswith("."):
        return False
    lines = [ln.rstrip("\r") for ln in text.split("\n") if ln.strip()]
    requests = [ln for ln in lines if _is_request(ln)]
    if len(requests) < _MIN_REQUESTS or len(requests) < 0.1 * len(_typeset(lines)):
        return False
    names = {ln[1:].split(None, 1)[0] for ln in requests}
    return bool(names & {"TS", "PP", "LP", "P", "br", "SH", "TH"})


_FONT = re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)")  # \fB, \f[B], \f(CW: a font change
_QUOTES = {"lq": "“", "rq": "”", "oq": "‘", "cq": "’", "rs": "\\", "em": "—", "en": "–", "hy": "-"}
_NAMED = re.compile(r"\\(?:\[(\w\w)\]|\((\w\w))")
_UNICODE = re.compile(r"\\\[u([0-9A-F]{4,6})\]")  # \[u4E00]: a character by its code point


def _escapes(text: str) -> str:
    """A line as printed: the escapes that print nothing (\\& a zero-width mark, \\c a joined
    line, a font change), an unpaddable space (\\ , \\~) as a space, named characters and
    characters by code point (\\[u4E00])."""
    if "\\" not in text:
        return text
    text = _FONT.sub("", text.replace("\\&", "").replace("\\c", ""))
    text = text.replace("\\ ", " ").replace("\\~", " ").replace("\\0", " ")
    text = _UNICODE.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = _NAMED.sub(lambda m: _QUOTES.get(m.group(1) or m.group(2), m.group(0)), text)
    return text.replace("\\e", "\\")


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


def _table(lines: list[str], i: int, out: list[str]) -> int:
    """The tbl block whose ".TS" is lines[i]: its rows appended to out as tab-separated lines;
    returns the index after its ".TE" (or the text's end)."""
    n = len(lines)
    i += 1
    tab = "\t"
    # the options line (ending in ";"), then format lines up to the one ending in "."
    if i < n and lines[i].rstrip().endswith(";"):
        m = _TAB_OPTION.search(lines[i])
        if m:
            tab = m.group(1)
        i += 1
    while i < n and not lines[i].rstrip().endswith("."):
        if lines[i].strip() == ".TE":
            return i + 1
        i += 1
    i += 1
    row: list[str] = []
    cell: list[str] = []
    in_block = False
    while i < n:
        ln = lines[i].rstrip("\r")
        i += 1
        if in_block:
            if not ln.startswith("T}"):
                if not _is_request(ln):
                    cell.append(_escapes(ln))
                continue
            in_block = False
            row.append(_join(cell))
            cell = []
            ln = ln[2:]
            if not ln.startswith(tab):  # the row ends with the text block
                out.append("\t".join(row))
                row = []
                continue
            ln = ln[1:]
        elif ln.strip() == ".TE":
            break
        elif _is_request(ln) or ln.strip() in ("_", "=", ""):
            continue
        parts = ln.split(tab)
        if parts[-1] == "T{":
            row.extend(_escapes(p) for p in parts[:-1])
            in_block = True
            continue
        row.extend(_escapes(p) for p in parts)
        out.append("\t".join(row))
        row = []
    if row or cell:
        out.append("\t".join(row + ([_join(cell)] if cell else [])))
    return i


def plain(text: str) -> str | None:
    """What a troff text prints (module docstring); None where the text is not typeset for troff."""
    if not is_roff(text):
        return None
    lines = text.split("\n")
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        ln = lines[i].rstrip("\r")
        if ln.strip() == ".TS":
            i = _table(lines, i, out)
            continue
        i += 1
        if _is_request(ln):
            while ln.endswith("\\") and i < n:  # a request continued on the next line
                ln = lines[i].rstrip("\r")
                i += 1
            continue
        out.append(_escapes(ln))
    return "\n".join(out)
