"""The codebook: every field key of every template revision → where it is printed (表/行/列, in
Chinese, as the form prints them), its unit in the dataset and the templates that have it.
Built from the template registry (extractor/templates), so a new revision file adds its keys."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Entry:
    key: str
    table: str  # active | requests | review
    row: str
    column: str
    table_zh: str  # 表
    row_zh: str  # 行 (under its group, where the form prints one)
    column_zh: str  # 列
    money: bool
    unit: str  # 元 for money (the dataset holds yuan), 件 for counts
    templates: tuple[str, ...]  # revisions that have this key ("any": the review table)

    def as_row(self) -> dict:
        return {"key": self.key, "table": self.table, "row": self.row, "column": self.column,
                "表": self.table_zh, "行": self.row_zh, "列": self.column_zh, "unit": self.unit,
                "money": self.money, "templates": ";".join(self.templates)}


COLUMNS = ["key", "table", "row", "column", "表", "行", "列", "unit", "money", "templates"]


@lru_cache(maxsize=1)
def codebook() -> tuple[Entry, ...]:
    """Every key, in form order: table by table, the newest revision's order first, then keys
    only older revisions have."""
    from .. import templates as T

    out: dict[str, Entry] = {}
    all_versions = sorted({v for t in ("active", "requests") for v in T.versions(t)})
    for name in ("active", "requests", "review"):
        versions = T.versions(name)
        for v in sorted(versions, reverse=True):
            t = T.get(name, v)
            cols = {c.key: c.heading for c in t.columns}
            groups = {g.key: g.label for g in t.groups}
            has = tuple(all_versions) if v == "any" else tuple(
                x for x in all_versions if T.revision(name, x).version == v)
            for r in t.rows:
                row_zh = r.label if not r.group else f"{groups.get(r.group, r.group)} / {r.label}"
                for c in r.columns:
                    key = f"{name}.{r.key}.{c}"
                    money = c in r.money or c == "amount"
                    if key in out:
                        old = out[key]
                        out[key] = Entry(**{**old.__dict__, "templates": tuple(sorted(set(old.templates) | set(has)))})
                        continue
                    out[key] = Entry(key, name, r.key, c, t.title, row_zh, cols.get(c, c), money,
                                     "元" if money else "件", has)
    return tuple(out.values())


def keys() -> list[str]:
    return [e.key for e in codebook()]


def partial_keys() -> list[str]:
    """Keys that some template revisions do not have: the wide table says per report whether
    its template has them (`has.<key>`), so a blank cell and a key not in the template differ."""
    every = set(codebook()[0].templates) | {v for e in codebook() for v in e.templates}
    return [e.key for e in codebook() if set(e.templates) != every]
