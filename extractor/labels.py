"""Block labels and the template-derived rules that propose them.

The label set is what the classifier predicts for every block:

* ``heading.<part>`` — a part heading (overview, active, requests, review, problems, other)
* ``row.<table>.<row>`` — a row label of a statutory table, by canonical row key
* ``group.<name>`` — a row-group label that holds no values (（三）不予公开 …)
* ``header`` / ``caption`` — column headers, table captions (第二十条第（一）项)
* ``value`` / ``blank`` — a number cell / an empty cell
* ``narrative`` / ``noise`` / ``break``

`rule_label` reads the template's aliases; it bootstraps training annotations and gives
the classifier template-aware features. It never sees the answer, only the text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import templates as T

HEADINGS = tuple(f"heading.{k}" for k in T.SECTIONS)


def _row_aliases() -> list[tuple[str, str]]:
    """(alias, label) for every row of every table version, longest alias first."""
    seen: dict[str, str] = {}
    for table in [*T.ACTIVE.values(), *T.REQUESTS.values()]:
        for row in table.rows:
            for a in row.aliases:
                seen.setdefault(T.normalize(a), f"row.{table.name}.{row.key}")
        for g in table.groups:
            for a in g.aliases:
                seen.setdefault(T.normalize(a), "row.requests.other" if g.key == "other" else f"group.{g.key}")
    return sorted(seen.items(), key=lambda kv: -len(kv[0]))


ROW_ALIASES = _row_aliases()
ROW_LABELS = tuple(sorted(set(label for _, label in ROW_ALIASES)))
LABELS = HEADINGS + ROW_LABELS + ("header", "caption", "value", "blank", "narrative", "noise", "break")

# header words: every column heading of the form, and the header cells above them
_HEADER_WORDS = tuple(dict.fromkeys(T.normalize(w) for w in (
    *(c.heading for name in T.TABLES for v in T.versions(name) for c in T.get(name, v).columns),
    "信息内容", "本年收费金额", "申请人情况", "法人或其他组织", "商业机构", "社会组织", "勾稽关系",
    "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "维持", "纠正", "审结", "数量",
)))
_SHORT_HEADER = {"其他", "总计", "维持", "纠正", "审结", "结果", "尚未", "数量", "总", "计"}
_CAPTION = re.compile(r"^(?:第二十条|表[一二三四五六七八九十\d]|附表)")
# (a decimal part may be wrapped in a narrow cell: "5949. 088667", "61.2 164万元" - values.parse_money)
_NUMERIC = re.compile(r"^[-+]?\d(?:[\d\s,，]|[-+](?=\d))*(?:\.\s*\d[\d\s]*)?\s*(?:万元|元)?(?:[（(].*[)）])?$")
_NA = re.compile(r"^(?:/|-|—|－|／|--|——|无|空)$")
_PAGE = re.compile(r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
_SIXTH_OTHER = re.compile(r"^[(]?六[)、.]其他$")
_NUMBERED = re.compile(r"^(?:[（(]?[一二三四五六七八九十]+[）)、]|[（(]?\d{1,2}[）)、.．])")
_CHROME = ("当前位置", "首页", "打印本页", "关闭窗口", "附件下载", "微信", "微博", "字号", "分享到", "扫一扫",
           "网站地图", "版权所有", "主办单位", "ICP备", "浏览次数", "【打印】", "【关闭】")


def is_page_number(text: str) -> bool:
    """Page furniture such as '— 4 —', '-3-', '第 2 页 共 7 页'."""
    return bool(_PAGE.match(T.normalize(text)))


def is_value_text(text: str) -> bool:
    t = text.strip()
    return bool(t) and (bool(_NUMERIC.match(t)) or bool(_NA.match(t)))


@lru_cache(maxsize=65536)
def match_row(text: str) -> tuple[str | None, str | None]:
    """The row/group label whose alias ends (or is) this text, and the alias matched."""
    n = T.normalize(text)
    if _SIXTH_OTHER.match(n):
        return "row.requests.other", "其他"  # （六）其他 is 其他处理 shortened (OCR, markdown)
    t = T.strip_numbering(n)
    if not t:
        return None, None
    for alias, label in ROW_ALIASES:
        if len(alias) <= 2:
            ok = t == alias or t.startswith(alias + "(") or (t.endswith(alias) and len(t) > 12
                                                              and label.startswith("row.active"))
        else:
            i = t.rfind(alias)
            # the alias must sit near the end: in run-together text the row label is what
            # directly precedes the values; a row label is never long prose
            ok = i >= 0 and (len(t) - (i + len(alias)) <= 24 or len(t) <= 60)
            rest = t[i + len(alias):] if ok else ""
            if rest and T.numbered(rest):
                # a group's label and its first row's in one cell ("（六）其他处理2、申请人逾期未按
                # 收费通知…"): the numbered label after the group's is the row's
                sub = match_row(rest)
                if sub[0] is not None:
                    return sub
        if ok:
            return label, alias
    return None, None


# a row's wording as the form prints it (numbering aside), where it is long enough to wrap
_WHOLE = {T.strip_numbering(T.normalize(row.label)): f"row.{table.name}.{row.key}"
          for table in [*T.ACTIVE.values(), *T.REQUESTS.values()] for row in table.rows
          if len(T.strip_numbering(T.normalize(row.label))) >= 8}


def continues_wording(head: str, more: str, key: str) -> bool:
    """Whether `more` carries on the wording of the row `key` (a table's row key, "other.no_correction")
    where `head`, its label's printed start, stops: the two joined begin the row's own wording
    and are longer than `head` ("1.申请人无正当理由逾期" + "不补正、行政机关不再处理其政府信息公开申")."""
    start = T.strip_numbering(T.normalize(head))
    joined = T.strip_numbering(T.normalize(head + more))
    return len(joined) > len(start) > 0 and any(
        w.startswith(joined) and lab.split(".", 2)[-1] == key for w, lab in _WHOLE.items())


def whole_label(text: str) -> str | None:
    """The row label whose full wording this text is (numbering, spacing, quote forms aside):
    a label wrapped over lines, joined again, names its row as surely as one printed whole."""
    return _WHOLE.get(T.strip_numbering(T.normalize(text)))


def _numbering(text: str) -> tuple[str, str]:
    """(the digits of the text's numbering, its wording without the numbering), normalized."""
    t = T.normalize(text)
    core = T.strip_numbering(t)
    return re.sub(r"\D", "", t[:len(t) - len(core)]), core


def _sub_number(text: str) -> tuple[str, str] | None:
    """(the sub-row's number, the wording) of a text numbered as a sub-row ("3.其他", "3、其他")."""
    digits, core = _numbering(text)
    return (digits, core) if digits and core else None


# short sub-row labels ("3.其他"): their wording alone is a column's or a group's too ("其他"),
# with their number they are their row's
_SHORT = {key: f"row.{table.name}.{row.key}"
          for table in [*T.ACTIVE.values(), *T.REQUESTS.values()] for row in table.rows
          if (key := _sub_number(row.label)) is not None and len(key[1]) < 8}


# every numbered sub-row's (number, wording), the row it is
_NUMBERED_ROWS = [(key, f"row.{table.name}.{row.key}")
                  for table in [*T.ACTIVE.values(), *T.REQUESTS.values()] for row in table.rows
                  if (key := _sub_number(row.label)) is not None]


@lru_cache(maxsize=4096)
def begins_other_row(text: str, row: str) -> bool:
    """A numbered piece of a label wrapped to a narrow column ("2．其他法" / "律行政法规" / "禁止公开")
    that begins another row's label, number included (2.其他法律行政法规禁止公开), its wording past
    the start of its own row's ("3.其他"): whatever took it for `row`, it is the other row's."""
    key = _sub_number(text)
    if key is None:
        return False
    num, core = key
    own = [w for (_, w), r in _NUMBERED_ROWS if r == row]
    if not own or any(w.startswith(core) for w in own):
        return False
    return any(n == num and r != row and w.startswith(core) for (n, w), r in _NUMBERED_ROWS)


def numbered_label(text: str) -> str | None:
    """The row whose label this text is, its sub-row number included, for labels too short
    for `whole_label` ("3." and "其他" printed apart, joined again)."""
    key = _sub_number(text)
    return _SHORT.get(key) if key is not None else None


def wording_row(text: str) -> str | None:
    """whole_label(text) or else numbered_label(text), the text normalized once (a search that
    joins a label's pieces many ways asks both of every joining)."""
    digits, core = _numbering(text)
    row = _WHOLE.get(core)
    if row is not None:
        return row
    return _SHORT.get((digits, core)) if digits and core else None


# every beginning of a wording wording_row knows (numbering aside)
_WORDING_STARTS = frozenset(w[:i] for w in {*_WHOLE, *(core for _, core in _SHORT)} for i in range(len(w) + 1))


def plain_text(text: str) -> bool:
    """Every character one that NFKC maps by itself, whatever stands beside it (ASCII and Latin,
    general and CJK punctuation, enclosed numbers, CJK ideographs, full-width ASCII; no combining
    mark, nothing that composes with a neighbour): normalize(a + b) is normalize(a) + normalize(b)
    for plain a and b."""
    for ch in text:
        o = ord(ch)
        if not (o < 0x300 or 0x2000 <= o <= 0x206F or 0x2460 <= o <= 0x24FF or 0x3000 <= o <= 0x303F
                or 0x3200 <= o <= 0x32FF or 0x4E00 <= o <= 0x9FFF or 0xFF01 <= o <= 0xFF5E) \
                or unicodedata.combining(ch):
            return False
    return True


def may_begin_wording(text: str) -> bool:
    """False only where no plain text (plain_text) that begins with the plain `text` is a row's
    wording by wording_row: the wording after the numbering has begun with an ideograph that no
    numbering holds (so more text cannot change what the numbering is) and is no wording's start
    (a search that joins a label's pieces need not go on from it)."""
    core = T.strip_numbering(T.normalize(text))
    if not core or not "\u4e00" <= core[0] <= "\u9fff" or core[0] in "一二三四五六七八九十":
        return True
    return core in _WORDING_STARTS


@lru_cache(maxsize=65536)
def match_heading(text: str) -> str | None:
    t = T.normalize(text)
    numbered = bool(_NUMBERED.match(t))
    if len(t) > 140 and not numbered:
        return None  # crawler dumps join a numbered heading and its prose: keep those
    core = T.strip_numbering(t)
    for key, phrases in T.SECTIONS.items():
        for p in phrases:
            p = T.normalize(p)
            i = core.find(p)
            if i < 0:
                continue
            # a heading is short, or numbered with the phrase right at its start
            if (numbered and i <= 12) or len(core) <= len(p) + 6:
                return f"heading.{key}"
    return None


@lru_cache(maxsize=131072)
def rule_label(text: str, kind: str = "line", blank: bool = False) -> str:
    """The label the template's wording suggests for one block."""
    if kind == "break":
        return "break"
    t = text.strip()
    if blank or not t:
        return "blank"
    if is_page_number(t):
        return "noise"
    if is_value_text(t):
        return "value"
    n = T.normalize(t)
    if is_page_number(t):
        return "noise"
    h = match_heading(t)
    if h:
        return h
    row, _ = match_row(t)
    core = T.strip_numbering(n)
    if row and not (core in _SHORT_HEADER and row in ("row.requests.other.other", "row.requests.total")
                    and n == core):
        return row
    if _CAPTION.match(n):
        return "caption"
    if core in _SHORT_HEADER or any(w in n for w in _HEADER_WORDS if len(w) > 2) and len(n) <= 80:
        return "header"
    if any(c in n for c in _CHROME) and len(n) < 200:
        return "noise"
    if len(n) <= 3 and not any(ch in n for ch in "。，；"):
        return "noise"  # fragments of labels split by a PDF or markdown conversion
    return "narrative"
