"""The form's data as frozen dataclasses (built by `registry` from the JSON files)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    key: str  # e.g. "denied.state_secret"
    label: str  # canonical wording
    columns: tuple[str, ...]
    aliases: tuple[str, ...]  # normalised phrases any of which identifies the row
    money: tuple[str, ...] = ()  # columns holding money
    money_unit: str | None = None  # unit implied by the template for bare numbers ("万元")
    signed: tuple[str, ...] = ()  # columns that may be negative
    group: str | None = None  # the row group it is printed under (（三）不予公开 …)
    column_logp: tuple[float, ...] | None = None  # its columns' Column.logp, where all have one


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # as printed in the form
    aliases: tuple[str, ...] = ()  # other printed wordings (商业机构 for 商业企业)
    # log-weight of a value being printed in this column: where a row printed fewer values
    # than columns, this decides which columns they belong to (None: no preference known)
    logp: float | None = None


@dataclass(frozen=True)
class Group:
    key: str
    label: str  # as printed, numbered: （三）不予公开
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Identity:
    """sum(parts) == sum(totals), for every column (or row) of a table.

    `name` has a {column} (or {row}) slot. For a per-column identity parts and totals are
    row keys, for a per-row one column keys."""
    name: str
    parts: tuple[str, ...]
    totals: tuple[str, ...]
    # the totals are a row's own 总计: a blank total with printed parts breaks the row
    row_total: bool = False
    # a reading may leave some part rows out (not printed, not found): they count as 0
    parts_may_be_missing: bool = False


@dataclass(frozen=True)
class IdentityGroup:
    each: str  # "column" | "row": what the identities are repeated over
    rules: tuple[Identity, ...]  # expanded together, column by column (row by row)


@dataclass(frozen=True)
class Signature:
    """What tells this revision of a table from the others (see registry.detect_version)."""
    markers: tuple[str, ...] = ()  # header phrases printed only in this revision
    rows: tuple[str, ...] = ()  # row keys only this revision has
    width_row: str | None = None  # a row whose number of cells differs between revisions
    fallback: bool = False  # the revision taken when nothing tells them apart


@dataclass(frozen=True)
class Table:
    name: str  # "active" | "requests" | "review"
    version: str  # "2019" | "2021" | "any"
    rows: tuple[Row, ...]
    title: str = ""
    columns: tuple[Column, ...] = ()  # every column of its rows, in printed order
    groups: tuple[Group, ...] = ()
    signature: Signature = field(default_factory=Signature)
    identities: tuple[IdentityGroup, ...] = ()

    @property
    def markers(self) -> tuple[str, ...]:
        return self.signature.markers

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def keys(self) -> list[str]:
        return [f"{self.name}.{r.key}.{c}" for r in self.rows for c in r.columns]

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def group(self, key: str) -> Group:
        for g in self.groups:
            if g.key == key:
                return g
        raise KeyError(key)
