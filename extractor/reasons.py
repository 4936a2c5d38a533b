"""Why a report goes to review, and what is wrong with the report itself: typed reasons
with stable codes.

A `Reason` says what is wrong (`code`, stable: filters and statistics key on it), which
field keys it is about (`keys`), a message in Chinese (`message`, what users read, written
against the printed form: 表/行/列 named as the template registry prints them) and in
English (`message_en`), optionally structured `detail` (the rule, the rows, the cells …),
and its `outcome`: "doubt" (the extraction may be wrong: a person can make the data better)
or "source" (read with certainty, the report itself is inconsistent: a finding about the
report, not a reason to re-read it).

The output's `review.items` are the doubts (why `review.required`), `review.reasons` their
Chinese messages in the same order, and `review.findings` the source inconsistencies
(`Reason.as_dict`).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import templates as T
from .templates.identities import expand

DOUBT = "doubt"  # a person can make the data better
SOURCE = "source"  # read with certainty: the report itself prints it so

# code -> what it means (README "Output additions" lists the same)
CODES: dict[str, str] = {
    "not_a_report": "no statutory table of the 2019 or 2021 template was found",
    "old_format": "a pre-2019 report: it has none of the statutory tables",
    "missing_table": "one of the three statutory tables was not found",
    "rows_unread": "rows were found but their cells fit no reading",
    "rows_not_found": "rows of a found table were not found",
    "identity_broken": "an arithmetic identity of the tables does not hold",
    "uncertain_cells": "cells whose reading is uncertain (raw score below the routing threshold)",
    "narrative_contradiction": "the report's prose contradicts its table",
    "classifier_disagreement": "the block classifiers of the ensemble disagree on cells",
    "low_document_confidence": "no specific reason, but the document confidence is low",
    "implausible_value": "a value no report prints: a negative count, an absurd magnitude, a number word read as blank",
    "unit_unstated": "an amount printed as a bare number whose unit (yuan or 10,000 yuan) nothing in the report states",
    "other": "a reason given as a bare string (not produced by xxgk itself)",
}

TABLE_NAMES = {"active": "二（主动公开）", "requests": "三（收到和处理申请）", "review": "四（复议诉讼）"}
TABLE_NAMES_ZH = {"active": "二（主动公开政府信息情况）", "requests": "三（收到和处理政府信息公开申请情况）",
                  "review": "四（政府信息公开行政复议、行政诉讼情况）"}


@dataclass(frozen=True)
class Reason:
    code: str  # one of CODES
    message: str  # Chinese
    message_en: str  # English
    keys: tuple[str, ...] = ()  # the field keys it is about (may be empty: the whole document)
    detail: dict = field(default_factory=dict)
    outcome: str = DOUBT  # DOUBT | SOURCE

    def as_dict(self) -> dict:
        return {"code": self.code, "outcome": self.outcome, "keys": list(self.keys), "message": self.message,
                "message_en": self.message_en, "detail": dict(self.detail)}

    def as_source(self, **detail) -> "Reason":
        """The same reason as a finding about the report (read with certainty)."""
        return replace(self, outcome=SOURCE, detail={**self.detail, **detail})

    def with_detail(self, **detail) -> "Reason":
        return replace(self, detail={**self.detail, **detail})

    @classmethod
    def from_text(cls, text: str) -> "Reason":
        """A reason someone gave as a bare string."""
        return cls("other", text, text)


def _list(items: list[str], n: int) -> str:
    return ", ".join(items[:n]) + (" …" if len(items) > n else "")


def _list_zh(items: list[str], n: int) -> str:
    return "、".join(items[:n]) + (" …" if len(items) > n else "")


def _rows_of(keys) -> list[str]:
    return sorted({k.rsplit(".", 1)[0] for k in keys})


# --- the printed form's names (extractor/templates): 表/行/列 as a reviewer sees them ------------

def _split_key(key: str) -> tuple[str, str, str]:
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1) if "." in rest else (rest, "")
    return table, row, col


@lru_cache(maxsize=None)
def _table(table: str, version: str | None) -> "T.Table | None":
    try:
        return T.revision(table, version or T.versions(table)[-1])
    except KeyError:
        return None


def table_name(table: str) -> str:
    """表三: the number the form prints before the table's title (三、收到和处理…)."""
    t = _table(table, None)
    num = t.title.split("、", 1)[0] if t is not None and "、" in t.title else ""
    return f"表{num}" if num else f"表 {table}"


