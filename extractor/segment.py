"""Split text lines into label and value pieces.

Scraped reports often lose their cell boundaries: a whole table (or page) becomes one
line such as ``规章000行政规范性文件693665第二十条第（五）项…``. This component cuts such
lines into pieces — runs of numbers, and text split before part/row numbering — so the
classifier sees one candidate label or value at a time. Table cells from real grids are
left whole: their boundaries are already known.
"""
from __future__ import annotations

import re

from . import limits
from .labels import is_page_number
from .model import Block, Document, LoadError

# A run of numbers as printed in a table: digits with spaces, signs, decimals, a money unit.
# Digits directly followed by a unit of prose (年, 件, %, …) are prose, not table values.
_ATOM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"  # thousands separators keep a number whole
_NUMBER_RUN = re.compile(rf"(?<![\d.])[-+]?{_ATOM}(?:\s*[-+]?\s*{_ATOM})*\s*(?:万元|元)?")
_PROSE_UNIT = re.compile(r"\s*[年月日件条个人次%％余多家名号期批宗户天位份篇场届部台套万亿倍岁小分]")
# Numbering that starts a label: 一、 （一） (一) 1. 1、 第二十条
_LABEL_START = re.compile(
    r"(?:[一二三四五六七八九十]+、|(?<!第)[（(]\s*[一二三四五六七八九十]+\s*[）)]|第二十条|注[:：]|(?<![\d.])[1-9]\s*[.、．](?=\s*[\u4e00-\u9fff\"“]))"
)
_SUB_NUMBER_TAIL = re.compile(r"[1-9]\s*$")  # "00000002" + ".其他…": the 2 is numbering


def _value_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NUMBER_RUN.finditer(text):
        s, e = m.start(), m.end()
        raw = text[s:e]
        stripped = raw.rstrip()
        e = s + len(stripped)
        if _PROSE_UNIT.match(text, e) and not stripped.endswith("元"):
            continue
        # a trailing digit followed by '.'/'、' + CJK is the next label's numbering
        nxt = text[e:e + 4]
        if re.match(r"[.、．]\s*[\u4e00-\u9fff\"“]|[.、．]$", nxt or "") and not stripped.endswith("元"):
            if len(stripped.replace(" ", "")) <= 1:
                continue
            tail = _SUB_NUMBER_TAIL.search(stripped)
            if tail:
                e = s + tail.start()
                stripped = text[s:e].rstrip()
                e = s + len(stripped)
                if not stripped:
                    continue
        if e > s:
            spans.append((s, e))
    return spans


def _text_cuts(text: str, lo: int, hi: int) -> list[int]:
    """Offsets inside text[lo:hi] where a new label starts."""
    return [m.start() for m in _LABEL_START.finditer(text, lo, hi) if m.start() > lo]


def split_line(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_value) pieces of one line, in order, whitespace trimmed."""
    pieces: list[tuple[int, int, bool]] = []
    pos = 0
    spans = _value_spans(text)
    for s, e in spans + [(len(text), len(text))]:
        if s > pos:
            cuts = [pos] + _text_cuts(text, pos, s) + [s]
            for a, b in zip(cuts, cuts[1:]):
                seg = text[a:b]
                lstrip = len(seg) - len(seg.lstrip())
                a2, b2 = a + lstrip, a + len(seg.rstrip())
                if b2 > a2:
                    pieces.append((a2, b2, False))
        if e > s:
            pieces.append((s, e, True))
        pos = e
    return pieces


def split_runs(doc: Document) -> Document:
    """Pipeline component: replace mixed text/number lines by their pieces."""
    out: list[Block] = []
    for b in doc.blocks:
        if b.kind != "line" or not any(ch.isdigit() for ch in b.text) or is_page_number(b.text):
            out.append(b)
            continue
        pieces = split_line(b.text)
        if len(pieces) <= 1:
            out.append(b)
            continue
        base = b.start
        for i, (s, e, is_value) in enumerate(pieces):
            out.append(Block(
                text=b.text[s:e], kind="piece" if is_value else "line",
                start=base + s, end=base + e, row=b.row, col=b.col + i,
                table=b.table, page=b.page, text_confidence=b.text_confidence,
            ))
        if len(out) > limits.MAX_BLOCKS:
            raise LoadError(f"the document cuts into more than {limits.MAX_BLOCKS:,} text pieces, over the cap "
                            "for one report (XXGK_MAX_BLOCKS): not a report, or many reports in one file")
    doc.blocks = out
    return doc
