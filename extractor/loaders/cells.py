"""Cell and line text as every loader writes it (the block contract), and facts about
table cells that hold for every loader that recovers a grid from drawn rules."""
from __future__ import annotations

import re

CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# whitespace between two CJK characters is source formatting, never printed text
_CJK_GAP = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
_NUMBER = re.compile(r"[+-]?\d[\d,.]*")


def lost_rule_split(text: str, span: int) -> list[str] | None:
    """The numbers of a cell spanning `span` columns that holds exactly `span` separate
    numbers, else None. A faint or broken rule between two value cells (common in scans,
    seen in exports too) merges them into one wide cell; each number goes back to its own
    column. A merged cell with anything else in it stays one cell."""
    parts = text.split()
    if span >= 2 and len(parts) == span and all(_NUMBER.fullmatch(p) for p in parts):
        return parts
    return None


_WHOLE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:万元|元)?$")


def number_lines(lines) -> tuple[str, ...]:
    """The lines of a cell that prints a number over lines ("53" over "0"): two or more, every
    one a whole number; () for any other cell. One number wrapped in a narrow cell, or two
    cells a PDF table reader merged into one (camelot: 商业企业 and 科研机构 as "53\n0"): which,
    only the row's count of cells and its identities say (Block.wrapped; solve reads both)."""
    out = tuple(x.strip() for x in lines if x.strip())
    return out if len(out) > 1 and all(_WHOLE.match(x) for x in out) else ()


def numbers_apart(text: str) -> tuple[str, ...]:
    """The numbers of a one-line cell printing two or more whole numbers apart ("71 4937": a PDF
    table reader merged two cells of a row, camelot's 其他 and 总计), as number_lines gives a
    cell's lines: one number printed with digit groups apart, or cells merged - the row's count
    of cells and its identities say which (Block.wrapped); () for any other cell."""
    return number_lines(text.split()) if len(text.strip().splitlines()) == 1 else ()


def cell_numbers(text: str) -> tuple[str, ...]:
    """A grid cell's numbers kept apart: one a line (number_lines) or, on one line, apart
    (numbers_apart) - the lines a CSV field or a JSON cell's text hands the text reader."""
    return number_lines(text.splitlines()) or numbers_apart(text)


def clean(text: str) -> str:
    """Collapse whitespace (nbsp and ideographic space included); drop it between CJK."""
    t = " ".join(text.split())
    return _CJK_GAP.sub("", t) if " " in t else t


def strip_cell(raw: str) -> str:
    """Cell text per the block contract: no edge whitespace, no edge pipes."""
    t = raw.strip()
    while t[:1] == "|" or t[-1:] == "|":
        t = t.strip("|").strip()
    return t
