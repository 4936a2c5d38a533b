"""The document model: what every loader produces and every later stage reads.

A document is an ordered list of blocks. A block is one piece of text as laid out in
the source: a line of text (a wrapped paragraph is one line), a table cell, or a row break
(see BLOCK_KINDS). Layout facts the loader knows
(grid position after span expansion, the layout row a block belongs to, whether it is
an explicit blank cell) travel with it, and so does its source offset so every value
can be traced back. Nothing here depends on the input format (cf. Docling).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# What Block.kind can be. Loaders make the first three; the pipeline makes "piece".
BlockKind = Literal["line", "cell", "break", "piece"]
BLOCK_KINDS: dict[str, str] = {
    "line": "a line of text outside any table (a paragraph the page width wrapped is one line)",
    "cell": "a table cell at a grid position (row, col, spans); blank=True when printed empty",
    "break": "an empty line ending a row of a text layout (text loader only; empty text and span)",
    "piece": "part of a line split by segment.split_runs (a number, or the text between numbers)",
}


@dataclass
class Source:
    name: str
    sha256: str
    format: str  # the name of a registered input format (extractor.loaders.registry.FORMATS)
    path: str | None = None
    encoding: str | None = None


@dataclass
class Block:
    text: str
    kind: BlockKind  # one of BLOCK_KINDS
    start: int = 0  # offset of the block in Document.text
    end: int = 0
    row: int = 0  # layout row: blocks printed on one row of a table (or one line) share it
    col: int = 0  # position within the layout row (grid column for real tables)
    table: int | None = None  # index of the source table (HTML/markdown/DOCX grid), if any
    rowspan: int = 1
    colspan: int = 1
    blank: bool = False  # an explicit empty cell (kept distinct from a missing one)
    # a blank cell whose place the layout shows, in text that has positions only (a drawn
    # cell between rules, a gap under columns many rows establish): read, not inferred
    blank_seen: bool = False
    # which column the cell stands in is in doubt (positional text: two neighbouring columns
    # that no row prints both of may be one column printed at two positions)
    column_doubt: bool = False
    # that doubt is the header's: only the headings' places give the column, and they do not
    # prove it (character text whose headings and numbers are placed each by their own line's
    # characters; no row prints every column - aligned._at_heading_edges)
    column_headed: bool = False
    # a cell whose number the source printed over lines ("5<br>3"): its lines' texts. One
    # number wrapped in a narrow cell, or two cells a PDF table reader merged; which, only
    # the row's count of cells and its identities can say (solve reads it both ways)
    wrapped: tuple[str, ...] = ()
    page: int | None = None
    # Geometry, where the source has it (None where it does not: plain HTML, DOCX, markdown).
    # x0/x1: left/right edge of the block's text. Units depend on the source and are only
    # comparable within one document: character columns for space-aligned text (0-based, a
    # CJK character counts 2 columns, as a terminal prints it), pt for PDF text layers and
    # OCR'd pages (pixels scaled to pt), px for absolutely positioned HTML.
    # y0/y1: top/bottom in the same units (a text line's index for aligned text, y1 = y0 + 1).
    # `page` (above) is 1-based where known. The classifier may use these as alignment
    # features (a value under its column header, a label column's indentation).
    x0: float | None = None
    x1: float | None = None
    y0: float | None = None
    y1: float | None = None
    # how sure the loader is of the text itself (OCR confidence); None for a text layer
    text_confidence: float | None = None
    # filled in by the classifier
    label: str | None = None
    proba: float = 1.0
    alt: dict[str, float] = field(default_factory=dict)  # top label probabilities


@dataclass
class Document:
    source: Source
    text: str  # the document's plain text (narrative, metadata and offsets refer to it)
    blocks: list[Block]
    title: str | None = None  # <title>, a crawler header, or the file's metadata title
    meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def rows(self) -> list[list[Block]]:
        """Blocks grouped by layout row, in document order."""
        out: list[list[Block]] = []
        for b in self.blocks:
            if out and out[-1][0].row == b.row:
                out[-1].append(b)
            else:
                out.append([b])
        return out


class LoadError(Exception):
    """A file that cannot be read as a report (corrupt, encrypted, unsupported)."""
