"""Narrative checks: counts stated in the prose compared with the statutory tables.

The narrative parts of a report (一 overview, 五 problems, 六 other; see
`metadata.section_texts`) often restate the tables: "共收到政府信息公开申请 70 件，办结 69 件，
1 件结转下年度继续办理", "行政复议 36 起，行政诉讼 9 起", "申请人没有进行行政复议或行政诉讼".
A statement that contradicts the parsed table is a reason for a person to look at the
report (seed 002 says there was no litigation; its table shows one pending case).

Wrong contradictions cost reviewers' time, so extraction is conservative:

* a statement needs a fixed wording (rules below); free paraphrase is not read;
* a sentence that before the statement names another period (上年/去年/以来/累计/同比/截至, a
  month, a year other than the report's) or a sub-unit (本级/下属/基层/各部门/指导, a
  "其中" before a total) is not compared; approximate numbers (余/多/近/约) neither;
* a statement with several plausible table readings is ok when any reading matches
  (收到 N 件 may count the carried-over requests: new or new + carried_over);
* a blank table cell is compared only with a stated 0 (a blank may be a misparse);
* when the prose contradicts itself (two statements of one kind, different numbers)
  only agreeing statements make checks.

The rules run over a plain sentence splitter by default. They can also run inside a blank
Chinese spaCy pipeline (`spacy.blank("zh")`, character segmenter: no model download) with a
sentencizer and a regex-backed component that stores the statements as spans
(`doc.spans["xxgk_statements"]`): `use_spacy=True` or XXGK_NARRATIVE_SPACY=1. On the corpus
(23 reports, 110 statements) both give identical statements and checks, because the
sentencizer splits at the same punctuation as the plain splitter and the rules are regexes;
spaCy only added its import (0.8 s CPU per process, and thinc pulls in torch when it is
installed) and ~2 µs a character. It stays for callers that want the spans.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .checks import Check

SPAN_KEY = "xxgk_statements"  # doc.spans key of the statements found
COMPONENT = "xxgk_statements"  # name of the spaCy component


class _LazyRe:
    """A regex compiled on first use: importing this module stays cheap (the rules take
    ~20 ms to compile) for runs that never call the narrative checks."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._rx = None

    def __getattr__(self, name):
        if self._rx is None:
            self._rx = re.compile(self.pattern)
        value = getattr(self._rx, name)
        setattr(self, name, value)  # (the method is then found without this call: hundreds per report)
        return value


