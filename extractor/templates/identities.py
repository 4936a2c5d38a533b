"""The one evaluator of the form's identities (勾稽关系), for everything that checks them:
the report's checks, the solver's row test, the assembler's joint choice, the generator
of training reports and the review service.

An identity says sum(parts) == sum(totals). `outcome` decides it on values where None is
a blank cell: a side left wholly blank is "not itemised" (a row printed only as totals)
- except a row's own total (row_total) whose parts are printed: a missing 总计 there
breaks the row as printed. `decided` is the assembler's variant, where None is a row not
read at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import Row, Table


@dataclass
class Check:
    rule: str
    ok: bool
    status: str  # "ok" | "broken" | "not_itemised" | "blank"
    detail: str
    keys: tuple[str, ...]  # the fields the identity involves
    n_parts: int | None = None  # keys[:n_parts] are its parts, the rest its totals (None: not a sum)

    def as_dict(self) -> dict:
        return {"rule": self.rule, "ok": self.ok, "status": self.status, "detail": self.detail}


@dataclass(frozen=True)
class Sum:
    """One identity on concrete field keys (an Identity expanded for one column or row)."""
    rule: str
    parts: tuple[str, ...]
    totals: tuple[str, ...]
    row_total: bool = False


def outcome(parts: Sequence[float | None], totals: Sequence[float | None], row_total: bool = False) -> str:
    """"ok" | "broken" | "not_itemised" | "blank" (None = a blank cell, counted as 0)."""
    if all(v is None for v in parts) and all(v is None for v in totals):
        return "blank"
    if all(v is None for v in parts) or (all(v is None for v in totals) and not row_total):
        return "not_itemised"
    return "ok" if sum(v or 0 for v in parts) == sum(v or 0 for v in totals) else "broken"


def decided(parts: Sequence[float | None], totals: Sequence[float | None], parts_may_be_missing: bool) -> bool | None:
    """Whether the identity holds on a reading's rows (None = a row not read); None when the
    rows read cannot decide it: a total missing, or a part row missing where every part
    row must be there."""
    if any(v is None for v in totals):
        return None
    if parts_may_be_missing:
        if all(v is None for v in parts):
            return None
    elif any(v is None for v in parts):
        return None
    return sum(v or 0 for v in parts) == sum(totals)


def expand(table: Table) -> list[Sum]:
    """Every identity of a table on its field keys, in the order checks are reported."""
    out: list[Sum] = []
    t = table.name
    for group in table.identities:
        if group.each == "column":
            for c in table.column_keys:
                for i in group.rules:
                    out.append(Sum(i.name.format(column=c), tuple(f"{t}.{r}.{c}" for r in i.parts),
                                   tuple(f"{t}.{r}.{c}" for r in i.totals), i.row_total))
        else:
            for row in table.rows:
                for i in group.rules:
                    if not set(i.totals) <= set(row.columns):
                        continue
                    out.append(Sum(i.name.format(row=row.key),
                                   tuple(f"{t}.{row.key}.{c}" for c in i.parts if c in row.columns),
                                   tuple(f"{t}.{row.key}.{c}" for c in i.totals), i.row_total))
    return out


def column_rules(table: Table):
    """The per-column identities: [(part rows, total rows, parts_may_be_missing)]."""
    return [(i.parts, i.totals, i.parts_may_be_missing)
            for g in table.identities if g.each == "column" for i in g.rules]


def row_sums(table: Table, row: Row, offset: int = 0) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """The per-row identities of `row` as (part column indexes, total column indexes),
    shifted by `offset` (rows read as one run of cells)."""
    out = []
    for g in table.identities:
        if g.each != "row":
            continue
        for i in g.rules:
            if not set(i.totals) <= set(row.columns):
                continue
            out.append((tuple(offset + row.columns.index(c) for c in i.parts if c in row.columns),
                        tuple(offset + row.columns.index(c) for c in i.totals)))
    return tuple(out)


def _num(v) -> float:
    if isinstance(v, dict):
        return v.get("yuan") or 0
    return v or 0


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def evaluate(s: Sum, values: dict) -> Check:
    pv = [values.get(k) for k in s.parts]
    tv = [values.get(k) for k in s.totals]
    keys = s.parts + s.totals
    status = outcome([None if v is None else _num(v) for v in pv], [None if v is None else _num(v) for v in tv],
                     s.row_total)
    if status == "blank":
        return Check(s.rule, True, status, "all cells blank", keys, len(s.parts))
    if status == "not_itemised":
        side = "parts" if all(v is None for v in pv) else "totals"
        return Check(s.rule, True, status, f"{side} blank (not itemised)", keys, len(s.parts))
    ok = status == "ok"
    detail = f"{'+'.join(_fmt(_num(v)) for v in pv)} {'==' if ok else '!='} {'+'.join(_fmt(_num(v)) for v in tv)}"
    return Check(s.rule, ok, status, detail, keys, len(s.parts))


def check_tables(values: dict, tables: Sequence[Table]) -> list[Check]:
    """Every identity of these tables over a flat {key: value} mapping, in table order."""
    return [evaluate(s, values) for t in tables for s in expand(t)]