def row_label(table: str, row: str, version: str | None = None) -> str:
    """A row as printed, under its group where it has one: （三）不予公开 1.属于国家秘密."""
    t = _table(table, version)
    try:
        r = t.row(row)
    except (AttributeError, KeyError):
        return row
    if r.group:
        try:
            g = t.group(r.group)
            if not r.label.startswith("（"):  # numbered sub-rows only say which group they are in
                return f"{g.label} {r.label}"
        except KeyError:
            pass
    return r.label


def column_heading(table: str, col: str, version: str | None = None) -> str:
    t = _table(table, version)
    try:
        return t.column(col).heading
    except (AttributeError, KeyError):
        return col


def cell_name(key: str, versions: dict | None = None) -> str:
    """表三「（一）予以公开」行「自然人」列."""
    table, row, col = _split_key(key)
    v = (versions or {}).get(table)
    name = f"{table_name(table)}「{row_label(table, row, v)}」行"
    return name + (f"「{column_heading(table, col, v)}」列" if col else "")


def _names(items: list[str], what: str) -> str:
    """「a」+「b」, or 「a」至「z」各行之和 for a long run of them."""
    if len(items) <= 3:
        return "+".join(f"「{x}」" for x in items)
    return f"「{items[0]}」至「{items[-1]}」各{what}之和"


@lru_cache(maxsize=None)
def _sums() -> dict[tuple[str, tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]]:
    """(rule, keys) -> (part keys, total keys), over every table revision."""
    out = {}
    for name in T.TABLES:
        for v in T.versions(name):
            for s in expand(T.get(name, v)):
                out[(s.rule, s.parts + s.totals)] = (s.parts, s.totals)
    return out


def identity_text(rule: str, keys, detail: str, versions: dict | None = None) -> str:
    """An identity and its printed numbers against 表/行/列, e.g.
    表三「（一）予以公开」行：「自然人」至「其他」各列之和 ≠「总计」：258+12+0+0+1+1 ≠ 0."""
    nums = detail.replace("!=", "≠").replace("==", "=")
    sides = _sums().get((rule, tuple(keys)))
    if not sides:
        return f"勾稽关系 {rule}：{nums}"
    parts, totals = sides
    split = [_split_key(k) for k in parts + totals]
    table = split[0][0]
    v = (versions or {}).get(table)
    sign = "≠" if "≠" in nums else "="
    if len({c for _, _, c in split}) == 1:  # one column, summed over rows
        col = split[0][2]
        where = f"{table_name(table)}「{column_heading(table, col, v)}」列"
        lhs = _names([row_label(table, _split_key(k)[1], v) for k in parts], "行")
        rhs = "+".join(f"「{row_label(table, _split_key(k)[1], v)}」" for k in totals)
    else:  # one row, summed over columns
        row = split[0][1]
        where = f"{table_name(table)}「{row_label(table, row, v)}」行"
        lhs = _names([column_heading(table, _split_key(k)[2], v) for k in parts], "列")
        rhs = "+".join(f"「{column_heading(table, _split_key(k)[2], v)}」" for k in totals)
    return f"{where}：{lhs} {sign} {rhs}：{nums}"


# --- the reasons, one constructor per code -------------------------------------------------

def not_a_report() -> Reason:
    return Reason("not_a_report", "不是 2019 或 2021 年模板的报告：未找到法定表格",
                  "not a report of the 2019 or 2021 template: no statutory tables found")


def old_format() -> Reason:
    return Reason("old_format", "2019 年以前的报告格式：没有任何法定表格",
                  "pre-2019 report format: it has none of the statutory tables")