# ---------------------------------------------------------------------------------------
# numbers

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def cn_number(s: str) -> int | None:
    """"12" / "十二" / "两" / "一百零五" / "三千二百" -> int; None if not a number."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total, cur = 0, None
    for ch in s:
        if ch in _CN_DIGIT:
            cur = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (1 if cur is None else cur) * _CN_UNIT[ch]
            cur = None
        else:
            return None
    return total + (cur or 0)


NUM = r"(?<![\d.第同每])(?P<n>\d+|[零〇一二两三四五六七八九十百千]+)"
CL = r"\s*(?:件|起|宗|个)(?![事\d])"  # classifier; "一件事" is an idiom, not a count
NUM_CL = NUM + CL
FILL = r"(?:共计|合计|总计|共有|共|计|达到|达|为|是|有|的)*"  # "申请共计81件", "数为0件"
GAP = r"[^，。；;,：:！？!?\n\d件起]"  # no clause break, no digit, no count
NGAP = r"[^，。；;,：:！？!?\n\d]"  # in a negation: no clause break, no digit ("引起" is fine)
NOUN_REQ = r"(?:政府信息公开申请|信息公开申请|公开申请|依申请公开|依申请信息公开|申请公开|政府信息公开|信息公开|申请)"
BLACKLIST = _LazyRe(r"许可|审批|事项|建议|提案|留言|咨询|来信|信件|诉求|工单|热线|12345|投诉|举报|信访|复议|诉讼|补正|办件|业务|网民|来电")
_NOT_CHANNEL = "".join(f"(?<!{w})" for w in ("当场", "当面", "网上", "书面", "电话", "邮寄", "线上", "线下"))
CORR = r"(?:被)?(?:纠错|纠正|撤销|改变|确认违法)|败诉"

# ---------------------------------------------------------------------------------------
# statement rules: (kind, regex over one sentence); named group n = the stated number.
# Order matters: an earlier rule consumes its number, later rules do not read it again.

_RULES: list[tuple[str, str]] = [
    # 行政复议、行政诉讼案件 15 件 / …案件的应诉工作，全县共办理相关案件 74 件
    ("review_cases",
     r"(?:行政复议|复议)(?:[、和及与或]|以及)(?:提起|被提起)?(?:行政诉讼|诉讼)(?:案件)?"
     r"(?:" + GAP + r"{0,12}[，,]" + GAP + r"{0,10}?案件)?(?:数量?|总数)?" + FILL + NUM_CL),
    ("review_cases",
     r"(?:行政诉讼|诉讼)(?:[、和及与或]|以及)(?:行政复议|复议)(?:案件)?(?:数量?|总数)?" + FILL + NUM_CL),
    # 含上年度结转申请 18 件 / 上年结转政府信息公开申请 2 件
    ("carried_over", r"(?:上一?年度?|去年)(?:结转|转来|遗留)(?:的)?(?:" + NOUN_REQ + r")?" + FILL + NUM_CL),
    # 结转至2026年6件 / 转下一年度办理答复的有 1 件 / 结转下年度继续办理 N 件
    ("carried_forward",
     r"(?<!上年)(?<!上年度)(?<!上一年度)(?<!去年)(?:结转|顺延|转入|转)(?:至|到|入)?"
     r"(?:下一?年度?|次年|(?P<y>20\d\d)年度?)(?:继续)?(?:办理|答复|处理)*(?:的)?" + FILL + NUM_CL),
    # 1件结转下年度继续办理 / 另有72件申请按照《条例》顺延到下年度答复
    ("carried_forward",
     NUM_CL + r"(?:" + NOUN_REQ + r")?" + GAP + r"{0,12}?(?:结转|顺延|转)(?:至|到|入)?(?:下一?年度?|次年|(?P<y>20\d\d)年)"),
    ("granted_partial",
     r"(?:予以公开|同意公开)(?:答复)?(?:及|和|与|、|或)部分公开(?:答复)?(?:的)?" + FILL + NUM_CL),
    ("granted", r"(?<![不])(?:予以公开|同意公开)(?:答复)?(?:的)?" + FILL + NUM_CL),
    ("partial", r"(?<![及和与、])部分公开(?:答复)?(?:的)?" + FILL + NUM_CL),
    ("denied", r"不予(?:以)?公开(?:答复)?(?:的)?" + FILL + NUM_CL),
    ("unable", r"无法提供(?:答复)?(?:的)?" + FILL + NUM_CL),
    ("unprocessed", r"不予处理(?:答复)?(?:的)?" + FILL + NUM_CL),
    ("other_processing", r"其他处理(?:答复)?(?:的)?" + FILL + NUM_CL),
    # 共收到政府信息公开申请 34 件 / 受理网上申请公开信函1件 / 接收…各类政府信息公开申请共计81件
    ("received",
     r"(?P<verb>收到|受理|接收|接到|新收|收悉)(?P<gap>" + GAP + r"{0,20}?)" + NOUN_REQ
     + r"(?:信函|材料)?(?:总?数量?|总量)?" + FILL + NUM_CL),
    # 共收到70件申请 / 共收到21人申请的21件政府信息公开
    ("received",
     r"(?P<verb>收到|受理|接收|接到|新收|收悉)" + FILL + r"(?:\d+人申请的)?" + NUM_CL
     + r"(?P<gap>" + GAP + r"{0,12}?)" + NOUN_REQ + r"(?!人)"),
    # 政府信息公开申请总量为 N 件
    ("received", r"(?:政府信息公开|依申请公开)申请(?:总数量?|数量|总量|量)" + FILL + NUM_CL),
    # 办结依申请公开81件 / 办结 1191 件 / 答复政府信息公开申请805件
    ("closed", _NOT_CHANNEL + r"(?:办结|已办结)(?:了)?(?:" + NOUN_REQ + r")?" + FILL + NUM_CL),
    ("closed", _NOT_CHANNEL + r"(?:答复|回复|作出答复)(?:了)?" + NOUN_REQ + FILL + NUM_CL),
    # 全年办理政府信息公开申请218件 / 全年共办理依申请公开89件
    ("handled",
     r"(?<!不予)(?<!其他)(?:办理|处理)(?P<gap>" + GAP + r"{0,10}?)"
     r"(?:政府信息公开|依申请公开|信息公开)(?:申请)?(?:答复)?" + FILL + NUM_CL),
    ("handled", r"(?<!不予)(?<!其他)(?:办理|处理)" + FILL + NUM_CL + r"(?:政府信息公开|依申请公开|信息公开)申请"),
    # 行政复议案件2件 / 被申请行政复议 N 件 / 行政复议36起
    ("reconsideration",
     r"(?<!诉讼[、和及与或])(?:行政复议|复议)(?:案件|申请)?(?:数量?|总数)?" + FILL + NUM_CL),
    # 有 1 件涉及政府信息公开工作的行政复议，
    ("reconsideration",
     r"(?:有|发生|共有|收到|涉及|引发)" + NUM_CL + GAP + r"{0,16}?行政复议(?:案件|申请)?(?=[，。；,;\n]|$)"),
    ("litigation",
     r"(?<!复议[、和及与或])(?<!复议以及)(?<!复议、提起)(?:行政诉讼|(?<=[，、,])诉讼)(?:案件)?(?:数量?|总数)?"
     + FILL + NUM_CL),
    ("litigation",
     r"(?:有|发生|共有|涉及|引发)" + NUM_CL + GAP + r"{0,16}?行政诉讼(?:案件)?(?=[，。；,;\n]|$)"),
]
_RULES_RE = [(k, _LazyRe(p)) for k, p in _RULES]

# the total-like kinds that a preceding "其中" makes a part of something (a sub-unit)
_TOTAL_KINDS = {"received", "closed", "handled", "reconsideration", "litigation", "review_cases"}

# breakdown of a received total: 涉及自然人72件、商业企业3件 / 其中自然人申请 741 件，法人或其他组织申请 8 件
_BREAKDOWN = [
    ("received_natural", _LazyRe(r"自然人(?:申请|提出)?(?:的)?" + FILL + NUM_CL)),
    ("received_legal", _LazyRe(r"法人或其他组织(?:申请|提出)?(?:的)?" + FILL + NUM_CL)),
    ("received_commercial", _LazyRe(r"商业企业(?:申请|提出)?(?:的)?" + FILL + NUM_CL)),
]

# negations. An item may carry a result word: 未发生…被行政复议纠错或行政诉讼败诉 (no corrected result)
_NOUN = r"(?:行政复议|行政诉讼|(?<!未经)复议|诉讼)"
_ITEM = r"(?:被申请|被提起|提起|申请|引起|引发)?" + _NOUN + r"(?:案件)?(?:" + CORR + r")?"
_SEP = r"(?:[、和及与或]|或者|以及|、或)"
_NEG_VERB = r"(?:发生|出现|产生|引起|引发|导致|提起|提出|进行|收到|接到|遇到|有过|有|被申请|被提起|涉及)?"
_NEG_LIST = _LazyRe(  # 没有引起诉讼 / 未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况
    r"(?<![尚])(?:没有|未曾|从未|并未|均未|未|无|不存在)(?!经|法)" + _NEG_VERB + r"(?:过|任何|一起|一件)?"
    r"(?:(?:因|由于|涉及|针对|关于|有关|相关)" + NGAP + r"{0,14}?)?"
    r"(?P<list>" + _ITEM + r"(?:" + _SEP + r"(?:" + NGAP + r"{0,4}?)" + _ITEM + r")*)"
)
_LIST_NEG = _LazyRe(  # 行政复议、行政诉讼案件均未发生 / …均未被纠错
    r"(?P<list>" + _NOUN + r"(?:" + _SEP + _NOUN + r")*)(?:案件|情况)?(?:均|都|也)?(?:未|没有)(?:发生|出现)?"
    r"(?P<corr>" + CORR + r")?(?=[，。；,;\n]|$|情况|的情况)"
)
_ZERO_LIST = _LazyRe(  # 行政复议、行政诉讼均为零 / 数量为 0
    r"(?P<list>" + _NOUN + r"(?:" + _SEP + _NOUN + r")*)(?:案件)?(?:数量?|总数)?(?:均|都)?(?:为|是)(?:零|0)(?:件|起)?(?![\d.])"
)
_NO_REQUESTS = _LazyRe(
    r"(?<![尚])(?:没有|未曾|从未|并未|未|无)(?:收到|接到|受理|接收|产生)(?:过)?(?:任何)?(?:有关|相关)?(?:公民、法人或其他组织的)?"
    r"(?:政府信息公开|信息公开|依申请公开)?(?:的)?申请(?!人|材料|书|表|后)"
    r"|(?<![尚])(?:无|没有)依申请公开(?:申请|事项|件|情况)?(?=[，。；,;\n]|$)"
)

# context markers, searched in the sentence before (and in) the statement
_PERIOD = _LazyRe(
    r"上一?年度?(?!度?结转|度?转来|度?遗留)|去年|前年|同比|环比|较上|比上|以来|累计|历年|截至|截止|连续|"
    r"近[一二三四五两\d]+年|[一二三四五两\d]+年来|上半年|下半年|季度|(?<!\d)\d{1,2}\s*[-—~至到]\s*\d{1,2}月|"
    r"(?<![\d-])\d{1,2}月(?:份)?(?![\d\s]*[日号])(?!底)|[一二三四五六七八九十]+月份"
)
_SUBUNIT = _LazyRe(
    r"本级|下属|所属|直属|基层|指导|代为|代表|协助|"
    # an office speaking for the government it serves (区政府办代表区政府…) counts its own share
    r"政府办(?:公室)?(?=.{0,12}(?:受理|收到|办理))|"
    r"各(?:镇|乡|街道|部门|单位|区|县|市|委办局|处室|科室|分局|二级)|(?:镇|乡|街道|部门|单位)(?:分别|各)"
)
# a count of reconsideration/litigation qualified by a result or a stage is a part, not the total
_QUALIFIED = _LazyRe(r"尚未|审结|维持|纠错|纠正|败诉|胜诉|撤销|驳回|终止|新增|新收|结转|直接起诉|复议后|一审|二审|上诉|再审")
_REVIEW_KINDS = {"reconsideration", "litigation", "review_cases"}
_APPROX_BEFORE = _LazyRe(r"(?:约|近|超过|超|逾|将近|大约|不足|不到|少于|多于)\s*$")
_APPROX_AFTER = _LazyRe(r"^\s*(?:余|多)|^\s*(?:件|起|宗|个)\s*(?:以上|左右|余|多)")
_YEAR = _LazyRe(r"(?<!\d)((?:19|20)\d\d)\s*年")


@dataclass(frozen=True)
class Statement:
    kind: str             # "received", "litigation", "no_litigation", …
    value: int            # the stated number (0 for a negation)
    start: int            # offsets in the normalised narrative
    end: int
    sentence: str         # the sentence it was read from
    sent_start: int       # offset of the sentence in the normalised narrative
    skipped: str = ""     # why it is not compared ("" = compared)

    @property
    def text(self) -> str:
        return self.sentence[self.start - self.sent_start: self.end - self.sent_start]

    @property
    def excerpt(self) -> str:
        """The statement with a little of its sentence around it."""
        a, b = self.start - self.sent_start, self.end - self.sent_start
        lo, hi = max(0, a - 24), min(len(self.sentence), b + 12)
        s = self.sentence[lo:hi].replace("\n", "").rstrip("（(“")
        return ("…" if lo > 0 else "") + s.strip() + ("…" if hi < len(self.sentence.rstrip("（(“\n")) else "")


# ---------------------------------------------------------------------------------------
# text

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_SPACE_CJK = _LazyRe(r"(?<=" + _CJK + r")[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=" + _CJK + r")")
_SPACE_NUM = _LazyRe(r"(?<=[\u4e00-\u9fff])[ \t\xa0]+(?=\d)|(?<=\d)[ \t\xa0]+(?=[\u4e00-\u9fff])")
_FULLWIDTH = str.maketrans("０１２３４５６７８９％，；：", "0123456789%，；：")
_MD = _LazyRe(r"(?m)^[ \t]*(?:#{1,6}|[-*>]|\*\*)[ \t]*|\*\*")
_FINAL = "。；;！？!?：:"


def normalize_narrative(text: str) -> str:
    """Full-width digits to ASCII, no spaces around CJK, PDF line wraps joined.

    A line break is a soft wrap (joined) when the line before is long (>= 20 chars) and
    does not end a sentence; short lines (headings) keep their break, which the
    sentencizer treats as a sentence boundary."""
    t = text.translate(_FULLWIDTH).replace("\r\n", "\n").replace("\r", "\n")
    t = _MD.sub("", t)
    t = _SPACE_CJK.sub("", t)
    t = _SPACE_NUM.sub("", t)
    out: list[str] = []
    last = ""  # the last physical line appended
    for ln in t.split("\n"):
        ln = ln.strip()
        if not ln:
            if out and out[-1] != "":
                out.append("")
            last = ""
            continue
        if out and out[-1] and len(last) >= 20 and last[-1] not in _FINAL:
            out[-1] += ln
        else:
            out.append(ln)
        last = ln
    return "\n".join(x for x in out if x)


def narrative_of(text: str, sections: dict[str, str] | None = None) -> str:
    """The narrative parts of a report, normalised, one part after another."""
    from . import metadata
    secs = metadata.section_texts(text) if sections is None else sections
    parts = [secs[k] for k in ("overview", "problems", "other") if secs.get(k)]
    if "overview" not in secs:
        # no 一、总体情况 heading: the overview is the text before the first table part;
        # no part heading at all: the whole text
        found = metadata.find_sections(text)
        first = min((d["start"] for d in found.values()), default=None)
        if first is None:
            parts = [text]
        elif first:
            parts.insert(0, text[:first])
    return "\n\n".join(normalize_narrative(p) for p in parts)


# ---------------------------------------------------------------------------------------
# extraction over sentences (shared by the spaCy component and the plain fallback)

_SENT_SPLIT = _LazyRe(r"[^。；;！？!?\n]*(?:[。；;！？!?\n]+|$)")


def _plain_sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT_SPLIT.finditer(text) if m.end() > m.start()]


def _skip_reason(sent: str, pos: int, m_end: int, kind: str, year: int | None) -> str:
    before = sent[:m_end]
    m = _PERIOD.search(before)
    if m:
        return f"other period ({m.group(0)})"
    if year is not None:
        for y in _YEAR.finditer(before):
            yy = int(y.group(1))
            if yy == year or (yy == year + 1 and kind == "carried_forward"):
                continue
            return f"other year ({yy})"
    m = _SUBUNIT.search(before)
    if m:
        return f"sub-unit ({m.group(0)})"
    if kind in _TOTAL_KINDS and "其中" in sent[:pos]:
        return "part of a larger total (其中)"
    return ""


def _approx(sent: str, n_start: int, n_end: int) -> bool:
    return bool(_APPROX_BEFORE.search(sent[max(0, n_start - 3):n_start]) or _APPROX_AFTER.search(sent[n_end:n_end + 6]))


def _nouns(lst: str) -> list[tuple[str, bool]]:
    """(noun kind, corrected?) for each item of a negated list."""
    out = []
    for m in re.finditer(r"(行政复议|行政诉讼|复议|诉讼)(?:案件)?(" + CORR + r")?", lst):
        kind = "reconsideration" if "复议" in m.group(1) else "litigation"
        out.append((kind, bool(m.group(2))))
    return out


def _scan_sentence(sent: str, offset: int, year: int | None) -> list[Statement]:
    out: list[Statement] = []
    used: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in used)

    def add(kind: str, value: int, a: int, b: int, mstart: int, mend: int, extra_skip: str = "") -> None:
        skip = extra_skip or _skip_reason(sent, mstart, mend, kind, year)
        out.append(Statement(kind, value, offset + a, offset + b, sent, offset, skip))

    # negations first: they hold no number, but their wording must not be read as counts
    for rx in (_NEG_LIST, _LIST_NEG):
        for m in rx.finditer(sent):
            corr_all = rx is _LIST_NEG and bool(m.group("corr"))
            tail = sent[m.end():m.end() + 4]
            for noun, corr in _nouns(m.group("list")):
                if corr or corr_all or (rx is _NEG_LIST and re.match(CORR, tail)):
                    kind = "no_reconsideration_corrected" if noun == "reconsideration" else "no_litigation_lost"
                else:
                    kind = f"no_{noun}"
                add(kind, 0, m.start(), m.end(), m.start(), m.end())
            used.append(m.span())
    for m in _ZERO_LIST.finditer(sent):
        for noun, _ in _nouns(m.group("list")):
            add(noun, 0, m.start(), m.end(), m.start(), m.end())
        used.append(m.span())
    for m in _NO_REQUESTS.finditer(sent):
        if not overlaps(*m.span()):
            add("no_requests", 0, m.start(), m.end(), m.start(), m.end())
            used.append(m.span())

    received_at: int | None = None
    for kind, rx in _RULES_RE:
        for m in rx.finditer(sent):
            a, b = m.span("n")
            if overlaps(a, b):
                continue
            gd = m.groupdict()
            if gd.get("gap") and BLACKLIST.search(gd["gap"]):
                continue
            if kind in ("received", "closed", "handled") and BLACKLIST.search(m.group(0)):
                continue
            value = cn_number(m.group("n"))
            if value is None:
                continue
            used.append((a, b))
            extra = ""
            if _approx(sent, a, b):
                extra = "approximate number"
            elif kind in _REVIEW_KINDS and _QUALIFIED.search(re.split(r"[，,；;]", sent[:m.start()])[-1] + m.group(0)):
                extra = "a part of the cases (qualified by result or stage)"
            elif kind == "review_cases" and re.search(r"(?:各|分别)\s*$", sent[max(0, a - 3):a]):
                extra = "per-kind count (各/分别)"
            add(kind, value, m.start(), m.end(), m.start(), m.end(), extra)
            if kind == "received" and received_at is None:
                received_at = m.end()
    if received_at is not None:
        for kind, rx in _BREAKDOWN:
            for m in rx.finditer(sent, received_at):
                a, b = m.span("n")
                if overlaps(a, b):
                    continue
                value = cn_number(m.group("n"))
                if value is None:
                    continue
                used.append((a, b))
                extra = "approximate number" if _approx(sent, a, b) else ""
                add(kind, value, m.start(), m.end(), m.start(), m.end(), extra)
    return out


def _scan(text: str, sentences: list[tuple[int, int]], year: int | None) -> list[Statement]:
    out: list[Statement] = []
    for s, e in sentences:
        sent = text[s:e]
        if _RELEVANT.search(sent):
            out.extend(_scan_sentence(sent, s, year))
    return out


# ---------------------------------------------------------------------------------------
# spaCy (lazy)

_PUNCT = ["。", "；", ";", "！", "？", "!", "?", "\n", "\n\n"]


@lru_cache(maxsize=1)
def _nlp():
    """The blank Chinese pipeline, built once. None when spaCy is not installed."""
    try:
        import spacy
        from spacy.language import Language
        from spacy.tokens import Doc
    except ImportError:
        return None
    if not Doc.has_extension("xxgk_year"):
        Doc.set_extension("xxgk_year", default=None)
    if not Doc.has_extension("xxgk_statements"):
        Doc.set_extension("xxgk_statements", default=None)

    if not Language.has_factory(COMPONENT):
        @Language.component(COMPONENT)
        def _statements_component(doc):
            sents = [(s.start_char, s.end_char) for s in doc.sents]
            found = _scan(doc.text, sents, doc._.xxgk_year)
            spans = []
            for st in found:
                sp = doc.char_span(st.start, st.end, label=st.kind, alignment_mode="expand")
                if sp is not None:
                    spans.append(sp)
            doc.spans[SPAN_KEY] = spans
            doc._.xxgk_statements = found
            return doc

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("sentencizer", config={"punct_chars": _PUNCT})
    nlp.add_pipe(COMPONENT)
    return nlp


def spacy_available() -> bool:
    return _nlp() is not None


# a chunk worth reading: it names an application/review wording and a count or a negation
_RELEVANT = _LazyRe(r"复议|诉讼|申请|公开|办结|转|顺延|遗留|处理|提供|答复|回复")  # a word of every rule
_HAS_COUNT = _LazyRe(r"[\d零〇一二两三四五六七八九十百千]\s*(?:件|起|宗|个)|没有|未|无|不存在|[为是]\s*(?:零|0)")


_CHUNK = _LazyRe(r"[^\n。；;！？!?]+[。；;！？!?\n]*")


def _chunks(text: str):
    """(offset, chunk) for the sentence-sized chunks that may hold a statement. A chunk
    ends where every sentence splitter ends a sentence, so reading only these changes
    nothing but the time taken (spaCy's char tokenizer costs ~2 µs a character)."""
    for m in _CHUNK.finditer(text):
        p = m.group(0)
        if _RELEVANT.search(p) and _HAS_COUNT.search(p):
            yield m.start(), p


def _shift(sts: list[Statement], off: int) -> list[Statement]:
    if not off:
        return sts
    return [replace(s, start=s.start + off, end=s.end + off, sent_start=s.sent_start + off) for s in sts]


USE_SPACY = os.environ.get("XXGK_NARRATIVE_SPACY", "0") == "1"


def find_statements(narrative: str, year: int | None = None, use_spacy: bool | None = None) -> list[Statement]:
    """Statements in an already normalised narrative (see `narrative_of`); offsets refer to it.
    use_spacy: None is $XXGK_NARRATIVE_SPACY (off: the plain splitter, same statements)."""
    nlp = _nlp() if (USE_SPACY if use_spacy is None else use_spacy) else None
    out: list[Statement] = []
    for off, par in _chunks(narrative):
        if nlp is None:
            out.extend(_shift(_scan(par, _plain_sentences(par), year), off))
            continue
        doc = nlp.make_doc(par)
        doc._.xxgk_year = year
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        out.extend(_shift(list(doc._.xxgk_statements or []), off))
    return out


# ---------------------------------------------------------------------------------------
# comparison with the tables

_REQ_OTHER_COLS = ("commercial", "research", "social", "legal", "other")
_REVIEW_PARTS = ("upheld", "corrected", "other", "pending")


def _v(values: dict, key: str):
    v = values.get(key)
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _sum(values: dict, keys: list[str]) -> tuple[int | None, list[str]]:
    """Sum of the printed cells (blank = 0); None when every cell is blank."""
    vs = [_v(values, k) for k in keys]
    if all(v is None for v in vs):
        return None, keys
    return int(sum(v or 0 for v in vs)), keys


def _row_total(values: dict, prefix: str, parts: tuple[str, ...]) -> tuple[int | None, list[str]]:
    """A row's total cell, or the sum of its parts when the total is blank."""
    t = _v(values, f"{prefix}.total")
    if t is not None:
        return int(t), [f"{prefix}.total"]
    return _sum(values, [f"{prefix}.{c}" for c in parts])


def _group_sum(values: dict, prefix: str) -> tuple[int | None, list[str]]:
    """Sum of the totals of the rows starting with prefix (denied.* …)."""
    keys = sorted(k for k in values if k.startswith(prefix) and k.endswith(".total"))
    return _sum(values, keys)


def _litigation(values: dict) -> list[tuple[str, int | None, list[str]]]:
    d, kd = _row_total(values, "review.litigation_direct", _REVIEW_PARTS)
    a, ka = _row_total(values, "review.litigation_after", _REVIEW_PARTS)
    both = None if d is None and a is None else (d or 0) + (a or 0)
    readings = [("litigation_direct + litigation_after", both, kd + ka)]
    if d and a:  # "行政诉讼" may mean the direct suits only, or only those after reconsideration
        readings += [("litigation_direct", d, kd), ("litigation_after", a, ka)]
    return readings


def _readings(kind: str, values: dict) -> list[tuple[str, int | None, list[str]]]:
    """(name, table value, keys) for each plausible reading of a statement kind; first = main."""
    new, k_new = _row_total(values, "requests.new", ("natural",) + _REQ_OTHER_COLS)
    co, k_co = _row_total(values, "requests.carried_over", ("natural",) + _REQ_OTHER_COLS)
    tot, k_tot = _row_total(values, "requests.total", ("natural",) + _REQ_OTHER_COLS)
    with_co = [("new + carried_over", new + co, k_new + k_co)] if new is not None and co else []
    if kind in ("received", "no_requests"):
        return [("new", new, k_new)] + (with_co if kind == "received" else [])
    if kind == "carried_over":
        return [("carried_over", co, k_co)]
    if kind == "closed":
        return [("total", tot, k_tot)]
    if kind == "handled":
        return [("new", new, k_new)] + with_co + [("total", tot, k_tot)]
    if kind == "carried_forward":
        v, k = _row_total(values, "requests.carried_forward", ("natural",) + _REQ_OTHER_COLS)
        return [("carried_forward", v, k)]
    if kind == "received_natural":
        n, kn = _sum(values, ["requests.new.natural"])
        c, kc = _sum(values, ["requests.carried_over.natural"])
        out = [("new.natural", n, kn)]
        if n is not None and c:
            out.append(("new.natural + carried_over.natural", n + c, kn + kc))
        return out
    if kind in ("received_legal", "received_commercial"):
        cols = _REQ_OTHER_COLS if kind == "received_legal" else ("commercial",)
        n, kn = _sum(values, [f"requests.new.{c}" for c in cols])
        c, kc = _sum(values, [f"requests.carried_over.{c}" for c in cols])
        if n is None and new is not None:
            n = 0
        out = [("new " + "+".join(cols), n, kn)]
        if n is not None and c:
            out.append(("new + carried_over " + "+".join(cols), n + c, kn + kc))
        return out
    if kind == "granted":
        return [("granted", *_sum(values, ["requests.granted.total"]))]
    if kind == "partial":
        return [("partial", *_sum(values, ["requests.partial.total"]))]
    if kind == "granted_partial":
        return [("granted + partial", *_sum(values, ["requests.granted.total", "requests.partial.total"]))]
    if kind == "denied":
        return [("denied.*", *_group_sum(values, "requests.denied."))]
    if kind == "unable":
        return [("unable.*", *_group_sum(values, "requests.unable."))]
    if kind == "unprocessed":
        return [("unprocessed.*", *_group_sum(values, "requests.unprocessed."))]
    if kind == "other_processing":
        subs = _group_sum(values, "requests.other.")  # 2021: three sub-rows
        subs = _sum(values, [k for k in subs[1] if k != "requests.other.total"])
        if subs[0] is not None:
            return [("other.*", *subs)]
        return [("other", *_sum(values, ["requests.other.total"]))]
    if kind in ("reconsideration", "no_reconsideration"):
        return [("reconsideration", *_row_total(values, "review.reconsideration", _REVIEW_PARTS))]
    if kind in ("litigation", "no_litigation"):
        return _litigation(values) if kind == "litigation" else _litigation(values)[:1]
    if kind == "review_cases":
        r, kr = _row_total(values, "review.reconsideration", _REVIEW_PARTS)
        lit = _litigation(values)[0]
        v = None if r is None and lit[1] is None else (r or 0) + (lit[1] or 0)
        return [("reconsideration + litigation", v, kr + lit[2])]
    if kind == "no_reconsideration_corrected":
        return [("reconsideration.corrected", *_sum(values, ["review.reconsideration.corrected"]))]
    if kind == "no_litigation_lost":
        return [("litigation_*.corrected", *_sum(values, ["review.litigation_direct.corrected",
                                                         "review.litigation_after.corrected"]))]
    return []


def _review_parts(values: dict, keys: list[str]) -> str:
    """The printed non-zero cells of the review rows a check involves: "litigation_direct: pending 1"."""
    rows = sorted({k.rsplit(".", 1)[0] for k in keys if k.startswith("review.")})
    out = []
    for row in rows:
        cells = [f"{c} {values[f'{row}.{c}']}" for c in _REVIEW_PARTS if _v(values, f"{row}.{c}")]
        if cells:
            out.append(f"{row.split('.', 1)[1]}: {', '.join(cells)}")
    return "; ".join(out)


_GROUP = {"no_requests": "received", "no_reconsideration": "reconsideration", "no_litigation": "litigation"}
_NEGATION_WORDS = {
    "no_requests": "no applications",
    "no_reconsideration": "no administrative reconsideration",
    "no_litigation": "no administrative litigation",
    "no_reconsideration_corrected": "no reconsideration decided against the agency",
    "no_litigation_lost": "no lawsuit lost",
}


def compare(statements: list[Statement], values: dict) -> list[Check]:
    """One Check per compared statement (duplicates of one kind and number merged)."""
    if not any(k.startswith(("requests.", "review.")) for k in values):
        return []  # no statutory tables parsed: nothing to compare with
    live = [s for s in statements if not s.skipped]
    # the prose contradicting itself (two numbers for one kind) is ambiguous: no broken check
    stated: dict[str, set[int]] = {}
    for s in live:
        stated.setdefault(_GROUP.get(s.kind, s.kind), set()).add(s.value)
    seen: set[tuple[str, int]] = set()
    out: list[Check] = []
    for s in live:
        if (s.kind, s.value) in seen:
            continue
        readings = _readings(s.kind, values)
        if not readings:
            continue
        name, main, keys = readings[0]
        if main is None and s.value != 0:
            continue  # blank table cells: may be a misparse, never a contradiction
        seen.add((s.kind, s.value))
        got = [r for r in readings if (r[1] or 0) == s.value]
        ok = bool(got)
        ambiguous = len(stated[_GROUP.get(s.kind, s.kind)]) > 1
        if not ok and ambiguous:
            continue
        r = got[0] if got else readings[0]
        what = _NEGATION_WORDS.get(s.kind, f"{s.value}")
        shown = "blank" if r[1] is None else r[1]
        rel = "==" if ok else "!="
        detail = f"prose “{s.excerpt}” says {what}; table {r[0]} = {shown} ({s.value} {rel} {r[1] or 0})"
        parts = _review_parts(values, r[2]) if not ok else ""
        if parts:
            detail += f" [{parts}]"
        if not ok and len(readings) > 1:
            detail += "; other readings: " + ", ".join(f"{x[0]} = {x[1]}" for x in readings[1:])
        out.append(Check(f"narrative.{s.kind}", ok, "ok" if ok else "broken", detail, tuple(r[2])))
    return out


def narrative_checks(text: str, values: dict[str, object], year: int | None = None,
                     sections: dict[str, str] | None = None, use_spacy: bool | None = None) -> list[Check]:
    """Compare the counts stated in a report's narrative with its parsed tables.

    text: the document's plain text (Document.text); values: the parsed {key: value};
    year: the report's year (found from the text when not given); sections: the output
    of `metadata.section_texts(text)` when the caller has it already."""
    if not any(k.startswith(("requests.", "review.")) for k in values):
        return []
    if year is None:
        from . import metadata
        year = metadata.find_year(text)
    narrative = narrative_of(text, sections)
    if not narrative:
        return []
    return compare(find_statements(narrative, year, use_spacy), values)
