"""Parse printed cell text into typed values (integers, money, blanks)."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MINUS = "-－−"  # ASCII, full-width and typographic minus
_INT = re.compile(rf"^\s*([{_MINUS}+]?)\s*(\d[\d,，]*)")
# a cell printing nothing but digit groups apart ('4 6 213'): an OCR reading or a thousands
# gap of ONE number far more often than several numbers in one cell; read joined, but which it
# is the text cannot say (malformed_count), so a person looks
# a run of numbers one or more spaces apart ("12  1   1 14"), as a row's cells print when joined
DIGIT_GROUPS = re.compile(r"\d+(?: +\d+)+")
_SPACED = re.compile(rf"^\s*[{_MINUS}+]?\s*\d+(?:[ \u3000\u00a0]+\d+)+\s*$")
_MONEY = re.compile(r"^\s*([-+]?\d[\d,，]*(?:\.\d+)?)\s*(万元|万|元)?")
# what a unit multiplies: '9.98万' is 9.98万元 (the 元 dropped), never 9.98 元
_UNIT_YUAN = {"万元": 10000, "万": 10000, "元": 1}
NOT_APPLICABLE = {"/", "-", "—", "－", "／", "--", "——", "无", "空", "\\"}


def parse_int(text: str | None) -> int | None:
    """'30927' -> 30927, '+14' -> 14, '22（其中修订 16 件）' -> 22, '' or '/' -> None."""
    if text is None:
        return None
    t = text.strip()
    if not t or t in NOT_APPLICABLE:
        return None
    if _SPACED.match(t):
        t = re.sub(r"(?<=[\d.])[ \u3000\u00a0]+(?=[\d.])", "", t)
    m = _INT.match(t)
    if not m:
        return None
    n = int(m.group(2).replace(",", "").replace("，", ""))
    return -n if m.group(1) not in ("", "+") else n


_FRACTION = re.compile(r"^\s*[.．。·]\s*\d")


def malformed_count(text: str | None) -> bool:
    """A count printed with a fractional part ('10.32'): a typing slip or a misread speck; or
    as digit groups apart ('4 6 213'): one number or several; which digits are the count is
    unknown, so its reading needs a person."""
    if not text:
        return False
    if _SPACED.match(text):
        return True
    m = _INT.match(text)
    return bool(m) and _FRACTION.match(text[m.end():]) is not None


_MONEY_UNIT = re.compile(r"\d\s*(?:万元|元)\s*$")
# digits after an amount's decimal part ('9..98万元', '1.2.5元'): a slip, which digits are the amount is
# unknown; or another number after it ('1.2 3.4万元': two decimal points, no one amount wrapped)
_MONEY_REST = re.compile(r"^\s*(?:[.．。·]+\s*)?\d")
# a decimal point with no digit after it, right before the unit ('59441723.万元': an OCR'd page's
# point put after the digits it stood between): where the point belongs, and so the amount, is unknown
_POINT_UNIT = re.compile(r"^\s*[.．。·]+\s*(?:万元|万|元)")


# an amount printed as digit groups apart ('377472 104.29元': a narrow cell wrapped it): read
# joined, like a count (_SPACED), but which digits are the amount the text cannot say
# ('5 94417. 23万元', '953. 318万元': a narrow cell wraps at the decimal point too); one point at most
_SPACED_MONEY = re.compile(rf"^\s*[{_MINUS}+]?\s*\d[\d,，.]*(?:[ \u3000\u00a0]+[\d.][\d,，.]*)+\s*(?:万元|元)?\s*$")


def _spaced_money(text: str) -> bool:
    return bool(_SPACED_MONEY.match(text)) and text.count(".") <= 1 and not re.search(r"\.\s*$|\.\s*[万元]", text)


def malformed_money(text: str | None) -> bool:
    """An amount printed as digit groups apart: one amount or several, the text cannot say; or
    with digits after its decimal part ('9..98万元'), or a point with no digits after it before
    its unit ('59441723.万元'): which digits are the amount is unknown."""
    if not text:
        return False
    if _spaced_money(text):
        return True
    m = _MONEY.match(text)
    return bool(m) and (_MONEY_REST.match(text[m.end():]) is not None or _POINT_UNIT.match(text[m.end():]) is not None)


def money_printed(text: str | None) -> bool:
    """A cell printing an amount of money ('4930000元', '12.5万元'): never a count."""
    return bool(text) and _MONEY_UNIT.search(text) is not None


def parse_money(text: str | None, default_unit: str | None = None) -> dict | None:
    """'594417.23万元' -> {'text': ..., 'yuan': 5944172300}; a bare number takes default_unit."""
    if text is None:
        return None
    t = text.strip()
    if not t or t in NOT_APPLICABLE:
        return None
    if _spaced_money(t):
        t = re.sub(r"(?<=[\d.])[ \u3000\u00a0]+(?=[\d.])", "", t)
    m = _MONEY.match(t)
    if not m:
        return None
    try:
        amount = Decimal(m.group(1).replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    unit = m.group(2) or default_unit or "元"
    yuan = amount * _UNIT_YUAN.get(unit, 1)
    yuan_num: int | float = int(yuan) if yuan == yuan.to_integral_value() else float(round(yuan, 2))
    return {"text": t, "yuan": yuan_num}


def printed_unit(text: str | None) -> str | None:
    """The unit an amount's cell prints after its number ('52.15万元' -> '万元', '9.98万' -> '万'):
    None for a bare number ('52.15'), whose unit only the form, a heading or a note can say."""
    m = _MONEY.match(text or "")
    return m.group(2) if m else None


def numeric(value) -> float:
    """A field value as a number for identities (blank counts as 0)."""
    if value is None:
        return 0
    if isinstance(value, dict):
        return value.get("yuan") or 0
    return value
