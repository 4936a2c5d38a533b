"""Text helpers shared by everything that compares printed wording with the form's."""
from __future__ import annotations

import re
import unicodedata

_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．,，]|[（(]\s*\d{1,2}\s*[）)])\s*"
)
_SPACE = re.compile(r"[\s*#]+")  # whitespace and markdown emphasis/heading marks


def normalize(text: str) -> str:
    """NFKC, no whitespace, unified quotes: the form aliases are written in."""
    t = unicodedata.normalize("NFKC", text)
    t = _SPACE.sub("", t)
    return t.replace("\u201c", '"').replace("\u201d", '"')


def numbered(text: str) -> bool:
    """Starts with a numbering ("（二）", "2.", "三、"): a row's own label, not a wrapped line."""
    return bool(_NUMBERING.match(text))


def strip_numbering(text: str) -> str:
    """'（三）不予公开' -> '不予公开', '2. 重复申请' -> '重复申请'."""
    t = text
    for _ in range(2):  # "三、（一）予以公开"
        t2 = _NUMBERING.sub("", t)
        if t2 == t:
            break
        t = t2
    return t
