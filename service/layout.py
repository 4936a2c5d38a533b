"""What the review page needs to draw the statutory tables, from extractor.template.

The rows, their columns and which cells hold money all come from the template data
(extractor.template); the page never has a row list of its own. Only the Chinese column
headings are written here (the template names columns by key; REQUEST_COLUMN_LABELS
has the requests table's), and the tables' headings.
"""
from __future__ import annotations

from functools import lru_cache

from extractor import template as T

# column headings as printed in the templates (docs/spec/statutory-tables.md)
COLUMN_LABELS = {
    "active": {
        "made": "本年新制作数量", "published": "本年新公开数量", "total": "对外公开总数量",
        "prev_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
        "items": "采购项目数量", "amount": "采购总金额",
        "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
    },
    "review": {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
               "total": "总计"},
}
# 2021: the only money column is 本年收费金额, and 行政许可 … keep 本年处理决定数量
COLUMN_LABELS_2021 = {"amount": "本年收费金额（万元）", "decisions": "本年处理决定数量"}
TITLES = {"active": "二、主动公开政府信息情况", "requests": "三、收到和处理政府信息公开申请情况",
          "review": "四、政府信息公开行政复议、行政诉讼情况"}
GROUP_LABELS = {"results": "三、本年度办理结果", "denied": "（三）不予公开", "unable": "（四）无法提供",
                "unprocessed": "（五）不予处理", "other": "（六）其他处理"}


def column_label(table: T.Table, col: str) -> str:
    if table.name == "requests":
        return T.REQUEST_COLUMN_LABELS.get(col, (col,))[0]
    if table.name == "active" and table.version == "2021" and col in COLUMN_LABELS_2021:
        return COLUMN_LABELS_2021[col]
    return COLUMN_LABELS.get(table.name, {}).get(col, col)


def _group(table: T.Table, row: T.Row) -> str | None:
    if table.name == "requests":
        head = row.key.split(".", 1)[0]
        if "." in row.key and head in table.groups:
            return head
        if row.key in ("granted", "partial"):
            return "results"
    return None


def table_view(table: T.Table) -> dict:
    rows = []
    for r in table.rows:
        rows.append({
            "key": r.key, "label": r.label, "group": _group(table, r),
            "columns": list(r.columns), "money": list(r.money), "money_unit": r.money_unit,
            "signed": list(r.signed), "fields": [f"{table.name}.{r.key}.{c}" for c in r.columns],
        })
    cols: list[str] = []
    for r in table.rows:
        cols += [c for c in r.columns if c not in cols]
    return {"name": table.name, "version": table.version, "title": TITLES.get(table.name, table.name),
            "columns": [{"key": c, "label": column_label(table, c)} for c in cols], "rows": rows}


@lru_cache(maxsize=1)
def layout() -> dict:
    return {
        "tables": {
            "active": {v: table_view(t) for v, t in T.ACTIVE.items()},
            "requests": {v: table_view(t) for v, t in T.REQUESTS.items()},
            "review": {"any": table_view(T.REVIEW)},
        },
        "order": ["active", "requests", "review"],
        "groups": GROUP_LABELS,
    }


def tables_for(report: dict) -> list[dict]:
    """The tables of one parsed report, in the template's order (the versions its parse found)."""
    lay = layout()["tables"]
    versions = report.get("tables") or {}
    tpl = report.get("template")
    out = []
    for name in ("active", "requests"):
        v = versions.get(name) or tpl
        if v in lay[name]:
            out.append(lay[name][v])
    out.append(lay["review"]["any"])
    return out
