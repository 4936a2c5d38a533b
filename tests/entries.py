"""Hand-made assembler entries for the tests of extractor.reorder (regroup)."""
from __future__ import annotations

from extractor.solve import Token


class Entry:
    """What regroup reads of an entry: its row label, its tokens, whether they were moved."""

    def __init__(self, label: str, texts: list[str]):
        self.label, self.tokens, self.moved = label, [Token(t, True) for t in texts], False


def sums_hold(label: str, toks: list) -> bool:
    """A row's identity: its last cell is the sum of the others."""
    *parts, total = [int(t.text) for t in toks]
    return sum(parts) == total
