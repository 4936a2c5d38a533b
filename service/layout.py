"""What the review page needs to draw the statutory tables, from extractor.templates.

Rows, columns, their printed headings, which cells hold money, the tables' titles and the
row groups all come from the template data (extractor/templates/*.json); the page never
has a row list or a heading of its own.
"""
from __future__ import annotations

from functools import lru_cache

from extractor import templates as T


def column_label(table: T.Table, col: str) -> str:
    try:
        return table.column(col).heading
    except KeyError:
        return col


def table_view(table: T.Table) -> dict:
    rows = []
    for r in table.rows:
        rows.append({
            "key": r.key, "label": r.label, "group": r.group,
            "columns": list(r.columns), "money": list(r.money), "money_unit": r.money_unit,
            "signed": list(r.signed), "fields": [f"{table.name}.{r.key}.{c}" for c in r.columns],
        })
    cols: list[str] = []
    for r in table.rows:
        cols += [c for c in r.columns if c not in cols]
    return {"name": table.name, "version": table.version, "title": table.title or table.name,
            "columns": [{"key": c, "label": column_label(table, c)} for c in cols], "rows": rows}


def group_labels() -> dict[str, str]:
    """Row group key -> its printed label, over every revision (first wording wins)."""
    out: dict[str, str] = {}
    for name in T.TABLES:
        for v in T.versions(name):
            for g in T.get(name, v).groups:
                out.setdefault(g.key, g.label)
    return out


@lru_cache(maxsize=1)
def layout() -> dict:
    return {
        "tables": {name: {v: table_view(T.get(name, v)) for v in T.versions(name)} for name in T.TABLES},
        "order": list(T.TABLES),
        "groups": group_labels(),
        # the report's `template` names the revision of its active table
        "templates": T.versions("active"),
    }


def tables_for(report: dict) -> list[dict]:
    """The tables of one parsed report, in the template's order (the versions its parse found)."""
    lay = layout()["tables"]
    versions = report.get("tables") or {}
    tpl = report.get("template")
    out = []
    for name in T.TABLES:
        if name not in ("active", "requests"):
            out += list(lay[name].values())  # tables no revision changed ("any")
            continue
        v = versions.get(name) or tpl
        if v in lay[name]:
            out.append(lay[name][v])
        elif v:  # a revision that left this table as it was
            try:
                out.append(lay[name][T.revision(name, v).version])
            except KeyError:
                pass
    return out
