"""Facts about table cells that hold for every loader that recovers a grid from drawn rules."""
from __future__ import annotations

import re

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
