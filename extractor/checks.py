"""The identities (勾稽关系) of the statutory tables, checked on parsed values.

A broken identity is a finding about the report, not a parse error. A row printed only
as totals (its parts all blank) is "not itemised": it neither holds nor breaks.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import template as T


@dataclass
class Check:
    rule: str
    ok: bool
    status: str  # "ok" | "broken" | "not_itemised" | "blank"
    detail: str
    keys: tuple[str, ...]  # the fields the identity involves

    def as_dict(self) -> dict:
        return {"rule": self.rule, "ok": self.ok, "status": self.status, "detail": self.detail}


def _num(v) -> float:
    if isinstance(v, dict):
        return v.get("yuan") or 0
    return v or 0


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _sum_check(rule: str, values: dict, parts: list[str], totals: list[str], row: bool = False) -> Check:
    """sum(parts) == sum(totals), blanks counting as 0.

    A side left wholly blank means "not itemised" — except the total of a row (row=True)
    whose parts are printed: a missing 总计 there breaks the row as printed."""
    pv = [values.get(k) for k in parts]
    tv = [values.get(k) for k in totals]
    keys = tuple(parts + totals)
    if all(v is None for v in pv + tv):
        return Check(rule, True, "blank", "all cells blank", keys)
    if all(v is None for v in pv) or (all(v is None for v in tv) and not row):
        side = "parts" if all(v is None for v in pv) else "totals"
        return Check(rule, True, "not_itemised", f"{side} blank (not itemised)", keys)
    left, right = sum(_num(v) for v in pv), sum(_num(v) for v in tv)
    detail = f"{'+'.join(_fmt(_num(v)) for v in pv)} {'==' if left == right else '!='} {'+'.join(_fmt(_num(v)) for v in tv)}"
    return Check(rule, left == right, "ok" if left == right else "broken", detail, keys)


def check(values: dict, requests_version: str | None) -> list[Check]:
    """Every identity of the spec over a flat {key: value} mapping."""
    out: list[Check] = []
    if requests_version:
        tpl = T.REQUESTS[requests_version]
        results = [r.key for r in tpl.rows if r.key not in ("new", "carried_over", "total", "carried_forward")]
        for c in T.REQUEST_COLUMNS:
            k = lambda r: f"requests.{r}.{c}"  # noqa: E731
            out.append(_sum_check(f"requests.balance.{c}", values, [k("new"), k("carried_over")],
                                  [k("total"), k("carried_forward")]))
            out.append(_sum_check(f"requests.results.{c}", values, [k(r) for r in results], [k("total")]))
        for r in tpl.rows:
            parts = [f"requests.{r.key}.{c}" for c in T.REQUEST_COLUMNS[:-1]]
            out.append(_sum_check(f"requests.row.{r.key}", values, parts, [f"requests.{r.key}.total"], row=True))
    for g in T.REVIEW.rows:
        parts = [f"review.{g.key}.{c}" for c in T.REVIEW_COLUMNS[:-1]]
        out.append(_sum_check(f"review.{g.key}", values, parts, [f"review.{g.key}.total"], row=True))
    return out