def missing_table(table: str, keys=(), template_unknown: bool = False) -> Reason:
    """`template_unknown`: the tables found are printed alike in the 2019 and 2021 templates
    (table 四 alone), so which template the report follows is not known (its `template` is null)."""
    t = _table(table, None)
    title = t.title.split("、", 1)[-1] if t is not None else table
    zh, en, detail = f"未找到{table_name(table)}「{title}」", f"table {TABLE_NAMES.get(table, table)} not found", {"table": table}
    if template_unknown:
        zh += "（报告不完整：找到的表格在 2019 与 2021 年模板中相同，无法确定模板）"
        en += " (a partial report: the tables found are alike in the 2019 and 2021 templates, the template is unknown)"
        detail["template"] = None
    return Reason("missing_table", zh, en, tuple(keys), detail)


def identity_broken(check, versions: dict | None = None) -> Reason:
    keys = tuple(getattr(check, "keys", ()) or ())
    return Reason("identity_broken", identity_text(check.rule, keys, check.detail, versions),
                  f"identity {check.rule} broken: {check.detail}", keys,
                  {"rule": check.rule, "detail": check.detail})


def _row_names(keys, versions) -> list[str]:
    out = []
    for r in _rows_of(keys):
        table, row, _ = _split_key(r + ".x")
        out.append(f"{table_name(table)}「{row_label(table, row, (versions or {}).get(table))}」行")
    return out


def rows_unread(keys: list[str], versions: dict | None = None) -> Reason:
    rows = _rows_of(keys)
    return Reason("rows_unread", f"找到了这些行，但其单元格无法读取：{_list_zh(_row_names(keys, versions), 8)}",
                  f"rows found but their cells could not be read: {_list(rows, 8)}",
                  tuple(keys), {"rows": rows})


def rows_not_found(keys: list[str], versions: dict | None = None) -> Reason:
    rows = _rows_of(keys)
    return Reason("rows_not_found", f"未找到这些行：{_list_zh(_row_names(keys, versions), 8)}",
                  f"rows not found: {_list(rows, 8)}", tuple(keys), {"rows": rows})


def _floor(x: float, digits: int) -> float:
    """`x` cut (not rounded) to `digits` decimals: a routing score of 0.89998 is below 0.9 and
    must not print as 0.90."""
    return math.floor(x * 10 ** digits) / 10 ** digits


def uncertain_cells(fields: list, versions: dict | None = None, below: float | None = None,
                    broken: frozenset | set = frozenset()) -> Reason:
    """`fields`: FieldResults, least confident first. `below`: the raw score under which a field
    routes its document to review (confidence.FIELD_REVIEW_BELOW). Routing reads the raw evidence
    score, the output the calibrated confidence: where the calibrated one is at or above `below`
    (a score the calibration measured right nearly always, still short of routing's bar) a cell
    printed with 置信度 0.96-1.00 would read as a contradiction, so it says its routing score and
    what lowered it (extractor.evidence.describe, Chinese first; `broken`: the keys of the
    identities that break, where its own evidence says nothing against it)."""
    from .evidence import describe

    def why(fr) -> tuple[str, str]:
        if below is None or fr.confidence < below:
            return "", ""
        score = _floor(float(fr.evidence.get("raw_score", fr.confidence)), 2)
        d = describe(fr.evidence)
        zh, en = d[0] if d else (("所在的勾稽关系不成立", "an identity it is part of breaks")
                                 if fr.key in broken else ("", ""))
        return (f"；证据分 {score:.2f} 低于 {below:.2f}" + (f"：{zh}" if zh else ""),
                f"; score {score:.2f} < {below:.2f}" + (f": {en}" if en else ""))

    whys = [why(fr) for fr in fields]
    names = _list([f"{fr.key}={fr.raw or '∅'} ({fr.confidence:.2f}{w[1]})" for fr, w in zip(fields, whys)], 6)
    names_zh = _list_zh([f"{cell_name(fr.key, versions)}={fr.raw or '空'}（置信度 {fr.confidence:.2f}{w[0]}）"
                         for fr, w in zip(fields, whys)], 6)
    return Reason("uncertain_cells", f"{len(fields)} 个单元格的读数不确定：{names_zh}",
                  f"{len(fields)} uncertain cells: {names}", tuple(fr.key for fr in fields),
                  {"cells": [{"key": fr.key, "raw": fr.raw, "confidence": fr.confidence,
                              "score": _floor(float(fr.evidence.get("raw_score", fr.confidence)), 4)}
                             for fr in fields]})


