"""The registry of template revisions: every `*.json` of this folder (and of any extra
folder given to `Registry`), read into `model` dataclasses.

A file is one revision of the form: {"revision": "2021", "tables": {name: table, ...}}
("any" for what no revision changed), optionally with "sections" (the report's parts).
See README.md in this folder for the fields.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from .model import Column, Group, Identity, IdentityGroup, Row, Signature, Table
from .text import normalize

HERE = Path(__file__).resolve().parent
TABLES = ("active", "requests", "review")  # in the report's order
ROW_SIGNATURE_WEIGHT = 2  # a row only one revision has, seen labelled, counts as two header phrases


def _select(spec, universe: Iterable[str]) -> tuple[str, ...]:
    """A list of keys as written, or {"all_but": [...]}: the universe less those."""
    if isinstance(spec, dict):
        drop = set(spec["all_but"])
        return tuple(k for k in universe if k not in drop)
    return tuple(spec)


def _table(name: str, version: str, d: dict) -> Table:
    columns = tuple(Column(c["key"], c["heading"], tuple(c.get("aliases", ())), c.get("logp"))
                    for c in d["columns"])
    all_cols = tuple(c.key for c in columns)
    logp = {c.key: c.logp for c in columns}
    rows = []
    for r in d["rows"]:
        cols = tuple(r.get("columns", all_cols))
        lp = tuple(logp[c] for c in cols) if all(logp[c] is not None for c in cols) else None
        rows.append(Row(r["key"], r["label"], cols, tuple(r["aliases"]), tuple(r.get("money", ())),
                        r.get("money_unit"), tuple(r.get("signed", ())), r.get("group"), lp))
    rows = tuple(rows)
    row_keys = tuple(r.key for r in rows)
    groups = []
    for g in d.get("identities", ()):
        universe = all_cols if g["each"] == "row" else row_keys
        groups.append(IdentityGroup(g["each"], tuple(
            Identity(i["name"], _select(i["parts"], universe), _select(i["totals"], universe),
                     bool(i.get("row_total")), bool(i.get("parts_may_be_missing")))
            for i in g["rules"])))
    s = d.get("signature") or {}
    sig = Signature(tuple(s.get("markers", ())), tuple(s.get("rows", ())), s.get("width_row"), bool(s.get("fallback")))
    return Table(name, version, rows, d.get("title", ""), columns,
                 tuple(Group(g["key"], g["label"], tuple(g["aliases"])) for g in d.get("groups", ())),
                 sig, tuple(groups))


class Registry:
    """Every table revision found in `folders` (later folders add revisions or replace one)."""

    def __init__(self, folders: Iterable[Path] = (HERE,)):
        self.tables: dict[str, dict[str, Table]] = {}
        self.sections: dict[str, tuple[str, ...]] = {}
        for folder in folders:
            for path in sorted(Path(folder).glob("*.json")):
                data = json.loads(path.read_text(encoding="utf-8"))
                version = str(data["revision"])
                for name, d in data.get("tables", {}).items():
                    self.tables.setdefault(name, {})[version] = _table(name, version, d)
                for k, v in (data.get("sections") or {}).items():
                    self.sections[k] = tuple(v)
        for name in self.tables:  # revisions in order: "2019" < "2021" < "2027"
            self.tables[name] = dict(sorted(self.tables[name].items()))

    def get(self, table: str, version: str) -> Table:
        return self.tables[table][version]

    def versions(self, table: str) -> list[str]:
        return list(self.tables.get(table, {}))

    def revision(self, table: str, version: str) -> Table:
        """The table as a report of template `version` prints it: that revision, or the newest
        one before it (a revision that did not change this table has no file entry for it)."""
        revs = self.tables[table]
        if version in revs:
            return revs[version]
        if "any" in revs:
            return revs["any"]
        older = [v for v in revs if version is not None and v < version]
        if not older:
            raise KeyError(f"{table} {version}")
        return revs[older[-1]]

    def template_keys(self, active_version: str | None, requests_version: str | None) -> list[str]:
        """Every field key of a report whose tables follow these versions."""
        keys: list[str] = []
        if active_version:
            keys += self.revision("active", active_version).keys()
        if requests_version:
            keys += self.revision("requests", requests_version).keys()
        for v in self.versions("review"):
            keys += self.get("review", v).keys()
        return keys

    def detect_version(self, table: str, text: str = "", rows: Iterable[str] = (),
                       width: int | None = None) -> str:
        """The revision of `table` a printed table follows.

        Each revision scores the header phrases of its signature found in `text`
        (normalised), plus ROW_SIGNATURE_WEIGHT when a row only it has is among `rows`
        (row keys seen labelled). Ties go to the revision whose `width_row` has as many
        cells as were printed (`width`: > 1 = more than one; None = the row was not seen),
        then to the `fallback` revision."""
        revs = list(self.tables[table].values())
        t = normalize(text) if text else ""
        seen = set(rows)
        score = {}
        for r in revs:
            s = sum(t.count(normalize(m)) for m in r.signature.markers) if t else 0
            if seen & set(r.signature.rows):
                s += ROW_SIGNATURE_WEIGHT
            score[r.version] = s
        top = max(score.values())
        tied = [r for r in revs if score[r.version] == top]
        if len(tied) == 1:
            return tied[0].version
        wr = tied[0].signature.width_row
        if wr is not None and width is not None:
            fit = [r for r in tied if (len(r.row(wr).columns) > 1) == (width > 1)]
            if fit:
                tied = fit
        fallback = [r for r in tied if r.signature.fallback]
        return (fallback or tied)[-1].version

    def version_of_keys(self, table: str, keys: Iterable[str]) -> str | None:
        """The revision of `table` whose own field keys (those no other revision has) are
        among `keys`; None when none are."""
        keys = set(keys)
        revs = self.tables.get(table, {})
        best, best_n = None, 0
        for v, t in revs.items():
            others = set().union(*(set(o.keys()) for w, o in revs.items() if w != v))
            n = len(keys & (set(t.keys()) - others))
            if n > best_n:
                best, best_n = v, n
        return best
