"""Document text and block offsets, built one printed row at a time: the one way loaders
that lay a page out (HTML, DOCX, PDF, OCR) write Document.text.

Document.text is one line per printed row: a line of text, or a table row as its cells
joined by tabs. Every block's start/end is where its text sits in that line, so
doc.text[b.start:b.end] == b.text for every block. A cell the loader cut into parts (the
numbers of a cell whose inner rule was lost, cells.lost_rule_split) is printed whole and
each part's block points at its own text inside it.

The builder only places blocks: their kind, row, col, table, spans, page, confidence are
the loader's. (The text and markdown loaders make no text: their Document.text is the
file's text and block offsets are offsets into it.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..model import Block, Document, Source


@dataclass
class Split:
    """One printed cell (`text`) read as several blocks, each one's text a piece of it in order."""
    text: str
    parts: list[Block] = field(default_factory=list)


class DocumentBuilder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._lines: list[str] = []
        self._pos = 0  # offset of the next line in the text

    @property
    def next_row(self) -> int:
        """How many rows are printed so far: the layout row id of the next one, for loaders
        that number rows as they print them."""
        return len(self._lines)

    def line(self, text: str, **attrs) -> Block:
        """A line block of its own row (row = next_row unless given)."""
        attrs.setdefault("row", self.next_row)
        block = Block(text, "line", **attrs)
        self.row([block])
        return block

    def row(self, cells: Sequence[Block | Split]) -> None:
        """One printed row of blocks (a line, or a table row's cells in order)."""
        a = self._pos
        printed: list[str] = []
        for c in cells:
            if isinstance(c, Split):
                at = 0  # offsets within the cell's printed text
                for part in c.parts:
                    at = c.text.index(part.text, at)
                    self._place(part, a + at)
                    at += len(part.text)
                text = c.text
            else:
                self._place(c, a)
                text = c.text
            printed.append(text)
            a += len(text) + 1
        line = "\t".join(printed)
        self._lines.append(line)
        self._pos += len(line) + 1

    def rows(self, rows: list[tuple]) -> None:
        """Layout rows as the HTML and DOCX readers collect them: ("line", text) or
        ("cells", table, [(text, col, rowspan, colspan[, wrapped]), ...]) - wrapped: a cell's
        number lines (cells.number_lines)."""
        for item in rows:
            if item[0] == "line":
                self.line(item[1])
                continue
            _, table, cells = item
            row = self.next_row
            self.row([Block(t, "cell", row=row, col=col, table=table, rowspan=rs, colspan=cs, blank=not t,
                            wrapped=more[0] if more else ())
                      for t, col, rs, cs, *more in cells])

    def _place(self, block: Block, at: int) -> None:
        block.start, block.end = at, at + len(block.text)
        self.blocks.append(block)

    @property
    def text(self) -> str:
        return "\n".join(self._lines)

    def build(self, source: Source, **kw) -> Document:
        """The Document (kw: title, meta, warnings)."""
        return Document(source=source, text=self.text, blocks=self.blocks, **kw)