# extractor/narrative.py's detail: prose “…” says …; table <what> = <value> (<stated> != <table>)
_PROSE = re.compile(r"prose “(?P<quote>.*?)” says .*?; table .*? = (?P<shown>\S+) \((?P<stated>[-\d]+) != (?P<table>[-\d.]+)\)")


def narrative_contradiction(check, versions: dict | None = None) -> Reason:
    keys = tuple(getattr(check, "keys", ()) or ())
    where = "+".join(cell_name(k, versions) for k in keys[:3]) + ("+…" if len(keys) > 3 else "")
    m = _PROSE.search(check.detail or "")
    if m:
        zh = f"正文与表格矛盾：正文「{m['quote']}」为 {m['stated']}，表中{where or '相应单元格'}为 {m['table']}"
    else:
        zh = f"正文与表格矛盾：{where + '：' if where else ''}{check.detail}"
    return Reason("narrative_contradiction", zh,
                  f"the text contradicts the table ({check.rule}): {check.detail}", keys,
                  {"rule": check.rule, "detail": check.detail})


# why a value is implausible: (Chinese, English) with {cell}/{key}, {raw}, {bound}
IMPLAUSIBLE = {
    "negative": ("{cell}印作 {raw}：表中该列不能为负数", "{key}={raw}: a negative value where the form allows none"),
    "too_large": ("{cell}={raw}：数值大得不合理（超过 {bound}）", "{key}={raw}: an absurd magnitude (above {bound})"),
    "above_intake": ("{cell}={raw}：大于该列本年新收与上年结转的申请之和（{bound}）",
                     "{key}={raw}: more than the column's applications received and carried over ({bound})"),
    "above_amount": ("{cell}={raw}：采购项目数多于采购总金额的元数（{bound}）",
                     "{key}={raw}: more purchases than the yuan they cost ({bound})"),
    "number_word": ("{cell}印作「{raw}」，未读作数值（零应为 0）", "{key}: printed \"{raw}\", not read as a number (零 is 0)"),
}


def implausible_value(key: str, kind: str, raw, bound=None, versions: dict | None = None,
                      keys: tuple[str, ...] | None = None) -> Reason:
    zh, en = IMPLAUSIBLE[kind]
    cell = cell_name(key, versions) if "." in key else table_name(key)
    return Reason("implausible_value", zh.format(cell=cell, raw=raw, bound=bound),
                  en.format(key=key, raw=raw, bound=bound), keys if keys is not None else (key,),
                  {"kind": kind, "key": key, "raw": raw, "bound": bound})


def unit_unstated(fields: list, versions: dict | None = None) -> Reason:
    """Amounts read from bare non-zero numbers whose unit nothing states (evidence
    `unit_unstated`): read as yuan, as the 2019 form leaves it, but reports print 万元 bare too."""
    from .evidence import UNIT_UNSTATED_EN, UNIT_UNSTATED_ZH
    zh = _list_zh([f"{cell_name(fr.key, versions)}={fr.raw}" for fr in fields], 4)
    en = _list([f"{fr.key}={fr.raw}" for fr in fields], 4)
    return Reason("unit_unstated", f"{UNIT_UNSTATED_ZH}：{zh}", f"{UNIT_UNSTATED_EN}: {en}",
                  tuple(fr.key for fr in fields),
                  {"cells": [{"key": fr.key, "raw": fr.raw, "confidence": fr.confidence} for fr in fields]})


def classifier_disagreement(classifier, crossed: list[str], n_value: int) -> Reason:
    return Reason("classifier_disagreement",
                  f"块分类器（{classifier}）对 {len(crossed)} 个单元格的判断不一致（其中 {n_value} 个读数不同）："
                  f"{_list_zh(crossed, 6)}",
                  f"the block classifiers ({classifier}) disagree on {len(crossed)} cells "
                  f"({n_value} read differently): {_list(crossed, 6)}",
                  tuple(crossed), {"classifier": classifier, "read_differently": n_value})


def low_document_confidence(confidence: float) -> Reason:
    return Reason("low_document_confidence", f"文档整体置信度低（{confidence:.2f}）",
                  f"low document confidence ({confidence:.2f})", (), {"confidence": round(confidence, 4)})
