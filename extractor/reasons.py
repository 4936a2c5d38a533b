"""Why a report goes to review: typed reasons with stable codes.

A `Reason` says what is wrong (`code`, stable: filters and statistics key on it), which
field keys it is about (`keys`), a message in Chinese (`message`, what users read) and in
English (`message_en`: the sentence `review.reasons` has always carried, byte for byte),
and optionally structured `detail` (the rule, the rows, the cells …).

The output keeps `review.reasons` as the list of English sentences and adds
`review.items`, the same reasons typed, in the same order (`Reason.as_dict`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
    "other": "a reason given as a bare string (not produced by xxgk itself)",
}

TABLE_NAMES = {"active": "二（主动公开）", "requests": "三（收到和处理申请）", "review": "四（复议诉讼）"}
TABLE_NAMES_ZH = {"active": "二（主动公开政府信息情况）", "requests": "三（收到和处理政府信息公开申请情况）",
                  "review": "四（政府信息公开行政复议、行政诉讼情况）"}


@dataclass(frozen=True)
class Reason:
    code: str  # one of CODES
    message: str  # Chinese
    message_en: str  # the sentence of review.reasons (unchanged since schema_version 1)
    keys: tuple[str, ...] = ()  # the field keys it is about (may be empty: the whole document)
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "keys": list(self.keys), "message": self.message,
                "message_en": self.message_en, "detail": dict(self.detail)}

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


# --- the reasons, one constructor per code -------------------------------------------------

def not_a_report() -> Reason:
    return Reason("not_a_report", "不是 2019 或 2021 年模板的报告：未找到法定表格",
                  "not a report of the 2019 or 2021 template: no statutory tables found")


def old_format() -> Reason:
    return Reason("old_format", "2019 年以前的报告格式：没有任何法定表格",
                  "pre-2019 report format: it has none of the statutory tables")


def missing_table(table: str, keys=()) -> Reason:
    return Reason("missing_table", f"未找到表{TABLE_NAMES_ZH.get(table, table)}",
                  f"table {TABLE_NAMES.get(table, table)} not found", tuple(keys), {"table": table})


def identity_broken(check) -> Reason:
    return Reason("identity_broken", f"勾稽关系 {check.rule} 不成立：{check.detail}",
                  f"identity {check.rule} broken: {check.detail}", tuple(getattr(check, "keys", ()) or ()),
                  {"rule": check.rule, "detail": check.detail})


def rows_unread(keys: list[str]) -> Reason:
    rows = _rows_of(keys)
    return Reason("rows_unread", f"找到了这些行，但其单元格无法读取：{_list_zh(rows, 8)}",
                  f"rows found but their cells could not be read: {_list(rows, 8)}",
                  tuple(keys), {"rows": rows})


def rows_not_found(keys: list[str]) -> Reason:
    rows = _rows_of(keys)
    return Reason("rows_not_found", f"未找到这些行：{_list_zh(rows, 8)}",
                  f"rows not found: {_list(rows, 8)}", tuple(keys), {"rows": rows})


def uncertain_cells(fields: list) -> Reason:
    """`fields`: FieldResults, least confident first."""
    names = _list([f"{fr.key}={fr.raw or '∅'} ({fr.confidence:.2f})" for fr in fields], 6)
    names_zh = _list_zh([f"{fr.key}={fr.raw or '∅'}（{fr.confidence:.2f}）" for fr in fields], 6)
    return Reason("uncertain_cells", f"{len(fields)} 个单元格的读数不确定：{names_zh}",
                  f"{len(fields)} uncertain cells: {names}", tuple(fr.key for fr in fields),
                  {"cells": [{"key": fr.key, "raw": fr.raw, "confidence": fr.confidence} for fr in fields]})


def narrative_contradiction(check) -> Reason:
    return Reason("narrative_contradiction", f"正文与表格矛盾（{check.rule}）：{check.detail}",
                  f"the text contradicts the table ({check.rule}): {check.detail}", tuple(getattr(check, "keys", ()) or ()),
                  {"rule": check.rule, "detail": check.detail})


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
