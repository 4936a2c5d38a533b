"""The statutory tables as data: rows, columns, wording variants and identities.

Everything the rest of the package knows about the 2019 and 2021 templates lives here
(see ../shared/spec/statutory-tables.md). Row `aliases` are normalised phrases (see
`normalize`) any of which identifies the row; they are used to bootstrap block labels
and as a fallback when the learned classifier is unsure.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    key: str  # e.g. "denied.state_secret"; "" for group headers that hold no values
    label: str  # canonical wording
    columns: tuple[str, ...]
    aliases: tuple[str, ...]
    money: tuple[str, ...] = ()  # columns holding money
    money_unit: str | None = None  # unit implied by the template for bare numbers ("万元")
    signed: tuple[str, ...] = ()  # columns that may be negative


@dataclass(frozen=True)
class Table:
    name: str  # "active" | "requests" | "review"
    version: str  # "2019" | "2021" | "any"
    rows: tuple[Row, ...]
    # header phrases that identify this version of the table
    markers: tuple[str, ...] = ()
    # group header rows (no values of their own): label aliases only
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def keys(self) -> list[str]:
        return [f"{self.name}.{r.key}.{c}" for r in self.rows for c in r.columns]

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)


# --- active (二、主动公开政府信息情况) ---------------------------------------------------

_TRIPLE_2019 = ("made", "published", "total")
_ITEMS_2019 = ("prev_items", "change", "decisions")
ACTIVE_2019 = Table(
    "active", "2019",
    rows=(
        Row("rules", "规章", _TRIPLE_2019, ("规章",)),
        Row("normative", "规范性文件", _TRIPLE_2019, ("规范性文件",)),
        Row("licensing", "行政许可", _ITEMS_2019, ("行政许可",), signed=("change",)),
        Row("other_admin", "其他对外管理服务事项", _ITEMS_2019, ("其他对外管理服务事项", "对外管理服务"), signed=("change",)),
        Row("punishment", "行政处罚", _ITEMS_2019, ("行政处罚",), signed=("change",)),
        Row("coercion", "行政强制", _ITEMS_2019, ("行政强制",), signed=("change",)),
        Row("fees", "行政事业性收费", ("prev_items", "change"), ("行政事业性收费", "事业性收费"), signed=("change",)),
        Row("procurement", "政府集中采购", ("items", "amount"), ("政府集中采购", "集中采购"), money=("amount",)),
    ),
    markers=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "采购项目数量"),
)

_TRIPLE_2021 = ("issued", "repealed", "in_force")
ACTIVE_2021 = Table(
    "active", "2021",
    rows=(
        Row("rules", "规章", _TRIPLE_2021, ("规章",)),
        Row("normative", "行政规范性文件", _TRIPLE_2021, ("行政规范性文件", "规范性文件")),
        Row("licensing", "行政许可", ("decisions",), ("行政许可",)),
        Row("punishment", "行政处罚", ("decisions",), ("行政处罚",)),
        Row("coercion", "行政强制", ("decisions",), ("行政强制",)),
        Row("fees", "行政事业性收费", ("amount",), ("行政事业性收费", "事业性收费"), money=("amount",), money_unit="万元"),
    ),
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"),
)

# --- requests (三、收到和处理政府信息公开申请情况) ------------------------------------------

REQUEST_COLUMNS = ("natural", "commercial", "research", "social", "legal", "other", "total")
# how often a request comes from each applicant type (log-weight; natural persons dominate,
# research institutions and public-interest organisations are rare): where a row printed
# fewer values than columns, this decides which columns they belong to
REQUEST_COLUMN_LOGP = (0.0, -1.0, -2.5, -2.5, -1.5, -1.5, 0.0)
REQUEST_COLUMN_LABELS = {
    "natural": ("自然人",),
    "commercial": ("商业企业", "商业机构"),
    "research": ("科研机构",),
    "social": ("社会公益组织", "社会组织", "社会公益"),
    "legal": ("法律服务机构",),
    "other": ("其他",),
    "total": ("总计",),
}


def _req(key: str, label: str, *aliases: str) -> Row:
    return Row(key, label, REQUEST_COLUMNS, aliases or (label,))


_REQ_HEAD = (
    _req("new", "一、本年新收政府信息公开申请数量", "本年新收"),
    _req("carried_over", "二、上年结转政府信息公开申请数量", "上年结转"),
    _req("granted", "（一）予以公开", "予以公开"),
    _req("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    _req("denied.state_secret", "1.属于国家秘密", "国家秘密"),
    _req("denied.law_forbidden", "2.其他法律行政法规禁止公开", "法律行政法规禁止", "其他法律行政", "行政止公开", "禁止公开"),
    _req("denied.security", "3.危及“三安全一稳定”", "三安全一稳定", "三安全"),
    _req("denied.third_party", "4.保护第三方合法权益", "第三方合法权益", "保护第三方"),
    _req("denied.internal", "5.属于三类内部事务信息", "内部事务"),
    _req("denied.process", "6.属于四类过程性信息", "过程性信息", "过程性"),
    _req("denied.enforcement", "7.属于行政执法案卷", "行政执法案卷", "行政执法案件", "执法案卷"),
    _req("denied.query", "8.属于行政查询事项", "行政查询"),
    _req("unable.not_held", "1.本机关不掌握相关政府信息", "不掌握"),
    _req("unable.need_creation", "2.没有现成信息需要另行制作", "另行制作", "没有现成信息"),
    _req("unable.unclear", "3.补正后申请内容仍不明确", "仍不明确", "补正后申请"),
    _req("unprocessed.complaint", "1.信访举报投诉类申请", "信访举报投诉", "信访举报"),
    _req("unprocessed.duplicate", "2.重复申请", "重复申请"),
    _req("unprocessed.publication", "3.要求提供公开出版物", "公开出版物"),
    _req("unprocessed.massive", "4.无正当理由大量反复申请", "大量反复申请", "大量反复"),
    _req("unprocessed.confirm", "5.要求行政机关确认或重新出具已获取信息", "重新出具", "确认或重新"),
)
_REQ_TAIL = (
    _req("total", "（七）总计", "总计"),
    _req("carried_forward", "四、结转下年度继续办理", "结转下年度", "下年度继续办理"),
)
_REQ_GROUPS = {
    "results": ("本年度办理结果",),
    "denied": ("不予公开",),
    "unable": ("无法提供",),
    "unprocessed": ("不予处理",),
}

REQUESTS_2019 = Table(
    "requests", "2019",
    rows=_REQ_HEAD + (_req("other", "（六）其他处理", "其他处理"),) + _REQ_TAIL,
    groups=_REQ_GROUPS,
)
REQUESTS_2021 = Table(
    "requests", "2021",
    rows=_REQ_HEAD + (
        _req("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "逾期不补正", "无正当理由逾期"),
        _req("other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "缴纳费用", "收费通知"),
        _req("other.other", "3.其他", "其他"),
    ) + _REQ_TAIL,
    groups={**_REQ_GROUPS, "other": ("其他处理",)},
)

# --- review (四、政府信息公开行政复议、行政诉讼情况) ----------------------------------------

REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
REVIEW = Table(
    "review", "any",
    rows=(
        Row("reconsideration", "行政复议", REVIEW_COLUMNS, ("行政复议",)),
        Row("litigation_direct", "未经复议直接起诉", REVIEW_COLUMNS, ("未经复议直接起诉", "直接起诉")),
        Row("litigation_after", "复议后起诉", REVIEW_COLUMNS, ("复议后起诉",)),
    ),
)

ACTIVE = {"2019": ACTIVE_2019, "2021": ACTIVE_2021}
REQUESTS = {"2019": REQUESTS_2019, "2021": REQUESTS_2021}

# --- parts of the report -----------------------------------------------------------------

# section key -> phrases of its heading (normalised); order = the template's part order
SECTIONS = {
    "overview": ("总体情况", "概述"),
    "active": ("主动公开政府信息情况",),
    "requests": ("收到和处理政府信息公开申请情况",),
    "review": ("行政复议、行政诉讼情况", "行政复议和行政诉讼情况", "行政复议及行政诉讼情况",
               "行政复议行政诉讼情况", "被申请行政复议、提起行政诉讼情况", "被申请行政复议和提起行政诉讼情况",
               "行政复议、提起行政诉讼情况", "行政法复议、行政诉讼情况"),
    "problems": ("存在的主要问题及改进情况", "主要问题及改进情况", "主要问题及改进措施", "存在问题及改进措施",
                 "存在的问题及改进情况", "存在的主要问题和改进措施", "存在的主要问题及整改措施", "问题及改进"),
    "other": ("其他需要报告的事项", "其他需要报告事项", "其他事项"),
}


def template_keys(active_version: str | None, requests_version: str | None) -> list[str]:
    """Every field key of a report whose tables follow these versions."""
    keys: list[str] = []
    if active_version:
        keys += ACTIVE[active_version].keys()
    if requests_version:
        keys += REQUESTS[requests_version].keys()
    keys += REVIEW.keys()
    return keys


# --- text normalisation ------------------------------------------------------------------

_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．,，]|[（(]\s*\d{1,2}\s*[）)])\s*"
)
_SPACE = re.compile(r"[\s*#]+")  # whitespace and markdown emphasis/heading marks


def normalize(text: str) -> str:
    """NFKC, no whitespace, unified quotes: the form aliases are written in."""
    t = unicodedata.normalize("NFKC", text)
    t = _SPACE.sub("", t)
    return t.replace("\u201c", '"').replace("\u201d", '"')


def strip_numbering(text: str) -> str:
    """'（三）不予公开' -> '不予公开', '2. 重复申请' -> '重复申请'."""
    t = text
    for _ in range(2):  # "三、（一）予以公开"
        t2 = _NUMBERING.sub("", t)
        if t2 == t:
            break
        t = t2
    return t
