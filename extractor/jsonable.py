"""What `json.dumps` is given for the values a report may hold besides plain JSON types
(numpy scalars and arrays, sets, paths): one converter for every writer of reports."""
from __future__ import annotations

from pathlib import Path


def default(o):
    if hasattr(o, "item"):  # numpy scalars
        return o.item()
    if hasattr(o, "tolist"):
        return o.tolist()
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")
